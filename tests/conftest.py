"""Fixtures: a fresh app and database per test (apps.py), browsers on it (pages.py), and a
teacher signed in. Rows a test needs come from factories.py."""

import pytest
from apps import test_app
from factories import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    OTHER_EMAIL,
    OTHER_PASSWORD,
    SEED_PACK,
    make_instructor,
)
from pages import Browser, LearnerBrowser, TeacherBrowser


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch):
    """Command-line messages in English whatever the machine's LANG (a test may switch)."""
    monkeypatch.setenv("QUIZAPP_LANGUAGE", "en")


@pytest.fixture
def app(tmp_path):
    with test_app(tmp_path) as app:
        yield app


@pytest.fixture
def in_app(app):
    """Database work outside any request: `with in_app(): db.session...`."""
    return app.app_context


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def other_browser(app):
    return Browser(app.test_client())


@pytest.fixture
def seed_pack(app):
    return app.extensions["quizapp.packs"][SEED_PACK]


@pytest.fixture
def teacher_id(app) -> int:
    """The instructor factories.make_instructor makes by default (the one `teacher` signs in as)."""
    return make_instructor(app)


@pytest.fixture
def teacher(app, teacher_id) -> TeacherBrowser:
    """A browser signed in as the instructor `teacher_id`."""
    browser = TeacherBrowser(app.test_client())
    assert browser.sign_in().status_code == 303
    return browser


@pytest.fixture
def other_teacher_id(app) -> int:
    """A second instructor, who owns nothing of `teacher`'s."""
    return make_instructor(app, OTHER_EMAIL, OTHER_PASSWORD)


@pytest.fixture
def other_teacher(app, other_teacher_id) -> TeacherBrowser:
    """A browser signed in as the instructor `other_teacher_id`."""
    browser = TeacherBrowser(app.test_client())
    assert browser.sign_in(OTHER_EMAIL, OTHER_PASSWORD).status_code == 303
    return browser


@pytest.fixture
def new_learner_browser(app):
    """Make learners' browsers, each with cookies of its own (not signed in); the Learner rows
    come from factories.make_learner."""
    return lambda: LearnerBrowser(app.test_client())


@pytest.fixture
def administrator(app) -> TeacherBrowser:
    """A browser signed in as the school's administrator, a teacher with no classes."""
    make_instructor(app, ADMIN_EMAIL, ADMIN_PASSWORD, administrator=True)
    browser = TeacherBrowser(app.test_client())
    assert browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 303
    return browser
