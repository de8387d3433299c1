"""Moodle XML and GIFT read as Moodle's own readers read them (question/format/xml, gift,
qtype_ordering) and written as they expect (issue 26), from fixtures written after Moodle's
documented formats: texts keep their meaning, multilang splits into the pack's languages,
media and every grading change are said per question, and what is exported reads back."""

import re
from pathlib import Path

import pytest
from factories import SEED_PACK
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from quizapp.bank.loader import read_pack_data
from quizapp.engine import question_type
from quizapp.interchange import export_pack, read_question_file
from quizapp.interchange.moodle_xml import MOODLE_FRACTIONS
from quizapp.interchange.texts import html_to_text, split_languages
from quizapp.packs import pack_data

SAMPLES = Path(__file__).resolve().parent / "moodle"
MOODLE_XML = "moodle45-multilang-media.xml"
GIFT = "moodle45-formats.gift"
SUFFIX = {"moodle-xml": "xml", "gift": "gift"}


def read_sample(name: str, languages=("en", "de")):
    return read_question_file((SAMPLES / name).read_bytes(), name, "en", languages)


def line_of(name: str, text: str) -> int:
    """The line of the file `name` that holds `text` first."""
    lines = (SAMPLES / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def by_id(imported) -> dict:
    return {question["id"]: question for question in imported.questions}


# -- 1. import follows Moodle's readers ---------------------------------------------------------


def test_gift_strips_the_text_format_prefixes_in_options_and_feedback():
    imported = read_question_file(
        b"::q::[html]<p>Is it?</p>{=yes ~[plain]no # [html]<p>wrong</p> ~[markdown]maybe}",
        "prefix.gift",
        "en",
    )
    assert imported.problems == []
    options = imported.questions[0]["options"]
    assert [o["text"]["en"] for o in options] == ["yes", "no", "maybe"]
    assert options[1]["feedback"] == {"en": "wrong"}
    formats = by_id(read_sample(GIFT))["formats"]
    assert [o["text"]["en"] for o in formats["options"]] == ["yes", "no", "maybe"]
    assert formats["options"][1]["feedback"]["en"] == "It is: since 1991."


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("2<sup>10</sup>", "2^10"),
        ("H<sub>2</sub>O", "H_2O"),
        ("<ul><li>Minsk</li><li>Kyiv</li></ul>", "Minsk\nKyiv"),
        ("<p>one</p><p>two<br>three</p>", "one\ntwo\nthree"),
        ("Is 3 &lt; 5 and 7 &gt; 4?", "Is 3 < 5 and 7 > 4?"),
        ("Is 3 < 5 and 7 > 4?", "Is 3 < 5 and 7 > 4?"),
        ("AT&amp;T&nbsp;Inc.", "AT&T Inc."),
        ('<img src="@@PLUGINFILE@@/map.png" alt="A map">', "[image: A map]"),
        ('<a href="https://example.org/x">the map</a>', "the map (https://example.org/x)"),
    ],
)
def test_html_becomes_text_that_keeps_its_meaning(html, text):
    assert html_to_text(html)[0] == text


def test_plain_text_keeps_its_angle_brackets_in_both_formats():
    xml = by_id(read_sample(MOODLE_XML))["inequalities"]
    assert xml["prompt"]["en"] == "Is 3 < 5 and 7 > 4?"
    assert xml["explanation"]["en"] == "Both hold: 3 < 5 & 7 > 4."
    gift = by_id(read_sample(GIFT))["plain-inequality"]
    assert gift["prompt"]["en"] == "Is 3 < 5 and 7 > 4?"
    assert gift["feedback"]["en"] == "Look again: 3 < 5."
    lists = by_id(read_sample(MOODLE_XML))["capitals-on-the-dnieper"]["prompt"]["en"]
    assert (
        "Minsk\nKyiv" in lists
        and "2^10" in by_id(read_sample(MOODLE_XML))["square-root"]["prompt"]["en"]
    )


def test_multilang_spans_and_mlang_blocks_split_into_one_bilingual_draft():
    imported = read_sample(MOODLE_XML)
    assert imported.languages == ["en", "de"]
    capital = by_id(imported)["capital-on-the-map"]
    assert capital["prompt"]["en"].startswith("Which city is marked on the map?")
    assert capital["prompt"]["de"].startswith("Welche Stadt ist auf der Karte markiert?")
    assert capital["explanation"] == {
        "en": "Minsk lies in the middle of the country.",
        "de": "Minsk liegt in der Mitte des Landes.",
    }
    brest = capital["options"][1]
    assert brest["text"] == {"en": "Brest (in the west)", "de": "Brest (im Westen)"}
    assert brest["feedback"] == {
        "en": "Brest lies on the border.",
        "de": "Brest liegt an der Grenze.",
    }
    # Text outside any multilang block is every language's, as Moodle shows it.
    assert capital["options"][0]["text"] == {"en": "Minsk", "de": "Minsk"}
    river = by_id(read_sample(GIFT))["river"]
    assert river["prompt"] == {
        "en": "Which river flows through Minsk?",
        "de": "Welcher Fluss fließt durch Minsk?",
    }
    assert river["options"][1]["text"] == {"en": "the Danube", "de": "die Donau"}
    # Read as English only, the German half is left out, and said so.
    english = read_sample(MOODLE_XML, languages=("en",))
    assert by_id(english)["capital-on-the-map"]["explanation"] == {
        "en": "Minsk lies in the middle of the country."
    }
    assert any("de" in note and ":1:" in note for note in english.notes)


def test_a_bilingual_import_reads_back_as_a_valid_draft_in_both_languages():
    imported = read_sample(GIFT)
    data = {
        "id": "neighbours",
        "title": {"en": "Neighbours", "de": "Nachbarn"},
        "languages": imported.languages,
        "questions": imported.questions,
    }
    _pack, errors, missing = read_pack_data(data)
    # A draft from Moodle has no article and no quotes yet, but no text misses a language.
    assert missing == []
    assert not [e for e in errors if "'de'" in e[1] or "'en'" in e[1]], errors


def test_split_languages_follows_filter_multilang2():
    text = "{mlang en}Hello{mlang}{mlang de,de_du}Hallo{mlang} Minsk"
    assert split_languages(text, ["en", "de"]) == {"en": "Hello Minsk", "de": "Hallo Minsk"}
    other = "{mlang other}Hello{mlang}{mlang de}Hallo{mlang}"
    assert split_languages(other, ["en", "de"]) == {"en": "Hello", "de": "Hallo"}


def test_case_sensitive_and_wildcard_short_answers_are_refused_with_the_reason():
    imported = read_sample(MOODLE_XML)
    assert "chemical-symbol" not in by_id(imported) and "spelling" not in by_id(imported)
    usecase = line_of(MOODLE_XML, "<text>Chemical symbol</text>") - 2
    assert f"{MOODLE_XML}:{usecase}: question 'Chemical symbol' skipped: " in "\n".join(
        imported.skipped
    )
    assert any("usecase 1" in line and "case" in line for line in imported.skipped)
    assert any("colo*r" in line and "wildcards" in line for line in imported.skipped)
    gift = read_sample(GIFT)
    assert any(line.startswith(f"{GIFT}:{line_of(GIFT, '::Colour::')}:") for line in gift.skipped)
    # An escaped star is a star; AT&T stays AT&T (Moodle stores short answers as written).
    company = by_id(imported)["company"]
    assert company["accepted"]["en"] == ["AT&T", "5*5 Telephone"]
    assert company["slips"] == 0  # Moodle forgives no slip
    assert by_id(gift)["company"]["accepted"]["en"] == ["AT&T"]


def test_several_right_numerical_answers_are_kept_and_graded(app):
    for name in (MOODLE_XML, GIFT):
        root = next(q for q in read_sample(name).questions if q["type"] == "numeric")
        assert (root["answer"], root["alternatives"]) == (4, [{"answer": -4, "tolerance": 0}])
    pack_json = pack_data(app.extensions["quizapp.packs"][SEED_PACK])
    numeric = next(q for q in pack_json["questions"] if q["type"] == "numeric")
    numeric.update(answer=4, tolerance=0, alternatives=[{"answer": -4, "tolerance": 0.5}])
    numeric.pop("unit", None)
    numeric.pop("scale", None)
    pack, errors, _missing = read_pack_data(pack_json)
    assert errors == []
    question = next(q for q in pack.questions if q.id == numeric["id"])
    qtype = question_type("numeric")
    assert qtype.grade(question, -4.4).correct and qtype.grade(question, 4.0).correct
    assert not qtype.grade(question, 3.0).correct
    assert qtype.to_dict(question)["alternatives"] == [{"answer": -4.0, "tolerance": 0.5}]


# -- 2. media are said per question ---------------------------------------------------------------


def test_media_are_named_per_question_with_file_and_line_and_said_in_the_text():
    imported = read_sample(MOODLE_XML)
    notes = "\n".join(imported.notes)
    capital_line = line_of(MOODLE_XML, '<question type="multichoice">')
    assert f"{MOODLE_XML}:{capital_line}: question 'Capital on the map': " in notes
    assert "image 'belarus map.png'" in notes
    assert "sound 'bonjour.mp3'" in notes
    assert "image 'flag.gif'" in notes  # Moodle 1.9's <image> and <image_base64>
    questions = by_id(imported)
    assert (
        "[image: Map of Belarus with one city marked]"
        in questions["capital-on-the-map"]["prompt"]["en"]
    )
    assert questions["greeting"]["prompt"]["en"] == (
        "Listen to this greeting: [sound: bonjour.mp3] which language is it?"
    )
    assert "[image: flag.gif]" in questions["old-picture"]["prompt"]["en"]
    for note in imported.notes:
        assert note.count(": question ") <= 1  # one line per question


# -- 3. every change of grading or loss is one line per question ----------------------------------


def test_grading_changes_and_losses_are_one_line_per_question():
    imported = read_sample(MOODLE_XML)
    greeting = next(n for n in imported.notes if "'Greeting'" in n)
    assert "Francais" in greeting and "feedback for each single answer" in greeting
    assert any("'Capitals on the Dnieper'" in n and "shares" in n for n in imported.notes)
    gift = read_sample(GIFT)
    root = next(n for n in gift.notes if "'Root'" in n)
    assert root.startswith(f"{GIFT}:{line_of(GIFT, '::Root::')}:") and "4.1" in root


def test_the_cli_and_the_page_list_the_notes(app, tmp_path, teacher):
    import io

    from factories import TEACHER_EMAIL
    from pages import page_html

    from quizapp.cli import questions_cli

    source = tmp_path / MOODLE_XML
    source.write_bytes((SAMPLES / MOODLE_XML).read_bytes())
    result = app.test_cli_runner().invoke(
        questions_cli, ["import", str(source), "--owner", TEACHER_EMAIL]
    )
    assert result.exit_code == 0, result.output
    assert "sound 'bonjour.mp3'" in result.output and "usecase 1" in result.output
    response = teacher.post(
        "/instructor/packs/import",
        {"language": "en", "upload": (io.BytesIO(source.read_bytes()), MOODLE_XML)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = page_html(teacher.get(response.headers["Location"]))
    assert "bonjour.mp3" in page and "Chemical symbol" in page and "Francais" in page


# -- 4. export writes what Moodle's readers expect ------------------------------------------------


def seed_with(app, change) -> object:
    data = pack_data(app.extensions["quizapp.packs"][SEED_PACK])
    change(data)
    pack, errors, _missing = read_pack_data(data)
    assert errors == [], errors
    return pack


def first(data: dict, kind: str) -> dict:
    return next(q for q in data["questions"] if q["type"] == kind)


def test_short_answers_and_matches_are_exported_as_plain_text_a_star_escaped(app):
    def change(data):
        first(data, "short_text")["accepted"] = {"en": ["AT&T", "5*5 <Ltd>"], "de": ["AT&T"]}
        first(data, "matching")["choices"][0]["text"]["en"] = "Q&A <1>"

    pack = seed_with(app, change)
    xml, _left = export_pack(pack, "moodle-xml", "en")
    quiz = etree.fromstring(xml)
    short = next(q for q in quiz.iterfind("question") if q.get("type") == "shortanswer")
    answers = [a.findtext("text") for a in short.iterfind("answer")]
    assert answers[:2] == ["AT&T", "5\\*5 <Ltd>"]
    formats = {a.get("format") for a in short.iterfind("answer") if a.findtext("text") != "*"}
    assert formats == {"moodle_auto_format"}
    match = next(q for q in quiz.iterfind("question") if q.get("type") == "matching")
    assert "Q&A <1>" in [s.findtext("answer/text") for s in match.iterfind("subquestion")]
    gift, _left = export_pack(pack, "gift", "en")
    text = gift.decode()
    assert "=%100%AT&T#" in text and "=%100%5\\\\*5 <Ltd>#" in text
    assert "-> Q&A <1>" in text
    for fmt, content in (("moodle-xml", xml), ("gift", gift)):
        back = read_question_file(content, f"x.{SUFFIX[fmt]}", "en")
        accepted = next(q for q in back.questions if q["type"] == "short_text")["accepted"]
        assert accepted["en"][:2] == ["AT&T", "5*5 <Ltd>"], fmt


def test_ordering_items_are_raw_with_the_numbering_style_and_categories_survive(app):
    items = ["10:00 doors open", "123 go", "none left", "abc {x}"]

    def change(data):
        data["title"]["en"] = "Belarus: war / peace"
        ordering = first(data, "ordering")
        for item, text in zip(ordering["items"], items, strict=False):
            item["text"]["en"] = text

    pack = seed_with(app, change)
    gift = export_pack(pack, "gift", "en")[0].decode()
    assert "$CATEGORY: $course$/top/Belarus: war // peace\n" in gift
    head = re.search(r"\{>(\d+) ALL VERTICAL RELATIVE_ALL_PREVIOUS_AND_NEXT SHOW none\n", gift)
    assert head, gift
    assert "\n10:00 doors open\n123 go\nnone left\nabc {x\\}\n" in gift
    xml = etree.fromstring(export_pack(pack, "moodle-xml", "en")[0])
    assert xml.findtext("question/category/text") == "$course$/top/Belarus: war // peace"
    assert {q.findtext("numberingstyle") for q in xml.iterfind("question[@type='ordering']")} == {
        "none"
    }
    for fmt in ("gift", "moodle-xml"):
        back = read_question_file(export_pack(pack, fmt, "en")[0], f"x.{SUFFIX[fmt]}", "en")
        ordering = next(q for q in back.questions if q["type"] == "ordering")
        assert [i["text"]["en"] for i in ordering["items"]][:4] == items, fmt


@pytest.mark.parametrize("right", [2, 3, 7, 11, 13, 20])
def test_multiple_response_fractions_are_from_moodles_list(app, right):
    def change(data):
        question = first(data, "multiple_response")
        template = question["options"][0]
        question["options"] = [
            {
                **template,
                "id": f"x{n}",
                "text": {lang: f"option {n}" for lang in data["languages"]},
                "correct": n < right,
            }
            for n in range(right + 1)
        ]
        for option in question["options"]:
            option.pop("feedback", None)
            if not option["correct"]:
                option["feedback"] = {lang: "no" for lang in data["languages"]}

    pack = seed_with(app, change)
    xml = export_pack(pack, "moodle-xml", "en")[0]
    quiz = etree.fromstring(xml)
    node = next(q for q in quiz.iterfind("question") if q.findtext("single") == "false")
    fractions = [float(a.get("fraction")) / 100 for a in node.iterfind("answer")]
    allowed = [*MOODLE_FRACTIONS, *(-f for f in MOODLE_FRACTIONS)]
    assert all(min(abs(f - a) for a in allowed) < 0.00001 for f in fractions), fractions
    assert abs(sum(f for f in fractions if f > 0) - 1) < 0.0001
    commented = isinstance(node.getprevious(), etree._Comment)
    assert commented == (right > 10 and right != 20)
    gift = export_pack(pack, "gift", "en")[0].decode()
    weights = [float(w) / 100 for w in re.findall(r"~%(-?[\d.]+)%option", gift)]
    assert all(min(abs(f - a) for a in allowed) < 0.00001 for f in weights)


# -- 5. round trips -------------------------------------------------------------------------------


def pack_from_import(original, questions: list[dict], language: str):
    """The pack again from its imported questions (in one language), with its article and quotes
    (Moodle has none), to export once more."""
    data = pack_data(original)
    quotes = {q["id"]: q["quotes"] for q in data["questions"]}
    data["languages"] = [language]
    data["title"] = {language: data["title"][language]}
    data["renderings"] = {k: v for k, v in data.get("renderings", {}).items() if k == language}
    data["questions"] = [{**q, "quotes": quotes[q["id"]]} for q in questions]
    pack, errors, _missing = read_pack_data(data)
    assert errors == [], errors
    return pack


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("fmt", ["moodle-xml", "gift"])
def test_export_import_export_is_byte_identical(seed_pack, fmt, language):
    content, _left = export_pack(seed_pack, fmt, language)
    imported = read_question_file(content, f"seed.{SUFFIX[fmt]}", language)
    assert imported.problems == [] and imported.skipped == [] and imported.notes == []
    again, _left = export_pack(
        pack_from_import(seed_pack, imported.questions, language), fmt, language
    )
    assert again == content


HOSTILE = st.text(alphabet=st.sampled_from("abcXYZ ~=#{}:&<>*ß"), min_size=1, max_size=12).map(
    lambda text: " ".join(text.split())
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(options=st.lists(HOSTILE, min_size=3, max_size=3, unique=True), answer=HOSTILE)
@pytest.mark.parametrize("fmt", ["moodle-xml", "gift"])
def test_hostile_texts_are_exported_and_read_back_equal(seed_pack, fmt, options, answer):
    if not all(options) or not answer:
        return
    data = pack_data(seed_pack)
    choice = first(data, "single_choice")
    for option, text in zip(choice["options"], options, strict=False):
        option["text"]["en"] = text
    first(data, "short_text")["accepted"]["en"] = [answer]
    ordering = first(data, "ordering")
    for item, text in zip(ordering["items"], options, strict=False):
        item["text"]["en"] = text
    pack, errors, _missing = read_pack_data(data)
    assert errors == []
    content, _left = export_pack(pack, fmt, "en")
    back = read_question_file(content, f"x.{SUFFIX[fmt]}", "en")
    assert back.problems == [] and back.skipped == [], back
    questions = {q["id"]: q for q in back.questions}
    read_choice = questions[choice["id"]]["options"]
    assert [o["text"]["en"] for o in read_choice][: len(options)] == options
    assert answer in questions[first(data, "short_text")["id"]]["accepted"]["en"]
    read_items = [i["text"]["en"] for i in questions[ordering["id"]]["items"]]
    assert read_items[: len(options)] == options[: len(ordering["items"])]


@settings(max_examples=40, deadline=None)
@given(english=HOSTILE, german=HOSTILE)
def test_hostile_multilang_texts_split_back_into_both_languages(english, german):
    if not english or not german:
        return
    from html import escape

    span = (
        f'<span lang="en" class="multilang">{escape(english)}</span>'
        f'<span lang="de" class="multilang">{escape(german)}</span>'
    )
    xml = (
        "<quiz><question type='truefalse'><name><text>q</text></name>"
        f"<questiontext format='html'><text><![CDATA[<p>{span}</p>]]></text></questiontext>"
        "<answer fraction='100'><text>true</text></answer>"
        "<answer fraction='0'><text>false</text></answer></question></quiz>"
    ).encode()
    imported = read_question_file(xml, "multi.xml", "en", ["en", "de"])
    assert imported.questions[0]["prompt"] == {"en": english, "de": german}


def test_the_question_editor_keeps_the_other_right_numbers():
    from werkzeug.datastructures import MultiDict

    from quizapp.authoring.editor import form_values, read_question_form

    question = {
        "id": "root",
        "type": "numeric",
        "prompt": {"en": "Which x gives x^2 = 16?"},
        "answer": 4,
        "tolerance": 0,
        "alternatives": [{"answer": -4, "tolerance": 0.5}],
    }
    values = {k: str(v) for k, v in form_values(question).items()}
    read = read_question_form(MultiDict(values), "numeric", ["en"], "en")
    assert read["alternatives"] == [{"answer": -4, "tolerance": 0.5}]


def test_alternatives_survive_yaml_then_stored_json_then_read(tmp_path):
    import shutil

    from quizapp.bank.loader import read_pack

    seed = Path(__file__).resolve().parent.parent / "questions" / SEED_PACK
    folder = tmp_path / SEED_PACK
    shutil.copytree(seed, folder)
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    text = text.replace(
        "    tolerance: 300000\n",
        "    tolerance: 300000\n    alternatives:\n      - {answer: -9200000, tolerance: 300000}\n",
        1,
    )
    questions.write_text(text, encoding="utf-8")
    pack, errors, _missing = read_pack(folder)
    assert errors == [], errors
    stored = pack_data(pack)  # what the database keeps
    numeric = next(q for q in stored["questions"] if q.get("alternatives"))
    assert numeric["alternatives"] == [{"answer": -9200000.0, "tolerance": 300000}]
    again, errors, _missing = read_pack_data(stored)
    assert errors == []
    assert next(q for q in again.questions if q.id == numeric["id"]).alternatives == (
        (-9200000.0, 300000.0),
    )


def test_moodle_format_keeps_line_breaks_and_lost_feedback_and_hints_are_noted():
    from quizapp.interchange.texts import read_text

    assert read_text("First line\nsecond & <b>bold</b>", "moodle_auto_format")[0] == (
        "First line\nsecond & bold"
    )
    gift = read_question_file(
        b"::tf::[moodle]Is it?\\nReally?{TRUE#No.#Yes, right.}", "tf.gift", "en"
    )
    assert gift.questions[0]["prompt"] == {"en": "Is it?\nReally?"}
    assert gift.questions[0]["feedback"] == {"en": "No."}
    assert gift.notes == [
        "tf.gift:1: question 'tf': the feedback for the right answer is not imported"
    ]
    xml = (
        b"<quiz><question type='truefalse'><name><text>tf</text></name>"
        b"<questiontext><text>Is it?</text></questiontext>"
        b"<answer fraction='100'><text>true</text><feedback><text>Yes.</text></feedback></answer>"
        b"<answer fraction='0'><text>false</text></answer>"
        b"<hint format='html'><text>Think of the map.</text></hint></question></quiz>"
    )
    notes = read_question_file(xml, "tf.xml", "en").notes
    assert len(notes) == 1 and "right answer" in notes[0] and "hints" in notes[0]
