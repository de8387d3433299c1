"""A session's CSRF token is signed once per session token and worker (views.signed_csrf_token,
issue 29): every page of a session shows the token Flask-WTF signed on its first, it is accepted,
another session gets another, and with a time limit each page's token is signed afresh."""

from flask import session
from flask_wtf.csrf import validate_csrf
from pages import Browser

from quizapp.views import signed_csrf_token


def _question_page_tokens(browser: Browser, pages: int = 3) -> list[str]:
    """The tokens of a practice attempt's question pages (no form on them signs its own)."""
    attempt_id = browser.start()
    tokens = []
    for position in range(1, pages + 1):
        browser.get(f"/attempts/{attempt_id}/questions/{position}")
        tokens.append(browser.token())
    return tokens


def test_every_page_of_a_session_shows_one_token_and_it_is_accepted(app, browser):
    tokens = _question_page_tokens(browser)
    assert len(set(tokens)) == 1
    assert tokens[0] in app.extensions["quizapp.csrf_tokens"].values()
    response = browser.post("/language", {"language": "de", "next": "/"})
    assert response.status_code == 303


def test_another_session_gets_another_token(app, browser):
    other = Browser(app.test_client())
    assert set(_question_page_tokens(browser)).isdisjoint(_question_page_tokens(other))


def test_the_token_kept_is_the_one_flask_wtf_checks(app):
    with app.test_request_context():
        first = signed_csrf_token()
        raw = session["csrf_token"]
    with app.test_request_context():
        session["csrf_token"] = raw
        assert signed_csrf_token() == first
        validate_csrf(first)  # raises if refused


def test_with_a_time_limit_each_request_signs_its_own(app):
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    with app.test_request_context():
        signed_csrf_token()
        raw = session["csrf_token"]
    kept = dict(app.extensions.get("quizapp.csrf_tokens", {}))
    with app.test_request_context():
        session["csrf_token"] = raw
        signed_csrf_token()
    assert app.extensions.get("quizapp.csrf_tokens", {}) == kept == {}


def test_after_signing_out_the_page_shows_the_new_sessions_token(app, teacher):
    before = teacher.token()
    teacher.post("/sign-out")
    assert teacher.token() != before
