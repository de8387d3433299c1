"""Feedback at the end of the attempt (deferred): a learner goes back, skips ahead, changes and
flags answers until they submit, and then sees right, wrong and the explanations."""

from typing import TYPE_CHECKING

from ..constants import FeedbackMode, NextStep
from .base import Behaviour, register

if TYPE_CHECKING:
    from ..models import Attempt


@register
class AfterAttempt(Behaviour):
    name = FeedbackMode.AFTER_ATTEMPT

    def may_change(self, attempt: "Attempt") -> bool:
        """Until the attempt is submitted (the last stored answer is the one graded)."""
        return not attempt.finished

    def may_open(self, attempt: "Attempt", position: int, answered: bool) -> bool:
        """Every question of an unfinished attempt, in any order; once finished, those answered."""
        return answered or not attempt.finished

    def after_answer(self, attempt: "Attempt", position: int) -> tuple[NextStep, int | None]:
        """The next question; after the last, the summary before submitting."""
        if attempt.finished:
            return NextStep.RESULTS, None
        if position < len(attempt.question_order):
            return NextStep.QUESTION, position + 1
        return NextStep.SUMMARY, None
