"""Numeric: a number, right within a tolerance. Read in the learner's language (engine/numbers.py).

The unit may carry a scale ("billion US dollars"): the answer and tolerance are then in that scale,
the learner's answer is read into it and shown back in it.
"""

import math
from typing import Any

from ..errors import AmbiguousNumber, InvalidResponse, NumberError, UnreadableNumber
from ..interactions import (
    Interaction,
    NumericAnswer,
    NumericInteraction,
    note_dropped_answers,
    plain_number,
    wrong_answer_feedback,
)
from ..model import Grade, Question, text_in
from ..numbers import (
    example_for,
    finite_float,
    format_quantity,
    is_percent_unit,
    read_quantity,
    unit_scale,
)
from .base import EditorField, QuestionType, Texts, local_dict, register
from .base import translate_later as _l
from .text_values import one_text


def _unit_text(question: Question, language: str) -> str:
    return text_in(question.unit, language)


def _unit_words(question: Question) -> list[str]:
    """Every language's unit words beside the scale: "people", "Menschen", "US-Dollar"."""
    return [w for lang, u in (question.unit or {}).items() for w in unit_scale(u, lang)[1]]


@register
class Numeric(QuestionType):
    name = "numeric"
    label = _l("Number")
    keys = frozenset({"answer", "tolerance", "unit", "alternatives"})
    derived_keys = frozenset({"scale"})
    editor_fields = (
        EditorField("answer", "number", _l("The right number")),
        EditorField("tolerance", "number", _l("Accepted distance from the right number"), True),
        EditorField("unit", "text", _l("Unit (shown beside the answer)"), True),
        EditorField(
            "alternatives",
            "entries",
            _l("More right numbers (a question from Moodle may have several)"),
            True,
            entries=(
                EditorField("answer", "number", _l("Number")),
                EditorField(
                    "tolerance", "number", _l("Accepted distance from the right number"), True
                ),
            ),
        ),
    )

    def read_fields(self, reader, node, what):
        answer = node.get("answer")
        if isinstance(answer, bool) or not isinstance(answer, int | float) or abs(answer) > 1e308:
            reader.error(
                node.line_of("answer"),
                reader._("%(what)s needs a number as %(key)s", what=what, key="'answer'"),
            )
            answer = None
        tolerance = reader.number(node, "tolerance", what, default=0)
        unit = reader.local_text(node, "unit", what, required=False)
        scales = {lang: unit_scale(text, lang)[0] for lang, text in (unit or {}).items()}
        if len(set(scales.values())) > 1:
            reader.error(
                node.line_of("unit"),
                reader._(
                    "the unit of %(what)s gives its languages different scales (%(scales)s); "
                    "write the same scale in every language, e.g. {en: billion US dollars, "
                    "de: Milliarden US-Dollar}",
                    what=what,
                    scales=", ".join(f"{lang}: {scale:,}" for lang, scale in scales.items()),
                ),
            )
            return None
        alternatives = _alternatives(reader, node, what)
        if answer is None or tolerance is None or alternatives is None:
            return None
        scale = next(iter(scales.values()), 1)
        return {
            "answer": float(answer),
            "tolerance": tolerance,
            "unit": unit,
            "scale": scale,
            "alternatives": alternatives,
        }

    def to_dict(self, question: Question) -> dict[str, Any]:
        data = {"answer": question.answer, "tolerance": question.tolerance}
        if question.unit:
            data["unit"] = local_dict(question.unit)
        if question.scale != 1:
            data["scale"] = question.scale  # what the unit's scale word stands for: 1000000000
        if question.alternatives:
            data["alternatives"] = [
                {"answer": value, "tolerance": tolerance}
                for value, tolerance in question.alternatives
            ]
        return data

    def to_interaction(self, question: Question, language: str) -> NumericInteraction:
        right = [(question.answer, question.tolerance), *question.alternatives]
        return NumericInteraction(
            tuple(NumericAnswer(plain_number(v), float(t)) for v, t in right),
            unit=_unit_text(question, language),
            feedback=text_in(question.feedback, language),
        )

    def accepts(self, interaction: Interaction) -> bool:
        return isinstance(interaction, NumericInteraction)

    def from_interaction(self, interaction, reader):
        """Every answer worth all the points: the first is `answer`, the others `alternatives`;
        answers worth less and their feedback are not imported (noted)."""
        right = [answer for answer in interaction.answers if answer.fraction >= 1]
        if not right:
            reader.error(reader._("a numerical question needs an answer worth 100%"))
            return None
        numbers = []
        for answer in right:
            try:
                number = finite_float(answer.value.replace(",", "."))
            except ValueError:
                reader.error(reader._("%(value)s is not a number", value=repr(answer.value)))
                return None
            numbers.append((int(number) if number.is_integer() else number, answer.tolerance or 0))
        note_dropped_answers(interaction.answers, reader, [a.value for a in interaction.answers])
        data = {
            "answer": numbers[0][0],
            "tolerance": numbers[0][1],
            **wrong_answer_feedback(interaction, reader),
        }
        if len(numbers) > 1:
            data["alternatives"] = [{"answer": v, "tolerance": t} for v, t in numbers[1:]]
        if interaction.unit:
            data["unit"] = reader.local(interaction.unit)
        return data

    def read(self, question: Question, raw: Any, locale: str) -> float:
        if isinstance(raw, bool):
            raise InvalidResponse("a number expected")
        if isinstance(raw, int | float):
            value = float(raw)
        else:
            unit = _unit_text(question, locale)
            value = read_quantity(
                one_text(raw),
                locale,
                unit_words=_unit_words(question),
                scale=question.scale,
                unit=unit,
                example=self.example(question, locale),
            )
        if not math.isfinite(value):
            raise InvalidResponse("a finite number expected")
        return value

    def grade(self, question: Question, answer: float) -> Grade:
        right = any(
            # A tiny relative slack so that 0.1 + 0.2 style float error never turns right into
            # wrong.
            abs(answer - value) <= tolerance + 1e-9 * max(1.0, abs(float(value)))
            for value, tolerance in [(question.answer, question.tolerance), *question.alternatives]
        )
        return Grade(1.0, question.points) if right else Grade(0.0, 0.0)

    def correct_answer(self, question: Question) -> float:
        return float(question.answer)

    def given_text(self, question: Question, raw: Any, answer: Any) -> str:
        return raw if isinstance(raw, str) else super().given_text(question, raw, answer)

    def example(self, question: Question, language: str) -> str:
        """An input of the answer's shape in `language`, with the unit: "2.46 billion US dollars"."""
        unit = _unit_text(question, language)
        example = example_for(question.answer, language, unit=unit, tolerance=question.tolerance)
        return f"{example} {unit}" if unit and not is_percent_unit(unit) else example

    def problem_message(self, question, error, t: Texts) -> str:
        if not isinstance(error, NumberError):
            return super().problem_message(question, error, t)
        example = self.example(question, t.language)
        if isinstance(error, AmbiguousNumber):
            return t.gettext(
                "We could not tell which number you mean. Please write it like this: %(example)s",
                example=example,
            )
        if isinstance(error, UnreadableNumber) and error.reason == "several_numbers":
            return t.gettext(
                "Please type only one number, for example: %(example)s", example=example
            )
        if isinstance(error, UnreadableNumber) and error.reason == "too_many_words":
            return t.gettext(
                "Please type the number with fewer words around it, for example: %(example)s",
                example=example,
            )
        return t.gettext("Please type a number, for example: %(example)s", example=example)

    def describe(self, question: Question, answer: float, t: Texts) -> str:
        return format_quantity(answer, t.language, unit=t.text(question.unit))

    def describe_correct(self, question: Question, t: Texts) -> str:
        described = self.describe(question, question.answer, t)
        if not question.tolerance:
            others = [self.describe(question, value, t) for value, _t in question.alternatives]
            return " / ".join([described, *others])
        accepted = t.gettext(
            "accepted: %(low)s to %(high)s",
            low=format_quantity(question.answer - question.tolerance, t.language),
            high=format_quantity(question.answer + question.tolerance, t.language),
        )
        described = f"{described} ({accepted})"
        for value, _tolerance in question.alternatives:
            described += " / " + self.describe(question, value, t)
        return described

    def sample_form(self, question, right, rng=None):
        value = question.answer
        if not right:
            factor = rng.choice([0.5, 1.5, 2]) if rng else 2
            value = question.answer * factor + question.tolerance + 1
        return {"answer": f"{value:.0f}" if float(value).is_integer() else repr(float(value))}


def _alternatives(reader, node, what: str) -> tuple[tuple[float, float], ...] | None:
    """`alternatives`: more right numbers, each {answer, tolerance} (a Moodle question with
    several right answers, 4 and -4); None after reporting one that is not a number."""
    if "alternatives" not in node:
        return ()
    entries = reader.entries(
        node, "alternatives", what, ("answer",), optional=("tolerance",), minimum=1
    )
    if entries is None:
        return None
    found = []
    for entry in entries:
        value = entry.get("answer")
        if isinstance(value, bool) or not isinstance(value, int | float):
            reader.error(
                entry.line_of("answer"),
                reader._("%(what)s needs a number as %(key)s", what=what, key="'answer'"),
            )
            return None
        tolerance = reader.number(entry, "tolerance", what, default=0)
        if tolerance is None:
            return None
        found.append((float(value), float(tolerance)))
    return tuple(found)
