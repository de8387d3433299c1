"""The browser tests' fixtures: one real server process on 127.0.0.1 (server.py) and one Chromium
for the session, browser contexts, and the classroom scene (scene.py).

Every test here is marked `e2e`. Without Debian's Chromium (Playwright's own browser download does
not work here) they are skipped with a message that says how to install it.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from e2e.checks import REPORT_REPEATED_PARTS, SHOWN_TWICE
from e2e.scene import (
    CODE,
    HALFWAY_ANSWERS,
    HALFWAY_LEARNER,
    SCENE_LEARNERS,
    TEACHER_EMAIL,
    ClassroomScene,
    fill_classroom,
)
from e2e.server import INSTRUCTOR_PASSWORD, Server, served

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).resolve().parent
PAGE_TIMEOUT_MS = 20_000

try:
    from playwright.sync_api import Browser, BrowserContext, sync_playwright
except ImportError:  # pragma: no cover - the dev extras install it
    sync_playwright = None


if sync_playwright is None:  # the test modules import Playwright: leave them out, and say so
    collect_ignore_glob = ["test_*.py"]


def pytest_report_header(config):
    reason = _skip_reason()
    return f"e2e: skipped. {reason}" if reason else None


def _skip_reason() -> str | None:
    if sync_playwright is None:
        return "Playwright is not installed: .venv/bin/pip install -e '.[dev]'"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
    return None


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/e2e as e2e, and skip them all where Chromium is missing."""
    reason = _skip_reason()
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """A fresh migrated SQLite database, an instructor, and the app served on 127.0.0.1."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    with served(tmp_path_factory.mktemp("e2e")) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator["Browser"]:
    """Debian's Chromium, headless, driven by Playwright's sync API."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, server) -> Iterator[Callable[..., "BrowserContext"]]:
    """Make browser contexts (each a separate browser profile) on the server; closed after the test.
    Every page they load is checked for a card, heading, id or control shown twice."""
    made: list[BrowserContext] = []
    shown_twice: list[str] = []

    def note_shown_twice(message) -> None:
        if message.text.startswith(SHOWN_TWICE):
            shown_twice.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def make(**options) -> "BrowserContext":
        options.setdefault("locale", "en-GB")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=server.url, **options)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
        context.add_init_script(REPORT_REPEATED_PARTS)
        context.on("console", note_shown_twice)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
    assert shown_twice == [], "a page the test visited shows a part twice"


@pytest.fixture(scope="session")
def classroom(browser, server) -> ClassroomScene:
    """The classroom scene (scene.fill_classroom), its teacher and two of its learners signed in
    through the pages for their cookies."""
    from e2e.steps import sign_in_instructor, sign_in_learner

    rows = fill_classroom(server)
    contexts = []

    def signed_in(sign_in, *who) -> dict:
        made = browser.new_context(base_url=server.url, locale="en-GB")
        made.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(made)
        sign_in(made.new_page(), *who)
        return made.storage_state()

    try:
        return ClassroomScene(
            classroom_url=f"{server.url}/instructor/classrooms/{rows.classroom_id}",
            code=CODE,
            dashboard_url=f"{server.url}/instructor/assignments/{rows.assignment_id}",
            attempt_url=f"{server.url}/instructor/attempts/{rows.finished[0]}",
            results_url=f"/attempts/{rows.finished[0]}/results",
            answered_url=f"/attempts/{rows.halfway}/questions/2",
            unanswered_url=f"/attempts/{rows.halfway}/questions/{HALFWAY_ANSWERS + 1}",
            teacher=signed_in(sign_in_instructor, TEACHER_EMAIL, INSTRUCTOR_PASSWORD),
            finished_learner=signed_in(sign_in_learner, CODE, SCENE_LEARNERS[0][0]),
            halfway_learner=signed_in(sign_in_learner, CODE, HALFWAY_LEARNER),
        )
    finally:
        for made in contexts:
            made.close()
