"""What the pack page's list of suggested drafts does: add the ticked drafts as questions in one
submit, dismiss drafts (and take them back), and add one draft with its prompt or answer fixed
in place. Added and dismissed drafts are remembered by key, so they leave the list for good; the
same form sent twice finds its drafts gone and adds nothing again.
"""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ..engine.errors import ResponseError
from ..engine.numbers import parse_number
from ..extensions import db
from ..models import StoredPack
from ..packs import DraftConflict, save_draft
from . import editor
from .messages import question_problems
from .operations import save_from_page
from .suggestions import Offer, offers, setting_aside, taking_back

NUMBER_TYPES = ("numeric",)
FLAG_TYPES = ("true_false",)
LINES_TYPES = ("short_text",)
OPTION_TYPES = ("single_choice", "multiple_response")


@dataclass(frozen=True)
class FixField:
    """One field of a draft that can be fixed in the list: its input name, label and value."""

    name: str
    label: Any
    kind: str
    value: Any


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


def fix_fields(offer: Offer, sent: MultiDict | None = None) -> list[FixField]:
    """The fields of the draft that can be fixed before adding it: its prompt and its answer as
    its type needs (the number, true or false, the accepted answers, the options' texts), filled
    with what the teacher sent when the form comes back."""
    question, language = offer.question, offer.language
    kind = question["type"]
    fields = [FixField("prompt", _l("Prompt"), "text", question["prompt"].get(language, ""))]
    if kind in NUMBER_TYPES:
        fields.append(FixField("answer", _l("The right number"), "number", question["answer"]))
    elif kind in FLAG_TYPES:
        fields.append(FixField("answer", _l("The statement is true"), "flag", question["answer"]))
    elif kind in LINES_TYPES:
        lines = "\n".join(next(iter(question["accepted"].values()), []))
        fields.append(FixField("accepted", _l("Accepted answers"), "lines", lines))
    elif kind in OPTION_TYPES:
        fields += [
            FixField(f"options.{n}", _l("Option text"), "string", option["text"].get(language, ""))
            for n, option in enumerate(question["options"])
        ]
    if sent is None:
        return fields
    return [
        FixField(
            f.name,
            f.label,
            f.kind,
            sent.get(f.name) == "1" if f.kind == "flag" else sent.get(f.name, ""),
        )
        for f in fields
    ]


def _number(raw: str, locale: str) -> Any:
    """The number typed in the teacher's language, or as the list showed it ("6.3")."""
    for read in (lambda: parse_number(raw, locale), lambda: float(raw)):
        try:
            number = read()
        except (ResponseError, ValueError):
            continue
        return int(number) if number.is_integer() else number
    return raw  # the pack checker says it must be a number


def _fixed(offer: Offer, form: MultiDict, locale: str) -> dict[str, Any]:
    question, language = dict(offer.question), offer.language
    prompt = form.get("prompt", "").strip()
    question["prompt"] = {**question["prompt"], language: prompt}
    if not prompt:
        del question["prompt"][language]
    kind = question["type"]
    if kind in NUMBER_TYPES:
        question["answer"] = _number(form.get("answer", "").strip(), locale)
    elif kind in FLAG_TYPES:
        question["answer"] = form.get("answer") == "1"
    elif kind in LINES_TYPES:
        lines = [line.strip() for line in form.get("accepted", "").splitlines() if line.strip()]
        question["accepted"] = {next(iter(question["accepted"]), "any"): lines}
    elif kind in OPTION_TYPES:
        question["options"] = [
            {**option, "text": {**option["text"], language: form.get(f"options.{n}", "").strip()}}
            for n, option in enumerate(question["options"])
        ]
    return question


def _field_of(path: str) -> str:
    parts = path.split(".")
    return ".".join(parts[:2]) if parts[0] == "options" and len(parts) > 1 else parts[0]


def fix_and_add(stored: StoredPack, key: str, form: MultiDict, locale: str) -> Fixing:
    """Add the draft `key` with the prompt or answer the teacher fixed in the list; the problems
    by field when the fix does not read as a question (nothing is saved then)."""
    offer = next((found for found in offers(stored) if found.key == key), None)
    if offer is None:
        return Fixing(None)
    fixed = Offer(key, _fixed(offer, form, locale), offer.number)
    draft = _with_questions(stored.draft, [fixed])
    at, general = question_problems(draft, len(draft["questions"]) - 1, locale)
    others = set(draft.get("languages") or []) - {offer.language}
    errors: dict[str, list[str]] = {}
    for path, messages in at.items():
        if path.rsplit(".", 1)[-1] not in others:  # a missing translation is added later
            errors.setdefault(_field_of(path), []).extend(messages)
    if general:
        errors.setdefault("prompt", []).extend(general)
    if errors:
        return Fixing(offer, fixed.question, errors)
    stored.drafts_set_aside = setting_aside(stored, "added", [key])
    conflict = save_from_page(stored, draft, form.get("revision"))
    return Fixing(offer, fixed.question, conflict=conflict)
