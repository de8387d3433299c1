"""Answers typed the way learners write them, through the real quiz in English and German, and the
article in the learner's language (issue 11). Attempts are reached with the factories; only the
answer under test goes through the pages."""

import html
import json
import re
import shutil

import pytest
from apps import QUESTIONS_DIR, database_url
from click.testing import CliRunner
from factories import SEED_PACK, answer_questions, attempt_order

from quizapp import create_app
from quizapp.cli import questions_cli
from quizapp.extensions import db
from quizapp.models import Response

pytestmark = pytest.mark.once

# Two questions of a business report, added to a copy of the seed pack: an answer given in a scale
# (1.13 billion US dollars) and a percentage.
EXTRA_QUESTIONS = """
  - id: deficit
    type: numeric
    prompt:
      en: "How large was the deficit?"
      de: "Wie groß war das Defizit?"
    answer: 1.13
    tolerance: 0.01
    unit:
      en: billion US dollars
      de: Milliarden US-Dollar
    explanation:
      en: "It was 1.13 billion US dollars."
      de: "Es waren 1,13 Milliarden US-Dollar."
    quotes:
      - paragraph: p1
        text: "Belarus is a small nation"
  - id: share
    type: numeric
    prompt:
      en: "Which share of the trade went to Russia?"
      de: "Welcher Anteil des Handels ging nach Russland?"
    answer: 76
    tolerance: 0
    unit:
      en: "%"
      de: "%"
    explanation:
      en: "76 percent."
      de: "76 Prozent."
    quotes:
      - paragraph: p1
        text: "Belarus is a small nation"
"""

RIGHT = {"en": "Right", "de": "Richtig"}
YOUR_ANSWER = {"en": "Your answer:", "de": "Deine Antwort:"}


@pytest.fixture
def app(tmp_path):
    """The app with the seed pack and the two questions above."""
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS_DIR / SEED_PACK, folder / SEED_PACK)
    questions = folder / SEED_PACK / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8") + EXTRA_QUESTIONS, encoding="utf-8")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
            "QUESTIONS_DIR": folder,
            "PASSWORD_HASH": "scrypt:1024:8:1",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return html.unescape(re.sub(r"\s+", " ", page)).replace("\xa0", " ")


def at_question(app, browser, question_id: str, language: str) -> tuple[int, int]:
    """An immediate-feedback attempt in `language`, answered up to the question `question_id`."""
    browser.post("/language", {"language": language, "next": "/"})
    attempt_id = browser.start()
    position = attempt_order(app, attempt_id).index(question_id) + 1
    answer_questions(app, attempt_id, range(1, position))
    return attempt_id, position


def answer(app, browser, question_id: str, language: str, typed: str):
    """Type `typed` into the question's form; returns (the POST's response, the page after it)."""
    attempt_id, position = at_question(app, browser, question_id, language)
    response = browser.answer(attempt_id, position, answer=typed)
    if response.status_code != 303:
        return response, response
    return response, browser.get(response.headers["Location"])


def stored_responses(app, question_id: str) -> int:
    with app.app_context():
        return db.session.query(Response).filter_by(question_id=question_id).count()


# -- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language,typed,shown",
    [
        ("en", "1.13", "1.13 billion US dollars"),
        ("en", "$1.13 billion", "1.13 billion US dollars"),
        ("en", "1.13bn", "1.13 billion US dollars"),
        ("en", "1,130,000,000", "1.13 billion US dollars"),
        ("de", "1,13", "1,13 Milliarden US-Dollar"),
        ("de", "1,13 Mrd.", "1,13 Milliarden US-Dollar"),
        ("de", "1,13 Milliarden US-Dollar", "1,13 Milliarden US-Dollar"),
        ("de", "1.130.000.000", "1,13 Milliarden US-Dollar"),
    ],
)
def test_an_answer_in_the_units_scale_is_right_and_shown_in_that_scale(
    app, browser, language, typed, shown
):
    response, page = answer(app, browser, "deficit", language, typed)
    assert response.status_code == 303
    text = text_of(page)
    assert RIGHT[language] in text
    assert f"{YOUR_ANSWER[language]} {shown}" in text
    assert "1,130,000,000" not in text and "1.130.000.000" not in text and "(1" not in text


@pytest.mark.parametrize(
    "language,typed,shown",
    [
        ("en", "76%", "76%"),
        ("en", "76 percent", "76%"),
        ("de", "76 %", "76 %"),
        ("de", "76 Prozent", "76 %"),
    ],
)
def test_percent_signs_and_words_are_read(app, browser, language, typed, shown):
    response, page = answer(app, browser, "share", language, typed)
    assert response.status_code == 303
    assert RIGHT[language] in text_of(page)
    assert f"{YOUR_ANSWER[language]} {shown}" in text_of(page)


@pytest.mark.parametrize(
    "question_id,language,typed",
    [
        ("population", "en", "about 9 million"),
        ("population", "en", "a little over nine million people"),
        ("population", "en", "9200000 people"),
        ("population", "de", "rund 9,2 Millionen Menschen"),
        ("population", "de", "9.2 million"),
        ("population", "de", "gut neun Millionen"),
        ("gardservis-registered", "en", "November 2019"),
        ("gardservis-registered", "de", "im November 2019"),
    ],
)
def test_number_words_phrases_and_approximations_are_read(
    app, browser, question_id, language, typed
):
    response, page = answer(app, browser, question_id, language, typed)
    assert response.status_code == 303, text_of(response)
    assert RIGHT[language] in text_of(page)


@pytest.mark.parametrize(
    "language,typed,message",
    [
        ("en", "no idea", "Please type a number, for example: 2.46 billion US dollars"),
        ("de", "keine Ahnung", "Bitte gib eine Zahl ein, zum Beispiel: 2,46 Milliarden US-Dollar"),
        (
            "en",
            "1 or 2 billion",
            "Please type only one number, for example: 2.46 billion US dollars",
        ),
        ("de", "1 oder 2", "Bitte gib nur eine Zahl ein, zum Beispiel: 2,46 Milliarden US-Dollar"),
        ("en", "1,13", "We could not tell which number you mean. Please write it like this: 2.46"),
        ("de", "1.13", "Wir konnten nicht erkennen, welche Zahl du meinst."),
    ],
)
def test_an_unreadable_number_is_asked_again_with_the_unit_and_an_example(
    app, browser, language, typed, message
):
    response, _page = answer(app, browser, "deficit", language, typed)
    assert response.status_code == 422
    text = text_of(response)
    assert message in text
    assert "choices" not in text and "Auswahl" not in text
    assert stored_responses(app, "deficit") == 0


@pytest.mark.parametrize(
    "language,typed,example",
    [("en", "no idea", "for example: 24%"), ("de", "keine Ahnung", "zum Beispiel: 24 %")],
)
def test_a_percentage_question_asks_again_with_a_percentage(app, browser, language, typed, example):
    response, _page = answer(app, browser, "share", language, typed)
    assert response.status_code == 422
    assert example in text_of(response)


def test_a_year_question_asks_again_with_a_year(app, browser):
    response, _page = answer(app, browser, "gardservis-registered", "en", "no idea")
    assert response.status_code == 422
    assert "for example: 1990" in text_of(response)


@pytest.mark.parametrize(
    "language,message",
    [
        ("en", "This answer is too long: at most 60 characters are read."),
        ("de", "Diese Antwort ist zu lang: Gelesen werden höchstens 60 Zeichen."),
    ],
)
def test_an_absurdly_long_number_is_asked_again_not_refused(app, browser, language, message):
    response, _page = answer(app, browser, "population", language, "9" * 400)
    assert response.status_code == 422
    assert message in text_of(response)
    assert "choices" not in text_of(response)
    assert stored_responses(app, "population") == 0


# -- short text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language,typed,spelling,note",
    [
        ("en", "Tikhanovskya", "Tikhanovskaya", "Your answer counted; the right spelling is"),
        ("en", "Tikhanovskaja", "Tikhanovskaya", "Your answer counted; the right spelling is"),
        (
            "de",
            "Tichanowskja",
            "Tichanowskaja",
            "Deine Antwort zählt; richtig geschrieben heißt es",
        ),
    ],
)
def test_a_slip_counts_and_the_learner_is_shown_the_right_spelling(
    app, browser, language, typed, spelling, note
):
    response, page = answer(app, browser, "opposition-leader", language, typed)
    assert response.status_code == 303
    text = text_of(page)
    assert RIGHT[language] in text
    assert note in text and spelling in text


def test_an_exact_answer_gets_no_spelling_note(app, browser):
    _response, page = answer(app, browser, "opposition-leader", "en", "Tikhanovskaya")
    assert RIGHT["en"] in text_of(page)
    assert "right spelling" not in text_of(page)


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    "typed",
    ["Zichanouskaja", "Swjatlana Zichanouskaja", "Sviatlana Tsikhanouskaya", "Tsikhanouskaya"],
)
def test_names_count_in_every_language(app, browser, language, typed):
    _response, page = answer(app, browser, "opposition-leader", language, typed)
    assert RIGHT[language] in text_of(page)
    assert "spelling" not in text_of(page) and "geschrieben" not in text_of(page)


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    "typed", ["Bel-Security-Group", "Bel Security Group", "bel security-group"]
)
def test_hyphens_and_spaces_fold_alike(app, browser, language, typed):
    _response, page = answer(app, browser, "gardservis-original-name", language, typed)
    assert RIGHT[language] in text_of(page)


@pytest.mark.parametrize(
    "language,typed,right",
    [("en", "Kazakhstan", True), ("en", "Kasachstan", False), ("de", "Kasachstan", True)],
)
def test_country_names_count_in_their_own_language(app, browser, seed_pack, language, typed, right):
    question_id = next(
        q.id for q in seed_pack.questions if "Kasachstan" in q.accepted.get("de", ())
    )
    _response, page = answer(app, browser, question_id, language, typed)
    assert (RIGHT[language] in text_of(page)) is right


# -- the article in the learner's language -------------------------------------------------------


def test_german_learners_read_the_german_rendering_labelled_with_the_original_a_click_away(
    browser, seed_pack
):
    rendering = seed_pack.renderings["de"]
    browser.post("/language", {"language": "de", "next": "/"})
    page = browser.get(f"/packs/{SEED_PACK}/source")
    body = page.get_data(as_text=True)
    text = text_of(page)
    assert rendering.title in text and rendering.paragraphs["p1"] in text
    assert seed_pack.source.paragraph("p1").text not in text
    assert "Übersetzung:" in text and '<article class="source" lang="de">' in body
    assert f'href="/packs/{SEED_PACK}/source?original=1"' in body
    original = text_of(browser.get(f"/packs/{SEED_PACK}/source?original=1"))
    assert seed_pack.source.paragraph("p1").text in original
    assert "Du liest das Original." in original


def test_english_learners_read_the_original(browser, seed_pack):
    text = text_of(browser.get(f"/packs/{SEED_PACK}/source"))
    assert seed_pack.source.paragraph("p1").text in text
    assert seed_pack.renderings["de"].paragraphs["p1"] not in text
    assert "Translation" not in text


def test_the_quote_is_highlighted_in_the_german_rendering_with_the_original_in_details(
    app, browser, seed_pack
):
    question = seed_pack.question("population")
    quote = question.quotes[0]
    _response, page = answer(app, browser, "population", "de", "9,2 Millionen")
    body = html.unescape(page.get_data(as_text=True))
    assert f"<mark>{quote.translation['de']}</mark>" in body
    assert re.search(r"<details class=\"original\">.*<mark>", body, re.S)
    assert "Übersetzung von deiner Lehrkraft:" in text_of(page)  # issue 25, point 6


def test_the_json_export_carries_the_renderings(app, seed_pack):
    result = CliRunner().invoke(
        questions_cli,
        ["--dir", str(app.config["QUESTIONS_DIR"]), "export", SEED_PACK, "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (
        data["renderings"]["de"]["paragraphs"]["p1"] == seed_pack.renderings["de"].paragraphs["p1"]
    )
    deficit = next(q for q in data["questions"] if q["id"] == "deficit")
    assert (deficit["answer"], deficit["scale"]) == (1.13, 1_000_000_000)
    leader = next(q for q in data["questions"] if q["id"] == "opposition-leader")
    assert "Zichanouskaja" in leader["accepted"]["any"]
