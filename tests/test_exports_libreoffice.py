"""Every export opened in LibreOffice Calc, in an English and a German locale, as a teacher would.

LibreOffice converts each file (CSV with the import options of the teacher's language, XLSX as
it is) to .xlsx; openpyxl then reads what Calc made of every cell: numbers must be numbers, times
dates, durations times, and nothing a formula.
"""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from test_exports import exported_class  # noqa: F401 (the fixture)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("soffice") is None and os.environ.get("CI") != "true",
        reason="LibreOffice is not installed (apt-get install libreoffice-calc)",
    ),
]

# The CSV import filter's options: separator, text delimiter ("), UTF-8 (76), first line 1,
# standard column formats, the language (1033 en-US, 1031 de-DE), quoted fields not forced to
# text, special numbers (dates, times) detected.
LOCALES = {
    "en": ("en_US.UTF-8", "44,34,76,1,,1033,false,true"),
    "de": ("de_DE.UTF-8", "59,34,76,1,,1031,false,true"),
}
# Columns (0-based) that hold numbers, date-times and durations in each export.
COLUMNS = {
    "scores": {"numbers": {2, 4, 5, 6}, "dates": {7, 8}, "durations": {9}, "numbers_from": 10},
    "responses": {"numbers": {3, 6, 13, 14, 15}, "dates": {16}, "durations": set()},
}


def calc_opens(files: list[Path], language: str, outdir: Path, tmp_path: Path) -> list[Path]:
    """The files as LibreOffice Calc reads them in `language`'s locale, saved again as .xlsx."""
    locale, csv_options = LOCALES[language]
    profile = tmp_path / f"profile-{language}"
    env = {**os.environ, "LANG": locale, "LC_ALL": locale, "HOME": str(tmp_path)}
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    if files[0].suffix == ".csv":
        command.append(f"--infilter=Text - txt - csv (StarCalc):{csv_options}")
    outdir.mkdir(exist_ok=True)
    command += ["--convert-to", "xlsx", "--outdir", str(outdir), *map(str, files)]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=180)
    converted = [outdir / (f.stem + ".xlsx") for f in files]
    missing = [str(path) for path in converted if not path.exists()]
    assert not missing, f"LibreOffice made no {missing}"
    return converted


def check_cells(path: Path, what: str) -> int:
    """Assert every number, date and duration came in typed and no cell is a formula; count them."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    kinds = COLUMNS[what]
    checked = 0
    for row in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            assert cell.data_type != "f", f"{path.name} {cell.coordinate} is a formula"
            if cell.value is None:
                continue
            if index in kinds["numbers"] or index >= kinds.get("numbers_from", 10**6):
                assert isinstance(cell.value, int | float), (path.name, cell.coordinate, cell.value)
            elif index in kinds["dates"]:
                assert isinstance(cell.value, dt.datetime), (path.name, cell.coordinate, cell.value)
            elif index in kinds["durations"]:
                assert isinstance(cell.value, dt.time | dt.timedelta | dt.datetime), (
                    path.name,
                    cell.coordinate,
                    cell.value,
                )
            else:
                continue
            checked += 1
    for cell in sheet[1]:
        assert cell.data_type != "f"
    return checked


def download(teacher, classroom_id: int, query: str, path: Path) -> Path:
    response = teacher.get(f"/instructor/classrooms/{classroom_id}/export?{query}")
    assert response.status_code == 200
    path.write_bytes(response.data)
    return path


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_export_opens_typed_in_libreoffice(
    teacher,
    exported_class,  # noqa: F811
    tmp_path,
    language,
):
    classroom_id = exported_class[0]
    if language == "de":
        teacher.post("/language", {"language": "de", "next": "/"})
    files = {
        fmt: [
            download(teacher, classroom_id, f"what={what}&format={fmt}", tmp_path / f"{what}.{fmt}")
            for what in ("scores", "responses")
        ]
        for fmt in ("csv", "xlsx")
    }
    for fmt, paths in files.items():
        for converted in calc_opens(paths, language, tmp_path / f"calc-{fmt}", tmp_path):
            what = converted.stem
            assert check_cells(converted, what) > 0, (fmt, what)
    # The tricky learner's name came in as text, not as a formula that links somewhere.
    scores = openpyxl.load_workbook(tmp_path / "calc-csv" / "scores.xlsx").worksheets[0]
    names = [row[0].value for row in scores.iter_rows(min_row=2)]
    assert any(str(name).lstrip("'").startswith("=HYPERLINK") for name in names)
