"""The one question a page asks the attempt service, attempts.answer_question: what comes next
after an answer, or why it was not recorded. Without HTTP."""

import pytest
from factories import make_assignment, make_classroom, make_instructor, make_learner
from werkzeug.datastructures import MultiDict

from quizapp.attempts import answer_question, question_key, start_attempt, submit_attempt
from quizapp.constants import AnswerRefusal, FeedbackMode, NextStep
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Assignment, Learner


@pytest.fixture
def started(app, seed_pack):
    """An attempt at an assignment with feedback after the attempt, in an app context."""
    classroom_id = make_classroom(app, make_instructor(app))
    learner_id = make_learner(app, classroom_id, "Ana")
    assignment_id = make_assignment(app, classroom_id)
    with app.app_context():
        learner = db.session.get(Learner, learner_id)
        assignment = db.session.get(Assignment, assignment_id)
        yield start_attempt(learner, seed_pack, FeedbackMode.AFTER_ATTEMPT, assignment)


def asked(attempt, pack, position):
    return pack.question(attempt.question_order[position - 1])


def form(attempt, question, key=True, **fields) -> MultiDict:
    values = fields or question_type(question.type).sample_form(question, True)
    if key:
        values = {**values, "question": question_key(attempt, question)}
    return MultiDict(values)


def test_an_answer_leads_to_the_next_step_of_the_attempts_behaviour(started, seed_pack):
    attempt, total = started, len(started.question_order)
    first = asked(attempt, seed_pack, 1)
    outcome = answer_question(attempt, 1, first, form(attempt, first), "en")
    assert outcome.recorded and (outcome.next_step, outcome.next_position) == (NextStep.QUESTION, 2)
    last = asked(attempt, seed_pack, total)
    outcome = answer_question(attempt, total, last, form(attempt, last), "en")
    assert (outcome.next_step, outcome.next_position) == (NextStep.SUMMARY, None)
    assert attempt.response_for(first.id) is not None and not attempt.finished


def test_an_answer_not_recorded_says_why(started, seed_pack):
    attempt = started
    first, second = asked(attempt, seed_pack, 1), asked(attempt, seed_pack, 2)

    def refusal(question, sent, position=1):
        outcome = answer_question(attempt, position, question, sent, "en")
        assert not outcome.recorded and outcome.next_step is None
        return outcome.refusal

    assert refusal(first, form(attempt, first, key=False)) is AnswerRefusal.FORM_INCOMPLETE
    assert refusal(first, form(attempt, second)) is AnswerRefusal.OTHER_QUESTION
    blank = MultiDict({"question": question_key(attempt, first)})
    assert refusal(first, blank) is AnswerRefusal.ASK_AGAIN
    assert answer_question(attempt, 1, first, blank, "en").problem is not None
    position, choice = next(
        (n, q)
        for n, q in enumerate(map(seed_pack.question, attempt.question_order), start=1)
        if q.type == "single_choice"
    )
    unknown = form(attempt, choice, answer="no-such-option")
    assert refusal(choice, unknown, position) is AnswerRefusal.NOT_A_CHOICE
    assert attempt.response_for(first.id) is None
    submit_attempt(attempt)
    assert refusal(first, form(attempt, first)) is AnswerRefusal.ATTEMPT_OVER
