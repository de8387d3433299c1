"""The question model the engine grades: plain frozen dataclasses, built by the bank from a pack."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LocalText = Mapping[str, str]


def text_in(text: LocalText | None, language: str) -> str:
    """A pack text in one language; "" where it has none (an optional text left out)."""
    return (text or {}).get(language, "")


"""A text with one value per language code, e.g. {"en": "Belarus", "de": "Belarus"}."""

EVERY_LANGUAGE = "any"
"""The key of `Question.accepted` whose answers are right in every language (names, codes)."""


@dataclass(frozen=True)
class Option:
    """One choice of a single_choice or multiple_response question."""

    id: str
    text: LocalText
    correct: bool = False
    feedback: LocalText | None = None


@dataclass(frozen=True)
class MatchItem:
    """One thing the learner matches to a choice; `match` is the id of the right choice."""

    id: str
    text: LocalText
    match: str


@dataclass(frozen=True)
class Choice:
    """One thing an item of a matching question can be matched to."""

    id: str
    text: LocalText


@dataclass(frozen=True)
class Quote:
    """A verbatim span of the source that grounds the answer, with optional translations."""

    paragraph: str
    text: str
    translation: LocalText = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """One question of a pack. Which fields matter depends on `type` (see docs/pack-format.md)."""

    id: str
    type: str
    prompt: LocalText
    explanation: LocalText
    quotes: tuple[Quote, ...]
    points: float = 1.0
    feedback: LocalText | None = None
    options: tuple[Option, ...] = ()
    answer: bool | float | None = None
    tolerance: float = 0.0
    unit: LocalText | None = None
    scale: int = 1  # numeric: the answer and tolerance are in this scale (unit "billion ...": 10⁹)
    alternatives: tuple[tuple[float, float], ...] = ()  # numeric: more right (answer, tolerance)
    accepted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # language or "any"
    slips: int = 1  # short_text: slips forgiven per answer (one letter missing, extra, swapped)
    items: tuple[MatchItem, ...] = ()
    choices: tuple[Choice, ...] = ()
    sequence: tuple[Choice, ...] = ()  # ordering: the items in their right order
    extra: Mapping[str, Any] = field(default_factory=dict)  # fields of types outside quizapp

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Grade:
    """How much of the question's points a response earned, and what the learner is told."""

    fraction: float
    points: float
    wrong_options: tuple[str, ...] = ()  # option ids whose feedback applies
    item_results: Mapping[str, bool] = field(default_factory=dict)  # item id -> placed right
    spelling: str | None = (
        None  # short_text: the right spelling, when the answer counted with a slip
    )

    @property
    def correct(self) -> bool:
        return self.fraction >= 1.0
