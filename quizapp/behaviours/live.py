"""The live lesson's feedback mode: the teacher moves the whole class from question to question
(quizapp/live/ holds the lesson); a learner answers only the question the class is on, may change
that answer while it is open, and the attempt finishes when the teacher ends the lesson."""

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select

from ..constants import FinishReason, NextStep
from ..extensions import db
from ..models import LiveLesson, LivePhase, LiveSeat
from .base import Behaviour, register

if TYPE_CHECKING:
    from ..models import Assignment, Attempt

LIVE = "live"  # the name stored in Attempt.feedback_mode

# The lesson an attempt belongs to: its phase and the question it is on.
_LESSON_OF = (
    select(LiveLesson.phase, LiveLesson.question_id)
    .join(LiveSeat, LiveSeat.lesson_id == LiveLesson.id)
    .where(LiveSeat.attempt_id == bindparam("attempt_id"))
)


def open_question(attempt: "Attempt") -> str | None:
    """The id of the question the attempt's lesson has open for answers, or None."""
    row = db.session.execute(_LESSON_OF, {"attempt_id": attempt.id}).first()
    return row.question_id if row is not None and row.phase == LivePhase.OPEN else None


@register
class Live(Behaviour):
    name = LIVE

    def may_change(self, attempt: "Attempt") -> bool:
        """While a question of the lesson is open (quizapp/live/operations.py sends only the open
        question's answers; round two replaces the first vote's answer)."""
        return not attempt.finished and open_question(attempt) is not None

    def may_open(self, attempt: "Attempt", position: int, answered: bool) -> bool:
        """Only the question the class is on, while it is open."""
        if attempt.finished or not 1 <= position <= len(attempt.question_order):
            return False
        return open_question(attempt) == attempt.question_order[position - 1]

    def after_answer(self, attempt: "Attempt", position: int) -> tuple[NextStep, int | None]:
        """The same question: the learner waits there for the teacher's next step."""
        return NextStep.QUESTION, position

    def deadline(self, assignment: "Assignment | None", now: dt.datetime) -> dt.datetime | None:
        """None: the teacher ends the lesson, not a clock."""
        return None

    def due(self, attempt: "Attempt", now: dt.datetime) -> FinishReason | None:
        return None

    def resume_step(self, attempt: "Attempt") -> tuple[NextStep, int | None]:
        """The open question if there is one, else the results once the lesson has ended, else
        the overview (the lesson's own page, quizapp/live/, is where the learner follows it)."""
        if attempt.finished:
            return NextStep.RESULTS, None
        question_id = open_question(attempt)
        if question_id is not None and question_id in attempt.question_order:
            return NextStep.QUESTION, attempt.question_order.index(question_id) + 1
        return NextStep.SUMMARY, None
