"""Immediate feedback: right, wrong and the explanation after each question; an answer shown right
or wrong is final, questions open in order, and answering the last one finishes the attempt."""

from typing import TYPE_CHECKING

from ..constants import FeedbackMode, NextStep
from .base import Behaviour, register

if TYPE_CHECKING:
    from ..models import Attempt


@register
class Immediate(Behaviour):
    name = FeedbackMode.IMMEDIATE
    feedback_on_answer = True

    def may_change(self, attempt: "Attempt") -> bool:
        return False

    def may_open(self, attempt: "Attempt", position: int, answered: bool) -> bool:
        """The questions answered and the next one; once finished, the answered ones only."""
        if answered:
            return True
        resume = attempt.resume_point
        return not attempt.finished and resume is not None and position <= resume

    def after_answer(self, attempt: "Attempt", position: int) -> tuple[NextStep, int | None]:
        """The same question again, its feedback shown (whether or not the attempt ended)."""
        return NextStep.FEEDBACK, position

    def finishes_on_answer(self, attempt: "Attempt") -> bool:
        """The last unanswered question answered ends the attempt: there is nothing to submit."""
        return attempt.resume_point is None
