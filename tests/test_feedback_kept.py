"""The feedback on an answer is drawn once per pack, question, answer, evidence shown and language
and kept (views.cached_feedback, issue 29): two learners who gave the same answer but marked
different evidence each see their own evidence and their own attempt's links; a class that does
not ask for the evidence sees none; the teacher's preview links no attempt."""

import re
from types import SimpleNamespace

import factories
from answers import right_form
from flask import render_template_string
from pages import class_member, page_html

from quizapp.attempts import grade_answer
from quizapp.constants import FeedbackMode
from quizapp.evidence import evidence_text
from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.views import correct_answer

LINKED = re.compile(r'href="[^"]*/source\?attempt=(\d+)#')


def _first_question_page(app, klass_id, name, seed_pack, assignment_id, marks_proving):
    """The question page with feedback on question 1, answered right, of a new class member;
    the evidence marked as `marks_proving` says (None: not asked). Returns (attempt id, page)."""
    browser = class_member(app, klass_id, name)
    attempt_id = browser.start_assignment(assignment_id)
    question = seed_pack.questions[0]
    with app.app_context():  # every learner's first question is the same one
        attempt = db.session.get(Attempt, attempt_id)
        attempt.question_order = [q.id for q in seed_pack.questions]
        db.session.commit()
    browser.answer(attempt_id, 1, **right_form(question))
    if marks_proving is not None:
        text = evidence_text(seed_pack, question, "en")
        proving = {s.id for s in text.proving}
        other = next(s.id for _p, found in text.paragraphs for s in found if s.id not in proving)
        sentence = text.proving[0].id if marks_proving else other
        url = f"/attempts/{attempt_id}/questions/1/evidence"
        assert browser.post(url, {"sentence": sentence}).status_code == 303
    return attempt_id, page_html(browser.get(f"/attempts/{attempt_id}/questions/1"))


def test_the_same_answer_with_other_evidence_shows_its_own(app, teacher_id, seed_pack):
    klass_id = factories.make_classroom(app, teacher_id)
    evidence = factories.make_assignment(
        app, klass_id, feedback_mode=FeedbackMode.IMMEDIATE, evidence_share=0.5
    )
    plain = factories.make_assignment(app, klass_id, feedback_mode=FeedbackMode.IMMEDIATE)
    seen = {
        name: _first_question_page(app, klass_id, name, seed_pack, assignment, marks)
        for name, assignment, marks in (
            ("Ana", evidence, True),
            ("Ben", evidence, False),
            ("Cleo", plain, None),
        )
    }
    (ana_id, ana), (ben_id, ben), (cleo_id, cleo) = seen["Ana"], seen["Ben"], seen["Cleo"]
    assert "You found the evidence" in ana and "does not prove the answer" not in ana
    assert "does not prove the answer" in ben and "You found the evidence" not in ben
    assert "evidence-feedback" not in cleo
    for attempt_id, page in seen.values():
        assert set(LINKED.findall(page)) == {str(attempt_id)}
        assert "quizapp-attempt-" not in page
    assert len({ana_id, ben_id, cleo_id}) == 3


def test_feedback_without_an_attempt_links_none_and_with_one_links_it(app, seed_pack):
    """The teacher's preview draws the feedback without an attempt; a learner's page with the same
    pack, question and answer still links their own attempt (and the preview none)."""
    question = seed_pack.questions[0]
    answer = correct_answer(question)
    response = SimpleNamespace(answer=answer, evidence_sentence=None)
    drawn = (
        '{% from "learner/_answers.html" import feedback with context %}'
        "{{ feedback(pack, question, response, grade) }}"
    )
    pages = []
    with app.test_request_context("/"):
        grade = grade_answer(question, answer)
        for attempt in (None, SimpleNamespace(id=41), SimpleNamespace(id=42), None):
            pages.append(
                render_template_string(
                    drawn,
                    pack=seed_pack,
                    question=question,
                    response=response,
                    grade=grade,
                    attempt=attempt,
                )
            )
    assert [set(LINKED.findall(page)) for page in pages] == [set(), {"41"}, {"42"}, set()]
    assert all("source" in page for page in pages)
