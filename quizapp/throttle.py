"""Slowing down guessing: failed sign-ins and unknown join codes, counted in the database.

The counts live in the database, so every worker process and app server sees the same ones.
Checking a count and counting the attempt are one statement (an UPDATE ... WHERE not blocked
... RETURNING): twelve simultaneous guesses cannot all pass a check that allows six. The
attempt is counted before the secret is checked and taken back if it was right.

The policy (docs/security.md gives the same numbers):

- one account from one address: FREE_FAILURES free failures, then each further failure blocks
  for FIRST_BLOCK, doubling up to MAX_BLOCK;
- one address across accounts: ADDRESS_FREE_FAILURES (a school shares one address), then the same;
- a teacher's account from anywhere: FREE_FAILURES, then the same; this block holds only where
  this account failed before, so the right password from an address with no failures gets in;
- a learner's account from anywhere (begin_pin_sign_in): FREE_FAILURES, then the same for every
  address: a PIN has only 10^4 to 10^8 values, so many addresses must not mean many guesses. The
  block is a delay, never a lock: after it the right PIN gets in, and the teacher sees the
  failures and clears them (failed_tries, forget);
- unknown join codes: JOIN_FREE_FAILURES per address, then the same.

A quiet hour (FORGET_AFTER) starts a count afresh: an hour since the first failure of the series
with no block in that hour, so a guesser who keeps an account blocked never gets free tries again.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from sqlalchemy import DateTime, and_, case, delete, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .extensions import db
from .models import SignInFailure, utcnow

FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 30
JOIN_FREE_FAILURES = 10
FIRST_BLOCK = dt.timedelta(seconds=15)
MAX_BLOCK = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)
# While a counted attempt's secret is being checked, the next attempt over the limit waits.
PENDING = dt.timedelta(minutes=1)

Key = tuple[str, str]  # (scope, key): ("pair", "instructor:ana@example.org|10.0.0.1"), ...
_TABLE = SignInFailure.__table__


@dataclass
class Attempt:
    """An attempt that was counted and may go ahead (wait == 0), or is refused for `wait` s."""

    wait: int = 0
    counted: list[tuple[Key, int, int]] = field(default_factory=list)  # key, count, free
    account: Key | None = None


def block_for(over: int) -> dt.timedelta:
    """The block after the `over`-th failure beyond the free ones: 15 s, 30 s, ... 15 min."""
    return min(FIRST_BLOCK * 2 ** (over - 1), MAX_BLOCK)


def begin_sign_in(account: str, address: str, now: dt.datetime | None = None) -> Attempt:
    """Count a sign-in attempt for `account` from `address`, or refuse it (Attempt.wait)."""
    now = now or utcnow()
    attempt = _reserve_all(
        [
            (("address", address), ADDRESS_FREE_FAILURES),
            (("pair", f"{account}|{address}"), FREE_FAILURES),
        ],
        now,
    )
    if attempt.wait:
        return attempt
    attempt.account = ("account", account)
    pair_count = attempt.counted[-1][1]
    account_wait = seconds_to_wait([attempt.account], now)
    if account_wait and pair_count > 1:  # the account is blocked and this address failed before
        _take_back(attempt)
        return Attempt(wait=account_wait)
    return attempt


def begin_pin_sign_in(account: str, address: str, now: dt.datetime | None = None) -> Attempt:
    """Count a sign-in attempt with a PIN for `account` from `address`, or refuse it: the
    account's count holds wherever the attempts come from (a learner's PIN is short)."""
    return _reserve_all(
        [
            (("address", address), ADDRESS_FREE_FAILURES),
            (("account", account), FREE_FAILURES),
        ],
        now or utcnow(),
    )


@dataclass(frozen=True)
class FailedTries:
    """An account's failed sign-ins in the running series, and how long it is still delayed."""

    count: int
    wait: int = 0


def failed_tries(accounts: list[str], now: dt.datetime | None = None) -> dict[str, FailedTries]:
    """The failed sign-ins of each of these accounts that has any (a series not yet forgotten)."""
    now = now or utcnow()
    stored = {_stored(("account", account))[1]: account for account in accounts}
    rows = db.session.execute(
        select(_TABLE.c.key, _TABLE.c.count, _TABLE.c.blocked_until).where(
            _TABLE.c.scope == "account",
            _TABLE.c.key.in_(list(stored)),
            _TABLE.c.count > 0,
            ~_forgotten(now),
        )
    )
    tries = {}
    for key, count, blocked_until in rows:
        wait = int((blocked_until - now).total_seconds()) + 1 if blocked_until else 0
        tries[stored[key]] = FailedTries(count, max(0, wait))
    return tries


def forget(account: str) -> None:
    """Clear an account's failed sign-ins and its delay (a teacher's decision)."""
    scope, key = _stored(("account", account))
    db.session.execute(delete(SignInFailure).filter_by(scope=scope, key=key))
    db.session.commit()


def begin_join_lookup(address: str, now: dt.datetime | None = None) -> Attempt:
    """Count a look-up of a join code from `address`, or refuse it."""
    return _reserve_all([(("join", address), JOIN_FREE_FAILURES)], now or utcnow())


def succeeded(attempt: Attempt) -> None:
    """The secret (or code) was right: the attempt does not count, the account's counts go."""
    for (scope, key), _count, _free in attempt.counted:
        if scope in ("pair", "account"):
            db.session.execute(delete(SignInFailure).filter_by(scope=scope, key=key))
    if attempt.account:
        scope, key = _stored(attempt.account)
        db.session.execute(delete(SignInFailure).filter_by(scope=scope, key=key))
    _take_back(attempt, commit=False)
    db.session.commit()


def failed(attempt: Attempt, now: dt.datetime | None = None) -> None:
    """The secret was wrong: blocks where a count is past its free failures."""
    now = now or utcnow()
    for key, count, free in attempt.counted:
        _set_block(key, count - free, now)
    if attempt.account:
        count = _count_failure(attempt.account, now)
        _set_block(attempt.account, count - FREE_FAILURES, now)
    db.session.commit()


def seconds_to_wait(keys: list[Key], now: dt.datetime | None = None) -> int:
    """How long any of these keys is still blocked, in whole seconds (0: not blocked)."""
    now = now or utcnow()
    waits = []
    for scope, key in map(_stored, keys):
        until = db.session.scalar(
            select(SignInFailure.blocked_until).filter_by(scope=scope, key=key)
        )
        if until is not None and until > now:
            waits.append(int((until - now).total_seconds()) + 1)
    return max([0, *waits])


def _reserve_all(keys: list[tuple[Key, int]], now: dt.datetime) -> Attempt:
    attempt = Attempt()
    for key, free in keys:
        count = _reserve(key, free, now)
        if count is None:
            _take_back(attempt)
            return Attempt(wait=max(1, seconds_to_wait([key], now)))
        attempt.counted.append((key, count, free))
    db.session.commit()  # at once: on SQLite the write lock is held until the commit
    return attempt


def _insert_missing(scope: str, key: str, now: dt.datetime) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(_TABLE)
        .values(scope=scope, key=key, count=0, first_at=now)
        .on_conflict_do_nothing(index_elements=["scope", "key"])
    )


def _reserve(key: Key, free: int, now: dt.datetime) -> int | None:
    """Count one attempt unless the key is blocked, in one statement; the count, or None."""
    scope, stored = _stored(key)
    _insert_missing(scope, stored, now)
    at = literal(now, DateTime())
    forgotten = _forgotten(now)
    count = case((forgotten, 1), else_=_TABLE.c.count + 1)
    statement = (
        update(_TABLE)
        .where(
            and_(_TABLE.c.scope == scope, _TABLE.c.key == stored),
            or_(_TABLE.c.blocked_until.is_(None), _TABLE.c.blocked_until <= at),
        )
        .values(
            count=count,
            first_at=case((forgotten, at), else_=_TABLE.c.first_at),
            blocked_until=case((count > free, literal(now + PENDING, DateTime())), else_=None),
        )
        .returning(_TABLE.c.count)
    )
    return db.session.execute(statement).scalar_one_or_none()


def _forgotten(now: dt.datetime):
    """Whether a row's series is over: its first failure and its last block an hour ago."""
    hour_ago = literal(now - FORGET_AFTER, DateTime())
    return and_(
        _TABLE.c.first_at < hour_ago,
        or_(_TABLE.c.blocked_until.is_(None), _TABLE.c.blocked_until < hour_ago),
    )


def _take_back(attempt: Attempt, commit: bool = True) -> None:
    """Uncount the attempt's reservations (refused elsewhere, or the secret was right)."""
    for key, count, free in attempt.counted:
        scope, stored = _stored(key)
        values = {"count": _TABLE.c.count - 1}
        if count > free:
            values["blocked_until"] = None  # the pending block this attempt set
        db.session.execute(
            update(_TABLE).where(_TABLE.c.scope == scope, _TABLE.c.key == stored).values(**values)
        )
    if commit:
        db.session.commit()


def _count_failure(key: Key, now: dt.datetime) -> int:
    scope, stored = _stored(key)
    _insert_missing(scope, stored, now)
    forgotten = _forgotten(now)
    statement = (
        update(_TABLE)
        .where(_TABLE.c.scope == scope, _TABLE.c.key == stored)
        .values(
            count=case((forgotten, 1), else_=_TABLE.c.count + 1),
            first_at=case((forgotten, literal(now, DateTime())), else_=_TABLE.c.first_at),
        )
        .returning(_TABLE.c.count)
    )
    return db.session.execute(statement).scalar_one()


def _set_block(key: Key, over: int, now: dt.datetime) -> None:
    if over <= 0:
        return
    scope, stored = _stored(key)
    db.session.execute(
        update(_TABLE)
        .where(_TABLE.c.scope == scope, _TABLE.c.key == stored)
        .values(blocked_until=now + block_for(over))
    )


def _stored(key: Key) -> Key:
    """The key as stored: one longer than the column (a name of 80 characters that folding
    lengthened) is replaced by its SHA-256, which still tells accounts apart."""
    scope, text = key
    length = _TABLE.c.key.type.length
    if len(text) <= length:
        return scope, text
    return scope, "sha256:" + hashlib.sha256(text.encode()).hexdigest()
