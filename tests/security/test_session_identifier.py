"""Flask-Login's session protection identifier, computed once per address and user agent
(extensions.session_identifier): it must be Flask-Login's own for every request, so that a
session carried to another browser or address is treated as before."""

import pytest
from factories import CLASS_CODE, make_classroom, make_instructor, make_learner
from flask import session
from flask_login import LoginManager

from quizapp.extensions import (
    KEPT_HEADERS_LENGTH,
    SESSION_IDENTIFIERS_KEPT,
    kept_identifier_of,
    session_identifier,
)

REQUESTS = [
    {},
    {"headers": {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"}},
    {"headers": {"User-Agent": "Schülerbrowser/1.0 ✓"}},
    {"headers": {"X-Forwarded-For": " 203.0.113.7 , 10.0.0.1", "User-Agent": "a"}},
    {"headers": {"X-Forwarded-For": "2001:db8::1"}},
    {"environ_base": {"REMOTE_ADDR": "198.51.100.4"}, "headers": {"User-Agent": "a"}},
    {"environ_base": {"REMOTE_ADDR": "198.51.100.5"}, "headers": {"User-Agent": "a"}},
    {"headers": {"X-Forwarded-For": "10.0.0.9, " + "9" * 4000, "User-Agent": "x" * 4000}},
]


def flask_logins_own() -> str:
    """The identifier Flask-Login's default generator gives the current request."""
    return LoginManager()._session_identifier_generator()


def test_it_is_the_apps_session_identifier_generator(app):
    assert app.login_manager._session_identifier_generator is session_identifier


@pytest.mark.parametrize("kept", [False, True], ids=["first time", "kept"])
@pytest.mark.parametrize("request_kwargs", REQUESTS)
def test_it_is_flask_logins_own_identifier_for_every_request(app, request_kwargs, kept):
    if not kept:
        kept_identifier_of.cache_clear()
    for _ in range(2):
        with app.test_request_context("/", **request_kwargs):
            assert session_identifier() == flask_logins_own()


def test_each_address_and_agent_has_its_own_identifier(app):
    seen = set()
    for request_kwargs in REQUESTS:
        with app.test_request_context("/", **request_kwargs):
            seen.add(session_identifier())
    assert len(seen) == len(REQUESTS)


def test_what_is_kept_is_bounded_and_long_headers_are_never_kept(app):
    """A client chooses its headers: kept entries hold only ordinary lengths, so the bound of
    entries is a bound of memory too."""
    assert kept_identifier_of.cache_info().maxsize == SESSION_IDENTIFIERS_KEPT
    kept_identifier_of.cache_clear()
    for n in range(50):
        agent = f"agent {n} " + "x" * KEPT_HEADERS_LENGTH
        with app.test_request_context("/", headers={"User-Agent": agent}):
            assert session_identifier() == flask_logins_own()
    assert kept_identifier_of.cache_info().currsize == 0
    with app.test_request_context("/", headers={"User-Agent": "Firefox/133.0"}):
        session_identifier()
    assert kept_identifier_of.cache_info().currsize == 1


def test_a_session_taken_to_another_browser_is_no_longer_fresh(app, new_learner_browser):
    make_learner(app, make_classroom(app, make_instructor(app)), "Ana")
    browser = new_learner_browser()
    browser.sign_in(CLASS_CODE, "Ana")
    with browser.client.session_transaction() as signed_in:
        assert signed_in["_id"] and signed_in.get("_fresh") is not False
    with browser.client as client:
        client.get("/", headers={"User-Agent": "another browser"})
        assert session.get("_fresh") is False
