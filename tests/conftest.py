"""Fixtures: a fresh app and database per test, and a learner's browser that handles CSRF tokens."""

import os
import re
from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.extensions import db

SEED_PACK = "belarus-ukraine-war"
QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "questions"
QUESTION_FIELD = re.compile(r'name="question" value="([^"]+)"')
CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def database_url(tmp_path: Path) -> str:
    """TEST_DATABASE_URL (e.g. PostgreSQL) if set, else a fresh SQLite file for this test."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'quizapp.db'}"


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
            "QUESTIONS_DIR": QUESTIONS_DIR,
        }
    )
    # No app context stays pushed during a test: each request gets its own, as in production
    # (a shared one would carry Flask-Login's signed-in user from one client to another).
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


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
        return self.client.post(url, data=data, **kwargs)

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
