"""What a Moodle file lacks stays in front of the teacher (issue 26, points 2 and 4): an imported
question that refers to an image carries a note in the draft until the teacher clears it in the
question editor, the pack page marks it and publishing waits for it, and no published version
holds the note; what a Moodle XML or GIFT file changes of a question (Moodle's shares, what GIFT
has no place for, a question left out) is listed on the command line and on the pack page."""

import io
import re
import shutil
from pathlib import Path

import pytest
from factories import SEED_PACK, TEACHER_EMAIL, make_pack, make_pack_version
from lxml import etree
from pages import page_html

from quizapp.authoring.editor import form_values, pack_problems
from quizapp.bank.loader import read_pack, read_pack_data
from quizapp.cli import questions_cli
from quizapp.extensions import db
from quizapp.interchange import export_notes, export_pack, read_question_file
from quizapp.interchange.moodle_xml import MOODLE_FRACTIONS
from quizapp.models import StoredPack
from quizapp.packs import pack_data, parsed_version, publish

IMAGE_QUESTION = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>Map question</text></name>
    <questiontext format="html"><text><![CDATA[<p>Is the marked city Minsk?</p>
      <img src="@@PLUGINFILE@@/belarus%20map.png" alt="Map of Belarus">]]></text>
      <file name="belarus map.png" path="/" encoding="base64">iVBORw0KGgo=</file></questiontext>
    <generalfeedback format="html"><text>Minsk is the capital.</text></generalfeedback>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text><feedback><text>Look again.</text></feedback></answer>
  </question>
</quiz>
"""
NOTE = "refers to an image (belarus map.png) that was not imported"


def stored(app, pack_id: int) -> StoredPack:
    with app.app_context():
        found = db.session.get(StoredPack, pack_id)
        db.session.expunge(found)
        return found


def import_through_the_page(teacher) -> int:
    response = teacher.post(
        "/instructor/packs/import",
        {"language": "en", "upload": (io.BytesIO(IMAGE_QUESTION), "map.xml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(re.search(r"/packs/(\d+)/", response.headers["Location"]).group(1))


def attach_seed_article(app, pack_id: int) -> None:
    """The teacher's next steps, as data: the article the question comes from, and its quote."""
    seed = pack_data(app.extensions["quizapp.packs"][SEED_PACK])
    with app.app_context():
        found = db.session.get(StoredPack, pack_id)
        question = {**found.draft["questions"][0], "quotes": seed["questions"][0]["quotes"]}
        found.draft = {
            **seed,
            "id": found.slug,
            "languages": ["en"],
            "title": {"en": seed["title"]["en"]},
            "renderings": {},
            "questions": [question],
        }
        found.revision += 1
        db.session.commit()


def save_in_the_editor(teacher, app, pack_id: int, **extra: str):
    question = stored(app, pack_id).draft["questions"][0]
    values = {k: str(v) for k, v in form_values(question).items() if k != "attention"}
    values["answer"] = "1" if question["answer"] else ""
    form = {**values, "revision": str(stored(app, pack_id).revision), **extra}
    return teacher.post(f"/instructor/packs/{pack_id}/questions/1", form)


def test_an_imported_image_question_is_marked_and_publishes_only_once_cleared(app, teacher):
    pack_id = import_through_the_page(teacher)
    assert stored(app, pack_id).draft["questions"][0]["attention"] == [NOTE]
    attach_seed_article(app, pack_id)

    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "1 question needs attention before the quiz can be published" in page
    assert f"needs attention: {NOTE}" in page
    refused = teacher.post(f"/instructor/packs/{pack_id}/publish")
    assert refused.status_code == 422
    assert f"Question 1: Needs attention: {NOTE}" in page_html(refused)
    with app.app_context():
        assert db.session.get(StoredPack, pack_id).versions == []

    editor = page_html(teacher.get(f"/instructor/packs/{pack_id}/questions/1"))
    assert "This question needs attention" in editor and NOTE in editor
    assert 'name="attention_cleared"' in editor
    kept = save_in_the_editor(teacher, app, pack_id)  # saved without the box: the note stays
    assert kept.status_code == 303, page_html(kept)
    assert stored(app, pack_id).draft["questions"][0]["attention"] == [NOTE]
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 422

    cleared = save_in_the_editor(teacher, app, pack_id, attention_cleared="1")
    assert cleared.status_code == 303
    assert "attention" not in stored(app, pack_id).draft["questions"][0]
    assert "needs attention" not in page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303
    with app.app_context():
        version = db.session.get(StoredPack, pack_id).versions[-1]
        assert all("attention" not in q for q in version.content["questions"])
        assert parsed_version(version.id, version.digest) is not None


def test_a_failed_save_keeps_the_ticked_box(app, teacher):
    pack_id = import_through_the_page(teacher)
    attach_seed_article(app, pack_id)
    refused = save_in_the_editor(teacher, app, pack_id, attention_cleared="1", points="many")
    assert refused.status_code == 422
    page = page_html(refused)
    assert NOTE in page and re.search(r'name="attention_cleared" value="1" checked', page)
    assert stored(app, pack_id).draft["questions"][0]["attention"] == [NOTE]


def test_publishing_is_refused_in_both_languages_and_by_the_one_publish(app, teacher_id):
    draft = pack_data(app.extensions["quizapp.packs"][SEED_PACK])
    draft = {**draft, "id": "with-a-note"}
    draft["questions"][0]["attention"] = [NOTE]
    pack_id = make_pack(app, teacher_id, "with-a-note", draft)
    english = [message for _field, message in pack_problems(draft, "en")]
    german = [message for _field, message in pack_problems(draft, "de")]
    question_id = draft["questions"][0]["id"]
    assert english == [f"question {question_id!r} needs attention: {NOTE}"]
    assert german == [f"Frage {question_id!r} braucht Ihre Aufmerksamkeit: {NOTE}"]
    with app.app_context(), pytest.raises(ValueError, match="attention"):
        publish(db.session.get(StoredPack, pack_id))


def test_the_note_never_reaches_a_version_and_never_makes_one_unreadable(app, tmp_path):
    """JSON (a draft, a stored version) may hold the note and reads; what is stored of a read
    pack never holds it; a pack folder, which is published as it is read, refuses it."""
    data = pack_data(app.extensions["quizapp.packs"][SEED_PACK])
    data["questions"][1]["attention"] = [NOTE]
    pack, errors, _missing = read_pack_data(data)
    assert errors == [] and pack is not None
    assert all("attention" not in q for q in pack_data(pack)["questions"])
    again, errors, _missing = read_pack_data(pack_data(pack))
    assert errors == [] and again == pack

    data["questions"][1]["attention"] = "see the map"
    _pack, errors, _missing = read_pack_data(data)
    assert errors == [("questions.1.attention", errors[0][1])]
    assert "must be a list of notes" in errors[0][1]

    folder = tmp_path / SEED_PACK
    shutil.copytree(Path(__file__).resolve().parent.parent / "questions" / SEED_PACK, folder)
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    text = re.sub(r"(\n  - id: [^\n]+\n)", rf"\1    attention: [{NOTE!r}]\n", text, count=1)
    questions.write_text(text, encoding="utf-8")
    pack, errors, _missing = read_pack(folder)
    assert pack is None
    assert any(f"needs attention: {NOTE}" in error for error in errors), errors


# -- export: Moodle's rules, and what the file changes ----------------------------------------------


def seed_with_right_options(app, right: int) -> dict:
    """The seed pack's data, its multiple-response question given `right` right options and
    one wrong one, worth 2 points."""
    data = pack_data(app.extensions["quizapp.packs"][SEED_PACK])
    question = next(q for q in data["questions"] if q["type"] == "multiple_response")
    template = {k: v for k, v in question["options"][0].items() if k != "feedback"}
    question["options"] = [
        {
            **template,
            "id": f"x{n}",
            "text": {lang: f"option {n}" for lang in data["languages"]},
            "correct": n < right,
        }
        for n in range(right + 1)
    ]
    question["options"][-1]["feedback"] = {lang: "no" for lang in data["languages"]}
    question["points"] = 2
    return data


def test_25_right_options_are_written_within_moodles_rules_and_reported(app):
    data = seed_with_right_options(app, 25)
    pack, errors, _missing = read_pack_data(data)
    assert errors == [], errors
    question = next(q for q in pack.questions if q.type == "multiple_response")
    allowed = [*MOODLE_FRACTIONS, *(-f for f in MOODLE_FRACTIONS)]

    quiz = etree.fromstring(export_pack(pack, "moodle-xml", "en")[0])
    node = next(q for q in quiz.iterfind("question") if q.findtext("single") == "false")
    fractions = [float(a.get("fraction")) / 100 for a in node.iterfind("answer")]
    assert all(min(abs(f - a) for a in allowed) < 0.00001 for f in fractions), fractions
    right = fractions[:25]
    assert abs(sum(right) - 1) < 0.0001  # Moodle's multichoice wants 100 % exactly
    assert right.count(0.05) == 20 and right.count(0.0) == 5
    gift = export_pack(pack, "gift", "en")[0].decode()
    weights = [float(w) / 100 for w in re.findall(r"~%(-?[\d.]+)%option", gift)]
    assert abs(sum(w for w in weights if w > 0) - 1) < 0.0001
    assert all(min(abs(f - a) for a in allowed) < 0.00001 for f in weights)

    for fmt in ("moodle-xml", "gift"):
        line = next(n for n in export_notes(pack, fmt, "en") if repr(question.id) in n)
        assert "20 × 5 %" in line and "5 of its 25 right options are worth 0 % in Moodle" in line
    gift_line = next(n for n in export_notes(pack, "gift", "en") if repr(question.id) in n)
    assert "its points (2) are not written" in gift_line


def test_the_command_line_and_the_pack_page_list_what_the_file_changes(app, teacher, teacher_id):
    data = {**seed_with_right_options(app, 25), "id": "many-options"}
    pack_id = make_pack(app, teacher_id, "many-options", data)
    make_pack_version(app, pack_id)
    runner = app.test_cli_runner()
    for fmt in ("moodle-xml", "gift"):
        result = runner.invoke(questions_cli, ["export", "many-options", "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "5 of its 25 right options are worth 0 % in Moodle" in result.output, fmt
    result = runner.invoke(questions_cli, ["export", "many-options", "--format", "gift"])
    assert "its points (2) are not written: GIFT has none" in result.output

    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "What the Moodle XML file changes:" in page
    assert "What the GIFT file changes:" in page
    assert page.count("5 of its 25 right options are worth 0 % in Moodle") == 2
    download = teacher.get(f"/instructor/packs/{pack_id}/moodle?format=gift&language=en")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_pack_moodle_takes_as_it_is_has_no_notes(app, seed_pack, teacher, teacher_id):
    for fmt in ("moodle-xml", "gift"):
        assert [n for n in export_notes(seed_pack, fmt, "en") if "shares" in n] == []
    pack_id = make_pack(app, teacher_id)
    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "What the Moodle XML file changes:" not in page


def test_the_cli_import_carries_the_note_into_the_draft(app, tmp_path, teacher_id):
    source = tmp_path / "map.xml"
    source.write_bytes(IMAGE_QUESTION)
    result = app.test_cli_runner().invoke(
        questions_cli, ["import", str(source), "--owner", TEACHER_EMAIL]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        draft = db.session.scalar(db.select(StoredPack).filter_by(slug="map")).draft
    assert draft["questions"][0]["attention"] == [NOTE]
    assert read_question_file(IMAGE_QUESTION, "map.xml", "en").questions[0]["attention"] == [NOTE]
