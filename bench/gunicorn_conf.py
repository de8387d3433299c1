"""gunicorn settings for both benchmarked apps: the production file's, with a post_fork for both.

quizapp's gunicorn.conf.py (sync workers, preloaded app, timeouts) is read as it stands, so the
benchmark follows any change to it; the command line sets --workers and --bind. Its post_fork
hook knows only quizapp's database, so the baseline's engine is handled here.
"""

import runpy
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
