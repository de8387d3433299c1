"""Teacher passwords (issue 16, points 2 and 8): the rules a new password must meet, changing it
with the old one, and a reset link by e-mail that works once and expires, read from a local
SMTP server the test starts."""

import contextlib
import datetime as dt
import email
import re

import pytest
from aiosmtpd.controller import Controller
from apps import free_port
from factories import TEACHER_EMAIL, TEACHER_PASSWORD, make_instructor, set_teacher_sign_up
from pages import Browser, TeacherBrowser
from security_world import NEW_PASSWORD, separate_app

from quizapp.accounts import common_passwords

WEAK = ["1234567890", "aaaaaaaaaa", "password12", "short", TEACHER_EMAIL, "Password12"]


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_bundled_list_holds_the_10000_most_common_passwords():
    listed = common_passwords()
    assert len(listed) == 10_000
    assert {"123456", "password", "1234567890", "aaaaaaaaaa", "password12"} <= listed


@pytest.mark.parametrize("password", WEAK)
def test_sign_up_refuses_a_weak_password_and_says_why(app, password):
    set_teacher_sign_up(app, "open")
    browser = Browser(app.test_client())
    page = browser.get("/instructor/sign-up")
    assert "not one of the 10,000 most common passwords" in text(page)
    refused = browser.post(
        "/instructor/sign-up",
        {"email": TEACHER_EMAIL, "password": password, "confirm": password},
    )
    assert refused.status_code == 422
    body = text(refused)
    assert any(
        reason in body
        for reason in ("at least 10 characters", "most common ones", "not be your e-mail address")
    ), body[-2000:]


def test_sign_up_accepts_a_long_uncommon_password(app):
    set_teacher_sign_up(app, "open")
    browser = Browser(app.test_client())
    browser.get("/instructor/sign-up")
    form = {"email": TEACHER_EMAIL, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert browser.post("/instructor/sign-up", form).status_code == 303


@pytest.mark.parametrize("password", ["1234567890", "short"])
def test_the_operators_commands_refuse_weak_passwords(app, password):
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=["users", "create-instructor", "new@example.org", "--password", password]
    )
    assert created.exit_code != 0
    make_instructor(app)
    reset = runner.invoke(args=["users", "reset-password", TEACHER_EMAIL, "--password", password])
    assert reset.exit_code != 0
    assert TeacherBrowser(app.test_client()).sign_in().status_code == 303  # unchanged


def test_a_teacher_changes_the_password_giving_the_old_one(app, teacher):
    page = teacher.get("/instructor/password")
    assert page.status_code == 200 and "not one of the 10,000 most common" in text(page)
    wrong = teacher.post(
        "/instructor/password",
        {"current": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and "current password is not right" in text(wrong)
    weak = teacher.post(
        "/instructor/password",
        {"current": TEACHER_PASSWORD, "password": "password12", "confirm": "password12"},
    )
    assert weak.status_code == 422 and "most common" in text(weak)
    changed = teacher.post(
        "/instructor/password",
        {"current": TEACHER_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 303
    assert TeacherBrowser(app.test_client()).sign_in(password=NEW_PASSWORD).status_code == 303


class Mailbox:
    """aiosmtpd's handler: keeps every message it receives."""

    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@contextlib.contextmanager
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()


def _link(message) -> str:
    body = message.get_payload(decode=True).decode()
    return re.search(r"https://quiz\.school\.example(/\S+)", body).group(1)


def test_a_reset_link_by_e_mail_works_once_and_expires(tmp_path):
    with (
        smtp_server() as (mailbox, port),
        separate_app(
            tmp_path,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            PUBLIC_URL="https://quiz.school.example",
            TRUSTED_HOSTS=["localhost", "quiz.school.example"],
        ) as app,
    ):
        make_instructor(app)
        browser = Browser(app.test_client())
        assert "Forgot your password?" in text(browser.get("/instructor/sign-in"))
        browser.get("/instructor/reset-password")
        asked = browser.post("/instructor/reset-password", {"email": "Teacher@Example.org"})
        assert asked.status_code == 303
        unknown = browser.post("/instructor/reset-password", {"email": "nobody@example.org"})
        assert unknown.status_code == 303  # the same answer: no telling who has an account
        assert len(mailbox.messages) == 1
        message = mailbox.messages[0]
        assert message["To"] == TEACHER_EMAIL
        path = _link(message)  # on the public address, whatever host the request came to

        signed_in_elsewhere = TeacherBrowser(app.test_client())
        assert signed_in_elsewhere.sign_in().status_code == 303
        form = browser.get(path)
        assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
        weak = browser.post(path, {"password": "password12", "confirm": "password12"})
        assert weak.status_code == 422
        reset = browser.post(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert reset.status_code == 303
        assert browser.get("/instructor/").status_code == 200
        assert signed_in_elsewhere.get("/instructor/").status_code == 302  # signed out
        assert TeacherBrowser(app.test_client()).sign_in(password=NEW_PASSWORD).status_code == 303

        # Once used, the link is worth nothing.
        again = Browser(app.test_client()).get(path)
        assert again.status_code == 400 and "expired or was used" in text(again)

        # A link older than RESET_LINK_LIFETIME has expired.
        browser.post("/sign-out")
        browser.get("/instructor/reset-password")
        browser.post("/instructor/reset-password", {"email": TEACHER_EMAIL})
        late = _link(mailbox.messages[-1])
        app.config["RESET_LINK_LIFETIME"] = dt.timedelta(seconds=-1)
        assert Browser(app.test_client()).get(late).status_code == 400
        assert (
            Browser(app.test_client()).get("/instructor/reset-password/forged").status_code == 400
        )


def test_without_mail_the_reset_page_says_whom_to_ask(app):
    page = Browser(app.test_client()).get("/instructor/reset-password")
    assert page.status_code == 200 and "ask whoever runs it" in text(page)
