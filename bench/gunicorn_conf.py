"""gunicorn settings for both benchmarked apps: the production file's, with a post_fork for both.

quizapp's gunicorn.conf.py (sync workers, preloaded app, timeouts) is read as it stands, so the
benchmark follows any change to it; the command line sets --workers and --bind. Its post_fork
hook knows only quizapp's database, so the baseline's engine is handled here.
"""

import os
import runpy
import time
from pathlib import Path

_PRODUCTION = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
_settings = runpy.run_path(str(_PRODUCTION)) if _PRODUCTION.exists() else {}
globals().update({name: value for name, value in _settings.items() if not name.startswith("_")})
_production_post_fork = _settings.get("post_fork")


def post_fork(server, worker) -> None:
    app = server.app.callable
    engine = app.extensions.get("bench.engine") if app is not None else None
    if engine is not None:
        engine.dispose(close=False)
    elif _production_post_fork is not None:
        _production_post_fork(server, worker)


# Two gunicorn masters (the app's and the baseline's, or someone else's) must not share the
# default control socket in ~/.gunicorn (gunicorn >= 25.1; older versions ignore the name).
control_socket_disable = True


# BENCH_REQUEST_CPU_LOG: a file each worker appends "METHOD PATH CPU-microseconds STARTED STATUS" to for
# every request: the worker's process time from gunicorn's pre_request to its post_request hook (a
# sync worker serves one request at a time, so that is the request's own CPU) and the clock time
# the request began at. The benchmark reads it for the CPU of each kind of request
# (bench/request_cpu.py); both apps alike.
_REQUEST_CPU_LOG = os.environ.get("BENCH_REQUEST_CPU_LOG")
_log = {"fd": None, "started": 0.0, "clock": 0.0}


def pre_request(worker, req) -> None:
    if _REQUEST_CPU_LOG:
        _log["clock"] = time.time()
        _log["started"] = time.process_time()


def post_request(worker, req, environ, resp) -> None:
    if not _REQUEST_CPU_LOG:
        return
    used = time.process_time() - _log["started"]
    if _log["fd"] is None:
        _log["fd"] = os.open(_REQUEST_CPU_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    line = f"{req.method} {req.path} {round(used * 1e6)} {_log['clock']:.3f} {resp.status_code}\n"
    os.write(_log["fd"], line.encode())
