"""Assignments and attempts are pinned to a pack version; the teacher moves an assignment to a newer
version after a preview of every score that changes (on the page and with the CLI)."""

import copy
import html
import re

import pytest
from factories import (
    SEED_PACK,
    make_assignment,
    make_attempt,
    make_classroom,
    make_learner,
)
from pages import LearnerBrowser, page_text, signed_in_learner
from sqlalchemy import select

from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, PackVersion, Response
from quizapp.packs import (
    newest_version_id,
    pinned_pack,
    publish,
    published_pack,
    save_draft,
    stored_pack,
)
from quizapp.versions import preview_move

FRIEND = "last-close-friend"  # a single choice question, second in the seed pack
FRIEND_QUOTE = "It is currently coming into focus as Russia’s “close friend”"
OTHER_QUOTE = "A little over nine million People live in the Eastern European country."
RENAMED = "An option renamed in version 2"


def question_data(data: dict, question_id: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == question_id)


def publish_edit(app, change) -> int:
    """Edit the seed pack's draft with `change(data)` and publish it; the new version's number."""
    with app.app_context():
        published_pack(SEED_PACK)  # the packs folder is in the database
        stored = stored_pack(SEED_PACK)
        data = copy.deepcopy(stored.draft)
        change(data)
        save_draft(stored, data, stored.revision)
        return publish(stored).number


def right_option(data: dict) -> dict:
    return next(o for o in question_data(data, FRIEND)["options"] if o["correct"])


def make_right(option_id: str):
    """An edit making `option_id` the one right option of FRIEND."""

    def change(data):
        for option in question_data(data, FRIEND)["options"]:
            option["correct"] = option["id"] == option_id
            if not option["correct"] and not option.get("feedback"):
                option["feedback"] = {"en": "Not in version 2.", "de": "Nicht in Version 2."}

    return change


def rename_and_requote(data):
    right_option(data)["text"]["en"] = RENAMED
    question_data(data, FRIEND)["quotes"] = [{"paragraph": "p2", "text": OTHER_QUOTE}]


def answer_of(app, attempt_id: int, question_id: str = FRIEND):
    with app.app_context():
        return db.session.scalar(
            select(Response.answer).filter_by(attempt_id=attempt_id, question_id=question_id)
        )


def scores(app, *attempt_ids) -> list[tuple[float | None, float]]:
    with app.app_context():
        return [(a.score, a.max_score) for a in (db.session.get(Attempt, i) for i in attempt_ids)]


def pinned(app, model, row_id) -> int | None:
    with app.app_context():
        row = db.session.get(model, row_id)
        version = db.session.get(PackVersion, row.pack_version_id)
        return version.number


@pytest.fixture
def classroom(app, teacher, teacher_id) -> int:
    return make_classroom(app, teacher_id)


@pytest.fixture
def graded(app, classroom):
    """Ana finished all right, Ben all right but FRIEND, Cleo answered only the first question,
    Dana has not started; then version 2 makes Ben's answer to FRIEND the right one."""
    assignment_id = make_assignment(app, classroom)
    learners = {name: make_learner(app, classroom, name) for name in ("Ana", "Ben", "Cleo", "Dana")}
    attempts = {
        "Ana": make_attempt(app, learners["Ana"], assignment_id),
        "Ben": make_attempt(
            app, learners["Ben"], assignment_id, answers=lambda _p, q: q.id != FRIEND
        ),
        "Cleo": make_attempt(app, learners["Cleo"], assignment_id, answers=[True]),
    }
    assert publish_edit(app, make_right(answer_of(app, attempts["Ben"]))) == 2
    return assignment_id, attempts


def test_new_assignments_and_attempts_are_pinned_to_the_newest_version(app, classroom, teacher):
    assignment_id = teacher.assign(classroom)  # through the page, as a teacher assigns
    ana = make_learner(app, classroom, "Ana")
    first = make_attempt(app, ana, assignment_id, answers=[True])
    publish_edit(app, rename_and_requote)
    practice = make_attempt(app, make_learner(app, None, "Pat"), answers=[True])
    later = make_attempt(app, make_learner(app, classroom, "Ben"), assignment_id, answers=[True])
    assert pinned(app, Assignment, assignment_id) == 1
    assert [pinned(app, Attempt, i) for i in (first, later, practice)] == [1, 1, 2]


def test_an_edit_published_during_an_attempt_changes_neither_its_questions_nor_its_grading(
    app, classroom, seed_pack
):
    assignment_id = make_assignment(app, classroom)
    attempt_id = make_attempt(
        app, make_learner(app, classroom, "Ana"), assignment_id, answers=[True]
    )
    old_right = right_option(_seed_data(app))["id"]
    old_text = right_option(_seed_data(app))["text"]["en"]

    def edit(data):
        rename_and_requote(data)
        make_right(
            next(o["id"] for o in question_data(data, FRIEND)["options"] if not o["correct"])
        )(data)

    publish_edit(app, edit)
    ana = signed_in_learner(app, "Ana")
    page = page_text(ana.get(f"/attempts/{attempt_id}/questions/2"))
    assert old_text in page and RENAMED not in page
    question = seed_pack.question(FRIEND)
    form = question_type(question.type).sample_form(question, True)
    assert form == {"answer": old_right}
    response = ana.answer(attempt_id, 2, answer=old_right)
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        stored = db.session.scalar(
            select(Response).filter_by(attempt_id=attempt_id, question_id=FRIEND)
        )
        assert (stored.answer, stored.points) == (old_right, 1.0)
    assert ana.post(f"/attempts/{attempt_id}/submit").status_code == 303
    assert scores(app, attempt_id) == [(2.0, seed_pack.max_points)]


def _seed_data(app) -> dict:
    with app.app_context():
        published_pack(SEED_PACK)
        return copy.deepcopy(stored_pack(SEED_PACK).draft)


def test_a_finished_attempt_shows_the_options_and_quotes_the_learner_saw(app, classroom, teacher):
    assignment_id = make_assignment(app, classroom)
    attempt_id = make_attempt(app, make_learner(app, classroom, "Ana"), assignment_id)
    old_text = right_option(_seed_data(app))["text"]["en"]
    old_title = _seed_data(app)["source"]["title"]

    def edit(data):
        rename_and_requote(data)
        data["source"]["title"] = "The article retitled in version 2"

    publish_edit(app, edit)
    ana = signed_in_learner(app, "Ana")
    page = ana.get(f"/attempts/{attempt_id}/results")
    results = page_text(page)
    assert old_text in results and FRIEND_QUOTE in results
    assert RENAMED not in results
    # The article as the attempt read it, one link away; without the attempt, the newest.
    link = f"/packs/{SEED_PACK}/source?attempt={attempt_id}"
    assert f'href="{link}"' in page.get_data(as_text=True)
    assert old_title in page_text(ana.get(link))
    assert "The article retitled in version 2" in page_text(ana.get(f"/packs/{SEED_PACK}/source"))
    stranger = LearnerBrowser(app.test_client())
    assert "retitled in version 2" in page_text(stranger.get(link))  # not their attempt: the newest
    assigned = f"/packs/{SEED_PACK}/source?assignment={assignment_id}"
    assert f'href="{assigned}"' in ana.get("/").get_data(as_text=True)
    assert old_title in page_text(ana.get(assigned))
    for beyond in ("?attempt=99999999999", "?assignment=-1", "?attempt=x"):
        assert ana.get(f"/packs/{SEED_PACK}/source{beyond}").status_code == 200
    drill_down = page_text(teacher.get(f"/instructor/attempts/{attempt_id}"))
    assert old_text in drill_down and RENAMED not in drill_down
    dashboard = teacher.get(f"/instructor/assignments/{assignment_id}")
    assert "Quiz version 1" in page_text(dashboard)
    assert "Move to version 2" in page_text(dashboard)
    # Only texts changed: moving would change no score, and the preview says so.
    preview = page_text(teacher.get(f"/instructor/assignments/{assignment_id}/versions/2"))
    assert "No attempt's score changes." in preview


def test_the_preview_lists_exactly_the_attempts_whose_score_changes(
    app, teacher, graded, seed_pack
):
    assignment_id, attempts = graded
    total = f"{seed_pack.max_points:g}"
    before = f"{seed_pack.max_points - 1:g}"
    page = teacher.get(f"/instructor/assignments/{assignment_id}/versions/2")
    assert page.status_code == 200
    body = page_text(page)
    assert f"Ana Finished {total} / {total} {before} / {total}" in body
    assert f"Ben Finished {before} / {total} {total} / {total}" in body
    assert "Cleo" not in body and "Dana" not in body
    assert "2 attempts whose scores change" in body
    assert "kept but count no points" in body
    with app.app_context():
        preview = preview_move(db.session.get(Assignment, assignment_id))
        assert [(c.learner, c.old_score, c.new_score) for c in preview.changes] == [
            ("Ana", seed_pack.max_points, seed_pack.max_points - 1),
            ("Ben", seed_pack.max_points - 1, seed_pack.max_points),
        ]
    # Looking changes nothing.
    assert scores(app, attempts["Ana"], attempts["Ben"]) == [
        (seed_pack.max_points, seed_pack.max_points),
        (seed_pack.max_points - 1, seed_pack.max_points),
    ]
    assert pinned(app, Assignment, assignment_id) == 1


def test_confirming_moves_the_assignment_and_regrades_every_attempt(
    app, teacher, graded, seed_pack
):
    assignment_id, attempts = graded
    with app.app_context():
        version_one = db.session.get(Assignment, assignment_id).pack_version_id
    response = teacher.post(
        f"/instructor/assignments/{assignment_id}/versions/2", {"from": version_one}
    )
    assert response.status_code == 303
    page = page_text(teacher.get(response.headers["Location"]))
    assert "The quiz now uses version 2; 3 attempts were regraded." in page
    assert "Quiz version 2" in page and "Move to version" not in page
    total = seed_pack.max_points
    assert scores(app, attempts["Ana"], attempts["Ben"]) == [(total - 1, total), (total, total)]
    assert pinned(app, Assignment, assignment_id) == 2
    assert {pinned(app, Attempt, i) for i in attempts.values()} == {2}
    with app.app_context():
        ben = db.session.get(Attempt, attempts["Ben"])
        assert ben.response_for(FRIEND).points == 1.0
        assert ben.score == sum(r.points for r in ben.responses)
    # Cleo's running attempt goes on with version 2: Ben's answer is right for her now.
    cleo = signed_in_learner(app, "Cleo")
    cleo.answer(attempts["Cleo"], 2, answer=answer_of(app, attempts["Ben"]))
    with app.app_context():
        assert db.session.get(Attempt, attempts["Cleo"]).response_for(FRIEND).points == 1.0


def test_answers_to_a_question_the_new_version_drops_count_no_points(
    app, teacher, classroom, seed_pack
):
    assignment_id = make_assignment(app, classroom)
    attempt_id = make_attempt(app, make_learner(app, classroom, "Ana"), assignment_id)
    dropped = seed_pack.questions[0]
    publish_edit(app, lambda data: data["questions"].remove(question_data(data, dropped.id)))
    preview = page_text(teacher.get(f"/instructor/assignments/{assignment_id}/versions/2"))
    assert "kept but count no points" in preview and "That is 1 answer here." in preview
    total, less = f"{seed_pack.max_points:g}", f"{seed_pack.max_points - dropped.points:g}"
    assert f"Ana Finished {total} / {total} {less} / {less}" in preview
    with app.app_context():
        assert not preview_move(db.session.get(Assignment, assignment_id)).added_questions
        from_id = db.session.get(Assignment, assignment_id).pack_version_id
    teacher.post(f"/instructor/assignments/{assignment_id}/versions/2", {"from": from_id})
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.score, attempt.max_score) == (
            seed_pack.max_points - dropped.points,
            seed_pack.max_points - dropped.points,
        )
        assert dropped.id not in attempt.question_order
        kept = attempt.response_for(dropped.id)
        assert kept is not None and kept.points == 0  # the answer stays, counting nothing
    results = signed_in_learner(app, "Ana").get(f"/attempts/{attempt_id}/results")
    assert results.status_code == 200
    assert dropped.prompt["en"] not in html.unescape(results.get_data(as_text=True))


def test_a_stale_or_repeated_confirmation_is_refused_with_a_message(app, teacher, graded):
    assignment_id, attempts = graded
    url = f"/instructor/assignments/{assignment_id}/versions/2"
    with app.app_context():
        version_one = db.session.get(Assignment, assignment_id).pack_version_id
    # A newer version was published after the preview was shown: nothing moves.
    publish_edit(app, rename_and_requote)
    stale = teacher.post(url, {"from": version_one})
    assert stale.status_code == 303
    page = page_text(teacher.get(stale.headers["Location"]))
    assert "Version 3 of the quiz was published in the meantime." in page
    assert "Move to version 3" in page
    assert pinned(app, Assignment, assignment_id) == 1
    # Moved (in another tab), then the first tab confirms again.
    moved = teacher.post(
        f"/instructor/assignments/{assignment_id}/versions/3", {"from": version_one}
    )
    assert moved.status_code == 303
    again = teacher.post(
        f"/instructor/assignments/{assignment_id}/versions/3", {"from": version_one}
    )
    assert again.status_code == 303
    assert "This assignment was moved already: it now uses version 3." in page_text(
        teacher.get(again.headers["Location"])
    )
    assert pinned(app, Assignment, assignment_id) == 3
    # An older version, one that does not exist, and an incomplete form.
    older = teacher.get(f"/instructor/assignments/{assignment_id}/versions/2")
    assert older.status_code == 303
    assert "Version 2 is not newer than the version this assignment uses (version 3)." in page_text(
        teacher.get(older.headers["Location"])
    )
    url = f"/instructor/assignments/{assignment_id}/versions/9"
    for missing in (teacher.get(url), teacher.post(url, {"from": version_one})):
        assert missing.status_code == 404
        assert "The quiz has no version 9; its newest is version 3." in page_text(missing)
    incomplete = teacher.post(f"/instructor/assignments/{assignment_id}/versions/3")
    assert incomplete.status_code == 400
    assert "The form was incomplete" in page_text(incomplete)


def test_another_teacher_gets_404(app, teacher, graded, other_teacher):
    assignment_id, _attempts = graded
    url = f"/instructor/assignments/{assignment_id}/versions/2"
    assert other_teacher.get(url).status_code == 404
    assert other_teacher.post(url, {"from": "1"}).status_code == 404
    assert pinned(app, Assignment, assignment_id) == 1


def regrade(app, *args):
    return app.test_cli_runner().invoke(args=["assignments", "regrade", *map(str, args)])


def test_the_command_lists_the_changes_and_changes_nothing_without_confirm(
    app, graded, seed_pack, monkeypatch
):
    assignment_id, attempts = graded
    total, less = f"{seed_pack.max_points:g}", f"{seed_pack.max_points - 1:g}"
    listed = regrade(app, assignment_id)
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert f"{SEED_PACK} in 9b English: version 1 to version 2, 3 attempts." in lines
    assert f"Ana\t{total} / {total}\t{less} / {total}" in lines
    assert f"Ben\t{less} / {total}\t{total} / {total}" in lines
    assert not any(line.startswith(("Cleo", "Dana")) for line in lines)
    assert "Nothing was changed. Add --confirm to move and regrade." in lines
    assert pinned(app, Assignment, assignment_id) == 1
    assert scores(app, attempts["Ana"])[0][0] == seed_pack.max_points

    monkeypatch.setenv("QUIZAPP_LANGUAGE", "de")
    confirmed = regrade(app, assignment_id, "--to-version", 2, "--confirm")
    assert confirmed.exit_code == 0, confirmed.output
    assert "Das Quiz nutzt jetzt Version 2; 3 Versuche wurden neu bewertet." in confirmed.output
    assert pinned(app, Assignment, assignment_id) == 2
    assert scores(app, attempts["Ana"])[0][0] == seed_pack.max_points - 1
    again = regrade(app, assignment_id)
    assert again.exit_code == 1
    assert "nutzt schon die neueste Version (Version 2)" in again.output
    monkeypatch.setenv("QUIZAPP_LANGUAGE", "en")
    unknown = regrade(app, 999)
    assert unknown.exit_code == 2 and "no assignment 999" in unknown.output


def test_importing_a_changed_folder_adds_a_version_and_leaves_assignments_where_they_are(
    app, classroom, tmp_path, teacher
):
    import shutil

    from apps import QUESTIONS_DIR

    from quizapp.cli import questions_cli

    assignment_id = make_assignment(app, classroom)
    folder = tmp_path / "packs" / SEED_PACK
    shutil.copytree(QUESTIONS_DIR / SEED_PACK, folder)
    path = folder / "questions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "en: Belarus and the war in Ukraine", "en: Belarus, a close friend", 1
        ),
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(questions_cli, ["import", str(folder)])
    assert f"Imported {SEED_PACK} as a new version." in result.output
    assert pinned(app, Assignment, assignment_id) == 1
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert pinned_pack(assignment).title["en"] == "Belarus and the war in Ukraine"
        assert published_pack(SEED_PACK).title["en"] == "Belarus, a close friend"
    assert "Move to version 2" in page_text(teacher.get(f"/instructor/assignments/{assignment_id}"))
    class_page = teacher.get(f"/instructor/classrooms/{classroom}").get_data(as_text=True)
    # The class's list of quizzes names the assignment by its pinned version; the live lesson's
    # choice of quizzes below it offers the pack as it is now.
    quizzes = html.unescape(
        re.sub(
            r"<[^>]+>",
            " ",
            class_page.split('id="assignments-heading"')[1].split("Assign a quiz")[0],
        )
    )
    assert "Belarus and the war in Ukraine" in quizzes and "a close friend" not in quizzes


def test_rows_from_before_the_packs_were_in_the_database_are_pinned_when_they_come_in(
    app, classroom
):
    with app.app_context():
        assignment = Assignment(classroom_id=classroom, pack_slug=SEED_PACK, languages=[])
        db.session.add(assignment)
        db.session.commit()
        assert assignment.pack_version_id is None
        version_id = newest_version_id(SEED_PACK)  # the packs folder comes in now
        db.session.commit()
        assert db.session.get(Assignment, assignment.id).pack_version_id == version_id


def test_a_saved_draft_changes_nothing_until_published(app, classroom):
    assignment_id = make_assignment(app, classroom)
    with app.app_context():
        stored = stored_pack(SEED_PACK)
        data = copy.deepcopy(stored.draft)
        rename_and_requote(data)
        save_draft(stored, data, stored.revision)
        assert len(stored.versions) == 1
        assert RENAMED not in {
            o.text["en"] for o in published_pack(SEED_PACK).question(FRIEND).options
        }
        assert pinned_pack(db.session.get(Assignment, assignment_id)) is published_pack(SEED_PACK)
