"""The session cookie as Flask signs it, its signature checked once per cookie and worker.

Since the cookie is re-sent only when its content changes (SESSION_REFRESH_EACH_REQUEST), a
learner sends the same cookie on every request of a quiz: decoding and verifying it (an HMAC
key derived, the signature, base64, zlib and the tagged JSON) was 70 µs of each request.
"""

import copy
import time

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

# Cookies a worker keeps verified: a learner's is about 300 characters, so some 2 MB at most.
VERIFIED_COOKIES = 4096


# Values a request cannot change in place: shared with the kept content instead of copied.
_ATOMS = frozenset((str, int, float, bool, type(None)))


def _fresh_copy(content: dict) -> dict:
    """The kept content for one request: what a view could change in place (a list of flashed
    messages, a dict) is copied, the strings and numbers a learner's session holds are shared.
    copy.deepcopy of the whole session was some 70 Python calls per request."""
    return {
        key: value if type(value) in _ATOMS else copy.deepcopy(value)
        for key, value in content.items()
    }


class VerifiedOnceSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, where a cookie whose signature was verified before is read
    from what that check found: the same characters signed with the same key carry the same
    content. Its age is checked on every request, as Flask does; any other cookie is verified."""

    def __init__(self) -> None:
        # (secret key, cookie) -> (the time it was signed, its content)
        self.verified: dict[tuple, tuple[int, dict]] = {}

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (app.secret_key, cookie)
        kept = self.verified.get(key)
        if kept is None:
            kept = self._verify(app, cookie, max_age)
            if kept is None:
                return self.session_class()
            if len(self.verified) >= VERIFIED_COOKIES:
                self.verified.pop(next(iter(self.verified)))
            self.verified[key] = kept
        signed_at, content = kept
        if not 0 <= int(time.time()) - signed_at <= max_age:  # as itsdangerous's SignatureExpired
            return self.session_class()
        return self.session_class(_fresh_copy(content))

    def _verify(self, app: Flask, cookie: str, max_age: int) -> tuple[int, dict] | None:
        """The time the cookie was signed and its content, or None if its signature fails."""
        serializer = self.get_signing_serializer(app)
        try:
            content, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return None
        return int(signed_at.timestamp()), content

    def save_session(self, app: Flask, session: SecureCookieSession, response: Response) -> None:
        """Flask's, where a session that is neither empty nor to be sent again (most requests
        of a quiz) only adds "Vary: Cookie" if it was read, as Flask does: its seven cookie
        settings (name, domain, path, ...) are looked up only for a cookie sent or removed, and
        a response without a Vary header gets it set, not parsed and rebuilt as a set."""
        if session and not self.should_set_cookie(app, session):
            if not session.accessed:
                return
            headers = response.headers
            if "Vary" in headers:
                response.vary.add("Cookie")
            else:
                headers["Vary"] = "Cookie"
            return
        super().save_session(app, session, response)
