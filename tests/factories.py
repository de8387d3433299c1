"""Test data made through the app's own functions, not through HTTP (cookiecutter-flask's habit).

One builder per model, with defaults a test overrides only where it matters: make_instructor
(and set_teacher_sign_up for the school's rule for teacher accounts), make_classroom, make_learner, make_assignment, make_attempt (and answer_questions for the responses
of an attempt that exists), make_pack, make_pack_version, make_sign_in, make_sign_in_failure.
Each runs inside an app context of its own and returns ids, so tests can use them across requests.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable

from werkzeug.datastructures import MultiDict

from quizapp.accounts import hash_secret, join_classroom, teacher_sign_up_rule
from quizapp.attempts import (
    finish_attempt,
    record_response,
    start_attempt,
    submit_attempt,
)
from quizapp.constants import FeedbackMode, FinishReason
from quizapp.engine import Question, question_type
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    Classroom,
    Instructor,
    Learner,
    PackVersion,
    SignIn,
    SignInFailure,
    StoredPack,
    TeacherStatus,
    utcnow,
)
from quizapp.packs import newest_version_id, pack_data, pinned_pack, publish, published_pack

SEED_PACK = "belarus-ukraine-war"
TEACHER_EMAIL = "teacher@example.org"
TEACHER_PASSWORD = "correct horse battery"
OTHER_EMAIL = "other@example.org"  # a second teacher, for what is not theirs
OTHER_PASSWORD = "another long password"
ADMIN_EMAIL = "head@example.org"  # the school's administrator (the `administrator` fixture)
ADMIN_PASSWORD = "the school runs on tea"
DEFAULT_PIN = "4711"
CLASS_CODE = "TESTC9"  # make_classroom's join code


def make_instructor(
    app,
    email: str = TEACHER_EMAIL,
    password: str = TEACHER_PASSWORD,
    *,
    administrator: bool = False,
    status: str = TeacherStatus.ACTIVE,
) -> int:
    """A teacher who signs in with `email` and `password` (the `teacher` fixture's by default);
    with administrator=True a school administrator."""
    with app.app_context():
        instructor = Instructor(
            email=email,
            password_hash=hash_secret(password),
            is_administrator=administrator,
            status=status,
        )
        db.session.add(instructor)
        db.session.commit()
        return instructor.id


def set_teacher_sign_up(app, mode: str, domains: str = "") -> None:
    """The school's rule for teacher accounts (TeacherSignUp), as an administrator saves it; the
    tests' default is the app's, invitation only."""
    with app.app_context():
        rule = teacher_sign_up_rule()
        rule.teacher_sign_up, rule.sign_up_domains = mode, domains
        db.session.add(rule)
        db.session.commit()


def make_classroom(
    app, instructor_id: int, name: str = "9b English", code: str = CLASS_CODE
) -> int:
    """A class of the instructor's, open to joining with `code`."""
    with app.app_context():
        classroom = Classroom(instructor_id=instructor_id, name=name, join_code=code)
        db.session.add(classroom)
        db.session.commit()
        return classroom.id


def make_assignment(app, classroom_id: int, pack_slug: str = SEED_PACK, **settings) -> int:
    """The pack given to the class, pinned to its newest version; `settings` are Assignment's."""
    values = {"attempts_allowed": 1, "feedback_mode": FeedbackMode.AFTER_ATTEMPT, "languages": []}
    values.update(settings)
    with app.app_context():
        values.setdefault("pack_version_id", newest_version_id(pack_slug))
        assignment = Assignment(classroom_id=classroom_id, pack_slug=pack_slug, **values)
        db.session.add(assignment)
        db.session.commit()
        return assignment.id


def make_learner(app, classroom_id: int | None, name: str, pin: str = DEFAULT_PIN) -> int:
    """A class member, joined as the join form joins one (or, without a class, a practice learner)."""
    with app.app_context():
        if classroom_id is None:
            learner = Learner(display_name=name, locale="en")
            db.session.add(learner)
            db.session.commit()
            return learner.id
        classroom = db.session.get(Classroom, classroom_id)
        return join_classroom(classroom, name, pin, "en", "127.0.0.1").id


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
    pack_slug: str = SEED_PACK,
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
        pack = pinned_pack(assignment) if assignment else published_pack(pack_slug)
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
    """The question ids of an attempt in the order its learner sees them."""
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


def make_pack(app, owner_id: int | None, slug: str = "my-pack", draft: dict | None = None) -> int:
    """A teacher's own draft pack, stored as the editor stores one: by default a copy of the seed
    pack under `slug`, not yet published. Returns the stored pack's id."""
    with app.app_context():
        if draft is None:
            draft = {**pack_data(app.extensions["quizapp.packs"][SEED_PACK]), "id": slug}
        stored = StoredPack(slug=slug, owner_id=owner_id, draft=draft)
        db.session.add(stored)
        db.session.commit()
        return stored.id


def make_pack_version(app, stored_pack_id: int) -> int:
    """The stored pack's draft published as its newest version (as the Publish button does)."""
    with app.app_context():
        version = publish(db.session.get(StoredPack, stored_pack_id))
        if version is None:
            version = db.session.scalar(
                db.select(PackVersion)
                .filter_by(stored_pack_id=stored_pack_id)
                .order_by(PackVersion.number.desc())
                .limit(1)
            )
        return version.id


def make_sign_in(
    app,
    instructor_id: int | None = None,
    learner_id: int | None = None,
    secret: str = "a sign-in secret",
    lasts: dt.timedelta = dt.timedelta(days=1),
) -> int:
    """One signed-in browser of an instructor or a learner, ending `lasts` from now; its cookies
    would carry `secret`, of which the row keeps the SHA-256."""
    with app.app_context():
        sign_in = SignIn(
            instructor_id=instructor_id,
            learner_id=learner_id,
            secret_hash=hashlib.sha256(secret.encode()).hexdigest(),
            expires_at=utcnow() + lasts,
        )
        db.session.add(sign_in)
        db.session.commit()
        return sign_in.id


def make_sign_in_failure(
    app,
    key: str = f"instructor:{TEACHER_EMAIL}",
    scope: str = "account",
    count: int = 1,
    blocked_until: dt.datetime | None = None,
) -> int:
    """Failed sign-ins counted as quizapp.throttle counts them: against an account (`scope`
    "account", key "instructor:<e-mail>"), an address, an account from an address ("pair") or
    join-code look-ups ("join")."""
    with app.app_context():
        failure = SignInFailure(scope=scope, key=key, count=count, blocked_until=blocked_until)
        db.session.add(failure)
        db.session.commit()
        return failure.id
