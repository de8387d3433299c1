"""The question types, one module each, registered in one table (see docs/question-types.md)."""

from importlib import import_module

from . import (  # noqa: F401 - importing a type's module registers it
    matching,
    multiple_response,
    numeric,
    ordering,
    short_text,
    single_choice,
    true_false,
)
from .base import (
    QUESTION_TYPES,
    AnswerCount,
    PackReader,
    QuestionType,
    StoredAnswer,
    Texts,
    plain_answer,
    question_type,
    register,
)


def load_type_modules(names: str | list[str] | tuple[str, ...] | None) -> None:
    """Import the modules that register question types from outside quizapp.

    `names` is a list of module names, or one string of them separated by commas (the form of the
    QUIZAPP_QUESTION_TYPES setting).
    """
    if isinstance(names, str):
        names = [name.strip() for name in names.split(",")]
    for name in names or ():
        if name:
            import_module(name)


__all__ = [
    "QUESTION_TYPES",
    "AnswerCount",
    "PackReader",
    "QuestionType",
    "StoredAnswer",
    "Texts",
    "load_type_modules",
    "plain_answer",
    "question_type",
    "register",
]
