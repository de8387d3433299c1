"""True or false: a statement about the article. The question-wide feedback explains a wrong answer."""

from typing import Any

from ..errors import EmptyResponse, InvalidResponse
from ..interactions import Interaction, TrueFalseInteraction, wrong_answer_feedback
from ..model import Grade, Question, text_in
from .base import AnswerCount, EditorField, QuestionType, Texts, register
from .base import translate_later as _l
from .text_values import one_text


@register
class TrueFalse(QuestionType):
    name = "true_false"
    label = _l("True or false")
    keys = frozenset({"answer"})
    editor_fields = (EditorField("answer", "flag", _l("The statement is true")),)

    def read_fields(self, reader, node, what):
        answer = node.get("answer")
        if isinstance(answer, bool):
            return {"answer": answer}
        if "answer" in node:
            message = reader._(
                "%(what)s: answer must be true or false, not %(value)s (write true or false in "
                "English, without quotes)",
                what=what,
                value=repr(str(answer)),
            )
        else:
            message = reader._("%(what)s needs 'answer: true' or 'answer: false'", what=what)
        reader.error(node.line_of("answer"), message)
        return None

    def to_dict(self, question: Question) -> dict[str, Any]:
        return {"answer": question.answer}

    def to_interaction(self, question: Question, language: str) -> TrueFalseInteraction:
        wrong = text_in(question.feedback, language)
        return TrueFalseInteraction(bool(question.answer), feedback=wrong)

    def accepts(self, interaction: Interaction) -> bool:
        return isinstance(interaction, TrueFalseInteraction)

    def from_interaction(self, interaction, reader):
        return {"answer": interaction.answer, **wrong_answer_feedback(interaction, reader)}

    def read(self, question: Question, raw: Any, locale: str) -> bool:
        if isinstance(raw, bool):
            return raw
        value = one_text(raw).strip().lower()
        if not value:
            raise EmptyResponse
        if value not in ("true", "false"):
            raise InvalidResponse(f"true or false expected, got {value!r}")
        return value == "true"

    def grade(self, question: Question, answer: bool) -> Grade:
        right = answer == question.answer
        return Grade(1.0, question.points) if right else Grade(0.0, 0.0)

    def correct_answer(self, question: Question) -> bool:
        return bool(question.answer)

    def empty_message(self, t: Texts) -> str:
        return t.gettext("Please choose an answer.")

    def describe(self, question: Question, answer: bool, t: Texts) -> str:
        return t.gettext("True") if answer else t.gettext("False")

    def classify(self, question, answers, t):
        counts = {True: 0, False: 0}
        for a in answers:
            counts[bool(a.answer)] += a.count
        return [
            AnswerCount(self.describe(question, value, t), counts[value], value == question.answer)
            for value in (True, False)
        ]

    def sample_form(self, question, right, rng=None):
        return {"answer": "true" if bool(question.answer) == right else "false"}
