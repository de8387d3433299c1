"""The baseline: a minimal Flask app with quizapp's URLs, to measure quizapp against.

It runs under the same gunicorn settings on the same database engine and answers the same request
sequence, doing the least a quiz server could: a page is one template render of about the size of
quizapp's, joining is one INSERT (after hashing the PIN with the same scrypt cost as quizapp, so
the join's deliberate hashing cost is the same on both sides), starting an attempt and answering a
question are one INSERT and a redirect each, and the results page is one SELECT and a render. It
keeps the learner in Flask's signed session cookie, checks no CSRF token and owns nothing: what
quizapp costs beyond this is the price of its features and its framework extensions.

Served by `gunicorn 'bench.baseline:create_app()'` with DATABASE_URL and SECRET_KEY set.
"""

import json
import os
import sqlite3

from flask import Flask, abort, redirect, render_template, request, session
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
)
from werkzeug.security import generate_password_hash

from quizapp.bank import load_packs
from quizapp.config import Config, default_questions_dir

PACK_ID = "belarus-ukraine-war"
ASSIGNMENT_ID = 1
CSRF_PLACEHOLDER = "baseline-does-not-check-this"

metadata = MetaData()
learners = Table(
    "bench_learner",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("join_code", String(16), nullable=False),
    Column("display_name", String(80), nullable=False),
    Column("pin_hash", String(255), nullable=False),
    Column("created_at", DateTime, nullable=False, server_default=func.current_timestamp()),
)
attempts = Table(
    "bench_attempt",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("learner_id", Integer, nullable=False, index=True),
    Column("assignment_id", Integer, nullable=False),
    Column("started_at", DateTime, nullable=False, server_default=func.current_timestamp()),
)
responses = Table(
    "bench_response",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("attempt_id", Integer, nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("question_key", String(100), nullable=False),
    Column("answer", Text, nullable=False),
    Column("created_at", DateTime, nullable=False, server_default=func.current_timestamp()),
)


def make_engine(url: str):
    """A SQLAlchemy Core engine; on SQLite with quizapp's pragmas (WAL, busy timeout, ...)."""
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def create_schema(url: str) -> None:
    engine = make_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def create_app(database_url: str | None = None) -> Flask:
    """The baseline on `database_url` (default: the DATABASE_URL environment variable)."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "baseline")
    engine = make_engine(database_url or os.environ["DATABASE_URL"])
    app.extensions["bench.engine"] = engine  # for gunicorn's post_fork (bench/gunicorn_conf.py)
    pack = load_packs(default_questions_dir())[PACK_ID]
    questions = pack.questions
    paragraphs = {p.id: p.text for p in pack.source.paragraphs}
    password_method = Config.PIN_HASH

    def en(text) -> str:
        return (text or {}).get("en") or next(iter((text or {}).values()), "")

    app.jinja_env.globals.update(en=en, paragraphs=paragraphs, pack=pack)

    @app.route("/join/<code>", methods=["GET", "POST"])
    def join(code: str):
        if request.method == "GET":
            return render_template("baseline/join.html", code=code, csrf=CSRF_PLACEHOLDER)
        name = request.form["display_name"]
        pin_hash = generate_password_hash(request.form["pin"], method=password_method)
        with engine.begin() as connection:
            learner_id = connection.execute(
                insert(learners).values(join_code=code, display_name=name, pin_hash=pin_hash)
            ).inserted_primary_key[0]
        session["learner"] = learner_id
        session["name"] = name
        return redirect("/", code=303)

    @app.get("/")
    def home():
        return render_template(
            "baseline/home.html",
            name=session.get("name"),
            assignment_id=ASSIGNMENT_ID,
            csrf=CSRF_PLACEHOLDER,
        )

    @app.post("/assignments/<int:assignment_id>/attempts")
    def start(assignment_id: int):
        with engine.begin() as connection:
            attempt_id = connection.execute(
                insert(attempts).values(learner_id=session["learner"], assignment_id=assignment_id)
            ).inserted_primary_key[0]
        return redirect(f"/attempts/{attempt_id}/questions/1", code=303)

    @app.get("/attempts/<int:attempt_id>/questions/<int:position>")
    def question(attempt_id: int, position: int):
        if not 1 <= position <= len(questions):
            abort(404)
        return render_template(
            "baseline/question.html",
            attempt_id=attempt_id,
            position=position,
            total=len(questions),
            question=questions[position - 1],
            csrf=CSRF_PLACEHOLDER,
            name=session.get("name"),
        )

    @app.post("/attempts/<int:attempt_id>/questions/<int:position>")
    def answer(attempt_id: int, position: int):
        form = request.form.to_dict(flat=False)
        form.pop("csrf_token", None)
        key = form.pop("question", [""])[0]
        with engine.begin() as connection:
            connection.execute(
                insert(responses).values(
                    attempt_id=attempt_id,
                    position=position,
                    question_key=key,
                    answer=json.dumps(form, sort_keys=True),
                )
            )
        if position < len(questions):
            return redirect(f"/attempts/{attempt_id}/questions/{position + 1}", code=303)
        return redirect(f"/attempts/{attempt_id}/results", code=303)

    @app.get("/attempts/<int:attempt_id>/results")
    def results(attempt_id: int):
        with engine.connect() as connection:
            rows = connection.execute(
                select(responses.c.position, responses.c.answer)
                .where(responses.c.attempt_id == attempt_id)
                .order_by(responses.c.position)
            ).all()
        answered = [(p, questions[p - 1], json.loads(a)) for p, a in rows if p <= len(questions)]
        return render_template(
            "baseline/results.html", rows=answered, name=session.get("name"), csrf=CSRF_PLACEHOLDER
        )

    return app
