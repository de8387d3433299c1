"""The browser tests' world: one real server process on 127.0.0.1 and one Chromium for the session.

Every test here is marked `e2e`. Without Debian's Chromium (Playwright's own browser download does
not work here) they are skipped with a message that says how to install it.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from apps import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
INSTRUCTOR_EMAIL = "lehrerin@example.org"
INSTRUCTOR_PASSWORD = "e2e correct horse battery"
SERVER_START_TIMEOUT = 60  # seconds; the machine is shared, so generous but bounded
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


@dataclass(frozen=True)
class Server:
    url: str
    instructor_email: str
    instructor_password: str
    folder: Path


def _flask(env: dict, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quizapp", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        pytest.fail(f"flask {' '.join(args[:2])} failed:\n{done.stdout}\n{done.stderr}")


def _wait_until_answering(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped on start:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """A fresh migrated SQLite database, an instructor, and the app served on 127.0.0.1."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'e2e.db'}",
        "SECRET_KEY": "e2e-secret-key",
        "FLASK_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TEST_DATABASE_URL", None)
    _flask(env, "db", "upgrade")
    _flask(
        env,
        "users",
        "create-instructor",
        INSTRUCTOR_EMAIL,
        "--password",
        INSTRUCTOR_PASSWORD,
    )
    port = free_port()
    log = folder / "server.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "quizapp", "run"]
            + ["--host", "127.0.0.1", "--port", str(port), "--no-reload", "--no-debugger"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(url + "/", process, log)
        yield Server(url, INSTRUCTOR_EMAIL, INSTRUCTOR_PASSWORD, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


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
    """Make browser contexts (each a separate browser profile) on the server; closed after the test."""
    made: list[BrowserContext] = []

    def make(**options) -> "BrowserContext":
        options.setdefault("locale", "en-GB")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=server.url, **options)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@dataclass(frozen=True)
class ClassroomScene:
    """A classroom in mid-term: learners who finished the seed pack, one halfway through it.

    Storage states let a test open a fresh context as the teacher or as a learner without signing in.
    """

    classroom_url: str
    code: str
    dashboard_url: str
    attempt_url: str  # the teacher's view of a finished attempt
    results_url: str  # the finished learner's results
    answered_url: str  # a question the halfway learner answered (wrongly): it shows feedback
    unanswered_url: str  # the question the halfway learner has to answer next: never answered
    teacher: dict
    finished_learner: dict
    halfway_learner: dict


SCENE_LEARNERS = (
    ("Ana B.", lambda n: "wrong" if n % 7 == 3 else "right"),
    ("Ben K.", lambda n: "wrong" if n % 3 == 1 else ("partly" if n in (17, 34) else "right")),
    ("Chiara M.", lambda n: "wrong" if n % 2 else "right"),
)
HALFWAY_ANSWERS = 4  # the halfway learner answers this many questions (the 2nd of them wrongly)


def _scene_app(server: Server):
    """The app in this process on the server's database, for building the scene with the factories."""
    from quizapp import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{server.folder / 'e2e.db'}",
            "SECRET_KEY": "e2e-secret-key",
            "PASSWORD_HASH": "scrypt:1024:8:1",
        }
    )


@pytest.fixture(scope="session")
def classroom(browser, server) -> ClassroomScene:
    """A teacher with a classroom, the seed pack assigned with immediate feedback, three learners
    who finished it and one halfway through: made with the factories (what the pages do to get
    there is what the scenario tests prove), then signed in through the pages for their cookies."""
    from factories import make_assignment, make_attempt, make_classroom, make_instructor
    from factories import make_learner as join

    from e2e.steps import answer_fields, sign_in_instructor, sign_in_learner
    from quizapp.constants import FeedbackMode

    app = _scene_app(server)
    code = "KL7A2B"
    teacher_id = make_instructor(app, "klassenlehrer@example.org", INSTRUCTOR_PASSWORD)
    classroom_id = make_classroom(app, teacher_id, "7a Gesellschaftskunde", code)
    assignment_id = make_assignment(app, classroom_id, feedback_mode=FeedbackMode.IMMEDIATE)

    def answers(plan):
        return lambda n, question: plan(n) and answer_fields(question, "en", plan(n))

    finished = [
        make_attempt(app, join(app, classroom_id, name), assignment_id, answers(plan))
        for name, plan in SCENE_LEARNERS
    ]
    halfway = make_attempt(
        app,
        join(app, classroom_id, "Emil S."),
        assignment_id,
        answers(lambda n: None if n > HALFWAY_ANSWERS else ("wrong" if n == 2 else "right")),
    )

    contexts = []

    def signed_in(sign_in, *who) -> dict:
        made = browser.new_context(base_url=server.url, locale="en-GB")
        made.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(made)
        sign_in(made.new_page(), *who)
        return made.storage_state()

    try:
        return ClassroomScene(
            classroom_url=f"{server.url}/instructor/classrooms/{classroom_id}",
            code=code,
            dashboard_url=f"{server.url}/instructor/assignments/{assignment_id}",
            attempt_url=f"{server.url}/instructor/attempts/{finished[0]}",
            results_url=f"/attempts/{finished[0]}/results",
            answered_url=f"/attempts/{halfway}/questions/2",
            unanswered_url=f"/attempts/{halfway}/questions/{HALFWAY_ANSWERS + 1}",
            teacher=signed_in(sign_in_instructor, "klassenlehrer@example.org", INSTRUCTOR_PASSWORD),
            finished_learner=signed_in(sign_in_learner, code, SCENE_LEARNERS[0][0]),
            halfway_learner=signed_in(sign_in_learner, code, "Emil S."),
        )
    finally:
        for made in contexts:
            made.close()
