"""A filled classroom for a newcomer: a demo instructor (also the school's administrator), 30
learners and a spread of attempts."""

import datetime as dt
import math
import random

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from .accounts import PIN_COST, hash_secret, name_key
from .attempts import finish_attempt, record_response, start_attempt
from .bank import Pack
from .constants import FeedbackMode, FinishReason
from .engine import Question, question_type
from .extensions import db
from .models import Assignment, Classroom, Instructor, Learner, Response, utcnow
from .packs import newest_version_id

DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "demo-teacher-2026"
DEMO_CODE = "DEMO7K"
DEMO_PIN = "1234"
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Clara",
    "Deniz",
    "Elif",
    "Finn",
    "Greta",
    "Hamid",
    "Ida",
    "Jonas",
    "Kemal",
    "Lena",
    "Mats",
    "Nora",
    "Oskar",
    "Paula",
    "Quentin",
    "Rosa",
    "Samir",
    "Tilda",
    "Umut",
    "Vera",
    "Wiebke",
    "Xaver",
    "Yara",
    "Zoe",
    "Lukas",
    "Mia",
    "Noah",
    "Emma",
]
LAST_INITIALS = "BKMSWHRTLPFGDNVZCEAJOIUYBKMSWH"


def _answer(question: Question, right: bool, rng: random.Random):
    """A raw response as a learner would give it through the form, right or wrong."""
    qtype = question_type(question.type)
    return qtype.form_response(question, MultiDict(qtype.sample_form(question, right, rng)))


def _difficulty(question: Question) -> float:
    """A stable difficulty per question, so the demo's item statistics look like a real class's."""
    return (sum(map(ord, question.id)) % 31) / 10 - 1.6


def create_demo(pack: Pack) -> tuple[bool, Classroom]:
    """Create the demo data once; (False, classroom) when it exists already."""
    existing = db.session.scalar(select(Instructor).filter_by(email=DEMO_EMAIL))
    if existing is not None:
        return False, existing.classrooms[0]
    rng = random.Random(2026)
    instructor = Instructor(
        email=DEMO_EMAIL,
        password_hash=hash_secret(DEMO_PASSWORD),
        locale="en",
        is_administrator=True,  # so a newcomer can try the administrator's pages too
    )
    classroom = Classroom(instructor=instructor, name="Demo class 9b", join_code=DEMO_CODE)
    now = utcnow()
    assignment = Assignment(
        classroom=classroom,
        pack_slug=pack.id,
        pack_version_id=newest_version_id(pack.id),
        opens_at=now - dt.timedelta(days=3),
        closes_at=now + dt.timedelta(days=14),
        attempts_allowed=2,
        feedback_mode=FeedbackMode.AFTER_ATTEMPT,
        languages=[],
    )
    db.session.add_all([instructor, classroom, assignment])
    pin_hash = hash_secret(DEMO_PIN, PIN_COST)
    for index, first in enumerate(FIRST_NAMES):
        name = f"{first} {LAST_INITIALS[index]}."
        learner = Learner(
            display_name=name,
            name_key=name_key(name),
            classroom=classroom,
            pin_hash=pin_hash,
            locale=rng.choice(["en", "de"]),
        )
        db.session.add(learner)
        if index < 3:
            continue  # has not started
        ability = rng.gauss(0.4, 1.0)
        attempt = start_attempt(learner, pack, assignment.feedback_mode, assignment)
        attempt.started_at = now - dt.timedelta(days=2, minutes=rng.randrange(600))
        answered = len(pack.questions) if index >= 7 else rng.randrange(4, 20)
        clock = attempt.started_at
        for question_id in attempt.question_order[:answered]:
            question = pack.question(question_id)
            chance = 1 / (1 + math.exp(-1.7 * (ability - _difficulty(question))))
            record_response(attempt, question, _answer(question, rng.random() < chance, rng), "en")
            clock += dt.timedelta(seconds=rng.randrange(20, 95))
            response = db.session.scalar(
                select(Response).filter_by(attempt_id=attempt.id, question_id=question_id)
            )
            response.created_at = clock
        if attempt.finished:
            attempt.finished_at = clock
        elif index >= 7:
            finish_attempt(attempt, FinishReason.SUBMITTED, at=clock)
        db.session.commit()
    return True, classroom
