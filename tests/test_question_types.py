"""Question types: one module each, found in one table; a type from outside quizapp plugs in."""

import re
import shutil
from pathlib import Path

import pytest
from apps import QUESTIONS_DIR, test_app
from click.testing import CliRunner
from factories import SEED_PACK
from pages import Browser

from quizapp.cli import questions_cli
from quizapp.engine import QUESTION_TYPES, grade_response, question_type

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"
BUILT_IN = (
    "single_choice",
    "multiple_response",
    "true_false",
    "numeric",
    "short_text",
    "matching",
    "ordering",
)


def test_every_built_in_type_is_in_the_table():
    assert set(BUILT_IN) <= set(QUESTION_TYPES)


def test_no_module_or_template_outside_the_types_branches_on_a_type():
    """What the app knows about a type lives in engine/types/<type>.py and questions/<type>.html."""
    names = "|".join(BUILT_IN)
    branching = re.compile(rf"""(?<!inputmode=)['"]({names})['"]|\.type\s*(==|!=|\bin\b)""")
    offenders = []
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html")]:
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(("engine/types/", "templates/questions/")):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if branching.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize("name", BUILT_IN)
def test_each_type_has_its_partial_with_the_three_macros(name):
    partial = (PACKAGE / "templates" / question_type(name).template).read_text(encoding="utf-8")
    for macro in ("controls", "answer", "right_answer"):
        assert re.search(rf"{{% macro {macro}\(", partial), f"{name}: no {macro} macro"


def test_each_type_makes_a_right_and_a_wrong_answer_for_every_seed_question(seed_pack):
    from werkzeug.datastructures import MultiDict

    seen = set()
    for question in seed_pack.questions:
        qtype = question_type(question.type)
        seen.add(question.type)
        right = qtype.form_response(question, MultiDict(qtype.sample_form(question, True)))
        wrong = qtype.form_response(question, MultiDict(qtype.sample_form(question, False)))
        assert grade_response(question, right).correct, question.id
        assert grade_response(question, wrong).fraction < 1, question.id
        assert qtype.read(question, qtype.correct_answer(question), "en") is not None
    assert seen == set(BUILT_IN)


# -- a type from outside quizapp -----------------------------------------------------------

ESTIMATE_QUESTION = """\

  - id: guess-members
    type: estimate
    prompt: {en: "Estimate: how many members does GardServis have?", de: "Schätze: Wie viele Mitglieder hat GardServis?"}
    answer: 1000
    tolerance: 100
    spread: 900
    explanation: {en: Over 1,000 members., de: Über 1000 Mitglieder.}
    quotes:
      - paragraph: p16
        text: "has over 1,000 members"
"""


@pytest.fixture
def estimate_app(tmp_path):
    """The app with the seed pack plus one `estimate` question, the type from tests/extra_type."""
    folder = tmp_path / "questions" / "estimate-pack"
    shutil.copytree(QUESTIONS_DIR / SEED_PACK, folder)
    questions = (folder / "questions.yaml").read_text(encoding="utf-8")
    head, _, _rest = questions.partition("\nquestions:\n")
    (folder / "questions.yaml").write_text(
        head + "\nquestions:\n" + ESTIMATE_QUESTION, encoding="utf-8"
    )
    with test_app(
        tmp_path, QUESTIONS_DIR=folder.parent, QUESTION_TYPE_MODULES="extra_type.estimate"
    ) as app:
        yield app


def test_a_type_from_outside_quizapp_takes_a_quiz_through_the_pages(estimate_app):
    browser = Browser(estimate_app.test_client())
    attempt_id = browser.start(pack_slug="estimate-pack")
    page = browser.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert 'class="estimate"' in page  # the type's own partial drew the form
    response = browser.answer(attempt_id, 1, answer="1450")
    assert response.status_code == 303
    feedback = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Partly right" in feedback  # 350 off: 250 past the tolerance, of a spread of 900
    assert '<span class="estimate-answer">1,450</span>' in feedback
    results = browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Your results" in results


def test_the_checker_and_the_export_know_a_type_from_outside(estimate_app, monkeypatch):
    monkeypatch.setenv("QUIZAPP_QUESTION_TYPES", "extra_type.estimate")
    folder = Path(estimate_app.config["QUESTIONS_DIR"])
    runner = CliRunner()
    checked = runner.invoke(questions_cli, ["--dir", str(folder), "check"])
    assert checked.exit_code == 0, checked.output
    exported = runner.invoke(questions_cli, ["--dir", str(folder), "export", "estimate-pack"])
    assert '"spread": 900.0' in exported.output
    (folder / "estimate-pack" / "questions.yaml").write_text(
        (folder / "estimate-pack" / "questions.yaml")
        .read_text(encoding="utf-8")
        .replace("spread: 900", "spread: 0"),
        encoding="utf-8",
    )
    broken = runner.invoke(questions_cli, ["--dir", str(folder), "check"])
    assert broken.exit_code == 1
    assert "spread of question 'guess-members' must be greater than 0" in broken.output


def test_questions_check_loads_the_types_named_in_the_setting(estimate_app):
    """The documented way, in a fresh process: QUIZAPP_QUESTION_TYPES names the module."""
    import os
    import subprocess
    import sys

    folder = str(estimate_app.config["QUESTIONS_DIR"])
    tests = str(Path(__file__).resolve().parent)
    command = [sys.executable, "-m", "flask", "questions", "--dir", folder, "check"]
    env = {**os.environ, "PYTHONPATH": tests, "QUIZAPP_LANGUAGE": "en"}
    env.pop("QUIZAPP_QUESTION_TYPES", None)
    without = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert without.returncode == 1
    assert "unknown question type 'estimate'" in without.stderr
    env["QUIZAPP_QUESTION_TYPES"] = "extra_type.estimate"
    with_setting = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert with_setting.returncode == 0, with_setting.stderr
