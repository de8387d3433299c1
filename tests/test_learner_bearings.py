"""The learner's bearings: time left, going back and flagging in a deferred mode, the summary page,
the results overview and a home page that puts the class's quizzes first."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from answers import right_form, wrong_form
from factories import answer_questions
from pages import page_text

from quizapp.extensions import db
from quizapp.models import Attempt


@pytest.fixture
def ana_in_class(app, teacher, new_learner_browser):
    classroom_id, code = teacher.create_classroom()
    ana = new_learner_browser()
    assert ana.join(code, "Ana").status_code == 303
    return classroom_id, ana


def _order(app, attempt_id):
    with app.app_context():
        return list(db.session.get(Attempt, attempt_id).question_order)


def test_a_timed_attempt_shows_the_time_left_and_the_deadline_on_every_page(
    app, teacher, ana_in_class, seed_pack
):
    classroom_id, ana = ana_in_class
    attempt_id = ana.start_assignment(teacher.assign(classroom_id, time_limit_minutes="20"))
    page = ana.get(f"/attempts/{attempt_id}/questions/1")
    shown = page_text(page)
    assert "Time left: 20 min 0 s" in shown or "Time left: 19 min" in shown
    with app.app_context():
        deadline = db.session.get(Attempt, attempt_id).deadline
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
    local = deadline.replace(tzinfo=dt.UTC).astimezone(zone)
    assert f"ends at {local:%-I:%M} {local:%p}" in shown  # the clock time, without seconds
    assert 'src="/static/timer.js"' in page.get_data(as_text=True)
    assert "5 minutes left." in page.get_data(as_text=True)  # said once, politely, by the script


def test_deferred_mode_lets_the_learner_go_back_change_flag_and_submit(
    app, teacher, ana_in_class, seed_pack
):
    classroom_id, ana = ana_in_class
    attempt_id = ana.start_assignment(teacher.assign(classroom_id))
    order = _order(app, attempt_id)
    first = seed_pack.question(order[0])
    answered = ana.answer(attempt_id, 1, **wrong_form(first))
    assert answered.headers["Location"].endswith(f"/attempts/{attempt_id}/questions/2")
    back = ana.get(f"/attempts/{attempt_id}/questions/1")
    assert "You may change it until you submit" in page_text(back)
    assert "Previous question" not in page_text(back)  # the first question has none
    for name, value in wrong_form(first).items():  # the stored answer, filled in again
        filled = rf'name="{name}"[^>]*value="{re.escape(str(value))}"'
        assert re.search(filled, back.get_data(as_text=True)), name
    changed = ana.answer(attempt_id, 1, **right_form(first))
    assert changed.status_code == 303
    assert ana.post(f"/attempts/{attempt_id}/questions/3/flag").status_code == 303
    summary = page_text(ana.get(f"/attempts/{attempt_id}/summary"))
    assert "1 of 36 questions answered" in summary.replace(str(len(order)), "36")
    assert "You flagged 1 question." in summary
    assert ana.post(f"/attempts/{attempt_id}/submit").status_code == 303
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finished and attempt.responses[0].correct  # the changed answer is graded
    again = ana.answer(attempt_id, 1, **wrong_form(first))
    assert again.status_code == 409


def test_the_summary_lists_unanswered_questions_and_links_each(app, teacher, ana_in_class):
    classroom_id, ana = ana_in_class
    attempt_id = ana.start_assignment(teacher.assign(classroom_id))
    page = ana.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    total = len(_order(app, attempt_id))
    assert page.count("Not answered") == total
    assert f'href="/attempts/{attempt_id}/questions/{total}"' in page
    assert "Submit all and finish" in page


def test_the_results_page_opens_with_an_overview_linking_to_each_card(app, browser):
    attempt_id = browser.start(feedback_mode="immediate")
    answer_questions(app, attempt_id, [1], right=True)
    answer_questions(app, attempt_id, [2], right=False)
    assert browser.post(f"/attempts/{attempt_id}/submit").status_code == 303
    page = browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    overview = page[page.index('id="overview-heading"') : page.index("Every question")]
    assert 'href="#question-1" class="verdict right"' in overview
    assert 'href="#question-2" class="verdict wrong"' in overview
    assert 'class="verdict unanswered"' in overview
    assert 'id="question-2"' in page


def test_the_home_page_puts_the_class_quiz_first_with_its_progress(
    app, teacher, ana_in_class, seed_pack
):
    classroom_id, ana = ana_in_class
    closes = (dt.datetime.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assignment_id = teacher.assign(classroom_id, time_limit_minutes="30", closes_at=closes)
    attempt_id = ana.start_assignment(assignment_id)
    first = seed_pack.question(_order(app, attempt_id)[0])
    ana.answer(attempt_id, 1, **right_form(first))
    home = page_text(ana.get("/"))
    total = len(seed_pack.questions)
    assert home.index("Quizzes from your teacher") < home.index("Practise on your own")
    assert f"{total} questions" in home and f"1 of {total} answered" in home
    assert "Time limit: 30 minutes" in home and "Open until" in home
    assert "Continue this quiz" in home and home.count("Continue") == 1
    assert "only you see your score" in home


def test_a_learner_cannot_flag_or_submit_someone_elses_attempt(
    app, teacher, ana_in_class, new_learner_browser
):
    classroom_id, ana = ana_in_class
    attempt_id = ana.start_assignment(teacher.assign(classroom_id))
    stranger = new_learner_browser()
    stranger.start()
    assert stranger.post(f"/attempts/{attempt_id}/submit").status_code == 404
    assert stranger.post(f"/attempts/{attempt_id}/questions/1/flag").status_code == 404
    assert stranger.get(f"/attempts/{attempt_id}/summary").status_code == 404
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finished_at is None
