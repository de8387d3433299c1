"""Find the evidence: a wrapper around any feedback mode for an assignment that asks learners,
after each answer, to mark the sentence of the article that proves it. The wrapped mode keeps its
rules; the wrapper puts the step "mark the evidence" (NextStep.EVIDENCE) after each answer and
holds the feedback back until the evidence is marked, so no question type knows of it."""

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select

from ..constants import FinishReason, NextStep
from ..extensions import db
from ..models import Response
from .base import BEHAVIOURS, Behaviour

if TYPE_CHECKING:
    from ..bank import Pack
    from ..models import Assignment, Attempt

EVIDENCE_SHARES = (0.0, 0.25, 0.5, 1.0)
"""The shares of a question's points the evidence may be worth: off, a quarter, half, the same."""

# The questions of an attempt answered without the evidence marked yet.
_WITHOUT_EVIDENCE = select(Response.question_id).where(
    Response.attempt_id == bindparam("attempt_id"), Response.evidence_sentence.is_(None)
)


def evidence_share(assignment: "Assignment | None") -> float:
    """The share of a question's points its evidence is worth in this assignment (0: not asked;
    practice never asks)."""
    return float(getattr(assignment, "evidence_share", None) or 0.0)


def attempt_evidence_share(assignment: "Assignment | None", feedback_mode: str) -> float:
    """The share of a question's points its evidence is worth in an attempt of that feedback mode
    at this assignment: the assignment's, or 0 in a mode that never asks (a live lesson)."""
    return evidence_share(assignment) if BEHAVIOURS[feedback_mode].marks_evidence else 0.0


def asks_evidence(attempt: "Attempt") -> bool:
    """Whether the attempt's assignment asks the learner to mark the evidence of each answer (and
    the attempt's feedback mode lets it)."""
    return attempt_evidence_share(attempt.assignment, attempt.feedback_mode) > 0


def evidence_pending(attempt: "Attempt") -> list[int]:
    """The positions of the answered questions whose evidence is not marked yet, in order."""
    missing = set(db.session.scalars(_WITHOUT_EVIDENCE, {"attempt_id": attempt.id}))
    return [
        position
        for position, question_id in enumerate(attempt.question_order, start=1)
        if question_id in missing
    ]


def evidence_points(attempt: "Attempt", pack: "Pack") -> float:
    """The points the attempt's marked evidence earned: the share of each question's points whose
    evidence the learner found."""
    share = attempt_evidence_share(attempt.assignment, attempt.feedback_mode)
    if not share:
        return 0.0
    found = {r.question_id for r in attempt.responses if r.evidence_correct}
    return share * sum(q.points for q in pack.questions if q.id in found)


def max_score(pack: "Pack", assignment: "Assignment | None", feedback_mode: str) -> float:
    """The highest score of an attempt in that feedback mode: every question's points, and the
    evidence's share on top where the mode asks for it."""
    return pack.max_points * (1 + attempt_evidence_share(assignment, feedback_mode))


class AskingEvidence(Behaviour):
    """A feedback mode (`inner`) with the evidence step after each answer: everything else is the
    inner mode's, so an attempt is graded and shown as that mode says."""

    def __init__(self, inner: Behaviour):
        self.inner = inner
        self.name = inner.name
        self.feedback_on_answer = inner.feedback_on_answer
        self.feedback_waits_for_close = inner.feedback_waits_for_close
        self.learner_submits = inner.learner_submits
        self.quiz_pages_answer = inner.quiz_pages_answer
        self.waits_for_other_classes = inner.waits_for_other_classes

    def may_change(self, attempt: "Attempt") -> bool:
        return self.inner.may_change(attempt)

    def may_open(self, attempt: "Attempt", position: int, answered: bool) -> bool:
        """As the inner mode says; but a question whose page shows its feedback at once opens only
        once its evidence is marked (the feedback shows the quote)."""
        waiting = answered and self.feedback_on_answer and not attempt.finished
        if waiting and position in evidence_pending(attempt):
            return False
        return self.inner.may_open(attempt, position, answered)

    def after_answer(self, attempt: "Attempt", position: int) -> tuple[NextStep, int | None]:
        """Marking the evidence of the answer, unless it is marked already; then the inner mode's
        next step."""
        if not attempt.finished:
            response = attempt.response_for(attempt.question_order[position - 1])
            if response is None or response.evidence_sentence is None:
                return NextStep.EVIDENCE, position
        return self.inner.after_answer(attempt, position)

    def finishes_on_answer(self, attempt: "Attempt") -> bool:
        """As the inner mode says, once no answer waits for its evidence."""
        return self.inner.finishes_on_answer(attempt) and not evidence_pending(attempt)

    def deadline(self, assignment: "Assignment | None", now: dt.datetime) -> dt.datetime | None:
        return self.inner.deadline(assignment, now)

    def due(self, attempt: "Attempt", now: dt.datetime) -> FinishReason | None:
        return self.inner.due(attempt, now)

    def feedback_visible(self, attempt: "Attempt", now: dt.datetime | None = None) -> bool:
        return self.inner.feedback_visible(attempt, now)

    def score_visible(self, attempt: "Attempt", now: dt.datetime | None = None) -> bool:
        return self.inner.score_visible(attempt, now)

    def resume_step(self, attempt: "Attempt") -> tuple[NextStep, int | None]:
        """The first answer still waiting for its evidence, else where the inner mode resumes."""
        if not attempt.finished:
            pending = evidence_pending(attempt)
            if pending:
                return NextStep.EVIDENCE, pending[0]
        return self.inner.resume_step(attempt)


def behaviour_of(attempt: "Attempt") -> Behaviour:
    """The behaviour an attempt runs by: the feedback mode it was started with, asking for the
    evidence of each answer when its assignment does."""
    mode = BEHAVIOURS[attempt.feedback_mode]
    return AskingEvidence(mode) if asks_evidence(attempt) else mode
