"""Draft questions from an article's facts for the pack page, each grounded in its sentence.

The rules live in quizapp/authoring/drafting/ (docs/drafting.md); here the drafts become
questions in the pack's JSON shape, best first, written in the article's language. A question
type the drafting does not know (one added as a plugin) may still offer drafts of its own through
QuestionType.suggest; they follow. The teacher accepts a draft into the editor (and edits it
there) or ignores it.

Drafting an article takes tens of milliseconds, so the drafts are kept per article (by the
digest of its source): a changed article gets new drafts. Each draft has a stable key, digested
from its type, prompt, quotes and answer, by which the pack remembers the drafts its teacher added or
dismissed (StoredPack.drafts_set_aside), so they stay out of the list when it is drafted again.
"""

import copy
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from ..caches import cache_value, cached_value
from ..engine import QUESTION_TYPES, question_type
from ..models import StoredPack
from ..packs import content_digest
from ..terminal import catalog_translations
from .drafting import DRAFTED_TYPES, drafts_for, sentences_of

_DRAFTED: OrderedDict = OrderedDict()
_DRAFTED_LIMIT = 64  # articles
WORDING_KEYS = frozenset({"id", "explanation", "feedback", "points"})
"""What does not tell two drafts apart (two statements of one sentence differ in the prompt)."""
SET_ASIDE_KINDS = ("added", "dismissed")
QUIZ_SIZE = 10  # the best drafts that fill the quiz up to this many questions come ticked


@dataclass(frozen=True)
class Offer:
    """A suggested draft as the list shows it: its key, the question it would become, and its
    place among all the article's drafts (the editor's `suggestion` number)."""

    key: str
    question: dict[str, Any]
    number: int = 0
    ticked: bool = False

    @property
    def language(self) -> str:
        """The language the draft is written in (its prompt's)."""
        return next(iter(self.question.get("prompt") or {"en": ""}))

    @property
    def answer(self) -> str:
        """The draft's right answer in a few words."""
        return answer_summary(self.question)


def suggestions(draft: dict) -> list[dict[str, Any]]:
    """Draft questions for the draft's article, in the pack's JSON shape (not yet in the pack),
    best first; drafted once per article (and set of question types)."""
    source = draft.get("source") or {}
    key = (content_digest(source), tuple(sorted(QUESTION_TYPES)))  # a plugin type drafts too
    drafted = cached_value(_DRAFTED, key)
    if drafted is None:
        drafted = cache_value(_DRAFTED, key, _drafted(source), _DRAFTED_LIMIT)
    return copy.deepcopy(drafted)


def _drafted(source: dict) -> list[dict[str, Any]]:
    language = source.get("language") or "en"
    drafted = [found.question(language) for found in drafts_for(source)]
    return drafted + _suggested_by_other_types(source, language)


def draft_key(question: dict[str, Any]) -> str:
    """A draft's stable key: a digest of its type, prompt, quotes and answer (a draft fixed in
    place is set aside under the key it had in the list)."""
    kept = {name: value for name, value in question.items() if name not in WORDING_KEYS}
    canonical = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def set_aside(stored: StoredPack) -> dict[str, list[str]]:
    """The keys of the drafts the teacher added or dismissed, by kind."""
    kept = stored.drafts_set_aside or {}
    return {kind: list(kept.get(kind) or []) for kind in SET_ASIDE_KINDS}


def offers(stored: StoredPack) -> list[Offer]:
    """The drafts still offered for the pack, best first: not those added, dismissed or (accepted
    in the editor) in the quiz as they are. The best that fill the quiz up to QUIZ_SIZE questions
    come ticked, so a quiz of the best drafts takes one submit."""
    aside = set_aside(stored)
    in_quiz = {draft_key(question) for question in stored.draft.get("questions") or []}
    hidden = set(aside["added"]) | set(aside["dismissed"]) | in_quiz
    to_tick = QUIZ_SIZE - len(stored.draft.get("questions") or [])
    found: dict[str, Offer] = {}
    for number, question in enumerate(suggestions(stored.draft)):
        key = draft_key(question)
        if key not in hidden and key not in found:
            found[key] = Offer(key, question, number, ticked=len(found) < to_tick)
    return list(found.values())


def setting_aside(stored: StoredPack, kind: str, keys: list[str]) -> dict[str, list[str]]:
    """The pack's set-aside keys with `keys` added under `kind` (added or dismissed)."""
    aside = set_aside(stored)
    aside[kind] = list(dict.fromkeys([*aside[kind], *keys]))
    return aside


def taking_back(stored: StoredPack) -> dict[str, list[str]]:
    """The pack's set-aside keys without the dismissed ones: they are offered again."""
    return {**set_aside(stored), "dismissed": []}


def _explained(catalog, explanation: tuple) -> str:
    """A plugin draft's explanation, (message, values), in the article's language."""
    message, values = explanation[0], explanation[1] if len(explanation) > 1 else None
    return catalog.gettext(message) % values if values else catalog.gettext(message)


def _suggested_by_other_types(source: dict, language: str) -> list[dict[str, Any]]:
    """Drafts of the registered types the drafting package does not write, from their own
    `suggest` hook, in the article's language."""
    others = [qtype for name, qtype in QUESTION_TYPES.items() if name not in DRAFTED_TYPES]
    if not others:
        return []
    sentences = [
        (sentence.paragraph, sentence.text)
        for paragraph in source.get("paragraphs", [])
        if paragraph.get("kind") not in ("heading", "caption") and paragraph.get("id")
        for sentence in sentences_of(paragraph["id"], paragraph.get("text", ""), language)
    ]
    catalog = catalog_translations(language)
    found = []
    for qtype in others:
        for drafted in qtype.suggest(sentences, language, [language]):
            grounds = drafted.pop("grounds")
            message, values = drafted.pop("prompt")
            explanation = drafted.pop("explanation", None)
            prompt = catalog.gettext(message) % values if values else catalog.gettext(message)
            found.append(
                {
                    "type": qtype.name,
                    "prompt": {language: prompt},
                    **drafted,
                    "explanation": {
                        language: _explained(catalog, explanation) if explanation else grounds[0][1]
                    },
                    "quotes": [{"paragraph": pid, "text": text} for pid, text in grounds],
                }
            )
    return found


def answer_summary(question: dict[str, Any]) -> str:
    """A draft's right answer in a few words, for the list (in the draft's own language), read
    from the fields its type's editor describes."""
    language = next(iter(question.get("prompt") or {"en": ""}))

    def text(node: dict) -> str:
        return (node.get("text") or {}).get(language, "")

    fields = [f for f in question_type(question["type"]).editor_fields if not f.optional]
    lists = [f for f in fields if f.kind == "entries"]
    named = {row.get("id"): text(row) for f in lists for row in question.get(f.key) or []}
    matched = any("match" in {entry.key for entry in f.entries} for f in lists)
    parts = []
    for found in fields:
        value = question.get(found.key)
        keys = {entry.key for entry in found.entries}
        if found.kind == "number":
            parts.append(f"{value} {(question.get('unit') or {}).get(language, '')}".strip())
        elif found.kind == "flag":
            parts.append(str(_("True") if value else _("False")))
        elif found.kind == "lines":
            parts.append(" / ".join(next(iter((value or {}).values()), [])))
        elif "correct" in keys:
            parts.append(" / ".join(text(row) for row in value or [] if row.get("correct")))
        elif "match" in keys:
            pairs = (f"{text(row)} → {named.get(row.get('match'), '')}" for row in value or [])
            parts.append("; ".join(pairs))
        elif found.kind == "entries" and not matched:  # rows in their order (ordering)
            parts.append(" → ".join(text(row) for row in value or []))
    return " ".join(part for part in parts if part)
