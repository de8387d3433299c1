"""Score exports: what a teacher opens in a spreadsheet must be right, inert and streamed."""

import csv
import datetime
import gc
import io
import tempfile
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from quizapp.spreadsheets import csv_rows, neutralise_cell, write_xlsx

pytestmark = pytest.mark.once

BOM = "\ufeff"
DANGEROUS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
]
SUBMITTED = datetime.datetime(2026, 11, 25, 9, 14, 3)
HEADER = ["Name", "Class", "Score", "Max", "Percent", "Passed", "Submitted", "Time taken"]


def score_rows(count: int, trace_from: int | None = None):
    """A gradebook of `count` learners, generated lazily; starts tracemalloc at row trace_from."""
    for i in range(count):
        if i == trace_from:
            tracemalloc.start()
        yield (
            f"Learner {i}",
            "7b",
            i % 11,
            10,
            (i % 11) * 10 / 11,
            i % 11 >= 5,
            SUBMITTED + datetime.timedelta(seconds=i),
            datetime.timedelta(seconds=60 + i % 3600),
        )


def export_csv(header, rows, delimiter=","):
    text = "".join(csv_rows(header, rows, delimiter=delimiter))
    assert text.startswith(BOM)
    assert text.count(BOM) == 1
    return text


def read_csv(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline=""), delimiter=delimiter))


def export_xlsx(sheets):
    output = io.BytesIO()
    write_xlsx(output, sheets)
    output.seek(0)
    return load_workbook(output)


# neutralise_cell


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralise_cell_prefixes_a_quote_to_formula_starts(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Ann", "", " =1", "\n=1", "'=1", "3-2", "a=b", "#N/A"])
def test_neutralise_cell_leaves_other_text_alone(text):
    # OWASP's list, first character only: a leading space or newline does not start a formula.
    assert neutralise_cell(text) == text


@pytest.mark.parametrize("value", [-3, -2.5, 0, None, True, SUBMITTED, datetime.timedelta(0)])
def test_neutralise_cell_returns_non_text_unchanged(value):
    assert neutralise_cell(value) is value


# CSV


def test_csv_starts_with_one_bom_and_ends_lines_with_crlf():
    text = export_csv(["Name", "Score"], [["Ann", 3], ["Ben", 4]])
    assert text == "\ufeffName,Score\r\nAnn,3\r\nBen,4\r\n"


def test_csv_bom_only_in_the_first_of_many_chunks():
    chunks = list(csv_rows(["Name"], ([f"L{i}"] for i in range(5_000))))
    assert len(chunks) > 1
    assert chunks[0].startswith(BOM)
    assert sum(chunk.count(BOM) for chunk in chunks) == 1
    assert len(read_csv("".join(chunks))) == 5_001


def test_csv_without_rows_is_just_the_header():
    assert export_csv(["Name", "Score"], []) == "\ufeffName,Score\r\n"


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_round_trips_awkward_text(delimiter):
    awkward = ["a,b", "a;b", 'say "hi"', "line 1\nline 2", "line 1\r\nline 2", "", "Zoë 学生"]
    text = export_csv(["Answer", "Delimiter"], [[value, delimiter] for value in awkward], delimiter)
    assert text.splitlines()[0] == f"{BOM}Answer{delimiter}Delimiter"
    assert read_csv(text, delimiter) == [["Answer", "Delimiter"]] + [
        [v, delimiter] for v in awkward
    ]


@pytest.mark.parametrize("delimiter", ["\t", "|", "", ",;", ":"])
def test_csv_unknown_delimiter_is_refused_before_streaming(delimiter):
    with pytest.raises(ValueError):
        csv_rows(["Name"], [], delimiter=delimiter)  # not even iterated


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_neutralises_every_dangerous_start(text):
    rows = read_csv(export_csv([text], [[text, "ok"]]))
    # A formula start after a tab or a line break gets its "'" too: split there, it starts a cell.
    inert = "'" + text.replace("\t=", "\t'=").replace("\r=", "\r'=")
    assert rows == [[inert], [inert, "ok"]]


def test_csv_negative_numbers_stay_plain_numbers():
    text = export_csv(["Int", "Float"], [[-3, -2.5]])
    assert text.endswith("\r\n-3,-2.5\r\n")


def test_csv_formats_documented_in_csv_rows():
    row = [
        datetime.datetime(2026, 11, 25, 9, 14, 3, 987654),
        datetime.datetime(2026, 11, 25, 9, 14, 3, tzinfo=datetime.UTC),
        datetime.date(2026, 11, 25),
        datetime.timedelta(minutes=5),
        datetime.timedelta(hours=26, minutes=3, seconds=4, microseconds=900_000),
        None,
        True,
        False,
        100,
        0.5,
        12.75,
        12.0,
        1e-05,
        1 / 3,
        1e16,
    ]
    assert read_csv(export_csv([], [row])) == [
        [
            "2026-11-25 09:14:03",
            "2026-11-25 09:14:03",
            "2026-11-25",
            "0:05:00",
            "26:03:04",
            "",
            "TRUE",
            "FALSE",
            "100",
            "0.5",
            "12.75",
            "12.0",
            "0.00001",
            "0.3333333333333333",
            "10000000000000000",
        ]
    ]


def test_csv_non_finite_floats_are_inert_text():
    assert read_csv(export_csv([], [[float("nan"), float("inf"), float("-inf")]])) == [
        ["nan", "inf", "'-inf"]
    ]


def test_csv_control_characters_are_removed_before_neutralising():
    assert read_csv(export_csv([], [["Ann\x00\x1b", "\x00=1+1"]])) == [["Ann", "'=1+1"]]


@pytest.mark.parametrize("value", [Decimal("1.5"), b"bytes", object()])
def test_csv_unknown_cell_type_is_an_error(value):
    with pytest.raises(TypeError):
        export_csv([], [[value]])


def test_csv_streams_100000_rows_in_bounded_memory():
    tracemalloc.start()
    try:
        chunks = lines = 0
        for chunk in csv_rows(HEADER, score_rows(100_000)):
            chunks += 1
            lines += chunk.count("\r\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines == 100_001
    assert chunks >= 100  # handed out piece by piece, not as one string
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB"  # measured: about 0.4 MB


# XLSX


def test_xlsx_sheets_have_their_titles_a_bold_header_and_frozen_panes():
    workbook = export_xlsx(
        [("Scores", ["Name", "Score"], [["Ann", 3]]), ("Answers", ["Question"], [])]
    )
    assert workbook.sheetnames == ["Scores", "Answers"]
    scores = workbook["Scores"]
    assert [cell.value for cell in scores[1]] == ["Name", "Score"]
    assert all(cell.font.bold for cell in scores[1])
    assert not scores["A2"].font.bold
    assert scores.freeze_panes == "A2"
    assert workbook["Answers"]["A1"].value == "Question"


def test_xlsx_keeps_numbers_dates_and_durations_typed():
    row = [
        "Ann",
        7,
        -3,
        87.5,
        True,
        datetime.datetime(2026, 11, 25, 9, 14, 3, 987654),
        datetime.date(2026, 11, 25),
        datetime.timedelta(hours=26, minutes=3, seconds=4),
        None,
        "after the gap",
    ]
    sheet = export_xlsx([("Scores", [f"C{i}" for i in range(len(row))], [row])])["Scores"]
    name, score, negative, percent, passed, submitted, day, taken, empty, last = sheet[2]
    assert (name.value, name.data_type) == ("Ann", "s")
    for cell, value in [(score, 7), (negative, -3), (percent, 87.5)]:
        assert (cell.value, cell.data_type) == (value, "n")
    assert (passed.value, passed.data_type) == (True, "b")
    assert submitted.value == SUBMITTED  # microseconds dropped
    assert submitted.is_date and submitted.number_format == "yyyy-mm-dd hh:mm:ss"
    assert day.value == datetime.datetime(2026, 11, 25)
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert taken.value == datetime.timedelta(hours=26, minutes=3, seconds=4)
    assert taken.number_format == "[h]:mm:ss"
    assert empty.value is None
    assert last.value == "after the gap"


def test_xlsx_aware_datetimes_keep_their_wall_clock_time():
    aware = SUBMITTED.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    sheet = export_xlsx([("S", ["Submitted"], [[aware]])])["S"]
    assert sheet["A2"].value == SUBMITTED


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_learner_text_is_inert(text):
    sheet = export_xlsx([("S", [text], [[text]])])["S"]
    for cell in (sheet["A1"], sheet["A2"]):
        # XML reads a carriage return in text back as a line feed; the quote is what matters.
        assert (cell.value, cell.data_type) == ("'" + text.replace("\r", "\n"), "s")


def test_xlsx_error_code_typed_by_a_learner_stays_text():
    sheet = export_xlsx([("S", ["#N/A"], [["#N/A"], ["#DIV/0!"]])])["S"]
    assert [(c.value, c.data_type) for c in sheet["A"]] == [
        ("#N/A", "s"),
        ("#N/A", "s"),
        ("#DIV/0!", "s"),
    ]


def test_xlsx_non_finite_floats_are_inert_text():
    sheet = export_xlsx([("S", ["A", "B", "C"], [[float("nan"), float("inf"), float("-inf")]])])
    assert [(c.value, c.data_type) for c in sheet["S"][2]] == [
        ("nan", "s"),
        ("inf", "s"),
        ("'-inf", "s"),
    ]


def test_xlsx_control_characters_do_not_break_the_export():
    workbook = export_xlsx([("Class\x00 7b", ["Name\x1b"], [["Ann\x00"], ["\x1bBob"], ["\x00=1"]])])
    assert workbook.sheetnames == ["Class 7b"]
    assert [cell.value for cell in workbook["Class 7b"]["A"]] == ["Name", "Ann", "Bob", "'=1"]


def test_xlsx_sheet_titles_are_sanitised_for_excel():
    long_title = "Quiz 3/4: [Belarus] war? *draft* \\ " + "x" * 5
    assert len(long_title) == 40
    titles = [
        long_title,
        long_title,
        "QUIZ 3-4- -BELARUS- WAR- -DRAFT- ",
        "",
        "'quoted'",
        "History",
        "Class 7b 🦉" * 3,
    ]
    workbook = export_xlsx([(title, ["Name"], []) for title in titles])
    assert workbook.sheetnames == [
        "Quiz 3-4- -Belarus- war- -draft",
        "Quiz 3-4- -Belarus- war- -d (2)",
        "QUIZ 3-4- -BELARUS- WAR- -D (3)",
        "Sheet",
        "quoted",
        "History-",
        "Class 7b 🦉Class 7b 🦉Class 7b",  # Excel counts the owl as two characters
    ]
    for title in workbook.sheetnames:
        assert len(title.encode("utf-16-le")) <= 2 * 31
        assert not set(title) & set("[]:*?/\\")


def test_xlsx_needs_a_sheet():
    with pytest.raises(ValueError):
        write_xlsx(io.BytesIO(), [])


@pytest.mark.parametrize("value", [Decimal("1.5"), b"bytes", object()])
def test_xlsx_unknown_cell_type_is_an_error(value):
    with pytest.raises(TypeError):
        write_xlsx(io.BytesIO(), [("S", ["A"], [[value]])])


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_xlsx_failed_export_leaves_no_temporary_files():
    def temporary_files():
        return set(Path(tempfile.gettempdir()).glob("openpyxl.*"))

    before = temporary_files()
    rows = [["Ann"], ["Ben"], [Decimal("1.5")]]
    with pytest.raises(TypeError):
        write_xlsx(io.BytesIO(), [("Done", ["Name"], [["Cy"]]), ("Broken", ["Name"], rows)])
    gc.collect()  # an abandoned openpyxl worksheet would complain here
    assert temporary_files() <= before


def test_xlsx_into_a_spooled_temporary_file():
    with tempfile.SpooledTemporaryFile(max_size=1_000_000) as output:
        write_xlsx(output, [("Scores", HEADER, score_rows(3))])
        output.seek(0)
        sheet = load_workbook(output)["Scores"]
        assert [cell.value for cell in sheet["A"]] == [
            "Name",
            "Learner 0",
            "Learner 1",
            "Learner 2",
        ]


def test_xlsx_streams_rows_in_bounded_memory():
    # openpyxl writes about 6,000 rows of 8 cells a second (pure-Python XML), and tracemalloc
    # slows that down about fourfold, so: 50,000 rows, traced over the last 5,000 rows and
    # the saving of the workbook. Memory that grew with the rows would show up in that window
    # (a normal, not write-only, workbook peaks at tens of MB here).
    with tempfile.TemporaryFile() as output:
        try:
            write_xlsx(output, [("Scores", HEADER, score_rows(50_000, trace_from=45_000))])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        output.seek(0)
        with zipfile.ZipFile(output) as archive:
            assert archive.read("xl/worksheets/sheet1.xml").count(b"<row ") == 50_001
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB"  # measured: about 0.4 MB
