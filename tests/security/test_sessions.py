"""Sessions that can be ended (issue 16, points 1 and 2): ids are never reused; every session
and remember cookie names its account, the account's session token and one sign-in; signing
out, a PIN reset, a password change, a removal and "sign out everywhere" end them on the server;
remember cookies change each time they are used and end on the server after SIGN_IN_LIFETIME."""

import datetime as dt
import hashlib
import html
import re

import factories
import pytest
from factories import TEACHER_EMAIL, TEACHER_PASSWORD
from flask_login.utils import decode_cookie
from pages import LearnerBrowser, TeacherBrowser
from security_world import NEW_PASSWORD, PIN
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Instructor, Learner, Response, SignIn

COOKIES = ("session", "remember_token")


def cookies_of(browser) -> dict[str, str]:
    """The browser's session and remember cookies, as someone copying them would take them."""
    found = {name: browser.client.get_cookie(name) for name in COOKIES}
    return {name: cookie.value for name, cookie in found.items() if cookie is not None}


def browser_with(app, cookies: dict[str, str], kind=LearnerBrowser):
    browser = kind(app.test_client())
    for name, value in cookies.items():
        browser.client.set_cookie(name, value)
    return browser


def who(browser) -> str | None:
    """The name the page header shows as signed in, or None."""
    page = browser.get("/").get_data(as_text=True)
    found = re.search(r'<span class="who">([^<]*)</span>', page)
    return html.unescape(found.group(1)) if found else None


def learner_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Learner.id).filter_by(display_name=name))


@pytest.fixture
def klass(app, teacher, teacher_id):
    """The teacher's classroom, made with the factories: (classroom id, join code)."""
    return factories.make_classroom(app, teacher_id), "TESTC9"


def test_a_removed_learners_cookies_never_sign_in_the_next_newcomer(
    app, teacher, new_learner_browser, klass
):
    classroom_id, code = klass
    for name in ("Ana", "Ben"):
        assert new_learner_browser().join(code, name).status_code == 303
    last = new_learner_browser()
    assert last.join(code, "Cleo").status_code == 303  # the largest id: SQLite would reuse it
    cleo_id = learner_id(app, "Cleo")
    copied = cookies_of(last)
    remove = teacher.post(f"/instructor/classrooms/{classroom_id}/learners/{cleo_id}/remove")
    assert remove.status_code == 303
    newcomer = new_learner_browser()
    assert newcomer.join(code, "Newcomer").status_code == 303
    assert learner_id(app, "Newcomer") > cleo_id
    assert who(newcomer) == "Newcomer"
    assert who(browser_with(app, copied)) is None
    assert who(browser_with(app, {"remember_token": copied["remember_token"]})) is None


def test_ids_of_every_table_are_never_given_out_again(app, in_app):
    """Delete the newest row of each kind, add one: the new id is larger (AUTOINCREMENT on
    SQLite, sequences on PostgreSQL)."""
    from quizapp.accounts import hash_secret

    with in_app():
        first = Instructor(email="a@example.org", password_hash=hash_secret("x" * 12))
        db.session.add(first)
        db.session.commit()
        gone = first.id
        db.session.delete(first)
        db.session.commit()
        second = Instructor(email="b@example.org", password_hash=hash_secret("x" * 12))
        db.session.add(second)
        db.session.commit()
        assert second.id > gone
        for table in db.metadata.sorted_tables:
            if db.engine.dialect.name == "sqlite":
                assert table.kwargs.get("sqlite_autoincrement") is True, table.name


def test_the_cookies_name_the_account_its_token_and_one_sign_in(app, new_learner_browser, klass):
    _classroom_id, code = klass
    ana = new_learner_browser()
    ana.join(code, "Ana")
    serializer = app.session_interface.get_signing_serializer(app)
    session = serializer.loads(cookies_of(ana)["session"])
    with app.app_context():
        remembered = decode_cookie(cookies_of(ana)["remember_token"])
    assert session["_user_id"] == remembered
    role, number, token, sign_in = remembered.split(":")
    sign_in_id, secret = sign_in.split(".")
    with app.app_context():
        learner = db.session.get(Learner, int(number))
        row = db.session.get(SignIn, int(sign_in_id))
        assert (role, learner.display_name, token) == ("learner", "Ana", learner.session_token)
        assert row.learner_id == learner.id
        assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in row.secret_hash


def test_signing_out_ends_that_session_on_the_server_and_no_other(app, new_learner_browser, klass):
    _classroom_id, code = klass
    laptop = new_learner_browser()
    laptop.join(code, "Ana")
    phone = new_learner_browser()
    phone.get("/sign-in")
    assert (
        phone.post("/sign-in", {"code": code, "display_name": "Ana", "pin": PIN}).status_code == 303
    )
    copied = cookies_of(laptop)
    assert laptop.post("/sign-out").status_code == 303
    assert who(laptop) is None
    assert who(browser_with(app, copied)) is None  # a copy taken before signing out
    assert who(browser_with(app, {"remember_token": copied["remember_token"]})) is None
    assert who(phone) == "Ana"


def _two_learner_devices(app, code):
    laptop = LearnerBrowser(app.test_client())
    laptop.join(code, "Ana")
    phone = LearnerBrowser(app.test_client())
    phone.get("/sign-in")
    phone.post("/sign-in", {"code": code, "display_name": "Ana", "pin": PIN})
    assert who(laptop) == who(phone) == "Ana"
    return laptop, phone


@pytest.mark.parametrize("event", ["PIN reset", "removal", "sign out everywhere"])
def test_a_learners_sessions_all_end(app, teacher, klass, event):
    classroom_id, code = klass
    laptop, phone = _two_learner_devices(app, code)
    copies = [cookies_of(laptop), cookies_of(phone)]
    ana = learner_id(app, "Ana")
    base = f"/instructor/classrooms/{classroom_id}/learners/{ana}"
    if event == "PIN reset":
        assert teacher.post(f"{base}/reset-pin").status_code == 303
    elif event == "removal":
        assert teacher.post(f"{base}/remove").status_code == 303
    else:
        assert phone.post("/sign-out-everywhere").status_code == 303
    for device in (laptop, phone):
        assert who(device) is None, event
    for copied in copies:
        assert who(browser_with(app, copied)) is None, event
        assert who(browser_with(app, {"remember_token": copied["remember_token"]})) is None


def _two_teacher_devices(app, teacher):
    other = TeacherBrowser(app.test_client())
    assert other.sign_in().status_code == 303
    return teacher, other


def _teacher_signed_in(browser) -> bool:
    return browser.get("/instructor/").status_code == 200


@pytest.mark.parametrize("event", ["password change", "operator reset", "sign out everywhere"])
def test_a_teachers_sessions_all_end(app, teacher, event):
    here, there = _two_teacher_devices(app, teacher)
    copies = [cookies_of(here), cookies_of(there)]
    if event == "password change":
        here.get("/instructor/password")
        changed = here.post(
            "/instructor/password",
            {"current": TEACHER_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        )
        assert changed.status_code == 303
        assert _teacher_signed_in(here)  # the browser that changed it goes on, on a new session
    elif event == "operator reset":
        result = app.test_cli_runner().invoke(
            args=["users", "reset-password", TEACHER_EMAIL, "--password", NEW_PASSWORD]
        )
        assert result.exit_code == 0, result.output
        assert "signed out on every device" in result.output
        assert not _teacher_signed_in(here)
    else:
        assert here.post("/sign-out-everywhere").status_code == 303
        assert not _teacher_signed_in(here)
    assert not _teacher_signed_in(there)
    for copied in copies:
        assert not _teacher_signed_in(browser_with(app, copied, TeacherBrowser))
    if event != "sign out everywhere":
        fresh = TeacherBrowser(app.test_client())
        assert fresh.sign_in(password=TEACHER_PASSWORD).status_code == 401
        assert fresh.sign_in(password=NEW_PASSWORD).status_code == 303


def test_a_remember_cookie_changes_each_time_it_is_used(app, new_learner_browser, klass):
    _classroom_id, code = klass
    ana = new_learner_browser()
    ana.join(code, "Ana")
    old = cookies_of(ana)["remember_token"]
    # A browser restart: the session cookie is gone, the remember cookie signs in again...
    restarted = browser_with(app, {"remember_token": old})
    page = restarted.get("/")
    assert "Ana" in page.get_data(as_text=True)
    new = cookies_of(restarted)["remember_token"]
    assert new != old
    assert who(restarted) == "Ana"
    # ...and the cookie it came with is worth nothing from then on.
    assert who(browser_with(app, {"remember_token": old})) is None
    assert who(browser_with(app, {"remember_token": new})) == "Ana"


def test_a_sign_in_ends_on_the_server_after_its_lifetime(app, new_learner_browser, klass):
    _classroom_id, code = klass
    ana = new_learner_browser()
    ana.join(code, "Ana")
    assert app.config["SIGN_IN_LIFETIME"] == dt.timedelta(days=30)
    with app.app_context():
        row = db.session.scalars(select(SignIn).filter(SignIn.learner_id.is_not(None))).one()
        assert abs(row.expires_at - row.created_at - dt.timedelta(days=30)) < dt.timedelta(
            minutes=1
        )
        row.expires_at = row.created_at - dt.timedelta(seconds=1)  # as if 30 days had passed
        db.session.commit()
    assert who(ana) is None  # the browser still has both cookies
    assert (
        who(browser_with(app, {"remember_token": cookies_of(ana).get("remember_token", "")}))
        is None
    )


def test_ended_sign_ins_are_cleared_at_the_next_sign_in(app, new_learner_browser, klass):
    _classroom_id, code = klass
    new_learner_browser().join(code, "Ana")
    with app.app_context():
        row = db.session.scalars(select(SignIn).filter(SignIn.learner_id.is_not(None))).one()
        row.expires_at = row.created_at
        db.session.commit()
    again = new_learner_browser()
    again.get("/sign-in")
    assert (
        again.post("/sign-in", {"code": code, "display_name": "Ana", "pin": PIN}).status_code == 303
    )
    with app.app_context():
        rows = db.session.scalars(select(SignIn).filter(SignIn.learner_id.is_not(None))).all()
        assert len(rows) == 1 and rows[0].expires_at > rows[0].created_at


@pytest.mark.parametrize("event", ["PIN reset", "removal", "sign out everywhere", "expiry"])
def test_a_learner_in_a_quiz_is_signed_out_on_the_very_next_request(app, teacher, klass, event):
    """The question page and the answer read the learner without the ORM (one Core row): an
    ended session is refused there on the next request, on every device."""
    classroom_id, code = klass
    assignment_id = teacher.assign(classroom_id, feedback_mode="immediate")
    laptop, phone = _two_learner_devices(app, code)
    attempt_id = laptop.start_assignment(assignment_id)
    question = f"/attempts/{attempt_id}/questions/1"
    key = laptop.question_key(attempt_id, 1)
    assert phone.get(question).status_code == 200
    ana = learner_id(app, "Ana")
    if event == "PIN reset":
        teacher.post(f"/instructor/classrooms/{classroom_id}/learners/{ana}/reset-pin")
    elif event == "removal":
        teacher.post(f"/instructor/classrooms/{classroom_id}/learners/{ana}/remove")
    elif event == "sign out everywhere":
        assert phone.post("/sign-out-everywhere").status_code == 303
    else:
        with app.app_context():
            for row in db.session.scalars(select(SignIn).filter_by(learner_id=ana)):
                row.expires_at = row.created_at
            db.session.commit()
    for device in (laptop, phone):
        assert device.get(question).status_code == 404, event
        answered = device.post(question, {"question": key, "answer": "a"})
        assert answered.status_code in (400, 404), event
    with app.app_context():
        assert db.session.scalars(select(Response).filter_by(attempt_id=attempt_id)).all() == []
