"""Flask extensions, created here and bound to the app in create_app."""

import contextlib
import sqlite3
import time

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    """SQLite for several worker processes: WAL journal, a busy timeout, foreign keys enforced."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# A pooled connection to a database server that has not been used for this many seconds is
# checked (SELECT 1) before a request gets it: if the server restarted meanwhile (an update, a
# failover), the pool opens a new connection and nobody sees an error. A connection in steady
# use is not checked every time, as SQLAlchemy's pool_pre_ping would: that round trip was a
# tenth of a learner's request on PostgreSQL. A SQLite file has no connection to lose.
IDLE_CHECK_SECONDS = 10


@event.listens_for(Pool, "checkin")
def _note_last_use(_dbapi_connection, record) -> None:
    record.info["quizapp_checked_in"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _check_idle_connection(dbapi_connection, record, _proxy) -> None:
    last_use = record.info.get("quizapp_checked_in")  # None: just opened
    if isinstance(dbapi_connection, sqlite3.Connection) or last_use is None:
        return
    if time.monotonic() - last_use < IDLE_CHECK_SECONDS:
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SELECT 1")
    except Exception as error:  # the driver's own error for a dropped connection
        raise DisconnectionError("the database dropped this connection") from error
    finally:
        with contextlib.suppress(Exception):  # a dead connection's cursor may not close
            cursor.close()
