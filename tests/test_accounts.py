"""Instructor accounts and learners joining a classroom with a name and a PIN."""

from apps import test_app
from factories import TEACHER_EMAIL, TEACHER_PASSWORD, make_instructor, set_teacher_sign_up
from pages import Browser, page_html
from werkzeug.security import check_password_hash

from quizapp.extensions import db
from quizapp.models import Instructor, Learner, SignInFailure
from quizapp.throttle import ADDRESS_FREE_FAILURES


def test_an_instructor_signs_up_and_the_password_is_hashed_with_scrypt(app, in_app):
    set_teacher_sign_up(app, "open")
    browser = Browser(app.test_client())
    browser.get("/instructor/sign-up")
    response = browser.post(
        "/instructor/sign-up",
        {"email": "New@Example.org", "password": "long enough pw", "confirm": "long enough pw"},
    )
    assert response.status_code == 303
    assert browser.get("/instructor/").status_code == 200
    with in_app():
        instructor = db.session.query(Instructor).one()
        assert instructor.email == "new@example.org"
        assert instructor.password_hash.startswith("scrypt:")
        assert check_password_hash(instructor.password_hash, "long enough pw")


def test_sign_up_refuses_bad_input_with_messages(app, in_app):
    set_teacher_sign_up(app, "open")
    browser = Browser(app.test_client())
    cases = [
        (
            {"email": "not-an-address", "password": "long enough pw", "confirm": "long enough pw"},
            "valid e-mail address",
        ),
        ({"email": "a@example.org", "password": "short", "confirm": "short"}, "at least 10"),
        (
            {"email": "a@example.org", "password": "long enough pw", "confirm": "other one!!"},
            "not the same",
        ),
    ]
    for data, message in cases:
        response = browser.post("/instructor/sign-up", data)
        assert response.status_code == 422
        assert message in page_html(response)
    make_instructor(app, "taken@example.org")
    response = browser.post(
        "/instructor/sign-up",
        {"email": "TAKEN@example.org", "password": "long enough pw", "confirm": "long enough pw"},
    )
    assert response.status_code == 422 and "already an account" in page_html(response)
    with in_app():
        assert db.session.query(Instructor).count() == 1


def test_sign_in_renews_the_session_and_sign_out_clears_it(app):
    make_instructor(app)
    browser = Browser(app.test_client())
    browser.get("/")
    with browser.client.session_transaction() as session:
        session["planted"] = "by someone else"
    response = browser.post(
        "/instructor/sign-in", {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
    )
    assert response.status_code == 303
    with browser.client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith("instructor:")
    browser.post("/sign-out")
    with browser.client.session_transaction() as session:
        assert "_user_id" not in session
    assert browser.get("/instructor/").status_code == 302


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(app):
    make_instructor(app)
    browser = Browser(app.test_client())
    wrong_password = browser.post(
        "/instructor/sign-in", {"email": TEACHER_EMAIL, "password": "wrong password"}
    )
    unknown_email = browser.post(
        "/instructor/sign-in", {"email": "nobody@example.org", "password": "wrong password"}
    )
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert "not right" in page_html(wrong_password) and "not right" in page_html(unknown_email)


def test_repeated_failures_slow_down_the_account_where_it_was_guessed(app, in_app):
    make_instructor(app)
    for attempt in range(6):
        client = app.test_client()
        browser = Browser(client)
        response = browser.post(
            "/instructor/sign-in",
            {"email": TEACHER_EMAIL, "password": f"guess {attempt}"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{attempt}"},
        )
        assert response.status_code == 401
    # The addresses that guessed have to wait now, even with the right password...
    blocked = Browser(app.test_client()).post(
        "/instructor/sign-in",
        {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.3"},
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed attempts" in page_html(blocked)
    with in_app():
        row = db.session.query(SignInFailure).filter_by(scope="account").one()
        assert row.count == 6 and row.blocked_until is not None
    # ...while the teacher, from an address with no failures, gets in.
    own = Browser(app.test_client()).post(
        "/instructor/sign-in",
        {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.99"},
    )
    assert own.status_code == 303


def test_repeated_failures_slow_down_one_address_across_accounts(app):
    for number in range(ADDRESS_FREE_FAILURES + 1):
        Browser(app.test_client()).post(
            "/instructor/sign-in",
            {"email": f"user{number}@example.org", "password": "x" * 10},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
        )
    make_instructor(app)
    blocked = Browser(app.test_client()).post(
        "/instructor/sign-in",
        {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert blocked.status_code == 429
    elsewhere = Browser(app.test_client()).post(
        "/instructor/sign-in",
        {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.10"},
    )
    assert elsewhere.status_code == 303


def test_a_learner_joins_with_code_name_and_pin_and_signs_in_elsewhere(
    teacher, new_learner_browser, in_app
):
    classroom_id, code = teacher.create_classroom()
    ana = new_learner_browser()
    assert ana.join(code.lower(), "Ana B.", "4711").status_code == 303
    assert "Your class: 9b English" in page_html(ana.get("/"))
    with in_app():
        learner = db.session.query(Learner).one()
        assert learner.classroom_id == classroom_id and learner.pin_hash.startswith("scrypt:")
    other_device = new_learner_browser()
    other_device.get("/sign-in")
    response = other_device.post(
        "/sign-in", {"code": code, "display_name": " ana  b. ", "pin": "4711"}
    )
    assert response.status_code == 303
    assert "Hello, Ana B." in page_html(other_device.get("/"))
    wrong = new_learner_browser().post(
        "/sign-in", {"code": code, "display_name": "Ana B.", "pin": "0000"}
    )
    assert wrong.status_code == 401


def test_joining_refuses_a_taken_name_a_bad_pin_and_an_unknown_code(
    teacher, new_learner_browser, in_app
):
    _, code = teacher.create_classroom()
    new_learner_browser().join(code, "Ana B.")
    taken = new_learner_browser().join(code, "ana b.")
    assert taken.status_code == 422 and "already uses this name" in page_html(taken)
    short_pin = new_learner_browser().join(code, "Ben", "12")
    assert short_pin.status_code == 422 and "4 to 8 digits" in page_html(short_pin)
    mismatch = new_learner_browser().post(
        f"/join/{code}", {"display_name": "Ben", "pin": "1234", "pin_confirm": "4321"}
    )
    assert mismatch.status_code == 422
    unknown = new_learner_browser().get("/join/ZZZZZZ")
    assert unknown.status_code == 404 and "no class with this code" in page_html(unknown)
    with in_app():
        assert db.session.query(Learner).count() == 1


def test_join_codes_use_unambiguous_characters(teacher):
    codes = {teacher.create_classroom(f"Class {n}")[1] for n in range(12)}
    assert len(codes) == 12
    for code in codes:
        assert len(code) == 6
        assert not set(code) & set("0O1IL2Z5S8B")


def test_the_instructor_manages_the_roster(teacher, new_learner_browser, in_app):
    classroom_id, code = teacher.create_classroom()
    ana = new_learner_browser()
    ana.join(code, "Ana")
    new_learner_browser().join(code, "Ben")
    with in_app():
        ana_id, ben_id = (
            db.session.query(Learner.id).filter_by(display_name=name).scalar()
            for name in ("Ana", "Ben")
        )
    base = f"/instructor/classrooms/{classroom_id}/learners"
    assert teacher.post(f"{base}/{ana_id}/rename", {"display_name": "Ana K."}).status_code == 303
    assert teacher.post(f"{base}/{ben_id}/rename", {"display_name": "ana k."}).status_code == 409
    reset = teacher.post(f"{base}/{ana_id}/reset-pin", follow_redirects=True)
    new_pin = __import__("re").search(r"New PIN for Ana K\.: (\d{4})", page_html(reset)).group(1)
    device = new_learner_browser()
    signed_in = device.post("/sign-in", {"code": code, "display_name": "Ana K.", "pin": new_pin})
    assert signed_in.status_code == 303
    assert teacher.post(f"{base}/{ben_id}/remove").status_code == 303
    with in_app():
        assert [le.display_name for le in db.session.query(Learner)] == ["Ana K."]
    closed = teacher.post(f"/instructor/classrooms/{classroom_id}/joining", {"open": "0"})
    assert closed.status_code == 303
    refused = new_learner_browser().join(code, "Cleo")
    assert refused.status_code == 403 and "closed for joining" in page_html(refused)


def test_forms_without_csrf_token_are_refused(app):
    make_instructor(app)
    browser = Browser(app.test_client())
    response = browser.post(
        "/instructor/sign-in", {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}, csrf=False
    )
    assert response.status_code == 400


def test_pins_and_passwords_are_hashed_at_their_own_costs(tmp_path):
    """A teacher's password at PASSWORD_HASH's cost, a learner's PIN (joining, a teacher's reset)
    at PIN_HASH's: the production defaults are 2**15 and 2**12 (docs/security.md)."""
    from factories import make_classroom, make_learner

    from quizapp.accounts import PIN_COST, hash_secret, reset_pin
    from quizapp.config import Config

    assert Config.PASSWORD_HASH == "scrypt" and Config.PIN_HASH == "scrypt:4096:8:1"
    costs = {"PASSWORD_HASH": "scrypt:2048:8:1", "PIN_HASH": "scrypt:1024:8:1"}
    with test_app(tmp_path, **costs) as app:
        with app.app_context():
            teacher = Instructor(email="t@example.org", password_hash=hash_secret("pw long enough"))
            db.session.add(teacher)
            db.session.commit()
            assert teacher.password_hash.startswith("scrypt:2048:8:1$")
            assert hash_secret("4711", PIN_COST).startswith("scrypt:1024:8:1$")
        learner_id = make_learner(app, make_classroom(app, teacher.id), "Ana")
        with app.app_context():
            learner = db.session.get(Learner, learner_id)
            assert learner.pin_hash.startswith("scrypt:1024:8:1$")
            new_pin = reset_pin(learner)
            assert learner.pin_hash.startswith("scrypt:1024:8:1$")
            assert check_password_hash(learner.pin_hash, new_pin)
