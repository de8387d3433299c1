"""A pack that is stored is served (issue 25, point 5): every question of every type the app writes
is read back by every reader equal to itself, as properties over the packs tests/strategies.py
generates, and a version the app cannot read is never stored.

The examples each property once failed on stand beside it as plain tests.
"""

import dataclasses
import itertools
import json

import pytest
import yaml
from factories import make_pack, make_pack_version
from hypothesis import HealthCheck, given, settings
from pages import page_text
from strategies import packs

from quizapp.bank import Pack, Paragraph, Rendering, Source, pack_to_dict, read_pack
from quizapp.bank.export import write_pack_folder
from quizapp.bank.loader import read_pack_data
from quizapp.cli import questions_cli
from quizapp.engine import EVERY_LANGUAGE, Question, Quote, question_type
from quizapp.engine.model import text_in
from quizapp.engine.numbers import format_quantity
from quizapp.extensions import db
from quizapp.interchange import export_notes, export_pack, read_question_file
from quizapp.models import PackVersion, StoredPack
from quizapp.packs import (
    UnreadableVersion,
    import_pack,
    pack_data,
    published_pack,
    stored_pack,
    version_pack,
)

ROUND_TRIP = settings(max_examples=40, deadline=None)
# One app (and database) per test, shared by its examples: each example stores a pack of its own.
IN_THE_DATABASE = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_NUMBERS = itertools.count(1)


def fresh(pack: Pack) -> Pack:
    """The pack under a slug no earlier example stored."""
    return dataclasses.replace(pack, id=f"{pack.id}-{next(_NUMBERS)}")


def invoke(app, *args):
    return app.test_cli_runner().invoke(questions_cli, [str(a) for a in args])


def small_pack(question: Question, renderings: dict | None = None) -> Pack:
    """A pack of one question on a one-paragraph article, in English and German."""
    source = Source(
        title="Belarus",
        publisher="DW",
        attribution="DW, 2024",
        language="en",
        paragraphs=(Paragraph("p1", "A little over nine million people live there."),),
    )
    return Pack(
        id="small-pack",
        path=None,
        title={"en": "Belarus", "de": "Belarus"},
        languages=("en", "de"),
        declared_languages=("en", "de"),
        source=source,
        questions=(question,),
        renderings=renderings or {},
    )


def numeric_question(**fields) -> Question:
    """A numeric question on small_pack's article; `fields` replace its own."""
    question = Question(
        id="people",
        type="numeric",
        prompt={"en": "How many people?", "de": "Wie viele Menschen?"},
        explanation={"en": "Nine million.", "de": "Neun Millionen."},
        quotes=(Quote("p1", "nine million people"),),
        answer=9.2,
        tolerance=0.3,
    )
    return dataclasses.replace(question, **fields)


def json_read_back(pack: Pack) -> Pack | None:
    """The pack read from its JSON export, as a file or a stored version is read."""
    read, problems, missing = read_pack_data(json.loads(json.dumps(pack_to_dict(pack))))
    assert problems == [] and missing == []
    return read


# -- the JSON pack file ---------------------------------------------------------------------------


@ROUND_TRIP
@given(packs())
def test_the_json_export_reads_back_to_the_same_pack(pack):
    assert json_read_back(pack) == pack


def test_a_unit_with_a_scale_word_reads_back_from_the_json_export():
    unit = {"en": "million people", "de": "Millionen Menschen"}
    pack = small_pack(numeric_question(unit=unit, scale=1_000_000))
    assert pack_to_dict(pack)["questions"][0]["scale"] == 1_000_000  # documented in the export
    assert json_read_back(pack) == pack


def test_a_rendering_without_a_note_reads_back_from_the_json_export():
    rendering = Rendering("de", "Belarus", {"p1": "Dort leben gut neun Millionen Menschen."})
    pack = small_pack(numeric_question(), renderings={"de": rendering})
    assert pack_to_dict(pack)["renderings"]["de"]["note"] == ""
    assert json_read_back(pack) == pack


def test_equal_means_equal_in_every_field():
    """The properties compare whole packs: a field that differs makes them unequal."""
    pack = small_pack(numeric_question())
    assert dataclasses.replace(pack, title={"en": "Belarus", "de": "Weißrussland"}) != pack


# -- a learner's number ----------------------------------------------------------------------------


@ROUND_TRIP
@given(packs(types=("numeric",)))
def test_each_right_number_as_each_language_writes_it_counts_right(pack):
    """The answer shown back to a learner ("9,2 Millionen Menschen") is read as the answer."""
    numeric = question_type("numeric")
    for question in pack.questions:
        for value, _tolerance in [(question.answer, question.tolerance), *question.alternatives]:
            for language in pack.languages:
                unit = text_in(question.unit, language)
                written = format_quantity(value, language, unit=unit)
                answer = numeric.read(question, written, language)
                assert numeric.grade(question, answer).correct, (written, answer)


# -- Moodle XML and GIFT ----------------------------------------------------------------------------

SUFFIX = {"moodle-xml": "xml", "gift": "gift"}
# What GIFT has no place for (the export notes say so for each question that has it).
GIFT_WITHOUT_FEEDBACK = {"single_choice", "multiple_response", "matching", "ordering"}


def held_by(question: dict, language: str, fmt: str) -> dict:
    """What a Moodle file in `language` holds of a question in pack JSON shape, and so what must
    come back from it: the type, the name (the question's id), the texts in that language and the
    grading. Not held, by either format: the other languages' texts, the quotes (Moodle has none:
    they are written into the general feedback and come back ungrounded), the ids of options,
    items and choices (Moodle has none), the slips a short answer forgives (Moodle grades exact
    answers: it comes back with slips 0), and the scale, which the unit gives. GIFT has no points,
    no units and no feedback after a wrong answer to a choice, a match or an order."""

    def text(value):
        return (value or {}).get(language)

    kept = {
        "id": question["id"],
        "type": question["type"],
        "prompt": text(question["prompt"]),
        "explanation": text(question["explanation"]),
    }
    if fmt != "gift":
        kept["points"] = float(question.get("points", 1))
    if not (fmt == "gift" and question["type"] in GIFT_WITHOUT_FEEDBACK):
        kept["feedback"] = text(question.get("feedback"))
    if "options" in question:
        kept["options"] = [
            (text(o["text"]), o.get("correct", False), text(o.get("feedback")))
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
        right = [*accepted.get(language, []), *accepted.get(EVERY_LANGUAGE, [])]
        kept["accepted"] = list(dict.fromkeys(right))
    if "tolerance" in question:
        right = [(question["answer"], question["tolerance"])]
        right += [(a["answer"], a.get("tolerance", 0)) for a in question.get("alternatives", [])]
        kept["right"] = [(float(value), float(tolerance)) for value, tolerance in right]
        if fmt != "gift":
            kept["unit"] = text(question.get("unit"))
    elif question["type"] == "true_false":
        kept["answer"] = question["answer"]
    return kept


@ROUND_TRIP
@given(packs())
def test_a_moodle_file_reads_back_to_every_field_the_format_holds(pack):
    before = pack_data(pack)["questions"]
    for fmt, language in itertools.product(SUFFIX, pack.languages):
        content, left_out = export_pack(pack, fmt, language)
        assert left_out == []
        imported = read_question_file(content, f"{pack.id}.{SUFFIX[fmt]}", language)
        assert imported.problems == [] and imported.skipped == []
        after = imported.questions
        assert [held_by(q, language, fmt) for q in after] == [
            held_by(q, language, fmt) for q in before
        ]
        notes = "\n".join(export_notes(pack, fmt, language))
        for question in pack.questions if fmt == "gift" else ():
            if question.points != 1:
                assert f"its points ({question.points:g}) are not written" in notes
            if question.unit:
                assert "GIFT has no units" in notes


def test_a_question_id_ending_in_a_dash_comes_back_from_a_moodle_file():
    """A valid id was made anew from the question's name, losing its last '-'."""
    pack = small_pack(numeric_question(id="people-"))
    for fmt, suffix in SUFFIX.items():
        content, _left_out = export_pack(pack, fmt, "en")
        assert read_question_file(content, f"x.{suffix}", "en").questions[0]["id"] == "people-"


# -- stored versions ------------------------------------------------------------------------------


@IN_THE_DATABASE
@given(pack=packs())
def test_an_imported_pack_is_served_as_it_was_written(app, pack):
    pack = fresh(pack)
    with app.app_context():
        stored, changed = import_pack(pack)
        db.session.commit()
        assert changed
        assert read_pack_data(stored.versions[-1].content)[0] == pack  # the stored version
        assert published_pack(pack.id) == pack  # what assignments and learners are served


@IN_THE_DATABASE
@given(pack=packs())
def test_a_published_draft_is_served_as_it_was_written(app, teacher_id, pack):
    pack = fresh(pack)
    version_id = make_pack_version(app, make_pack(app, teacher_id, pack.id, pack_data(pack)))
    with app.app_context():
        assert version_pack(version_id) == pack


@IN_THE_DATABASE
@given(pack=packs())
def test_a_yaml_folder_comes_back_from_the_database_as_written(app, tmp_path, pack):
    pack = fresh(pack)
    written = write_pack_folder(pack_to_dict(pack), tmp_path / "written" / pack.id)
    read, problems, missing = read_pack(written)
    assert problems == [] and missing == []
    assert dataclasses.replace(read, path=None) == pack
    imported = invoke(app, "import", written)
    assert imported.exit_code == 0, imported.output
    exported = invoke(app, "export", pack.id, "--format", "yaml", "-o", tmp_path / "exported")
    assert exported.exit_code == 0, exported.output
    again = tmp_path / "exported" / pack.id
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in written.iterdir())
    for path in written.iterdir():  # equal as YAML: a text's languages come in the pack's order
        assert yaml.safe_load((again / path.name).read_text("utf-8")) == yaml.safe_load(
            path.read_text("utf-8")
        )
    assert dataclasses.replace(read_pack(again)[0], path=None) == pack


def test_a_short_text_question_without_slips_comes_back_as_yaml(app, tmp_path):
    """`slips: 0` was kept as the YAML reader's WrittenInt, which the YAML export cannot write."""
    question = Question(
        id="where",
        type="short_text",
        prompt={"en": "Where?", "de": "Wo?"},
        explanation={"en": "There.", "de": "Dort."},
        quotes=(Quote("p1", "live there"),),
        accepted={"any": ("Belarus",)},
        slips=0,
    )
    pack = small_pack(question)
    written = write_pack_folder(pack_to_dict(pack), tmp_path / "written" / pack.id)
    assert invoke(app, "import", written).exit_code == 0
    exported = invoke(app, "export", pack.id, "--format", "yaml", "-o", tmp_path / "exported")
    assert exported.exit_code == 0, exported.output
    assert "slips: 0" in (tmp_path / "exported" / pack.id / "questions.yaml").read_text("utf-8")


# -- a version the app cannot read is never stored -------------------------------------------------


def test_a_pack_whose_stored_data_would_not_read_back_is_not_imported(app):
    question = numeric_question(quotes=(Quote("p1", "not in the article"),))
    with app.app_context():
        with pytest.raises(UnreadableVersion, match="quote is not in the source"):
            import_pack(small_pack(question))
        assert stored_pack("small-pack") is None


def test_an_unreadable_draft_is_not_published(app, teacher_id):
    draft = pack_data(small_pack(numeric_question()))
    draft["questions"][0].update(tolerance="a bit", colour="red")
    stored_id = make_pack(app, teacher_id, "small-pack", draft)
    with pytest.raises(UnreadableVersion) as refused:
        make_pack_version(app, stored_id)
    assert "unknown key 'colour'" in refused.value.reasons
    assert "questions.0.tolerance: tolerance of question 'people' must be a number" in str(
        refused.value
    )
    with app.app_context():
        assert db.session.scalar(db.select(PackVersion).filter_by(stored_pack_id=stored_id)) is None


def test_the_import_command_refuses_a_pack_that_would_not_read_back(app, tmp_path, monkeypatch):
    pack = small_pack(numeric_question())
    folder = write_pack_folder(pack_to_dict(pack), tmp_path / pack.id)
    monkeypatch.setattr(
        "quizapp.packs.pack_data",
        lambda pack: {**pack_to_dict(pack), "questions": [{"colour": "red"}]},
    )
    result = invoke(app, "import", folder)
    assert result.exit_code == 1
    assert "small-pack was not stored: the app could not read its stored version back" in (
        result.output
    )
    assert "questions.0: a question has no 'type'" in result.output
    with app.app_context():
        assert stored_pack("small-pack") is None


# -- what the database serves: `questions list` and the teacher's list of packs ----------------------


def store_version(app, slug: str, content: dict, owner_id: int | None = None) -> None:
    """A version as an older app stored it, bypassing today's read-back (the reason it exists)."""
    with app.app_context():
        stored = StoredPack(slug=slug, owner_id=owner_id, draft=content)
        db.session.add(stored)
        db.session.flush()
        db.session.add(
            PackVersion(stored_pack_id=stored.id, number=1, content=content, digest=slug * 2)
        )
        db.session.commit()


def test_a_version_stored_with_its_units_scale_is_served(app):
    """Versions stored before the readers dropped `scale` read again."""
    unit = {"en": "billion US dollars", "de": "Milliarden US-Dollar"}
    pack = small_pack(numeric_question(unit=unit, scale=1_000_000_000))
    store_version(app, pack.id, pack_to_dict(pack))
    with app.app_context():
        assert published_pack(pack.id) == pack


def test_questions_list_shows_the_databases_packs_and_why_one_cannot_be_read(app, teacher_id):
    make_pack(app, teacher_id, "my-draft")
    broken = pack_data(small_pack(numeric_question()))
    broken["questions"][0]["colour"] = "red"
    store_version(app, "broken-pack", broken, owner_id=teacher_id)
    result = invoke(app, "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "belarus-ukraine-war: Belarus and the war in Ukraine (published, version 1, in the "
        "library)",
        "broken-pack: Belarus (published, version 1; by teacher@example.org) cannot be read: "
        "questions.0.colour: unknown key 'colour' in question 'people'",
        "my-draft: Belarus and the war in Ukraine (draft; by teacher@example.org)",
    ]


def test_the_teachers_list_of_packs_says_why_a_pack_cannot_be_read(app, teacher, teacher_id):
    broken = pack_data(small_pack(numeric_question()))
    broken["questions"][0]["colour"] = "red"
    store_version(app, "broken-pack", broken, owner_id=teacher_id)
    page = page_text(teacher.get("/instructor/packs"))
    assert "cannot be read: questions.0.colour: unknown key 'colour' in question 'people'" in page
    teacher.post("/language", {"language": "de", "next": "/"})
    assert "kann nicht gelesen werden: questions.0.colour" in page_text(
        teacher.get("/instructor/packs")
    )
