"""Every form (every URL that accepts POST) refuses a request without its session's CSRF token.

The forms are read from app.url_map, so a form added later is tried here without being listed.
Each is posted by a user whose request would otherwise go through, with a form that would otherwise
be accepted; the same request with the right token is the control.
"""

import pytest
from pages import CSRF_FIELD, Browser
from security_world import actor_for, build_world, form_rules, int_args, probe_app, snapshot

pytestmark = pytest.mark.once

PROBE = probe_app()
REFUSED = "The form has expired or was not sent from this site"


def _forged_tokens(world, browser):
    """CSRF tokens a forger could send: none, made up, empty, tampered, or another session's."""
    stranger = Browser(world.app.test_client())
    real = browser.token()
    return {
        "no token": None,
        "made-up token": "forged-token",
        "empty token": "",
        "tampered token": real[:-2] + ("AA" if not real.endswith("AA") else "BB"),
        "another session's token": stranger.token(),
    }


def _signed_in(browser) -> bool:
    with browser.client.session_transaction() as session:
        return "_user_id" in session


def test_csrf_protection_covers_every_view():
    csrf = PROBE.extensions["csrf"]
    assert PROBE.config.get("WTF_CSRF_ENABLED", True) is True
    assert PROBE.config.get("WTF_CSRF_CHECK_DEFAULT", True) is True
    assert not csrf._exempt_views and not csrf._exempt_blueprints
    assert form_rules(PROBE), "no forms found: the URL map was not read"


@pytest.mark.parametrize("endpoint", [rule.endpoint for rule in form_rules(PROBE)])
def test_a_post_without_the_right_token_is_refused(app, endpoint):
    world = build_world(app)
    rule = next(r for r in form_rules(app) if r.endpoint == endpoint)
    url = world.url(rule)
    form = world.valid_form(endpoint)
    actors = [actor_for(rule)] if int_args(rule) else sorted({actor_for(rule), "ana", "anonymous"})
    before = snapshot(app)
    for name in actors:
        browser = world[name]
        was_signed_in = _signed_in(browser)
        for case, token in _forged_tokens(world, browser).items():
            data = dict(form)
            if token is not None:
                data["csrf_token"] = token
            response = browser.post(url, data, csrf=False)
            assert response.status_code == 400, (name, case, response.status_code)
            assert REFUSED in response.get_data(as_text=True), (name, case)
        header_only = browser.post(url, form, csrf=False, headers={"X-CSRFToken": "forged"})
        assert header_only.status_code == 400, (name, "forged header")
        assert _signed_in(browser) == was_signed_in, f"{name}: the session changed"
    assert snapshot(app) == before, "a refused form changed the database"

    # Control: the same request with the session's token is not refused for its token.
    actor = world[actor_for(rule)]
    accepted = actor.post(url, form)
    assert accepted.status_code < 500, accepted.status_code
    assert REFUSED not in accepted.get_data(as_text=True)
    assert accepted.status_code in (302, 303), (endpoint, accepted.status_code)


def test_a_post_from_another_site_over_https_is_refused(app, teacher):
    """Over HTTPS, Flask-WTF also checks that the Referer is this site (a token alone is not
    enough for a request a foreign page made)."""
    client = app.test_client()
    site = "https://quiz.example.org"
    form = {"email": "teacher@example.org", "password": "correct horse battery"}

    def post(referrer):
        page = client.get("/instructor/sign-in", base_url=site).get_data(as_text=True)
        data = {**form, "csrf_token": CSRF_FIELD.search(page).group(1)}
        headers = {"Referer": referrer} if referrer else {}
        return client.post("/instructor/sign-in", data=data, headers=headers, base_url=site)

    assert post("https://evil.example/").status_code == 400
    assert post(None).status_code == 400
    assert post("http://quiz.example.org/instructor/sign-in").status_code == 400
    assert post(f"{site}/instructor/sign-in").status_code == 303
