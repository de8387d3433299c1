"""Response headers that keep pages from being framed, sniffed or made to run foreign code, and
the checks on every request that no view should have to repeat."""

import io
import secrets
from itertools import chain
from pathlib import Path

from flask import Flask, Response, abort, g, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

# The largest id an INTEGER column holds (PostgreSQL's int4): a larger number in a URL finds no row.
LARGEST_ID = 2**31 - 1

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static" and (current_user.is_authenticated or g.get("personal_data")):
        # Pages and exports of a signed-in user hold personal data: no cache (a shared school
        # computer's, a proxy's) may keep them. "no-cache" would still allow storing.
        response.headers["Cache-Control"] = "no-store"
    return response


def holds_personal_data() -> None:
    """Mark the response as holding personal data, for a view anyone may see (a reset link)."""
    g.personal_data = True


TOO_LARGE = "quizapp.body_too_large"


class BodyLimit:
    """WSGI middleware: a body over MAX_CONTENT_LENGTH is refused with 413, chunked or not.

    Werkzeug checks a Content-Length; a chunked body has none, and its form parser stops at
    MAX_FORM_MEMORY_SIZE and goes on with what it read. Here a chunked body is read up to the
    limit first: over it, the request is marked and refused; within it, the view gets it as an
    ordinary body with a Content-Length.
    """

    def __init__(self, wsgi_app, limit: int):
        self.wsgi_app, self.limit = wsgi_app, limit

    def __call__(self, environ, start_response):
        length = environ.get("CONTENT_LENGTH") or ""
        if length.isdecimal():
            if int(length) > self.limit:
                environ[TOO_LARGE] = True
        elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = self._read(environ["wsgi.input"])
            if len(body) > self.limit:
                environ[TOO_LARGE] = True
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input_terminated"] = False
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.wsgi_app(environ, start_response)

    def _read(self, stream) -> bytes:
        chunks, size = [], 0
        while size <= self.limit:
            chunk = stream.read(min(64 * 1024, self.limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)


def refuse_large_bodies() -> None:
    if request.environ.get(TOO_LARGE):
        abort(413)


class IdConverter(IntegerConverter):
    """<int:...> in a URL, where a number too large for an id column reads as 0, which is no row's
    id: the view answers 404 as for any id that does not exist.

    Unchecked, /attempts/99999999999999999999 reaches the database and fails there (SQLite cannot
    convert it, PostgreSQL refuses it for an INTEGER column): a 500. (Werkzeug's own max= would
    answer 405 where a GET and a POST share the URL.)
    """

    def to_python(self, value: str) -> int:
        number = int(super().to_python(value))
        return number if number <= LARGEST_ID else 0


def refuse_nul_characters() -> None:
    """A NUL character in the path, the query or a form is refused with 400.

    Nobody types one, and PostgreSQL cannot store one in text: it would fail as a 500 in whichever
    view passed it to the database.
    """
    fields = chain(request.args.items(multi=True), request.form.items(multi=True))
    if "\x00" in request.path or any("\x00" in f"{name}{value}" for name, value in fields):
        abort(400)


def instance_secret_key(app: Flask) -> str:
    """A secret key kept in instance/secret_key, made once, for installs that set none."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def init_app(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app)
    app.url_map.converters["int"] = IdConverter  # before the blueprints add their URLs
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        # Behind nginx or Caddy: the client's address and scheme come from the X-Forwarded-*
        # headers of that many proxies, so sign-in throttling counts learners, not the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    if app.config.get("MAX_CONTENT_LENGTH"):
        app.wsgi_app = BodyLimit(app.wsgi_app, int(app.config["MAX_CONTENT_LENGTH"]))
    app.before_request(refuse_large_bodies)
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)
