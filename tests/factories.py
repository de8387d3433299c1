"""Test data made through the app's own functions, not through HTTP (cookiecutter-flask's habit).

Each builder runs inside an app context and returns ids, so tests can use them across requests.
"""

from collections.abc import Callable, Iterable

from werkzeug.datastructures import MultiDict
from werkzeug.security import generate_password_hash

from quizapp.attempts import (
    finish_attempt,
    get_pack,
    record_response,
    start_attempt,
    submit_attempt,
)
from quizapp.constants import FeedbackMode, FinishReason
from quizapp.engine import Question, question_type
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Classroom, Instructor, Learner, utcnow
from quizapp.packs import newest_version_id, pinned_pack

SEED_PACK = "belarus-ukraine-war"
TEACHER_EMAIL = "teacher@example.org"
TEACHER_PASSWORD = "correct horse battery"
DEFAULT_PIN = "4711"


def _hash(app, secret: str) -> str:
    return generate_password_hash(secret, method=app.config["PASSWORD_HASH"])


def make_instructor(app, email: str = TEACHER_EMAIL, password: str = TEACHER_PASSWORD) -> int:
    with app.app_context():
        instructor = Instructor(email=email, password_hash=_hash(app, password))
        db.session.add(instructor)
        db.session.commit()
        return instructor.id


def make_classroom(app, instructor_id: int, name: str = "9b English", code: str = "TESTC9") -> int:
    with app.app_context():
        classroom = Classroom(instructor_id=instructor_id, name=name, join_code=code)
        db.session.add(classroom)
        db.session.commit()
        return classroom.id


def make_assignment(app, classroom_id: int, pack_id: str = SEED_PACK, **settings) -> int:
    values = {"attempts_allowed": 1, "feedback_mode": FeedbackMode.AFTER_ATTEMPT, "languages": []}
    values.update(settings)
    with app.app_context():
        values.setdefault("pack_version_id", newest_version_id(pack_id))
        assignment = Assignment(classroom_id=classroom_id, pack_id=pack_id, **values)
        db.session.add(assignment)
        db.session.commit()
        return assignment.id


def make_learner(app, classroom_id: int | None, name: str, pin: str = DEFAULT_PIN) -> int:
    """A class member, joined as the join form joins one (or, without a class, a practice learner)."""
    from quizapp import accounts

    with app.app_context():
        if classroom_id is None:
            learner = Learner(display_name=name, locale="en")
            db.session.add(learner)
            db.session.commit()
            return learner.id
        classroom = db.session.get(Classroom, classroom_id)
        return accounts.join_classroom(classroom, name, pin, "en", "127.0.0.1").id


Answerer = Callable[[int, Question], bool | dict | None]
"""Says, per position (1, 2, …) and question, whether to answer right (True), wrong (False) or not
(None), or gives the form fields to send (a dict, as the question's form has them)."""


def all_right(position: int, question: Question) -> bool:
    return True


def make_attempt(
    app,
    learner_id: int,
    assignment_id: int | None = None,
    answers: Answerer | Iterable[bool | None] = all_right,
    pack_id: str = SEED_PACK,
    feedback_mode: str | None = None,
    finish: bool = False,
) -> int:
    """An attempt answered as `answers` says, through the same form reading as the pages.

    `answers` is a function of (position, question) or a sequence of right/wrong/None by position;
    questions past the end of a sequence stay unanswered. Answering every question finishes the
    attempt, as it does for a learner (who, in a deferred mode, then presses "Submit all");
    `finish` submits it even with questions left.
    """
    if not callable(answers):
        plan = list(answers)
        answers = lambda position, _q: plan[position - 1] if position <= len(plan) else None  # noqa: E731
    with app.app_context():
        learner = db.session.get(Learner, learner_id)
        assignment = db.session.get(Assignment, assignment_id) if assignment_id else None
        pack = pinned_pack(assignment) if assignment else get_pack(pack_id)
        default = assignment.feedback_mode if assignment else FeedbackMode.IMMEDIATE
        mode = feedback_mode or default
        attempt = start_attempt(learner, pack, mode, assignment)
        for position, question_id in enumerate(list(attempt.question_order), start=1):
            question = pack.question(question_id)
            right = answers(position, question)
            if right is None:
                continue
            qtype = question_type(question.type)
            fields = right if isinstance(right, dict) else qtype.sample_form(question, right)
            form = MultiDict(fields)
            record_response(attempt, question, qtype.form_response(question, form), "en")
        if attempt.resume_point is None:
            submit_attempt(attempt)
        if finish and not attempt.finished:
            finish_attempt(attempt, FinishReason.SUBMITTED, at=utcnow())
            db.session.commit()
        return attempt.id


def attempt_order(app, attempt_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.get(Attempt, attempt_id).question_order)


def answer_questions(app, attempt_id: int, positions: Iterable[int], right: bool = True) -> None:
    """Answer the questions at `positions` of an attempt that already exists (e.g. one started
    through the pages), the way make_attempt does."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        pack = pinned_pack(attempt)
        for position in positions:
            question = pack.question(attempt.question_order[position - 1])
            qtype = question_type(question.type)
            form = MultiDict(qtype.sample_form(question, right))
            record_response(attempt, question, qtype.form_response(question, form), "en")
