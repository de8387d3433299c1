"""The load tests' site: a database (SQLite or PostgreSQL) with a classroom of learners, and gunicorn
serving the app on it as the README's production command does."""

import os
import signal
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from quizapp.extensions import db

ROOT = Path(__file__).resolve().parents[2]
SEED_PACK = "belarus-ukraine-war"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg:///quizapp_test")
SECRET_KEY = "load-test-secret"
PIN = "4711"
WORKERS = 4


def _postgres_missing(reason: str) -> None:
    message = f"PostgreSQL load test needs a server at {POSTGRES_URL}: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: PostgreSQL is required)", pytrace=False)
    pytest.skip(f"{message}; skipped (start one as .ci/run does)")


def _admin_connection():
    """An autocommit connection to the server of TEST_POSTGRES_URL, or a skip (a failure under CI)."""
    try:
        import psycopg
    except ImportError:
        _postgres_missing("psycopg is not installed")
    conninfo = make_url(POSTGRES_URL).set(drivername="postgresql")
    try:
        return psycopg.connect(
            conninfo.render_as_string(hide_password=False), autocommit=True, connect_timeout=5
        )
    except psycopg.Error as error:
        _postgres_missing(str(error).strip().splitlines()[0])


def recreate_postgres_database(name: str, create: bool = True) -> None:
    """Drop the PostgreSQL database `name` if it exists, then create it afresh (unless create=False)."""
    from psycopg import sql

    with _admin_connection() as admin:
        database = sql.Identifier(name)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        if create:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(database))


def server_environment(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "PYTHONUNBUFFERED": "1"}


def postgres_url(database: str) -> str:
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


def migrate(url: str) -> None:
    """The migrations `flask db upgrade` runs (as the README has it), on the database at `url`;
    in this process, which saves starting one (tests/test_install.py runs the command itself)."""
    from flask_migrate import upgrade

    from quizapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()


@dataclass(frozen=True)
class Classroom:
    join_code: str
    assignment_id: int
    learner_names: list[str]


def seed_classroom(app, learners: int, join_code: str = "LOAD42") -> Classroom:
    """An instructor, a classroom, an assignment of the seed pack (pinned to its newest version, as
    every assignment made in the app is) and `learners` learners with a PIN.

    The learners are stored directly, their PINs hashed with a cheap scrypt cost: signing them in
    checks the hash at the cost it was made with, and joining 200 learners through the form would
    spend most of a minute of CPU on default-cost hashes before the load begins.
    """
    from quizapp.accounts import name_key
    from quizapp.models import Assignment, Instructor, Learner
    from quizapp.models import Classroom as ClassroomRow
    from quizapp.packs import newest_version_id

    pin_hash = generate_password_hash(PIN, method="scrypt:1024:8:1")
    names = [f"Learner {number:03d}" for number in range(1, learners + 1)]
    with app.app_context():
        instructor = Instructor(email="load@example.org", password_hash=pin_hash)
        classroom = ClassroomRow(instructor=instructor, name="Load test", join_code=join_code)
        assignment = Assignment(  # pinned to the pack's newest version, as the app pins one
            classroom=classroom,
            pack_slug=SEED_PACK,
            pack_version_id=newest_version_id(SEED_PACK),
            feedback_mode="after_attempt",
            languages=[],
        )
        db.session.add_all([instructor, classroom, assignment])
        db.session.add_all(
            Learner(
                display_name=name,
                name_key=name_key(name),
                classroom=classroom,
                pin_hash=pin_hash,
                locale="en",
            )
            for name in names
        )
        db.session.commit()
        return Classroom(join_code, assignment.id, names)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def established_inodes(port: int) -> set[int]:
    """The inodes of the established TCP connections to 127.0.0.1:`port`, from the kernel's
    socket diagnostics (netlink sock_diag: fast, where /proc/net/tcp lists every TIME_WAIT too)."""
    sock_diag_by_family, dump, done, error = 20, 0x300 | 0x1, 3, 2
    request = struct.pack("=BBBBI", socket.AF_INET, socket.IPPROTO_TCP, 0, 0, 1 << 1)  # ESTABLISHED
    request += bytes(48)  # struct inet_diag_sockid: no filter, every established socket
    header = struct.pack("=IHHII", 16 + len(request), sock_diag_by_family, dump, 1, 0)
    inodes = set()
    with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 4) as netlink:  # NETLINK_SOCK_DIAG
        netlink.send(header + request)
        while True:
            data = netlink.recv(1 << 16)
            offset = 0
            while offset < len(data):
                length, kind = struct.unpack_from("=IH", data, offset)
                if kind == done:
                    return inodes
                if kind == error:
                    raise OSError("sock_diag refused the request")
                # struct inet_diag_msg: 4 bytes, the socket id (source port first), 5 u32, inode last
                (source_port,) = struct.unpack_from(">H", data, offset + 16 + 4)
                (inode,) = struct.unpack_from("=I", data, offset + 16 + 68)
                if source_port == port:
                    inodes.add(inode)
                offset += (length + 3) & ~3


@dataclass
class Server:
    """gunicorn serving quizapp: its master process, its port and its log."""

    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def master_pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def worker_pids(self) -> set[int]:
        """The master's child processes: its workers."""
        pids = set()
        for children in Path(f"/proc/{self.master_pid}/task").glob("*/children"):
            pids.update(int(pid) for pid in children.read_text().split())
        return pids

    def busy_workers(self) -> set[int]:
        """Workers holding an established connection on the server's port: serving a request now.

        (A worker that has sent its response half-closes the connection, so it no longer counts.)
        """
        connections = {f"socket:[{inode}]" for inode in established_inodes(self.port)}
        busy = set()
        for pid in self.worker_pids():
            try:
                if any(os.readlink(fd) in connections for fd in Path(f"/proc/{pid}/fd").iterdir()):
                    busy.add(pid)
            except OSError:  # the worker ended meanwhile
                continue
        return busy

    def wait_until_answering(self, seconds: float = 60) -> None:
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited ({self.process.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=5) as response:
                    if response.status == 200 and len(self.worker_pids()) == WORKERS:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within {seconds} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: workers finish their requests
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the session this test started
                self.process.wait(timeout=10)


def gunicorn_command(port: int) -> list[str]:
    """The README's production command, with this file's settings, on a port of the test's own."""
    from gunicorn.config import KNOWN_SETTINGS

    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
        command.append("--no-control-socket")  # else every server of this user shares one path
    return [*command, "quizapp:create_app()"]


def start_gunicorn(url: str, log_path: Path) -> Server:
    """gunicorn with WORKERS workers on the database at `url`, answering once this returns."""
    port = free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            gunicorn_command(port),
            cwd=ROOT,
            env=server_environment(url),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, port, log_path)
    try:
        server.wait_until_answering()
    except BaseException:
        server.stop()
        raise
    return server
