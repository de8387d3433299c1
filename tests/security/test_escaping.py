"""Hostile text stays text: learner names, classroom names and pack texts with HTML, script and
spreadsheet formulas are escaped in every page and arrive as inert text in CSV and XLSX exports."""

import csv
import io
import re
import shutil

import openpyxl
import pytest
import yaml
from answers import right_form, wrong_form
from apps import QUESTIONS_DIR
from factories import SEED_PACK, answer_questions, make_instructor, set_teacher_sign_up
from markupsafe import escape
from pages import Browser, LearnerBrowser, TeacherBrowser
from security_world import (
    BOLD,
    FORMULA_STARTS,
    IMG,
    SCRIPT,
    assert_inert_cell,
    assert_inert_html,
    separate_app,
)

from quizapp.attempts import finish_attempt
from quizapp.bank import PackError
from quizapp.constants import FinishReason
from quizapp.extensions import db
from quizapp.models import Attempt, Classroom, Learner

pytestmark = pytest.mark.once

CLASS_NAME = f"=cmd|' /C calc'!A0 {SCRIPT}{IMG}"
LEARNER_NAMES = [
    SCRIPT,
    IMG,
    BOLD,
    '=HYPERLINK("http://evil.example","click")',
    "+plus 1",
    "-minus 1",
    "@SUM(1+1)",
]
# Names the web forms cannot produce (they trim white space) but an import or a future form might.
STORED_NAMES = ["\t=1+1 tab", "\r=1+1 carriage return"]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
EXPORTS = [
    ("scores", "csv", "comma"),
    ("scores", "csv", "semicolon"),
    ("responses", "csv", "comma"),
    ("scores", "xlsx", "comma"),
    ("responses", "xlsx", "comma"),
]


def page(browser, url, where=None, *, shows=SCRIPT):
    """GET a page and check that it is inert and shows the hostile text `shows`, escaped."""
    response = browser.get(url, follow_redirects=True)
    assert response.status_code == 200, (url, response.status_code)
    body = response.get_data(as_text=True)
    assert_inert_html(body, where or url)
    if shows is not None:
        assert str(escape(shows)) in body, f"{where or url}: {shows!r} is not shown, escaped"
    return body


def export_cells(response, fmt, delimiter):
    """Every cell of a downloaded export, as (value, where) pairs."""
    assert response.status_code == 200
    body = response.get_data()  # read it all: a streamed CSV finishes within its request
    assert "attachment" in response.headers["Content-Disposition"]
    filename = re.search(r'filename="?([^";]+)', response.headers["Content-Disposition"]).group(1)
    assert re.fullmatch(r"[A-Za-z0-9-]+\.(csv|xlsx)", filename), filename
    if fmt == "csv":
        assert response.mimetype == "text/csv"
        text = body.decode("utf-8").lstrip("\ufeff")
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [
            (value, f"row {r} col {c}") for r, row in enumerate(rows) for c, value in enumerate(row)
        ]
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                cells.append((cell.value, f"{sheet.title}!{cell.coordinate}"))
    return cells


def every_export(teacher, classroom_id):
    """(what, format, cells) of every export of the classroom, each cell checked to be inert."""
    for what, fmt, delimiter in EXPORTS:
        url = (
            f"/instructor/classrooms/{classroom_id}/export"
            f"?what={what}&format={fmt}&delimiter={delimiter}"
        )
        cells = export_cells(teacher.get(url), fmt, {"comma": ",", "semicolon": ";"}[delimiter])
        for value, where in cells:
            assert_inert_cell(value, f"{what}.{fmt} {where}")
        yield what, fmt, cells


def neutralised(name: str) -> str:
    return "'" + name if name.startswith(FORMULA_STARTS) else name


# -- learner names and classroom names -----------------------------------------------------------


@pytest.fixture
def hostile_class(app, teacher, seed_pack, in_app):
    """A class with a hostile name, learners with hostile names who answered a short-text question
    with their own name and finished, and two stored names starting with a tab and a CR."""
    created = teacher.post("/instructor/classrooms", {"name": CLASS_NAME}, follow_redirects=True)
    assert created.status_code == 200
    assert_inert_html(created.get_data(as_text=True), "flash after creating the class")
    classroom_id = int(re.search(r"/instructor/classrooms/(\d+)", created.request.path).group(1))
    with in_app():
        code = db.session.get(Classroom, classroom_id).join_code
    assigned = teacher.post(
        f"/instructor/classrooms/{classroom_id}/assignments/new",
        {"pack_slug": SEED_PACK, "attempts_allowed": "1", "feedback_mode": "after_attempt"},
        follow_redirects=True,
    )
    assert assigned.status_code == 200 and ESCAPED in assigned.get_data(as_text=True)
    assert_inert_html(assigned.get_data(as_text=True), "flash after assigning")
    assignment_id = int(re.search(r"/instructor/assignments/(\d+)", assigned.request.path).group(1))
    position = next(i for i, q in enumerate(seed_pack.questions, 1) if q.type == "short_text")
    learners = {}
    for name in LEARNER_NAMES:
        learner = LearnerBrowser(app.test_client())
        assert learner.join(code, name).status_code == 303, name
        attempt_id = learner.start_assignment(assignment_id)
        answer_questions(app, attempt_id, range(1, position))
        assert learner.answer(attempt_id, position, answer=name).status_code == 303
        learners[name] = (learner, attempt_id)
    with in_app():
        for _learner, attempt_id in learners.values():
            finish_attempt(db.session.get(Attempt, attempt_id), FinishReason.SUBMITTED)
        for number, name in enumerate(STORED_NAMES):
            db.session.add(
                Learner(display_name=name, name_key=f"stored {number}", classroom_id=classroom_id)
            )
        db.session.commit()
    return {
        "classroom_id": classroom_id,
        "assignment_id": assignment_id,
        "code": code,
        "learners": learners,
    }


def test_names_are_inert_in_exports_and_escaped_in_every_page(app, teacher, hostile_class, in_app):
    for what, fmt, cells in every_export(teacher, hostile_class["classroom_id"]):
        values = {value for value, _where in cells}
        expected = set(LEARNER_NAMES) | ({*STORED_NAMES} if what == "scores" else set())
        for name in expected:
            # An XLSX reader turns a stored CR into LF (XML line-end handling); CSV keeps it.
            wanted = neutralised(name)
            if fmt == "csv":  # split on a tab or at a line break, the rest starts a cell too
                wanted = wanted.replace("\t=", "\t'=").replace("\r=", "\r'=")
            assert wanted in values or wanted.replace("\r", "\n") in values, (name, what, fmt)
        assert neutralised(CLASS_NAME) in values, (what, fmt)

    classroom_id = hostile_class["classroom_id"]
    page(teacher, "/instructor/", "teacher's class list")
    page(teacher, f"/instructor/classrooms/{classroom_id}", "roster")
    page(teacher, f"/instructor/classrooms/{classroom_id}/assignments/new", "assignment form")
    page(teacher, f"/instructor/assignments/{hostile_class['assignment_id']}", "dashboard")
    for name, (learner, attempt_id) in hostile_class["learners"].items():
        page(teacher, f"/instructor/attempts/{attempt_id}", f"attempt of {name!r}", shows=name)
        page(learner, "/", f"start page of {name!r}", shows=name)
        page(learner, f"/attempts/{attempt_id}/results", f"results of {name!r}", shows=name)
    page(Browser(app.test_client()), f"/join/{hostile_class['code']}", "join page")

    # The roster's actions answer with the name in a message.
    with in_app():
        ids = {le.display_name: le.id for le in db.session.query(Learner)}
    base = f"/instructor/classrooms/{classroom_id}/learners"
    renamed = teacher.post(
        f"{base}/{ids[SCRIPT]}/rename", {"display_name": SCRIPT + IMG}, follow_redirects=True
    )
    assert_inert_html(renamed.get_data(as_text=True), "flash after renaming")
    assert ESCAPED in renamed.get_data(as_text=True)
    reset = teacher.post(f"{base}/{ids[SCRIPT]}/reset-pin", follow_redirects=True)
    assert_inert_html(reset.get_data(as_text=True), "flash after a new PIN")
    removed = teacher.post(f"{base}/{ids[SCRIPT]}/remove", follow_redirects=True)
    assert_inert_html(removed.get_data(as_text=True), "flash after removing")
    assert ESCAPED in removed.get_data(as_text=True)


# -- pack texts ----------------------------------------------------------------------------------

HOSTILE = f" {SCRIPT} {BOLD} {IMG}"
TITLE_FORMULA = '=HYPERLINK("http://evil.example","x") '
LOCALISED_KEYS = {"title", "prompt", "explanation", "feedback", "text", "unit", "translation"}


def _inject(node):
    """Append hostile text to every localised text of questions.yaml (quotes stay verbatim)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in LOCALISED_KEYS and isinstance(value, dict):
                node[key] = {lang: text + HOSTILE for lang, text in value.items()}
            else:
                _inject(value)
    elif isinstance(node, list):
        for item in node:
            _inject(item)


def hostile_pack(tmp_path, **source_changes):
    """A copy of the seed pack with HTML and script in its title, prompts, options, explanations,
    feedback, paragraphs and quotes; its quotes still verify against its paragraphs."""
    folder = tmp_path / "questions" / SEED_PACK
    shutil.copytree(QUESTIONS_DIR / SEED_PACK, folder)
    source = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    questions = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    original = {p["id"]: p["text"] for p in source["paragraphs"]}
    for key in ("title", "publisher", "attribution"):
        source[key] += HOSTILE
    source["url"] = f"https://example.org/article?x={IMG}"
    for paragraph in source["paragraphs"]:
        paragraph["text"] = f"{BOLD} {paragraph['text']} {SCRIPT}"
    source.update(source_changes)
    _inject(questions)
    questions["title"] = {lang: TITLE_FORMULA + text for lang, text in questions["title"].items()}
    for question in questions["questions"]:
        for quote in question.get("quotes", []):
            if original[quote["paragraph"]].startswith(quote["text"]):
                quote["text"] = f"{BOLD} {quote['text']}"  # the highlighted quote holds markup too
    for name, document in (("source.yaml", source), ("questions.yaml", questions)):
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)
        (folder / name).write_text(text, encoding="utf-8")
    return folder.parent


def test_a_pack_link_must_be_a_web_address(tmp_path):
    questions_dir = hostile_pack(tmp_path, url="javascript:alert(1)")
    with pytest.raises(PackError) as refused, separate_app(tmp_path, QUESTIONS_DIR=questions_dir):
        pass
    assert "url" in str(refused.value)


@pytest.mark.parametrize("language", ["en", "de"])
def test_pack_texts_are_escaped_in_every_learner_page(tmp_path, language):
    with separate_app(tmp_path, QUESTIONS_DIR=hostile_pack(tmp_path)) as app:
        pack = app.extensions["quizapp.packs"][SEED_PACK]
        assert any(BOLD in q.prompt["en"] for q in pack.questions)  # the hostile pack loaded
        learner = Browser(app.test_client())
        learner.post("/language", {"language": language})
        page(learner, "/", "start page")
        source = page(learner, f"/packs/{SEED_PACK}/source", "reading view")
        assert 'href="https://example.org/article?x=&#34;&gt;&lt;img' in source
        attempt_id = learner.start(name="Ana", feedback_mode="immediate")
        for position, question in enumerate(pack.questions, 1):
            url = f"/attempts/{attempt_id}/questions/{position}"
            page(learner, url, f"question {position}")
            form = wrong_form(question) if position % 2 else right_form(question)
            assert learner.answer(attempt_id, position, question.id, **form).status_code == 303
            page(learner, url, f"question {position} with feedback")
        results = page(learner, f"/attempts/{attempt_id}/results", "results")
        assert "<mark>&lt;b&gt;x&lt;/b&gt;" in results  # markup inside a highlighted quote


def test_pack_texts_are_escaped_for_teachers_and_inert_in_exports(tmp_path):
    with separate_app(tmp_path, QUESTIONS_DIR=hostile_pack(tmp_path)) as app:
        pack = app.extensions["quizapp.packs"][SEED_PACK]
        make_instructor(app)
        teacher = TeacherBrowser(app.test_client())
        teacher.sign_in()
        classroom_id, code = teacher.create_classroom()
        assignment_id = teacher.assign(classroom_id)
        ana = LearnerBrowser(app.test_client())
        ana.join(code, "Ana")
        attempt_id = ana.start_assignment(assignment_id)
        positions = range(1, len(pack.questions) + 1)
        answer_questions(app, attempt_id, [p for p in positions if p % 2], right=False)
        answer_questions(app, attempt_id, [p for p in positions if not p % 2])
        page(teacher, "/instructor/", "class list", shows=None)
        page(teacher, f"/instructor/classrooms/{classroom_id}", "classroom")
        page(teacher, f"/instructor/classrooms/{classroom_id}/assignments/new", "assignment form")
        page(teacher, f"/instructor/assignments/{assignment_id}", "dashboard")
        page(teacher, f"/instructor/attempts/{attempt_id}", "teacher's view of the attempt")

        for what, fmt, cells in every_export(teacher, classroom_id):
            texts = [value for value, _where in cells if isinstance(value, str)]
            assert not any("&lt;" in text for text in texts), (what, fmt)
            if what == "responses":  # the scores' headers shorten the prompts past the markup
                assert any(SCRIPT in text for text in texts), (what, fmt)  # plain text, not &lt;
                assert any(text.startswith("'" + TITLE_FORMULA) for text in texts), fmt


def test_what_a_visitor_types_is_escaped_when_shown_back(app, teacher, seed_pack):
    """Query strings, URL parts and refused form input are shown back escaped."""
    set_teacher_sign_up(app, "open")  # so the sign-up form shows its input back
    visitor = Browser(app.test_client())
    hostile = SCRIPT + IMG
    for url in (
        f"/join?code={hostile}",
        f"/sign-in?code={hostile}",
        f"/instructor/sign-in?next=/{hostile}",
    ):
        assert_inert_html(visitor.get(url).get_data(as_text=True), url)
    assert_inert_html(visitor.get(f"/join/{hostile}").get_data(as_text=True), "/join/<hostile>")
    refused = [
        visitor.post(
            "/instructor/sign-up", {"email": hostile, "password": hostile, "confirm": "x"}
        ),
        visitor.post(
            "/instructor/sign-in", {"email": hostile, "password": "x", "next": "/" + hostile}
        ),
        visitor.post("/sign-in", {"code": hostile, "display_name": hostile, "pin": "1"}),
        visitor.post("/join", {"code": hostile * 5}),
        visitor.post(
            f"/packs/{SEED_PACK}/attempts", {"display_name": hostile, "feedback_mode": "x"}
        ),
        teacher.post("/instructor/classrooms", {"name": hostile * 10}),
    ]
    for response in refused:
        assert 400 <= response.status_code < 500, response.status_code
        assert_inert_html(response.get_data(as_text=True), response.request.path)
    _classroom_id, code = teacher.create_classroom()
    joiner = LearnerBrowser(app.test_client())
    joiner.get(f"/join/{code}")
    refused_join = joiner.post(
        f"/join/{code}", {"display_name": hostile, "pin": "12", "pin_confirm": "34"}
    )
    assert refused_join.status_code == 422
    assert_inert_html(refused_join.get_data(as_text=True), "join form shown back")
    attempt_id = visitor.start(name="Ana")
    numeric = next(i for i, q in enumerate(seed_pack.questions, 1) if q.type == "numeric")
    typed = visitor.answer(attempt_id, numeric, answer=hostile)
    assert typed.status_code == 422
    body = typed.get_data(as_text=True)
    assert_inert_html(body, "a number shown back")
    assert ESCAPED in body
