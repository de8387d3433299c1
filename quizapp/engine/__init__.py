"""The question engine: pure Python, no Flask and no database.

Grading is a pure function of (question, response); see docs/pack-format.md for the rules.
"""

from .errors import (
    AmbiguousNumber,
    AnswerTooLong,
    EmptyResponse,
    InvalidResponse,
    NumberError,
    ResponseError,
    UnreadableNumber,
)
from .grading import QUESTION_TYPES, Grade, grade_answer, grade_response, read_response
from .model import Choice, LocalText, MatchItem, Option, Question, Quote
from .numbers import (
    MAX_ANSWER_LENGTH,
    example_for,
    format_quantity,
    is_percent_unit,
    parse_number,
    read_quantity,
    unit_scale,
)
from .text import (
    MatchResult,
    fold_answer,
    fold_spelling,
    locate,
    match_answer,
    normalise_quotes_and_space,
)

__all__ = [
    "MAX_ANSWER_LENGTH",
    "QUESTION_TYPES",
    "AmbiguousNumber",
    "AnswerTooLong",
    "Choice",
    "EmptyResponse",
    "Grade",
    "InvalidResponse",
    "LocalText",
    "MatchItem",
    "MatchResult",
    "NumberError",
    "Option",
    "Question",
    "Quote",
    "ResponseError",
    "UnreadableNumber",
    "example_for",
    "fold_answer",
    "fold_spelling",
    "format_quantity",
    "grade_answer",
    "grade_response",
    "is_percent_unit",
    "locate",
    "match_answer",
    "normalise_quotes_and_space",
    "parse_number",
    "read_quantity",
    "read_response",
    "unit_scale",
]
