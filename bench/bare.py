"""The bare baseline: Flask and SQLAlchemy Core with nothing else, to measure both apps against.

It answers the load generator's whole flow at quizapp's URLs with the least a quiz server can do:
no template engine (each page is one f-string with the question's prompt and the fields the
answer needs, escaped), no layout, no PIN hashing (the learner's name alone is stored), no CSRF
check, nothing owned. A page reads nothing from the database; joining, starting and answering are
one INSERT each; the results page is one SELECT. bench/baseline.py is the heavier baseline: it
does the same work behind pages of quizapp's size; docs/benchmarks.md says what it adds.

Served by `gunicorn 'bench.bare:create_app()'` with DATABASE_URL and SECRET_KEY set. It shares the
heavier baseline's tables (bench/baseline.py), and its database: the phases never overlap.
"""

import json
import os
from html import escape

from flask import Flask, abort, redirect, request, session
from sqlalchemy import insert, select

from quizapp.bank import load_packs
from quizapp.config import default_questions_dir

from .baseline import ASSIGNMENT_ID, CSRF_PLACEHOLDER, PACK_ID, attempts, learners, make_engine
from .baseline import responses as responses_table

PAGE = "<!doctype html><title>{title}</title>{body}"
HIDDEN = '<input type="hidden" name="{name}" value="{value}">'


def _en(text) -> str:
    return escape((text or {}).get("en") or next(iter((text or {}).values()), ""))


def _select(name: str, values: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{escape(v)}">{label}</option>' for v, label in values)
    return f'<select id="{name}" name="{name}"><option value="">–</option>{options}</select>'


def answer_fields(question) -> str:
    """The form fields a question's answer needs, as the load generator reads them."""
    kind = question.type
    if kind == "true_false":
        values = [("true", "True"), ("false", "False")]
    else:
        values = [(option.id, _en(option.text)) for option in question.options]
    if kind in ("single_choice", "multiple_response", "true_false"):
        input_type = "checkbox" if kind == "multiple_response" else "radio"
        return "".join(
            f'<label><input type="{input_type}" name="answer" value="{escape(v)}"> {label}</label>'
            for v, label in values
        )
    if kind == "matching":
        choices = [(choice.id, _en(choice.text)) for choice in question.choices]
        return "".join(
            f"<p>{_en(item.text)} {_select(f'match-{item.id}', choices)}</p>"
            for item in question.items
        )
    if kind == "ordering":
        places = [(str(n), str(n)) for n in range(1, len(question.sequence) + 1)]
        return "".join(
            f"<p>{_en(item.text)} {_select(f'position-{item.id}', places)}</p>"
            for item in question.sequence
        )
    number = ' class="number-answer"' if kind == "numeric" else ""
    return f'<input id="answer" name="answer" type="text"{number}>'


def create_app(database_url: str | None = None) -> Flask:
    """The bare baseline on `database_url` (default: the DATABASE_URL environment variable)."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "bare")
    engine = make_engine(database_url or os.environ["DATABASE_URL"])
    app.extensions["bench.engine"] = engine  # for gunicorn's post_fork (bench/gunicorn_conf.py)
    questions = load_packs(default_questions_dir())[PACK_ID].questions
    token = HIDDEN.format(name="csrf_token", value=CSRF_PLACEHOLDER)

    @app.route("/join/<code>", methods=["GET", "POST"])
    def join(code: str):
        if request.method == "GET":
            fields = '<input name="display_name"><input name="pin"><input name="pin_confirm">'
            form = f'<form method="post" action="/join/{escape(code)}">{token}{fields}</form>'
            return PAGE.format(title="Join", body=form)
        with engine.begin() as connection:
            session["learner"] = connection.execute(
                insert(learners).values(
                    join_code=code, display_name=request.form["display_name"], pin_hash=""
                )
            ).inserted_primary_key[0]
        return redirect("/", code=303)

    @app.get("/")
    def home():
        action = f"/assignments/{ASSIGNMENT_ID}/attempts"
        form = f'<form method="post" action="{action}">{token}<button>Start</button></form>'
        return PAGE.format(title="Quizzes", body=form)

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
        shown = questions[position - 1]
        body = (
            f'<progress max="{len(questions)}" value="{position}"></progress>'
            f"<p>{_en(shown.prompt)}</p>"
            f'<form method="post" action="/attempts/{attempt_id}/questions/{position}">'
            f"{token}{HIDDEN.format(name='question', value=escape(shown.id))}"
            f"{answer_fields(shown)}<button>Answer</button></form>"
        )
        return PAGE.format(title=f"Question {position}", body=body)

    @app.post("/attempts/<int:attempt_id>/questions/<int:position>")
    def answer(attempt_id: int, position: int):
        form = request.form.to_dict(flat=False)
        form.pop("csrf_token", None)
        key = form.pop("question", [""])[0]
        with engine.begin() as connection:
            connection.execute(
                insert(responses_table).values(
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
                select(responses_table.c.position, responses_table.c.answer)
                .where(responses_table.c.attempt_id == attempt_id)
                .order_by(responses_table.c.position)
            ).all()
        items = "".join(f"<li>{position}: {escape(answer)}</li>" for position, answer in rows)
        return PAGE.format(title="Results", body=f"<ol>{items}</ol>")

    return app
