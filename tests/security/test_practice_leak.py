"""Practice does not give away a quiz whose feedback waits for the closing time (issue 16,
point 3): before such an assignment closes, nobody practises its pack (its learners signed in,
nor a visitor without an account in another browser), and its attempts show no score."""

import datetime as dt
from zoneinfo import ZoneInfo

from answers import right_form
from factories import SEED_PACK, answer_questions
from pages import Browser
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, Learner, utcnow


def _local(moment: dt.datetime) -> str:
    local = moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Berlin"))
    return local.strftime("%Y-%m-%dT%H:%M")


def text(response) -> str:
    return response.get_data(as_text=True)


def _close_now(app, assignment_id):
    with app.app_context():
        db.session.get(Assignment, assignment_id).closes_at = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()


def _learners(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Learner.id)))


def test_practice_of_the_pack_waits_for_the_close(app, teacher, new_learner_browser, seed_pack):
    classroom_id, code = teacher.create_classroom()
    ana = new_learner_browser()
    ana.join(code, "Ana")
    practised_before = Browser(app.test_client())
    old_attempt = practised_before.start(name="Pat")  # practice started before the assignment
    practised_before.question_key(old_attempt, 1)  # the form was open in the browser

    form = teacher.get(f"/instructor/classrooms/{classroom_id}/assignments/new")
    assert "practice of this quiz is closed for everyone" in text(form)
    closes = utcnow() + dt.timedelta(days=1)
    assignment_id = teacher.assign(
        classroom_id, feedback_mode="after_close", closes_at=_local(closes), attempts_allowed="3"
    )

    # A learner of the class, signed in.
    refused = ana.post(f"/packs/{SEED_PACK}/attempts", {"feedback_mode": "immediate"})
    assert refused.status_code == 409
    assert "practising it (which shows the answers) opens again" in text(refused)
    # A visitor in another browser, without an account: no learner is even made.
    before = _learners(app)
    stranger = Browser(app.test_client())
    anonymous = stranger.post(
        f"/packs/{SEED_PACK}/attempts", {"display_name": "Eve", "feedback_mode": "immediate"}
    )
    assert anonymous.status_code == 409 and _learners(app) == before
    # A practice attempt begun before the assignment shows no more questions or answers.
    for url in (f"/attempts/{old_attempt}/questions/1", f"/attempts/{old_attempt}/results"):
        assert practised_before.get(url).status_code == 409, url
    question = seed_pack.questions[0]
    assert practised_before.answer(old_attempt, 1, **right_form(question)).status_code == 409

    # The class's own attempt: handed in, no score and no answers before the close.
    attempt_id = ana.start_assignment(assignment_id)
    answer_questions(app, attempt_id, range(1, len(seed_pack.questions) + 1))
    assert ana.post(f"/attempts/{attempt_id}/submit").status_code == 303  # "Submit all"
    results = text(ana.get(f"/attempts/{attempt_id}/results"))
    assert "You scored" not in results and "<mark>" not in results
    assert "score and the right answers show after the quiz closes" in results
    start_page = text(ana.get("/"))
    assert "points" not in start_page.split("Quizzes from your teacher")[1].split("</ul>")[0]

    # After the close: the score, the answers and practice are there again.
    _close_now(app, assignment_id)
    after = text(ana.get(f"/attempts/{attempt_id}/results"))
    assert "You scored" in after and "<mark>" in after
    assert (
        ana.post(f"/packs/{SEED_PACK}/attempts", {"feedback_mode": "immediate"}).status_code == 303
    )
    assert practised_before.get(f"/attempts/{old_attempt}/questions/1").status_code == 200


def test_other_feedback_modes_leave_practice_open(app, teacher, new_learner_browser):
    classroom_id, code = teacher.create_classroom()
    ana = new_learner_browser()
    ana.join(code, "Ana")
    closes = _local(utcnow() + dt.timedelta(days=1))
    teacher.assign(classroom_id, feedback_mode="after_attempt", closes_at=closes)
    teacher.assign(classroom_id, feedback_mode="immediate", closes_at=closes)
    assert (
        ana.post(f"/packs/{SEED_PACK}/attempts", {"feedback_mode": "immediate"}).status_code == 303
    )
