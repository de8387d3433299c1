"""Packs: the seed pack's coverage and grounding, and the check a teacher runs on a new pack."""

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from apps import QUESTIONS_DIR
from click.testing import CliRunner
from factories import SEED_PACK

from quizapp import create_app
from quizapp.bank import PackError, load_packs
from quizapp.cli import questions_cli
from quizapp.engine import locate

SOURCE = """\
title: "A tiny article"
publisher: Example Times
attribution: "Example Times, CC BY 4.0"
date: 2026-11-25
language: en
paragraphs:
  - id: p1
    text: "About 9.2 million people live in Belarus, a “close friend” of Russia."
  - id: c1
    kind: caption
    text: "A boat trip. Image: example"
  - id: p2
    text: "The company was registered in 2019."
"""

QUESTIONS = """\
languages: [en, de]
title: {en: Tiny, de: Winzig}
questions:
  - id: friend
    type: single_choice
    prompt: {en: "What is Belarus called?", de: "Wie wird Belarus genannt?"}
    options:
      - id: friend
        text: {en: a close friend, de: ein enger Freund}
        correct: true
      - id: enemy
        text: {en: an enemy, de: ein Feind}
        feedback: {en: No., de: Nein.}
    explanation: {en: It is a close friend., de: Ein enger Freund.}
    quotes:
      - paragraph: p1
        text: a "close friend" of Russia
  - id: registered
    type: numeric
    prompt: {en: "When?", de: "Wann?"}
    answer: 2019
    explanation: {en: In 2019., de: Im Jahr 2019.}
    quotes:
      - paragraph: p2
        text: The company was registered in 2019.
"""


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A packs folder holding one small valid pack, `tiny`, to break in each test."""
    folder = tmp_path / "questions" / "tiny"
    folder.mkdir(parents=True)
    (folder / "source.yaml").write_text(SOURCE, encoding="utf-8")
    (folder / "questions.yaml").write_text(QUESTIONS, encoding="utf-8")
    return folder


def edit(folder: Path, old: str, new: str, file: str = "questions.yaml") -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(folder: Path):
    return CliRunner().invoke(questions_cli, ["--dir", str(folder.parent), "check"])


def line_of(folder: Path, needle: str, file: str = "questions.yaml") -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# -- the seed pack -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return load_packs(QUESTIONS_DIR)[SEED_PACK]


def test_the_seed_pack_has_at_least_30_questions_of_at_least_5_types(seed):
    types = Counter(q.type for q in seed.questions)
    assert len(seed.questions) >= 30
    assert len(types) >= 5, types


def test_every_seed_question_is_grounded_in_a_verbatim_quote(seed):
    for question in seed.questions:
        assert question.explanation["en"] and question.explanation["de"], question.id
        assert question.quotes, question.id
        for quote in question.quotes:
            paragraph = seed.source.paragraph(quote.paragraph)
            assert paragraph is not None, (question.id, quote.paragraph)
            assert locate(paragraph.text, quote.text), (question.id, quote.text)


def test_every_seed_distractor_carries_its_own_feedback(seed):
    for question in seed.questions:
        for option in question.options:
            if not option.correct:
                assert option.feedback and set(option.feedback) >= {"en", "de"}, question.id


def test_seed_pack_covers_the_topics_the_class_discusses(seed):
    everything = json.dumps([q.prompt["en"] + q.explanation["en"] for q in seed.questions]).lower()
    for topic in [
        "population",
        "last close friend",
        "air force",
        "purely defensive",
        "leukavets",
        "gerasimov",
        "tikhanovskaya",
        "national security council",
        "gardservis",
        "belsecuritygroup",
        "2019",
        "wagner",
        "mozart",
        "citizenship",
        "2020",
        "political survivor",
    ]:
        assert topic in everything, topic


def test_seed_source_keeps_captions_apart_from_body_text(seed):
    kinds = Counter(p.kind for p in seed.source.paragraphs)
    assert kinds["caption"] >= 5 and kinds["paragraph"] >= 20
    body = " ".join(p.text for p in seed.source.paragraphs if p.kind == "paragraph")
    assert "Image:" not in body


def test_the_short_text_accepts_both_spellings_the_article_uses(seed):
    from quizapp.engine import grade_response

    spelled = [
        q
        for q in seed.questions
        if q.type == "short_text"
        and any("Tikhanovskaya" in a for v in q.accepted.values() for a in v)
    ]
    assert spelled
    for answer in ("Tikhanovskaya", "Tichanovskaya", "tichanowskaja"):
        assert grade_response(spelled[0], answer).correct, answer


# -- the check command ---------------------------------------------------------------------


def test_check_passes_a_valid_pack(tiny):
    result = check(tiny)
    assert result.exit_code == 0, result.output
    assert "1 pack, 2 questions" in result.output


def test_check_reports_a_malformed_question_with_path_and_line(tiny):
    edit(tiny, "    answer: 2019\n", "    answer: twenty\n")
    result = check(tiny)
    assert result.exit_code == 1
    expected = f"{tiny / 'questions.yaml'}:{line_of(tiny, 'answer: twenty')}: "
    assert any(
        line.endswith(
            "questions.yaml:"
            + expected.split("questions.yaml:")[1]
            + "question 'registered' needs a number as 'answer'"
        )
        for line in result.output.splitlines()
    ), result.output


def test_check_reports_an_unknown_type_and_the_closest_valid_one(tiny):
    edit(tiny, "type: single_choice", "type: singel_choice")
    result = check(tiny)
    assert result.exit_code == 1
    line = line_of(tiny, "singel_choice")
    assert (
        f"questions.yaml:{line}: unknown question type 'singel_choice'; did you mean "
        "'single_choice'?" in result.output
    )


def test_check_speaks_the_teachers_language(tiny, monkeypatch):
    monkeypatch.setenv("QUIZAPP_LANGUAGE", "de")
    edit(tiny, "type: single_choice", "type: singel_choice")
    result = check(tiny)
    assert result.exit_code == 1
    assert "unbekannter Fragetyp 'singel_choice'; meintest du 'single_choice'?" in result.output
    assert "1 Problem in den Paketen." in result.output


def test_check_reports_a_missing_language(tiny):
    edit(tiny, "explanation: {en: In 2019., de: Im Jahr 2019.}", "explanation: {en: In 2019.}")
    result = check(tiny)
    assert result.exit_code == 1
    line = line_of(tiny, "explanation: {en: In 2019.}")
    assert (
        f"questions.yaml:{line}: explanation of question 'registered' has no 'de' text"
        in result.output
    )


def test_check_reports_a_duplicate_id(tiny):
    edit(tiny, "  - id: registered", "  - id: friend")
    result = check(tiny)
    assert result.exit_code == 1
    assert f"questions.yaml:{line_of(tiny, '  - id: friend')}" not in result.output  # first ok
    second = [
        i
        for i, line in enumerate((tiny / "questions.yaml").read_text().splitlines(), 1)
        if line == "  - id: friend"
    ][1]
    assert (
        f"questions.yaml:{second}: duplicate question id 'friend' (first on line 4)"
        in result.output
    )


def test_check_reports_a_quote_not_in_the_source_with_the_closest_passage(tiny):
    edit(
        tiny, "text: The company was registered in 2019.", "text: The firm was registered in 2018."
    )
    result = check(tiny)
    assert result.exit_code == 1
    line = line_of(tiny, "The firm was registered")
    assert (
        f"questions.yaml:{line}: quote is not in the source; closest passage (p2): "
        "'The company was registered in 2019.'" in result.output
    )


def test_check_reports_a_quote_under_the_wrong_paragraph(tiny):
    edit(tiny, "      - paragraph: p2", "      - paragraph: p1")
    result = check(tiny)
    assert "quote is in paragraph 'p2', not 'p1'" in result.output


def test_check_ignores_whitespace_and_quote_style_in_quotes(tiny):
    edit(tiny, 'text: a "close friend" of Russia', 'text: "a  ‘close friend’\\n of Russia"')
    # ‘ ’ are single quote marks, the source has double ones: that is a different text...
    assert check(tiny).exit_code == 1
    edit(tiny, "a  ‘close friend’\\n of Russia", "a  „close friend“\\n of   Russia")
    assert check(tiny).exit_code == 0


def test_check_reports_yaml_syntax_errors_with_the_line(tiny):
    edit(tiny, "    answer: 2019\n", "    answer: [2019\n")
    result = check(tiny)
    assert result.exit_code == 1
    assert re.search(r"questions\.yaml:\d+: ", result.output)


def test_check_reports_unknown_keys_with_a_suggestion(tiny):
    edit(
        tiny,
        "    explanation: {en: In 2019.",
        "    explanaton: {en: x, de: y}\n    explanation: {en: In 2019.",
    )
    result = check(tiny)
    assert (
        "unknown key 'explanaton' in question 'registered'; did you mean 'explanation'?"
        in result.output
    )


def test_check_reports_a_missing_source_file(tiny):
    (tiny / "source.yaml").unlink()
    result = check(tiny)
    assert result.exit_code == 1
    assert "source.yaml:1: file is missing" in result.output


def test_the_app_refuses_to_start_on_an_invalid_pack(tiny, tmp_path):
    edit(tiny, "type: single_choice", "type: singel_choice")
    with pytest.raises(PackError) as caught:
        create_app({"QUESTIONS_DIR": tiny.parent, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "unknown question type 'singel_choice'" in str(caught.value)


def test_an_app_made_again_reads_a_pack_folder_that_changed_and_refuses_it_once_broken(tiny):
    """The parsed packs are kept per process by their files' contents: an edit is read, even one
    that keeps the file's size, and a pack broken since it was last read stops the app."""
    settings = {"QUESTIONS_DIR": tiny.parent, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    assert create_app(settings).extensions["quizapp.packs"]["tiny"].title["de"] == "Winzig"
    edit(tiny, "de: Winzig}", "de: Klitzi}")  # as long as before
    assert create_app(settings).extensions["quizapp.packs"]["tiny"].title["de"] == "Klitzi"
    edit(tiny, "type: single_choice", "type: singel_choice")
    with pytest.raises(PackError):
        create_app(settings)


def test_an_incomplete_translation_is_offered_in_the_complete_languages_only(tiny):
    edit(tiny, "explanation: {en: In 2019., de: Im Jahr 2019.}", "explanation: {en: In 2019.}")
    pack = load_packs(tiny.parent)["tiny"]
    assert pack.languages == ("en",)
    assert pack.declared_languages == ("en", "de")


def test_list_prints_each_pack_id_on_its_own_line(tiny):
    shutil.copytree(tiny, tiny.parent / "another-pack")
    result = CliRunner().invoke(questions_cli, ["--dir", str(tiny.parent), "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["another-pack", "tiny"]


def test_export_prints_the_pack_as_json(tiny):
    result = CliRunner().invoke(
        questions_cli, ["--dir", str(tiny.parent), "export", "tiny", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "tiny"
    assert data["source"]["title"] == "A tiny article"
    assert data["source"]["publisher"] == "Example Times"
    assert data["source"]["language"] == "en"
    assert data["source"]["paragraphs"][0] == {
        "id": "p1",
        "text": SOURCE.split('text: "')[1].split('"\n')[0],
    }
    friend, registered = data["questions"]
    assert friend["type"] == "single_choice"
    assert friend["prompt"] == {"en": "What is Belarus called?", "de": "Wie wird Belarus genannt?"}
    assert friend["explanation"]["de"] == "Ein enger Freund."
    assert friend["quotes"][0]["paragraph"] == "p1"
    assert friend["answer"] == "friend"
    assert [o["id"] for o in friend["options"]] == ["friend", "enemy"]
    assert registered["answer"] == 2019 and registered["tolerance"] == 0


def test_export_of_an_unknown_pack_names_the_packs(tiny):
    result = CliRunner().invoke(questions_cli, ["--dir", str(tiny.parent), "export", "tinny"])
    assert result.exit_code == 2
    assert "no pack 'tinny'" in result.output


def test_the_flask_command_runs_even_while_a_pack_is_broken(tiny):
    """`flask --app quizapp questions check` must not need the app that refuses to start."""
    edit(tiny, "type: single_choice", "type: singel_choice")
    flask = Path(sys.executable).parent / "flask"
    result = subprocess.run(
        [str(flask), "--app", "quizapp", "questions", "--dir", str(tiny.parent), "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "unknown question type 'singel_choice'" in result.stderr
    listed = subprocess.run(
        [str(flask), "--app", "quizapp", "questions", "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0 and SEED_PACK in listed.stdout.splitlines()
