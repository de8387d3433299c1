"""Slowing down repeated failed sign-ins, per account and per client address.

The counts live in the database, so every worker process and app server sees the same ones. After
FREE_FAILURES failures in a row, each further failure blocks the account (or address) for twice as
long as the one before, up to MAX_BLOCK; a success clears the account's count.
"""

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import SignInFailure, utcnow

FREE_FAILURES = 5
FIRST_BLOCK = dt.timedelta(seconds=15)
MAX_BLOCK = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)  # a quiet hour starts the count afresh

Key = tuple[str, str]  # (scope, key): ("account", "instructor:ana@example.org"), ("address", ip)


def seconds_to_wait(keys: list[Key], now: dt.datetime | None = None) -> int:
    """How long any of these keys is still blocked, in whole seconds (0: not blocked)."""
    now = now or utcnow()
    rows = _rows(keys)
    waits = [(r.blocked_until - now).total_seconds() for r in rows if r.blocked_until]
    return max([0, *(int(w) + 1 for w in waits if w > 0)])


def record_failure(keys: list[Key], now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    for scope, key in _stored_keys(keys):
        for _ in range(2):  # a concurrent first failure may insert the row under us: retry once
            row = db.session.scalar(select(SignInFailure).filter_by(scope=scope, key=key))
            if row is None:
                row = SignInFailure(scope=scope, key=key, count=0, first_at=now)
                db.session.add(row)
            elif now - row.first_at > FORGET_AFTER and not _blocked(row, now):
                row.count, row.first_at = 0, now
            row.count += 1
            if row.count > FREE_FAILURES:
                block = FIRST_BLOCK * 2 ** (row.count - FREE_FAILURES - 1)
                row.blocked_until = now + min(block, MAX_BLOCK)
            try:
                db.session.commit()
                break
            except IntegrityError:
                db.session.rollback()


def _stored_keys(keys: list[Key]) -> list[Key]:
    """The keys as stored: one longer than the column (a name of 80 characters that folding
    lengthened) is replaced by its SHA-256, which still tells accounts apart."""
    length = SignInFailure.__table__.c.key.type.length
    return [
        (scope, key if len(key) <= length else "sha256:" + hashlib.sha256(key.encode()).hexdigest())
        for scope, key in keys
    ]


def clear(keys: list[Key]) -> None:
    for row in _rows(keys):
        db.session.delete(row)
    db.session.commit()


def _blocked(row: SignInFailure, now: dt.datetime) -> bool:
    return row.blocked_until is not None and row.blocked_until > now


def _rows(keys: list[Key]) -> list[SignInFailure]:
    rows = []
    for scope, key in _stored_keys(keys):
        row = db.session.scalar(select(SignInFailure).filter_by(scope=scope, key=key))
        if row is not None:
            rows.append(row)
    return rows
