"""The session cookie's signature is checked once per cookie and worker (quizapp/session_cookie.py,
issue 29): what a kept check returns is what Flask's own reading of that cookie returns, a
changed or expired cookie is refused as before, and a request cannot change what the next one
reads from the same cookie."""

import time

from flask import flash, get_flashed_messages, request, session
from flask.sessions import SecureCookieSessionInterface

from quizapp.session_cookie import VerifiedOnceSessionInterface


def _session_cookie(app, content: dict) -> str:
    with app.test_request_context():
        serializer = SecureCookieSessionInterface().get_signing_serializer(app)
        return serializer.dumps(content)


def _read(app, cookie: str, interface=None) -> dict:
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        return dict((interface or app.session_interface).open_session(app, request))


def test_the_app_reads_sessions_through_the_kept_check(app):
    assert isinstance(app.session_interface, VerifiedOnceSessionInterface)


def test_a_cookie_read_twice_gives_what_flask_reads(app):
    cookie = _session_cookie(app, {"_user_id": "learner:1:t:2.s", "csrf_token": "abc"})
    flask_reads = _read(app, cookie, SecureCookieSessionInterface())
    assert _read(app, cookie) == flask_reads == {"_user_id": "learner:1:t:2.s", "csrf_token": "abc"}
    assert _read(app, cookie) == flask_reads  # now from the kept check


def test_a_changed_cookie_is_refused_even_after_the_right_one_was_kept(app):
    cookie = _session_cookie(app, {"_user_id": "learner:1:t:2.s"})
    assert _read(app, cookie)
    payload, _, signature = cookie.rpartition(".")
    forged = f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    assert _read(app, forged) == {}
    other_key = _session_cookie(app, {"_user_id": "learner:9:t:2.s"})
    app.secret_key = "another key"
    assert _read(app, other_key) == {}


def test_an_expired_cookie_is_refused_though_it_was_kept(app, monkeypatch):
    cookie = _session_cookie(app, {"_user_id": "learner:1:t:2.s"})
    assert _read(app, cookie)
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = time.time() + lifetime + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert _read(app, cookie) == {}


def test_what_one_request_changes_does_not_reach_the_next_with_the_same_cookie(app):
    @app.get("/test-flash")
    def test_flash():
        flash("once")
        session["seen"] = True
        return "ok"

    @app.get("/test-read")
    def test_read():
        return {"flashes": get_flashed_messages(), "seen": session.get("seen", False)}

    cookie = _session_cookie(app, {"_flashes": [("message", "before")]})
    client = app.test_client()
    for _ in range(2):
        client.set_cookie("session", cookie)
        assert client.get("/test-flash").status_code == 200
    client = app.test_client()
    client.set_cookie("session", cookie)
    assert client.get("/test-read").get_json() == {"flashes": ["before"], "seen": False}
