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
    QUESTIONS_DIR = default_questions_dir()
    # Modules that register question types from outside quizapp (docs/question-types.md).
    QUESTION_TYPE_MODULES = question_type_modules()
    BABEL_DEFAULT_LOCALE = "en"
    # Opening and closing times are typed and shown in the school's time zone, stored in UTC.
    BABEL_DEFAULT_TIMEZONE = os.environ.get("QUIZAPP_TIMEZONE", "Europe/Berlin")
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    # Learners come back on another day: keep them signed in across browser restarts. A sign-in
    # ends on the server after SIGN_IN_LIFETIME whatever its cookies say (see accounts.py).
    SIGN_IN_LIFETIME = timedelta(days=int(os.environ.get("QUIZAPP_SIGN_IN_DAYS", "30")))
    PERMANENT_SESSION_LIFETIME = SIGN_IN_LIFETIME
    # The session cookie is sent when its content changes (signing in, a flash message), not
    # re-signed on every page: it lives as long as the sign-in, which does not slide either.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_DURATION = SIGN_IN_LIFETIME
    # A password reset link works once, within this time.
    RESET_LINK_LIFETIME = timedelta(hours=1)
    # How teachers get an account until an administrator chooses on the school's page:
    # "invitation" (only by an administrator's invitation), "domains" (sign-up with an address
    # of QUIZAPP_TEACHER_DOMAINS, confirmed by e-mail), "approval" or "open".
    TEACHER_SIGN_UP = os.environ.get("QUIZAPP_TEACHER_SIGN_UP", "invitation")
    TEACHER_SIGN_UP_DOMAINS = os.environ.get("QUIZAPP_TEACHER_DOMAINS", "")
    # An invitation link works once, within this time; so does a link confirming an address.
    INVITATION_LIFETIME = timedelta(days=14)
    CONFIRMATION_LINK_LIFETIME = timedelta(days=3)
    # The address links that leave the page use (join links, e-mails), e.g.
    # https://quiz.school.example; empty: the address the request came to.
    PUBLIC_URL = os.environ.get("QUIZAPP_PUBLIC_URL", "").rstrip("/")
    # The host names the app answers to (Flask's TRUSTED_HOSTS); others get 400.
    # QUIZAPP_TRUSTED_HOSTS="quiz.school.example,localhost"; unset: the PUBLIC_URL's host, if any.
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("QUIZAPP_TRUSTED_HOSTS", "").split(",")]
    # Outgoing mail for password reset links; without MAIL_SERVER teachers ask the operator
    # (flask users reset-password).
    MAIL_SERVER = os.environ.get("QUIZAPP_MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("QUIZAPP_MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("QUIZAPP_MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("QUIZAPP_MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("QUIZAPP_MAIL_STARTTLS") == "1"
    MAIL_SENDER = os.environ.get("QUIZAPP_MAIL_SENDER", "quizapp@localhost")
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
    # Werkzeug's scrypt with its default cost (2**15) for teachers' passwords; tests lower the
    # cost to stay quick. Learners' PINs take an eighth of it (2**12, about 12 ms instead of
    # 120 ms a join): a PIN of 4 to 8 digits falls to an offline search whatever the cost, and
    # online guessing is throttled (docs/security.md, "How PINs are hashed").
    PASSWORD_HASH = "scrypt"
    PIN_HASH = os.environ.get("QUIZAPP_PIN_HASH", "scrypt:4096:8:1")
