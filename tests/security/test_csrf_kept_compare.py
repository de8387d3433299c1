"""A form sending the session's kept CSRF token is accepted by a constant-time compare
(extensions.KeptTokenCSRFProtect, issue 29): Flask-WTF's own check is not asked then, every other
token still goes through it, a time limit turns the compare off, and the HTTPS referrer check
stands either way."""

import flask_wtf.csrf
from flask_wtf.csrf import ValidationError
from pages import Browser

LANGUAGE = "/language"
FORM = {"language": "de", "next": "/"}


def _refuse_every_token(*_args, **_kwargs):
    raise ValidationError("refused by the test")


def _kept_token(app, browser: Browser) -> str:
    """The token a question page shows, which this worker keeps for the session."""
    attempt_id = browser.start()
    browser.get(f"/attempts/{attempt_id}/questions/1")
    token = browser.token()
    assert token in app.extensions["quizapp.csrf_tokens"].values()
    return token


def test_the_kept_token_is_accepted_without_unsigning_it(app, browser, monkeypatch):
    token = _kept_token(app, browser)
    monkeypatch.setattr(flask_wtf.csrf, "validate_csrf", _refuse_every_token)
    response = browser.client.post(LANGUAGE, data={**FORM, "csrf_token": token})
    assert response.status_code == 303


def test_any_other_token_goes_through_flask_wtf(app, browser, monkeypatch):
    token = _kept_token(app, browser)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert browser.client.post(LANGUAGE, data={**FORM, "csrf_token": tampered}).status_code == 400
    # Another worker keeps nothing for this session: Flask-WTF unsigns the token and accepts it.
    app.extensions["quizapp.csrf_tokens"].clear()
    assert browser.client.post(LANGUAGE, data={**FORM, "csrf_token": token}).status_code == 303
    token = _kept_token(app, browser)
    app.extensions["quizapp.csrf_tokens"].clear()
    monkeypatch.setattr(flask_wtf.csrf, "validate_csrf", _refuse_every_token)
    assert browser.client.post(LANGUAGE, data={**FORM, "csrf_token": token}).status_code == 400


def test_a_time_limit_turns_the_compare_off(app, browser):
    token = _kept_token(app, browser)
    app.config["WTF_CSRF_TIME_LIMIT"] = -1  # every token is older than that
    assert browser.client.post(LANGUAGE, data={**FORM, "csrf_token": token}).status_code == 400


def test_the_referrer_is_checked_over_https(app, browser):
    token = _kept_token(app, browser)
    https = {"base_url": "https://localhost"}
    form = {**FORM, "csrf_token": token}
    assert browser.client.post(LANGUAGE, data=form, **https).status_code == 400
    elsewhere = {"Referer": "https://elsewhere.example/"}
    assert browser.client.post(LANGUAGE, data=form, headers=elsewhere, **https).status_code == 400
    here = {"Referer": "https://localhost/"}
    assert browser.client.post(LANGUAGE, data=form, headers=here, **https).status_code == 303
