"""Helpers every template uses: the active language, localised pack texts, numbers and dates."""

from collections.abc import Mapping

from flask import Flask, current_app, request
from flask_babel import format_date, format_decimal, format_percent
from markupsafe import Markup, escape

from .bank import Pack, quote_span
from .engine import Quote
from .i18n import active_language, language_name
from .quiz import get_pack


def localised(text: Mapping[str, str] | None, fallback: str = "en") -> str:
    """A pack text in the active language, else in the fallback, else in any language it has."""
    if not text:
        return ""
    language = active_language()
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


def highlighted_paragraph(pack: Pack, quote: Quote) -> Markup:
    """The quote's paragraph, escaped, with the quote wrapped in <mark>."""
    found = quote_span(pack, quote)
    if found is None:
        return escape(quote.text)
    paragraph, start, end = found
    text = paragraph.text
    return (
        escape(text[:start])
        + Markup("<mark>")
        + escape(text[start:end])
        + Markup("</mark>")
        + escape(text[end:])
    )


def attempt_title(attempt) -> str:
    """The localised title of an attempt's pack, or its id if the pack is gone."""
    pack = get_pack(attempt.pack_id)
    return localised(pack.title) if pack else attempt.pack_id


def number(value: float) -> str:
    """A number written the active locale's way (9,2 / 9.2; 9.200.000 / 9,200,000)."""
    return format_decimal(value, format="#,##0.##")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        localised=localised,
        highlighted_paragraph=highlighted_paragraph,
        number=number,
        attempt_title=attempt_title,
        percent=lambda fraction: format_percent(fraction, format="#,##0 %"),
        date=format_date,
        language_name=language_name,
    )

    @app.context_processor
    def page_context():
        return {
            "active_language": active_language(),
            "languages": current_app.config["LANGUAGES"],
            "current_path": request.full_path.rstrip("?"),
        }
