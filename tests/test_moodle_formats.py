"""Moodle XML and GIFT: a pack's questions out for Moodle and back in, files as Moodle 4.x writes
them read into a draft, and a broken file answered with `file:line: message`."""

import html
import io
import re
from pathlib import Path

import pytest
from factories import SEED_PACK, TEACHER_EMAIL, make_instructor, make_pack
from lxml import etree
from pages import TeacherBrowser, page_html

from quizapp import interchange
from quizapp.cli import questions_cli
from quizapp.engine import EVERY_LANGUAGE
from quizapp.engine.interactions import (
    Answer,
    ChoiceInteraction,
    TextEntryInteraction,
    TrueFalseInteraction,
)
from quizapp.extensions import db
from quizapp.interchange import (
    InterchangeFormat,
    export_pack,
    get_format,
    read_question_file,
    register,
)
from quizapp.interchange.questions import QuestionFile, ReadQuestion, held_questions
from quizapp.models import StoredPack
from quizapp.packs import pack_data

SAMPLES = Path(__file__).resolve().parent / "moodle"
FORMATS = ("moodle-xml", "gift")
SUFFIX = {"moodle-xml": "xml", "gift": "gift"}
# What a format cannot carry, beside quotes and ids (docs/moodle-formats.md).
GIFT_HAS_NO_QUESTION_FEEDBACK = {"single_choice", "multiple_response", "matching", "ordering"}


def _comparable(question: dict, language: str, fmt: str) -> dict:
    """What a format carries of a question in pack JSON shape, ids and quotes left out."""

    def text(value):
        return (value or {}).get(language)

    kept: dict = {"type": question["type"], "prompt": text(question["prompt"])}
    kept["explanation"] = text(question.get("explanation"))
    if fmt != "gift":
        kept["points"] = float(question.get("points", 1))
    if not (fmt == "gift" and question["type"] in GIFT_HAS_NO_QUESTION_FEEDBACK):
        kept["feedback"] = text(question.get("feedback"))
    if "options" in question:
        kept["options"] = [
            (text(o["text"]), bool(o.get("correct")), text(o.get("feedback")))
            for o in question["options"]
        ]
    if "choices" in question:
        choices = {c["id"]: text(c["text"]) for c in question["choices"]}
        kept["pairs"] = [(text(i["text"]), choices[i["match"]]) for i in question["items"]]
        kept["choices"] = sorted(choices.values())
    elif "items" in question:
        kept["items"] = [text(i["text"]) for i in question["items"]]
    if "accepted" in question:
        accepted = question["accepted"]
        both = [*accepted.get(language, []), *accepted.get(EVERY_LANGUAGE, [])]
        kept["accepted"] = list(dict.fromkeys(both))
    if "tolerance" in question:
        kept["answer"] = float(question["answer"])
        kept["tolerance"] = float(question["tolerance"])
        if fmt != "gift":
            kept["unit"] = text(question.get("unit"))
    elif "answer" in question:
        kept["answer"] = question["answer"]
    return kept


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_round_trip_keeps_every_field_the_format_carries_for_every_type(seed_pack, fmt, language):
    content, left_out = export_pack(seed_pack, fmt, language)
    assert left_out == []  # every built-in type has a Moodle type and a GIFT form
    imported = read_question_file(content, f"{SEED_PACK}.{SUFFIX[fmt]}", language)
    assert imported.problems == [] and imported.skipped == []
    original = pack_data(seed_pack)["questions"]
    assert len(imported.questions) == len(original)
    assert {q["type"] for q in imported.questions} == {q["type"] for q in original}
    for before, after in zip(original, imported.questions, strict=True):
        assert _comparable(after, language, fmt) == _comparable(before, language, fmt)
        assert "quotes" not in after  # Moodle has no quotes: they arrive ungrounded
        assert after["id"] == before["id"]  # the question's name carries its id


def test_the_general_feedback_holds_the_explanation_and_the_quote_with_the_title(seed_pack):
    content, _left = export_pack(seed_pack, "moodle-xml", "de")
    quiz = etree.fromstring(content)
    first = seed_pack.questions[0]
    node = next(q for q in quiz.iterfind("question") if q.findtext("name/text") == first.id)
    feedback = node.findtext("generalfeedback/text")
    assert html.escape(first.explanation["de"], quote=False) in feedback
    assert html.escape(first.quotes[0].text, quote=False) in feedback
    assert html.escape(seed_pack.source.title, quote=False) in feedback
    assert node.findtext("questiontext/text") == f"{html.escape(first.prompt['de'], quote=False)}"
    types = {q.get("type") for q in quiz.iterfind("question")}
    assert types == {
        "category",
        "multichoice",
        "truefalse",
        "numerical",
        "shortanswer",
        "matching",
        "ordering",
    }
    ordering = next(q for q in quiz.iterfind("question") if q.get("type") == "ordering")
    assert ordering.findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
    assert [a.get("fraction") for a in ordering.iterfind("answer")][:3] == ["1", "2", "3"]


def test_files_as_moodle_4_writes_them_import_and_unknown_types_are_listed():
    for name in ("moodle4-export.xml", "moodle4-export.gift"):
        imported = read_question_file((SAMPLES / name).read_bytes(), name, "en")
        assert imported.problems == [], name
        by_id = {q["id"]: q for q in imported.questions}
        assert list(by_id) == [
            "capital-of-belarus",
            "neighbours",
            "minsk-on-the-svislach",
            "president",
            "population",
            "capitals",
            "timeline",
        ], name
        capital = by_id["capital-of-belarus"]
        assert capital["type"] == "single_choice"
        assert capital["prompt"] == {"en": "Which city is the capital of Belarus?"}
        assert capital["explanation"] == {"en": "Minsk has been the capital since 1991."}
        assert [(o["text"]["en"], o["correct"]) for o in capital["options"]] == [
            ("Minsk", True),
            ("Brest", False),
            ("Gomel", False),
        ]
        assert capital["options"][1]["feedback"] == {"en": "Brest lies on the border with Poland."}
        neighbours = by_id["neighbours"]
        assert neighbours["type"] == "multiple_response"
        assert [o["correct"] for o in neighbours["options"]] == [True, True, False]
        svislach = by_id["minsk-on-the-svislach"]
        assert svislach["type"] == "true_false" and svislach["answer"] is True
        assert svislach["feedback"] == {"en": "Look at a map of Minsk."}
        assert by_id["president"]["accepted"] == {"en": ["Lukashenko", "Alexander Lukashenko"]}
        population = by_id["population"]
        assert (population["answer"], population["tolerance"]) == (9.2, 0.2)
        assert population["feedback"] == {"en": "A little over nine million."}
        capitals = by_id["capitals"]
        choices = {c["id"]: c["text"]["en"] for c in capitals["choices"]}
        assert [(i["text"]["en"], choices[i["match"]]) for i in capitals["items"]] == [
            ("Minsk", "Belarus"),
            ("Kyiv", "Ukraine"),
        ]
        assert [i["text"]["en"] for i in by_id["timeline"]["items"]] == [
            "Independence (1991)",
            "Lukashenko elected (1994)",
            "Protests after the election (2020)",
        ]
        assert all("quotes" not in q for q in imported.questions)
        skipped = "\n".join(imported.skipped)
        assert "'Your view'" in skipped and "'essay'" in skipped, name
    xml = read_question_file((SAMPLES / "moodle4-export.xml").read_bytes(), "bank.xml", "en")
    assert xml.questions[0]["points"] == 2
    assert "population" in {q["id"] for q in xml.questions}
    assert next(q for q in xml.questions if q["id"] == "population")["unit"] == {"en": "million"}
    assert any("bank.xml:" in line and "'multianswer'" in line for line in xml.skipped)
    skipped_line = next(line for line in xml.skipped if "'essay'" in line)
    assert skipped_line.startswith("bank.xml:307:")


@pytest.mark.parametrize(
    ("name", "content", "line", "words"),
    [
        ("broken.xml", b"<quiz>\n<question type='truefalse'>\n<name>\n</quiz>", 4, "XML"),
        (
            "bomb.xml",
            b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;">]>\n<quiz>&b;</quiz>',
            1,
            "DOCTYPE",
        ),
        ("other.xml", b"<?xml version='1.0'?>\n<html/>", 2, "<quiz>"),
        (
            "no-right.xml",
            b"<quiz>\n<question type='truefalse'><name><text>x</text></name>\n"
            b"<questiontext><text>Is it?</text></questiontext>\n"
            b"<answer fraction='0'><text>true</text></answer>"
            b"<answer fraction='0'><text>false</text></answer></question></quiz>",
            2,
            "true or false",
        ),
        ("braces.gift", b"// a comment\n\n::q1:: Is it? {TRUE\n\n::q2:: Next {T}\n", 3, "{"),
        ("numbers.gift", b"::q1:: How many? {#many:1}\n", 1, "not a number"),
        ("latin1.gift", "::q:: Größe? {T}".encode("latin-1"), 1, "UTF-8"),
        ("bank.doc", b"whatever", 1, ".xml"),
    ],
)
def test_a_malformed_file_gets_line_numbered_messages(name, content, line, words):
    imported = read_question_file(content, name, "en")
    assert imported.questions == [] or imported.problems
    assert imported.problems, imported
    assert imported.problems[0].startswith(f"{name}:{line}: "), imported.problems
    assert words in imported.problems[0]


# -- the command line ------------------------------------------------------------------------


def invoke(app, *args):
    return app.test_cli_runner().invoke(questions_cli, [str(a) for a in args])


@pytest.mark.parametrize("fmt", FORMATS)
def test_questions_export_writes_moodle_files_in_the_chosen_language(app, tmp_path, fmt):
    target = tmp_path / f"out.{SUFFIX[fmt]}"
    result = invoke(app, "export", SEED_PACK, "--format", fmt, "--language", "de", "-o", target)
    assert result.exit_code == 0, result.output
    seed = app.extensions["quizapp.packs"][SEED_PACK]
    imported = read_question_file(target.read_bytes(), target.name, "de")
    assert [q["prompt"]["de"] for q in imported.questions] == [
        q.prompt["de"] for q in seed.questions
    ]
    unknown = invoke(app, "export", SEED_PACK, "--format", fmt, "--language", "fr")
    assert unknown.exit_code == 2 and "fr" in unknown.output


def test_questions_import_reads_a_file_into_a_new_draft_that_cannot_be_published(app, tmp_path):
    make_instructor(app)
    source = tmp_path / "belarus-bank.gift"
    source.write_bytes((SAMPLES / "moodle4-export.gift").read_bytes())
    result = invoke(app, "import", source, "--owner", TEACHER_EMAIL, "--language", "en")
    assert result.exit_code == 0, result.output
    assert "'essay'" in result.output  # the skipped question is listed
    with app.app_context():
        stored = db.session.scalar(db.select(StoredPack).filter_by(slug="belarus-bank"))
        assert stored.owner_id is not None and stored.versions == []
        assert len(stored.draft["questions"]) == 7
    teacher = TeacherBrowser(app.test_client())
    teacher.sign_in()
    pack_page = page_html(teacher.get(f"/instructor/packs/{stored.id}"))
    assert pack_page.count("ungrounded") == 7
    assert f"/instructor/packs/{stored.id}/article" in pack_page
    refused = teacher.post(f"/instructor/packs/{stored.id}/publish")
    assert refused.status_code == 422
    no_owner = invoke(app, "import", source)
    assert no_owner.exit_code == 2 and "--owner" in no_owner.output


def test_questions_import_of_a_broken_file_says_where_and_imports_nothing(app, tmp_path):
    make_instructor(app)
    source = tmp_path / "broken.xml"
    source.write_bytes(b"<quiz>\n<question type='truefalse'>\n</quiz>\n")
    result = invoke(app, "import", source, "--owner", TEACHER_EMAIL)
    assert result.exit_code == 1
    assert re.search(r"broken\.xml:3: ", result.output), result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(db.select(StoredPack).filter_by(slug="broken")) is None


# -- the browser -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_pack_page_offers_the_moodle_files_as_downloads(app, teacher, teacher_id, fmt):
    stored_pack_id = make_pack(app, teacher_id, "my-belarus")
    pack_page = page_html(teacher.get(f"/instructor/packs/{stored_pack_id}"))
    url = f"/instructor/packs/{stored_pack_id}/moodle?format={fmt}&language=de"
    assert url in pack_page
    response = teacher.get(url)
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="my-belarus-de.{SUFFIX[fmt]}"'
    imported = read_question_file(response.get_data(), f"x.{SUFFIX[fmt]}", "de")
    assert imported.problems == [] and len(imported.questions) == 38
    assert teacher.get(f"/instructor/packs/{stored_pack_id}/moodle?format=qti").status_code == 404


def test_an_uploaded_file_becomes_a_draft_that_publishes_once_each_question_is_quoted(app, teacher):
    form = teacher.get("/instructor/packs/import")
    assert form.status_code == 200
    gift = "::lakes::[html]The lakes freeze in December.{TRUE#Read the last paragraph.####Cold.}\n"
    response = teacher.post(
        "/instructor/packs/import",
        {"language": "en", "upload": (io.BytesIO(gift.encode()), "lakes.gift")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, page_html(response)
    attach_url = response.headers["Location"]
    stored_pack_id = int(re.search(r"/packs/(\d+)/article$", attach_url).group(1))
    refused = teacher.post(f"/instructor/packs/{stored_pack_id}/publish")
    assert refused.status_code == 422

    teacher.get(attach_url)
    with app.app_context():
        revision = db.session.get(StoredPack, stored_pack_id).revision
    attached = teacher.post(
        attach_url,
        {
            "title": "Lakes of the North",
            "publisher": "Example Times",
            "language": "en",
            "text": "The lakes are deep.\n\nThe water is cold, and the lakes freeze in December.",
            "revision": revision,
        },
    )
    assert attached.status_code == 303, page_html(attached)
    assert teacher.post(f"/instructor/packs/{stored_pack_id}/publish").status_code == 422

    with app.app_context():
        revision = db.session.get(StoredPack, stored_pack_id).revision
    quoted = teacher.post(
        f"/instructor/packs/{stored_pack_id}/questions/1",
        {
            "id": "lakes",
            "prompt.en": "The lakes freeze in December.",
            "explanation.en": "Cold.",
            "feedback.en": "Read the last paragraph.",
            "answer": "1",
            "quotes.0.paragraph": "p2",
            "quotes.0.text": "the lakes freeze in December",
            "revision": revision,
        },
    )
    assert quoted.status_code == 303, page_html(quoted)
    published = teacher.post(f"/instructor/packs/{stored_pack_id}/publish")
    assert published.status_code == 303
    with app.app_context():
        assert len(db.session.get(StoredPack, stored_pack_id).versions) == 1


def test_a_broken_upload_is_answered_with_its_lines_in_the_teachers_language(app, teacher):
    teacher.post("/language", {"language": "de"})
    response = teacher.post(
        "/instructor/packs/import",
        {"language": "de", "upload": (io.BytesIO(b"<quiz>\n<question>\n"), "bank.xml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    text = page_html(response)
    assert "bank.xml:3: " in text
    assert "nichts wurde importiert" in text
    with app.app_context():
        assert db.session.scalar(db.select(StoredPack).filter_by(slug="bank")) is None


def test_pasted_gift_text_is_imported_as_an_uploaded_file_is(app, teacher):
    response = teacher.post(
        "/instructor/packs/import",
        {"language": "de", "text": "::hauptstadt:: Minsk ist die Hauptstadt. {T####Ja.}"},
    )
    assert response.status_code == 303, page_html(response)
    with app.app_context():
        stored = db.session.scalar(db.select(StoredPack).filter_by(slug="moodle"))
        assert stored.draft["languages"] == ["de"]
        assert stored.draft["questions"] == [
            {
                "id": "hauptstadt",
                "type": "true_false",
                "prompt": {"de": "Minsk ist die Hauptstadt."},
                "explanation": {"de": "Ja."},
                "answer": True,
            }
        ]


# -- a new format is one module ----------------------------------------------------------------


class OneLine(InterchangeFormat):
    """A format defined here, as a plugin module would: one line per question, `id | prompt |
    what is right`; it holds choices, true/false and text entries, and reads true/false back."""

    name = "one-line"
    media_type = "text/plain; charset=utf-8"
    extension = ".lines"
    holds = (ChoiceInteraction, TrueFalseInteraction, TextEntryInteraction)

    def export(self, pack, language):
        kept, _left = held_questions(pack, language, self.holds)
        return "".join(
            f"{question.id} | {question.prompt[language]} | {self.right(interaction)}\n"
            for question, interaction in kept
        ).encode()

    @staticmethod
    def right(interaction) -> str:
        if isinstance(interaction, TrueFalseInteraction):
            return "true" if interaction.answer else "false"
        answers = getattr(interaction, "options", None) or interaction.answers
        return " / ".join(a.text for a in answers if a.fraction > 0)

    def read(self, data, filename, language):
        question_file = QuestionFile(filename, language)
        for line, text in enumerate(data.decode().splitlines(), start=1):
            name, prompt, right = (part.strip() for part in text.split("|"))
            found = ReadQuestion(name=name, prompt=prompt)
            if right in ("true", "false"):
                interaction = TrueFalseInteraction(right == "true")
            else:
                interaction = TextEntryInteraction(
                    tuple(Answer(t, 1.0) for t in right.split(" / "))
                )
            question_file.add(question_file.reader(line), "line", found, interaction)
        return question_file.finish()


@pytest.fixture
def one_line_format():
    register(OneLine)
    yield get_format("one-line")
    del interchange.FORMATS["one-line"]


def test_a_format_registered_from_outside_exports_and_reads_through_the_registry(
    seed_pack, one_line_format
):
    content, left_out = export_pack(seed_pack, "one-line", "en")
    lines = content.decode().splitlines()
    held = [q for q in seed_pack.questions if q not in left_out]
    assert [line.split(" | ")[0] for line in lines] == [q.id for q in held]
    # Every question type that describes itself as a choice, true/false or text entry is held;
    # matches, orders and numbers are listed for the teacher instead.
    assert {q.type for q in held} == {
        "single_choice",
        "multiple_response",
        "true_false",
        "short_text",
    }
    assert {q.type for q in left_out} == {"numeric", "matching", "ordering"}
    statement = next(q for q in held if q.type == "true_false")
    expected = "true" if statement.answer else "false"
    assert f"{statement.id} | {statement.prompt['en']} | {expected}" in lines

    imported = read_question_file(content, "bank.lines", "en")
    assert imported.problems == []
    assert [q["id"] for q in imported.questions] == [q.id for q in held]
    back = next(q for q in imported.questions if q["id"] == statement.id)
    assert back == {
        "id": statement.id,
        "type": "true_false",
        "prompt": {"en": statement.prompt["en"]},
        "answer": statement.answer,
    }
    assert one_line_format.reads("BANK.LINES") and not one_line_format.reads("bank.xml")
