"""The question editor's data: the form fields of each question (the type describes its own), the
form read back into the pack's JSON shape, and the pack checker's problems put at their fields.

Each input is named by its path in the question's data (`options.0.text.de`); the pack reader names
each problem by the same path, so a message stands beside the input it is about, in the words
`flask questions check` uses for a file.
"""

import copy
from collections import defaultdict
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ..bank.loader import ATTENTION, attention_notes, needing_attention, read_pack_data
from ..engine import QUESTION_TYPES, question_type
from ..engine.control_characters import without_control_characters
from ..engine.errors import ResponseError
from ..engine.numbers import parse_number
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


def editor_fields(type_name: str) -> tuple[EditorField, ...]:
    return COMMON_HEAD + question_type(type_name).editor_fields + COMMON_TAIL


def _number(raw: str, locale: str) -> Any:
    try:
        value = parse_number(raw, locale)
    except (ResponseError, ValueError):
        return raw  # the pack reader says "must be a number" beside the field
    return int(value) if value.is_integer() else value


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
    return _number(raw, locale) if kind == "number" else raw


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
        if any(value is not False for value in row.values()):
            rows.append({k: v for k, v in row.items() if v is not False})
    return rows or _EMPTY


def read_question_form(form: MultiDict, type_name: str, languages, locale: str) -> dict:
    """The question a submitted editor form describes, in the pack's JSON shape, without the
    control characters the form may hold."""
    form = MultiDict(
        (name, without_control_characters(value)) for name, value in form.items(multi=True)
    )
    question: dict[str, Any] = {}
    for field in editor_fields(type_name):
        value = _read(form, field, field.key, languages, locale)
        if value is not _EMPTY:
            question[field.key] = value
        if field.key == "id":
            question["type"] = type_name
    return question


def form_values(question: dict) -> dict[str, Any]:
    """The question's data flattened to the editor's input names."""
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
        elif isinstance(value, float) and value.is_integer():
            values[name] = str(int(value))
        else:
            values[name] = value

    walk(question, "")
    return values


def row_counts(question: dict, extra: int = BLANK_ROWS) -> dict[str, int]:
    """How many rows each entries field shows: the question's, and blank ones to add more."""
    counts = {}
    for field in editor_fields(question["type"]):
        if field.kind == "entries":
            counts[field.key] = len(question.get(field.key) or []) + extra
    return counts


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
