"""Sign-in is rate-limited, for teachers (e-mail and password) and learners (class code, name and
PIN) alike: per account where it was guessed, per address across accounts, in the database so that
every worker process sees the same counts, each check and count one statement. Join codes are
throttled per address."""

import datetime as dt
from types import SimpleNamespace

import factories
import pytest
from apps import database_url
from factories import TEACHER_EMAIL, TEACHER_PASSWORD, make_instructor
from live_server import SocketBrowser, live_server, simultaneously
from pages import Browser
from security_world import PIN

from quizapp import create_app, throttle
from quizapp.extensions import db
from quizapp.models import Instructor, SignInFailure
from quizapp.throttle import (
    ADDRESS_FREE_FAILURES,
    FIRST_BLOCK,
    FREE_FAILURES,
    JOIN_FREE_FAILURES,
)


class Door:
    """One sign-in form: how to try an account with a wrong and with the right secret."""

    def __init__(self, world, kind):
        self.world, self.kind = world, kind

    def form(self, account: str, secret: str) -> dict:
        if self.kind == "instructor":
            return {"email": account, "password": secret}
        return {"code": self.world.ids["code"], "display_name": account, "pin": secret}

    @property
    def url(self):
        return "/instructor/sign-in" if self.kind == "instructor" else "/sign-in"

    @property
    def account(self):
        return TEACHER_EMAIL if self.kind == "instructor" else "Ana"

    @property
    def secret(self):
        return TEACHER_PASSWORD if self.kind == "instructor" else PIN

    def other(self, number: int) -> str:
        """Another account than the one under test."""
        return f"nobody{number}@example.org" if self.kind == "instructor" else f"Nobody {number}"

    def try_(self, account, secret, address, app=None):
        client = (app or self.world.app).test_client()
        browser = Browser(client)
        browser.get(self.url, environ_base={"REMOTE_ADDR": address})
        return browser.post(
            self.url, self.form(account, secret), environ_base={"REMOTE_ADDR": address}
        )


def class_with_ana(app) -> str:
    """The teacher's classroom with Ana in it, made with the factories; returns its join code."""
    with app.app_context():
        instructor_id = db.session.scalar(db.select(Instructor.id))
    classroom_id = factories.make_classroom(app, instructor_id)
    factories.make_learner(app, classroom_id, "Ana", PIN)
    return "TESTC9"


@pytest.fixture(params=["instructor", "learner"])
def door(request, app, teacher):
    code = class_with_ana(app)
    return Door(SimpleNamespace(app=app, ids={"code": code}), request.param)


def unblock(app):
    """Let the blocks run out, as if their time had passed."""
    with app.app_context():
        for row in db.session.query(SignInFailure):
            if row.blocked_until:
                row.blocked_until = row.blocked_until - dt.timedelta(days=1)
        db.session.commit()


def test_one_account_is_slowed_down_where_it_was_guessed_not_where_its_owner_is(door):
    for attempt in range(FREE_FAILURES + 1):
        wrong = door.try_(door.account, f"{attempt}{attempt}99", f"10.0.0.{attempt}")
        assert wrong.status_code == 401, attempt
    # From an address that guessed: refused, even with the right secret.
    blocked = door.try_(door.account, door.secret, "10.0.0.2")
    assert blocked.status_code == 429
    assert FIRST_BLOCK.total_seconds() >= int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed attempts" in blocked.get_data(as_text=True)
    with door.world.app.test_client().session_transaction() as session:
        assert "_user_id" not in session
    if door.kind == "learner":
        # A PIN is short: the learner's account waits wherever the tries come from (see
        # test_pin_guessing_from_many_addresses.py), and after the wait the PIN gets in.
        assert door.try_(door.account, "98765", "10.0.2.1").status_code == 429
        assert door.try_(door.account, door.secret, "10.0.1.1").status_code == 429
        unblock(door.world.app)
        assert door.try_(door.account, door.secret, "10.0.0.2").status_code == 303
        return
    # A guesser on a new address gets one try; after it that address is slowed down too.
    assert door.try_(door.account, "98765", "10.0.2.1").status_code == 401
    assert door.try_(door.account, door.secret, "10.0.2.1").status_code == 429
    # The owner, from an address with no failures, gets in despite the failures elsewhere.
    assert door.try_(door.account, door.secret, "10.0.1.1").status_code == 303
    unblock(door.world.app)
    assert door.try_(door.account, door.secret, "10.0.0.2").status_code == 303


def test_one_address_is_slowed_down_across_accounts(door):
    for attempt in range(ADDRESS_FREE_FAILURES + 1):
        account = door.other(attempt)
        assert door.try_(account, f"{attempt}{attempt}99", "10.9.9.9").status_code == 401
    assert door.try_(door.account, door.secret, "10.9.9.9").status_code == 429
    assert door.try_(door.account, door.secret, "10.9.9.10").status_code == 303


def test_check_and_count_are_one_step(door):
    """Twelve sign-ins at the same moment, each counted before its secret is checked: only as
    many as the limit allows go on to the check, whatever the order they finish in."""
    with door.world.app.app_context():
        key = f"{door.kind}:probe"
        attempts = [throttle.begin_sign_in(key, "10.4.0.1") for _ in range(12)]
        going_on = [a for a in attempts if not a.wait]
        assert len(going_on) == FREE_FAILURES + 1
        assert all(a.wait > 0 for a in attempts[FREE_FAILURES + 1 :])
        for attempt in going_on:
            throttle.failed(attempt)
        assert throttle.begin_sign_in(key, "10.4.0.1").wait > 0


def test_join_codes_are_throttled_per_address(app, teacher):
    code = class_with_ana(app)
    guesser = Browser(app.test_client())
    for number in range(JOIN_FREE_FAILURES + 1):
        guess = guesser.get(f"/join/ZZZ{number:03d}", environ_base={"REMOTE_ADDR": "10.5.0.1"})
        assert guess.status_code == 404, number
    blocked = guesser.get(f"/join/{code}", environ_base={"REMOTE_ADDR": "10.5.0.1"})
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed attempts" in blocked.get_data(as_text=True)
    elsewhere = Browser(app.test_client()).get(
        f"/join/{code}", environ_base={"REMOTE_ADDR": "10.5.0.2"}
    )
    assert elsewhere.status_code == 200


def test_each_further_failure_doubles_the_wait(door):
    waits = []
    for attempt in range(FREE_FAILURES + 3):
        door.try_(door.account, f"{attempt}{attempt}99", f"10.1.0.{attempt}")
        with door.world.app.app_context():
            row = db.session.query(SignInFailure).filter_by(scope="account").one()
            waits.append((row.blocked_until - row.first_at) if row.blocked_until else None)
        unblock(door.world.app)
    blocks = [w for w in waits if w is not None]
    assert len(blocks) == 3 and blocks[0] < blocks[1] < blocks[2]


def test_the_counts_are_shared_by_every_worker(app, tmp_path):
    """Two app instances on one database stand for two worker processes."""
    make_instructor(app)
    second_worker = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": database_url(tmp_path)})
    door = Door(None, "instructor")
    for attempt in range(FREE_FAILURES + 1):
        worker = app if attempt % 2 else second_worker
        assert door.try_(TEACHER_EMAIL, f"wrong {attempt}", "10.2.0.1", worker).status_code == 401
    for worker in (app, second_worker):
        assert door.try_(TEACHER_EMAIL, TEACHER_PASSWORD, "10.2.0.1", worker).status_code == 429
    with second_worker.app_context():
        db.session.remove()
        db.engine.dispose()


def test_twelve_simultaneous_wrong_pins_meet_the_limit(app, teacher):
    """Against a real server: twelve guesses at once for one learner, only as many checked as
    the limit allows; the others are refused before their PIN is looked at."""
    code = class_with_ana(app)
    with live_server(app) as address:
        guessers = [SocketBrowser(address) for _ in range(12)]
        for guesser in guessers:
            guesser.get("/sign-in")
        replies = simultaneously(
            [
                lambda g=g, n=n: g.post(
                    "/sign-in", {"code": code, "display_name": "Ana", "pin": f"{9000 + n}"}
                )
                for n, g in enumerate(guessers)
            ]
        )
    statuses = sorted(reply.status for reply in replies)
    assert statuses == [401] * (FREE_FAILURES + 1) + [429] * (12 - FREE_FAILURES - 1), statuses
