"""The spaced-review schedule (engine/review_schedule.py) with a fixed clock: a missed question is
due a day after the miss, then 3 and 7 days after each review, until answered right twice in
review; a wrong answer in review starts the count again."""

import datetime as dt

from quizapp.engine.review_schedule import (
    after_miss,
    after_review,
    due_questions,
    schedule,
)

MISSED = dt.datetime(2026, 3, 2, 19, 45)  # a Monday evening


def day(n: int, hour: int = 8) -> dt.datetime:
    """The fixed clock: `n` days after the miss's day, at `hour`."""
    return dt.datetime(2026, 3, 2, hour) + dt.timedelta(days=n)


def test_a_missed_question_is_due_the_next_day_not_the_same_day():
    state = after_miss(MISSED)
    assert state.due_on == dt.date(2026, 3, 3)
    assert not state.is_due(day(0, 23))
    assert state.is_due(day(1, 0))
    assert state.is_due(day(5))  # left waiting, it stays due


def test_reviews_come_after_1_then_3_then_7_days():
    state = after_miss(MISSED)
    state = after_review(state, right=False, reviewed_at=day(1))
    assert state.due_on == day(4).date()
    state = after_review(state, right=False, reviewed_at=day(4))
    assert state.due_on == day(11).date()
    state = after_review(state, right=False, reviewed_at=day(11))
    assert state.due_on == day(18).date()  # 7 days from then on


def test_the_wait_counts_from_the_day_of_the_review_not_the_day_it_was_due():
    state = after_review(after_miss(MISSED), right=True, reviewed_at=day(6))
    assert state.due_on == day(9).date()


def test_right_twice_in_review_ends_it():
    state = schedule(MISSED, [(day(1), True), (day(4), True)])
    assert state.done and state.due_on is None
    assert not state.is_due(day(100))
    assert (state.reviews, state.right_count, state.last_right) == (2, 2, True)


def test_a_wrong_answer_starts_the_count_again():
    state = schedule(MISSED, [(day(1), True), (day(4), False)])
    assert state.right_count == 0 and state.last_right is False
    assert state.due_on == day(11).date()
    state = schedule(MISSED, [(day(1), True), (day(4), False), (day(11), True)])
    assert not state.done and state.due_on == day(18).date()
    state = schedule(MISSED, [(day(1), True), (day(4), False), (day(11), True), (day(18), True)])
    assert state.done


def test_due_questions_lists_what_is_due_on_a_day_in_order():
    states = {
        "q1": after_miss(MISSED),
        "q2": schedule(MISSED, [(day(1), True)]),
        "q3": schedule(MISSED, [(day(1), True), (day(4), True)]),
        "q4": schedule(MISSED, [(day(1), False)]),
    }
    assert due_questions(states, day(0)) == []
    assert due_questions(states, day(1)) == ["q1"]
    assert due_questions(states, day(4)) == ["q1", "q2", "q4"]
    assert due_questions(states, day(40)) == ["q1", "q2", "q4"]
