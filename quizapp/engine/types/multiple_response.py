"""Multiple response: tick every right option. Partial credit: (right ticked − wrong ticked) / right."""

from typing import Any

from ..errors import EmptyResponse, InvalidResponse
from ..model import Grade, Question
from .base import Texts, _l, register
from .options import (
    OptionType,
    moodle_single,
    options_from_gift,
    options_from_moodle,
    options_to_dict,
    options_to_gift,
    options_to_moodle,
    read_options,
)
from .text_values import one_text


@register
class MultipleResponse(OptionType):
    name = "multiple_response"
    label = _l("Multiple response")

    def read_fields(self, reader, node, what):
        return read_options(reader, node, what, single=False)

    def to_dict(self, question: Question) -> dict[str, Any]:
        return {"options": options_to_dict(question), "answer": self.correct_answer(question)}

    def form_response(self, question: Question, form: Any) -> list[str]:
        return form.getlist("answer")

    moodle_type = "multichoice"

    def to_moodle_xml(self, question, out):
        options_to_moodle(question, out, single=False)

    def to_gift(self, question, out):
        return options_to_gift(question, out, single=False)

    def reads_moodle_xml(self, node):
        return super().reads_moodle_xml(node) and moodle_single(node) is False

    def from_moodle_xml(self, node, into):
        return options_from_moodle(node, into, single=False)

    def reads_gift(self, body):
        """Moodle's rule: a block with ~ is multichoice; one with = in it too is single."""
        return not body.startswith(("#", ">")) and "~" in body and "=" not in body

    def from_gift(self, body, into):
        return options_from_gift(body, into, single=False)

    def read(self, question: Question, raw: Any, locale: str) -> list[str]:
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list | tuple | set | frozenset):
            raise InvalidResponse("a list of option ids expected")
        chosen = {one_text(value).strip() for value in raw} - {""}
        if not chosen:
            raise EmptyResponse
        unknown = sorted(option_id for option_id in chosen if question.option(option_id) is None)
        if unknown:
            raise InvalidResponse(f"unknown options {unknown}")
        return sorted(chosen)

    def grade(self, question: Question, answer: list[str]) -> Grade:
        chosen = set(answer)
        correct = set(self.right_ids(question))
        wrong = sorted(chosen - correct)
        fraction = max(0.0, (len(chosen & correct) - len(wrong)) / len(correct))
        return Grade(fraction, fraction * question.points, wrong_options=tuple(wrong))

    def correct_answer(self, question: Question) -> list[str]:
        return self.right_ids(question)

    def empty_message(self, t: Texts) -> str:
        return t.gettext("Please tick at least one answer.")

    def describe(self, question: Question, answer: list[str], t: Texts) -> str:
        return "; ".join(self.option_text(question, option_id, t) for option_id in answer)

    def sample_form(self, question, right, rng=None):
        if right:
            return {"answer": self.right_ids(question)}
        return {"answer": [self.pick(self.wrong_ids(question), rng)]}
