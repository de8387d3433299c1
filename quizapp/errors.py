"""Error pages in the user's language, with a 4xx status for anything a user can cause."""

from flask import Flask, Response, make_response, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError, abort

from .extensions import db

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The page could not understand what was sent. Please go back and try again."),
    ),
    403: (_l("Not allowed"), _l("You are not allowed to do this.")),
    404: (_l("Page not found"), _l("There is nothing here. The link may be wrong or out of date.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    409: (_l("Already done"), _l("This has already been done; nothing was changed.")),
    413: (_l("Too much data"), _l("What was sent is too large. Answers are short texts.")),
    422: (_l("Please check your input"), _l("Something in the form needs your attention.")),
    500: (
        _l("Something went wrong"),
        _l("An error on our side. Your saved answers are safe; please try again."),
    ),
}


def render_error(status: int, message: str | None = None, title: str | None = None, **links):
    default_title, default_message = MESSAGES.get(status, MESSAGES[400])
    html = render_template(
        "errors/error.html",
        status=status,
        title=title or default_title,
        message=message or default_message,
        **links,
    )
    return html, status


def fail(status: int, message: str, title: str | None = None, **links) -> None:
    """Stop the request with an error page saying `message` (already translated) under `title`,
    a heading that says what happened (else the status's own)."""
    abort(make_response(render_error(status, message, title, **links)))


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            _(
                "The form has expired or was not sent from this site. Please go back, reload the "
                "page and try again."
            ),
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        """A Host header not in TRUSTED_HOSTS: no page can be built (every link would need the
        host), so a short text answer."""
        message = _("This server does not answer to that address.")
        return Response(message, 400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:
            return error.response
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("Unhandled error")
        db.session.rollback()  # a failed query leaves the session unusable for the error page
        return render_error(500)
