"""An app for one test on a database of its own: a fresh SQLite file, or an emptied PostgreSQL
database when TEST_DATABASE_URL names one. The fixtures in conftest.py make theirs with test_app;
a test that needs other settings (costs, proxies, a second server) calls it itself."""

import atexit
import contextlib
import functools
import os
import shutil
import socket
import tempfile
from pathlib import Path

import sqlalchemy as sa
from jinja2 import BytecodeCache
from werkzeug.routing import Rule

from quizapp import create_app
from quizapp.extensions import db

QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "questions"


def database_url(tmp_path: Path) -> str:
    """TEST_DATABASE_URL (e.g. PostgreSQL) if set, else a fresh SQLite file for this test.

    Under pytest-xdist each worker has a database of its own on the server (quizapp_test_gw0, …),
    made on first use, so workers never drop each other's tables.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        path = tmp_path / "quizapp.db"
        if not path.exists():
            shutil.copyfile(_sqlite_schema(), path)
            _FRESH_COPIES.add(f"sqlite:///{path}")
        return f"sqlite:///{path}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker else url


_FRESH_COPIES: set[str] = set()  # SQLite files just copied from the schema: empty already


@functools.cache
def _sqlite_schema() -> Path:
    """A SQLite file holding the models' tables, empty, made once per test process: a test's
    database starts as a copy of it (creating the tables for each test took six times as long)."""
    import quizapp.models  # noqa: F401  (the tables)

    folder = Path(tempfile.mkdtemp(prefix="quizapp-schema-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    engine = sa.create_engine(f"sqlite:///{folder / 'schema.db'}")
    db.metadata.create_all(engine)
    engine.dispose()
    return folder / "schema.db"


@functools.cache
def _worker_database(url: str, worker: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    server = base.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(False)


@functools.cache
def _restart_sequences() -> str:
    """One statement setting every table's id sequence back to 1 (NULL for a table without)."""
    return "SELECT " + ", ".join(
        f"setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)"
        for table in db.metadata.sorted_tables
        for column in table.primary_key.columns
        if column.autoincrement is not False and isinstance(column.type, sa.Integer)
    )


_COLUMNS_CHECKED: set[str] = set()


def _columns_checked(engine: sa.Engine) -> bool:
    """False the first time a process meets a database whose tables lack a column of the
    models' or have one more (a database kept from a run before a migration added one), so the
    schema is rebuilt; True after that first look (a look per test would cost a query a table)."""
    url = engine.url.render_as_string(hide_password=False)
    if url in _COLUMNS_CHECKED:
        return True
    _COLUMNS_CHECKED.add(url)
    inspector = sa.inspect(engine)
    return all(
        {column["name"] for column in inspector.get_columns(name)} == set(table.columns.keys())
        for name, table in db.metadata.tables.items()
    )


def empty_schema() -> None:
    """The models' tables, empty, with ids counting from 1 again (in the app's context).

    Creating and dropping every table for each test costs PostgreSQL a third of a second, so a
    database whose tables are the models' ones is only emptied; any other state (a fresh SQLite
    file, tables a migration test left, another fixture's drop_all) is rebuilt from scratch.
    """
    engine = db.engine
    tables = set(db.metadata.tables)
    if set(sa.inspect(engine).get_table_names()) != tables or not _columns_checked(engine):
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.drop_all()
        db.create_all()
        return
    with engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(_restart_sequences())
        else:
            connection.exec_driver_sql("DELETE FROM sqlite_sequence")


class KeptTemplates(BytecodeCache):
    """The compiled templates of this test process, shared by every test's app: compiling them
    again for each app was a third of making a test's classroom. Jinja keys them by the template's
    name and checks its source's checksum, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


KEPT_TEMPLATES = KeptTemplates()


def keep_url_builders() -> None:
    """Each test's app compiles the same few hundred URL rules; Werkzeug builds a Python function
    per rule to make its URLs (an AST compiled afresh), which was four fifths of making an app.
    This test process keeps each function and hands it to every rule of the same text, variables
    and defaults: the function reads the rule's converters from the rule it is bound to, so
    what it returns is the same as a freshly compiled one's."""
    compile_builder = Rule._compile_builder
    kept: dict[tuple, object] = {}

    def kept_builder(rule: Rule, append_unknown: bool = True):
        defaults = sorted((rule.defaults or {}).items(), key=lambda item: item[0])
        key = (rule.rule, tuple(rule._trace), repr(defaults), append_unknown)
        if key not in kept:
            kept[key] = compile_builder(rule, append_unknown)
        return kept[key]

    Rule._compile_builder = kept_builder


keep_url_builders()


@contextlib.contextmanager
def test_app(tmp_path: Path, **settings):
    """An app for one test on an empty database (see empty_schema); `settings` override."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
            "QUESTIONS_DIR": QUESTIONS_DIR,
            "PASSWORD_HASH": "scrypt:1024:8:1",
            "PIN_HASH": "scrypt:1024:8:1",
            "TEACHER_SIGN_UP": "invitation",  # whatever the environment says; tests open it
            **settings,
        }
    )
    app.jinja_env.bytecode_cache = KEPT_TEMPLATES
    # No app context stays pushed during a test: each request gets its own, as in production
    # (a shared one would carry Flask-Login's signed-in user from one client to another).
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url in _FRESH_COPIES:
        _FRESH_COPIES.discard(url)
    else:
        with app.app_context():
            empty_schema()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


test_app.__test__ = False  # a helper, not a test


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
