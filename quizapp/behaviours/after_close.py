"""Feedback once the assignment has closed: answered as with feedback after the attempt, but
right, wrong and the score show only after the closing time (with several attempts allowed, a
score would give the key away one answer at a time)."""

import datetime as dt
from typing import TYPE_CHECKING

from ..constants import FeedbackMode
from .after_attempt import AfterAttempt
from .base import now_or, register

if TYPE_CHECKING:
    from ..models import Attempt


@register
class AfterClose(AfterAttempt):
    name = FeedbackMode.AFTER_CLOSE
    feedback_waits_for_close = True

    def feedback_visible(self, attempt: "Attempt", now: dt.datetime | None = None) -> bool:
        closes = attempt.assignment.closes_at if attempt.assignment else None
        return attempt.finished and closes is not None and now_or(now) >= closes

    def score_visible(self, attempt: "Attempt", now: dt.datetime | None = None) -> bool:
        return self.feedback_visible(attempt, now)
