"""True or false: a statement about the article. The question-wide feedback explains a wrong answer."""

from typing import Any

from ..errors import EmptyResponse, InvalidResponse
from ..model import Grade, Question
from .base import AnswerCount, EditorField, QuestionType, Texts, _l, register
from .interchange import gift_comment, gift_restore, gift_text
from .text_values import one_text


@register
class TrueFalse(QuestionType):
    name = "true_false"
    label = _l("True or false")
    keys = frozenset({"answer"})
    requires_feedback = True
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

    # Moodle: one <answer> for true, one for false; the wrong one's feedback is the question's.
    moodle_type = "truefalse"
    GIFT_WORDS = {"T": True, "TRUE": True, "F": False, "FALSE": False}

    def to_moodle_xml(self, question, out):
        wrong = out.text(question.feedback)
        for value in (True, False):
            right = value == bool(question.answer)
            out.answer(
                100.0 if right else 0.0, "true" if value else "false", "" if right else wrong
            )

    def to_gift(self, question, out):
        feedback = out.text(question.feedback)
        return ("TRUE" if question.answer else "FALSE") + (
            f"#{gift_text(feedback)}" if feedback else ""
        )

    def from_moodle_xml(self, node, into):
        answers = into.answers(node)
        right = [text.strip().lower() for fraction, text, _fb, _line in answers if fraction > 0]
        if len(answers) != 2 or right not in (["true"], ["false"]):
            into.error(None, into._("a true/false question needs a right answer true or false"))
            return None
        wrong = next((fb for fraction, _text, fb, _line in answers if fraction <= 0), "")
        data = {"answer": right == ["true"]}
        if wrong:
            data["feedback"] = into.local(wrong)
        return data

    def reads_gift(self, body):
        head = body.split("#", 1)[0].strip()
        return head in self.GIFT_WORDS

    def from_gift(self, body, into):
        head, wrong = gift_comment(body)
        data = {"answer": self.GIFT_WORDS[head]}
        wrong = gift_restore(wrong.split("#", 1)[0])
        if wrong:
            data["feedback"] = into.local(wrong)
        return data

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
