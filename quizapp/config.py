"""Default settings, each overridable from the environment."""

import os
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_questions_dir() -> Path:
    """The packs folder: QUIZAPP_QUESTIONS_DIR, else questions/ beside the package."""
    return Path(os.environ.get("QUIZAPP_QUESTIONS_DIR", PROJECT_ROOT / "questions"))


def question_type_modules() -> str:
    """Modules that register question types from outside quizapp: QUIZAPP_QUESTION_TYPES."""
    return os.environ.get("QUIZAPP_QUESTION_TYPES", "")


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")  # None: one made once and kept in instance/
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # None: SQLite under instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    QUESTIONS_DIR = default_questions_dir()
    # Modules that register question types from outside quizapp (docs/question-types.md).
    QUESTION_TYPE_MODULES = question_type_modules()
    BABEL_DEFAULT_LOCALE = "en"
    # Opening and closing times are typed and shown in the school's time zone, stored in UTC.
    BABEL_DEFAULT_TIMEZONE = os.environ.get("QUIZAPP_TIMEZONE", "Europe/Berlin")
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    # Learners come back on another day: keep them signed in across browser restarts.
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("QUIZAPP_HTTPS") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # A quiz answer is a few hundred bytes; anything much larger is not a learner's answer.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_MEMORY_SIZE = 64 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a token lives as long as the session: quizzes take a while
    # How many reverse proxies (nginx, Caddy) stand in front and set X-Forwarded-For/-Proto.
    PROXIES = int(os.environ.get("QUIZAPP_PROXIES", "0"))
    # Werkzeug's scrypt with its default cost (2**15); tests lower the cost to stay quick.
    PASSWORD_HASH = "scrypt"
