"""Ordering questions in the quiz: the position selects without JavaScript, statistics, exports."""

import re

import pytest
from factories import (
    answer_questions,
    attempt_order,
    make_assignment,
    make_attempt,
    make_classroom,
    make_learner,
)
from pages import page_text

from quizapp.extensions import db
from quizapp.models import Response


@pytest.fixture
def at_ordering(app, browser, seed_pack):
    """An immediate-feedback practice attempt answered up to the chronology question."""
    attempt_id = browser.start()
    position = attempt_order(app, attempt_id).index("chronology") + 1
    answer_questions(app, attempt_id, range(1, position))
    return attempt_id, position, seed_pack.question("chronology")


def stored(in_app, attempt_id):
    with in_app():
        return db.session.query(Response).filter_by(attempt_id=attempt_id).count()


def test_the_page_offers_a_position_select_per_item_and_a_script_that_is_optional(
    browser, at_ordering
):
    attempt_id, position, question = at_ordering
    page = browser.get(f"/attempts/{attempt_id}/questions/{position}").get_data(as_text=True)
    for item in question.sequence:
        select = re.search(
            rf'<select id="position-{item.id}" name="position-{item.id}">(.*?)</select>', page, re.S
        )
        assert select, item.id
        assert re.findall(r'<option value="(\d)"', select.group(1)) == ["1", "2", "3", "4"]
    assert '<script src="/static/ordering.js" defer></script>' in page


def test_a_position_used_twice_is_asked_again_and_nothing_is_stored(browser, at_ordering, in_app):
    attempt_id, position, question = at_ordering
    before = stored(in_app, attempt_id)
    ids = [item.id for item in question.sequence]
    form = {
        f"position-{ids[0]}": "1",
        f"position-{ids[1]}": "1",
        f"position-{ids[2]}": "2",
        f"position-{ids[3]}": "3",
    }
    response = browser.answer(attempt_id, position, **form)
    assert response.status_code == 422
    assert "Each position can be used only once" in page_text(response)
    assert 'name="position-registration"' in response.get_data(as_text=True)
    assert re.search(
        rf'name="position-{ids[1]}">.*?<option value="1" selected>',
        response.get_data(as_text=True),
        re.S,
    )
    half = {f"position-{ids[0]}": "1", f"position-{ids[1]}": "2"}
    response = browser.answer(attempt_id, position, **half)
    assert response.status_code == 422
    assert "some have none yet" in page_text(response)
    assert stored(in_app, attempt_id) == before


def test_the_right_order_is_right_and_a_slip_is_partly_right(browser, at_ordering):
    attempt_id, position, question = at_ordering
    ids = [item.id for item in question.sequence]
    slip = [ids[1], ids[0], ids[2], ids[3]]
    form = {f"position-{item_id}": str(index) for index, item_id in enumerate(slip, start=1)}
    response = browser.answer(attempt_id, position, **form)
    assert response.status_code == 303
    feedback = page_text(browser.get(response.headers["Location"]))
    assert "Partly right: 83%" in feedback
    right_order = " ".join(f"{question.sequence[i].text['en']}" for i in range(4))
    assert right_order in feedback  # the right answer, in order


def test_statistics_and_exports_show_ordering_like_every_type(app, teacher, teacher_id):
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    for name, right in (("Ana", True), ("Ben", False)):
        learner_id = make_learner(app, classroom_id, name)
        make_attempt(
            app, learner_id, assignment_id, answers=lambda _p, q, r=right: r or q.type != "ordering"
        )
    page = page_text(teacher.get(f"/instructor/assignments/{assignment_id}"))
    assert (
        "The security company that is now called GardServis is registered. at position 1: 1 (right)"
        in page
    )
    assert (
        "The security company that is now called GardServis is registered. at position 4: 1" in page
    )
    export = teacher.get(f"/instructor/classrooms/{classroom_id}/export?what=responses")
    body = export.get_data(as_text=True)
    assert "registration, elections, troop-level, air-exercises" in body


def test_the_items_never_start_in_the_right_order(app, browser, seed_pack):
    from quizapp.attempts import question_controls

    question = seed_pack.question("chronology")
    attempt_id = browser.start()
    with app.app_context():
        from quizapp.models import Attempt

        attempt = db.session.get(Attempt, attempt_id)
        for seed in range(60):
            attempt.seed = seed
            shown = question_controls(attempt, question).items
            assert shown != list(question.sequence)
            assert sorted(i.id for i in shown) == sorted(i.id for i in question.sequence)
