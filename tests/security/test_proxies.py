"""Behind a reverse proxy (QUIZAPP_PROXIES) the sign-in throttle counts each client's own address."""

from apps import QUESTIONS_DIR
from factories import make_instructor
from pages import Browser

from quizapp import create_app
from quizapp.extensions import db
from quizapp.throttle import ADDRESS_FREE_FAILURES


def make_app(tmp_path, proxies: int):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "QUESTIONS_DIR": QUESTIONS_DIR,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'proxies{proxies}.db'}",
            "PASSWORD_HASH": "scrypt:1024:8:1",
            "PROXIES": proxies,
        }
    )
    with app.app_context():
        db.create_all()
    return app


def fail_past_the_address_limit(app, forwarded_for: str) -> None:
    for number in range(ADDRESS_FREE_FAILURES + 1):
        Browser(app.test_client()).post(
            "/instructor/sign-in",
            {"email": f"guess{number}@example.org", "password": "x" * 12},
            headers={"X-Forwarded-For": forwarded_for},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )


def sign_in_status(app, forwarded_for: str) -> int:
    response = Browser(app.test_client()).post(
        "/instructor/sign-in",
        {"email": "teacher@example.org", "password": "correct horse battery"},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    return response.status_code


def test_with_a_proxy_each_forwarded_address_is_counted_apart(tmp_path):
    app = make_app(tmp_path, proxies=1)
    make_instructor(app)
    fail_past_the_address_limit(app, "203.0.113.7")
    assert sign_in_status(app, "203.0.113.7") == 429
    assert sign_in_status(app, "198.51.100.20") == 303


def test_without_the_setting_forwarded_headers_are_ignored(tmp_path):
    app = make_app(tmp_path, proxies=0)
    make_instructor(app)
    fail_past_the_address_limit(app, "203.0.113.7")
    # The client cannot pick its address: everyone behind 10.0.0.1 shares the count.
    assert sign_in_status(app, "198.51.100.20") == 429


def test_signed_in_pages_are_not_cached(tmp_path):
    app = make_app(tmp_path, proxies=0)
    browser = Browser(app.test_client())
    assert "no-store" not in browser.get("/").headers.get("Cache-Control", "")
    browser.start()
    assert browser.get("/").headers["Cache-Control"] == "no-store"
