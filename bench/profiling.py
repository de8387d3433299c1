"""`python -m bench --profile`: where quizapp's request time goes, measured in-process.

Learners (--learners, at most 30) walk the whole flow through Flask's test client, against quizapp
and against both baselines (bench/baseline.py, bench/bare.py), on fresh SQLite databases
(PostgreSQL when --databases names only postgresql). It prints the CPU time per request of each
kind for each (time.process_time, no server, no network: the apps' own cost), a question page's
render by part (bench/render_parts.py), then pyinstrument profiles of quizapp's question pages and
answers from a second pass. No gunicorn: this is the tool for finding and checking a fix quickly.
"""

import argparse
import cProfile
import pstats
import random
import shutil
import tempfile
import time
from pathlib import Path

from . import bare, baseline, databases
from .load import KINDS, FlowError, Plan, Tally, join_class, record_error, take_quiz
from .render_parts import question_page_parts
from .report import fixed, ratio, table

PROFILED_KINDS = ("page", "answer")


class StatementCount:
    """The SQL statements an app's engine runs, per kind of request: unlike time, other work on
    the machine cannot change them."""

    def __init__(self, app) -> None:
        from sqlalchemy import event

        from quizapp.extensions import db

        self.total = 0
        self.per_kind: dict[str, int] = {}
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *_args) -> None:
        self.total += 1

    def add(self, kind: str, since: int) -> None:
        self.per_kind[kind] = self.per_kind.get(kind, 0) + self.total - since


class CallCount:
    """The Python function calls per kind of request (cProfile), as deterministic as the SQL."""

    def __init__(self) -> None:
        self.per_kind: dict[str, int] = {}
        self.requests: dict[str, int] = {}
        self.stats: dict[str, pstats.Stats] = {}

    def run(self, kind: str, request):
        profiler = cProfile.Profile()
        response = profiler.runcall(request)
        stats = pstats.Stats(profiler)
        self.per_kind[kind] = self.per_kind.get(kind, 0) + stats.total_calls
        self.requests[kind] = self.requests.get(kind, 0) + 1
        if kind in self.stats:
            self.stats[kind].add(stats)
        else:
            self.stats[kind] = stats
        return response

    def top_by_own_time(self, kind: str, limit: int = 30) -> list[list[str]]:
        """The functions with the most own time (cProfile's tottime) over a kind's requests:
        calls per request, own and cumulative microseconds per request, share of own time."""
        stats = self.stats.get(kind)
        if stats is None:
            return []
        requests = self.requests[kind]
        entries = stats.stats  # type: ignore[attr-defined]
        total = sum(entry[2] for entry in entries.values()) or 1.0
        ranked = sorted(entries.items(), key=lambda item: -item[1][2])[:limit]
        return [
            [
                _function_name(where),
                fixed(calls / requests, 1),
                fixed(1e6 * own / requests, 1),
                fixed(1e6 * cumulative / requests, 1),
                fixed(100 * own / total, 1),
            ]
            for where, (_primitive, calls, own, cumulative, _callers) in ranked
        ]


def _function_name(where: tuple[str, int, str]) -> str:
    """A cProfile entry as `package/module.py:line(function)`, the path from site-packages on."""
    path, line, function = where
    if "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    elif "/quizapp/" in path:
        path = "quizapp/" + path.split("/quizapp/", 1)[1]
    elif "/lib/python" in path:
        path = path.split("/lib/python", 1)[1].split("/", 1)[-1]
    return f"{path}:{line}({function})" if line else function


class TestClientSession:
    """Client.request over a Flask test client, timing CPU instead of wall time."""

    def __init__(
        self,
        flask_client,
        tally: Tally,
        profilers: dict | None = None,
        statements: StatementCount | None = None,
        calls: CallCount | None = None,
    ):
        self.client = flask_client
        self.calls = calls
        self.tally = tally
        self.profilers = profilers or {}
        self.statements = statements

    def request(self, method, path, kind, expect, form=None):
        profiler = self.profilers.get(kind)
        if profiler is not None:
            profiler.start()
        counted = self.statements.total if self.statements else 0
        started = time.process_time()
        headers = {"Accept-Language": "en"}
        if self.calls is not None:
            response = self.calls.run(
                kind,
                lambda: self.client.open(path, method=method, data=form, headers=headers),
            )
        else:
            response = self.client.open(path, method=method, data=form, headers=headers)
        elapsed = time.process_time() - started
        if self.statements is not None:
            self.statements.add(kind, counted)
        if profiler is not None:
            profiler.stop()
        if response.status_code != expect:
            raise FlowError(kind, f"{method} {path} answered {response.status_code}, not {expect}")
        self.tally.latencies[kind].append(elapsed)
        return response.get_data(as_text=True), response.headers.get("Location", "")


def _library(frame, parent: str) -> str:
    """The library a frame's code belongs to: a site-packages package, quizapp, the stdlib, the
    database driver's C code; other built-ins and generated code count for their caller."""
    path = frame.file_path or ""
    if path in ("<built-in>", "<string>"):
        if frame.function.startswith(("Cursor.", "Connection.")):
            return "database driver (C)"
        return parent
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if path.startswith("<sqlalchemy"):
        return "sqlalchemy"
    if path.startswith("<werkzeug"):
        return "werkzeug"
    if "/quizapp/" in path:
        return "quizapp templates" if path.endswith(".html") else "quizapp"
    if "/bench/" in path:
        return "bench (test client glue)"
    return "python stdlib"


def time_by_library(profiler) -> list[tuple[str, float]]:
    """Self time per library over a pyinstrument session, as fractions of the total."""
    session = profiler.last_session
    root = session.root_frame() if session else None
    totals: dict[str, float] = {}
    stack = [(root, "python stdlib")] if root else []
    while stack:
        frame, parent = stack.pop()
        if frame.is_synthetic:  # "[self]" markers: counted in their parent's total_self_time
            continue
        library = _library(frame, parent)
        stack.extend((child, library) for child in frame.children)
        totals[library] = totals.get(library, 0.0) + frame.total_self_time
    overall = sum(totals.values()) or 1.0
    return sorted(((k, v / overall) for k, v in totals.items()), key=lambda kv: -kv[1])


def walk_flow(
    app,
    code: str,
    names: list[str],
    profilers: dict | None = None,
    statements: StatementCount | None = None,
    calls: CallCount | None = None,
) -> Tally:
    tally = Tally()
    plan = Plan("", 0, code, tuple(names))
    for name in names:
        rng = random.Random(name)
        session = TestClientSession(app.test_client(), tally, profilers, statements, calls)
        try:
            assignment_id, token = join_class(session, plan, name, rng)
            take_quiz(session, plan, assignment_id, token, rng, tally)
        except FlowError as error:
            record_error(tally, name, error)
    if tally.errors:
        raise RuntimeError(f"the profiled flow failed: {tally.error_samples}")
    return tally


def _cpu_row(kind: str, requests: int, per: dict[str, float]) -> list[str]:
    app, base, bare_ms = per["app"], per["baseline"], per["bare"]
    return [kind, str(requests), fixed(app), fixed(base), fixed(bare_ms)] + [
        fixed(ratio(app, base)),
        fixed(ratio(app, bare_ms)),
    ]


def profile_request_path(args: argparse.Namespace) -> int:
    from pyinstrument import Profiler

    from quizapp import create_app

    count = max(1, min(args.learners, 30))
    scratch = Path(tempfile.mkdtemp(prefix="quizapp-profile-"))
    try:
        if args.databases == ["postgresql"]:
            target = databases.postgres_target(args.postgres_url)
        else:
            target = databases.sqlite_target(scratch)
        databases.recreate(target)
        databases.migrate_app_database(target.app_url)
        databases.add_classrooms(target.app_url, ["WARMUP", "MEASURE", "PROFILE"])
        baseline.create_schema(target.baseline_url)
        app = create_app({"SQLALCHEMY_DATABASE_URI": target.app_url, "SECRET_KEY": "bench"})
        base = baseline.create_app(target.baseline_url)
        bare_app = bare.create_app(target.baseline_url)

        walk_flow(app, "WARMUP", ["warm-up learner"])
        walk_flow(base, "WARMUP", ["warm-up learner"])
        walk_flow(bare_app, "WARMUP", ["bare warm-up learner"])
        statements = StatementCount(app)
        app_names = [f"app learner {i}" for i in range(count)]
        measured = {
            "app": walk_flow(app, "MEASURE", app_names, statements=statements),
            "baseline": walk_flow(base, "MEASURE", [f"baseline learner {i}" for i in range(count)]),
            "bare": walk_flow(bare_app, "MEASURE", [f"bare learner {i}" for i in range(count)]),
        }
        profilers = {kind: Profiler(interval=0.0002) for kind in PROFILED_KINDS}
        walk_flow(app, "PROFILE", [f"profiled learner {i}" for i in range(count)], profilers)
        parts = question_page_parts(app, "PROFILE")
        calls = CallCount()
        walk_flow(app, "PROFILE", [f"counted learner {i}" for i in range(1, 7)], calls=calls)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(
        f"In-process CPU time per request, {count} learners through Flask's test client on "
        f"{target.name} (no server, no network):"
    )
    sides = ("app", "baseline", "bare")
    rows = []
    totals = dict.fromkeys(sides, 0.0)
    counts = dict.fromkeys(sides, 0)
    for kind in KINDS:
        values = {side: measured[side].latencies[kind] for side in sides}
        if kind not in ("form", "join"):
            for side in sides:
                totals[side] += sum(values[side])
                counts[side] += len(values[side])
        per = {side: 1000 * ratio(sum(values[side]), len(values[side])) for side in sides}
        rows.append(_cpu_row(kind, len(values["app"]), per))
    per = {side: 1000 * ratio(totals[side], counts[side]) for side in sides}
    rows.append(_cpu_row("all but joining", counts["app"], per))
    header = ["kind", "requests", "app ms", "baseline ms", "bare ms", "app/base", "app/bare"]
    print(table(header, rows))
    print()
    print(
        "quizapp's SQL statements (BEGIN and COMMIT are none on SQLite) and Python calls "
        "(cProfile, six more learners) per request:"
    )
    counted = measured["app"].latencies
    print(
        table(
            ["kind", "statements", "Python calls"],
            [
                [
                    kind,
                    fixed(ratio(statements.per_kind.get(kind, 0), len(counted[kind]))),
                    fixed(ratio(calls.per_kind.get(kind, 0), calls.requests.get(kind, 0)), 0),
                ]
                for kind in KINDS
            ],
        )
    )
    print()
    print("pyinstrument: quizapp's self time by library (test client included)")
    shares = {kind: dict(time_by_library(p)) for kind, p in profilers.items()}
    libraries = sorted(
        {lib for kind in shares for lib in shares[kind]},
        key=lambda lib: -sum(shares[k].get(lib, 0) for k in shares),
    )
    print(
        table(
            ["library", *[f"{kind} %" for kind in shares]],
            [
                [lib, *[fixed(100 * shares[k].get(lib, 0.0), 1) for k in shares]]
                for lib in libraries
                if max(shares[k].get(lib, 0.0) for k in shares) >= 0.005
            ],
        )
    )
    print()
    print(
        "A question page's render by part (bench/render_parts.py; every question's page, averaged):"
    )
    print(
        table(
            ["part", "CPU ms", "Python calls"],
            [[part, fixed(ms, 3), str(calls)] for part, ms, calls in parts],
        )
    )
    for kind in PROFILED_KINDS + ("results",):
        print()
        print(
            f"cProfile: quizapp, {kind} requests ({calls.requests.get(kind, 0)}), whole request "
            "through the test client, the 30 functions with the most own time:"
        )
        print(
            table(
                ["function", "calls/req", "own µs/req", "cum µs/req", "own %"],
                calls.top_by_own_time(kind),
            )
        )
    for kind, profiler in profilers.items():
        print()
        print(f"pyinstrument: quizapp, {kind} requests ({len(measured['app'].latencies[kind])})")
        print(
            profiler.output_text(
                unicode=True,
                color=False,
                time="percent_of_total",
                processor_options={"filter_threshold": 0.01},
            )
        )
    return 0
