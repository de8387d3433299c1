"""Export rows of scores to CSV and XLSX, streamed and safe to open in a spreadsheet program.

Teachers export up to 100,000 rows, so both writers consume an iterable of rows and keep
memory bounded. Learners type names and short answers, so every text cell is neutralised
(OWASP CSV injection guidance) before it reaches the file: nothing a learner typed may run
as a formula in the teacher's spreadsheet program.

This module depends on the standard library and openpyxl only (no Flask, no database), so
it can be used from a view, a CLI command or a test alike.
"""

import contextlib
import datetime
import functools
import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import BinaryIO, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

Cell = str | int | float | bool | datetime.datetime | datetime.date | datetime.timedelta | None

# OWASP: a cell starting with one of these may be read as a formula (or hide one after a
# tab / carriage return). Exactly this list, checked on the first character only.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITERS = (",", ";")
BOM = "\ufeff"

DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
DURATION_FORMAT = "[h]:mm:ss"

# A CSV chunk is handed out after this many rows or characters, whichever comes first.
CHUNK_ROWS = 500
CHUNK_CHARS = 64 * 1024

SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise_cell(value: Cell) -> Cell:
    """Prefix "'" to text that a spreadsheet would read as a formula; return the rest unchanged.

    Follows OWASP's CSV injection guidance: a str starting with = + - @ tab or carriage
    return gets a leading single quote. Only text is touched: the int -3 stays a number.
    Quoting of delimiters and double quotes is left to the csv module.
    """
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def _clean_text(value: str) -> str:
    """Learner text made safe: XML-illegal control characters removed, then neutralised.

    The control characters ("\\x00" and the like) would make openpyxl refuse the whole
    export; they are removed from CSV too, so both formats carry the same text.
    """
    if len(value) <= _CACHED_TEXT_LENGTH:
        return _clean_repeated_text(value)
    return _clean_any_text(value)


def _clean_any_text(value: str) -> str:
    return cast(str, neutralise_cell(ILLEGAL_CHARACTERS_RE.sub("", value)))


# Short texts come again row after row (class, quiz title, prompts, names, answers): each is
# cleaned once per export rather than once per cell. The length limit bounds the cache's memory.
_CACHED_TEXT_LENGTH = 200
_clean_repeated_text = functools.lru_cache(maxsize=4096)(_clean_any_text)


def _naive_seconds(value: datetime.datetime) -> datetime.datetime:
    """A datetime without time zone or microseconds: spreadsheets have neither.

    An aware datetime keeps its wall-clock time; convert it to the teacher's time zone first.
    """
    return value.replace(tzinfo=None, microsecond=0)


def _whole_seconds(value: datetime.timedelta) -> datetime.timedelta:
    """A duration truncated (towards zero) to whole seconds."""
    seconds = int(value.total_seconds())
    return datetime.timedelta(seconds=seconds)


def _format_float(value: float) -> str:
    """Shortest round-trip digits, as repr, but never in exponent notation (1e-05)."""
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def _format_duration(value: datetime.timedelta) -> str:
    """H:MM:SS with hours beyond 24 (26:03:04), like the spreadsheet format [h]:mm:ss."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}"


def _csv_text(value: Cell) -> str:
    """One cell as CSV text (see csv_rows for the formats)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, bool):  # before int: bool is a subclass of int
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return _clean_text(repr(value))  # "nan", "inf", "'-inf": never a formula
        return _format_float(value)
    if isinstance(value, datetime.datetime):  # before date: datetime is a subclass of date
        return _naive_seconds(value).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return _format_duration(value)
    raise TypeError(f"cannot export a {type(value).__name__} cell: {value!r}")


# A spreadsheet set to split on ";" (German, French Excel) or on tabs reads a comma-separated
# file too, and then "Mia X;=1+1" gives it the formula cell "=1+1"; quotes do not help there,
# as a quote is read as one only at the start of a cell. So in text, a formula start after any
# of these separators (and spaces) gets a "'" as well, and the field is quoted.
SPREADSHEET_SEPARATORS = (",", ";", "\t", "\r", "\n", '"')
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n] *)(?=[=+\-@\t\r])")


def _csv_field(value: Cell, delimiter: str) -> str:
    """One cell as a CSV field: text with every part a spreadsheet might split off neutralised,
    quoted (RFC 4180) when it holds any separator."""
    text = _csv_text(value)
    if isinstance(value, str):
        text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
        separators: tuple[str, ...] = SPREADSHEET_SEPARATORS
    else:
        separators = (delimiter, '"')
    if any(separator in text for separator in separators):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(row: Sequence[Cell], delimiter: str) -> str:
    return delimiter.join(_csv_field(value, delimiter) for value in row) + "\r\n"


def csv_rows(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, delimiter: str = ","
) -> Iterator[str]:
    """A CSV file as an iterator of text chunks, for a streamed download in bounded memory.

    The first chunk starts with the UTF-8 BOM so that Excel reads UTF-8; lines end with
    "\\r\\n" (RFC 4180). delimiter is "," or ";" (the latter for locales whose decimal
    separator is a comma). Every cell, header included, goes through neutralise_cell.

    Formats: None is empty; bools are TRUE / FALSE (what spreadsheets show, and not to be
    mistaken for a score of 1 or 0); ints as ints; floats as Python's shortest repr but
    never in exponent notation (0.5, 12.75, 0.00001); a datetime is ISO 8601 without
    microseconds or time zone ("2026-11-25 09:14:03"); a date is "2026-11-25"; a timedelta
    is H:MM:SS truncated to whole seconds, hours not wrapping at 24 ("26:03:04").
    Any other type raises TypeError. A wrong delimiter raises ValueError at once, before
    the first chunk (so before a streamed response has started).
    """
    if delimiter not in CSV_DELIMITERS:
        raise ValueError(f"delimiter must be one of {CSV_DELIMITERS!r}, not {delimiter!r}")
    return _csv_chunks(header, rows, delimiter)


def _csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], delimiter: str
) -> Iterator[str]:
    """The generator behind csv_rows: rows are written to a small buffer, emptied per chunk."""
    buffer = io.StringIO()
    buffer.write(BOM)
    if header:
        buffer.write(_csv_line(header, delimiter))
    pending = 0
    for row in rows:
        buffer.write(_csv_line(row, delimiter))
        pending += 1
        if pending >= CHUNK_ROWS or buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if buffer.tell():
        yield buffer.getvalue()


def _sheet_title(title: str, taken: set[str]) -> str:
    """A worksheet title Excel accepts: at most 31 characters, none of []:*?/\\, unique.

    Forbidden characters become "-", control characters go, surrounding apostrophes and
    spaces go (Excel refuses a leading or trailing apostrophe); an empty title becomes
    "Sheet"; a title already used (Excel ignores case) gets " (2)", " (3)", ...
    """
    title = SHEET_TITLE_FORBIDDEN.sub("-", ILLEGAL_CHARACTERS_RE.sub("", title))
    title = title.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    title = _truncate(title, SHEET_TITLE_MAX).strip(" '") or "Sheet"
    if title.casefold() == "history":  # reserved by Excel
        title += "-"
    candidate, number = title, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = _truncate(title, SHEET_TITLE_MAX - len(suffix)).rstrip(" '") + suffix
    taken.add(candidate.casefold())
    return candidate


def _truncate(text: str, limit: int) -> str:
    """At most `limit` characters as Excel counts them (UTF-16 code units: an emoji is two)."""
    text = text[:limit]
    while len(text.encode("utf-16-le")) > 2 * limit:
        text = text[:-1]
    return text


def _xlsx_value(worksheet, value: Cell) -> object:
    """One cell for a write-only worksheet: a plain value, or a WriteOnlyCell with a format."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        text = _clean_text(value)
        if text in ERROR_CODES:  # openpyxl would store "#N/A" as an error value, not text
            cell = WriteOnlyCell(worksheet, value=text)
            cell.data_type = "s"
            return cell
        return text
    if isinstance(value, float):
        # NaN and infinity are not valid in an .xlsx file: written as (neutralised) text.
        return value if math.isfinite(value) else _clean_text(repr(value))
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(worksheet, value=_naive_seconds(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, datetime.timedelta):
        cell = WriteOnlyCell(worksheet, value=_whole_seconds(value))
        cell.number_format = DURATION_FORMAT
        return cell
    raise TypeError(f"cannot export a {type(value).__name__} cell: {value!r}")


def write_xlsx(
    output: BinaryIO, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]]
) -> None:
    """Write an .xlsx workbook, one worksheet per (title, header, rows), into `output`.

    Uses openpyxl's write-only mode, which streams rows to temporary files, so memory stays
    bounded however many rows there are. The header row is bold and frozen. Numbers and
    bools stay numbers and bools; datetimes are Excel date-times ("yyyy-mm-dd hh:mm:ss",
    without microseconds or time zone); dates use "yyyy-mm-dd"; timedeltas are durations
    ("[h]:mm:ss", whole seconds); None is an empty cell. Text loses XML-illegal control
    characters and goes through neutralise_cell, as in the CSV. Titles are sanitised for
    Excel (see _sheet_title). `output` is any binary file object (e.g. a
    SpooledTemporaryFile); it is not closed. Any other cell type raises TypeError.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    taken: set[str] = set()
    try:
        for title, header, rows in sheets:
            worksheet = workbook.create_sheet(_sheet_title(title, taken))
            if header:
                worksheet.freeze_panes = "A2"  # write-only: must be set before the first row
                header_cells = []
                for name in header:
                    cell = WriteOnlyCell(worksheet, value=_clean_text(name))
                    cell.data_type = "s"  # text even if it reads "#N/A"
                    cell.font = bold
                    header_cells.append(cell)
                worksheet.append(header_cells)
            for row in rows:
                worksheet.append([_xlsx_value(worksheet, value) for value in row])
        workbook.save(output)
    except BaseException:
        for worksheet in workbook.worksheets:
            _discard(worksheet)
        raise


def _discard(worksheet) -> None:
    """Close a half-written worksheet and delete its temporary file after a failed export.

    openpyxl would otherwise keep the file until the process exits, and complain later
    when the abandoned worksheet is garbage collected.
    """
    writer = getattr(worksheet, "_writer", None)  # openpyxl internal: None until a row is written
    if writer is None:
        return
    with contextlib.suppress(Exception):
        worksheet.close()
    with contextlib.suppress(Exception):  # already removed if the failure came while saving
        writer.cleanup()
