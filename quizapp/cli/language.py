"""The language a command's output (and the files it writes) speaks in."""

from flask import current_app

from ..terminal import terminal_language


def teachers_language() -> str:
    """The terminal's language (QUIZAPP_LANGUAGE, else LANG) if the app has it, else its default."""
    language = terminal_language()
    return (
        language
        if language in current_app.config["LANGUAGES"]
        else current_app.config["BABEL_DEFAULT_LOCALE"]
    )
