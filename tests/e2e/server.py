"""The app served for the browser tests: a fresh migrated SQLite database with an instructor, and
`flask run` on a free port of 127.0.0.1, started once per session (see conftest.py's `server`)."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from apps import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
INSTRUCTOR_EMAIL = "lehrerin@example.org"
INSTRUCTOR_PASSWORD = "e2e correct horse battery"
SECRET_KEY = "e2e-secret-key"
SERVER_START_TIMEOUT = 60  # seconds; the machine is shared, so generous but bounded


@dataclass(frozen=True)
class Server:
    url: str
    instructor_email: str
    instructor_password: str
    folder: Path


def run_flask(env: dict, *args: str) -> None:
    """Run one `flask` command on the server's database; the test fails with its output if it does."""
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


def wait_until_answering(url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait until `url` answers 200; fail with the server's log if it stops or takes too long."""
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


@contextlib.contextmanager
def served(folder: Path) -> Iterator[Server]:
    """A fresh migrated SQLite database in `folder`, an instructor, and the app served on
    127.0.0.1 until the block ends."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'e2e.db'}",
        "SECRET_KEY": SECRET_KEY,
        "FLASK_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
        # Sign-up with the administrator's approval: the sign-up form is audited (by default
        # teacher accounts come by invitation and the page says so).
        "QUIZAPP_TEACHER_SIGN_UP": "approval",
    }
    env.pop("TEST_DATABASE_URL", None)
    run_flask(env, "db", "upgrade")
    run_flask(
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
        wait_until_answering(url + "/", process, log)
        yield Server(url, INSTRUCTOR_EMAIL, INSTRUCTOR_PASSWORD, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
