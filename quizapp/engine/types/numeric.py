"""Numeric: a number, right within a tolerance. Read in the learner's language (engine/numbers.py)."""

import math
from typing import Any

from ..errors import AmbiguousNumber, InvalidResponse, UnreadableNumber
from ..model import Grade, Question
from ..numbers import parse_number
from .base import QuestionType, Texts, local_dict, register
from .text_values import one_text


@register
class Numeric(QuestionType):
    name = "numeric"
    keys = frozenset({"answer", "tolerance", "unit", "display"})
    displays = ("number", "year")  # a year is written without grouping: 2023, never 2,023

    def read_fields(self, reader, node, what):
        answer = node.get("answer")
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            reader.error(
                node.line_of("answer"),
                reader._("%(what)s needs a number as %(key)s", what=what, key="'answer'"),
            )
            answer = None
        tolerance = reader.number(node, "tolerance", what, default=0)
        unit = reader.local_text(node, "unit", what, required=False)
        display = node.get("display", "number")
        if display not in self.displays:
            reader.error(
                node.line_of("display"),
                reader._(
                    "%(what)s: 'display' is one of %(choices)s",
                    what=what,
                    choices=", ".join(self.displays),
                ),
            )
            return None
        if answer is None or tolerance is None:
            return None
        return {"answer": float(answer), "tolerance": tolerance, "unit": unit, "display": display}

    def to_dict(self, question: Question) -> dict[str, Any]:
        data = {"answer": question.answer, "tolerance": question.tolerance}
        if question.unit:
            data["unit"] = local_dict(question.unit)
        if question.display != "number":
            data["display"] = question.display
        return data

    def read(self, question: Question, raw: Any, locale: str) -> float:
        if isinstance(raw, bool):
            raise InvalidResponse("a number expected")
        value = float(raw) if isinstance(raw, int | float) else parse_number(one_text(raw), locale)
        if not math.isfinite(value):
            raise InvalidResponse("a finite number expected")
        return value

    def grade(self, question: Question, answer: float) -> Grade:
        # A tiny relative slack so that 0.1 + 0.2 style float error never turns right into wrong.
        slack = 1e-9 * max(1.0, abs(float(question.answer)))
        right = abs(answer - question.answer) <= question.tolerance + slack
        return Grade(1.0, question.points) if right else Grade(0.0, 0.0)

    def correct_answer(self, question: Question) -> float:
        return float(question.answer)

    def given_text(self, question: Question, raw: Any, answer: Any) -> str:
        return raw if isinstance(raw, str) else super().given_text(question, raw, answer)

    def problem_message(self, question, error, t: Texts) -> str:
        if not isinstance(error, UnreadableNumber | AmbiguousNumber):
            return super().problem_message(question, error, t)
        example = " · ".join(t.number(value) for value in (9.2, 9_200_000))
        if isinstance(error, AmbiguousNumber):
            return t.gettext(
                "We could not tell which number you mean. Please write it like this: %(example)s",
                example=example,
            )
        return t.gettext("Please type a number, for example: %(example)s", example=example)

    def describe(self, question: Question, answer: float, t: Texts) -> str:
        unit = t.text(question.unit)
        written = self.written(question, answer, t)
        return f"{written} {unit}" if unit else written

    def written(self, question: Question, value: float, t: Texts) -> str:
        """A number as the question shows it: a whole year as its digits, else the locale's way."""
        if question.display == "year" and float(value).is_integer():
            return str(int(value))
        return t.number(value)

    def describe_correct(self, question: Question, t: Texts) -> str:
        described = self.describe(question, question.answer, t)
        if not question.tolerance:
            return described
        accepted = t.gettext(
            "accepted: %(low)s to %(high)s",
            low=self.written(question, question.answer - question.tolerance, t),
            high=self.written(question, question.answer + question.tolerance, t),
        )
        return f"{described} ({accepted})"

    def sample_form(self, question, right, rng=None):
        value = question.answer
        if not right:
            factor = rng.choice([0.5, 1.5, 2]) if rng else 2
            value = question.answer * factor + question.tolerance + 1
        return {"answer": f"{value:.0f}" if float(value).is_integer() else repr(float(value))}
