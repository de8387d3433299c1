"""Finishing an attempt reads its responses' grades in one statement unless they are loaded
(attempts.response_grades), and review.record_misses inserts the items of first misses in one
statement: the score, the misses and the review items must be what the responses say, loaded or
not, with a change not yet flushed counted, and items missed before changed, not doubled."""

import datetime as dt

from factories import make_assignment, make_attempt, make_classroom, make_learner

from quizapp.attempts import finish_attempt, response_grades
from quizapp.constants import FinishReason
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Response, ReviewItem


def unfinished(app, teacher_id, answers) -> int:
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    return make_attempt(app, make_learner(app, classroom_id, "Ana"), assignment_id, answers)


def test_the_grades_are_the_responses_in_their_order_loaded_or_not(app, teacher_id):
    attempt_id = unfinished(app, teacher_id, [True, False, None, True, False])
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        read = response_grades(attempt)
        loaded = [(r.question_id, (r.fraction, r.points)) for r in attempt.responses]
        assert list(read.items()) == loaded and len(loaded) == 4
        assert response_grades(attempt) == read


def test_a_change_not_flushed_yet_is_in_the_score(app, teacher_id):
    attempt_id = unfinished(app, teacher_id, [True, True, False])
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        response = db.session.scalars(db.select(Response).filter_by(attempt_id=attempt_id)).first()
        response.points = 7.5  # pending: not flushed
        db.session.expire(attempt, ["responses"])
        finish_attempt(attempt, FinishReason.SUBMITTED)
        assert attempt.score == sum(r.points for r in attempt.responses) >= 7.5
        db.session.rollback()


def test_first_misses_are_inserted_and_earlier_ones_changed(app, teacher_id):
    attempt_id = unfinished(app, teacher_id, lambda position, _q: position > 2)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        first, second, third = attempt.question_order[:3]
        db.session.get(Assignment, attempt.assignment_id).attempts_allowed = 2
        learner_id, assignment_id = attempt.learner_id, attempt.assignment_id
        db.session.commit()
    # The second attempt misses `first` again and `third` for the first time.
    again = make_attempt(app, learner_id, assignment_id, lambda _p, q: q.id not in (first, third))
    with app.app_context():
        items = {
            item.question_id: item
            for item in db.session.scalars(db.select(ReviewItem).filter_by(learner_id=learner_id))
        }
        assert set(items) == {first, second, third}
        finished_at = db.session.get(Attempt, again).finished_at
        for question_id in (first, third):
            item = items[question_id]
            assert item.missed_in_id == again and item.missed_at == finished_at
            assert item.due_on == finished_at.date() + dt.timedelta(days=1)
            assert (item.reviews, item.right_count, item.last_right) == (0, 0, False)
            assert item.reviewed_at is None
        assert items[second].missed_in_id == attempt_id
