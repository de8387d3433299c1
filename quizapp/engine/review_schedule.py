"""Spaced review of missed questions, as a pure schedule: a missed question is due a day after the
miss, then 3 and then 7 days after each review, until it is answered right twice in review (a
wrong answer in review starts the count again). Days are calendar days in UTC, so a question
missed in the evening is due the next morning."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

# Days until the next review: after the miss, after the first review, after every later one.
REVIEW_INTERVALS = (1, 3, 7)
# Right answers in review, one after the other, that end a question's review.
RIGHT_TO_END = 2


@dataclass(frozen=True)
class ReviewState:
    """Where one missed question stands: the day it is due (None once it is done), how many
    reviews it has had since the miss, and how many right answers in a row they ended with."""

    due_on: dt.date | None
    reviews: int = 0
    right_count: int = 0
    last_right: bool | None = False

    @property
    def done(self) -> bool:
        return self.due_on is None

    def is_due(self, now: dt.datetime) -> bool:
        """Whether the question is up for review on `now`'s day (or was on an earlier one)."""
        return self.due_on is not None and self.due_on <= now.date()


def interval_after(reviews: int) -> dt.timedelta:
    """The wait before the next review, after `reviews` reviews since the miss."""
    return dt.timedelta(days=REVIEW_INTERVALS[min(reviews, len(REVIEW_INTERVALS) - 1)])


def after_miss(missed_at: dt.datetime) -> ReviewState:
    """A question just missed (again): due the next day, its count of right answers at nought."""
    return ReviewState(due_on=missed_at.date() + interval_after(0))


def after_review(state: ReviewState, right: bool, reviewed_at: dt.datetime) -> ReviewState:
    """The state after a review answer at `reviewed_at`: right twice in a row ends it; a wrong
    answer starts the count again; either way the next review waits longer than the last."""
    reviews = state.reviews + 1
    right_count = state.right_count + 1 if right else 0
    due_on = None if right_count >= RIGHT_TO_END else reviewed_at.date() + interval_after(reviews)
    return replace(state, due_on=due_on, reviews=reviews, right_count=right_count, last_right=right)


def schedule(missed_at: dt.datetime, reviews: Iterable[tuple[dt.datetime, bool]]) -> ReviewState:
    """The state of a question missed at `missed_at` after its reviews (when, and right or not),
    in the order they were answered."""
    state = after_miss(missed_at)
    for reviewed_at, right in reviews:
        state = after_review(state, right, reviewed_at)
    return state


def due_questions(states: Mapping[str, ReviewState], now: dt.datetime) -> list[str]:
    """The ids of the questions due for review on `now`'s day, in the order given."""
    return [question_id for question_id, state in states.items() if state.is_due(now)]
