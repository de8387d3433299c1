"""What a teacher notices in a real lesson (issue 30), in English and German: the language chosen
before signing in, nothing shown twice, answers that read alike counted together, exports without
JSON, a projector without private details, refusal pages headed with what happened, and a quoted
paragraph shown once."""

import csv
import datetime as dt
import html
import io
import re
from collections import Counter

import pytest
from factories import (
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    make_assignment,
    make_attempt,
    make_classroom,
    make_instructor,
    make_learner,
)
from werkzeug.datastructures import MultiDict

from quizapp.attempts import finish_attempt, record_response
from quizapp.constants import FeedbackMode, FinishReason
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Attempt, Instructor, Learner, utcnow
from quizapp.packs import pinned_pack
from quizapp.statistics import ReadAnswer, count_answers
from quizapp.views import answer_ids, page_texts

CODE = "NOTE30"
LANGUAGES = ["en", "de"]


def text(response) -> str:
    body = response.get_data(as_text=True)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def heading(response) -> str:
    return html.unescape(re.search(r"<h1>(.*?)</h1>", response.get_data(as_text=True)).group(1))


@pytest.fixture
def lesson(app):
    """A teacher (stored language English) with a class and the seed pack assigned."""
    with app.app_context():
        teacher_id = make_instructor(app)
        db.session.get(Instructor, teacher_id).locale = "en"
        db.session.commit()
    classroom_id = make_classroom(app, teacher_id, "7a Gesellschaftskunde", CODE)
    assignment_id = make_assignment(app, classroom_id, feedback_mode=FeedbackMode.IMMEDIATE)
    return teacher_id, classroom_id, assignment_id


def signed_in_teacher(browser, language: str | None = None):
    """The teacher signs in on a fresh device, picking `language` on the sign-in page first."""
    browser.get("/instructor/sign-in")
    if language:
        browser.post("/language", {"language": language, "next": "/instructor/sign-in"})
    browser.get("/instructor/sign-in")
    signed_in = browser.post(
        "/instructor/sign-in", {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
    )
    assert signed_in.status_code == 303
    return browser


# 1. The language chosen before signing in -------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_language_chosen_before_signing_in_is_the_language_after_it(
    app, lesson, browser, language
):
    teacher_id, classroom_id, _ = lesson
    with app.app_context():  # the account's stored choice is the other language
        db.session.get(Instructor, teacher_id).locale = "de" if language == "en" else "en"
        db.session.commit()
    signed_in_teacher(browser, language)
    page = browser.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    with app.app_context():
        assert db.session.get(Instructor, teacher_id).locale == language


def test_a_teacher_can_still_change_the_language_after_signing_in(app, lesson, browser):
    teacher_id, classroom_id, _ = lesson
    signed_in_teacher(browser, "de")
    browser.post("/language", {"language": "en", "next": "/instructor/"})
    page = browser.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    assert '<html lang="en">' in page
    with app.app_context():
        assert db.session.get(Instructor, teacher_id).locale == "en"


def test_without_a_choice_on_the_device_the_account_keeps_its_language(app, lesson, browser):
    teacher_id, classroom_id, _ = lesson
    with app.app_context():
        db.session.get(Instructor, teacher_id).locale = "de"
        db.session.commit()
    signed_in_teacher(browser)
    page = browser.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    assert '<html lang="de">' in page


def test_a_learner_keeps_the_language_chosen_before_signing_in(app, lesson, new_learner_browser):
    _, classroom_id, _ = lesson
    learner_id = make_learner(app, classroom_id, "Ana")  # joined in English
    ana = new_learner_browser()
    ana.get("/sign-in")
    ana.post("/language", {"language": "de", "next": "/sign-in"})
    ana.sign_in(CODE, "Ana")
    assert '<html lang="de">' in ana.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Learner, learner_id).locale == "de"


# 2. Nothing twice ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_class_page_shows_each_card_heading_and_id_once(app, lesson, browser, language):
    _, classroom_id, _ = lesson
    make_learner(app, classroom_id, "Ana")
    signed_in_teacher(browser, language)
    body = browser.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    ids = Counter(re.findall(r'\sid="([^"]+)"', body))
    assert [name for name, n in ids.items() if n > 1] == []
    headings = Counter(re.findall(r"<h2[^>]*>(.*?)</h2>", body))
    assert [name for name, n in headings.items() if n > 1] == []
    archive = {"en": "Archive or delete the class", "de": "Klasse archivieren oder löschen"}
    assert html.unescape(body).count(archive[language]) == 1


# 3. Statistics and exports ---------------------------------------------------------------


def answer_population(app, assignment_id: int, learner_id: int, typed: str, language: str):
    """A finished attempt whose only answer is `typed` to the population question, read in the
    learner's `language` as the question page reads it."""
    attempt_id = make_attempt(app, learner_id, assignment_id, lambda n, q: None)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        question = pinned_pack(attempt).question("population")
        raw = question_type("numeric").form_response(question, MultiDict({"answer": typed}))
        record_response(attempt, question, raw, language)
        finish_attempt(attempt, FinishReason.SUBMITTED, at=utcnow())
        db.session.commit()


def population_counts(page: str) -> list[str]:
    row = re.search(r"(About how many people|Wie viele Menschen leben).*?</tr>", page, re.S)
    items = re.findall(r"<li>(.*?)</li>", row.group(0), re.S)
    return [html.unescape(re.sub(r"<[^>]+>|\s+", " ", li)).strip() for li in items]


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "9,200,000 people: 3"), ("de", "9.200.000 Menschen: 3")]
)
def test_answers_that_read_as_the_same_value_are_counted_together(
    app, lesson, browser, language, shown
):
    _, classroom_id, assignment_id = lesson
    for name, typed, in_language in (
        ("Ana", "9,2 Millionen", "de"),
        ("Ben", "9.2 million", "en"),
        ("Cem", "9200000", "en"),
    ):
        learner_id = make_learner(app, classroom_id, name)
        answer_population(app, assignment_id, learner_id, typed, in_language)
    signed_in_teacher(browser, language)
    page = browser.get(f"/instructor/assignments/{assignment_id}").get_data(as_text=True)
    counts = population_counts(page)
    assert len(counts) == 1 and counts[0].startswith(shown), counts


def test_count_answers_groups_by_the_types_reading_and_labels_in_the_readers_notation(
    app, seed_pack
):
    """ "1,8" read in German and "1.8" in English are one answer, shown the reader's way."""
    question = next(q for q in seed_pack.questions if q.type == "numeric")
    numeric = question_type("numeric")
    stored = [
        ReadAnswer(numeric.read(question, "1,8", "de"), "1,8", 0.0, 1),
        ReadAnswer(numeric.read(question, "1.8", "en"), "1.8", 0.0, 2),
        ReadAnswer(numeric.read(question, "18", "en"), "18", 0.0, 1),
    ]
    with app.test_request_context(headers={"Accept-Language": "de"}):
        counted = count_answers(question, stored, page_texts)
    assert [(c.label.split()[0], c.count) for c in counted] == [("1,8", 3), ("18", 1)]


def test_the_responses_export_holds_no_json(app, lesson, browser):
    _, classroom_id, assignment_id = lesson
    make_attempt(app, make_learner(app, classroom_id, "Ana"), assignment_id)
    signed_in_teacher(browser, "en")
    export = browser.get(
        f"/instructor/classrooms/{classroom_id}/export?what=responses&format=csv&delimiter=comma"
    ).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(export.lstrip("\ufeff"))))
    column = rows[0].index("Answer ID")
    cells = [row[column] for row in rows[1:]]
    assert cells and not [c for c in cells if c.startswith(("{", "[", '"'))], cells
    assert any("→" in c for c in cells)  # a matching question: item → choice


def test_answer_ids_reads_each_kind_of_answer():
    assert answer_ids(["b", "d"]) == "b, d"
    assert answer_ids(9200000.0) == "9.2e+06"
    assert answer_ids({"text": "Polen", "language": "de"}) == "Polen"
    assert answer_ids({"i1": "c2", "i2": None}) == "i1 → c2; i2 → "
    assert answer_ids(True) == "true"


# 4. The projector ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_projector_shows_nothing_private(app, lesson, browser, language):
    _, classroom_id, _ = lesson
    signed_in_teacher(browser, language)
    classroom = browser.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    assert TEACHER_EMAIL in classroom and "/sign-out" in classroom  # the teacher's own page
    projector = browser.get(f"/instructor/classrooms/{classroom_id}/projector")
    body = projector.get_data(as_text=True)
    assert CODE in body
    for private in (TEACHER_EMAIL, "/sign-out", "/instructor/password", 'class="account"'):
        assert private not in body, private
    assert 'class="projecting"' in body  # the large type for the back of the room


def test_the_live_view_has_no_separator_on_its_own(app, lesson, browser):
    _, _, assignment_id = lesson
    signed_in_teacher(browser, "en")
    body = browser.get(f"/instructor/assignments/{assignment_id}/live").get_data(as_text=True)
    counts = re.search(r'<p class="live-counts">(.*?)</p>', body, re.S).group(1)
    assert not re.search(r"(^|>)\s*·\s*(<|$)", counts), counts


# 5. Refusal pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Practice is closed for now"), ("de", "Üben ist vorerst geschlossen")],
)
def test_closed_practice_is_headed_with_what_happened(app, lesson, browser, language, title):
    _, classroom_id, _ = lesson
    make_assignment(
        app,
        classroom_id,
        feedback_mode=FeedbackMode.AFTER_CLOSE,
        closes_at=utcnow() + dt.timedelta(days=2),
    )
    browser.post("/language", {"language": language, "next": "/"})
    refused = browser.post(
        "/packs/belarus-ukraine-war/attempts", {"display_name": "Ana", "feedback_mode": "immediate"}
    )
    assert refused.status_code == 409
    assert heading(refused) == title
    assert "Already done" not in text(refused) and "Schon erledigt" not in text(refused)


@pytest.mark.parametrize(
    ("language", "title"), [("en", "No attempts left"), ("de", "Keine Versuche mehr übrig")]
)
def test_no_attempt_left_is_headed_with_what_happened(
    app, lesson, new_learner_browser, language, title
):
    _, classroom_id, assignment_id = lesson
    make_attempt(app, make_learner(app, classroom_id, "Ana"), assignment_id)
    ana = new_learner_browser()
    ana.sign_in(CODE, "Ana")
    ana.post("/language", {"language": language, "next": "/"})
    refused = ana.post(f"/assignments/{assignment_id}/attempts")
    assert refused.status_code == 409
    assert heading(refused) == title


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Joining is closed"), ("de", "Beitritt ist geschlossen")]
)
def test_closed_joining_is_headed_with_what_happened(
    app, lesson, browser, new_learner_browser, language, title
):
    _, classroom_id, _ = lesson
    signed_in_teacher(browser, "en")
    browser.post(f"/instructor/classrooms/{classroom_id}/joining", {"open": "0"})
    visitor = new_learner_browser()
    visitor.post("/language", {"language": language, "next": "/"})
    refused = visitor.get(f"/join/{CODE}")
    assert refused.status_code == 403
    assert heading(refused) == title


# 6. Several quotes from one paragraph ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_paragraph_with_several_quotes_is_shown_once_with_each_highlighted(
    app, lesson, new_learner_browser, seed_pack, language
):
    _, classroom_id, assignment_id = lesson
    attempt_id = make_attempt(app, make_learner(app, classroom_id, "Ana"), assignment_id)
    ana = new_learner_browser()
    ana.sign_in(CODE, "Ana")
    ana.post("/language", {"language": language, "next": "/"})
    page = ana.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    shared = [
        q for q in seed_pack.questions if len({x.paragraph for x in q.quotes}) < len(q.quotes)
    ]
    assert shared  # the seed pack has such questions (two quotes from one caption, ...)
    sections = re.split(r'<section class="feedback', page)[1:]
    assert len(sections) == len(seed_pack.questions)
    for question in shared:
        section = next(s for s in sections if f'id="feedback-{question.id}"' in s)
        figures = re.findall(r'<figure class="quote">(.*?)</figure>', section, re.S)
        assert len(figures) == len({x.paragraph for x in question.quotes}), question.id
        for paragraph in {x.paragraph for x in question.quotes}:
            quotes = [x for x in question.quotes if x.paragraph == paragraph]
            figure = next(f for f in figures if f"#{paragraph}" in f)
            shown = figure.split("<details")[0]  # the paragraph in the reader's language
            assert shown.count("<mark>") == len(quotes), (question.id, paragraph)
