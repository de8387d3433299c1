"""Feedback modes as behaviours of an attempt: one module per mode, each a registered Behaviour
(docs/architecture.md says where a new one goes)."""

from . import after_attempt, after_close, immediate  # noqa: F401  (each registers its mode)
from .base import BEHAVIOURS, Behaviour, behaviour, behaviour_of, register

__all__ = ["BEHAVIOURS", "Behaviour", "behaviour", "behaviour_of", "register"]
