"""Export rows of scores to CSV and XLSX, streamed and safe to open in a spreadsheet program.

Teachers export up to 100,000 rows, so both writers consume an iterable of rows and keep
memory bounded. Learners type names and short answers, so every text cell is neutralised
(OWASP CSV injection guidance) before it reaches the file: nothing a learner typed may run
as a formula in the teacher's spreadsheet program.

This module depends on the standard library only (and openpyxl's list of XML-illegal
characters; no Flask, no database), so it can be used from a view, a CLI command or a test
alike. The XLSX is written as XML text straight into the zip (see write_xlsx): a per-cell
object, as openpyxl or XlsxWriter make, is too slow for a school's 100,000 responses.
"""

import datetime
import functools
import io
import itertools
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import BinaryIO, cast

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter


class Percent(float):
    """A share from 0 to 1 shown as a percentage: a percent cell in XLSX, 0 to 100 in CSV."""


Cell = str | int | float | bool | datetime.datetime | datetime.date | datetime.timedelta | None


class Cells(tuple):
    """Cells that recur together row after row (a learner's attempt, a question, an answer given).

    A row may hold Cells among its values; they stand for their cells in place. Each writer renders
    a Cells object once and reuses the text (kept by identity: pass the same object again), which
    makes a school's 100,000 rows several times quicker.
    """


def flat_row(row: Sequence) -> list[Cell]:
    """A row with its Cells spelled out."""
    return [cell for value in row for cell in (value if type(value) is Cells else (value,))]


_RENDERED_KEPT = 20_000  # Cells objects a writer keeps the text of (bounds its memory)

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


# A spreadsheet set to split on ";" (German, French Excel) or on tabs reads a comma-separated
# file too, and then "Mia X;=1+1" gives it the formula cell "=1+1"; quotes do not help there,
# as a quote is read as one only at the start of a cell. So in text, a formula start after any
# of these separators (and spaces) gets a "'" as well, and the field is quoted.
SPREADSHEET_SEPARATORS = (",", ";", "\t", "\r", "\n", '"')
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n] *)(?=[=+\-@\t\r])")


def _csv_field_text(text: str, is_text: bool, delimiter: str) -> str:
    """A cell's CSV text as a field: in text, every part a spreadsheet might split off is
    neutralised, and the field is quoted (RFC 4180) when it holds any separator."""
    if is_text:
        text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
        separators: tuple[str, ...] = SPREADSHEET_SEPARATORS
    else:
        separators = (delimiter, '"')
    if any(separator in text for separator in separators):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(row: Sequence[Cell], delimiter: str) -> str:
    return (
        delimiter.join(
            _csv_field_text(_csv_text(value), isinstance(value, str), delimiter) for value in row
        )
        + "\r\n"
    )


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
    buffer.write(BOM)
    if header:
        buffer.write(_csv_line(header, delimiter))
    pending = 0
    line = _csv_line_writer(delimiter, _csv_converter(decimal))
    for row in rows:
        buffer.write(line(row))
        pending += 1
        if pending >= CHUNK_ROWS or buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if buffer.tell():
        yield buffer.getvalue()


def _csv_line_writer(delimiter: str, cell_text):
    """A function from a row to its CSV line, each field as _csv_field_text writes it.

    Each field text and each Cells run is quoted once: a line is then joined from texts already
    quoted (quoting 1.7 million fields one by one was a third of an export).
    """
    rendered: dict[int, str] = {}
    kept: list[Cells] = []
    field = functools.lru_cache(maxsize=8192)(
        lambda text, is_text: _csv_field_text(text, is_text, delimiter)
    )

    def line(row: Sequence) -> str:
        parts = []
        for value in row:
            if type(value) is Cells:
                text = rendered.get(id(value))
                if text is None:
                    if len(kept) >= _RENDERED_KEPT:
                        rendered.clear()
                        kept.clear()
                    text = delimiter.join(
                        field(cell_text(cell), isinstance(cell, str)) for cell in value
                    )
                    rendered[id(value)] = text
                    kept.append(value)  # keeps its id from being reused
            elif type(value) is datetime.datetime:  # digits, "-", ":", " ": never quoted
                text = _time_text(value)
            elif type(value) is int:  # digits and a sign: never quoted either
                text = str(value)
            else:
                text = field(cell_text(value), isinstance(value, str))
            parts.append(text)
        return delimiter.join(parts) + "\r\n"

    return line


def _time_text(value: datetime.datetime) -> str:
    """A time in CSV: 2026-11-25 09:14:03."""
    return value.isoformat(" ", "seconds")[:19]


def _csv_converter(decimal: str):
    """_csv_text for one export, dispatched on the cell's type: 100,000 rows of 17 cells each
    spend most of their time here, so the common types take the shortest way and numbers,
    which recur (points, shares), are formatted once each."""
    by_type = {
        str: _clean_text,
        int: str,
        type(None): lambda _value: "",
        float: functools.lru_cache(maxsize=4096)(functools.partial(_csv_text, decimal=decimal)),
        Percent: functools.lru_cache(maxsize=4096)(functools.partial(_csv_text, decimal=decimal)),
        datetime.datetime: _time_text,
    }
    fallback = functools.partial(_csv_text, decimal=decimal)

    def cell_text(value: Cell) -> str:
        return by_type.get(type(value), fallback)(value)

    return cell_text


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


# The parts of an .xlsx file (Office Open XML, ECMA-376) besides the worksheets.
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STYLES = (
    _XML_HEAD + f'<styleSheet xmlns="{_MAIN_NS}">'
    f'<numFmts count="4"><numFmt numFmtId="164" formatCode="{DATETIME_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="166" formatCode="{DURATION_FORMAT}"/>'
    f'<numFmt numFmtId="167" formatCode="{PERCENT_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
# Style indexes into cellXfs above.
_BOLD, _DATETIME, _DATE, _DURATION, _PERCENT = 1, 2, 3, 4, 5
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)  # serial 0 of the 1900 date system
_DAY = datetime.timedelta(days=1)
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _xml_text(text: str, style: str = "") -> str:
    """An inline-string cell: always text, so "#N/A" or "1e5" typed by a learner stays as typed."""
    escaped = text.translate(_XML_ESCAPES)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c{style} t="inlineStr"><is><t{space}>{escaped}</t></is></c>'


@functools.lru_cache(maxsize=8192)  # names, titles, prompts and answers recur row after row
def _xlsx_text(value: str) -> str:
    return _xml_text(_clean_text(value))


def _xlsx_cell(value: Cell) -> str:
    """One cell of a worksheet's XML (see write_xlsx for the types)."""
    if value is None:
        return "<c/>"
    if isinstance(value, str):
        return (
            _xlsx_text(value)
            if len(value) <= _CACHED_TEXT_LENGTH
            else _xml_text(_clean_text(value))
        )
    if isinstance(value, bool):  # before int: bool is a subclass of int
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, float):
        if not math.isfinite(value):  # not valid in an .xlsx file: written as (neutralised) text
            return _xlsx_text(repr(value))
        if isinstance(value, Percent):
            return f'<c s="{_PERCENT}"><v>{float(value)!r}</v></c>'
        return f"<c><v>{value!r}</v></c>"
    if isinstance(value, datetime.datetime):  # before date: datetime is a subclass of date
        serial = (_naive_seconds(value) - _EXCEL_EPOCH) / _DAY
        return f'<c s="{_DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c s="{_DATE}"><v>{(value - _EXCEL_EPOCH.date()).days}</v></c>'
    if isinstance(value, datetime.timedelta):
        return f'<c s="{_DURATION}"><v>{_whole_seconds(value) / _DAY!r}</v></c>'
    raise TypeError(f"cannot export a {type(value).__name__} cell: {value!r}")


def _sheet_head(header: Sequence[str], widths: Sequence[float]) -> str:
    frozen = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
        'sqref="A2"/></sheetView></sheetViews>'
        if header
        else '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    )
    columns = "".join(
        f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
        for number, width in enumerate(widths, start=1)
    )
    return (
        _XML_HEAD + f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">{frozen}'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + "<sheetData>"
    )


def _write_sheet(handle, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write one worksheet's XML, row by row; returns the number of rows after the header."""
    remaining = iter(rows)
    sample = list(itertools.islice(remaining, WIDTH_SAMPLE_ROWS))
    widths = _column_widths(header, [flat_row(row) for row in sample])
    handle.write(_sheet_head(header, widths).encode())
    number = 0
    if header:
        cells = "".join(_xml_text(_clean_text(name), f' s="{_BOLD}"') for name in header)
        handle.write(f'<row r="1">{cells}</row>'.encode())
        number = 1
    buffer: list[str] = []
    rendered: dict[int, str] = {}
    kept: list[Cells] = []

    def cell_xml(value) -> str:
        if type(value) is not Cells:
            return _xlsx_cell(value)
        text = rendered.get(id(value))
        if text is None:
            if len(kept) >= _RENDERED_KEPT:
                rendered.clear()
                kept.clear()
            text = rendered[id(value)] = "".join(map(_xlsx_cell, value))
            kept.append(value)  # keeps its id from being reused
        return text

    for row in itertools.chain(sample, remaining):
        number += 1
        buffer.append(f'<row r="{number}">{"".join(map(cell_xml, row))}</row>')
        if len(buffer) >= CHUNK_ROWS:
            handle.write("".join(buffer).encode())
            buffer.clear()
    handle.write("".join(buffer).encode())
    tail = "</sheetData>"
    if header:  # the filter covers every row written
        tail += f'<autoFilter ref="A1:{get_column_letter(len(header))}{number}"/>'
    handle.write(
        f'{tail}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'.encode()
    )
    return number - (1 if header else 0)


def _xml_attribute(text: str) -> str:
    return text.translate(_XML_ESCAPES).replace('"', "&quot;")


def write_xlsx(
    output: BinaryIO, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]]
) -> None:
    """Write an .xlsx workbook, one worksheet per (title, header, rows), into `output`.

    The worksheet XML is streamed into the zip row by row, so memory stays bounded however
    many rows there are, and each cell is one short string (a school's 100,000 responses take
    seconds, where openpyxl and XlsxWriter build an object per cell and take half a minute).
    The header row is bold, frozen and filtered; column widths fit the header and the first
    rows. Numbers and bools stay numbers and bools; a Percent is a percent cell ("0.0%");
    datetimes are Excel date-times ("yyyy-mm-dd hh:mm:ss", without microseconds or time zone);
    dates use "yyyy-mm-dd"; timedeltas are durations ("[h]:mm:ss", whole seconds); None is an
    empty cell. Text is always a text cell (never a formula or an error value), loses
    XML-illegal control characters and goes through neutralise_cell, as in the CSV. Titles are
    sanitised for Excel (see _sheet_title). `output` is any binary file object (e.g. a
    SpooledTemporaryFile); it is not closed. Any other cell type raises TypeError.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    taken: set[str] = set()
    titles = [_sheet_title(title, taken) for title, _header, _rows in sheets]
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        filters = _write_worksheets(package, titles, sheets)
        package.writestr("xl/workbook.xml", _workbook_xml(titles, filters))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_relations(len(titles)))
        package.writestr("xl/styles.xml", _STYLES)
        package.writestr("[Content_Types].xml", _content_types(len(titles)))
        package.writestr(
            "_rels/.rels",
            _XML_HEAD + f'<Relationships xmlns="{_PACKAGE_REL_NS}"><Relationship Id="rId1" '
            f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )


def _write_worksheets(
    package: zipfile.ZipFile,
    titles: Sequence[str],
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]],
) -> list[str]:
    """Stream each sheet into the package; returns the defined name of each header's filter."""
    filters = []
    for number, (title, (_title, header, rows)) in enumerate(
        zip(titles, sheets, strict=True), start=1
    ):
        with package.open(f"xl/worksheets/sheet{number}.xml", "w") as handle:
            count = _write_sheet(handle, header, rows)
        if header:
            quoted = title.replace("'", "''")
            last = get_column_letter(len(header))
            filters.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{number - 1}" '
                f"hidden=\"1\">'{_xml_attribute(quoted)}'!$A$1:${last}${count + 1}</definedName>"
            )
    return filters


def _workbook_xml(titles: Sequence[str], filters: Sequence[str]) -> str:
    """The workbook part: its sheets in order, and the filters' defined names."""
    sheet_list = "".join(
        f'<sheet name="{_xml_attribute(title)}" sheetId="{number}" r:id="rId{number}"/>'
        for number, title in enumerate(titles, start=1)
    )
    names = f"<definedNames>{''.join(filters)}</definedNames>" if filters else ""
    return (
        _XML_HEAD + f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>{sheet_list}'
        f"</sheets>{names}</workbook>"
    )


def _workbook_relations(sheet_count: int) -> str:
    """The workbook's links to its worksheets and its styles."""
    relations = "".join(
        f'<Relationship Id="rId{number}" Type="{_REL_NS}/worksheet" '
        f'Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, sheet_count + 1)
    )
    return (
        _XML_HEAD + f'<Relationships xmlns="{_PACKAGE_REL_NS}">{relations}'
        f'<Relationship Id="rId{sheet_count + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


def _content_types(sheet_count: int) -> str:
    """The package's list of parts and their media types."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="{_SHEET_TYPE}"/>'
        for number in range(1, sheet_count + 1)
    )
    return (
        _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )


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
