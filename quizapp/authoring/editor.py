"""The question editor's data: the form fields of each question (the type describes its own), the
form read back into the pack's JSON shape, and the pack checker's problems put at their fields.

Each input is named by its path in the question's data (`options.0.text.de`); the pack reader names
each problem by the same path, so a message stands beside the input it is about, in the words
`flask questions check` uses for a file.
"""

import copy
import secrets
from collections import defaultdict
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ..bank.loader import ATTENTION, attention_notes, needing_attention, read_pack_data
from ..engine import QUESTION_TYPES, question_type
from ..engine.control_characters import form_without_control_characters
from ..engine.errors import ResponseError
from ..engine.numbers import finite_float, parse_number
from ..engine.types.base import EditorField
from ..terminal import messages_in

COMMON_HEAD = (
    EditorField(
        "id",
        "string",
        _l("Question id"),
        hint=_l("Letters a-z, digits, - and _; unique in the pack."),
    ),
    EditorField("points", "number", _l("Points"), True),
    EditorField("prompt", "text", _l("Prompt")),
)
COMMON_TAIL = (
    EditorField("feedback", "text", _l("Feedback after a wrong answer"), True),
    EditorField("explanation", "text", _l("Explanation, shown with the result")),
    EditorField(
        "quotes",
        "entries",
        _l("Quotes from the article that prove the answer"),
        entries=(
            EditorField("paragraph", "paragraph", _l("Paragraph")),
            EditorField(
                "text",
                "string",
                _l("Quote, word for word"),
                hint=_l("Paste or type the words exactly as the paragraph has them."),
            ),
            EditorField("translation", "text", _l("Translation of the quote"), True),
        ),
    ),
)
_EMPTY = object()
BLANK_ROWS = 1  # empty rows below an entries list, to add one without JavaScript
ROW_ID_PREFIXES = {"options": "o", "items": "i", "choices": "c"}
"""The entries fields whose rows have an id the app makes: the letter it starts with."""
SHOWN_DIGITS = (-6, 15)
"""Numbers from 10⁻⁶ to 10¹⁵ are shown in the teacher's language; others in the machine's way."""


def editor_fields(type_name: str) -> tuple[EditorField, ...]:
    return COMMON_HEAD + question_type(type_name).editor_fields + COMMON_TAIL


def typed_number(raw: str, locale: str) -> Any:
    """The number the teacher typed, in the teacher's language ("4,5", "10.000,5" in German) or
    the machine's way ("4.5", "1e-9": what an older page showed); the text itself when neither."""
    try:
        value = parse_number(raw, locale)
    except (ResponseError, ValueError):
        try:
            value = finite_float(raw)
        except ValueError:
            return raw  # the pack reader says "must be a number" beside the field
    return int(value) if value.is_integer() else value


def shown_number(value: int | float, locale: str) -> str:
    """A number of the pack as the editor shows it in `locale` ("4,5" in German), without group
    symbols, every digit kept, so that it reads back by `typed_number` as the same number."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 10 ** SHOWN_DIGITS[1]:
        value = int(value)
    low, high = SHOWN_DIGITS
    if value and not 10**low <= abs(value) < 10**high:
        return repr(float(value))
    return format_decimal(
        Decimal(repr(value)), locale=locale, group_separator=False, decimal_quantization=False
    )


def _read(form: MultiDict, field: EditorField, name: str, languages, locale: str) -> Any:
    kind = field.kind
    if kind == "text":
        texts = {lang: form.get(f"{name}.{lang}", "").strip() for lang in languages}
        texts = {lang: text for lang, text in texts.items() if text}
        return texts or _EMPTY
    if kind == "lines":
        lines = {
            lang: [line.strip() for line in form.get(f"{name}.{lang}", "").splitlines()]
            for lang in languages
        }
        lines = {lang: [v for v in values if v] for lang, values in lines.items()}
        return {lang: values for lang, values in lines.items() if values} or _EMPTY
    if kind == "flag":
        return form.get(name) in ("1", "on", "true", "y")
    if kind == "entries":
        return _read_entries(form, field, name, languages, locale)
    raw = form.get(name, "").strip()
    if not raw:
        return _EMPTY
    return typed_number(raw, locale) if kind == "number" else raw


def _read_entries(form: MultiDict, field: EditorField, name: str, languages, locale: str) -> Any:
    prefix = f"{name}."
    indices = sorted(
        {
            int(key[len(prefix) :].split(".")[0])
            for key in form
            if key.startswith(prefix) and key[len(prefix) :].split(".")[0].isdecimal()
        }
    )
    rows = []
    for index in indices:
        row_name = f"{name}.{index}"
        if form.get(f"{row_name}._remove"):
            continue
        row = {}
        for sub in field.entries:
            value = _read(form, sub, f"{row_name}.{sub.key}", languages, locale)
            if value is not _EMPTY:
                row[sub.key] = value
        typed = {k: v for k, v in row.items() if v is not False and not _made_by_app(field, k)}
        if typed:
            rows.append({k: v for k, v in row.items() if v is not False})
    return _with_row_ids(field, rows) or _EMPTY


def _made_by_app(field: EditorField, key: str) -> bool:
    return any(sub.key == key and sub.kind == "row id" for sub in field.entries)


def _with_row_ids(field: EditorField, rows: list[dict]) -> list[dict]:
    """The rows, each without an id given a fresh one of the field ("o" and six hex digits)."""
    for sub in field.entries:
        if sub.kind == "row id":
            fresh = _fresh_ids(field.key, {row.get(sub.key) for row in rows})
            for row in rows:
                if sub.key not in row:
                    row[sub.key] = next(fresh)
    return rows


def _fresh_ids(field_key: str, taken: set) -> Any:
    """The ids not `taken` that new rows of the entries field `field_key` get: random, so that
    the ids a learner's page carries say nothing of the order the teacher typed the rows in (an
    ordering question's items are typed in the right order; the right option is often first)."""
    while True:
        fresh = f"{field_key[0]}{secrets.token_hex(3)}"
        if fresh not in taken:
            taken.add(fresh)
            yield fresh


def read_question_form(form: MultiDict, type_name: str, languages, locale: str) -> dict:
    """The question a submitted editor form describes, in the pack's JSON shape, without the
    control characters the form may hold."""
    form = form_without_control_characters(form)
    question: dict[str, Any] = {}
    for field in editor_fields(type_name):
        value = _read(form, field, field.key, languages, locale)
        if value is not _EMPTY:
            question[field.key] = value
        if field.key == "id":
            question["type"] = type_name
    return question


def form_values(
    question: dict, locale: str = "en", rows: dict[str, int] | None = None
) -> dict[str, Any]:
    """The question's data flattened to the editor's input names, numbers in `locale`'s way; each
    of the `rows` (row counts by entries field) that has no id yet gets the next free one."""
    values: dict[str, Any] = {}

    def walk(value: Any, name: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{name}.{key}" if name else str(key))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
            values[name] = "\n".join(value)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{name}.{index}")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            values[name] = shown_number(value, locale)
        else:
            values[name] = value

    walk(question, "")
    fields = editor_fields(question["type"]) if question.get("type") in QUESTION_TYPES else ()
    for field in fields:
        for sub in field.entries:
            if sub.kind == "row id":
                names = [
                    f"{field.key}.{n}.{sub.key}" for n in range((rows or {}).get(field.key, 0))
                ]
                fresh = _fresh_ids(field.key, {values.get(name) for name in names})
                values.update({name: next(fresh) for name in names if not values.get(name)})
    return values


def row_choices(values: dict[str, Any], field_key: str, count: int, language: str) -> list:
    """The rows of the entries field `field_key` a "row" field picks from, as (id, label): the
    row's text in `language` (or another), or its number while it has no text."""
    choices = []
    for number in range(count):
        name = f"{field_key}.{number}"
        texts = [values.get(f"{name}.text.{language}")]
        texts += [v for k, v in values.items() if k.startswith(f"{name}.text.")]
        label = next((t for t in texts if t), None)
        choices.append((values.get(f"{name}.id", ""), label, number + 1))
    return choices


def row_counts(question: dict, extra: int | dict[str, int] = BLANK_ROWS) -> dict[str, int]:
    """How many rows each entries field shows: the question's, and blank ones to add more
    (`extra`: for every field, or by field with BLANK_ROWS for the others)."""
    counts = {}
    for field in editor_fields(question["type"]):
        if field.kind == "entries":
            more = extra if isinstance(extra, int) else extra.get(field.key, BLANK_ROWS)
            counts[field.key] = len(question.get(field.key) or []) + more
    return counts


def with_rows_changed(
    form: MultiDict, type_name: str, languages, locale: str
) -> tuple[dict, dict[str, int]]:
    """The question as typed so far and the blank rows to show, after the form's "Add a row"
    (add_row=options) or "Remove" (remove_row=options.2) button: nothing is saved or checked."""
    form = MultiDict(form)
    removed = form.get("remove_row", "")
    if removed:
        form[f"{removed}._remove"] = "1"
    question = read_question_form(form, type_name, languages, locale)
    added = form.get("add_row", "")
    return question, {added: BLANK_ROWS + 1} if added else {}


def article_first(draft: dict) -> list[str]:
    """The pack's languages, the article's own first: the editor asks for that text first."""
    languages = list(draft.get("languages") or [])
    article = (draft.get("source") or {}).get("language")
    return sorted(languages, key=lambda lang: lang != article)


def question_problems(
    draft: dict, index: int, locale: str
) -> tuple[dict[str, list[str]], list[str]]:
    """The pack checker's problems of question `index` of the draft, in `locale`: by input name,
    and those of the question as a whole. A missing translation is a problem too."""
    with messages_in(locale):
        _pack, problems, missing = read_pack_data(draft)
    prefix = f"questions.{index}"
    at: dict[str, list[str]] = defaultdict(list)
    general: list[str] = []
    for field, message in [*problems, *missing]:
        if field == prefix:
            general.append(message)
        elif field.startswith(prefix + "."):
            at[field[len(prefix) + 1 :]].append(message)
    return dict(at), general


def pack_problems(draft: dict, locale: str) -> list[tuple[str, str]]:
    """Every problem that keeps the draft from being published, by field: the checker's, and
    each note of a question that needs attention."""
    with messages_in(locale):
        _pack, problems, missing = read_pack_data(draft)
        attention = needing_attention(draft)
    return [*problems, *missing, *attention]


def questions_needing_attention(draft: dict) -> dict[int, list[str]]:
    """The notes of each question that needs attention, by its number on the pack page."""
    questions = draft.get("questions") or []
    found = {number: attention_notes(q) for number, q in enumerate(questions, start=1)}
    return {number: notes for number, notes in found.items() if notes}


def carry_attention(question: dict, previous: dict | None, cleared: bool) -> dict:
    """The edited question keeps the notes that it needs attention (the form has no field for
    them) until the teacher ticks that it no longer does."""
    notes = attention_notes(previous)
    if notes and not cleared:
        question[ATTENTION] = notes
    return question


# -- questions in the draft ------------------------------------------------------------------


def blank_question(type_name: str, draft: dict) -> dict:
    taken = {q.get("id") for q in draft.get("questions", [])}
    number = len(taken) + 1
    while f"q{number}" in taken:
        number += 1
    return {"id": f"q{number}", "type": type_name}


def with_question(draft: dict, index: int | None, question: dict) -> dict:
    """The draft with question `index` replaced (None: added at the end)."""
    changed = copy.deepcopy(draft)
    questions = changed.setdefault("questions", [])
    if index is None:
        questions.append(question)
    else:
        questions[index] = question
    return changed


def duplicated(draft: dict, index: int) -> dict:
    changed = copy.deepcopy(draft)
    questions = changed["questions"]
    twin = copy.deepcopy(questions[index])
    taken = {q.get("id") for q in questions}
    number = 2
    while f"{twin.get('id')}-{number}" in taken:
        number += 1
    twin["id"] = f"{twin.get('id')}-{number}"
    questions.insert(index + 1, twin)
    return changed


def moved(draft: dict, index: int, step: int) -> dict:
    changed = copy.deepcopy(draft)
    questions = changed["questions"]
    target = max(0, min(len(questions) - 1, index + step))
    questions.insert(target, questions.pop(index))
    return changed


def deleted(draft: dict, index: int) -> dict:
    changed = copy.deepcopy(draft)
    del changed["questions"][index]
    return changed


def what_changed(base: dict | None, current: dict, index: int | None) -> list[str]:
    """The parts of the question that another save changed since `base` was shown: field names."""
    questions = current.get("questions", [])
    if base is None or index is None or index >= len(questions):
        return []
    theirs = questions[index]
    changed = {key for key in set(base) | set(theirs) if base.get(key) != theirs.get(key)}
    type_name = theirs.get("type")
    fields = editor_fields(type_name) if type_name in QUESTION_TYPES else ()
    return [field.label for field in fields if field.key in changed] or sorted(changed)
