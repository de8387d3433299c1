"""Multiple response: tick every right option. Partial credit: (right ticked − wrong ticked) / right."""

from typing import Any

from ..errors import EmptyResponse, InvalidResponse
from ..model import Grade, Question
from .base import Texts, register
from .base import translate_later as _l
from .options import OptionType, options_to_dict, read_options
from .text_values import one_text


@register
class MultipleResponse(OptionType):
    name = "multiple_response"
    single = False
    label = _l("Multiple response")

    def read_fields(self, reader, node, what):
        return read_options(reader, node, what, single=False)

    def to_dict(self, question: Question) -> dict[str, Any]:
        return {"options": options_to_dict(question), "answer": self.correct_answer(question)}

    def form_response(self, question: Question, form: Any) -> list[str]:
        return form.getlist("answer")

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
