"""The instructor's dashboard: progress, drill-down, item statistics and charts, and the demo."""

import html
import re

import pytest
from factories import attempt_order, make_assignment, make_attempt, make_classroom, make_learner
from pages import page_text

from quizapp.extensions import db
from quizapp.models import Attempt, Classroom, Instructor, Learner


@pytest.fixture
def filled(app, teacher, teacher_id):
    """Ana finished all right, Ben finished with the first two wrong, Cleo answered three, Dana
    has not started. Made with the factories: the dashboard is what is under test here."""
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    learners = {
        name: make_learner(app, classroom_id, name) for name in ("Ana", "Ben", "Cleo", "Dana")
    }
    attempts = {
        "Ana": make_attempt(app, learners["Ana"], assignment_id),
        "Ben": make_attempt(app, learners["Ben"], assignment_id, answers=lambda pos, _q: pos > 2),
        "Cleo": make_attempt(app, learners["Cleo"], assignment_id, answers=[True] * 3),
    }
    return classroom_id, assignment_id, attempts


def test_the_dashboard_shows_who_finished_and_their_scores(teacher, filled, seed_pack):
    _classroom_id, assignment_id, attempts = filled
    page = teacher.get(f"/instructor/assignments/{assignment_id}")
    assert page.status_code == 200
    body = page_text(page)
    assert "Finished: 2 · In progress: 1 · Not started: 1" in body
    total = seed_pack.max_points
    assert re.search(rf"Ana Finished {total:g} / {total:g} 100%", body), body[:3000]
    assert "Ben Finished" in body and "Cleo In progress" in body and "Dana Not started" in body
    assert f'href="/instructor/attempts/{attempts["Ben"]}"' in page.get_data(as_text=True)


def test_the_drill_down_shows_every_response_with_its_grading(
    app, teacher, filled, seed_pack, in_app
):
    _classroom_id, _assignment_id, attempts = filled
    page = teacher.get(f"/instructor/attempts/{attempts['Ben']}")
    body = page_text(page)
    assert page.status_code == 200 and "Ben's attempt" in body
    order = attempt_order(app, attempts["Ben"])
    assert body.count("Not right") + body.count("Partly right") == 2
    assert body.count("✓ Right") + body.count(" Right ") >= len(order) - 2
    assert seed_pack.question(order[0]).prompt["en"] in body


def test_item_statistics_are_shown_with_accessible_charts(teacher, filled):
    _classroom_id, assignment_id, _attempts = filled
    body = teacher.get(f"/instructor/assignments/{assignment_id}").get_data(as_text=True)
    assert "Based on 2 learners' first finished attempts." in html.unescape(body)
    assert body.count('role="img"') == 2
    for chart in ("distribution", "facility"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in body
    # The first two questions of Ben's order were wrong: facility 50 % for those, 100 % elsewhere.
    assert "50%" in body and "100%" in body
    assert "<table" in body and "Score distribution" in body


def test_statistics_match_hand_computed_values(app, teacher, filled, seed_pack, in_app):
    """Two analysed attempts: Ana all right, Ben two questions wrong (everything else right)."""
    from quizapp.instructor.reports import analyse, assignment_attempts
    from quizapp.models import Assignment
    from quizapp.views import page_texts

    _classroom_id, assignment_id, attempts = filled
    ben_wrong = attempt_order(app, attempts["Ben"])[:2]
    with in_app(), teacher.client.application.test_request_context():
        assignment = db.session.get(Assignment, assignment_id)
        analysis = analyse(seed_pack, assignment_attempts(assignment), page_texts)
    assert analysis.test.attempts == 2
    for item in analysis.items:
        if item.question.id in ben_wrong:
            assert item.stats.facility == pytest.approx(0.5)
        else:
            assert item.stats.facility == pytest.approx(1.0)
    wrong_points = sum(seed_pack.question(q).points for q in ben_wrong)
    assert analysis.test.mean == pytest.approx(seed_pack.max_points - wrong_points / 2)


def test_classes_list_prints_code_name_and_email(app, teacher):
    teacher.create_classroom("9b English")
    teacher.create_classroom("10a\tGerman")
    result = app.test_cli_runner().invoke(args=["classes", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 2
    code, name, email = lines[0].split("\t")
    assert len(code) == 6 and name == "9b English" and email == "teacher@example.org"
    assert lines[1].split("\t")[1] == "10a German"


def test_users_create_instructor(app, in_app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-instructor", "Teach@Example.org", "--password", "a long password"]
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        args=["users", "create-instructor", "teach@example.org", "--password", "a long password"]
    )
    assert again.exit_code == 1 and "already" in again.output
    bad = runner.invoke(args=["users", "create-instructor", "not-an-email", "--password", "x" * 12])
    assert bad.exit_code == 2
    with in_app():
        assert [i.email for i in db.session.query(Instructor)] == ["teach@example.org"]


def test_the_demo_fills_a_dashboard_once(app, in_app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "demo@example.org" in first.output
    with in_app():
        counts = (
            db.session.query(Classroom).count(),
            db.session.query(Learner).count(),
            db.session.query(Attempt).count(),
        )
        finished = [a.percent for a in db.session.query(Attempt) if a.finished]
    assert counts[:2] == (1, 30)
    assert len(finished) >= 20
    assert max(finished) - min(finished) > 0.3  # scores spread as a real class's do
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "already" in second.output
    with in_app():
        assert (
            db.session.query(Classroom).count(),
            db.session.query(Learner).count(),
            db.session.query(Attempt).count(),
        ) == counts


def test_the_kept_analysis_follows_each_newly_finished_attempt(
    app, teacher, filled, seed_pack, in_app
):
    """The item analysis is kept between page views, yet counts an attempt as soon as it ends."""
    from quizapp.attempts import finish_attempt

    _classroom_id, assignment_id, attempts = filled
    url = f"/instructor/assignments/{assignment_id}"
    assert "Finished: 2 · In progress: 1" in page_text(teacher.get(url))
    with in_app():
        finish_attempt(db.session.get(Attempt, attempts["Cleo"]), "submitted")
        db.session.commit()
    after = page_text(teacher.get(url))
    assert "Finished: 3 · In progress: 0" in after
    from quizapp.instructor.reports import analyse, assignment_attempts
    from quizapp.models import Assignment
    from quizapp.views import localised

    with in_app(), teacher.client.application.test_request_context():
        assignment = db.session.get(Assignment, assignment_id)
        analysis = analyse(seed_pack, assignment_attempts(assignment), localised)
    assert analysis.test.attempts == 3
    skipped = set(attempt_order(app, attempts["Cleo"])[:3]) | set(
        attempt_order(app, attempts["Ben"])[:2]
    )
    unanswered = next(i for i in analysis.items if i.question.id not in skipped)
    assert unanswered.stats.facility == pytest.approx(2 / 3)  # Ana and Ben right, Cleo none
