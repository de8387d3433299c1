"""Feedback modes as behaviours of an attempt: one module per mode, each a registered Behaviour
(docs/architecture.md says where a new one goes); evidence.py wraps any of them for an assignment
that asks learners to mark the sentence proving each answer."""

from . import after_attempt, after_close, immediate, live  # noqa: F401  (each registers its mode)
from .base import BEHAVIOURS, Behaviour, behaviour, register
from .evidence import (
    EVIDENCE_SHARES,
    asks_evidence,
    attempt_evidence_share,
    behaviour_of,
    evidence_pending,
    evidence_points,
    evidence_share,
    max_score,
)

__all__ = [
    "BEHAVIOURS",
    "EVIDENCE_SHARES",
    "Behaviour",
    "asks_evidence",
    "attempt_evidence_share",
    "behaviour",
    "behaviour_of",
    "evidence_pending",
    "evidence_points",
    "evidence_share",
    "max_score",
    "register",
]
