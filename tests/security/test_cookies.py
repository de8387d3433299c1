"""Cookies: the session, remember-me and language cookies are HttpOnly and SameSite=Lax, Secure
when the app runs behind HTTPS (QUIZAPP_HTTPS=1), and the session holds no secret."""

import importlib.util

import pytest
from factories import SEED_PACK, TEACHER_EMAIL, TEACHER_PASSWORD, make_instructor
from pages import Browser
from security_world import separate_app

from quizapp import config

SITE = "https://quiz.example.org"


class SiteBrowser(Browser):
    """A browser on one site (http or https), sending that site as the Referer of its forms."""

    def __init__(self, client, site):
        super().__init__(client)
        self.site = site

    def get(self, url, **kwargs):
        return super().get(url, base_url=self.site, **kwargs)

    def post(self, url, data=None, csrf=True, **kwargs):
        headers = {"Referer": f"{self.site}/", **kwargs.pop("headers", {})}
        return super().post(url, data, csrf, base_url=self.site, headers=headers, **kwargs)


def set_cookies(response) -> dict[str, dict[str, str | bool]]:
    """The response's Set-Cookie headers: {name: {"value": ..., attribute (lower case): value}}."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        first, *attributes = (part.strip() for part in header.split(";"))
        name, _, value = first.partition("=")
        cookie: dict[str, str | bool] = {"value": value}
        for attribute in attributes:
            key, has_value, setting = attribute.partition("=")
            cookie[key.lower()] = setting if has_value else True
        cookies[name] = cookie
    return cookies


def assert_flags(cookie, name, secure):
    assert cookie.get("httponly") is True, f"{name} is not HttpOnly"
    assert str(cookie.get("samesite", "")).lower() == "lax", f"{name} is not SameSite=Lax"
    assert cookie.get("path") == "/", f"{name} is not for the whole site"
    assert bool(cookie.get("secure")) is secure, f"{name}: Secure should be {secure}"


def sign_ins(app, site):
    """Every way to get a session: each yields the response that starts it."""
    make_instructor(app)
    teacher = SiteBrowser(app.test_client(), site)
    form = {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
    yield "instructor sign-in", teacher.post("/instructor/sign-in", form)
    classroom_path = teacher.post("/instructor/classrooms", {"name": "9b"}).headers["Location"]
    page = teacher.get(classroom_path).get_data(as_text=True)
    code = page.split('class="join-code">', 1)[1].split("<", 1)[0]
    form = {"display_name": "Ana", "pin": "4711", "pin_confirm": "4711"}
    yield "learner joins", SiteBrowser(app.test_client(), site).post(f"/join/{code}", form)
    form = {"code": code, "display_name": "Ana", "pin": "4711"}
    yield "learner sign-in", SiteBrowser(app.test_client(), site).post("/sign-in", form)
    form = {"display_name": "Pat", "feedback_mode": "immediate"}
    practiser = SiteBrowser(app.test_client(), site)
    yield "practice without an account", practiser.post(f"/packs/{SEED_PACK}/attempts", form)


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_session_and_remember_cookies_are_locked_down(tmp_path, https):
    config = {"SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True} if https else {}
    site = SITE if https else "http://localhost"
    with separate_app(tmp_path, **config) as app:
        first_visit = set_cookies(SiteBrowser(app.test_client(), site).get("/"))
        assert_flags(first_visit["session"], "session (first visit)", https)
        for how, response in sign_ins(app, site):
            assert response.status_code == 303, how
            cookies = set_cookies(response)
            assert {"session", "remember_token"} <= cookies.keys(), how
            for name in ("session", "remember_token"):
                assert_flags(cookies[name], f"{name} after {how}", https)


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_the_language_cookie_is_locked_down(tmp_path, https):
    config = {"SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True} if https else {}
    with separate_app(tmp_path, **config) as app:
        browser = SiteBrowser(app.test_client(), SITE if https else "http://localhost")
        response = browser.post("/language", {"language": "de"})
        assert response.status_code == 303
        assert_flags(set_cookies(response)["lang"], "lang", https)


def test_quizapp_https_turns_on_secure_cookies(monkeypatch):
    """QUIZAPP_HTTPS=1 in the environment is what sets the two settings used above."""
    for value, expected in (("1", True), ("", False)):
        monkeypatch.setenv("QUIZAPP_HTTPS", value)
        # config.py read afresh, as a new process reads it at start-up
        spec = importlib.util.spec_from_file_location("fresh_config", config.__file__)
        fresh = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(fresh)
        assert fresh.Config.SESSION_COOKIE_SECURE is expected, value
        assert fresh.Config.REMEMBER_COOKIE_SECURE is expected, value


def test_the_session_holds_no_password_or_pin_and_sign_out_ends_it(app):
    """Flask's session cookie is signed, not encrypted: whoever holds it can read it."""
    serializer = app.session_interface.get_signing_serializer(app)
    make_instructor(app)
    teacher = Browser(app.test_client())
    signed_in = teacher.post(
        "/instructor/sign-in", {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
    )
    session = serializer.loads(set_cookies(signed_in)["session"]["value"])
    assert session["_user_id"].startswith("instructor:")
    assert TEACHER_PASSWORD not in repr(session) and TEACHER_EMAIL not in repr(session)
    learner = Browser(app.test_client())
    classroom = teacher.post("/instructor/classrooms", {"name": "9b"}).headers["Location"]
    join_code = teacher.get(classroom).get_data(as_text=True).split('class="join-code">')[1][:6]
    joined = learner.post(
        f"/join/{join_code}", {"display_name": "Ana", "pin": "86420", "pin_confirm": "86420"}
    )
    learner_session = serializer.loads(set_cookies(joined)["session"]["value"])
    assert learner_session["_user_id"].startswith("learner:")
    assert "86420" not in repr(learner_session)
    signed_out = teacher.post("/sign-out")
    cookies = set_cookies(signed_out)
    assert cookies["remember_token"]["value"] == ""  # the remember-me cookie is deleted
    assert "1970" in str(cookies["remember_token"].get("expires"))
    assert teacher.get("/instructor/").status_code == 302  # and the session is gone
