"""Draft questions from an article's facts, each grounded in its sentence (rule-based, offline).

Each question type offers its own drafts (QuestionType.suggest): the numeric type every number in
the text, read with the engine's number reading in the article's language ("nine million",
"1,000", "76%", "$1.13bn"); short text every phrase the article puts in quotation marks; matching
the people named with a verb of saying ("says", "according to", "sagt", "laut") and what they
said. Here they are written in the pack's languages and grounded; the teacher accepts a draft into
the editor (and edits it there) or ignores it.
"""

import re
from typing import Any

from ..engine import QUESTION_TYPES
from ..terminal import catalog_translations

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[“„\"A-ZÄÖÜ])|(?<=[.!?][”\"])\s+")


def sentences_of(text: str) -> list[str]:
    """The sentences of a paragraph, each a verbatim span of it (a decimal point ends none)."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def _texts(message: tuple[str, dict], languages) -> dict[str, str]:
    """A (message, values) pair written in each of the pack's languages (the app's catalogs)."""
    text, values = message
    written = {}
    for lang in languages:
        translated = catalog_translations(lang).gettext(text)
        written[lang] = translated % values if values else translated
    return written


def suggestions(draft: dict) -> list[dict[str, Any]]:
    """Draft questions for the draft's article, in the pack's JSON shape (not yet in the pack)."""
    source = draft.get("source") or {}
    language = source.get("language") or "en"
    languages = draft.get("languages") or [language]
    sentences = [
        (paragraph.get("id"), sentence)
        for paragraph in source.get("paragraphs", [])
        if paragraph.get("kind") not in ("heading", "caption")
        for sentence in sentences_of(paragraph.get("text", ""))
    ]
    found = []
    for qtype in QUESTION_TYPES.values():
        for drafted in qtype.suggest(sentences, language, languages):
            grounds = drafted.pop("grounds")
            prompt = drafted.pop("prompt")
            explanation = drafted.pop("explanation", None)
            found.append(
                {
                    "type": qtype.name,
                    "prompt": _texts(prompt, languages),
                    **drafted,
                    "explanation": _texts(explanation, languages)
                    if explanation
                    else {lang: grounds[0][1] for lang in languages},
                    "quotes": [{"paragraph": pid, "text": text} for pid, text in grounds],
                }
            )
    return found
