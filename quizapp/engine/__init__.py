"""The question engine: pure Python, no Flask and no database.

Grading is a pure function of (question, response); each question type is one module in types/.
See docs/pack-format.md for the rules and docs/question-types.md for adding a type.
"""

from .errors import (
    AmbiguousNumber,
    AnswerTooLong,
    AskAgain,
    EmptyResponse,
    IncompleteOrder,
    InvalidResponse,
    NumberError,
    RepeatedPosition,
    ResponseError,
    UnreadableNumber,
)
from .grading import grade_answer, grade_response, read_response
from .model import EVERY_LANGUAGE, Choice, Grade, LocalText, MatchItem, Option, Question, Quote
from .numbers import (
    MAX_ANSWER_LENGTH,
    example_for,
    finite_float,
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
from .types import QUESTION_TYPES, QuestionType, Texts, question_type, register

__all__ = [
    "MAX_ANSWER_LENGTH",
    "QUESTION_TYPES",
    "EVERY_LANGUAGE",
    "AmbiguousNumber",
    "AnswerTooLong",
    "AskAgain",
    "Choice",
    "EmptyResponse",
    "Grade",
    "IncompleteOrder",
    "InvalidResponse",
    "LocalText",
    "MatchItem",
    "MatchResult",
    "NumberError",
    "Option",
    "Question",
    "QuestionType",
    "Quote",
    "RepeatedPosition",
    "ResponseError",
    "Texts",
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
    "finite_float",
    "parse_number",
    "question_type",
    "read_quantity",
    "read_response",
    "register",
    "unit_scale",
]
