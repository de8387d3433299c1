"""Time one response export in this fresh process: `python -m bench.export_probe URL CODE FORMAT`.

FORMAT `dashboard` times the assignment's dashboard page instead (GET through the test client,
signed in as the classroom's teacher): the server time of one page view, after one warm-up view.

Prints one JSON line: rows exported, wall and CPU seconds of write_export alone, the peak resident
memory while exporting (VmHWM, reset through /proc/self/clear_refs just before the export: the
interpreter, the app and the export together, but not the app's start-up, whose pack loading peaks
higher than a small export), its resident memory just before the export, and the file's size.
Where the peak cannot be reset, ru_maxrss (start-up included) is reported. tracemalloc is not used:
it would slow the export down several times and count Python objects only.
"""

import gc
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from quizapp import accounts, create_app
from quizapp.accounts import classroom_by_code
from quizapp.extensions import db
from quizapp.instructor.exports import ExportSettings, write_export
from quizapp.models import Attempt, Instructor, Response


def _status_mb(field: str) -> float:
    """A memory line of /proc/self/status (VmRSS: now, VmHWM: the peak) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> bool:
    """Start the peak (VmHWM) afresh from the current RSS (Linux >= 4.0); False if not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def dashboard(app, classroom) -> dict:
    """Server time of the dashboard page: the first view (analysis computed) and the best of the
    next three (analysis kept), and the peak memory."""
    assignment_id = classroom.assignments[0].id
    client = app.test_client()
    with app.test_request_context():
        user_id = accounts.session_user_id(db.session.get(Instructor, classroom.instructor_id))
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    url = f"/instructor/assignments/{assignment_id}"
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    first = time.perf_counter() - started  # the analysis computed, not yet kept
    peak_reset = _reset_peak()
    times, cpu_times = [], []
    for _round in range(3):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        assert response.status_code == 200
    peak = _status_mb("VmHWM") if peak_reset else float("nan")
    return {
        "seconds": min(times),
        "first_seconds": first,
        "cpu_seconds": min(cpu_times),
        "peak_rss_mb": peak,
    }


def main(url: str, code: str, fmt: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    gc.freeze()  # the loaded app, out of the collector's reach as in a gunicorn worker (gunicorn.conf.py)

    with app.app_context():
        classroom = classroom_by_code(code)
        assert classroom is not None, f"no classroom {code}"
        rows = (
            db.session.query(Response)
            .join(Attempt)
            .filter(Attempt.assignment_id.in_([a.id for a in classroom.assignments]))
            .count()
        )
        if fmt == "dashboard":
            report = {"rows": rows, **dashboard(app, classroom)}
            print(json.dumps({**report, "rss_before_mb": _status_mb("VmRSS"), "file_mb": 0.0}))
            return
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"export.{fmt}"
            rss_before = _status_mb("VmRSS")
            peak_reset = _reset_peak()
            started, cpu_started = time.perf_counter(), time.process_time()
            with path.open("wb") as handle:
                write_export(handle, classroom, ExportSettings(what="responses", fmt=fmt))
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
            size = path.stat().st_size
            if peak_reset:
                peak = _status_mb("VmHWM")
            else:  # the whole process's peak, app start-up included
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "peak_rss_mb": peak,
                "rss_before_mb": rss_before,
                "file_mb": size / 1024 / 1024,
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
