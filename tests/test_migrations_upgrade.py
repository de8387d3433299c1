"""The previous release's database upgrades to the current schema with its data intact.

Runs on SQLite, and on PostgreSQL in the suite's TEST_DATABASE_URL run. The first release
(revision 57eff3435384) had learners without classrooms, their attempts and their responses; the
rows are written with plain SQL, as that release's code would have left them.
"""

import datetime as dt

import flask
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from answers import right_form, wrong_form
from flask_migrate import upgrade
from sqlalchemy import JSON, bindparam, text
from test_migrations import drop_alembic_version
from werkzeug.datastructures import MultiDict

from quizapp.accounts import start_session
from quizapp.attempts import regrade
from quizapp.engine import grade_answer, read_response
from quizapp.engine.types import plain_answer
from quizapp.extensions import db
from quizapp.learner.forms import raw_response
from quizapp.models import Learner
from quizapp.packs import pack_data

FIRST_RELEASE = "57eff3435384"
STARTED = dt.datetime(2026, 3, 2, 8, 15, 0)


def insert(statement: str, json: tuple[str, ...] = (), **values) -> int:
    """Run an INSERT ... RETURNING id, the values named in `json` bound as JSON; the new row's id."""
    query = text(statement).bindparams(*(bindparam(name, type_=JSON) for name in json))
    return db.session.execute(query, values).scalar_one()


def store_first_release_attempt(learner_id, pack, answered, finished) -> tuple[int, dict]:
    """An attempt as the first release stored it, with responses to `answered`, a list of
    (question, answered right?); returns its id and the stored answers by question id."""
    attempt_id = insert(
        "INSERT INTO attempt (learner_id, pack_id, feedback_mode, question_order, seed,"
        " started_at, finished_at, score, max_score)"
        " VALUES (:learner, :pack, 'immediate', :order, 12345, :started, NULL, NULL, :max)"
        " RETURNING id",
        json=("order",),
        learner=learner_id,
        pack=pack.id,
        order=[q.id for q in pack.questions],
        started=STARTED,
        max=pack.max_points,
    )
    stored, score = {}, 0.0
    for number, (question, right) in enumerate(answered):
        form = (right_form if right else wrong_form)(question)
        answer = read_response(question, raw_response(question, MultiDict(form)), "en")
        grade = grade_answer(question, answer)
        insert(
            "INSERT INTO response (attempt_id, question_id, answer, given, fraction, points,"
            " created_at) VALUES (:attempt, :question, :answer, :given, :fraction, :points,"
            " :created) RETURNING id",
            json=("answer",),
            attempt=attempt_id,
            question=question.id,
            answer=answer,
            given=plain_answer(answer),
            fraction=grade.fraction,
            points=grade.points,
            created=STARTED + dt.timedelta(minutes=number + 1),
        )
        stored[question.id] = answer
        score += grade.points
    if finished:
        db.session.execute(
            text("UPDATE attempt SET finished_at = :at, score = :score WHERE id = :id"),
            {"at": STARTED + dt.timedelta(minutes=30), "score": score, "id": attempt_id},
        )
    return attempt_id, stored


def test_the_first_releases_learners_attempts_and_responses_survive_the_upgrade(app, seed_pack):
    by_type = {}
    for question in seed_pack.questions:
        by_type.setdefault(question.type, question)
    first, numeric, several, matching = (
        by_type[kind] for kind in ("single_choice", "numeric", "multiple_response", "matching")
    )
    with app.app_context():
        db.drop_all()
        drop_alembic_version()
        upgrade(revision=FIRST_RELEASE)
        assert {"learner", "attempt", "response"} <= set(db.inspect(db.engine).get_table_names())
        assert "classroom" not in db.inspect(db.engine).get_table_names()
        learner_id = insert(
            "INSERT INTO learner (display_name, locale, created_at)"
            " VALUES (:name, 'de', :created) RETURNING id",
            name="Zoë B.",
            created=STARTED,
        )
        finished_id, finished_answers = store_first_release_attempt(
            learner_id, seed_pack, [(first, True), (numeric, False), (several, True)], finished=True
        )
        open_id, open_answers = store_first_release_attempt(
            learner_id, seed_pack, [(first, True), (matching, True)], finished=False
        )
        db.session.commit()

        upgrade()

        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        learner = db.session.get(Learner, learner_id)
        assert (learner.display_name, learner.locale, learner.created_at) == (
            "Zoë B.",
            "de",
            STARTED,
        )
        assert (learner.classroom_id, learner.name_key, learner.pin_hash) == (None, None, None)
        assert [a.id for a in learner.attempts] == [finished_id, open_id]
        finished, unfinished = learner.attempts
        for attempt, answers in ((finished, finished_answers), (unfinished, open_answers)):
            assert attempt.question_order == [q.id for q in seed_pack.questions]
            assert (attempt.seed, attempt.started_at, attempt.feedback_mode) == (
                12345,
                STARTED,
                "immediate",
            )
            assert attempt.max_score == seed_pack.max_points
            assert (attempt.assignment_id, attempt.deadline, attempt.shuffle_options) == (
                None,
                None,
                False,
            )
            assert {r.question_id: r.answer for r in attempt.responses} == answers
            assert [r.points for r in attempt.responses] == [
                grade_answer(seed_pack.question(r.question_id), r.answer).points
                for r in attempt.responses
            ]
        assert finished.finished and finished.finish_reason is None
        assert (
            finished.score
            == regrade(finished, seed_pack)
            == sum(r.points for r in finished.responses)
        )
        assert not unfinished.finished and unfinished.score is None
        learner_id = learner.id
        db.session.remove()

    # The learner carries on in the upgraded database: the results, and the unfinished attempt.
    # (A cookie of the first release names no session token, so it signs in again.)
    with app.test_request_context():
        start_session(db.session.get(Learner, learner_id))
        learner_key = flask.session["_user_id"]
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = learner_key
    results = client.get(f"/attempts/{finished_id}/results")
    assert results.status_code == 200
    resume = client.get(f"/attempts/{open_id}")
    assert resume.status_code == 302
    first_unanswered = next(
        position
        for position, question in enumerate(seed_pack.questions, start=1)
        if question.id not in open_answers
    )
    assert resume.headers["Location"].endswith(f"/attempts/{open_id}/questions/{first_unanswered}")
    assert client.get(resume.headers["Location"]).status_code == 200


BEFORE_VERSIONS = "7c1e5a9b2d40"


def test_assignments_and_attempts_are_pinned_to_their_packs_newest_version_on_upgrade(
    app, seed_pack
):
    """Rows of a pack in the database get its newest version; a pack not in it yet leaves its
    rows unpinned until it is imported (packs.import_pack pins them then)."""
    with app.app_context():
        db.drop_all()
        drop_alembic_version()
        upgrade(revision=BEFORE_VERSIONS)
        instructor = insert(
            "INSERT INTO instructor (email, password_hash, session_token, created_at)"
            " VALUES ('t@example.org', 'x', 'token', :at) RETURNING id",
            at=STARTED,
        )
        classroom = insert(
            "INSERT INTO classroom (instructor_id, name, join_code, joining_open, created_at)"
            " VALUES (:teacher, '9b', 'ABCDEF', true, :at) RETURNING id",
            teacher=instructor,
            at=STARTED,
        )
        content = pack_data(seed_pack)
        pack = insert(
            "INSERT INTO pack (slug, in_library, draft, revision, created_at, updated_at)"
            " VALUES (:slug, false, :draft, 1, :at, :at) RETURNING id",
            json=("draft",),
            slug=seed_pack.id,
            draft=content,
            at=STARTED,
        )
        versions = [
            insert(
                "INSERT INTO pack_version (pack_id, number, content, digest, published_at)"
                " VALUES (:pack, :number, :content, :digest, :at) RETURNING id",
                json=("content",),
                pack=pack,
                number=number,
                content=content,
                digest=str(number) * 64,
                at=STARTED,
            )
            for number in (1, 2)
        ]

        def assignment(pack_id):
            return insert(
                "INSERT INTO assignment (classroom_id, pack_id, attempts_allowed,"
                " shuffle_questions, shuffle_options, feedback_mode, languages, created_at)"
                " VALUES (:classroom, :pack, 1, false, false, 'after_attempt', :languages, :at)"
                " RETURNING id",
                json=("languages",),
                classroom=classroom,
                pack=pack_id,
                languages=[],
                at=STARTED,
            )

        given, not_imported = assignment(seed_pack.id), assignment("not-imported-yet")
        learner = insert(
            "INSERT INTO learner (display_name, classroom_id, session_token, created_at)"
            " VALUES ('Ana', :classroom, 'token', :at) RETURNING id",
            classroom=classroom,
            at=STARTED,
        )
        practice, _answers = store_first_release_attempt(learner, seed_pack, [], finished=False)
        db.session.execute(
            text("UPDATE attempt SET finished_at = :at WHERE id = :id"),
            {"at": STARTED, "id": practice},
        )
        taken = insert(
            "INSERT INTO attempt (learner_id, assignment_id, pack_id, feedback_mode,"
            " question_order, seed, shuffle_options, started_at, max_score)"
            " VALUES (:learner, :assignment, :pack, 'after_attempt', :order, 1, false, :at, 38)"
            " RETURNING id",
            json=("order",),
            learner=learner,
            assignment=given,
            pack=seed_pack.id,
            order=[q.id for q in seed_pack.questions],
            at=STARTED,
        )
        db.session.commit()

        upgrade()

        def pinned(table, row_id):
            return db.session.execute(
                text(f"SELECT pack_version_id FROM {table} WHERE id = :id"), {"id": row_id}
            ).scalar_one()

        newest = versions[-1]
        assert [pinned("assignment", given), pinned("assignment", not_imported)] == [newest, None]
        assert [pinned("attempt", taken), pinned("attempt", practice)] == [newest, newest]
