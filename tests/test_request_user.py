"""extensions.request_user reads the request's account where Flask-Login keeps it: it must be
what Flask-Login's current_user gives at every moment (not loaded yet, loaded, signed in, signed
out), or a page would show, and the no-store header follow, another account than the request's."""

from factories import CLASS_CODE, make_classroom, make_instructor, make_learner
from flask_login import current_user, login_user, logout_user

from quizapp.extensions import db, request_user
from quizapp.models import Learner


def test_it_is_flask_logins_user_before_and_after_loading_signing_in_and_out(app):
    learner_id = make_learner(app, make_classroom(app, make_instructor(app)), "Ana")
    with app.test_request_context():
        user = request_user()  # not loaded yet: loaded through Flask-Login
        assert user is current_user._get_current_object() and not user.is_authenticated
        learner = db.session.get(Learner, learner_id)
        login_user(learner)
        assert request_user() is current_user._get_current_object() is learner
        logout_user()
        user = request_user()
        assert user is current_user._get_current_object() and not user.is_authenticated


def test_outside_a_request_it_is_none(app):
    with app.app_context():
        assert request_user() is None


def test_a_learners_pages_are_theirs_and_not_stored_until_the_sign_out(app, new_learner_browser):
    make_learner(app, make_classroom(app, make_instructor(app)), "Ana")
    browser = new_learner_browser()
    browser.sign_in(CLASS_CODE, "Ana")
    page = browser.get("/")
    assert "Ana" in page.text and page.headers["Cache-Control"] == "no-store"
    browser.post("/sign-out")
    home = browser.get("/")
    assert "Ana" not in home.text and "no-store" not in home.headers.get("Cache-Control", "")
