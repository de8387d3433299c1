"""A pack's languages and its title in each. One language, the article's, is the normal case: a
second one is added on the pack page when the teacher wants it (its texts start empty, and
publishing asks for them) and removed there again, with every text written in it."""

import copy
from collections.abc import Iterable
from typing import Any

from ..engine.control_characters import without_control_characters

TITLE_LENGTH = 300


def kept_language(draft: dict[str, Any]) -> str | None:
    """The language a pack keeps whatever else is removed: the article's, when the questions are
    written in it, else the first of the pack's languages."""
    languages = draft.get("languages") or []
    article = (draft.get("source") or {}).get("language")
    return article if article in languages else next(iter(languages), None)


def addable_languages(draft: dict[str, Any], offered: Iterable[str]) -> list[str]:
    """The languages the app offers that a pack in one language may add as its second."""
    languages = draft.get("languages") or []
    if len(languages) > 1:
        return []
    return [language for language in offered if language not in languages]


def removable_languages(draft: dict[str, Any]) -> list[str]:
    """The pack's languages that may be removed: every one but the kept one."""
    kept = kept_language(draft)
    return [language for language in draft.get("languages") or [] if language != kept]


def with_language(draft: dict[str, Any], language: str) -> dict[str, Any]:
    """The draft with `language` added to its languages; its texts in it are still to write."""
    changed = copy.deepcopy(draft)
    changed["languages"] = [*(changed.get("languages") or []), language]
    return changed


def without_language(draft: dict[str, Any], language: str) -> dict[str, Any]:
    """The draft without `language`: gone from its languages, and each text of the title and the
    questions written in it removed (a text per language is a mapping keyed by languages)."""
    changed = copy.deepcopy(draft)
    languages = changed.get("languages") or []
    changed["languages"] = [lang for lang in languages if lang != language]
    _drop_texts(changed.get("title"), language, {*languages, language})
    _drop_texts(changed.get("questions"), language, {*languages, language})
    return changed


def texts_written_in(draft: dict[str, Any], language: str) -> list[tuple[int | None, list[str]]]:
    """Where the draft has a text written in `language` (what removing it drops): (None, the
    title's path) and (question index, the text's path in the question), in the draft's order."""
    language_keys = {*(draft.get("languages") or []), language}
    found: list[tuple[int | None, list[str]]] = []
    if _written(draft.get("title"), language, language_keys):
        found.append((None, ["title"]))
    for index, question in enumerate(draft.get("questions") or []):
        found += [(index, path) for path in _text_paths(question, [], language, language_keys)]
    return found


def _written(value: Any, language: str, language_keys: set[str]) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= language_keys
        and bool(str(value.get(language) or "").strip())
    )


def _text_paths(value: Any, path: list[str], language: str, keys: set[str]) -> list[list[str]]:
    if _written(value, language, keys):
        return [path]
    if isinstance(value, dict) and not (value and set(value) <= keys):
        items = value.items()
    elif isinstance(value, list):
        items = ((str(n), item) for n, item in enumerate(value))
    else:
        return []
    return [
        found for key, item in items for found in _text_paths(item, [*path, key], language, keys)
    ]


def _drop_texts(value: Any, language: str, language_keys: set[str]) -> None:
    if isinstance(value, dict):
        if value and set(value) <= language_keys:
            value.pop(language, None)
            return
        for item in value.values():
            _drop_texts(item, language, language_keys)
    elif isinstance(value, list):
        for item in value:
            _drop_texts(item, language, language_keys)


def with_titles(draft: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    """The draft with the pack's title in each of its languages as typed (an empty one left out,
    so publishing asks for it); the article's headline stays as it is."""
    changed = copy.deepcopy(draft)
    written = {}
    for language in changed.get("languages") or []:
        title = " ".join(without_control_characters(titles.get(language) or "").split())
        if title:
            written[language] = title[:TITLE_LENGTH]
    changed["title"] = written
    return changed
