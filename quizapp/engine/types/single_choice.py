"""Single choice: one of several options is right."""

from typing import Any

from ..errors import EmptyResponse, InvalidResponse
from ..model import Grade, Question
from .base import Texts, register
from .base import translate_later as _l
from .options import OptionType, options_to_dict, read_options
from .text_values import one_text


@register
class SingleChoice(OptionType):
    name = "single_choice"
    single = True
    label = _l("Single choice")

    def read_fields(self, reader, node, what):
        return read_options(reader, node, what, single=True)

    def to_dict(self, question: Question) -> dict[str, Any]:
        return {"options": options_to_dict(question), "answer": self.correct_answer(question)}

    def read(self, question: Question, raw: Any, locale: str) -> str:
        option_id = one_text(raw).strip()
        if not option_id:
            raise EmptyResponse
        if question.option(option_id) is None:
            raise InvalidResponse(f"unknown option {option_id!r}")
        return option_id

    def grade(self, question: Question, answer: str) -> Grade:
        option = question.option(answer)
        if option is not None and option.correct:
            return Grade(1.0, question.points)
        return Grade(0.0, 0.0, wrong_options=(answer,))

    def correct_answer(self, question: Question) -> str:
        return self.right_ids(question)[0]

    def empty_message(self, t: Texts) -> str:
        return t.gettext("Please choose an answer.")

    def describe(self, question: Question, answer: str, t: Texts) -> str:
        return self.option_text(question, answer, t)

    def sample_form(self, question, right, rng=None):
        ids = self.right_ids(question) if right else self.wrong_ids(question)
        return {"answer": self.pick(ids, rng)}
