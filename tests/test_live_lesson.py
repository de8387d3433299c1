"""The live lesson through its pages: the teacher starts it from the assignment, steps through
the questions, learners answer on their phones, the reveal shows the class's answers and the
quote, and the results land in the dashboard; conditional GETs answer 304 unrendered."""

import re

import pytest
from factories import make_assignment, make_classroom
from pages import class_member, page_text

from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import LiveLesson


@pytest.fixture
def lesson_world(app, teacher, teacher_id):
    """A class with an assignment of the seed pack, and two learners signed in."""
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    return classroom_id, assignment_id


def start(teacher, assignment_id: int, **settings) -> int:
    teacher.get(f"/instructor/assignments/{assignment_id}")
    response = teacher.post(f"/assignments/{assignment_id}/live", settings)
    assert response.status_code == 303, page_text(response)[-2000:]
    return int(re.search(r"/live/(\d+)/teach", response.headers["Location"]).group(1))


def revision(app, lesson_id: int) -> int:
    with app.app_context():
        return db.session.get(LiveLesson, lesson_id).revision


def step(teacher, app, lesson_id: int, action: str, rev: int | None = None):
    rev = revision(app, lesson_id) if rev is None else rev
    teacher.get(f"/live/{lesson_id}/teach")
    return teacher.post(f"/live/{lesson_id}/step", {"action": action, "revision": rev})


def answer_form(app, learner, lesson_id: int, seed_pack, right: bool = True) -> dict:
    page = learner.get(f"/live/{lesson_id}").get_data(as_text=True)
    key = re.search(r'name="question" value="([^"]+)"', page).group(1)
    position = re.search(r'name="position" value="(\d+)"', page).group(1)
    round_ = re.search(r'name="round" value="(\d+)"', page).group(1)
    with app.app_context():
        question_id = db.session.get(LiveLesson, lesson_id).question_id
    question = seed_pack.question(question_id)
    fields = question_type(question.type).sample_form(question, right)
    return {**fields, "question": key, "position": position, "round": round_}


def test_a_lesson_from_lobby_to_end(app, teacher, lesson_world, seed_pack):
    classroom_id, assignment_id = lesson_world
    ana = class_member(app, classroom_id, "Ana")
    lesson_id = start(teacher, assignment_id)
    lobby = teacher.get(f"/live/{lesson_id}/teach")
    assert lobby.status_code == 200 and "TESTC9" in page_text(lobby)
    assert ana.get(f"/live/{lesson_id}").status_code == 200
    assert "Ana" in page_text(teacher.get(f"/live/{lesson_id}/teach"))
    assert step(teacher, app, lesson_id, "next").status_code == 303
    form = answer_form(app, ana, lesson_id, seed_pack)
    sent = ana.post(f"/live/{lesson_id}/answer", form)
    assert sent.status_code == 303, page_text(sent)[-2000:]
    assert "Your answer is sent" in page_text(ana.get(f"/live/{lesson_id}"))
    assert step(teacher, app, lesson_id, "close").status_code == 303
    late = ana.post(f"/live/{lesson_id}/answer", form)
    assert late.status_code == 409
    assert step(teacher, app, lesson_id, "reveal").status_code == 303
    revealed = teacher.get(f"/live/{lesson_id}/teach")
    assert "How the class answered" in page_text(revealed)
    assert "<svg" in revealed.get_data(as_text=True)
    assert step(teacher, app, lesson_id, "end").status_code == 303
    assert "The lesson has ended" in page_text(ana.get(f"/live/{lesson_id}"))
