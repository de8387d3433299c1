"""`python -m bench.differential`: what quizapp runs per question page, answer and results page
that the baseline (bench/baseline.py) does not, by cProfile over the same flow.

Both apps walk the seed pack's flow through Flask's test client on one SQLite database; each
function is named by its file and name (not its line), so Flask's and Werkzeug's shared machinery
cancels out. It prints, per kind, the Python calls per request on each side, then the functions
only quizapp runs, with calls and own µs per request, the most own time first, and the functions
both run that quizapp calls more often. Calls are the firm figures; µs move with other work.
"results again" is each results page requested again (--again times): quizapp's rows all kept.
"""

import argparse
import shutil
import tempfile
from pathlib import Path

from . import baseline, databases
from .profiling import CallCount, walk_flow
from .report import fixed, table

KINDS = ("page", "answer", "results", "results again")


class CallCountAgain(CallCount):
    """CallCount that requests each results page `again` more times, counted as "results again":
    quizapp's every row kept from the first time (the baseline draws every row each time)."""

    def __init__(self, again: int) -> None:
        super().__init__()
        self.again = again

    def run(self, kind: str, request):
        response = super().run(kind, request)
        if kind == "results":
            for _ in range(self.again):
                super().run("results again", request)
        return response


def function_key(where: tuple[str, int, str]) -> str:
    """A cProfile entry as `package/module.py(function)`: without the line, so two versions of a
    library or a moved function still meet."""
    path, _line, function = where
    for marker in ("site-packages/", "/quizapp/", "/bench/"):
        if marker in path:
            prefix = "" if marker == "site-packages/" else marker.strip("/") + "/"
            path = prefix + path.split(marker, 1)[1]
            break
    else:
        if "/lib/python" in path:
            path = path.split("/lib/python", 1)[1].split("/", 1)[-1]
    return f"{path}({function})" if path != "~" else function


def per_request(calls: CallCount, kind: str) -> dict[str, tuple[float, float]]:
    """Calls and own µs per request of each function over a kind's requests."""
    requests = calls.requests.get(kind, 0) or 1
    totals: dict[str, tuple[float, float]] = {}
    for where, (_primitive, count, own, _cumulative, _callers) in calls.stats[kind].stats.items():  # type: ignore[attr-defined]
        key = function_key(where)
        before = totals.get(key, (0.0, 0.0))
        totals[key] = (before[0] + count / requests, before[1] + 1e6 * own / requests)
    return totals


def differential(app_calls: CallCount, base_calls: CallCount, kind: str, limit: int) -> str:
    """The tables for one kind: quizapp's own functions and its extra calls of shared ones."""
    app, base = per_request(app_calls, kind), per_request(base_calls, kind)
    only = sorted(
        ((key, value) for key, value in app.items() if key not in base), key=lambda kv: -kv[1][1]
    )
    more = sorted(
        (
            (key, value, base[key])
            for key, value in app.items()
            if key in base and value[0] > base[key][0] + 0.5
        ),
        key=lambda item: -(item[1][1] - item[2][1]),
    )
    lines = [
        f"{kind}: Python calls per request, quizapp {sum(v[0] for v in app.values()):,.0f}, "
        f"baseline {sum(v[0] for v in base.values()):,.0f}; own µs per request, quizapp "
        f"{sum(v[1] for v in app.values()):,.0f}, baseline {sum(v[1] for v in base.values()):,.0f}",
        f"functions only quizapp runs: {len(only)}, {sum(v[0] for _k, v in only):,.0f} calls and "
        f"{sum(v[1] for _k, v in only):,.0f} own µs per request; the {limit} with most own time:",
        table(
            ["function", "calls/req", "own µs/req"],
            [[key, fixed(v[0], 1), fixed(v[1], 1)] for key, v in only[:limit]],
        ),
        "",
        f"functions both run that quizapp calls more often (the {limit} with most extra own time):",
        table(
            ["function", "calls/req app", "base", "own µs/req app", "base"],
            [
                [key, fixed(a[0], 1), fixed(b[0], 1), fixed(a[1], 1), fixed(b[1], 1)]
                for key, a, b in more[:limit]
            ],
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.differential", description=__doc__)
    parser.add_argument("--learners", type=int, default=8, help="learners per app (8)")
    parser.add_argument("--limit", type=int, default=40, help="rows per table (40)")
    parser.add_argument(
        "--again", type=int, default=2, help="each results page requested again this often (2)"
    )
    args = parser.parse_args(argv)

    from quizapp import create_app

    scratch = Path(tempfile.mkdtemp(prefix="quizapp-differential-"))
    try:
        target = databases.sqlite_target(scratch)
        databases.recreate(target)
        databases.migrate_app_database(target.app_url)
        databases.add_classrooms(target.app_url, ["WARMUP", "MEASURE"])
        baseline.create_schema(target.baseline_url)
        app = create_app({"SQLALCHEMY_DATABASE_URI": target.app_url, "SECRET_KEY": "bench"})
        base = baseline.create_app(target.baseline_url)
        walk_flow(app, "WARMUP", ["warm-up learner"])
        walk_flow(base, "WARMUP", ["warm-up learner"])
        names = [f"learner {i}" for i in range(args.learners)]
        app_calls, base_calls = CallCountAgain(args.again), CallCountAgain(args.again)
        walk_flow(app, "MEASURE", names, calls=app_calls)
        walk_flow(base, "MEASURE", names, calls=base_calls)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for kind in KINDS:
        if not app_calls.requests.get(kind):
            continue
        print(
            f"{app_calls.requests.get(kind, 0)} quizapp and {base_calls.requests.get(kind, 0)} "
            "baseline requests"
        )
        print(differential(app_calls, base_calls, kind, args.limit))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
