"""Reading and grading a response: each question type's rule (engine/types/) behind one interface.

A response arrives as the web form sends it (strings, lists of strings, a mapping) or as already-typed
Python values. `read_response` turns it into the canonical answer that is stored, and `grade_answer`
grades a canonical answer, so a stored attempt can be regraded without the form.
"""

from typing import Any

from .model import Grade, Question
from .types import question_type


def read_response(question: Question, raw: Any, locale: str = "en") -> Any:
    """The canonical, JSON-ready answer a raw response holds; raises a ResponseError if none."""
    return question_type(question.type).read(question, raw, locale)


def grade_answer(question: Question, answer: Any) -> Grade:
    """Grade a canonical answer (as returned by read_response or loaded from storage)."""
    return question_type(question.type).grade(question, answer)


def grade_response(question: Question, raw: Any, locale: str = "en") -> Grade:
    """Read and grade in one step."""
    return grade_answer(question, read_response(question, raw, locale))
