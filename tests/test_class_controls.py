"""The teacher's controls: edit an assignment, delete an assignment or a class and remove a learner
through confirmation pages, sort the dashboard, the live view and the projector view."""

import datetime as dt
import re

import pytest
from factories import make_assignment, make_attempt, make_classroom, make_learner
from pages import page_text
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Classroom, Learner, utcnow


@pytest.fixture
def filled(app, teacher, teacher_id):
    """Ana finished, Ben answered three questions and is still going, Cleo has not started."""
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id, attempts_allowed=2)
    learners = {name: make_learner(app, classroom_id, name) for name in ("Ana", "Ben", "Cleo")}
    make_attempt(app, learners["Ana"], assignment_id, answers=lambda pos, _q: pos % 2 == 0)
    make_attempt(app, learners["Ben"], assignment_id, answers=[True] * 3)
    return classroom_id, assignment_id, learners


def count(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_editing_the_closing_time_moves_the_deadline_of_running_attempts(app, teacher, filled):
    _classroom_id, assignment_id, learners = filled
    form = teacher.get(f"/instructor/assignments/{assignment_id}/edit")
    assert form.status_code == 200
    assert "Attempts that are running when you save follow the new closing time" in page_text(form)
    closes = dt.datetime.now() + dt.timedelta(days=1)
    saved = teacher.post(
        f"/instructor/assignments/{assignment_id}/edit",
        {
            "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
            "time_limit_minutes": "45",
            "attempts_allowed": "3",
            "feedback_mode": "after_close",
        },
    )
    assert saved.status_code == 303
    assert "1 running attempt follows them" in page_text(teacher.get(saved.headers["Location"]))
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert assignment.attempts_allowed == 3 and assignment.feedback_mode == "after_close"
        running = db.session.scalar(select(Attempt).filter_by(learner_id=learners["Ben"]))
        assert running.deadline == running.started_at + dt.timedelta(minutes=45)
        finished = db.session.scalar(select(Attempt).filter_by(learner_id=learners["Ana"]))
        assert finished.deadline is None and finished.finished


def test_an_invalid_edit_is_refused_next_to_its_field(teacher, filled):
    _classroom_id, assignment_id, _ = filled
    page = teacher.post(
        f"/instructor/assignments/{assignment_id}/edit",
        {"attempts_allowed": "0", "feedback_mode": "after_attempt"},
    )
    assert page.status_code == 422 and "Between 1 and 50 attempts." in page_text(page)


def test_deleting_an_assignment_asks_first_and_says_what_goes(app, teacher, filled):
    classroom_id, assignment_id, _ = filled
    ask = teacher.get(f"/instructor/assignments/{assignment_id}/delete")
    assert ask.status_code == 200
    said = page_text(ask)
    assert "2 attempts with their answers and scores (1 still running)" in said
    assert "the results of 2 learners" in said and "Cancel, keep everything" in said
    assert count(app, Assignment) == 1  # asking deleted nothing
    done = teacher.post(f"/instructor/assignments/{assignment_id}/delete")
    assert done.headers["Location"].endswith(f"/instructor/classrooms/{classroom_id}")
    assert count(app, Assignment) == 0 and count(app, Attempt) == 0
    assert count(app, Learner) == 3


def test_removing_a_learner_says_how_many_attempts_go(app, teacher, filled):
    classroom_id, _assignment_id, learners = filled
    url = f"/instructor/classrooms/{classroom_id}/learners/{learners['Ana']}/remove"
    page = teacher.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    assert f'href="{url}"' in page  # a link to the question, not a button that removes at once
    ask = page_text(teacher.get(url))
    assert "Remove Ana from 9b English?" in ask and "1 attempt is deleted with them" in ask
    assert count(app, Learner) == 3
    assert teacher.post(url).status_code == 303
    assert count(app, Learner) == 2 and count(app, Attempt) == 1


def test_deleting_a_class_lists_learners_quizzes_and_attempts(app, teacher, filled):
    classroom_id, _, _ = filled
    ask = page_text(teacher.get(f"/instructor/classrooms/{classroom_id}/delete"))
    assert "3 learners and their PINs" in ask and "1 assigned quiz" in ask
    assert "2 attempts with their answers (1 still running)" in ask
    assert teacher.post(f"/instructor/classrooms/{classroom_id}/delete").status_code == 303
    assert count(app, Classroom) == 0 and count(app, Learner) == 0 and count(app, Attempt) == 0


def test_the_dashboard_sorts_by_score_and_says_which_attempt_it_shows(teacher, filled):
    _, assignment_id, _ = filled
    page = teacher.get(f"/instructor/assignments/{assignment_id}?sort=score&order=desc")
    body = page.get_data(as_text=True)
    assert 'aria-sort="descending"' in body
    names = re.findall(r'<th scope="row">(\w+)</th>', body)
    assert names[0] == "Ana"  # the only finished score first
    shown = page_text(page)
    assert "Attempt 1 (best)" in shown
    assert "the statistics below count each learner's first finished attempt" in shown
    by_name = teacher.get(f"/instructor/assignments/{assignment_id}?sort=name&order=desc")
    assert re.findall(r'<th scope="row">(\w+)</th>', by_name.get_data(as_text=True))[:3] == [
        "Cleo",
        "Ben",
        "Ana",
    ]
    assert teacher.get(f"/instructor/assignments/{assignment_id}?sort=nonsense").status_code == 200


def test_the_live_view_says_who_is_on_which_question_and_refreshes_its_table(teacher, filled):
    _, assignment_id, _ = filled
    page = teacher.get(f"/instructor/assignments/{assignment_id}/live")
    shown = page_text(page)
    assert "3 learners have joined the class" in shown and "2 started · 1 finished" in shown
    row = re.search(r"Ben\s+In progress\s+(\d+)\s+3 of (\d+)\s+3", shown)
    assert row is not None and row.group(1) == "4"
    assert 'src="/static/live.js"' in page.get_data(as_text=True)
    part = teacher.get(f"/instructor/assignments/{assignment_id}/live?part=table")
    assert "<html" not in part.get_data(as_text=True) and "Ben" in page_text(part)


def test_the_projector_view_shows_the_code_the_address_and_a_qr_code(app, teacher, filled):
    classroom_id, _, _ = filled
    page = teacher.get(f"/instructor/classrooms/{classroom_id}/projector")
    body = page.get_data(as_text=True)
    assert 'class="projector-code"' in body and "TESTC9" in body
    assert "/join/TESTC9" in body and "<svg" in body and "3 learners have joined" in page_text(page)
    assert "<html" not in teacher.get(
        f"/instructor/classrooms/{classroom_id}/projector?part=count"
    ).get_data(as_text=True)


def test_other_teachers_and_learners_get_404_on_every_new_page(app, teacher, filled, other_teacher):
    classroom_id, assignment_id, learners = filled
    urls = [
        f"/instructor/assignments/{assignment_id}/edit",
        f"/instructor/assignments/{assignment_id}/delete",
        f"/instructor/assignments/{assignment_id}/live",
        f"/instructor/classrooms/{classroom_id}/delete",
        f"/instructor/classrooms/{classroom_id}/projector",
        f"/instructor/classrooms/{classroom_id}/learners/{learners['Ana']}/remove",
        f"/instructor/assignments/{assignment_id}/archive",
        f"/instructor/classrooms/{classroom_id}/archive",
        f"/instructor/assignments/{assignment_id}/reading",
    ]
    for url in urls:
        assert other_teacher.get(url).status_code == 404, url
        assert other_teacher.post(url).status_code in (404, 405), url
    for url in (
        f"/instructor/assignments/{assignment_id}/restore",
        f"/instructor/classrooms/{classroom_id}/restore",
    ):
        assert other_teacher.post(url).status_code == 404, url
    assert count(app, Attempt) == 2 and utcnow()


def test_the_reading_view_shades_paragraphs_by_how_well_the_class_answered(
    app, teacher, filled, seed_pack
):
    _, assignment_id, _ = filled
    page = teacher.get(f"/instructor/assignments/{assignment_id}/reading")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    quoting: dict[str, set[int]] = {}
    for position, question in enumerate(seed_pack.questions, start=1):
        for quote in question.quotes:
            quoting.setdefault(quote.paragraph, set()).add(position)
    # Ana, the one finished attempt, answered the odd questions wrong and the even ones right.
    hard = next(p for p, positions in quoting.items() if all(n % 2 for n in positions))
    easy = next(p for p, positions in quoting.items() if not any(n % 2 for n in positions))
    assert re.search(rf'<p id="{hard}" class="shade-hard">', body)
    assert re.search(rf'<p id="{easy}" class="shade-easy">', body)
    first = hard
    assert "hard: below 50%" in page_text(page)  # the legend
    assert f'<a href="#{first}">{first}</a>' in body  # the same figures in a table
    assert "Not yet reliable" in page_text(page)  # one learner's finished attempt


def test_the_dashboard_warns_that_statistics_from_few_learners_are_not_reliable(teacher, filled):
    _, assignment_id, _ = filled
    shown = page_text(teacher.get(f"/instructor/assignments/{assignment_id}"))
    assert "Not yet reliable: these statistics come from fewer than 10 learners" in shown


def test_archiving_a_quiz_closes_it_hides_it_from_learners_and_keeps_the_results(
    app, teacher, filled
):
    from quizapp.attempts import assignment_entries

    _, assignment_id, learners = filled
    ask = page_text(teacher.get(f"/instructor/assignments/{assignment_id}/archive"))
    assert "1 running attempt ends now, with the answers given." in ask
    assert "Archiving keeps every answer and score" in ask
    assert teacher.post(f"/instructor/assignments/{assignment_id}/archive").status_code == 303
    with app.app_context():
        ben = db.session.get(Learner, learners["Ben"])
        assert assignment_entries(ben) == []
        assert db.session.get(Assignment, assignment_id).closes_at <= utcnow()
    assert "This quiz is archived" in page_text(
        teacher.get(f"/instructor/assignments/{assignment_id}")
    )
    assert count(app, Attempt) == 2
    assert teacher.post(f"/instructor/assignments/{assignment_id}/restore").status_code == 303
    with app.app_context():
        assert len(assignment_entries(db.session.get(Learner, learners["Ben"]))) == 1


def test_an_archived_class_is_listed_apart_and_closed_to_joining(app, teacher, filled):
    classroom_id, _, _ = filled
    assert "Archiving keeps every learner" in page_text(
        teacher.get(f"/instructor/classrooms/{classroom_id}/archive")
    )
    assert teacher.post(f"/instructor/classrooms/{classroom_id}/archive").status_code == 303
    home = page_text(teacher.get("/instructor/"))
    assert "Archived classes" in home
    with app.app_context():
        classroom = db.session.get(Classroom, classroom_id)
        assert not classroom.joining_open
        assert all(a.archived_at for a in classroom.assignments)
    assert teacher.post(f"/instructor/classrooms/{classroom_id}/restore").status_code == 303
    assert "Archived classes" not in page_text(teacher.get("/instructor/"))
