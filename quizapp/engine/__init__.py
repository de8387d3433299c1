"""The question engine: pure Python, no Flask and no database.

Grading is a pure function of (question, response); each question type is one module in types/.
See docs/pack-format.md for the rules and docs/question-types.md for adding a type.
"""

from .errors import (
    AmbiguousNumber,
    AskAgain,
    EmptyResponse,
    IncompleteOrder,
    InvalidResponse,
    RepeatedPosition,
    ResponseError,
    UnreadableNumber,
)
from .grading import grade_answer, grade_response, read_response
from .model import Choice, Grade, LocalText, MatchItem, Option, Question, Quote
from .numbers import parse_number
from .text import fold_answer, locate, normalise_quotes_and_space
from .types import QUESTION_TYPES, QuestionType, Texts, question_type, register

__all__ = [
    "QUESTION_TYPES",
    "AmbiguousNumber",
    "AskAgain",
    "Choice",
    "EmptyResponse",
    "Grade",
    "IncompleteOrder",
    "InvalidResponse",
    "LocalText",
    "MatchItem",
    "Option",
    "Question",
    "QuestionType",
    "Quote",
    "RepeatedPosition",
    "ResponseError",
    "Texts",
    "UnreadableNumber",
    "fold_answer",
    "grade_answer",
    "grade_response",
    "locate",
    "normalise_quotes_and_space",
    "parse_number",
    "question_type",
    "read_response",
    "register",
]
