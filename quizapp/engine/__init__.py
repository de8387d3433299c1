"""The question engine: pure Python, no Flask and no database.

Grading is a pure function of (question, response); see docs/pack-format.md for the rules.
"""

from .errors import (
    AmbiguousNumber,
    EmptyResponse,
    InvalidResponse,
    ResponseError,
    UnreadableNumber,
)
from .grading import QUESTION_TYPES, Grade, grade_answer, grade_response, read_response
from .model import Choice, LocalText, MatchItem, Option, Question, Quote
from .numbers import parse_number
from .text import fold_answer, locate, normalise_quotes_and_space

__all__ = [
    "QUESTION_TYPES",
    "AmbiguousNumber",
    "Choice",
    "EmptyResponse",
    "Grade",
    "InvalidResponse",
    "LocalText",
    "MatchItem",
    "Option",
    "Question",
    "Quote",
    "ResponseError",
    "UnreadableNumber",
    "fold_answer",
    "grade_answer",
    "grade_response",
    "locate",
    "normalise_quotes_and_space",
    "parse_number",
    "read_response",
]
