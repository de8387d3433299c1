"""One grading rule per question type: a pure function of (question, response).

A response arrives as the web form sends it (strings, lists of strings, a mapping for matching) or as
already-typed Python values. `read_response` turns it into the canonical answer that is stored, and
`grade_answer` grades a canonical answer, so a stored attempt can be regraded without the form.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import EmptyResponse, InvalidResponse
from .model import Question
from .numbers import parse_number
from .text import fold_answer


@dataclass(frozen=True)
class Grade:
    """How much of the question's points a response earned, and what the learner is told."""

    fraction: float
    points: float
    wrong_options: tuple[str, ...] = ()  # option ids whose feedback applies
    item_results: Mapping[str, bool] = field(default_factory=dict)  # matching: item id -> right

    @property
    def correct(self) -> bool:
        return self.fraction >= 1.0


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        if not value:
            raise EmptyResponse
        if len(value) != 1:
            raise InvalidResponse("one value expected")
        value = value[0]
    if not isinstance(value, str):
        raise InvalidResponse(f"text expected, got {type(value).__name__}")
    return value


def _read_single_choice(question: Question, raw: Any, locale: str) -> str:
    option_id = _text(raw).strip()
    if not option_id:
        raise EmptyResponse
    if question.option(option_id) is None:
        raise InvalidResponse(f"unknown option {option_id!r}")
    return option_id


def _read_multiple_response(question: Question, raw: Any, locale: str) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple | set | frozenset):
        raise InvalidResponse("a list of option ids expected")
    chosen = {_text(value).strip() for value in raw} - {""}
    if not chosen:
        raise EmptyResponse
    unknown = sorted(option_id for option_id in chosen if question.option(option_id) is None)
    if unknown:
        raise InvalidResponse(f"unknown options {unknown}")
    return sorted(chosen)


def _read_true_false(question: Question, raw: Any, locale: str) -> bool:
    if isinstance(raw, bool):
        return raw
    value = _text(raw).strip().lower()
    if not value:
        raise EmptyResponse
    if value not in ("true", "false"):
        raise InvalidResponse(f"true or false expected, got {value!r}")
    return value == "true"


def _read_numeric(question: Question, raw: Any, locale: str) -> float:
    if isinstance(raw, bool):
        raise InvalidResponse("a number expected")
    value = float(raw) if isinstance(raw, int | float) else parse_number(_text(raw), locale)
    if not math.isfinite(value):
        raise InvalidResponse("a finite number expected")
    return value


def _read_short_text(question: Question, raw: Any, locale: str) -> str:
    text = " ".join(_text(raw).split())
    if not text:
        raise EmptyResponse
    return text


def _read_matching(question: Question, raw: Any, locale: str) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise InvalidResponse("a mapping of item ids to choice ids expected")
    item_ids = {item.id for item in question.items}
    choice_ids = {choice.id for choice in question.choices}
    answer = {}
    for item_id, value in raw.items():
        if item_id not in item_ids:
            raise InvalidResponse(f"unknown item {item_id!r}")
        choice_id = _text(value).strip()
        if choice_id and choice_id not in choice_ids:
            raise InvalidResponse(f"unknown choice {choice_id!r}")
        if choice_id:
            answer[item_id] = choice_id
    if not answer:
        raise EmptyResponse
    return answer


def _grade_single_choice(question: Question, answer: str) -> Grade:
    option = question.option(answer)
    if option is not None and option.correct:
        return Grade(1.0, question.points)
    return Grade(0.0, 0.0, wrong_options=(answer,))


def _grade_multiple_response(question: Question, answer: list[str]) -> Grade:
    chosen = set(answer)
    correct = {o.id for o in question.options if o.correct}
    wrong = sorted(chosen - correct)
    fraction = max(0.0, (len(chosen & correct) - len(wrong)) / len(correct))
    return Grade(fraction, fraction * question.points, wrong_options=tuple(wrong))


def _grade_true_false(question: Question, answer: bool) -> Grade:
    return _all_or_nothing(question, answer == question.answer)


def _grade_numeric(question: Question, answer: float) -> Grade:
    # A tiny relative slack so that 0.1 + 0.2 style float error never turns right into wrong.
    slack = 1e-9 * max(1.0, abs(float(question.answer)))
    return _all_or_nothing(question, abs(answer - question.answer) <= question.tolerance + slack)


def _grade_short_text(question: Question, answer: str) -> Grade:
    folded = fold_answer(answer)
    accepted = {fold_answer(a) for variants in question.accepted.values() for a in variants}
    return _all_or_nothing(question, folded in accepted)


def _grade_matching(question: Question, answer: Mapping[str, str]) -> Grade:
    results = {item.id: answer.get(item.id) == item.match for item in question.items}
    fraction = sum(results.values()) / len(results)
    return Grade(fraction, fraction * question.points, item_results=results)


def _all_or_nothing(question: Question, right: bool) -> Grade:
    return Grade(1.0, question.points) if right else Grade(0.0, 0.0)


@dataclass(frozen=True)
class QuestionType:
    """A grading rule: how to read a response and how to grade the answer it holds."""

    name: str
    read: Callable[[Question, Any, str], Any]
    grade: Callable[[Question, Any], Grade]


QUESTION_TYPES: dict[str, QuestionType] = {
    qt.name: qt
    for qt in (
        QuestionType("single_choice", _read_single_choice, _grade_single_choice),
        QuestionType("multiple_response", _read_multiple_response, _grade_multiple_response),
        QuestionType("true_false", _read_true_false, _grade_true_false),
        QuestionType("numeric", _read_numeric, _grade_numeric),
        QuestionType("short_text", _read_short_text, _grade_short_text),
        QuestionType("matching", _read_matching, _grade_matching),
    )
}


def read_response(question: Question, raw: Any, locale: str = "en") -> Any:
    """The canonical, JSON-ready answer a raw response holds; raises a ResponseError if none."""
    return QUESTION_TYPES[question.type].read(question, raw, locale)


def grade_answer(question: Question, answer: Any) -> Grade:
    """Grade a canonical answer (as returned by read_response or loaded from storage)."""
    return QUESTION_TYPES[question.type].grade(question, answer)


def grade_response(question: Question, raw: Any, locale: str = "en") -> Grade:
    """Read and grade in one step."""
    return grade_answer(question, read_response(question, raw, locale))
