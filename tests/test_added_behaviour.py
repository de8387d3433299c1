"""A feedback mode added from outside quizapp (as the live lesson will be): one Behaviour class,
registered, runs an attempt through the attempt service and the learner pages unchanged."""

import pytest
from factories import make_assignment, make_classroom, make_instructor, make_learner
from pages import LearnerBrowser
from werkzeug.datastructures import MultiDict

from quizapp import attempts
from quizapp.behaviours import BEHAVIOURS, Behaviour, register
from quizapp.constants import AnswerRefusal, NextStep
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Learner

LESSON = "class_paced"


class ClassPaced(Behaviour):
    """The teacher moves the class on question by question; each answer is final and shown right
    or wrong at once; the score shows only once every question is answered."""

    name = LESSON
    feedback_on_answer = True
    class_at = 1  # the question the class is on (a live lesson's blueprint would move it)

    def may_change(self, attempt) -> bool:
        return False

    def may_open(self, attempt, position: int, answered: bool) -> bool:
        return answered or (not attempt.finished and position == self.class_at)

    def after_answer(self, attempt, position: int) -> tuple[NextStep, int | None]:
        return NextStep.FEEDBACK, position

    def finishes_on_answer(self, attempt) -> bool:
        return attempt.resume_point is None

    def score_visible(self, attempt, now=None) -> bool:
        return attempt.finished


@pytest.fixture
def lesson(app):
    """The class_paced mode registered for one test: (learner id, assignment id)."""
    register(ClassPaced)
    classroom_id = make_classroom(app, make_instructor(app))
    learner_id = make_learner(app, classroom_id, "Ana")
    yield learner_id, make_assignment(app, classroom_id, feedback_mode=LESSON)
    BEHAVIOURS.pop(LESSON)
    ClassPaced.class_at = 1


def form_for(attempt, question, right=True) -> MultiDict:
    fields = question_type(question.type).sample_form(question, right)
    return MultiDict({**fields, "question": attempts.question_key(attempt, question)})


def test_an_attempt_runs_by_a_behaviour_registered_outside_quizapp(app, lesson, seed_pack):
    learner_id, assignment_id = lesson
    with app.app_context():
        learner = db.session.get(Learner, learner_id)
        attempt, _resumed = attempts.start_or_resume(
            learner, db.session.get(Assignment, assignment_id)
        )
        assert attempt.feedback_mode == LESSON and attempts.feedback_on_answer(attempt)
        assert attempts.may_open(attempt, 1) and not attempts.may_open(attempt, 2)
        total = len(attempt.question_order)
        for position in range(1, total + 1):
            ClassPaced.class_at = position
            question = seed_pack.question(attempt.question_order[position - 1])
            outcome = attempts.answer_question(
                attempt, position, question, form_for(attempt, question), "en"
            )
            assert (outcome.next_step, outcome.next_position) == (NextStep.FEEDBACK, position)
            assert attempt.finished == (position == total)
            assert attempts.score_visible(attempt) == attempt.finished
            again = attempts.answer_question(
                attempt, position, question, form_for(attempt, question, right=False), "en"
            )
            assert again.refusal is AnswerRefusal.ALREADY_ANSWERED
        assert attempt.score == pytest.approx(seed_pack.max_points)
        assert attempts.feedback_visible(attempt)
        assert attempts.resume_step(attempt) == (NextStep.RESULTS, None)


def test_the_learner_pages_serve_a_behaviour_they_do_not_know(app, lesson, seed_pack):
    learner_id, assignment_id = lesson
    browser = LearnerBrowser(app.test_client())
    browser.sign_in("TESTC9", "Ana")
    attempt_id = browser.start_assignment(assignment_id)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        question = seed_pack.question(attempt.question_order[0])
        form = form_for(attempt, question)
    assert browser.get(f"/attempts/{attempt_id}/questions/2").status_code == 302  # not yet
    answered = browser.post(f"/attempts/{attempt_id}/questions/1", form.to_dict(flat=False))
    assert answered.status_code == 303
    assert answered.headers["Location"].endswith(f"/attempts/{attempt_id}/questions/1#feedback")
    page = browser.get(answered.headers["Location"]).get_data(as_text=True)
    assert 'id="feedback"' in page
