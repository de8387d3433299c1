"""The benchmark's databases: created fresh for every run, seeded with classrooms, checked after."""

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import column, create_engine, func, insert, select, table
from sqlalchemy.engine import make_url

from . import baseline
from .servers import ROOT

PACK_ID = baseline.PACK_ID
DEFAULT_POSTGRES_URL = "postgresql+psycopg:///quizapp_bench"


@dataclass(frozen=True)
class Target:
    """One database engine to benchmark on: the app's database and the baseline's."""

    name: str  # "sqlite" or "postgresql"
    app_url: str
    baseline_url: str

    @property
    def app_database(self) -> str:
        return make_url(self.app_url).database or ""

    @property
    def baseline_database(self) -> str:
        return make_url(self.baseline_url).database or ""


def sqlite_target(folder: Path) -> Target:
    return Target(
        "sqlite",
        f"sqlite:///{folder / 'quizapp_bench.db'}",
        f"sqlite:///{folder / 'quizapp_bench_baseline.db'}",
    )


def postgres_target(url: str) -> Target:
    app_url = make_url(url)
    baseline_url = app_url.set(database=f"{app_url.database}_baseline")
    return Target(
        "postgresql",
        app_url.render_as_string(hide_password=False),
        baseline_url.render_as_string(hide_password=False),
    )


def _maintenance_dsn(url: str) -> str:
    """A libpq connection string for the server's `postgres` database, for CREATE DATABASE."""
    server = make_url(url).set(drivername="postgresql", database="postgres")
    return server.render_as_string(hide_password=False)


def postgres_unavailable(url: str) -> str | None:
    """Why PostgreSQL at `url` cannot be used (psycopg missing, no server), or None."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        psycopg.connect(_maintenance_dsn(url), connect_timeout=5).close()
    except psycopg.Error as error:
        return f"no PostgreSQL server answers ({str(error).strip().splitlines()[0]})"
    return None


def recreate(target: Target) -> None:
    """Empty databases for the app and the baseline (dropped first if a previous run left them)."""
    if target.name == "sqlite":
        for url in (target.app_url, target.baseline_url):
            path = Path(make_url(url).database or "")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(_maintenance_dsn(target.app_url), autocommit=True) as connection:
        for name in (target.app_database, target.baseline_database):
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')


def migrate_app_database(url: str) -> None:
    """The app's schema the production way: `flask db upgrade` (as `make db` runs it)."""
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run(
        [str(flask), "--app", "quizapp", "db", "upgrade"],
        cwd=ROOT,
        # PYTHONPATH: this checkout's quizapp and migrations, not the one the venv was installed from
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}\n{done.stderr}")


def add_classrooms(url: str, codes: list[str]) -> dict[str, int]:
    """A classroom per join code, each with the seed pack assigned (open, one attempt, feedback at
    the end, questions in an order of their own for each learner); returns the assignment id
    per code."""
    from quizapp.models import Assignment, Classroom, Instructor

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    engine = create_engine(url)
    assignments = {}
    with engine.begin() as connection:
        instructor_id = connection.scalar(
            select(Instructor.id).where(Instructor.email == "bench@example.org")
        )
        if instructor_id is None:
            instructor_id = connection.execute(
                insert(Instructor.__table__).values(
                    email="bench@example.org", password_hash="!", locale="en", created_at=now
                )
            ).inserted_primary_key[0]
        for code in codes:
            classroom_id = connection.execute(
                insert(Classroom.__table__).values(
                    instructor_id=instructor_id,
                    name=f"Bench class {code}",
                    join_code=code,
                    joining_open=True,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            assignments[code] = connection.execute(
                insert(Assignment.__table__).values(
                    classroom_id=classroom_id,
                    pack_id=PACK_ID,
                    opens_at=now - dt.timedelta(hours=1),
                    closes_at=None,
                    time_limit_minutes=None,
                    attempts_allowed=1,
                    shuffle_questions=True,  # questions 1-10 and 27-36: the same mix of types
                    shuffle_options=False,
                    feedback_mode="after_attempt",
                    languages=[],
                    created_at=now,
                )
            ).inserted_primary_key[0]
    engine.dispose()
    return assignments


def stored_answers(url: str, table_name: str, attempt_ids: list[int]) -> dict[int, int]:
    """How many responses the database holds per attempt (table response or bench_response)."""
    responses = table(table_name, column("attempt_id"))
    engine = create_engine(url)
    counts: dict[int, int] = {}
    with engine.connect() as connection:
        for start in range(0, len(attempt_ids), 500):
            rows = connection.execute(
                select(responses.c.attempt_id, func.count())
                .where(responses.c.attempt_id.in_(attempt_ids[start : start + 500]))
                .group_by(responses.c.attempt_id)
            )
            counts.update({int(attempt_id): int(count) for attempt_id, count in rows})
    engine.dispose()
    return counts


def lost_answers(acknowledged: dict[int, int], stored: dict[int, int]) -> int:
    """Answers the server acknowledged (303) that the database does not hold."""
    return sum(
        max(0, count - stored.get(attempt_id, 0)) for attempt_id, count in acknowledged.items()
    )


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(_maintenance_dsn(url)) as connection:
        return str(connection.execute("SHOW server_version").fetchone()[0]).split()[0]
