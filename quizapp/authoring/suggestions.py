"""Draft questions from an article's facts for the pack page, each grounded in its sentence.

The rules live in quizapp/authoring/drafting/ (docs/drafting.md); here the drafts become
questions in the pack's JSON shape, best first, written in the article's language. The teacher
accepts a draft into the editor (and edits it there) or ignores it.
"""

from typing import Any

from .drafting import drafts_for


def suggestions(draft: dict) -> list[dict[str, Any]]:
    """Draft questions for the draft's article, in the pack's JSON shape (not yet in the pack),
    best first."""
    source = draft.get("source") or {}
    language = source.get("language") or "en"
    return [drafted.question(language) for drafted in drafts_for(source)]
