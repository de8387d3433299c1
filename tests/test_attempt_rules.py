"""What a learner may do with an assignment, decided in quizapp/attempts.py: tested without HTTP."""

import datetime as dt

import pytest
from factories import (
    make_assignment,
    make_attempt,
    make_classroom,
    make_instructor,
    make_learner,
)
from werkzeug.datastructures import MultiDict

from quizapp.attempts import (
    AlreadyAnswered,
    AttemptOver,
    StartRefused,
    after_answer,
    assignment_entries,
    attempt_summary,
    may_change,
    may_open,
    record_response,
    review_rows,
    seconds_left,
    start_or_resume,
    submit_attempt,
    toggle_flag,
)
from quizapp.constants import FeedbackMode, FinishReason
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Learner, utcnow


@pytest.fixture
def ana(app):
    """Ana in a class with one assignment: (learner id, assignment id)."""
    classroom_id = make_classroom(app, make_instructor(app))
    return make_learner(app, classroom_id, "Ana"), make_assignment(app, classroom_id)


def _answer(attempt, pack, position, right):
    question = pack.question(attempt.question_order[position - 1])
    qtype = question_type(question.type)
    form = MultiDict(qtype.sample_form(question, right))
    return record_response(attempt, question, qtype.form_response(question, form), "en", form)


def test_a_deferred_answer_can_change_until_submitted_and_the_last_one_is_graded(
    app, ana, seed_pack
):
    learner_id, assignment_id = ana
    with app.app_context():
        learner = db.session.get(Learner, learner_id)
        attempt, resumed = start_or_resume(learner, db.session.get(Assignment, assignment_id))
        assert not resumed and may_change(attempt)
        _answer(attempt, seed_pack, 1, right=False)
        changed = _answer(attempt, seed_pack, 1, right=True)
        assert changed.correct and len(attempt.responses) == 1
        assert changed.form and changed.changed_at is not None
        submit_attempt(attempt)
        assert attempt.finish_reason == FinishReason.SUBMITTED
        assert attempt.score == pytest.approx(changed.points)
        with pytest.raises(AlreadyAnswered):
            _answer(attempt, seed_pack, 1, right=False)


def test_immediate_feedback_is_final_once_shown(app, ana, seed_pack):
    learner_id, _assignment_id = ana
    with app.app_context():
        attempt_id = make_attempt(app, learner_id, answers=[False], feedback_mode="immediate")
        attempt = db.session.get(Attempt, attempt_id)
        assert not may_change(attempt)
        with pytest.raises(AlreadyAnswered):
            _answer(attempt, seed_pack, 1, right=True)
        assert after_answer(attempt, 1) == ("feedback", 1)
        assert may_open(attempt, 2) and not may_open(attempt, 3)  # the next one, not beyond


def test_deferred_learners_go_anywhere_and_flag_and_the_summary_counts(app, ana, seed_pack):
    learner_id, assignment_id = ana
    with app.app_context():
        attempt_id = make_attempt(app, learner_id, assignment_id, answers=[True, None, True])
        attempt = db.session.get(Attempt, attempt_id)
        total = len(attempt.question_order)
        assert may_open(attempt, total)  # skip ahead
        assert after_answer(attempt, 1) == ("question", 2)
        assert after_answer(attempt, total) == ("summary", None)
        assert toggle_flag(attempt, 3) is True
        summary = attempt_summary(attempt)
        assert summary.answered == 2 and summary.flagged == [3]
        assert summary.unanswered[:2] == [2, 4]
        assert toggle_flag(attempt, 3) is False
        assert attempt_summary(attempt).flagged == []


def test_starting_twice_resumes_and_attempts_run_out(app, ana):
    learner_id, assignment_id = ana
    with app.app_context():
        learner = db.session.get(Learner, learner_id)
        assignment = db.session.get(Assignment, assignment_id)
        first, _ = start_or_resume(learner, assignment)
        again, resumed = start_or_resume(learner, assignment)
        assert resumed and again.id == first.id
        (entry,) = assignment_entries(learner)
        assert entry.unfinished.id == first.id and entry.attempts_left == 0
        submit_attempt(first)
        with pytest.raises(StartRefused) as refused:
            start_or_resume(learner, assignment)
        assert refused.value.no_attempts_left


def test_a_closed_assignment_refuses_to_start(app, ana):
    learner_id, assignment_id = ana
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assignment.closes_at = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()
        with pytest.raises(StartRefused) as refused:
            start_or_resume(db.session.get(Learner, learner_id), assignment)
        assert not refused.value.no_attempts_left


def test_time_left_is_counted_by_the_server_and_a_late_answer_ends_the_attempt(app, ana, seed_pack):
    learner_id, assignment_id = ana
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assignment.time_limit_minutes = 20
        db.session.commit()
        attempt, _ = start_or_resume(db.session.get(Learner, learner_id), assignment)
        now = attempt.started_at + dt.timedelta(minutes=5)
        assert seconds_left(attempt, now) == pytest.approx(15 * 60, abs=2)
        attempt.deadline = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
        with pytest.raises(AttemptOver):
            _answer(attempt, seed_pack, 1, right=True)
        assert attempt.finish_reason == FinishReason.TIME_LIMIT
        assert seconds_left(attempt) is None


def test_the_results_overview_marks_right_wrong_and_unanswered(app, ana, seed_pack):
    learner_id, _ = ana
    with app.app_context():
        attempt_id = make_attempt(
            app,
            learner_id,
            answers=[True, False],
            feedback_mode=FeedbackMode.IMMEDIATE,
            finish=True,
        )
        rows = review_rows(db.session.get(Attempt, attempt_id), seed_pack)
        assert [row.verdict for row in rows[:3]] == ["right", "wrong", "unanswered"]
