"""No number that is not finite gets into a pack (issue 25, point 4): "inf" and "nan" in a GIFT or
Moodle XML file, or `.inf` in a pack folder's YAML, are refused with the line they stand on. A
JSON column cannot hold them on PostgreSQL, so an import of one answered 500 there."""

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.engine import finite_float
from quizapp.interchange import read_question_file

pytestmark = pytest.mark.once

NOT_FINITE = ["inf", "-inf", "nan", "Infinity", "1e999"]


def numbers_in(value):
    """Every float anywhere in a question's JSON shape."""
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from numbers_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from numbers_in(item)


def gift_files(word: str) -> list[str]:
    return [
        f"::value::How many? {{#{word}:1}}",
        f"::margin::How many? {{#5:{word}}}",
        f"::range::How many? {{#1..{word}}}",
    ]


def moodle_xml(value: str, tolerance: str, fraction: str = "100") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="numerical">
    <name><text>How many</text></name>
    <questiontext format="html"><text>How many lakes?</text></questiontext>
    <answer fraction="{fraction}"><text>{value}</text><tolerance>{tolerance}</tolerance></answer>
  </question>
</quiz>""".encode()


@pytest.mark.parametrize("word", NOT_FINITE)
def test_a_gift_number_that_is_not_finite_is_refused_with_its_line(app, word):
    with app.app_context():
        for text in gift_files(word):
            imported = read_question_file(text.encode(), "quiz.gift", "en")
            assert imported.problems or imported.skipped, text
            assert all(p.startswith("quiz.gift:") for p in imported.problems), imported.problems
            assert all(math.isfinite(n) for n in numbers_in(imported.questions)), text


@pytest.mark.parametrize("word", NOT_FINITE)
def test_a_moodle_xml_number_that_is_not_finite_is_refused_with_its_line(app, word):
    with app.app_context():
        for data in (moodle_xml(word, "0"), moodle_xml("5", word), moodle_xml("5", "0", word)):
            imported = read_question_file(data, "quiz.xml", "en")
            assert imported.problems or imported.skipped, data
            assert all(math.isfinite(n) for n in numbers_in(imported.questions)), data
            json.dumps(imported.questions, allow_nan=False)  # what PostgreSQL's JSON would refuse


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_finite_float_reads_every_finite_float_and_refuses_the_rest(value):
    if math.isfinite(value):
        assert finite_float(repr(value)) == value
    else:
        with pytest.raises(ValueError):
            finite_float(repr(value))


def test_a_pack_folder_s_infinite_tolerance_is_a_problem_at_its_line(tmp_path):
    import shutil

    from apps import QUESTIONS_DIR

    from quizapp.bank import read_pack

    folder = tmp_path / "belarus-ukraine-war"
    shutil.copytree(QUESTIONS_DIR / "belarus-ukraine-war", folder)
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    assert "tolerance: " in text
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "tolerance: " in row)
    rows = text.splitlines()
    rows[line - 1] = rows[line - 1].split("tolerance:")[0] + "tolerance: .inf"
    questions.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pack, problems, _missing = read_pack(folder)
    assert pack is None
    assert any(f"questions.yaml:{line}:" in problem for problem in problems), problems
