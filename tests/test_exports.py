"""Score and response exports, from the dashboard and from the command line: what a teacher opens."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import factories
import openpyxl
import pytest
from factories import CLASS_CODE

from quizapp.attempts import finish_attempt
from quizapp.extensions import db
from quizapp.models import Attempt

TRICKY = '=HYPERLINK("http://evil.example","click")'
SHOWN_TRICKY = "'" + TRICKY


@pytest.fixture
def exported_class(app, teacher, teacher_id, seed_pack):
    """A class where TRICKY finished with question 1 wrong, the last partly right, and Ben has not
    started (the teacher's quiz has feedback after the attempt, so TRICKY pressed "Submit all")."""
    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(app, classroom_id)
    partly = partly_question(seed_pack)

    def answers(position, question):
        if question == partly:
            return {"answer": [o.id for o in question.options if o.correct][:1]}
        return position != 1

    attempt_id = factories.make_attempt(
        app, factories.make_learner(app, classroom_id, TRICKY), assignment_id, answers
    )
    factories.make_learner(app, classroom_id, "Ben")
    return classroom_id, CLASS_CODE, factories.attempt_order(app, attempt_id), assignment_id


def partly_question(pack):
    """The question the exported class's learner answers half right: one of two right options."""
    return [
        q
        for q in pack.questions
        if q.type == "multiple_response" and sum(o.correct for o in q.options) >= 2
    ][-1]


def read_csv(body: bytes, delimiter=","):
    text = body.decode("utf-8")
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def export(teacher, classroom_id, query):
    response = teacher.get(f"/instructor/classrooms/{classroom_id}/export?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def test_scores_are_a_gradebook_one_row_per_learner_one_column_per_question(
    teacher, exported_class, seed_pack, in_app
):
    classroom_id, _code, order, _aid = exported_class
    response = export(teacher, classroom_id, "what=scores&format=csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = read_csv(response.data)
    assert header[:10] == [
        "Name",
        "Class",
        "Attempt",
        "Status",
        "Points",
        "Maximum",
        "Percent",
        "Started (Europe/Berlin)",
        "Finished (Europe/Berlin)",
        "Duration",
    ]
    questions = header[10:]
    assert len(questions) == len(seed_pack.questions)
    assert questions[0].startswith("Question 1: ") and not any("#" in h for h in header)
    assert [row[0] for row in rows] == [SHOWN_TRICKY, "Ben"]  # "=" before the letters
    tricky, ben = rows
    assert ben[2:4] == ["", "Not started"] and set(ben[4:]) == {""}
    assert tricky[2] == "1" and tricky[3] == "Finished (Submitted)"
    first = seed_pack.question(order[0])
    partly = partly_question(seed_pack)
    expected = (
        seed_pack.max_points
        - first.points
        - (1 - attempt_fraction(in_app, partly)) * (partly.points)
    )
    assert float(tricky[4]) == pytest.approx(round(expected, 2))
    assert len(tricky[4].split(".")[-1]) <= 2  # rounded to at most two decimals
    assert float(tricky[6]) == pytest.approx(round(100 * expected / seed_pack.max_points, 1))
    by_question = dict(zip([q.id for q in seed_pack.questions], tricky[10:], strict=True))
    assert by_question[first.id] == "0"
    with in_app():
        attempt = db.session.scalars(db.select(Attempt)).one()
        started = attempt.started_at.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert tricky[7] == started.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")


def attempt_fraction(in_app, question) -> float:
    with in_app():
        attempt = db.session.scalars(db.select(Attempt)).one()
        return attempt.response_for(question.id).fraction


def test_scores_show_the_attempt_the_teacher_chooses(app, teacher, teacher_id, in_app):
    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(app, classroom_id, attempts_allowed=3)
    learner_id = factories.make_learner(app, classroom_id, "Ana")
    totals = []
    for wrong_ones in (2, 0, 5):  # scores: middling, best, worst
        answers = lambda position, _question: position > wrong_ones  # noqa: B023, E731
        attempt_id = factories.make_attempt(app, learner_id, assignment_id, answers)
        with in_app():
            totals.append(db.session.get(Attempt, attempt_id).score)
    for choice, number in (("first", 1), ("best", 2), ("last", 3)):
        query = f"what=scores&format=csv&attempt={choice}"
        _header, row = read_csv(export(teacher, classroom_id, query).data)
        assert row[2] == str(number)
        assert float(row[4]) == pytest.approx(totals[number - 1])
    page = teacher.get(f"/instructor/assignments/{assignment_id}/export?what=scores&attempt=last")
    assert read_csv(page.data)[1][2] == "3"


def test_responses_say_what_the_learner_saw_with_attempt_numbers_and_results(
    teacher, exported_class, seed_pack
):
    classroom_id, _code, order, _aid = exported_class
    header, *rows = read_csv(export(teacher, classroom_id, "what=responses&format=csv").data)
    assert header == [
        "Name",
        "Class",
        "Quiz",
        "Attempt",
        "Status",
        "Finish reason",
        "Question number",
        "Question ID",
        "Question",
        "Paragraph",
        "Answer",
        "Answer ID",
        "Result",
        "Share earned",
        "Points",
        "Maximum",
        "Answered at (Europe/Berlin)",
    ]
    assert len(rows) == len(seed_pack.questions)
    assert {row[3] for row in rows} == {"1"}  # the learner's first attempt, not a database id
    assert {(row[4], row[5]) for row in rows} == {("Finished", "Submitted")}
    assert [row[6] for row in rows] == [str(n) for n in range(1, len(order) + 1)]
    assert [row[7] for row in rows] == order
    by_id = {row[7]: row for row in rows}
    for question in seed_pack.questions:
        row = by_id[question.id]
        assert row[8] == question.prompt["en"]
        assert row[9] == ", ".join(dict.fromkeys(q.paragraph for q in question.quotes))
        if question.type == "single_choice":
            chosen = next(o for o in question.options if o.id == row[11])
            assert row[10] == chosen.text["en"]
    assert by_id[order[0]][12] == "Not right" and by_id[order[0]][13] == "0.0"
    partly = by_id[partly_question(seed_pack).id]
    assert partly[12] == "Partly right" and 0 < float(partly[13]) < 100
    assert sum(row[12] == "Right" for row in rows) == len(rows) - 2


def test_unanswered_questions_of_a_finished_attempt_are_rows(
    app, teacher, teacher_id, seed_pack, in_app
):
    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(app, classroom_id)
    learner_id = factories.make_learner(app, classroom_id, "Ana")
    attempt_id = factories.make_attempt(app, learner_id, assignment_id, [True])
    _header, *rows = read_csv(export(teacher, classroom_id, "what=responses&format=csv").data)
    assert len(rows) == 1 and rows[0][4] == "In progress"
    with in_app():
        finish_attempt(db.session.get(Attempt, attempt_id), "time_limit")
        db.session.commit()
    _header, *rows = read_csv(export(teacher, classroom_id, "what=responses&format=csv").data)
    assert len(rows) == len(seed_pack.questions)
    assert {row[5] for row in rows} == {"Time was up"}
    unanswered = rows[1:]
    assert {(row[10], row[12], row[14], row[16]) for row in unanswered} == {
        ("", "Not answered", "0", "")
    }


def test_one_alphabetical_order_everywhere(app, teacher, teacher_id):
    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(app, classroom_id)
    names = ["Zoe", "Ärger Ödön", "bert", "Anna", "Oskar"]
    for name in names:
        learner_id = factories.make_learner(app, classroom_id, name)
        factories.make_attempt(app, learner_id, assignment_id, [True])
    expected = ["Anna", "Ärger Ödön", "bert", "Oskar", "Zoe"]
    scores = read_csv(export(teacher, classroom_id, "what=scores&format=csv").data)[1:]
    assert [row[0] for row in scores] == expected
    responses = read_csv(export(teacher, classroom_id, "what=responses&format=csv").data)[1:]
    assert list(dict.fromkeys(row[0] for row in responses)) == expected
    for page in (
        f"/instructor/classrooms/{classroom_id}",
        f"/instructor/assignments/{assignment_id}",
    ):
        html = teacher.get(page).get_data(as_text=True)
        positions = [html.index(f'<th scope="row">{name}</th>') for name in expected]
        assert positions == sorted(positions), page


def shares(rows, pack):
    """The "Share earned" cell of the half-right answer."""
    return next(row[13] for row in rows if row[7] == partly_question(pack).id)


def test_csv_follows_the_teachers_language_and_can_be_chosen(teacher, exported_class, seed_pack):
    classroom_id, _code, order, assignment_id = exported_class
    header, *rows = read_csv(export(teacher, classroom_id, "what=responses&format=csv").data)
    assert shares(rows, seed_pack).count(".") == 1  # English: comma-separated, decimal point
    teacher.post("/language", {"language": "de", "next": "/"})
    german = export(teacher, classroom_id, "what=responses&format=csv")
    header, *rows = read_csv(german.data, delimiter=";")
    assert header[:4] == ["Name", "Klasse", "Quiz", "Versuch"]
    assert "," in shares(rows, seed_pack) and "." not in shares(rows, seed_pack)  # decimal comma
    assert {row[4] for row in rows} == {"Beendet"}
    chosen = export(teacher, classroom_id, "what=scores&format=csv&delimiter=comma&decimal=point")
    header, *rows = read_csv(chosen.data)
    assert header[:2] == ["Name", "Klasse"] and "." in rows[0][6]
    page = teacher.get(f"/instructor/assignments/{assignment_id}").get_data(as_text=True)
    assert '<option value="semicolon" selected>' in page
    assert "what=responses&amp;format=csv" in page


def test_responses_xlsx_is_typed_filtered_and_sized(teacher, exported_class, seed_pack):
    classroom_id, _code, _order, _aid = exported_class
    response = export(teacher, classroom_id, "what=responses&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(seed_pack.questions) + 1
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:Q{len(rows)}"
    assert sheet.column_dimensions["I"].width > sheet.column_dimensions["D"].width
    second = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert isinstance(second[3].value, int) and isinstance(second[14].value, int | float)
    assert second[13].number_format == "0.0%" and 0 <= second[13].value <= 1
    assert isinstance(second[16].value, dt.datetime) and second[16].is_date


def test_scores_xlsx_keeps_numbers_percent_and_times(teacher, exported_class):
    classroom_id, _code, _order, _aid = exported_class
    response = export(teacher, classroom_id, "what=scores&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    tricky = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == SHOWN_TRICKY)
    assert header[6] == "Percent" and tricky[6].number_format == "0.0%"
    assert isinstance(tricky[4].value, int | float) and tricky[4].data_type == "n"
    assert isinstance(tricky[7].value, dt.datetime) and isinstance(tricky[8].value, dt.datetime)
    assert isinstance(tricky[9].value, dt.time | dt.timedelta)


@pytest.mark.parametrize(
    "query",
    [
        "what=grades&format=csv",
        "what=scores&format=pdf",
        "what=scores&format=csv&delimiter=tab",
        "what=scores&format=csv&decimal=dot",
        "what=scores&format=csv&attempt=worst",
    ],
)
def test_unknown_exports_are_refused(teacher, exported_class, query):
    classroom_id, _code, _order, assignment_id = exported_class
    response = teacher.get(f"/instructor/classrooms/{classroom_id}/export?{query}")
    assert response.status_code == 400
    assert "Unknown export" in response.get_data(as_text=True)
    assert teacher.get(f"/instructor/assignments/{assignment_id}/export?{query}").status_code == 400


def test_another_teachers_assignment_export_is_not_found(app, exported_class, other_teacher):
    _classroom_id, _code, _order, assignment_id = exported_class
    assert other_teacher.get(f"/instructor/assignments/{assignment_id}/export").status_code == 404


def test_the_command_line_exports_the_same(app, exported_class, tmp_path, seed_pack):
    _classroom_id, code, _order, _aid = exported_class
    runner = app.test_cli_runner()
    scores = tmp_path / "scores.csv"
    result = runner.invoke(
        args=["scores", "export", "--class", code, "--format", "csv", "-o", str(scores)]
    )
    assert result.exit_code == 0, result.output
    header, *rows = read_csv(scores.read_bytes())
    assert len(rows) == 2 and header[2] == "Attempt"
    responses = tmp_path / "responses.csv"
    runner.invoke(
        args=["scores", "export", "--class", code.lower(), "--responses"]
        + ["--delimiter", ";", "--decimal", ",", "-o", str(responses)]
    )
    rows = read_csv(responses.read_bytes(), delimiter=";")
    assert len(rows) == len(seed_pack.questions) + 1 and "," in shares(rows, seed_pack)
    workbook = tmp_path / "scores.xlsx"
    runner.invoke(
        args=["scores", "export", "--class", code, "--format", "xlsx", "-o", str(workbook)]
    )
    assert openpyxl.load_workbook(workbook).active.max_row == 3
    unknown = runner.invoke(args=["scores", "export", "--class", "NOPE99", "-o", str(scores)])
    assert unknown.exit_code == 2 and "no classroom" in unknown.output


def test_the_command_line_writes_the_teachers_language(
    app, exported_class, tmp_path, monkeypatch, seed_pack
):
    _classroom_id, code, _order, _aid = exported_class
    monkeypatch.delenv("QUIZAPP_LANGUAGE")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    output = tmp_path / "antworten.csv"
    result = app.test_cli_runner().invoke(
        args=["scores", "export", "--class", code, "--responses", "-o", str(output)]
    )
    assert "antworten.csv geschrieben." in result.output
    header, *rows = read_csv(output.read_bytes(), delimiter=";")  # German: semicolons
    assert header[:6] == ["Name", "Klasse", "Quiz", "Versuch", "Status", "Beendet durch"]
    assert {row[12] for row in rows} >= {"Richtig", "Nicht richtig", "Teilweise richtig"}
    assert "," in shares(rows, seed_pack)
    monkeypatch.setenv("QUIZAPP_LANGUAGE", "en")
    app.test_cli_runner().invoke(args=["scores", "export", "--class", code, "-o", str(output)])
    assert read_csv(output.read_bytes())[0][:2] == ["Name", "Class"]


def test_a_long_export_keeps_telling_the_server_it_is_alive(
    app, teacher, exported_class, seed_pack, monkeypatch
):
    """gunicorn's sync worker would be killed at its timeout: the export calls its heartbeat."""
    from quizapp.instructor import exports

    classroom_id = exported_class[0]
    beats = []
    app.extensions["quizapp.heartbeat"] = lambda: beats.append(1)
    monkeypatch.setattr(exports, "HEARTBEAT_ROWS", 10)
    for fmt in ("csv", "xlsx"):
        beats.clear()
        export(teacher, classroom_id, f"what=responses&format={fmt}")
        assert len(beats) == 1 + len(seed_pack.questions) // 10


def test_a_class_with_two_quizzes_gets_columns_for_each_told_apart_without_ids(
    teacher, exported_class, seed_pack
):
    classroom_id, _code, _order, _aid = exported_class
    # The same quiz again (with other settings: an identical form at once is a double click).
    teacher.assign(classroom_id, attempts_allowed="2")
    header, *rows = read_csv(export(teacher, classroom_id, "what=scores&format=csv").data)
    per_quiz = 8 + len(seed_pack.questions)
    assert len(header) == 2 + 2 * per_quiz and len(rows[0]) == len(header)
    title = seed_pack.title["en"]
    prefixes = {h.split(": ")[0] for h in header[2:]}
    assert prefixes == {f"{title} (1)", f"{title} (2)"}
    assert not any("#" in h for h in header)
