"""Control characters never get in (issue 25, point 4): a prompt with \\x01\\x0b\\x1b saved by the
editor, then the Moodle XML export, answered 500. Every way text enters (the forms, the question
editor, article uploads, question files, pack folders and drafts) now removes C0 and C1 control
characters but tab and newline, and the Moodle XML export strips them from versions stored before.
"""

import io
import json
import re

import pytest
from factories import SEED_PACK, make_pack, make_pack_version
from lxml import etree
from pages import page_html

from quizapp.bank.loader import read_pack, read_pack_data
from quizapp.engine.control_characters import cleaned, without_control_characters
from quizapp.extensions import db
from quizapp.forms import Form
from quizapp.interchange.moodle_xml import pack_to_moodle_xml
from quizapp.models import Classroom, StoredPack
from quizapp.packs import pack_data

HOSTILE = "\x01\x0b\x1b\x7f\x85\x9f"
ARTICLE = """Lakes of the North

About 9.2 million people live in the region, and most of them live near one of its 1,000 lakes.

The largest lake is 76 kilometres long. “It is a place of calm,” says Anna Berg, a guide.

The water is cold even in summer, and the lake freezes in December."""
QUOTE = "About 9.2 million people live in the region"


def test_control_characters_but_tab_and_newline_are_removed_and_line_ends_are_newlines():
    assert without_control_characters(f"a{HOSTILE}b\tc\nd") == "ab\tc\nd"
    assert without_control_characters("one\r\ntwo\rthree") == "one\ntwo\nthree"
    assert (
        without_control_characters("Grüße, “quoted” – ½ € 中文 🙂")
        == "Grüße, “quoted” – ½ € 中文 🙂"
    )
    data = {"prompt": {"en": "Is\x1b it?"}, "options": [{"id": "a\x01", "n": 1.5}], "x": None}
    assert cleaned(data) == {
        "prompt": {"en": "Is it?"},
        "options": [{"id": "a", "n": 1.5}],
        "x": None,
    }


def _form_classes(cls: type) -> list[type]:
    return [cls, *(found for sub in cls.__subclasses__() for found in _form_classes(sub))]


def test_every_form_of_the_app_derives_from_the_form_that_removes_them(app):
    from flask_wtf import FlaskForm

    forms = [c for c in _form_classes(FlaskForm) if c.__module__.startswith("quizapp.")]
    assert len(forms) > 10
    assert all(issubclass(c, Form) for c in forms), [c for c in forms if not issubclass(c, Form)]


def test_a_form_field_is_stored_without_them(app, teacher):
    response = teacher.post("/instructor/classrooms", {"name": f"10a{HOSTILE} History\r\n"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(db.select(Classroom.name)).all() == ["10a History"]


# -- the editor and the article ----------------------------------------------------------------


def _new_pack(teacher, text=ARTICLE, title="Lakes of the North") -> int:
    data = {
        "title": title,
        "publisher": "Example Times",
        "language": "en",
        "languages": ["en", "de"],
        "text": text,
    }
    response = teacher.post("/instructor/packs/new", data)
    assert response.status_code == 303, page_html(response)[-2000:]
    return int(re.search(r"/packs/(\d+)$", response.headers["Location"]).group(1))


def _problems(response) -> list[str]:
    return re.findall(
        r'class="(?:field-error|notice error)"[^>]*>(?:<span[^>]*>[^<]*</span>)?(.*?)</',
        page_html(response),
    )


def _stored(app, stored_pack_id) -> StoredPack:
    with app.app_context():
        stored = db.session.get(StoredPack, stored_pack_id)
        db.session.expunge(stored)
        return stored


def _question(prompt: str, revision: int, **fields) -> dict:
    return {
        "id": "q1",
        "prompt.en": prompt,
        "prompt.de": "Stimmt das?",
        "explanation.en": "The article says so.",
        "explanation.de": "Der Artikel sagt es.",
        "feedback.en": "Read it again.",
        "feedback.de": "Lies es noch einmal.",
        "answer": "1",
        "quotes.0.paragraph": "p2",
        "quotes.0.text": QUOTE,
        "revision": str(revision),
        **fields,
    }


def test_a_prompt_saved_with_them_is_stored_without_and_exported_to_moodle(app, teacher):
    pack_id = _new_pack(teacher, ARTICLE.replace("region", f"re{HOSTILE}gion"), f"Lakes{HOSTILE}")
    stored = _stored(app, pack_id)
    assert stored.draft["source"]["paragraphs"][1]["text"].startswith(QUOTE)
    assert stored.draft["source"]["title"] == "Lakes"
    url = f"/instructor/packs/{pack_id}/questions/new?type=true_false"
    teacher.get(url)
    prompt = f"Do\x01\x0b\x1b many people\r\nlive there{HOSTILE}?"
    response = teacher.post(url, _question(prompt, stored.revision))
    assert response.status_code == 303, _problems(response)
    question = _stored(app, pack_id).draft["questions"][0]
    assert question["prompt"]["en"] == "Do many people\nlive there?"
    exported = teacher.get(f"/instructor/packs/{pack_id}/moodle?format=moodle-xml&language=en")
    assert exported.status_code == 200
    quiz = etree.fromstring(exported.get_data())
    assert "Do many people<br>live there?" in quiz.findtext("question[2]/questiontext/text")


def test_a_paragraph_corrected_with_them_is_stored_without(app, teacher):
    pack_id = _new_pack(teacher)
    stored = _stored(app, pack_id)
    data = {
        "paragraph": "p4",
        "action": "text",
        "text": f"The water is cold{HOSTILE} even in summer.",
        "revision": str(stored.revision),
    }
    assert teacher.post(f"/instructor/packs/{pack_id}/paragraphs", data).status_code == 303
    paragraphs = _stored(app, pack_id).draft["source"]["paragraphs"]
    assert paragraphs[3]["text"] == "The water is cold even in summer."


HTML_ARTICLE = (
    "<html><body><nav><a href='/'>Home</a></nav><article><h1>Lakes\x1b</h1>"
    + "".join(
        f"<p>Paragraph {n} tells of lakes\x01 and rivers in the north, where\x0b people fish and"
        " swim in summer.</p>"
        for n in range(1, 4)
    )
    + "</article></body></html>"
)


@pytest.mark.parametrize(
    "filename, data",
    [
        ("lakes.txt", ARTICLE.replace("lakes.", f"lakes{HOSTILE}.").encode()),
        ("lakes.md", ("# Lakes\x1b\n\n" + ARTICLE.replace("lake ", "lake\x01 ")).encode()),
        ("lakes.html", HTML_ARTICLE.encode()),
    ],
)
def test_an_uploaded_article_is_stored_without_them(app, teacher, filename, data):
    form = {
        "title": "Lakes",
        "publisher": "Example Times",
        "language": "en",
        "languages": ["en"],
        "upload": (io.BytesIO(data), filename),
    }
    response = teacher.post("/instructor/packs/new", form, content_type="multipart/form-data")
    assert response.status_code == 303, page_html(response)[-2000:]
    pack_id = int(re.search(r"/packs/(\d+)$", response.headers["Location"]).group(1))
    text = json.dumps(_stored(app, pack_id).draft, ensure_ascii=False)
    assert not re.search(r"\\u00[01][0-9a-f]|\\u007f|[\x80-\x9f]", text.replace("\\n", "")), text


# -- question files and packs ------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename, data",
    [
        ("bank.gift", b"::q1:: Is the lake\x01\x1b cold?\x0b {T#It is\x7f cold.}"),
        (
            "bank.xml",
            b'<?xml version="1.0"?><quiz><question type="truefalse"><name><text>q1</text></name>'
            b"<questiontext><text>Is the lake cold?</text></questiontext>"
            b'<answer fraction="100"><text>true</text></answer>'
            b'<answer fraction="0"><text>false</text></answer></question></quiz>',
        ),
    ],
)
def test_an_imported_question_file_is_stored_without_them(app, teacher, filename, data):
    form = {"language": "en", "upload": (io.BytesIO(data), f"Lakes\x1b{filename}")}
    response = teacher.post("/instructor/packs/import", form, content_type="multipart/form-data")
    assert response.status_code == 303, page_html(response)[-2000:]
    pack_id = int(re.search(r"/packs/(\d+)/article$", response.headers["Location"]).group(1))
    draft = _stored(app, pack_id).draft
    assert draft["questions"][0]["prompt"]["en"] == "Is the lake cold?"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", json.dumps(draft, ensure_ascii=False))


def test_a_pasted_question_file_is_read_without_them(app, teacher):
    form = {"language": "en", "text": "::q1:: Is the lake\x1b\x01 cold? {T}"}
    response = teacher.post("/instructor/packs/import", form)
    assert response.status_code == 303, page_html(response)[-2000:]
    pack_id = int(re.search(r"/packs/(\d+)/article$", response.headers["Location"]).group(1))
    assert _stored(app, pack_id).draft["questions"][0]["prompt"]["en"] == "Is the lake cold?"


def test_a_pack_folder_written_with_escaped_ones_is_read_without_them(tmp_path, seed_pack):
    from quizapp.bank.export import write_pack_folder

    folder = tmp_path / "lakes"
    write_pack_folder(pack_data(seed_pack), folder)
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    first_prompt = seed_pack.questions[0].prompt["en"]
    assert first_prompt in text
    line = next(line for line in text.splitlines() if first_prompt in line)
    key = line.split(":", 1)[0]
    escaped = '"' + first_prompt[:5] + "\\x01\\e\\N" + first_prompt[5:] + '"'  # YAML's escapes
    questions.write_text(text.replace(line, f"{key}: {escaped}"), "utf-8")
    pack, problems, _missing = read_pack(folder)
    assert problems == [] and pack.questions[0].prompt["en"] == first_prompt


def test_a_draft_holding_them_reads_as_a_pack_without_them(seed_pack):
    data = pack_data(seed_pack)
    data["questions"][0]["prompt"]["en"] += "\x1b[31m"
    pack, problems, _missing = read_pack_data(data)
    assert problems == []
    assert pack.questions[0].prompt["en"] == seed_pack.questions[0].prompt["en"] + "[31m"


def test_an_old_version_holding_them_is_exported_to_moodle(app, teacher, teacher_id, seed_pack):
    """A version stored before they were removed on input still exports as XML 1.0."""
    draft = {**pack_data(seed_pack), "id": "old-pack"}
    draft["questions"][0]["prompt"]["en"] = "Old\x01\x0b\x1b prompt?"
    draft["source"]["title"] += "\x1b"
    stored_pack_id = make_pack(app, teacher_id, "old-pack", draft)
    make_pack_version(app, stored_pack_id)
    with app.app_context():
        stored = db.session.get(StoredPack, stored_pack_id)
        assert "\x1b" in stored.versions[0].content["questions"][0]["prompt"]["en"]
    exported = teacher.get(f"/instructor/packs/{stored_pack_id}/moodle?format=moodle-xml")
    assert exported.status_code == 200
    assert b"Old prompt?" in exported.get_data()
    etree.fromstring(exported.get_data())


def test_the_moodle_writer_strips_them_from_a_pack_read_any_other_way(seed_pack):
    import dataclasses

    first = seed_pack.questions[0]
    hostile = dataclasses.replace(first, prompt={**first.prompt, "en": "Old\x01\x1b prompt?"})
    pack = dataclasses.replace(seed_pack, questions=(hostile, *seed_pack.questions[1:]))
    quiz = etree.fromstring(pack_to_moodle_xml(pack, "en"))
    assert "Old prompt?" in etree.tostring(quiz, encoding="unicode")


def test_the_seed_pack_is_untouched(seed_pack):
    assert seed_pack.id == SEED_PACK
    assert cleaned(pack_data(seed_pack)) == pack_data(seed_pack)


def test_a_learners_typed_answer_is_stored_without_them(app, browser):
    """A short answer typed with control characters (pasted from a terminal) is graded and shown
    to the teacher as the learner reads it."""
    from quizapp.models import Attempt, Response
    from quizapp.packs import published_pack

    attempt_id = browser.start(feedback_mode="after_attempt")
    with app.app_context():
        order = db.session.get(Attempt, attempt_id).question_order
        types = {question.id: question.type for question in published_pack(SEED_PACK).questions}
    position = next(i for i, qid in enumerate(order, 1) if types[qid] == "short_text")
    response = browser.answer(attempt_id, position, answer=f"Mi{HOSTILE}nsk")
    assert response.status_code == 303
    with app.app_context():
        stored = db.session.scalars(db.select(Response).filter_by(attempt_id=attempt_id)).one()
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", stored.given)
        assert "Minsk" in stored.given
