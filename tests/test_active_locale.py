"""i18n.active_locale reads the locale where Flask-Babel keeps it for the request: it must give
what Flask-Babel's get_locale gives at every moment (chosen, forced, forced within forced,
refreshed), or the pages' texts and their kept parts would be drawn in the wrong language."""

from babel import Locale
from flask_babel import force_locale, get_locale, refresh

from quizapp.i18n import active_language, active_locale
from quizapp.views import number


def test_it_follows_the_selector_force_locale_and_refresh(app):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert active_locale() == get_locale() == Locale("de")  # chosen on first use
        assert active_language() == "de"
        with force_locale("en"):
            assert active_locale() == get_locale() == Locale("en")
            assert number(9.2) == "9.2"
            with force_locale("de"):
                assert active_language() == "de"
                assert number(9.2) == "9,2"
            assert active_language() == "en"
        assert active_locale() == get_locale() == Locale("de")
        with force_locale("en"):
            refresh()  # inside force_locale, Flask-Babel keeps the forced locale
            assert active_locale() == get_locale() == Locale("en")
        refresh()
        assert active_locale() == get_locale() == Locale("de")


def test_outside_a_request_it_is_the_default_and_outside_the_app_none(app):
    with app.app_context():
        assert active_locale() == get_locale() == Locale("en")
        with force_locale("de"):
            assert active_language() == "de"
    assert active_locale() is None and get_locale() is None
    assert active_language() == "en"


def test_a_learner_switching_language_sees_the_next_page_in_it(app, browser):
    assert 'lang="en"' in browser.get("/").text
    browser.post("/language", {"language": "de", "next": "/"})
    page = browser.get("/").text
    assert '<html lang="de">' in page
