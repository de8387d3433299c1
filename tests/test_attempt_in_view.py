"""accounts.load_account's attempt in view: made from the one Core row as the ORM loads one, it is
a persistent object of the request's Session, as `Session.get` would give it."""

from factories import (
    make_assignment,
    make_attempt,
    make_classroom,
    make_instructor,
    make_learner,
    make_sign_in,
)
from sqlalchemy import inspect

from quizapp.accounts import load_account
from quizapp.constants import FinishReason
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Learner, Response, utcnow

SECRET = "a sign-in secret"


def _signed_in(app):
    classroom_id = make_classroom(app, make_instructor(app))
    learner_id = make_learner(app, classroom_id, "Ana")
    assignment_id = make_assignment(app, classroom_id)
    attempt_id = make_attempt(app, learner_id, assignment_id, answers=[True])
    sign_in_id = make_sign_in(app, learner_id=learner_id, secret=SECRET)
    with app.app_context():
        token = db.session.get(Learner, learner_id).session_token
    return f"learner:{learner_id}:{token}:{sign_in_id}.{SECRET}", attempt_id


def test_the_attempt_in_view_is_the_sessions_own_persistent_object(app):
    user_id, attempt_id = _signed_in(app)
    with app.test_request_context():
        attempt = load_account(user_id, attempt_id, 1).attempt_in_view
        state = inspect(attempt)
        assert state.persistent and state.session is db.session()
        assert not state.modified and not db.session.dirty
        assert db.session.get(Attempt, attempt_id) is attempt
        assert attempt.assignment is db.session.get(Assignment, attempt.assignment_id)
        question_id, response = attempt.known_response
        assert question_id == attempt.question_order[0]
        assert response is db.session.get(Response, response.id)
        assert response.attempt is attempt  # a lazy load through the session
        assert not attempt.finished
        assert len(attempt.responses) == 1


def test_a_change_to_the_attempt_in_view_is_stored_and_one_already_held_is_given_back(app):
    user_id, attempt_id = _signed_in(app)
    with app.test_request_context():
        attempt = load_account(user_id, attempt_id, 2).attempt_in_view
        attempt.finished_at, attempt.finish_reason = utcnow(), FinishReason.TIME_LIMIT
        assert list(db.session.dirty) == [attempt]
        db.session.commit()
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finish_reason == FinishReason.TIME_LIMIT
    with app.test_request_context():
        held = db.session.get(Attempt, attempt_id)
        assert load_account(user_id, attempt_id, 2).attempt_in_view is held
