"""Export rows of scores to CSV and XLSX, streamed and safe to open in a spreadsheet program.

Teachers export up to 100,000 rows, so both writers consume an iterable of rows and keep
memory bounded. Learners type names and short answers, so every text cell is neutralised
(OWASP CSV injection guidance) before it reaches the file: nothing a learner typed may run
as a formula in the teacher's spreadsheet program.

This module depends on the standard library and openpyxl only (no Flask, no database), so
it can be used from a view, a CLI command or a test alike.
"""

import contextlib
import csv
import datetime
import functools
import io
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import BinaryIO, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


class Percent(float):
    """A share from 0 to 1 shown as a percentage: a percent cell in XLSX, 0 to 100 in CSV."""


Cell = str | int | float | bool | datetime.datetime | datetime.date | datetime.timedelta | None

# OWASP: a cell starting with one of these may be read as a formula (or hide one after a
# tab / carriage return). Exactly this list, checked on the first character only.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITERS = (",", ";")
CSV_DECIMALS = (".", ",")
BOM = "\ufeff"

DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
DURATION_FORMAT = "[h]:mm:ss"
PERCENT_FORMAT = "0.0%"

# Column widths (in characters) come from the header and the first rows, within these bounds.
WIDTH_SAMPLE_ROWS = 200
WIDTH_MIN, WIDTH_MAX = 6, 60

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


def _csv_text(value: Cell, decimal: str = ".") -> str:
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
        if isinstance(value, Percent):
            value = round(100 * value, 1)
        text = _format_float(value)
        return text.replace(".", decimal) if decimal != "." else text
    if isinstance(value, datetime.datetime):  # before date: datetime is a subclass of date
        return _naive_seconds(value).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return _format_duration(value)
    raise TypeError(f"cannot export a {type(value).__name__} cell: {value!r}")


def csv_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    delimiter: str = ",",
    decimal: str = ".",
) -> Iterator[str]:
    """A CSV file as an iterator of text chunks, for a streamed download in bounded memory.

    The first chunk starts with the UTF-8 BOM so that Excel reads UTF-8; lines end with
    "\\r\\n" (RFC 4180). delimiter is "," or ";" (the latter for locales whose decimal
    separator is a comma). Every cell, header included, goes through neutralise_cell.

    Formats: None is empty; bools are TRUE / FALSE (what spreadsheets show, and not to be
    mistaken for a score of 1 or 0); ints as ints; floats as Python's shortest repr but
    never in exponent notation (0.5, 12.75, 0.00001), with `decimal` ("." or ",", the
    latter with ";" for German spreadsheets) as the decimal separator; a Percent is written
    as a percentage rounded to one decimal (0.889 as 88.9); a datetime is ISO 8601 without
    microseconds or time zone ("2026-11-25 09:14:03"); a date is "2026-11-25"; a timedelta
    is H:MM:SS truncated to whole seconds, hours not wrapping at 24 ("26:03:04").
    Any other type raises TypeError. A wrong delimiter or decimal separator raises ValueError
    at once, before the first chunk (so before a streamed response has started).
    """
    if delimiter not in CSV_DELIMITERS:
        raise ValueError(f"delimiter must be one of {CSV_DELIMITERS!r}, not {delimiter!r}")
    if decimal not in CSV_DECIMALS:
        raise ValueError(f"decimal must be one of {CSV_DECIMALS!r}, not {decimal!r}")
    return _csv_chunks(header, rows, delimiter, decimal)


def _csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], delimiter: str, decimal: str = "."
) -> Iterator[str]:
    """The generator behind csv_rows: rows are written to a small buffer, emptied per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(BOM)
    if header:
        writer.writerow([_csv_text(name) for name in header])
    pending = 0
    for row in rows:
        writer.writerow([_csv_text(value, decimal) for value in row])
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
        if not math.isfinite(value):
            return _clean_text(repr(value))
        if isinstance(value, Percent):
            cell = WriteOnlyCell(worksheet, value=float(value))
            cell.number_format = PERCENT_FORMAT
            return cell
        return value
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
    bounded however many rows there are. The header row is bold, frozen and filtered; column
    widths fit the header and the first rows. Numbers and
    bools stay numbers and bools; a Percent is a percent cell ("0.0%"); datetimes are Excel date-times ("yyyy-mm-dd hh:mm:ss",
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
            remaining = iter(rows)
            sample = list(itertools.islice(remaining, WIDTH_SAMPLE_ROWS))
            rows = itertools.chain(sample, remaining)
            for number, width in enumerate(_column_widths(header, sample), start=1):
                worksheet.column_dimensions[get_column_letter(number)].width = width
            if header:
                worksheet.freeze_panes = "A2"  # write-only: must be set before the first row
                header_cells = []
                for name in header:
                    cell = WriteOnlyCell(worksheet, value=_clean_text(name))
                    cell.data_type = "s"  # text even if it reads "#N/A"
                    cell.font = bold
                    header_cells.append(cell)
                worksheet.append(header_cells)
            count = 0
            for row in rows:
                worksheet.append([_xlsx_value(worksheet, value) for value in row])
                count += 1
            if header:  # written after the rows, so the range can cover all of them
                last = get_column_letter(len(header))
                worksheet.auto_filter.ref = f"A1:{last}{count + 1}"
        workbook.save(output)
    except BaseException:
        for worksheet in workbook.worksheets:
            _discard(worksheet)
        raise


def _shown_width(value: Cell) -> int:
    """About how many characters a spreadsheet needs to show the cell."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(DATE_FORMAT)
    if isinstance(value, Percent):
        return 6
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    return len(_csv_text(value))


def _column_widths(header: Sequence[str], sample: Sequence[Sequence[Cell]]) -> list[float]:
    columns = max([len(header), *(len(row) for row in sample)], default=0)
    widths = []
    for number in range(columns):
        shown = [_shown_width(row[number]) for row in sample if number < len(row)]
        heading = len(header[number]) + 2 if number < len(header) else 0  # room for the filter
        widths.append(float(min(WIDTH_MAX, max(WIDTH_MIN, heading, *shown, 0) + 1)))
    return widths


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
