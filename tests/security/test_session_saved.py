"""The session cookie saved (quizapp/session_cookie.py's save_session): a session neither empty nor
to be sent again only adds "Vary: Cookie" without looking up the cookie settings; every case
must give the response exactly the headers Flask's own save_session gives it."""

import re

import pytest
from flask import Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from quizapp.session_cookie import VerifiedOnceSessionInterface


def make_session(content: dict, accessed: bool, modified: bool, permanent: bool):
    session = SecureCookieSession(content)
    if permanent:
        session.permanent = True  # marks it modified, as Flask does
    session.accessed, session.modified = accessed, modified
    return session


CASES = [
    # content, accessed, modified, permanent
    ({}, False, False, False),
    ({}, True, False, False),
    ({}, True, True, False),
    ({"_user_id": "learner:1:t:2.s"}, False, False, False),
    ({"_user_id": "learner:1:t:2.s"}, True, False, False),
    ({"_user_id": "learner:1:t:2.s"}, True, True, False),
    ({"_user_id": "learner:1:t:2.s"}, True, False, True),
    ({"_user_id": "learner:1:t:2.s", "csrf_token": "abc"}, True, True, True),
]


@pytest.mark.parametrize("refresh", [False, True], ids=["no refresh", "refresh each request"])
@pytest.mark.parametrize("vary", [None, "Accept-Language"], ids=["no vary", "a vary"])
@pytest.mark.parametrize(("content", "accessed", "modified", "permanent"), CASES)
def test_the_response_gets_the_headers_flask_gives_it(
    app, content, accessed, modified, permanent, refresh, vary
):
    app.config["SESSION_REFRESH_EACH_REQUEST"] = refresh
    saved = []
    for interface in (SecureCookieSessionInterface(), VerifiedOnceSessionInterface()):
        response = Response("page", headers={"Vary": vary} if vary else {})
        session = make_session(dict(content), accessed, modified, permanent)
        with app.test_request_context("/"):
            interface.save_session(app, session, response)
        saved.append(sorted(response.headers.items()))
    assert steady(saved[1]) == steady(saved[0])


def steady(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers with a Set-Cookie's signed value and expiry time left out: both carry the
    second they were made in, which may differ between the two saves."""
    return [
        (name, re.sub(r"(session=)[^;]*|(Expires=)[^;]*", r"\1\2…", value))
        for name, value in headers
    ]
