"""The active locale and the language switcher: the one place that decides which language is shown."""

import functools
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale
from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    has_app_context,
    has_request_context,
    redirect,
    request,
)
from flask_babel import force_locale, get_locale, gettext
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

from .catalogs import compiled_catalog_folders
from .extensions import db, request_user

bp = Blueprint("i18n", __name__)

LANGUAGE_COOKIE = "lang"


def compile_catalogs(app: Flask) -> None:
    """Compile missing or outdated catalogs, so German works however the app was installed."""
    folders = [Path(f) for f in app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";") if f]
    fallback = Path(app.instance_path) / "translations"
    found = compiled_catalog_folders(folders, fallback)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(str(f) for f in found)


def available_languages(app: Flask) -> tuple[str, ...]:
    """The default locale plus every locale with a catalog in the translations folder."""
    folders = [Path(f) for f in app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";") if f]
    found = sorted(
        {
            p.parent.parent.name
            for folder in folders
            for p in folder.glob("*/LC_MESSAGES/messages.mo")
        }
    )
    return tuple(dict.fromkeys([app.config["BABEL_DEFAULT_LOCALE"], *found]))


def select_locale() -> Locale:
    """The account's choice, else the cookie's, else the browser's Accept-Language, else English.

    Where an assignment or a pack allows only some languages (g.allowed_languages), only those.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the command line: the default language
        return locale_of(current_app.config["BABEL_DEFAULT_LOCALE"])
    allowed = [lang for lang in g.get("allowed_languages") or languages if lang in languages]
    return locale_of(_preferred_of(allowed or languages))


@functools.cache
def locale_of(code: str) -> Locale:
    """Babel's Locale of a language code, parsed once: Flask-Babel takes a Locale as it is, where
    a code is parsed again (and its locale data looked for on disk) on every request."""
    return Locale.parse(code)


def _preferred_of(languages: list[str]) -> str:
    user = request_user()
    preferred = getattr(user, "locale", None) if user else None
    for candidate in (preferred, request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in languages:
            return candidate
    return request.accept_languages.best_match(languages) or languages[0]


def own_language() -> str:
    """The language the visitor reads the app in where a page allows any: the account's choice,
    else the cookie's, else the browser's; what a quiz in another language is announced in."""
    return _preferred_of(list(current_app.config["LANGUAGES"]))


def quiz_language_note() -> tuple[str, str] | None:
    """(language, text) of the note that the quiz on this page is in another language than the
    learner's own ("This quiz is in German."), in the learner's own language; None when the
    page is in the learner's language."""
    if not has_request_context() or not g.get("allowed_languages"):
        return None
    own, shown = own_language(), active_language()
    if own == shown:
        return None
    with force_locale(locale_of(own)):
        return own, gettext("This quiz is in %(language)s.", language=language_name(shown, own))


def chosen_language() -> str | None:
    """The language picked with the switcher on this device, if any: what a new account keeps."""
    language = request.cookies.get(LANGUAGE_COOKIE)
    return language if language in current_app.config["LANGUAGES"] else None


def stated_language() -> str | None:
    """The language this device asks for: the switcher's choice on it, else the browser's
    Accept-Language; None when it states neither."""
    return chosen_language() or request.accept_languages.best_match(current_app.config["LANGUAGES"])


def visitor_language() -> str:
    """The language a visitor's pages are in before signing in: the switcher's choice on this
    device, else the browser's Accept-Language, else the default. What a new learner records."""
    return stated_language() or current_app.config["LANGUAGES"][0]


def active_locale() -> Locale | None:
    """The locale of the page being served, as Flask-Babel's get_locale gives it: chosen once per
    request by select_locale, or the one force_locale puts in its place; None outside the app.

    Flask-Babel keeps it on `g._flask_babel.babel_locale` (force_locale sets and restores it
    there, refresh removes it): read there in one look-up of `g`, where each get_locale reads
    `g` three times, and a page asks about ten times. tests/test_active_locale.py fails if
    Flask-Babel ever keeps it elsewhere."""
    if not has_app_context():
        return None
    locale = getattr(getattr(g, "_flask_babel", None), "babel_locale", None)
    return locale if locale is not None else get_locale()


def active_language() -> str:
    """The language code of the page being rendered, e.g. "de"."""
    locale = active_locale()
    return locale.language if locale else "en"


def template_gettext(translations) -> dict:
    """`_`, `gettext` and `ngettext` for one render, bound to its translations: what Jinja's
    i18n extension does with newstyle gettext (the text marked safe where the template
    autoescapes, then `%` with the arguments escaped), without Flask-Babel looking the
    translations up again for each of a page's strings."""

    @pass_eval_context
    def gettext(eval_ctx, string: str, /, **variables):
        text = translations.ugettext(string)
        if not variables and "%" not in text:  # `%` would change nothing: most of a page's texts
            return Markup(text) if eval_ctx.autoescape else text
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, count: int, /, **variables):
        variables.setdefault("num", count)
        text = translations.ungettext(singular, plural, count)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


@functools.cache  # every page shows the language switcher; the names never change
def language_name(code: str, in_language: str | None = None) -> str:
    """A language's name in that language, e.g. "Deutsch" for de (or in `in_language`: "Englisch")."""
    return Locale.parse(code).get_display_name(in_language or code).capitalize()


def collation_key(text: str) -> tuple[str, str, str]:
    """The sort key of a name in the alphabetical order of English and German (DIN 5007-1).

    Letters with diacritics sort with their base letter ("Ärger Ödön" among the A's, "ß" as
    "ss"), case is ignored; ties are broken by the accents, then by case, so the order is total.
    Babel offers no collation (it would take ICU); this is the one key every listing and export
    sorts learners by.
    """
    folded = text.casefold()
    base = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return (base, folded, text)


def safe_next(target: str | None, fallback: str = "/") -> str:
    """`target` if it is a path on this site, else `fallback` (no open redirects).

    Control characters and backslashes are refused too: browsers drop tabs and newlines and read
    "\\" as "/" (so "/\\evil.example" is another site), and a newline cannot go into a header.
    """
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return fallback
    return target


@bp.post("/language")
def choose_language():
    """Remember the chosen language for the account (if any) and in a cookie, then go back."""
    language = request.form.get("language", "")
    response = redirect(safe_next(request.form.get("next")), code=303)
    if language not in current_app.config["LANGUAGES"]:
        return response
    if current_user.is_authenticated and hasattr(current_user, "locale"):
        current_user.locale = language
        db.session.commit()
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response
