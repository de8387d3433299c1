"""Fixtures for the load tests: a migrated database (SQLite or PostgreSQL) and gunicorn serving the
app on it with 4 workers, as the README's production command does.

The PostgreSQL variant needs a server (TEST_POSTGRES_URL, default postgresql+psycopg:///quizapp_test):
without one it is skipped, except under CI=true, where it fails.
"""

import os

import pytest

from load.loadsite import (
    SECRET_KEY,
    migrate,
    postgres_url,
    recreate_postgres_database,
    start_gunicorn,
)
from quizapp import create_app
from quizapp.extensions import db


@pytest.fixture(params=["sqlite", "postgresql"])
def load_database_url(request, tmp_path):
    """An empty database: a SQLite file, or a PostgreSQL database of this run's own, dropped after."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'quizapp.db'}"
        return
    # A database per test process, so that two people running the load tests at once do not meet.
    name = f"quizapp_load_{os.getpid()}"
    recreate_postgres_database(name)
    yield postgres_url(name)
    recreate_postgres_database(name, create=False)


@pytest.fixture
def load_app(load_database_url):
    """The database migrated with `flask db upgrade`, and an app on it for setting up and checking."""
    migrate(load_database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": load_database_url, "SECRET_KEY": SECRET_KEY})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def gunicorn(load_app, tmp_path):
    """gunicorn with 4 workers on the load test's database, stopped after the test."""
    server = start_gunicorn(load_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "gunicorn.log")
    yield server
    server.stop()
