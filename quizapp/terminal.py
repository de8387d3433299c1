"""Command-line messages in the teacher's language.

The language comes from QUIZAPP_LANGUAGE, else from the usual LANGUAGE, LC_ALL, LC_MESSAGES and LANG
variables; the catalogs are the app's own (translations/), so `make translations` covers both.
"""

import contextlib
import os
import tempfile
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from .catalogs import compiled_catalog_folders
from .config import PROJECT_ROOT

_LANGUAGE: ContextVar[str | None] = ContextVar("quizapp_message_language", default=None)


@contextlib.contextmanager
def messages_in(language: str):
    """The pack checker's messages in `language` for the while (the editor: the teacher's)."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def terminal_language() -> str:
    if _LANGUAGE.get():
        return _LANGUAGE.get()
    for name in ("QUIZAPP_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(":")[0].split(".")[0].split("_")[0]
        if value and value not in ("C", "POSIX"):
            return value
    return "en"


@cache
def catalog_translations(language: str) -> NullTranslations:
    """The app's own message catalogs in `language` (compiled once per process)."""
    folders = compiled_catalog_folders(
        [PROJECT_ROOT / "translations"], Path(tempfile.gettempdir()) / "quizapp-translations"
    )
    translations = NullTranslations()
    for folder in reversed(folders):
        found = Translations.load(str(folder), [language])
        if isinstance(found, Translations):
            translations = found
    return translations


def gettext(message: str, **values: object) -> str:
    """`message` in the terminal's language, with %(name)s placeholders filled from `values`."""
    translated = catalog_translations(terminal_language()).gettext(message)
    return translated % values if values else translated


def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
    translated = catalog_translations(terminal_language()).ngettext(singular, plural, count)
    return translated % {"num": count, **values}
