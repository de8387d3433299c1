"""What a Moodle XML or GIFT file changes of a question (Moodle's shares, what GIFT has no place
for, a question left out) is listed for the teacher (issue 26, point 4)."""

import re

from factories import SEED_PACK, make_pack, make_pack_version
from lxml import etree

from quizapp.bank.loader import read_pack_data
from quizapp.cli import questions_cli
from quizapp.interchange import export_notes, export_pack
from quizapp.interchange.moodle_xml import MOODLE_FRACTIONS
from quizapp.packs import pack_data

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


def test_the_command_line_lists_what_the_file_changes(app, teacher_id):
    data = {**seed_with_right_options(app, 25), "id": "many-options"}
    make_pack_version(app, make_pack(app, teacher_id, "many-options", data))
    runner = app.test_cli_runner()
    for fmt in ("moodle-xml", "gift"):
        result = runner.invoke(questions_cli, ["export", "many-options", "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "5 of its 25 right options are worth 0 % in Moodle" in result.output, fmt
    result = runner.invoke(questions_cli, ["export", "many-options", "--format", "gift"])
    assert "its points (2) are not written: GIFT has none" in result.output
