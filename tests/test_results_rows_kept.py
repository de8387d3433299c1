"""A results page's rows are drawn once per question, answer, evidence and language and kept
(views.kept_review_item, issue 29): each learner still sees every question under their own
position, their own attempt in the article's links, their own verdicts, in their language."""

import html
import re

import factories
from answers import right_form
from pages import class_member, page_html

from quizapp.constants import FeedbackMode
from quizapp.evidence import evidence_text
from quizapp.extensions import db
from quizapp.models import Attempt

LINKED = re.compile(r'href="[^"]*/source\?attempt=(\d+)#')


def _cards(page: str) -> dict[int, str]:
    """Each row of the results page's list by the position its id names."""
    found = re.findall(r'<li class="card" id="question-(\d+)">(.*?)</li>\n', page, re.S)
    return {int(position): html.unescape(card) for position, card in found}


def test_each_learner_sees_the_kept_rows_in_their_own_order_links_and_language(
    app, new_learner_browser, seed_pack
):
    wrong, unanswered = seed_pack.questions[0].id, seed_pack.questions[1].id
    classroom_id = factories.make_classroom(app, factories.make_instructor(app), code="ROWS42")
    assignment_id = factories.make_assignment(app, classroom_id, feedback_mode="immediate")
    plan = {wrong: False, unanswered: None}
    orders = {}
    for name, reverse in (("Ana", False), ("Ben", True)):
        learner_id = factories.make_learner(app, classroom_id, name)
        attempt_id = factories.make_attempt(
            app, learner_id, assignment_id, lambda _p, q: plan.get(q.id, True), finish=True
        )
        with app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            order = sorted(attempt.question_order, reverse=reverse)
            attempt.question_order = order
            db.session.commit()
        orders[name] = (attempt_id, order)
    assert orders["Ana"][1] != orders["Ben"][1]

    for name, (attempt_id, order) in orders.items():
        browser = new_learner_browser()
        browser.sign_in("ROWS42", name)
        for language, heading, not_right, not_answered in (
            ("en", "Question", "Not right", "Not answered"),
            ("de", "Frage", "Nicht richtig", "Nicht beantwortet"),
            ("en", "Question", "Not right", "Not answered"),
        ):
            browser.post("/language", {"language": language, "next": "/"})
            page = page_html(browser.get(f"/attempts/{attempt_id}/results"))
            assert "quizapp-position-" not in page and "quizapp-attempt-" not in page
            assert set(LINKED.findall(page)) == {str(attempt_id)}
            cards = _cards(page)
            assert sorted(cards) == list(range(1, len(order) + 1))
            for position, question_id in enumerate(order, start=1):
                question = seed_pack.question(question_id)
                card = cards[position]
                assert f"{heading} {position}: {question.prompt[language]}</h3>" in card, name
                assert (not_right in card) == (question_id == wrong), (name, position)
                assert (not_answered in card) == (question_id == unanswered), (name, position)


def test_the_same_answer_with_other_evidence_shows_its_own_in_the_results(
    app, teacher_id, seed_pack
):
    """Two learners answer the first question alike and mark different sentences as its
    evidence: each results page shows what that learner marked."""
    klass_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(
        app, klass_id, feedback_mode=FeedbackMode.AFTER_ATTEMPT, evidence_share=1.0
    )
    question = seed_pack.questions[0]
    text = evidence_text(seed_pack, question, "en")
    proving = {s.id for s in text.proving}
    other = next(s.id for _p, found in text.paragraphs for s in found if s.id not in proving)
    pages = {}
    for name, sentence in (("Ana", text.proving[0].id), ("Ben", other), ("Cleo", None)):
        browser = class_member(app, klass_id, name)
        attempt_id = browser.start_assignment(assignment_id)
        with app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            attempt.question_order = [q.id for q in seed_pack.questions]
            db.session.commit()
        browser.answer(attempt_id, 1, **right_form(question))
        if sentence is not None:
            url = f"/attempts/{attempt_id}/questions/1/evidence"
            assert browser.post(url, {"sentence": sentence}).status_code == 303
        factories.answer_questions(app, attempt_id, range(2, len(seed_pack.questions) + 1))
        assert browser.post(f"/attempts/{attempt_id}/submit").status_code == 303
        pages[name] = _cards(page_html(browser.get(f"/attempts/{attempt_id}/results")))[1]
    assert "You found the evidence" in pages["Ana"]
    assert "does not prove the answer" in pages["Ben"]
    assert "You did not mark the evidence." in pages["Cleo"]
    assert "You found the evidence" not in pages["Ben"] + pages["Cleo"]
