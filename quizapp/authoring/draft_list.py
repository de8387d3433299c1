"""What the pack page's list of suggested drafts does: add the ticked drafts as questions in one
submit, dismiss drafts (and take them back), and add one draft with its prompt or answer fixed
in place (a matching draft's items, choices and pairs, an ordering draft's items too). Added and dismissed drafts are remembered by key, so they leave the list for good; the
same form sent twice finds its drafts gone and adds nothing again.
"""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ..engine import question_type
from ..engine.types.base import EditorField
from ..extensions import db
from ..models import StoredPack
from ..packs import DraftConflict, save_draft
from . import editor
from .messages import question_problems
from .operations import save_from_page
from .suggestions import Offer, offers, setting_aside, taking_back


@dataclass(frozen=True)
class FixField:
    """One field of a draft that can be fixed in the list: its input name, label and value."""

    name: str
    label: Any
    kind: str
    value: Any
    # For a "row" field (an item's matching choice): the rows it may pick, as (id, text).
    choices: tuple[tuple[str, str], ...] = ()
    number: int | None = None  # the row's place in its list, from 1 (None: not a row's)


@dataclass
class Fixing:
    """A draft fixed in place: the question as the teacher sent it, and what kept it out."""

    offer: Offer | None
    question: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    conflict: str | None = None

    @property
    def added(self) -> bool:
        return self.offer is not None and not (self.errors or self.conflict)


def _with_questions(draft: dict, chosen: list[Offer]) -> dict:
    for offer in chosen:
        question_id = editor.blank_question(offer.question["type"], draft)["id"]
        draft = editor.with_question(draft, None, {"id": question_id, **offer.question})
    return draft


def add_ticked(stored: StoredPack, keys: list[str]) -> tuple[int, str | None]:
    """Add the ticked drafts still offered to the quiz, in the list's order, and remember them
    as added: (how many were added, a conflict message when someone saved first)."""
    ticked = set(keys)
    chosen = [offer for offer in offers(stored) if offer.key in ticked]
    if not chosen:
        return 0, None
    draft = _with_questions(stored.draft, chosen)
    stored.drafts_set_aside = setting_aside(stored, "added", [offer.key for offer in chosen])
    try:
        save_draft(stored, draft, stored.revision)
    except DraftConflict:
        return 0, str(_l("Someone else saved this pack just now. Nothing was added: try again."))
    return len(chosen), None


def dismiss(stored: StoredPack, keys: list[str]) -> int:
    """Take the drafts out of the list (they may be taken back); how many were dismissed."""
    offered = {offer.key for offer in offers(stored)}
    chosen = [key for key in keys if key in offered]
    if chosen:
        stored.drafts_set_aside = setting_aside(stored, "dismissed", chosen)
        db.session.commit()
    return len(chosen)


def take_back_dismissed(stored: StoredPack) -> None:
    """Offer the dismissed drafts again."""
    stored.drafts_set_aside = taking_back(stored)
    db.session.commit()


def fixable_fields(kind: str) -> list[EditorField]:
    """The fields of a draft of type `kind` that the list lets a teacher fix, as the type
    describes its editor: its required numbers, flags and lines, and the rows of its lists that
    have a text (options, items, choices), with the row each of them picks (a matching item's
    choice). Row ids, quotes and optional fields stay for the editor."""
    return [
        found
        for found in question_type(kind).editor_fields
        if not found.optional and (found.kind in ("number", "flag", "lines") or has_rows(found))
    ]


def has_rows(found: EditorField) -> bool:
    """Whether an editor field is a list of rows, each with a text in the teacher's language."""
    return found.kind == "entries" and any(
        entry.key == "text" and entry.kind == "text" for entry in found.entries
    )


def _row_label(found: EditorField) -> Any:
    return next(entry.label for entry in found.entries if entry.key == "text")


def _row_fields(found: EditorField, question: dict[str, Any], language: str) -> list[FixField]:
    """Each row's text of the list `found`, and after it the row it picks (a select of the
    other list's texts, as the draft has them)."""
    fields = []
    for n, row in enumerate(question.get(found.key) or []):
        text = row["text"].get(language, "")
        fields.append(FixField(f"{found.key}.{n}", _row_label(found), "string", text, (), n + 1))
        for entry in found.entries:
            if entry.kind == "row":
                picked = question.get(entry.refers_to) or []
                choices = tuple((other["id"], other["text"].get(language, "")) for other in picked)
                name = f"{found.key}.{n}.{entry.key}"
                fields.append(
                    FixField(name, entry.label, "row", row.get(entry.key), choices, n + 1)
                )
    return fields


def _as_sent(fixed: FixField, sent: MultiDict, texts: dict[str, str]) -> FixField:
    if fixed.kind == "flag":
        value: Any = sent.get(fixed.name) == "1"
    else:
        value = sent.get(fixed.name, "")
    choices = tuple((row_id, texts.get(row_id, text)) for row_id, text in fixed.choices)
    return FixField(fixed.name, fixed.label, fixed.kind, value, choices, fixed.number)


def fix_fields(offer: Offer, sent: MultiDict | None = None, locale: str = "en") -> list[FixField]:
    """The fields of the draft that can be fixed before adding it: its prompt and its answer as
    its type needs (the number, true or false, the accepted answers, the texts of its options,
    items and choices and which choice each item matches), a number shown in `locale` as the
    editor shows it; filled with what the teacher sent when the form comes back."""
    question, language = offer.question, offer.language
    fields = [FixField("prompt", _l("Prompt"), "text", question["prompt"].get(language, ""))]
    for found in fixable_fields(question["type"]):
        value = question.get(found.key)
        if found.kind == "entries":
            fields += _row_fields(found, question, language)
        elif found.kind == "lines":
            lines = "\n".join(next(iter((value or {}).values()), []))
            fields.append(FixField(found.key, found.label, "lines", lines))
        elif (
            found.kind == "number"
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            shown = editor.shown_number(value, locale)
            fields.append(FixField(found.key, found.label, found.kind, shown))
        else:
            fields.append(FixField(found.key, found.label, found.kind, value))
    if sent is None:
        return fields
    texts = {  # a row's text as sent, for the selects that pick it
        row["id"]: sent.get(f"{found.key}.{n}", "")
        for found in fixable_fields(question["type"])
        if found.kind == "entries"
        for n, row in enumerate(question.get(found.key) or [])
        if f"{found.key}.{n}" in sent
    }
    return [_as_sent(fixed, sent, texts) for fixed in fields]


def fixed_question(offer: Offer, form: MultiDict, locale: str) -> dict[str, Any]:
    """The draft's question as the teacher fixed it in the list (numbers read in `locale`, as
    the list shows them)."""
    question, language = dict(offer.question), offer.language
    prompt = form.get("prompt", "").strip()
    question["prompt"] = {**question["prompt"], language: prompt}
    if not prompt:
        del question["prompt"][language]
    for found in fixable_fields(question["type"]):
        if found.kind == "number":
            question[found.key] = editor.typed_number(form.get(found.key, "").strip(), locale)
        elif found.kind == "flag":
            question[found.key] = form.get(found.key) == "1"
        elif found.kind == "lines":
            typed = form.get(found.key, "").splitlines()
            lines = [line.strip() for line in typed if line.strip()]
            question[found.key] = {next(iter(question.get(found.key) or {}), "any"): lines}
        else:
            question[found.key] = [
                _fixed_row(found, n, row, form, language)
                for n, row in enumerate(question.get(found.key) or [])
            ]
    return question


def _fixed_row(
    found: EditorField, n: int, row: dict[str, Any], form: MultiDict, language: str
) -> dict[str, Any]:
    fixed = {**row, "text": {**row["text"], language: form.get(f"{found.key}.{n}", "").strip()}}
    for entry in found.entries:
        if entry.kind == "row":
            fixed[entry.key] = form.get(f"{found.key}.{n}.{entry.key}", row.get(entry.key))
    return fixed


def _field_of(path: str) -> str:
    parts = path.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and parts[1].isdecimal() else parts[0]


def fix_and_add(stored: StoredPack, key: str, form: MultiDict, locale: str) -> Fixing:
    """Add the draft `key` with the prompt or answer the teacher fixed in the list; the problems
    by field when the fix does not read as a question (nothing is saved then)."""
    offer = next((found for found in offers(stored) if found.key == key), None)
    if offer is None:
        return Fixing(None)
    fixed = Offer(key, fixed_question(offer, form, locale), offer.number)
    draft = _with_questions(stored.draft, [fixed])
    at, general = question_problems(draft, len(draft["questions"]) - 1, locale)
    others = set(draft.get("languages") or []) - {offer.language}
    errors: dict[str, list[str]] = {}
    for path, messages in at.items():
        if path.rsplit(".", 1)[-1] not in others:  # a missing translation is added later
            errors.setdefault(_field_of(path), []).extend(messages)
    shown = {fixed.name for fixed in fix_fields(offer)}
    for name in [name for name in errors if name not in shown]:  # no field of its own here
        errors.setdefault("prompt", []).extend(errors.pop(name))
    if general:
        errors.setdefault("prompt", []).extend(general)
    if errors:
        return Fixing(offer, fixed.question, errors)
    stored.drafts_set_aside = setting_aside(stored, "added", [key])
    conflict = save_from_page(stored, draft, form.get("revision"))
    return Fixing(offer, fixed.question, conflict=conflict)
