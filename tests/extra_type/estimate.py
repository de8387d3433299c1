"""A question type from outside quizapp, registered the documented way (docs/question-types.md).

"estimate": the learner guesses a number; the closer the guess, the more of the points it earns
(full points within `tolerance`, none from `tolerance + spread` off).
"""

from pathlib import Path

from quizapp.engine import Grade, QuestionType, register
from quizapp.engine.errors import InvalidResponse
from quizapp.engine.numbers import parse_number
from quizapp.engine.types.text_values import one_text


@register
class Estimate(QuestionType):
    name = "estimate"
    keys = frozenset({"answer", "tolerance", "spread"})
    template_folder = str(Path(__file__).parent / "templates")

    def read_fields(self, reader, node, what):
        answer = reader.number(node, "answer", what)
        tolerance = reader.number(node, "tolerance", what, default=0)
        spread = reader.number(node, "spread", what, positive=True)
        if None in (answer, tolerance, spread):
            return None
        return {"answer": answer, "tolerance": tolerance, "extra": {"spread": spread}}

    def to_dict(self, question):
        return {"answer": question.answer, "tolerance": question.tolerance, **question.extra}

    def read(self, question, raw, locale):
        value = parse_number(one_text(raw), locale)
        if value != value:
            raise InvalidResponse("not a number")
        return value

    def grade(self, question, answer):
        off = max(0.0, abs(answer - question.answer) - question.tolerance)
        fraction = max(0.0, 1 - off / question.extra["spread"])
        return Grade(fraction, fraction * question.points)

    def correct_answer(self, question):
        return question.answer

    def given_text(self, question, raw, answer):
        return raw

    def describe(self, question, answer, t):
        return t.number(answer)

    def sample_form(self, question, right, rng=None):
        off = 0 if right else question.tolerance + question.extra["spread"] * 2
        return {"answer": f"{question.answer + off:.0f}"}
