"""Numeric: a number, right within a tolerance. Read in the learner's language (engine/numbers.py).

The unit may carry a scale ("billion US dollars"): the answer and tolerance are then in that scale,
the learner's answer is read into it and shown back in it.
"""

import math
from typing import Any

from ..errors import AmbiguousNumber, InvalidResponse, NumberError, UnreadableNumber
from ..model import Grade, Question
from ..numbers import (
    WRITTEN_NUMBER,
    example_for,
    format_quantity,
    is_percent_unit,
    read_quantity,
    read_written_number,
    unit_scale,
)
from .base import EditorField, QuestionType, Texts, _l, local_dict, register
from .interchange import gift_comment, gift_entries, gift_restore, gift_text, gift_weight
from .text_values import one_text


def _unit_text(question: Question, language: str) -> str:
    return (question.unit or {}).get(language, "")


def _plain_number(value: float) -> str:
    """A number as Moodle reads it: digits and a decimal point, no exponent for 9200000."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _unit_words(question: Question) -> list[str]:
    """Every language's unit words beside the scale: "people", "Menschen", "US-Dollar"."""
    return [w for lang, u in (question.unit or {}).items() for w in unit_scale(u, lang)[1]]


@register
class Numeric(QuestionType):
    name = "numeric"
    label = _l("Number")
    keys = frozenset({"answer", "tolerance", "unit"})
    editor_fields = (
        EditorField("answer", "number", _l("The right number")),
        EditorField("tolerance", "number", _l("Accepted distance from the right number"), True),
        EditorField("unit", "text", _l("Unit (shown beside the answer)"), True),
    )

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
        if answer is None or tolerance is None:
            return None
        scale = next(iter(scales.values()), 1)
        return {"answer": float(answer), "tolerance": tolerance, "unit": unit, "scale": scale}

    def to_dict(self, question: Question) -> dict[str, Any]:
        data = {"answer": question.answer, "tolerance": question.tolerance}
        if question.unit:
            data["unit"] = local_dict(question.unit)
        if question.scale != 1:
            data["scale"] = question.scale  # what the unit's scale word stands for: 1000000000
        return data

    def suggest(self, sentences, language, languages):
        """Each number in the article, with its sentence as the quote."""
        drafts = []
        for paragraph_id, sentence in sentences:
            for match in WRITTEN_NUMBER.finditer(sentence):
                value = read_written_number(match.group(0), language)
                if value is None:
                    continue
                blanked = sentence.replace(match.group(0), "___", 1)
                drafts.append(
                    {
                        "prompt": (
                            _l("What number does the article give here? %(sentence)s"),
                            {"sentence": blanked},
                        ),
                        "answer": int(value) if float(value).is_integer() else value,
                        "tolerance": 0,
                        "grounds": [(paragraph_id, sentence)],
                    }
                )
        return drafts

    # Moodle: the answer with its tolerance; a "*" answer worth nothing carries the feedback for
    # any other number; the unit is a unit of multiplier 1 (GIFT has no units).
    moodle_type = "numerical"

    def to_moodle_xml(self, question, out):
        answer = out.answer(100.0, _plain_number(question.answer))
        out.element(answer, "tolerance", _plain_number(question.tolerance))
        wrong = out.text(question.feedback)
        if wrong:
            out.element(out.answer(0.0, "*", wrong), "tolerance", "0")
        unit = out.text(question.unit)
        if unit:
            units = out.element(out.question, "units")
            row = out.element(units, "unit")
            out.element(row, "multiplier", "1")
            out.element(row, "unit_name", unit)
        out.element(out.question, "unitgradingtype", "0")
        out.element(out.question, "unitpenalty", "0.1000000")
        out.element(out.question, "showunits", "3")
        out.element(out.question, "unitsleft", "0")

    def to_gift(self, question, out):
        right = f"=%100%{_plain_number(question.answer)}:{_plain_number(question.tolerance)}#"
        wrong = out.text(question.feedback)
        return "#\n\t" + right + (f"\n\t~#{gift_text(wrong)}" if wrong else "") + "\n"

    def _built(self, found, into, unit=""):
        right = [row for row in found if row[0] >= 100 and row[1] != "*"]
        if not right:
            into.error(None, into._("a numerical question needs an answer worth 100%"))
            return None
        (_fraction, value, tolerance, _feedback) = right[0]
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            into.error(None, into._("%(value)s is not a number", value=repr(value)))
            return None
        data = {
            "answer": int(number) if number.is_integer() else number,
            "tolerance": tolerance or 0,
        }
        wrong = next((row[3] for row in found if row[1] == "*" and row[3]), "")
        if wrong:
            data["feedback"] = into.local(wrong)
        if unit:
            data["unit"] = into.local(unit)
        return data

    def from_moodle_xml(self, node, into):
        found = []
        for answer, (fraction, text, feedback, _line) in zip(
            node.findall("answer"), into.answers(node), strict=True
        ):
            tolerance = into.number(answer, "tolerance", 0.0) or 0.0
            found.append((fraction, text.strip(), tolerance, feedback))
        unit = next(
            (
                (row.findtext("unit_name") or "").strip()
                for row in node.iterfind("units/unit")
                if (row.findtext("multiplier") or "1").strip() in ("1", "1.0")
            ),
            "",
        )
        return self._built(found, into, unit)

    def reads_gift(self, body):
        return body.startswith("#")

    def from_gift(self, body, into):
        body = body[1:]
        wrong = ""
        if "~" in body:
            body, _sep, rest = body.partition("~")
            wrong = gift_restore(gift_comment(rest)[1])
        found = []
        entries = gift_entries(body, "=") or [("=", body)]
        for _marker, text in entries:
            fraction, rest = gift_weight(text, 100.0)
            value, feedback = gift_comment(rest)
            value = gift_restore(value)
            if ".." in value:
                low, _sep, high = value.partition("..")
                try:
                    low_, high_ = float(low), float(high)
                except ValueError:
                    into.error(None, into._("%(value)s is not a number", value=repr(value)))
                    return None
                value, tolerance = format((low_ + high_) / 2, "g"), (high_ - low_) / 2
            else:
                value, _sep, margin = value.partition(":")
                try:
                    tolerance = float(margin) if margin.strip() else 0.0
                except ValueError:
                    into.error(None, into._("%(value)s is not a number", value=repr(margin)))
                    return None
            found.append((fraction, value.strip(), tolerance, gift_restore(feedback)))
        if wrong:
            found.append((0.0, "*", 0.0, wrong))
        return self._built(found, into)

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
        # A tiny relative slack so that 0.1 + 0.2 style float error never turns right into wrong.
        slack = 1e-9 * max(1.0, abs(float(question.answer)))
        right = abs(answer - question.answer) <= question.tolerance + slack
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
            return described
        accepted = t.gettext(
            "accepted: %(low)s to %(high)s",
            low=format_quantity(question.answer - question.tolerance, t.language),
            high=format_quantity(question.answer + question.tolerance, t.language),
        )
        return f"{described} ({accepted})"

    def sample_form(self, question, right, rng=None):
        value = question.answer
        if not right:
            factor = rng.choice([0.5, 1.5, 2]) if rng else 2
            value = question.answer * factor + question.tolerance + 1
        return {"answer": f"{value:.0f}" if float(value).is_integer() else repr(float(value))}
