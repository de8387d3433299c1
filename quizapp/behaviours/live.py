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

# The lesson an attempt belongs to: its id, its phase and the question it is on.
_LESSON_OF = (
    select(LiveLesson.id, LiveLesson.phase, LiveLesson.question_id)
    .join(LiveSeat, LiveSeat.lesson_id == LiveLesson.id)
    .where(LiveSeat.attempt_id == bindparam("attempt_id"))
)


def open_question(attempt: "Attempt") -> str | None:
    """The id of the question the attempt's lesson has open for answers, or None."""
    row = db.session.execute(_LESSON_OF, {"attempt_id": attempt.id}).first()
    return row.question_id if row is not None and row.phase == LivePhase.OPEN else None


def lesson_of(attempt: "Attempt") -> int | None:
    """The id of the live lesson the attempt belongs to (None for an attempt in no lesson)."""
    row = db.session.execute(_LESSON_OF, {"attempt_id": attempt.id}).first()
    return None if row is None else row.id


@register
class Live(Behaviour):
    """The lesson's page (quizapp/live/) shows the question and takes the answers; the quiz's
    own pages lead there, and their "Submit all" does not end the attempt. Only the answers
    count: the lesson never asks for the evidence, whatever the assignment asks."""

    name = LIVE
    marks_evidence = False
    learner_submits = False
    quiz_pages_answer = False
    waits_for_other_classes = True

    def may_change(self, attempt: "Attempt") -> bool:
        """While a question of the lesson is open (quizapp/live/operations.py sends only the open
        question's answers; round two replaces the first vote's answer)."""
        return not attempt.finished and open_question(attempt) is not None

    def may_open(self, attempt: "Attempt", position: int, answered: bool) -> bool:
        """None on the quiz's pages: the lesson's page shows the question the class is on."""
        return False

    def after_answer(self, attempt: "Attempt", position: int) -> tuple[NextStep, int | None]:
        """The same question, whose page leads to the lesson's (the lesson's own answers go
        there at once; looking the lesson up here would cost each of them a query)."""
        return NextStep.QUESTION, position

    def feedback_visible(self, attempt: "Attempt", now: dt.datetime | None = None) -> bool:
        """Once the lesson has ended; while another teacher's running quiz withholds the pack's
        answers from the lesson's teacher (a lesson started before that quiz was given ends
        without its reveal), they wait for that quiz's close (waits_for_other_classes)."""
        return attempt.finished

    def deadline(self, assignment: "Assignment | None", now: dt.datetime) -> dt.datetime | None:
        """None: the teacher ends the lesson, not a clock."""
        return None

    def due(self, attempt: "Attempt", now: dt.datetime) -> FinishReason | None:
        return None

    def resume_step(self, attempt: "Attempt") -> tuple[NextStep, int | None]:
        """The lesson's page (NextStep.LIVE with the lesson's id) while it runs, the results once
        the lesson has ended (the overview for an attempt in no lesson, which cannot happen)."""
        if attempt.finished:
            return NextStep.RESULTS, None
        lesson_id = lesson_of(attempt)
        return (NextStep.SUMMARY, None) if lesson_id is None else (NextStep.LIVE, lesson_id)
