"""Gunicorn settings for serving quizapp in production: `.venv/bin/gunicorn 'quizapp:create_app()'`.

Gunicorn reads this file from the working directory; command-line options (`--bind`, `--workers`)
override it. The README's "Running in production" section shows the whole sequence.
"""

import gc
import os
from pathlib import Path

bind = os.environ.get("QUIZAPP_BIND", "127.0.0.1:8000")
# Synchronous workers, one request at a time each: several processes share the database (SQLite in
# WAL mode with a busy timeout, or PostgreSQL). Put a buffering proxy (nginx, Caddy) in front so a
# slow client does not hold a worker.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"
# A request that takes longer than this is stuck (SQLite waits at most 10 s for a lock): the master
# kills the worker and starts a new one. On restart or shutdown, requests in flight get as long.
timeout = 30
graceful_timeout = 30
# Load the app once in the master, then fork the workers: loading checks every question pack
# (about 1.5 s), so a worker that died is replaced in milliseconds, and an invalid pack stops the
# master at once with its `path:line: message` instead of workers failing one after another.
# The cost: `kill -HUP` does not load new code; restart the master to deploy.
preload_app = True
# The worker heartbeat file: in memory, so a slow or full disk does not get workers killed.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"


def pre_fork(server, worker) -> None:
    """Before a worker is forked, move everything the master has loaded (the app, its packs and
    templates) out of the garbage collector's reach, as Python's gc.freeze documents for pre-fork
    servers: a worker's full collections then skip that heap (an export of 100,000 rows spent a
    fifth of its time in them) and leave its memory pages shared with the master."""
    gc.freeze()


def post_fork(server, worker) -> None:
    """Give each worker its own database connections: none opened in the master may be shared.

    And hand the app the worker's heartbeat: a sync worker tells the master it is alive only
    between requests, so a long download (a school's exports) calls it as it goes instead of
    being killed at `timeout`.
    """
    app = server.app.callable
    if app is None:
        return
    app.extensions["quizapp.heartbeat"] = worker.notify
    from quizapp.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
