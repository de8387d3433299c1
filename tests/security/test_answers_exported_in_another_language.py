"""A learner's answers misreported in the teacher's export (issue 25, point 8): a German learner
who never touched the language switcher (German from her browser) appears in the German and in
the English teacher's responses export with her answers as she saw them, "5.100 Euro", "Stimmt",
the German texts of her matching and ordering choices, not in English."""

import csv
import io
import re

import pytest
from answers import right_form
from factories import (
    CLASS_CODE,
    attempt_order,
    make_assignment,
    make_classroom,
    make_learner,
    make_pack,
    make_pack_version,
)
from pages import LearnerBrowser

from quizapp.attempts import record_response, start_attempt
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Learner, Response
from quizapp.packs import pack_data, pinned_pack

GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
EURO_PACK = "euro-pack"


def euro_pack_data(seed_pack) -> dict:
    """The seed pack with its numeric question asking for an amount of euros: 5,100 euros."""
    data = {**pack_data(seed_pack), "id": EURO_PACK}
    for question in data["questions"]:
        if question["type"] == "numeric":
            question.update(answer=5100, tolerance=0, unit={"en": "euros", "de": "Euro"})
    return data


def german_learner_answers(app, teacher_id, seed_pack, switch_to_english_after: int = 0):
    """Lena joins with a German browser and answers every question of a quiz rightly, typing the
    amount as Germans write it; with `switch_to_english_after`, she picks English with the
    switcher after that many answers. Returns the class id, her questions and their order."""
    classroom_id = make_classroom(app, teacher_id)
    make_pack_version(app, make_pack(app, teacher_id, EURO_PACK, euro_pack_data(seed_pack)))
    assignment_id = make_assignment(app, classroom_id, EURO_PACK)
    lena = LearnerBrowser(app.test_client())
    lena.get(f"/join/{CLASS_CODE}", headers=GERMAN_BROWSER)
    joined = lena.post(
        f"/join/{CLASS_CODE}",
        {"display_name": "Lena", "pin": "4711", "pin_confirm": "4711"},
        headers=GERMAN_BROWSER,
    )
    assert joined.status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(Learner.locale)) == "de"  # recorded when she joined
    started = lena.post(f"/assignments/{assignment_id}/attempts", headers=GERMAN_BROWSER)
    attempt_id = int(re.search(r"/attempts/(\d+)", started.headers["Location"]).group(1))
    with app.app_context():
        pack = pinned_pack(db.session.get(Attempt, attempt_id))
    questions = {q.id: q for q in pack.questions}
    order = attempt_order(app, attempt_id)
    for position, question_id in enumerate(order, start=1):
        if position == switch_to_english_after + 1 and switch_to_english_after:
            lena.post("/language", {"language": "en", "next": "/"}, headers=GERMAN_BROWSER)
        question = questions[question_id]
        form = {"answer": "5100"} if question.type == "numeric" else right_form(question)
        reply = lena.answer(attempt_id, position, **form, headers=GERMAN_BROWSER)
        assert reply.status_code == 303, reply.get_data(as_text=True)[-2000:]
    lena.post(f"/attempts/{attempt_id}/submit", headers=GERMAN_BROWSER)
    return classroom_id, questions, order


def responses_export(teacher, classroom_id: int) -> dict[str, list[str]]:
    """The teacher's responses export as CSV: question id -> its row."""
    reply = teacher.get(f"/instructor/classrooms/{classroom_id}/export?what=responses&format=csv")
    assert reply.status_code == 200
    text = reply.data.decode("utf-8").lstrip("\ufeff")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return {row[7]: row for row in rows}


@pytest.mark.parametrize("teachers_language", ["de", "en"])
def test_a_german_learner_s_answers_are_exported_as_she_saw_them(
    app, teacher, teacher_id, seed_pack, teachers_language
):
    classroom_id, questions, _order = german_learner_answers(app, teacher_id, seed_pack)
    teacher.post("/language", {"language": teachers_language, "next": "/"})
    rows = responses_export(teacher, classroom_id)
    answers = {question_id: row[10] for question_id, row in rows.items()}
    for question in questions.values():
        answer = answers[question.id]
        if question.type == "numeric":
            assert answer == "5.100 Euro", answer
        elif question.type == "true_false":
            assert answer == ("Stimmt" if question.answer else "Stimmt nicht"), answer
        elif question.type == "matching":
            choices = {choice.id: choice.text for choice in question.choices}
            for item in question.items:
                assert f"{item.text['de']} → {choices[item.match]['de']}" in answer, answer
            assert "Nikita Gerasimov " not in answer, answer
        elif question.type == "ordering":
            for item in question.items:
                assert item.text["de"] in answer and item.text["en"] not in answer, answer


def test_each_answer_keeps_the_language_it_was_given_in_after_a_switch(
    app, teacher, teacher_id, seed_pack
):
    """The language is recorded with each answer: one attempt may hold both, if the learner
    switched half-way; each answer is written as it was seen."""
    classroom_id, questions, order = german_learner_answers(
        app, teacher_id, seed_pack, switch_to_english_after=len(seed_pack.questions) // 2
    )
    answers = {
        question_id: row[10] for question_id, row in responses_export(teacher, classroom_id).items()
    }
    numeric = next(q for q in questions.values() if q.type == "numeric")
    german = order.index(numeric.id) < len(order) // 2
    assert answers[numeric.id] == ("5.100 Euro" if german else "5,100 euros")
    for position, question_id in enumerate(order, start=1):
        question = questions[question_id]
        if question.type == "true_false":
            words = ("Stimmt", "Stimmt nicht") if position <= len(order) // 2 else ("True", "False")
            assert answers[question_id] == words[0 if question.answer else 1], position


def test_a_changed_answer_takes_the_language_it_was_changed_in(app, teacher_id, seed_pack):
    """A deferred attempt lets a learner change an answer: the response then says the language
    of the new answer, so the export writes the answer as she saw it last."""
    classroom_id = make_classroom(app, teacher_id)
    learner_id = make_learner(app, classroom_id, "Lena")
    assignment_id = make_assignment(app, classroom_id)
    numeric = next(q for q in seed_pack.questions if q.type == "numeric")
    with app.app_context():
        attempt = start_attempt(
            db.session.get(Learner, learner_id),
            seed_pack,
            "after_attempt",
            db.session.get(Assignment, assignment_id),
        )
        first = record_response(attempt, numeric, "1", "de")
        assert first.locale == "de"
        changed = record_response(attempt, numeric, "2", "en")
        assert changed.id == first.id and changed.locale == "en"
        assert db.session.get(Response, first.id).locale == "en"


def test_a_learner_s_chosen_language_is_recorded_on_signing_in_and_on_starting(
    app, teacher, teacher_id, seed_pack
):
    """Lena joined on an English laptop. On a German one she signs in without touching the
    switcher: her pages stay in the language her account holds, and her answers are exported as
    she saw them. Picking German with the switcher before signing in records German; starting the
    next attempt after picking English records English, and that attempt's page is in it."""
    classroom_id = make_classroom(app, teacher_id)
    learner_id = make_learner(app, classroom_id, "Lena")
    make_pack_version(app, make_pack(app, teacher_id, EURO_PACK, euro_pack_data(seed_pack)))
    assignment_id = make_assignment(app, classroom_id, EURO_PACK, attempts_allowed=3)
    numeric = next(q for q in seed_pack.questions if q.type == "numeric")

    def recorded() -> str | None:
        with app.app_context():
            return db.session.get(Learner, learner_id).locale

    def sign_in(browser: LearnerBrowser) -> None:
        signed_in = browser.post(
            "/sign-in",
            {"code": CLASS_CODE, "display_name": "Lena", "pin": "4711"},
            headers=GERMAN_BROWSER,
        )
        assert signed_in.status_code == 303

    def answer_and_export(browser: LearnerBrowser) -> str:
        attempt_id = browser.start_assignment(assignment_id)
        position = attempt_order(app, attempt_id).index(numeric.id) + 1
        assert browser.answer(attempt_id, position, answer="5100").status_code == 303
        browser.post(f"/attempts/{attempt_id}/submit")
        return responses_export(teacher, classroom_id)[numeric.id][10]

    assert recorded() == "en"
    lena = LearnerBrowser(app.test_client())
    lena.get("/sign-in", headers=GERMAN_BROWSER)
    sign_in(lena)
    assert recorded() == "en"
    assert answer_and_export(lena) == "5,100 euros"

    lena = LearnerBrowser(app.test_client())
    lena.get("/sign-in", headers=GERMAN_BROWSER)
    lena.post("/language", {"language": "de", "next": "/sign-in"})
    sign_in(lena)
    assert recorded() == "de"
    assert answer_and_export(lena) == "5.100 Euro"

    lena.post("/language", {"language": "en", "next": "/"})
    started = lena.post(f"/assignments/{assignment_id}/attempts")
    assert started.status_code == 303
    assert recorded() == "en"
    page = lena.get(started.headers["Location"])
    assert '<html lang="en"' in page.get_data(as_text=True)


def test_a_practising_learner_s_language_is_the_browser_s(app, seed_pack):
    """Practice needs no class: the learner made on starting records the browser's language too."""
    ana = LearnerBrowser(app.test_client())
    ana.get("/", headers=GERMAN_BROWSER)
    started = ana.post(
        f"/packs/{seed_pack.id}/attempts",
        {"display_name": "Ana", "feedback_mode": "immediate"},
        headers=GERMAN_BROWSER,
    )
    assert started.status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(Learner.locale)) == "de"
