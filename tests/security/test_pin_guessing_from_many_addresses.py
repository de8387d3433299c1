"""Guessing a learner's PIN from many addresses (issue 25, point 9): the learner's account is
slowed down wherever the tries come from, with a delay that grows and ends (the right PIN gets in
after it), never a lock of the whole class; the teacher sees the failed tries and clears them."""

import datetime as dt
import re

import pytest
from factories import CLASS_CODE, DEFAULT_PIN, make_classroom, make_learner
from pages import Browser

from quizapp import throttle
from quizapp.accounts import pin_account
from quizapp.extensions import db
from quizapp.models import SignInFailure
from quizapp.throttle import FIRST_BLOCK, FREE_FAILURES


def sign_in(app, name: str, pin: str, address: str):
    browser = Browser(app.test_client())
    environ = {"REMOTE_ADDR": address}
    browser.get("/sign-in", environ_base=environ)
    form = {"code": CLASS_CODE, "display_name": name, "pin": pin}
    return browser.post("/sign-in", form, environ_base=environ)


def let_the_delay_pass(app):
    with app.app_context():
        for row in db.session.query(SignInFailure).filter_by(scope="account"):
            if row.blocked_until:
                row.blocked_until = throttle.utcnow() - dt.timedelta(seconds=1)
        db.session.commit()


@pytest.fixture
def classroom_id(app, teacher_id):
    classroom_id = make_classroom(app, teacher_id)
    make_learner(app, classroom_id, "Ana")
    make_learner(app, classroom_id, "Ben")
    return classroom_id


def test_eight_wrong_pins_from_eight_addresses_meet_the_per_account_delay(app, classroom_id):
    statuses, waits = [], []
    for number in range(8):
        reply = sign_in(app, "Ana", f"{9000 + number}", f"10.7.{number}.1")
        statuses.append(reply.status_code)
        waits.append(reply.headers.get("Retry-After"))
    assert statuses == [401] * (FREE_FAILURES + 1) + [429] * (8 - FREE_FAILURES - 1), statuses
    assert all(0 < int(wait) <= FIRST_BLOCK.total_seconds() for wait in waits[FREE_FAILURES + 1 :])
    # Even the right PIN from a fresh address waits: a refusal tells nothing about the PIN.
    assert sign_in(app, "Ana", DEFAULT_PIN, "10.7.99.1").status_code == 429
    # The class is not locked: a classmate signs in at once, from the same addresses.
    assert sign_in(app, "Ben", DEFAULT_PIN, "10.7.1.1").status_code == 303
    # A delay, not a lock: once it has passed, Ana's right PIN gets in, and her count is gone.
    let_the_delay_pass(app)
    assert sign_in(app, "Ana", DEFAULT_PIN, "10.7.99.1").status_code == 303
    with app.app_context():
        assert throttle.failed_tries([pin_account(CLASS_CODE, "ana")]) == {}


def test_the_delay_grows_with_each_further_failure_wherever_it_comes_from(app, classroom_id):
    blocks = []
    for number in range(FREE_FAILURES + 3):
        assert sign_in(app, "Ana", f"{9100 + number}", f"10.8.{number}.1").status_code == 401
        with app.app_context():
            row = db.session.query(SignInFailure).filter_by(scope="account").one()
            if row.blocked_until:
                blocks.append(row.blocked_until - throttle.utcnow())
        let_the_delay_pass(app)
    assert len(blocks) == 3 and blocks[0] < blocks[1] < blocks[2]


def test_a_guesser_who_keeps_the_account_delayed_gets_no_free_tries_again(app, classroom_id):
    """An hour after the series began, a count starts afresh only if no block ran in that hour:
    one guess each time the delay ends never earns the free failures back."""
    account = pin_account(CLASS_CODE, "ana")
    later = throttle.utcnow() + dt.timedelta(hours=2)
    with app.app_context():
        for number in range(FREE_FAILURES + 1):
            throttle.failed(throttle.begin_pin_sign_in(account, f"10.9.{number}.1"))
        row = db.session.query(SignInFailure).filter_by(scope="account").one()
        row.first_at -= dt.timedelta(hours=2)  # the series began two hours ago ...
        row.blocked_until = later - dt.timedelta(minutes=1)  # ... and a block ended a minute ago
        db.session.commit()
        guess = throttle.begin_pin_sign_in(account, "10.9.50.1", now=later)
        assert guess.wait == 0
        throttle.failed(guess, now=later)
        assert throttle.begin_pin_sign_in(account, "10.9.51.1", now=later).wait > 0


def test_the_teacher_sees_the_failed_tries_and_clears_them(app, teacher, classroom_id):
    for number in range(FREE_FAILURES + 2):
        sign_in(app, "Ana", f"{9200 + number}", f"10.6.{number}.1")
    page = teacher.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    ana_row = re.search(r"<th scope=\"row\">Ana</th>.*?</tr>", page, re.S).group(0)
    assert f"{FREE_FAILURES + 1} failed sign-ins" in ana_row
    assert "next try in" in ana_row
    ben_row = re.search(r"<th scope=\"row\">Ben</th>.*?</tr>", page, re.S).group(0)
    assert "failed sign-in" not in ben_row
    action = re.search(r'action="([^"]*clear-failed-sign-ins)"', ana_row).group(1)
    # Like every form: without the CSRF token nothing is cleared.
    assert teacher.client.post(action).status_code == 400
    assert sign_in(app, "Ana", DEFAULT_PIN, "10.6.99.1").status_code == 429
    cleared = teacher.post(action)
    assert cleared.status_code == 303
    page = teacher.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    assert "The failed sign-ins of Ana are cleared." in page
    assert "clear-failed-sign-ins" not in page
    assert sign_in(app, "Ana", DEFAULT_PIN, "10.6.99.1").status_code == 303
