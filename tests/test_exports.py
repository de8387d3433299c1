"""Score and response exports, from the dashboard and from the command line."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from answers import right_form, wrong_form

from quizapp.extensions import db
from quizapp.models import Attempt


@pytest.fixture
def exported_class(teacher, make_learner, seed_pack, in_app):
    """A class where '=HYPERLINK("x")' finished with question 1 wrong and Ben has not started."""
    classroom_id, code = teacher.create_classroom()
    assignment_id = teacher.assign(classroom_id)
    tricky = make_learner()
    tricky.join(code, '=HYPERLINK("http://evil.example","click")')
    make_learner().join(code, "Ben")
    attempt_id = tricky.start_assignment(assignment_id)
    with in_app():
        order = list(db.session.get(Attempt, attempt_id).question_order)
    for position, question_id in enumerate(order, start=1):
        question = seed_pack.question(question_id)
        form = wrong_form(question) if position == 1 else right_form(question)
        assert tricky.answer(attempt_id, position, **form).status_code == 303
    assert tricky.post(f"/attempts/{attempt_id}/submit").status_code == 303  # "Submit all"
    return classroom_id, code, order


def read_csv(body: bytes, delimiter=","):
    text = body.decode("utf-8")
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_scores_csv_one_row_per_learner(teacher, exported_class, seed_pack):
    classroom_id, _code, order = exported_class
    response = teacher.get(f"/instructor/classrooms/{classroom_id}/export?what=scores&format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = read_csv(response.data)
    assert header[:2] == ["Name", "Class"]
    assert [h.split(": ")[-1] for h in header[2:]] == [
        "points",
        "maximum",
        "percent",
        "started",
        "finished",
        "duration",
    ]
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {"Ben", '\'=HYPERLINK("http://evil.example","click")'}
    tricky = by_name['\'=HYPERLINK("http://evil.example","click")']
    expected = seed_pack.max_points - seed_pack.question(order[0]).points
    assert float(tricky[2]) == expected and float(tricky[3]) == seed_pack.max_points
    assert float(tricky[4]) == pytest.approx(round(100 * expected / seed_pack.max_points, 1))
    started = dt.datetime.fromisoformat(tricky[5])
    finished = dt.datetime.fromisoformat(tricky[6])
    assert started <= finished
    assert by_name["Ben"][2:] == [""] * 6


def test_scores_csv_with_semicolons_for_german_spreadsheets(teacher, exported_class):
    classroom_id, _code, _order = exported_class
    response = teacher.get(
        f"/instructor/classrooms/{classroom_id}/export?what=scores&format=csv&delimiter=semicolon"
    )
    header, *rows = read_csv(response.data, delimiter=";")
    assert len(header) == 8 and len(rows) == 2


def test_responses_csv_one_row_per_learner_and_question(teacher, exported_class, seed_pack):
    classroom_id, _code, order = exported_class
    response = teacher.get(
        f"/instructor/classrooms/{classroom_id}/export?what=responses&format=csv"
    )
    header, *rows = read_csv(response.data)
    assert header == [
        "Name",
        "Class",
        "Quiz",
        "Attempt",
        "Question number",
        "Question",
        "Response",
        "Correct",
        "Points",
        "Maximum",
        "Answered at",
    ]
    assert len(rows) == len(seed_pack.questions)
    first = next(row for row in rows if row[4] == "1")
    assert first[5] == seed_pack.question(order[0]).prompt["en"]
    assert first[7] in ("false", "FALSE", "0")
    assert sum(row[7] in ("true", "TRUE", "1") for row in rows) == len(rows) - 1


def test_scores_xlsx_keeps_numbers_and_times(teacher, exported_class, seed_pack):
    classroom_id, _code, _order = exported_class
    response = teacher.get(f"/instructor/classrooms/{classroom_id}/export?what=scores&format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Name", "Class")
    tricky = next(row for row in rows[1:] if row[0].startswith("'="))
    assert isinstance(tricky[2], float | int) and isinstance(tricky[3], float | int)
    assert isinstance(tricky[5], dt.datetime) and isinstance(tricky[6], dt.datetime)
    assert sheet.cell(row=2, column=3).data_type == "n"


def test_responses_xlsx(teacher, exported_class, seed_pack):
    classroom_id, _code, _order = exported_class
    response = teacher.get(
        f"/instructor/classrooms/{classroom_id}/export?what=responses&format=xlsx"
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
    )
    assert len(rows) == len(seed_pack.questions) + 1
    assert all(isinstance(row[8], int | float) for row in rows[1:])


@pytest.mark.parametrize(
    "query",
    ["what=grades&format=csv", "what=scores&format=pdf", "what=scores&format=csv&delimiter=tab"],
)
def test_unknown_exports_are_refused(teacher, exported_class, query):
    classroom_id, _code, _order = exported_class
    response = teacher.get(f"/instructor/classrooms/{classroom_id}/export?{query}")
    assert response.status_code == 400


def test_the_command_line_exports_the_same(app, exported_class, tmp_path, seed_pack):
    _classroom_id, code, _order = exported_class
    runner = app.test_cli_runner()
    scores = tmp_path / "scores.csv"
    result = runner.invoke(
        args=["scores", "export", "--class", code, "--format", "csv", "-o", str(scores)]
    )
    assert result.exit_code == 0, result.output
    header, *rows = read_csv(scores.read_bytes())
    assert len(rows) == 2
    responses = tmp_path / "responses.csv"
    runner.invoke(
        args=[
            "scores",
            "export",
            "--class",
            code.lower(),
            "--responses",
            "--delimiter",
            ";",
            "-o",
            str(responses),
        ]
    )
    assert len(read_csv(responses.read_bytes(), delimiter=";")) == len(seed_pack.questions) + 1
    workbook = tmp_path / "scores.xlsx"
    runner.invoke(
        args=["scores", "export", "--class", code, "--format", "xlsx", "-o", str(workbook)]
    )
    assert openpyxl.load_workbook(workbook).active.max_row == 3
    unknown = runner.invoke(args=["scores", "export", "--class", "NOPE99", "-o", str(scores)])
    assert unknown.exit_code == 2 and "no classroom" in unknown.output
