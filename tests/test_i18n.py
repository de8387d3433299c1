"""English and German pages: the switcher, its memory, Accept-Language and <html lang>."""

import html
import re

import pytest

from quizapp.extensions import db
from quizapp.models import Learner


def lang_of(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def visible(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_english_by_default(browser):
    page = browser.get("/")
    assert lang_of(page) == "en"
    assert "Start the quiz" in visible(page)


def test_accept_language_chooses_german(browser):
    page = browser.get("/", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert lang_of(page) == "de"
    assert "Quiz starten" in visible(page)


def test_an_unsupported_browser_language_falls_back_to_english(browser):
    assert lang_of(browser.get("/", headers={"Accept-Language": "fr-FR"})) == "en"


def test_the_switcher_is_on_every_page_and_remembers_the_choice(browser, seed_pack, in_app):
    attempt_id = browser.start()
    pages = [
        "/",
        f"/attempts/{attempt_id}/questions/1",
        "/packs/belarus-ukraine-war/source",
        "/does-not-exist",
    ]
    for url in pages:
        assert 'action="/language"' in browser.get(url).get_data(as_text=True), url
    switched = browser.post("/language", {"language": "de", "next": pages[1]})
    assert switched.status_code == 303
    assert switched.headers["Location"] == pages[1]
    page = browser.get(pages[1], headers={"Accept-Language": "en"})
    assert lang_of(page) == "de"
    assert f"Frage 1 von {len(seed_pack.questions)}" in visible(page)
    assert seed_pack.questions[0].prompt["de"] in visible(page)
    with in_app():
        assert db.session.query(Learner).one().locale == "de"


def test_the_cookie_alone_remembers_the_choice_for_someone_not_signed_in(app, browser):
    browser.post("/language", {"language": "de", "next": "/"})
    cookie = browser.client.get_cookie("lang")
    assert cookie is not None and cookie.value == "de" and cookie.expires is not None
    assert lang_of(browser.get("/")) == "de"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_the_switcher_never_redirects_off_the_site(browser, target):
    response = browser.post("/language", {"language": "de", "next": target})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_changes_nothing(browser):
    browser.post("/language", {"language": "xx", "next": "/"})
    assert browser.client.get_cookie("lang") is None
    assert lang_of(browser.get("/")) == "en"


def test_error_pages_speak_the_users_language(browser):
    page = browser.get("/nowhere", headers={"Accept-Language": "de"})
    assert page.status_code == 404
    assert lang_of(page) == "de"
    assert "Seite nicht gefunden" in visible(page)


def test_a_german_learner_gets_the_quote_translated_beside_the_original(browser, seed_pack):
    browser.post("/language", {"language": "de", "next": "/"})
    attempt_id = browser.start()
    question = seed_pack.questions[0]
    from answers import right_form

    assert browser.answer(attempt_id, 1, question.id, **right_form(question)).status_code == 303
    page = visible(browser.get(f"/attempts/{attempt_id}/questions/1"))
    quote = question.quotes[0]
    assert " ".join(quote.text.split()) in " ".join(page.split())
    assert quote.translation["de"] in page
    assert question.explanation["de"] in page
