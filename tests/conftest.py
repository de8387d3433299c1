"""Fixtures: a fresh app and database per test, and a learner's browser that handles CSRF tokens."""

import atexit
import contextlib
import functools
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from jinja2 import BytecodeCache

from quizapp import create_app
from quizapp.extensions import db

SEED_PACK = "belarus-ukraine-war"
QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "questions"
QUESTION_FIELD = re.compile(r'name="question" value="([^"]+)"')
CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


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
        return f"sqlite:///{path}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker else url


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


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch):
    """Command-line messages in English whatever the machine's LANG (a test may switch)."""
    monkeypatch.setenv("QUIZAPP_LANGUAGE", "en")


@functools.cache
def _restart_sequences() -> str:
    """One statement setting every table's id sequence back to 1 (NULL for a table without)."""
    return "SELECT " + ", ".join(
        f"setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)"
        for table in db.metadata.sorted_tables
        for column in table.primary_key.columns
        if column.autoincrement is not False and isinstance(column.type, sa.Integer)
    )


def empty_schema() -> None:
    """The models' tables, empty, with ids counting from 1 again (in the app's context).

    Creating and dropping every table for each test costs PostgreSQL a third of a second, so a
    database whose tables are the models' ones is only emptied; any other state (a fresh SQLite
    file, tables a migration test left, another fixture's drop_all) is rebuilt from scratch.
    """
    engine = db.engine
    tables = set(db.metadata.tables)
    if set(sa.inspect(engine).get_table_names()) != tables:
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
            **settings,
        }
    )
    app.jinja_env.bytecode_cache = KEPT_TEMPLATES
    # No app context stays pushed during a test: each request gets its own, as in production
    # (a shared one would carry Flask-Login's signed-in user from one client to another).
    with app.app_context():
        empty_schema()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


test_app.__test__ = False  # a helper, not a test


@pytest.fixture
def app(tmp_path):
    with test_app(tmp_path) as app:
        yield app


@pytest.fixture
def in_app(app):
    """Database work outside any request: `with in_app(): db.session...`."""
    return app.app_context


class Browser:
    """The test client as a learner's browser: it keeps cookies and sends the form's CSRF token."""

    def __init__(self, client):
        self.client = client
        self._token: str | None = None
        self._keys: dict[tuple[int, int], str] = {}

    def get(self, url, **kwargs):
        response = self.client.get(url, **kwargs)
        if response.mimetype != "text/html":
            return response
        found = CSRF_FIELD.search(response.get_data(as_text=True))
        if found:
            self._token = found.group(1)
        return response

    def token(self) -> str:
        if self._token is None:
            self.get("/")
        return self._token

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.token())
        response = self.client.post(url, data=data, **kwargs)
        self._token = None  # signing in or out starts a new session with a new token
        return response

    def start(self, name="Ana", feedback_mode="immediate", pack_id=SEED_PACK) -> int:
        """Start an attempt; returns its id."""
        response = self.post(
            f"/packs/{pack_id}/attempts", {"display_name": name, "feedback_mode": feedback_mode}
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        return int(re.search(r"/attempts/(\d+)/", response.headers["Location"]).group(1))

    def question_key(self, attempt_id: int, position: int) -> str:
        """The opaque question name the question page's form sends (read from the page once)."""
        cache_key = (attempt_id, position)
        if cache_key not in self._keys:
            page = self.get(f"/attempts/{attempt_id}/questions/{position}")
            found = QUESTION_FIELD.search(page.get_data(as_text=True))
            assert found, f"no answer form on question {position}"
            self._keys[cache_key] = found.group(1)
        return self._keys[cache_key]

    def answer(
        self, attempt_id: int, position: int, question_id: str | None = None, answer=None, **fields
    ):
        """Answer the question at `position` as its form does (question_id is for reading only)."""
        data = {"question": self.question_key(attempt_id, position), **fields}
        if answer is not None:
            data["answer"] = answer
        return self.post(f"/attempts/{attempt_id}/questions/{position}", data)


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def other_browser(app):
    return Browser(app.test_client())


@pytest.fixture
def seed_pack(app):
    return app.extensions["quizapp.packs"][SEED_PACK]


TEACHER_EMAIL = "teacher@example.org"
TEACHER_PASSWORD = "correct horse battery"


def create_instructor(app, email=TEACHER_EMAIL, password=TEACHER_PASSWORD) -> int:
    from werkzeug.security import generate_password_hash

    from quizapp.models import Instructor

    with app.app_context():
        hashed = generate_password_hash(password, method=app.config["PASSWORD_HASH"])
        instructor = Instructor(email=email, password_hash=hashed)
        db.session.add(instructor)
        db.session.commit()
        return instructor.id


class TeacherBrowser(Browser):
    """A browser signed in as an instructor, with the steps a teacher takes."""

    def sign_in(self, email=TEACHER_EMAIL, password=TEACHER_PASSWORD):
        self.get("/instructor/sign-in")
        return self.post("/instructor/sign-in", {"email": email, "password": password})

    def create_classroom(self, name="9b English") -> tuple[int, str]:
        response = self.post("/instructor/classrooms", {"name": name})
        assert response.status_code == 303, response.get_data(as_text=True)
        classroom_id = int(response.headers["Location"].rsplit("/", 1)[1])
        page = self.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
        code = re.search(r'class="join-code">([A-Z0-9]+)<', page).group(1)
        return classroom_id, code

    def assign(self, classroom_id: int, **settings) -> int:
        data = {"pack_id": SEED_PACK, "attempts_allowed": "1", "feedback_mode": "after_attempt"}
        data.update({k: v for k, v in settings.items() if v is not None})
        response = self.post(f"/instructor/classrooms/{classroom_id}/assignments/new", data)
        assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
        return int(response.headers["Location"].rsplit("/", 1)[1])


class LearnerBrowser(Browser):
    def join(self, code: str, name: str, pin: str = "4711"):
        self.get(f"/join/{code}")
        return self.post(f"/join/{code}", {"display_name": name, "pin": pin, "pin_confirm": pin})

    def sign_in(self, code: str, name: str, pin: str = "4711"):
        """Sign in as a class member who joined before (e.g. one made by factories.make_learner)."""
        self.get("/sign-in")
        response = self.post("/sign-in", {"code": code, "display_name": name, "pin": pin})
        assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
        return response

    def start_assignment(self, assignment_id: int) -> int:
        response = self.post(f"/assignments/{assignment_id}/attempts")
        assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
        return int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))


@pytest.fixture
def teacher(app) -> TeacherBrowser:
    create_instructor(app)
    browser = TeacherBrowser(app.test_client())
    assert browser.sign_in().status_code == 303
    return browser


@pytest.fixture
def make_learner(app):
    return lambda: LearnerBrowser(app.test_client())
