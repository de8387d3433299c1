"""Practise what you missed (issue 28, point 3): the results page's practice of just the missed
questions, on the version the graded attempt was pinned to and counted nowhere in the class;
spaced review of missed questions on the home page (a fixed clock: days 0, 1, 4, 11); answers
withheld until an after-close quiz closes stay withheld; the teacher's switch per class."""

import csv
import datetime as dt
import io
import re

import pytest
from answers import right_form, wrong_form
from factories import (
    SEED_PACK,
    make_assignment,
    make_attempt,
    make_classroom,
    make_learner,
    make_pack,
    make_pack_version,
)
from pages import page_text, signed_in_learner

from quizapp import review
from quizapp.constants import FeedbackMode
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    Classroom,
    Learner,
    ReviewItem,
    StoredPack,
    utcnow,
)
from quizapp.packs import pinned_pack

MISSED = 2  # the graded attempt gets its first two questions wrong, the rest right
BUTTON = "Practise the questions I missed"


def first_two_wrong(position, _question):
    return position > MISSED


@pytest.fixture
def graded(app, teacher_id):
    """Ana, in the teacher's class, finished the class quiz with the first two questions wrong;
    returns (classroom id, assignment id, attempt id, Ana's browser)."""
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    learner_id = make_learner(app, classroom_id, "Ana")
    attempt_id = make_attempt(app, learner_id, assignment_id, answers=first_two_wrong)
    return classroom_id, assignment_id, attempt_id, signed_in_learner(app, "Ana")


def practise(browser, attempt_id: int) -> int:
    """Press "Practise the questions I missed" on the results page; returns the new attempt's id."""
    browser.get(f"/attempts/{attempt_id}/results")
    response = browser.post(f"/attempts/{attempt_id}/practise-missed")
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    found = re.search(r"/attempts/(\d+)/questions/1$", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def answer_all(app, browser, attempt_id: int, right) -> None:
    """Answer every question of an attempt through its pages; `right(question_id)` says how."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        order = list(attempt.question_order)
        pack = pinned_pack(attempt)
    for position, question_id in enumerate(order, start=1):
        question = pack.question(question_id)
        fields = right_form(question) if right(question_id) else wrong_form(question)
        response = browser.answer(attempt_id, position, **fields)
        assert response.status_code == 303, response.get_data(as_text=True)[-2000:]


def missed_ids(app, attempt_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.get(Attempt, attempt_id).question_order[:MISSED])


# -- the results page's practice ---------------------------------------------------------------


def test_the_results_page_offers_to_practise_the_missed_questions(app, graded):
    _classroom_id, _assignment_id, attempt_id, ana = graded
    page = ana.get(f"/attempts/{attempt_id}/results")
    body = page.get_data(as_text=True)
    assert "You missed 2 questions." in page_text(page)
    assert BUTTON in body
    assert f'action="/attempts/{attempt_id}/practise-missed"' in body
    assert 'name="csrf_token"' in body.split("/practise-missed")[1][:200]


def test_an_attempt_all_right_offers_nothing(app, graded):
    classroom_id, _assignment_id, _attempt_id, _ana = graded
    assignment_id = make_assignment(app, classroom_id)
    with app.app_context():
        learner_id = db.session.scalar(db.select(Learner.id).filter_by(display_name="Ana"))
    attempt_id = make_attempt(app, learner_id, assignment_id)
    ana = signed_in_learner(app, "Ana")
    assert BUTTON not in ana.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    refused = ana.post(f"/attempts/{attempt_id}/practise-missed")
    assert refused.status_code == 409
    assert "nothing to practise" in page_text(refused)


def test_the_practice_holds_just_the_missed_questions_as_a_practice_attempt(app, graded):
    _classroom_id, _assignment_id, attempt_id, ana = graded
    practice_id = practise(ana, attempt_id)
    with app.app_context():
        graded_attempt = db.session.get(Attempt, attempt_id)
        practice = db.session.get(Attempt, practice_id)
        assert practice.assignment_id is None
        assert practice.review_of_id == attempt_id
        assert practice.learner_id == graded_attempt.learner_id
        assert practice.pack_slug == graded_attempt.pack_slug
        assert practice.pack_version_id == graded_attempt.pack_version_id
        assert practice.question_order == graded_attempt.question_order[:MISSED]
        assert practice.feedback_mode == FeedbackMode.IMMEDIATE
        assert practice.max_score == MISSED
    answer_all(app, ana, practice_id, right=lambda _q: True)
    results = page_text(ana.get(f"/attempts/{practice_id}/results"))
    assert f"You scored {MISSED} of {MISSED} points" in results
    assert BUTTON not in results


def test_a_practice_of_a_practice_reviews_the_graded_attempt(app, graded):
    _classroom_id, _assignment_id, attempt_id, ana = graded
    practice_id = practise(ana, attempt_id)
    answer_all(app, ana, practice_id, right=lambda _q: False)
    again_id = practise(ana, practice_id)
    with app.app_context():
        again = db.session.get(Attempt, again_id)
        assert again.review_of_id == attempt_id
        assert again.question_order == missed_ids(app, attempt_id)


def test_the_practice_is_of_the_pinned_version_not_a_newer_one(app, teacher_id):
    pack_id = make_pack(app, teacher_id, "my-pack")
    make_pack_version(app, pack_id)
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id, "my-pack")
    learner_id = make_learner(app, classroom_id, "Ana")
    attempt_id = make_attempt(app, learner_id, assignment_id, answers=first_two_wrong)
    first_missed = missed_ids(app, attempt_id)[0]
    with app.app_context():
        stored = db.session.get(StoredPack, pack_id)
        draft = dict(stored.draft)
        draft["questions"] = [
            {**q, "prompt": {"en": "A newer prompt?", "de": "Eine neuere Frage?"}}
            if q["id"] == first_missed
            else q
            for q in draft["questions"]
        ]
        stored.draft = draft
        db.session.commit()
        pinned = db.session.get(Assignment, assignment_id).pack_version_id
    newer = make_pack_version(app, pack_id)
    assert newer != pinned
    ana = signed_in_learner(app, "Ana")
    practice_id = practise(ana, attempt_id)
    with app.app_context():
        assert db.session.get(Attempt, practice_id).pack_version_id == pinned
    page = page_text(ana.get(f"/attempts/{practice_id}/questions/1"))
    assert "A newer prompt?" not in page


def test_another_learner_cannot_practise_ones_attempt(app, graded):
    classroom_id, _assignment_id, attempt_id, _ana = graded
    make_learner(app, classroom_id, "Ben")
    ben = signed_in_learner(app, "Ben")
    assert ben.post(f"/attempts/{attempt_id}/practise-missed").status_code == 404


# -- counted nowhere in the class ---------------------------------------------------------------


@pytest.fixture
def practised(app, graded):
    """The graded fixture with Ana's practice of her missed questions finished, all right."""
    classroom_id, assignment_id, attempt_id, ana = graded
    practice_id = practise(ana, attempt_id)
    answer_all(app, ana, practice_id, right=lambda _q: True)
    return classroom_id, assignment_id, attempt_id, practice_id


def test_the_dashboard_counts_only_the_graded_attempt(app, teacher, practised, seed_pack):
    _classroom_id, assignment_id, attempt_id, practice_id = practised
    body = page_text(teacher.get(f"/instructor/assignments/{assignment_id}"))
    assert "Finished: 1 · In progress: 0 · Not started: 0" in body
    total = seed_pack.max_points
    assert re.search(rf"Ana Finished {total - MISSED:g} / {total:g}", body), body[:3000]
    html = teacher.get(f"/instructor/assignments/{assignment_id}").get_data(as_text=True)
    assert f"/instructor/attempts/{attempt_id}" in html
    assert f"/instructor/attempts/{practice_id}" not in html


def test_statistics_count_only_the_graded_attempt(app, teacher, practised, seed_pack):
    from quizapp.instructor.reports import analyse, assignment_attempts
    from quizapp.views import page_texts

    _classroom_id, assignment_id, attempt_id, _practice_id = practised
    with app.app_context(), app.test_request_context():
        attempts = assignment_attempts(db.session.get(Assignment, assignment_id))
        analysis = analyse(seed_pack, attempts, page_texts)
    assert [a.id for a in attempts] == [attempt_id]
    assert analysis.test.attempts == 1
    missed = set(missed_ids(app, attempt_id))
    for item in analysis.items:
        assert item.stats.attempts == 1
        assert item.stats.facility == (0.0 if item.question.id in missed else 1.0), item.stats


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_exports_hold_only_the_graded_attempt(app, teacher, practised, seed_pack):
    classroom_id, _assignment_id, _attempt_id, _practice_id = practised
    url = f"/instructor/classrooms/{classroom_id}/export?format=csv&delimiter=semicolon&what="
    scores = read_csv(teacher.get(url + "scores").data)
    assert len(scores) == 2  # the header and Ana's one row
    assert f"{seed_pack.max_points - MISSED:g}" in scores[1]
    responses = read_csv(teacher.get(url + "responses").data)
    assert len(responses) == 1 + len(seed_pack.questions)  # one attempt's rows, no practice's


# -- answers withheld until the quiz closes ---------------------------------------------------


def test_an_after_close_quiz_offers_no_practice_before_it_closes(app, teacher_id, monkeypatch):
    classroom_id = make_classroom(app, teacher_id)
    closes = utcnow() + dt.timedelta(days=5)
    assignment_id = make_assignment(
        app, classroom_id, feedback_mode=FeedbackMode.AFTER_CLOSE, closes_at=closes
    )
    learner_id = make_learner(app, classroom_id, "Ana")
    attempt_id = make_attempt(app, learner_id, assignment_id, answers=first_two_wrong)
    ana = signed_in_learner(app, "Ana")
    results = ana.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert BUTTON not in results and "practise-missed" not in results
    refused = ana.post(f"/attempts/{attempt_id}/practise-missed")
    assert refused.status_code == 409
    assert "not shown yet" in page_text(refused)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Attempt)) == 1
    monkeypatch.setattr(review, "utcnow", lambda: closes - dt.timedelta(hours=1))
    assert "questions to review" not in page_text(ana.get("/"))
    assert ana.post("/review", {"pack_version": pinned_version(app, attempt_id)}).status_code == 409
    monkeypatch.setattr(review, "utcnow", lambda: closes + dt.timedelta(days=1))
    assert "2 questions to review from" in page_text(ana.get("/"))


def pinned_version(app, attempt_id: int) -> int:
    with app.app_context():
        return db.session.get(Attempt, attempt_id).pack_version_id


# -- the teacher's switch ---------------------------------------------------------------------


def test_the_teacher_switches_practice_off_for_the_class(app, teacher, graded, monkeypatch):
    classroom_id, _assignment_id, attempt_id, ana = graded
    page = teacher.get(f"/instructor/classrooms/{classroom_id}")
    assert "Practising missed questions is on." in page_text(page)
    switched = teacher.post(f"/instructor/classrooms/{classroom_id}/review", {"enabled": "0"})
    assert switched.status_code == 303
    page = teacher.get(f"/instructor/classrooms/{classroom_id}")
    assert "Practising missed questions is off." in page_text(page)
    with app.app_context():
        assert db.session.get(Classroom, classroom_id).review_enabled is False

    assert BUTTON not in ana.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    refused = ana.post(f"/attempts/{attempt_id}/practise-missed")
    assert refused.status_code == 403
    assert "Your teacher has switched off practising missed questions." in page_text(refused)
    monkeypatch.setattr(review, "utcnow", lambda: utcnow() + dt.timedelta(days=1))
    assert "questions to review" not in page_text(ana.get("/"))
    assert ana.post("/review", {"pack_version": pinned_version(app, attempt_id)}).status_code == 403

    teacher.post(f"/instructor/classrooms/{classroom_id}/review", {"enabled": "1"})
    assert "2 questions to review from" in page_text(ana.get("/"))


def test_the_switch_needs_the_form_token_and_the_classs_teacher(
    app, teacher, graded, other_teacher
):
    classroom_id, *_rest = graded
    url = f"/instructor/classrooms/{classroom_id}/review"
    assert teacher.post(url, {"enabled": "0"}, csrf=False).status_code == 400
    assert other_teacher.post(url, {"enabled": "0"}).status_code == 404
    with app.app_context():
        assert db.session.get(Classroom, classroom_id).review_enabled is True


# -- spaced review on the home page, with a fixed clock ---------------------------------------


def review_state(app, attempt_id: int) -> dict[str, tuple]:
    with app.app_context():
        items = db.session.scalars(db.select(ReviewItem).order_by(ReviewItem.id))
        return {i.question_id: (i.due_on, i.right_count, i.last_right) for i in items}


def test_missed_questions_come_back_on_the_home_page_after_1_3_and_7_days(
    app, graded, monkeypatch, seed_pack
):
    _classroom_id, _assignment_id, attempt_id, ana = graded
    first, second = missed_ids(app, attempt_id)
    with app.app_context():
        missed_on = db.session.get(Attempt, attempt_id).finished_at.date()

    def day(n: int) -> dt.datetime:
        return dt.datetime.combine(missed_on + dt.timedelta(days=n), dt.time(12))

    def on_day(n: int) -> str:
        monkeypatch.setattr(review, "utcnow", lambda: day(n))
        return page_text(ana.get("/"))

    assert review_state(app, attempt_id) == {
        first: (day(1).date(), 0, False),
        second: (day(1).date(), 0, False),
    }
    assert "questions to review" not in on_day(0)
    # Practising straight away (day 0) is extra: nothing is due, so the schedule stays.
    answer_all(app, ana, practise(ana, attempt_id), right=lambda _q: True)
    assert review_state(app, attempt_id)[first] == (day(1).date(), 0, False)

    title = seed_pack.title["en"]
    assert f"2 questions to review from {title}" in on_day(1)
    review_id = start_review(app, ana, attempt_id)
    with app.app_context():
        assert db.session.get(Attempt, review_id).question_order == [first, second]
    answer_all(app, ana, review_id, right=lambda q: q == first)
    assert review_state(app, attempt_id) == {
        first: (day(4).date(), 1, True),
        second: (day(4).date(), 0, False),
    }
    assert "questions to review" not in on_day(2)

    assert f"2 questions to review from {title}" in on_day(4)
    answer_all(app, ana, start_review(app, ana, attempt_id), right=lambda _q: True)
    assert review_state(app, attempt_id) == {
        first: (None, 2, True),  # right twice: done
        second: (day(11).date(), 1, True),
    }
    assert "questions to review" not in on_day(10)

    assert f"1 question to review from {title}" in on_day(11)
    answer_all(app, ana, start_review(app, ana, attempt_id), right=lambda _q: True)
    assert review_state(app, attempt_id)[second] == (None, 2, True)
    assert "questions to review" not in on_day(30)
    assert ana.post("/review", {"pack_version": pinned_version(app, attempt_id)}).status_code == 409


def start_review(app, browser, attempt_id: int) -> int:
    """Press the home page's review button of the graded attempt's quiz; returns the attempt."""
    page = browser.get("/").get_data(as_text=True)
    version = pinned_version(app, attempt_id)
    assert f'name="pack_version" value="{version}"' in page
    response = browser.post("/review", {"pack_version": version})
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    return int(re.search(r"/attempts/(\d+)/questions/1$", response.headers["Location"]).group(1))


def test_a_new_miss_starts_the_review_over(app, graded):
    _classroom_id, assignment_id, attempt_id, _ana = graded
    first, _second = missed_ids(app, attempt_id)
    with app.app_context():
        item = db.session.scalar(db.select(ReviewItem).filter_by(question_id=first))
        item.right_count, item.due_on = 1, dt.date(2000, 1, 1)
        db.session.get(Assignment, assignment_id).attempts_allowed = 2
        learner_id = db.session.get(Attempt, attempt_id).learner_id
        db.session.commit()
    again = make_attempt(app, learner_id, assignment_id, answers=lambda _p, q: q.id != first)
    with app.app_context():
        item = db.session.scalar(db.select(ReviewItem).filter_by(question_id=first))
        assert item.right_count == 0 and item.missed_in_id == again
        assert item.due_on == item.missed_at.date() + dt.timedelta(days=1)


def test_practice_on_ones_own_makes_no_review_items(app):
    learner_id = make_learner(app, None, "Pat")
    make_attempt(app, learner_id, None, answers=first_two_wrong, pack_slug=SEED_PACK)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ReviewItem)) == 0


def test_the_pages_in_german(app, graded, monkeypatch):
    _classroom_id, _assignment_id, attempt_id, ana = graded
    ana.post("/language", {"language": "de", "next": "/"})
    results = page_text(ana.get(f"/attempts/{attempt_id}/results"))
    assert "Meine verpassten Fragen üben" in results
    monkeypatch.setattr(review, "utcnow", lambda: utcnow() + dt.timedelta(days=1))
    assert "2 Fragen zum Wiederholen aus Belarus und der Krieg in der Ukraine" in page_text(
        ana.get("/")
    )


def test_an_unfinished_attempt_sends_the_learner_back_to_it(app, teacher_id, new_learner_browser):
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    learner_id = make_learner(app, classroom_id, "Ana")
    attempt_id = make_attempt(app, learner_id, assignment_id, answers=[False])
    ana = signed_in_learner(app, "Ana")
    response = ana.post(f"/attempts/{attempt_id}/practise-missed")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}")
    anonymous = new_learner_browser()
    response = anonymous.post("/review", {"pack_version": 1})
    assert response.status_code == 303 and response.headers["Location"].endswith("/sign-in")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Attempt)) == 1
