"""Draft questions from an article's facts for the pack page, each grounded in its sentence.

The rules live in quizapp/authoring/drafting/ (docs/drafting.md); here the drafts become
questions in the pack's JSON shape, best first, written in the article's language. A question
type the drafting does not know (one added as a plugin) may still offer drafts of its own through
QuestionType.suggest; they follow. The teacher accepts a draft into the editor (and edits it
there) or ignores it.
"""

from typing import Any

from ..engine import QUESTION_TYPES
from ..terminal import catalog_translations
from .drafting import DRAFTED_TYPES, drafts_for, sentences_of


def suggestions(draft: dict) -> list[dict[str, Any]]:
    """Draft questions for the draft's article, in the pack's JSON shape (not yet in the pack),
    best first."""
    source = draft.get("source") or {}
    language = source.get("language") or "en"
    drafted = [found.question(language) for found in drafts_for(source)]
    return drafted + _suggested_by_other_types(source, language)


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
