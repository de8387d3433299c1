"""Flask extensions, created here and bound to the app in create_app."""

import contextlib
import hmac
import sqlite3
import time
from functools import lru_cache
from hashlib import sha512

from flask import current_app, g, has_request_context, request, session
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect, same_origin
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
login_manager = LoginManager()

# Identifiers kept (session_identifier): a school's learners share a few addresses and user
# agents. Only headers of ordinary length are kept (a browser's user agent is 100-300
# characters): what a client sends is its own to choose, and 4,096 entries of at most
# KEPT_HEADERS_LENGTH characters each stay under 5 MB.
SESSION_IDENTIFIERS_KEPT = 4096
KEPT_HEADERS_LENGTH = 1024


def identifier_of(address: str | None, user_agent: str | None) -> str:
    """Flask-Login's session identifier for a request's X-Forwarded-For header (or remote address)
    and User-Agent header, computed as its own generator does: the SHA-512 of the first address
    and the agent, each as bytes."""
    first = address.encode("utf-8").split(b",")[0].strip() if address is not None else None
    agent = user_agent.encode("utf-8") if user_agent is not None else None
    return sha512(f"{first}|{agent}".encode()).hexdigest()


kept_identifier_of = lru_cache(maxsize=SESSION_IDENTIFIERS_KEPT)(identifier_of)


def session_identifier() -> str:
    """Flask-Login's session protection identifier of this request (its
    _session_identifier_generator hook), computed once per address and user agent and kept
    when the two are of ordinary length: Flask-Login hashes them again on every request.
    tests/security/test_session_identifier.py compares it with Flask-Login's own."""
    this = request._get_current_object()
    headers = this.headers
    address = headers.get("X-Forwarded-For", this.remote_addr)
    agent = headers.get("User-Agent")
    if len(address or "") + len(agent or "") > KEPT_HEADERS_LENGTH:
        return identifier_of(address, agent)
    return kept_identifier_of(address, agent)


login_manager._session_identifier_generator = session_identifier


def request_user():
    """The account (or anonymous user) of this request, as Flask-Login's current_user gives it;
    None outside a request.

    Flask-Login keeps it on `g._login_user` once loaded (its user loader and login_user put it
    there, logout_user puts the anonymous user there): read there in one look-up of `g`, where
    each use of the proxy asks Flask-Login again, which reads `g` twice; loaded through
    Flask-Login the first time. tests/test_request_user.py fails if Flask-Login ever keeps it
    elsewhere."""
    if not has_request_context():
        return None
    user = g.get("_login_user")
    return user if user is not None else current_user._get_current_object()


# Cache (KeptTokenCSRFProtect): signing was 46 µs of each page and checking 85 µs of each answer
# (bench --profile, 2026-12-07). A signed token is some 90 characters: at most about 1 MB per worker.
CSRF_TOKENS_KEPT = 4096


class KeptTokenCSRFProtect(CSRFProtect):
    """Flask-WTF's CSRF protection, with the session's signed token kept per worker.

    With WTF_CSRF_TIME_LIMIT None a signed token never expires, so the token signed for a
    session's secret on its first page is valid on every later one (views.signed_csrf_token
    shows it). A form sending exactly that kept token is accepted by a constant-time compare,
    without unsigning it again; any other token (signed by another worker, forged, another
    session's) goes through Flask-WTF's own check."""

    @staticmethod
    def token_key() -> tuple[str, str] | None:
        """What a kept token is kept by: the signing secret and the session's raw token; None
        with a time limit (each token is then checked for its age) or no session token yet."""
        app = current_app._get_current_object()
        config = app.config
        if config.get("WTF_CSRF_TIME_LIMIT", 3600) is not None:
            return None
        raw = session.get(config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if not isinstance(raw, str):
            return None
        return config.get("WTF_CSRF_SECRET_KEY") or app.secret_key, raw

    @staticmethod
    def kept_tokens() -> dict[tuple[str, str], str]:
        """This app's kept tokens, oldest first."""
        return current_app.extensions.setdefault("quizapp.csrf_tokens", {})

    def keep_token(self, key: tuple[str, str], token: str) -> None:
        """Keep the token Flask-WTF signed for `key`, dropping the oldest past CSRF_TOKENS_KEPT."""
        kept = self.kept_tokens()
        if len(kept) >= CSRF_TOKENS_KEPT:
            kept.pop(next(iter(kept)))
        kept[key] = token

    def protect(self, apply_exemptions: bool = False) -> None:
        """Flask-WTF's check of a form, taking the kept token's compare where it applies; the
        HTTPS referrer check is Flask-WTF's, done either way. The request and the app are
        looked up once (each use of their proxies is a look-up): the token is read from the
        form's field as Flask-WTF reads it first, Flask-WTF's own reading finds any other."""
        this = request._get_current_object()
        config = current_app.config
        if this.method not in config["WTF_CSRF_METHODS"]:
            return
        key = self.token_key()
        kept = self.kept_tokens().get(key) if key is not None else None
        sent = None
        if kept is not None:
            sent = this.form.get(config["WTF_CSRF_FIELD_NAME"]) or self._get_csrf_token()
        if sent is None or apply_exemptions and (not this.endpoint or self._is_exempt()):
            return super().protect(apply_exemptions)
        if not hmac.compare_digest(sent.encode(), kept.encode()):
            return super().protect(apply_exemptions)
        if this.is_secure and config["WTF_CSRF_SSL_STRICT"]:
            if not this.referrer:
                self._error_response("The referrer header is missing.")
            if not same_origin(this.referrer, f"https://{this.host}/"):
                self._error_response("The referrer does not match the host.")
        g.csrf_valid = True


csrf = KeptTokenCSRFProtect()


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    """SQLite for several worker processes: WAL journal, a busy timeout, foreign keys enforced."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# A pooled connection to a database server that has not been used for this many seconds is
# checked (SELECT 1) before a request gets it: if the server restarted meanwhile (an update, a
# failover), the pool opens a new connection and nobody sees an error. A connection in steady
# use is not checked every time, as SQLAlchemy's pool_pre_ping would: that round trip was a
# tenth of a learner's request on PostgreSQL. A SQLite file has no connection to lose.
IDLE_CHECK_SECONDS = 10


@event.listens_for(Pool, "checkin")
def _note_last_use(_dbapi_connection, record) -> None:
    record.info["quizapp_checked_in"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _check_idle_connection(dbapi_connection, record, _proxy) -> None:
    last_use = record.info.get("quizapp_checked_in")  # None: just opened
    if isinstance(dbapi_connection, sqlite3.Connection) or last_use is None:
        return
    if time.monotonic() - last_use < IDLE_CHECK_SECONDS:
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SELECT 1")
    except Exception as error:  # the driver's own error for a dropped connection
        raise DisconnectionError("the database dropped this connection") from error
    finally:
        with contextlib.suppress(Exception):  # a dead connection's cursor may not close
            cursor.close()
