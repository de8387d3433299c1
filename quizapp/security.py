"""Response headers that keep pages from being framed, sniffed or made to run foreign code, and
the checks on every request that no view should have to repeat."""

import io
import secrets
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, g, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.wsgi import ClosingIterator

from .extensions import request_user

F = TypeVar("F", bound=Callable[..., Any])
# What a form without a file may send: a quiz answer is a few hundred bytes (Config's default).
BASE_BODY_LIMIT = 64 * 1024
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


# Built once (add_security_headers): five setdefault calls each scanned the response's headers.
_HEADER_ITEMS = tuple(HEADERS.items())
_HEADER_NAMES = frozenset(name.lower() for name in HEADERS)


def add_security_headers(response: Response) -> Response:
    """The security headers on every response, a view's own value kept where it set one; and
    no-store on a page with personal data."""
    headers = response.headers
    if _HEADER_NAMES.isdisjoint(name.lower() for name, _value in headers):
        headers.extend(_HEADER_ITEMS)
    else:
        for name, value in _HEADER_ITEMS:
            headers.setdefault(name, value)
    if request.endpoint != "static" and (request_user().is_authenticated or g.get("personal_data")):
        # Pages and exports of a signed-in user hold personal data: no cache (a shared school
        # computer's, a proxy's) may keep them. "no-cache" would still allow storing.
        response.headers["Cache-Control"] = "no-store"
    return response


def holds_personal_data() -> None:
    """Mark the response as holding personal data, for a view anyone may see (a reset link)."""
    g.personal_data = True


TOO_LARGE = "quizapp.body_too_large"
# What a form with a file reads before it refuses the request unread: far over each file's own
# limit, so that a teacher's file over its limit (a PDF, a photographed page) is read, spooled to
# disk by Werkzeug's form parser, and refused by the form beside the fields the teacher typed.
UPLOAD_BODY_CAP = 32 * 1024 * 1024
# A body part held in memory before it goes to a temporary file (Werkzeug's own threshold for
# file parts, default_stream_factory): a chunked body is spooled the same way.
SPOOL_THRESHOLD = 500 * 1024


def body_limit(limit: int, field_limit: int | None = None) -> Callable[[F], F]:
    """Declare beside a route the largest body its view reads (MAX_CONTENT_LENGTH otherwise)
    and the largest text field it holds in memory (the body's limit unless given): the one
    mechanism that sets each form's limits (apply_body_limit reads them)."""

    def declare(view: F) -> F:
        view.body_limit = limit  # type: ignore[attr-defined]
        view.field_limit = field_limit or limit  # type: ignore[attr-defined]
        return view

    return declare


def accepts_file(file_limit: int) -> Callable[[F], F]:
    """The limits of a form with a file of up to `file_limit` bytes and text fields: the body
    may be as large as UPLOAD_BODY_CAP (the file spools to disk, and the view refuses it with
    `oversized`), a text field as large as the file (an article may be pasted instead)."""
    return body_limit(max(UPLOAD_BODY_CAP, 2 * file_limit), file_limit + BASE_BODY_LIMIT)


def view_limits(app: Flask, endpoint: str | None) -> tuple[int, int]:
    """The largest body the endpoint's view reads and the largest text field it holds in
    memory (body_limit)."""
    view = app.view_functions.get(endpoint or "")
    body = getattr(view, "body_limit", None) or int(app.config["MAX_CONTENT_LENGTH"])
    return body, getattr(view, "field_limit", None) or body


def view_body_limit(app: Flask, endpoint: str | None) -> int:
    """The largest body the endpoint's view reads (body_limit)."""
    return view_limits(app, endpoint)[0]


def matched_body_limit(app: Flask, environ: dict) -> int:
    """The body limit of the view a request's URL and method lead to (before Flask matches it)."""
    try:
        endpoint, _values = app.url_map.bind_to_environ(environ).match()
    except HTTPException:
        endpoint = None
    return view_body_limit(app, endpoint)


def oversized(upload: FileStorage | None, limit: int) -> bool:
    """Whether an uploaded file is over `limit` bytes (measured, not read into memory)."""
    if upload is None or not upload.filename:
        return False
    upload.stream.seek(0, io.SEEK_END)
    size = upload.stream.tell()
    upload.stream.seek(0)
    return size > limit


class BodyLimit:
    """WSGI middleware: a chunked body is read up to the limit of the view its URL leads to and
    handed on with a Content-Length (over it: marked, and refused with 413).

    Werkzeug checks a Content-Length against the request's limit; a chunked body has none, and
    its form parser stops at MAX_FORM_MEMORY_SIZE and goes on with what it read.
    """

    def __init__(self, wsgi_app, limit: Callable[[dict], int]):
        self.wsgi_app, self.limit = wsgi_app, limit

    def __call__(self, environ, start_response):
        length = environ.get("CONTENT_LENGTH") or ""
        if (
            not length.isdecimal()
            and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        ):
            limit = self.limit(environ)
            body = spooled_body(environ["wsgi.input"], limit)
            size = body.seek(0, io.SEEK_END)
            if size > limit:
                environ[TOO_LARGE] = True
                body.close()
                body, size = io.BytesIO(), 0
            body.seek(0)
            environ["wsgi.input"] = body
            environ["CONTENT_LENGTH"] = str(size)
            environ["wsgi.input_terminated"] = False
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            return ClosingIterator(self.wsgi_app(environ, start_response), body.close)
        return self.wsgi_app(environ, start_response)


def spooled_body(stream, limit: int) -> SpooledTemporaryFile:
    """At most `limit` + 1 bytes of `stream`, in memory up to SPOOL_THRESHOLD and on disk
    beyond, so that a chunked upload costs no more memory than one with a Content-Length."""
    # Closed by BodyLimit once the response is sent (ClosingIterator), not here.
    body, size = SpooledTemporaryFile(max_size=SPOOL_THRESHOLD, mode="w+b"), 0  # noqa: SIM115
    while size <= limit:
        chunk = stream.read(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        body.write(chunk)
        size += len(chunk)
    return body


def apply_body_limit() -> None:
    """The matched view's body limit (body_limit) for this request, before anything reads the
    body (the CSRF check does): a larger body is refused with 413, and Werkzeug's form parser
    keeps each text field to the view's field limit (a pasted article is held in memory; a file
    part is spooled to disk past SPOOL_THRESHOLD)."""
    this = request._get_current_object()  # one look-up: each use of the proxy is one more
    limit, this.max_form_memory_size = view_limits(current_app, this.endpoint)
    this.max_content_length = limit
    if this.environ.get(TOO_LARGE) or (this.content_length or 0) > limit:
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
    view passed it to the database. A request without a Content-Type (every GET) has no form to
    read, so its form is not built: Werkzeug would make empty form and files dicts for nothing.
    """
    this = request._get_current_object()
    fields = this.args.items(multi=True)
    if this.want_form_data_parsed:
        fields = chain(fields, this.form.items(multi=True))
    if "\x00" in this.path or any("\x00" in f"{name}{value}" for name, value in fields):
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
        app.wsgi_app = BodyLimit(app.wsgi_app, lambda environ: matched_body_limit(app, environ))
        app.before_request(apply_body_limit)
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)
