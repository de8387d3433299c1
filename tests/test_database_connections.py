"""A database server that restarts (an update, a failover) drops the app's pooled connections:
the next request after a quiet spell still gets a page, not an error."""

import time

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from quizapp import extensions
from quizapp.extensions import db


def _terminate(url: str, pid: int) -> None:
    """End one server process from outside, as a restart does, and wait until it is gone."""
    server = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(server, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(100):
            found = other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,))
            if found.fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"server process {pid} did not end")


def test_a_connection_dropped_while_idle_is_replaced_before_a_page_uses_it(app, monkeypatch):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("a SQLite file has no connection to drop (the PostgreSQL pass runs this)")
    monkeypatch.setattr(extensions, "IDLE_CHECK_SECONDS", 0)  # any pause counts as a quiet spell
    with app.app_context():
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.remove()  # the connection goes back to the pool, where the restart finds it
    _terminate(url, pid)

    page = app.test_client().get("/")

    assert page.status_code == 200
    with app.app_context():
        assert db.session.scalar(text("SELECT pg_backend_pid()")) != pid
