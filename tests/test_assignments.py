"""Assignments: open and close times, the time limit, attempts, shuffling, feedback modes, languages."""

import datetime as dt
import re

import factories
import pytest
from answers import right_form
from pages import class_member, page_html

from quizapp.constants import FeedbackMode
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Response, utcnow


def answer_all_and_submit(app, learner, attempt_id, pack):
    """Every question answered right (through the app's functions: answering is not under test
    here), then "Submit all" pressed on the summary page, as the learner does."""
    factories.answer_questions(app, attempt_id, range(1, len(pack.questions) + 1))
    assert learner.post(f"/attempts/{attempt_id}/submit").status_code == 303


@pytest.fixture
def klass(app, teacher, teacher_id):
    """A classroom with one learner, Ana, signed in: (classroom id, Ana's browser)."""
    classroom_id = factories.make_classroom(app, teacher_id)
    return classroom_id, class_member(app, classroom_id, "Ana")


def assign(app, classroom_id, **settings) -> int:
    """An assignment made with the factories (the assignment form is tested where it matters)."""
    return factories.make_assignment(app, classroom_id, **settings)


def test_an_assigned_quiz_is_offered_to_the_class_and_taken(app, teacher, klass, seed_pack, in_app):
    classroom_id, ana = klass
    assignment_id = teacher.assign(classroom_id)
    page = ana.get("/")
    assert f'action="/assignments/{assignment_id}/attempts"' in page.get_data(as_text=True)
    attempt_id = ana.start_assignment(assignment_id)
    first = seed_pack.question(factories.attempt_order(app, attempt_id)[0])
    assert ana.answer(attempt_id, 1, **right_form(first)).status_code == 303
    factories.answer_questions(app, attempt_id, range(2, len(seed_pack.questions) + 1))
    assert ana.post(f"/attempts/{attempt_id}/submit").status_code == 303
    with in_app():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finished and attempt.finish_reason == "submitted"
        assert attempt.assignment_id == assignment_id
        assert attempt.score == pytest.approx(seed_pack.max_points)


def test_the_time_limit_is_enforced_on_the_server(app, klass, seed_pack, in_app):
    classroom_id, ana = klass
    attempt_id = ana.start_assignment(assign(app, classroom_id, time_limit_minutes=10))
    with in_app():
        attempt = db.session.get(Attempt, attempt_id)
        limit = attempt.deadline - attempt.started_at
        assert dt.timedelta(minutes=9) < limit <= dt.timedelta(minutes=10)
    factories.answer_questions(app, attempt_id, range(1, 4))
    key = ana.question_key(attempt_id, 4)
    with in_app():  # eleven minutes later
        attempt = db.session.get(Attempt, attempt_id)
        attempt.started_at -= dt.timedelta(minutes=11)
        attempt.deadline -= dt.timedelta(minutes=11)
        db.session.commit()
    question = seed_pack.question(factories.attempt_order(app, attempt_id)[3])
    late = ana.post(
        f"/attempts/{attempt_id}/questions/4", {"question": key, **right_form(question)}
    )
    assert late.status_code == 303 and late.headers["Location"].endswith("/results")
    results = ana.get(late.headers["Location"])
    assert "Your time is up" in page_html(results)
    with in_app():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finished and attempt.finish_reason == "time_limit"
        assert attempt.finished_at == attempt.deadline
        assert db.session.query(Response).filter_by(attempt_id=attempt_id).count() == 3
        assert attempt.score == pytest.approx(sum(r.points for r in attempt.responses))


def test_closed_and_not_yet_open_assignments_cannot_be_started(app, klass, in_app):
    classroom_id, ana = klass
    soon = assign(app, classroom_id, opens_at=utcnow() + dt.timedelta(days=2))
    over = assign(
        app,
        classroom_id,
        opens_at=utcnow() - dt.timedelta(days=2),
        closes_at=utcnow() - dt.timedelta(days=1),
    )
    page = ana.get("/").get_data(as_text=True)
    assert f"/assignments/{soon}/attempts" not in page
    assert f"/assignments/{over}/attempts" not in page
    for assignment_id in (soon, over):
        assert ana.post(f"/assignments/{assignment_id}/attempts").status_code == 409
    with in_app():
        assert db.session.query(Attempt).count() == 0


def test_opening_times_are_read_in_the_schools_time_zone(teacher, klass, in_app):
    classroom_id, _ana = klass
    assignment_id = teacher.assign(
        classroom_id, opens_at="2026-07-01T08:00", closes_at="2026-07-01T09:30"
    )
    with in_app():
        assignment = db.session.get(Assignment, assignment_id)
        assert assignment.opens_at == dt.datetime(2026, 7, 1, 6, 0)  # CEST is UTC+2
        assert assignment.closes_at == dt.datetime(2026, 7, 1, 7, 30)


def test_the_number_of_attempts_is_limited(app, klass, seed_pack, in_app):
    classroom_id, ana = klass
    assignment_id = assign(app, classroom_id, attempts_allowed=1)
    attempt_id = ana.start_assignment(assignment_id)
    again = ana.post(f"/assignments/{assignment_id}/attempts")
    assert again.headers["Location"].endswith(f"/attempts/{attempt_id}")  # resumes, no new one
    answer_all_and_submit(app, ana, attempt_id, seed_pack)
    refused = ana.post(f"/assignments/{assignment_id}/attempts")
    assert refused.status_code == 409 and "all the attempts" in page_html(refused)
    with in_app():
        assert db.session.query(Attempt).count() == 1


def test_shuffled_questions_and_options_stay_put_within_an_attempt(
    app, teacher_classroom_learners, seed_pack, in_app
):
    classroom_id, learners = teacher_classroom_learners
    assignment_id = assign(app, classroom_id, shuffle_questions=True, shuffle_options=True)
    pack_order = [q.id for q in seed_pack.questions]
    orders = []
    for learner in learners:
        attempt_id = learner.start_assignment(assignment_id)
        orders.append(factories.attempt_order(app, attempt_id))
        first = learner.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
        again = learner.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
        options = re.findall(r'name="answer" value="([^"]+)"', first)
        assert options == re.findall(r'name="answer" value="([^"]+)"', again)
    assert all(sorted(order) == sorted(pack_order) for order in orders)
    assert any(order != pack_order for order in orders)
    assert len({tuple(order) for order in orders}) > 1
    # Options: across the learners at least one choice question shows its options reordered.
    choice = next(q for q in seed_pack.questions if len(q.options) >= 4)
    seen = set()
    for learner, order in zip(learners, orders, strict=True):
        attempt_id = _attempt_of(in_app, learner, assignment_id)
        position = order.index(choice.id) + 1
        factories.answer_questions(app, attempt_id, range(1, position))
        page = learner.get(f"/attempts/{attempt_id}/questions/{position}").get_data(as_text=True)
        seen.add(tuple(re.findall(r'name="answer" value="([^"]+)"', page)))
    assert len(seen) > 1


def _attempt_of(in_app, learner, assignment_id) -> int:
    page = learner.get("/").get_data(as_text=True)
    return int(re.search(r'action="/attempts/(\d+)"', page).group(1))


@pytest.fixture
def teacher_classroom_learners(app, teacher, teacher_id):
    classroom_id = factories.make_classroom(app, teacher_id)
    names = ("Ana", "Ben", "Cleo", "Dana")
    learners = [class_member(app, classroom_id, name) for name in names]
    return classroom_id, learners


def test_feedback_after_the_closing_time_waits_for_it(app, klass, seed_pack, in_app):
    classroom_id, ana = klass
    closes = utcnow() + dt.timedelta(days=1)
    assignment_id = assign(
        app, classroom_id, feedback_mode=FeedbackMode.AFTER_CLOSE, closes_at=closes
    )
    attempt_id = ana.start_assignment(assignment_id)
    answer_all_and_submit(app, ana, attempt_id, seed_pack)
    before = page_html(ana.get(f"/attempts/{attempt_id}/results"))
    assert "You scored" not in before  # the score, too, would give the answers away
    assert "<mark>" not in before and "after the quiz closes" in before
    with in_app():
        db.session.get(Assignment, assignment_id).closes_at = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()
    after = ana.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "<mark>" in after


def test_immediate_feedback_mode_of_an_assignment(app, klass, seed_pack, in_app):
    classroom_id, ana = klass
    assignment_id = assign(app, classroom_id, feedback_mode=FeedbackMode.IMMEDIATE)
    attempt_id = ana.start_assignment(assignment_id)
    question = seed_pack.question(factories.attempt_order(app, attempt_id)[0])
    response = ana.answer(attempt_id, 1, **right_form(question))
    assert response.headers["Location"].endswith("#feedback")
    assert "<mark>" in ana.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)


def test_an_assignment_can_fix_the_language(app, klass):
    classroom_id, ana = klass
    attempt_id = ana.start_assignment(assign(app, classroom_id, languages=["de"]))
    page = ana.get(f"/attempts/{attempt_id}/questions/1", headers={"Accept-Language": "en"})
    body = page.get_data(as_text=True)
    assert '<html lang="de">' in body
    assert 'value="en"' not in re.search(r'class="language-switcher".*?</form>', body, re.S).group(
        0
    )


@pytest.mark.parametrize(
    "settings,message",
    [
        ({"opens_at": "2026-07-01T10:00", "closes_at": "2026-07-01T09:00"}, "must be after"),
        ({"feedback_mode": "after_close"}, "needs a closing time"),
        ({"pack_slug": "no-such-pack"}, "Not a valid choice"),
        ({"attempts_allowed": "0"}, "Between 1 and 50"),
        ({"time_limit_minutes": "-5"}, "between 1 and 600"),
        ({"feedback_mode": "whenever"}, "Not a valid choice"),
        ({"opens_at": "tomorrow"}, "Not a valid datetime"),
    ],
)
def test_bad_assignment_settings_are_refused(teacher, klass, in_app, settings, message):
    classroom_id, _ana = klass
    data = {
        "pack_slug": "belarus-ukraine-war",
        "attempts_allowed": "1",
        "feedback_mode": "after_attempt",
        **settings,
    }
    response = teacher.post(f"/instructor/classrooms/{classroom_id}/assignments/new", data)
    assert response.status_code == 422
    assert message.lower() in page_html(response).lower()
    with in_app():
        assert db.session.query(Assignment).count() == 0


def test_the_database_holds_at_most_one_open_attempt_per_assignment(app, klass, in_app):
    """Two clicks on Start at the same moment cannot open two attempts (a unique index)."""
    import sqlalchemy.exc

    classroom_id, ana = klass
    assignment_id = assign(app, classroom_id, attempts_allowed=3)
    attempt_id = ana.start_assignment(assignment_id)
    with in_app():
        first = db.session.get(Attempt, attempt_id)
        twin = Attempt(
            learner_id=first.learner_id,
            assignment_id=assignment_id,
            pack_slug=first.pack_slug,
            feedback_mode=first.feedback_mode,
            question_order=first.question_order,
            max_score=first.max_score,
        )
        db.session.add(twin)
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
        first.finished_at = utcnow()
        db.session.commit()
        db.session.add(
            Attempt(
                learner_id=first.learner_id,
                assignment_id=assignment_id,
                pack_slug=first.pack_slug,
                feedback_mode=first.feedback_mode,
                question_order=first.question_order,
                max_score=first.max_score,
            )
        )
        db.session.commit()  # once the first is finished, a new one may open
