"""Shared pieces of the security suite: a populated app, the URL map sorted by what its arguments
mean, and checks for escaped HTML and inert spreadsheet cells.

The suite enumerates `app.url_map` instead of listing URLs by hand, so a URL added later is tried
by the cross-user, CSRF, header and fuzzing tests without anyone remembering to add it. A URL with
an argument this module does not know makes `test_every_url_argument_is_classified` fail.
"""

import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import factories
from answers import right_form
from apps import QUESTIONS_DIR, database_url
from factories import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    OTHER_EMAIL,
    OTHER_PASSWORD,
    SEED_PACK,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    make_instructor,
)
from flask import Flask
from pages import Browser, TeacherBrowser, class_member
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Rule

from quizapp import create_app
from quizapp.accounts import (
    confirmation_token,
    instructor_by_email,
    new_invitation,
    password_reset_token,
)
from quizapp.attempts import question_key
from quizapp.authoring import draft_list, suggestions
from quizapp.extensions import db
from quizapp.live import operations as live_lessons
from quizapp.models import (
    Assignment,
    Instructor,
    Invitation,
    Learner,
    LiveLesson,
    StoredPack,
    TeacherStatus,
)

# -- the URL map ---------------------------------------------------------------------------------

# Arguments naming a database row that belongs to someone: ownership is checked on each.
OWNED_ID_ARGS = {"classroom_id", "learner_id", "assignment_id", "attempt_id", "stored_pack_id"}
# ... and rows of the school that only its administrators may change.
OWNED_ID_ARGS |= {"invitation_id", "instructor_id"}
# ... and a live lesson, the teacher's and their class's.
OWNED_ID_ARGS |= {"lesson_id"}
LIVE_TEACHER = {"live.start", "live.start_for_classroom", "live.teach", "live.step"}
# Other arguments, and why they need no ownership check.
PUBLIC_ARGS = {
    "position": "a question's number within an attempt whose id is checked",
    "question_number": "a question's number within a pack whose id is checked",
    "number": "a version's number of the pack of an assignment whose id is checked",
    "pack_slug": "packs are public: every visitor may read and practise every pack",
    "code": "a join code is the secret a teacher hands out; it is meant to admit its holder",
    "filename": "static files (CSS) are public",
    "token": "a signed, expiring, single-use password reset token: it is the secret itself",
    "invitation_token": "a random, expiring, single-use invitation token: the secret itself",
    "confirmation_token": "a signed, expiring token mailed to confirm an address: the secret",
    "key": "a draft's key within a pack whose id is checked (a digest of the draft's content)",
}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@functools.cache
def probe_app() -> Flask:
    """An app that is never served, for reading the URL map when tests are collected."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "probe",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "QUESTIONS_DIR": QUESTIONS_DIR,
        }
    )


def methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - IGNORED_METHODS)


def int_args(rule: Rule) -> set[str]:
    return {
        name
        for name, converter in rule._converters.items()
        if isinstance(converter, IntegerConverter)
    }


def id_rules(app: Flask) -> list[Rule]:
    """Every URL with an integer in its path: each one carries an id somebody owns."""
    return sorted((r for r in app.url_map.iter_rules() if int_args(r)), key=lambda r: r.rule)


def form_rules(app: Flask) -> list[Rule]:
    """Every URL that accepts a state-changing method: each one is a form a page posts."""
    return sorted(
        (r for r in app.url_map.iter_rules() if set(methods(r)) & STATE_CHANGING),
        key=lambda r: r.endpoint,
    )


def get_rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if "GET" in methods(r)), key=lambda r: r.endpoint
    )


def owners(rule: Rule) -> set[str]:
    """Who in the World may use an id URL; everybody else must get 404 (or be sent to sign in)."""
    if rule.endpoint.startswith("admin."):
        return {"administrator"}
    if rule.endpoint.startswith(("instructor.", "authoring.")) or rule.endpoint in LIVE_TEACHER:
        return {"teacher"}
    if rule.endpoint.startswith("live."):
        return {"ana", "cleo"}  # every learner of the lesson's classroom may follow it
    if "attempt_id" in rule.arguments:
        return {"ana"}
    if "assignment_id" in rule.arguments:
        return {"ana", "cleo"}  # every learner of the assignment's classroom may start it
    raise AssertionError(f"{rule.rule}: who may use this URL? Say so in security_world.owners")


def actor_for(rule: Rule) -> str:
    """The user a form is posted as when its owner's action should go through."""
    if rule.endpoint.startswith("admin."):
        return "administrator"
    if int_args(rule):
        return "ana" if "ana" in owners(rule) else "teacher"
    if rule.endpoint.startswith(("instructor.", "authoring.")):
        return "teacher"
    if rule.endpoint in ("auth.sign_out", "auth.sign_out_everywhere"):
        return "ana"
    return "anonymous"


def sign_in_page(rule: Rule) -> str | None:
    """Where a signed-out visitor of the rule's URL is sent to sign in (None: they get 404)."""
    if rule.endpoint.startswith(("instructor.", "authoring.", "admin.")):
        return "/instructor/sign-in"
    if rule.endpoint in LIVE_TEACHER:
        return "/instructor/sign-in"
    if rule.endpoint.startswith("live."):
        return "/sign-in"
    return None


def fill(rule: Rule, values: dict[str, Any], **query: str) -> str:
    """The rule's URL with its arguments taken from `values` (by argument name)."""
    missing = rule.arguments - values.keys()
    assert not missing, f"{rule.rule}: no value for {sorted(missing)}"
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(values[name]), url)
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


# -- a populated app -----------------------------------------------------------------------------

NEW_PASSWORD = "a brand new passphrase"
PIN = "4711"


@dataclass
class World:
    """Teacher A's class (Ana with an attempt, her classmate Cleo), teacher B's class (Ben with an
    attempt), Pat practising on their own, and a visitor who is not signed in."""

    app: Flask
    users: dict[str, Browser]
    ids: dict[str, Any]  # A's side: what the id URLs are filled with
    own_ids: dict[str, dict[str, Any]] = field(default_factory=dict)  # each user's own ids
    draft_fix: dict[str, str] = field(
        default_factory=dict
    )  # the fix form of the pack's first draft

    def __getitem__(self, name: str) -> Browser:
        return self.users[name]

    def learner_id(self, name: str) -> int:
        with self.app.app_context():
            return db.session.scalar(select(Learner.id).filter_by(display_name=name))

    def question_key(self, position: int = 1) -> str:
        return self.users["ana"].question_key(self.ids["attempt_id"], position)

    def valid_form(self, endpoint: str) -> dict[str, Any]:
        """Form fields with which the endpoint's action goes through for its actor."""
        seed = self.app.extensions["quizapp.packs"][SEED_PACK]
        forms = {
            "auth.instructor_sign_up": {
                "email": "new@example.org",
                "password": "long enough pw",
                "confirm": "long enough pw",
            },
            "auth.instructor_sign_in": {"email": OTHER_EMAIL, "password": OTHER_PASSWORD},
            "auth.join_code": {"code": self.ids["code"]},
            "auth.join": {"display_name": "Zed", "pin": PIN, "pin_confirm": PIN},
            "auth.learner_sign_in": {"code": self.ids["code"], "display_name": "Ana", "pin": PIN},
            "i18n.choose_language": {"language": "de", "next": "/"},
            "learner.start": {"display_name": "Pia", "feedback_mode": "immediate"},
            "learner.answer": {
                "question": self.question_key(2),
                **right_form(seed.questions[1]),
            },
            "auth.request_password_reset": {"email": TEACHER_EMAIL},
            "auth.reset_password": {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
            "auth.accept_invitation": {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
            "admin.set_sign_up_rule": {"teacher_sign_up": "approval", "domains": ""},
            "admin.invite": {"email": "invited@example.org", "locale": "en"},
            "admin.change_teacher": {"action": "suspend"},
            "instructor.change_password": {
                "current": TEACHER_PASSWORD,
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
            "instructor.create_classroom": {"name": "10a History"},
            "instructor.set_joining": {"open": "0"},
            "instructor.rename_learner": {"display_name": "Ana K."},
            "instructor.new_assignment": {
                "pack_slug": SEED_PACK,
                "attempts_allowed": "2",
                "feedback_mode": "immediate",
            },
            "instructor.edit_assignment": {"attempts_allowed": "2", "feedback_mode": "immediate"},
            "instructor.move_to_version": {"from": "1"},
            "live.start": {"speed_bonus": "y"},
            "live.start_for_classroom": {"pack_slug": SEED_PACK, "speed_bonus": "y"},
        }
        forms.update(self.authoring_forms())
        if endpoint in ("live.step", "live.answer"):
            forms.update(self.live_forms())
        return forms.get(endpoint, {})

    def live_forms(self) -> dict[str, dict[str, Any]]:
        """The teacher's next step and Ana's answer to the open question of A's lesson."""
        seed = self.app.extensions["quizapp.packs"][SEED_PACK]
        return {
            "live.step": {"action": "next", "revision": self.lesson_revision()},
            "live.answer": {
                "question": self.lesson_question_key("Ana"),
                "position": "1",
                "round": "1",
                **right_form(seed.question(self.lesson_question_id())),
            },
        }

    def lesson_question_key(self, name: str) -> str:
        """The key of the lesson's open question in the learner's attempt (joining them)."""
        with self.app.app_context():
            lesson = db.session.get(LiveLesson, self.ids["lesson_id"])
            learner = db.session.get(Learner, self.learner_id(name))
            attempt = live_lessons.join(lesson, learner).attempt
            seed = self.app.extensions["quizapp.packs"][SEED_PACK]
            return question_key(attempt, seed.question(lesson.question_id))

    def lesson_question_id(self) -> str:
        with self.app.app_context():
            return db.session.get(LiveLesson, self.ids["lesson_id"]).question_id

    def lesson_revision(self) -> int:
        with self.app.app_context():
            return db.session.get(LiveLesson, self.ids["lesson_id"]).revision

    def authoring_forms(self) -> dict[str, dict[str, Any]]:
        """The editor's forms, with the revision of A's pack as it stands now."""

        with self.app.app_context():
            revision = db.session.get(StoredPack, self.ids["stored_pack_id"]).revision
        question = {
            "id": "population",
            "prompt.en": "How many?",
            "prompt.de": "Wie viele?",
            "explanation.en": "So many.",
            "explanation.de": "So viele.",
            "answer": "9200000",
            "quotes.0.paragraph": "p2",
            "quotes.0.text": "A little over nine million People live in the Eastern European country.",
            "revision": revision,
        }
        return {
            "authoring.new_pack": {
                "title": "Lakes",
                "publisher": "Example Times",
                "language": "en",
                "languages": "en",
                "text": "About 9.2 million people live near the lakes.",
            },
            "authoring.change_paragraph": {
                "paragraph": "p1",
                "action": "heading",
                "revision": revision,
            },
            "authoring.share_pack": {"in_library": "1"},
            "authoring.new_question": {**question, "type": "numeric", "id": "population-2"},
            "authoring.edit_question": question,
            "authoring.arrange_question": {"action": "duplicate", "revision": revision},
            "authoring.attach_article": {
                "title": "Lakes",
                "publisher": "Example Times",
                "language": "en",
                "text": "About 9.2 million people live near the lakes.",
                "revision": revision,
            },
            "authoring.import_questions": {"language": "en", "text": "::q1:: Is it? {T}"},
            "authoring.tidy_article": {
                "action": "heading",
                "paragraph": "p1",
                "revision": revision,
            },
            "authoring.take_suggestions": {"action": "add", "draft": self.ids["key"]},
            "authoring.fix_suggestion": {**self.draft_fix, "revision": revision},
            "authoring.change_languages": {
                "action": "remove",
                "language": "de",
                "confirmed": "1",
                "revision": revision,
            },
            "authoring.rename_pack": {
                "title.en": "Lakes",
                "title.de": "Seen",
                "revision": revision,
            },
        }

    def url(self, rule: Rule, **query: str) -> str:
        """The rule's URL on A's side: A's class, Ana's attempt at question 2."""
        values = {**self.ids, "position": 2 if rule.endpoint == "learner.answer" else 1}
        return fill(rule, values, **query)


def build_world(app: Flask) -> World:
    """The World's rows come from the factories; only the browsers' sign-ins (and Pat's practice
    attempt, which belongs to the practiser's session) go through HTTP. Its school lets
    teachers sign up (so the sign-up form is tried too) and has an administrator, who teaches
    no class; an invitation is open and a teacher's address is waiting for confirmation."""
    factories.set_teacher_sign_up(app, "open")
    teacher_id = make_instructor(app)
    teacher = TeacherBrowser(app.test_client())
    assert teacher.sign_in().status_code == 303
    code = "TESTC9"
    classroom_id = factories.make_classroom(app, teacher_id, "9b English", code)
    assignment_id = factories.make_assignment(app, classroom_id, attempts_allowed=3)
    ana = class_member(app, classroom_id, "Ana", code, PIN)
    ana_id = _learner_id(app, "Ana")
    attempt_id = factories.make_attempt(app, ana_id, assignment_id, answers=[True])  # question 1
    cleo = class_member(app, classroom_id, "Cleo", code, PIN)

    other_id = make_instructor(app, OTHER_EMAIL, OTHER_PASSWORD)
    other = TeacherBrowser(app.test_client())
    assert other.sign_in(OTHER_EMAIL, OTHER_PASSWORD).status_code == 303
    other_code = "OTHER7"
    other_classroom = factories.make_classroom(app, other_id, "Other class", other_code)
    other_assignment = factories.make_assignment(app, other_classroom)
    ben = class_member(app, other_classroom, "Ben", other_code, PIN)
    ben_attempt = factories.make_attempt(app, _learner_id(app, "Ben"), other_assignment, [])

    make_instructor(app, ADMIN_EMAIL, ADMIN_PASSWORD, administrator=True)
    administrator = TeacherBrowser(app.test_client())
    assert administrator.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 303

    practiser = Browser(app.test_client())
    pat_attempt = practiser.start(name="Pat")
    anonymous = Browser(app.test_client())

    world = World(
        app=app,
        users={
            "teacher": teacher,
            "other_teacher": other,
            "administrator": administrator,
            "ana": ana,
            "cleo": cleo,
            "ben": ben,
            "practiser": practiser,
            "anonymous": anonymous,
        },
        ids={
            "classroom_id": classroom_id,
            "assignment_id": assignment_id,
            "attempt_id": attempt_id,
            "code": code,
            "pack_slug": SEED_PACK,
            "filename": "quizapp.css",
            "stored_pack_id": factories.make_pack(app, teacher_id, "teachers-pack"),
            "question_number": 1,
            "number": 1,  # the seed pack's version: moving to it is refused on the quiz's page
        },
    )
    world.ids["learner_id"] = ana_id
    world.ids["key"], world.draft_fix = _first_draft(app, world.ids["stored_pack_id"])
    world.ids.update(_school_ids(app, other_id))
    world.ids["lesson_id"] = _live_lesson(app, classroom_id, teacher_id)
    with app.app_context():
        world.ids["token"] = password_reset_token(instructor_by_email(TEACHER_EMAIL))
    ben_id = world.learner_id("Ben")
    b_side = {
        "classroom_id": other_classroom,
        "assignment_id": other_assignment,
        "learner_id": ben_id,
        "attempt_id": ben_attempt,
        "stored_pack_id": factories.make_pack(app, other_id, "other-teachers-pack"),
        "lesson_id": _live_lesson(app, other_classroom, other_id),
    }
    world.own_ids = {
        "other_teacher": b_side,
        "ben": b_side,
        "cleo": {"learner_id": world.learner_id("Cleo"), "classroom_id": classroom_id},
        "practiser": {"attempt_id": pat_attempt, "learner_id": world.learner_id("Pat")},
    }
    return world


def _live_lesson(app: Flask, classroom_id: int, teacher_id: int) -> int:
    """A live lesson on its first question, of an assignment of its own (the class's other
    assignment has attempts running, which keep their learners out of a lesson of it)."""
    assignment_id = factories.make_assignment(app, classroom_id)
    with app.app_context():
        lesson = live_lessons.start_lesson(
            db.session.get(Assignment, assignment_id), db.session.get(Instructor, teacher_id)
        )
        return live_lessons.step(lesson.id, "next", lesson.revision).id


def _school_ids(app: Flask, teacher_id: int) -> dict[str, Any]:
    """What the administrator's and the e-mailed links' URLs are filled with: teacher B, an open
    invitation and its token, and the confirmation token of a teacher who signed up."""
    unconfirmed = make_instructor(
        app, "unconfirmed@example.org", NEW_PASSWORD, status=TeacherStatus.UNCONFIRMED
    )
    with app.app_context():
        administrator = instructor_by_email(ADMIN_EMAIL)
        invitation_token = new_invitation("invited@school.example", "de", administrator)
        return {
            "instructor_id": teacher_id,
            "invitation_id": db.session.scalar(select(Invitation.id)),
            "invitation_token": invitation_token,
            "confirmation_token": confirmation_token(db.session.get(Instructor, unconfirmed)),
        }


def _first_draft(app: Flask, stored_pack_id: int) -> tuple[str, dict[str, str]]:
    """The key of the first draft teacher A's pack offers, and its fix form as the list fills it."""
    with app.app_context():
        offer = suggestions.offers(db.session.get(StoredPack, stored_pack_id))[0]
        form = {
            field.name: ("1" if field.value else "") if field.kind == "flag" else str(field.value)
            for field in draft_list.fix_fields(offer)
        }
        return offer.key, form


def _learner_id(app: Flask, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Learner.id).filter_by(display_name=name))


def snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Every row of every table: compared before and after requests that must change nothing."""
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
            tables[table.name] = [tuple(row) for row in rows]
        return tables


@contextlib.contextmanager
def separate_app(tmp_path: Path, **config: Any) -> Iterator[Flask]:
    """An app with settings of its own (another packs folder, HTTPS cookies), on a fresh database.

    Do not combine with the `app` fixture in one test: on PostgreSQL both use the same database.
    """
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "QUESTIONS_DIR": QUESTIONS_DIR,
        "PASSWORD_HASH": "scrypt:1024:8:1",
    }
    settings.update(config)
    app = create_app(settings)
    with app.app_context():
        db.drop_all()
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


# -- hostile text --------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BOLD = "<b>x</b>"
MARKUP_PAYLOADS = (SCRIPT, IMG, BOLD)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Tags(HTMLParser):
    """The tags and attributes a browser would build from a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


OWN_SCRIPT = re.compile(r'<script src="/static/[a-z][a-z0-9_-]*\.js" defer></script>')


def assert_inert_html(body: str, where: str) -> None:
    """No tag or attribute from hostile text made it into the page unescaped.

    The app's own pages contain no <script> but the app's own static scripts (progressive
    enhancement, loaded by src from /static/), and no <img>, <b> or <iframe> at all, no event
    handler attributes and no javascript: links, so any of them was injected.
    """
    body = OWN_SCRIPT.sub("", body)
    lowered = body.lower()
    for tag in ("<script", "<img", "<b>", "<iframe"):
        assert tag not in lowered, f"{where}: unescaped {tag!r} in the page"
    parser = _Tags()
    parser.feed(body)
    for tag, attrs in parser.found:
        assert tag not in ("script", "img", "b", "iframe", "object", "embed"), f"{where}: <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"{where}: <{tag} {name}=...>"
            if name in ("href", "src", "action", "formaction") and value:
                assert not value.strip().lower().startswith("javascript:"), f"{where}: {value}"


def assert_inert_cell(value: Any, where: str) -> None:
    """A spreadsheet cell a program will not run: text never starts like a formula."""
    if isinstance(value, str):
        assert not value.startswith(FORMULA_STARTS), f"{where}: {value!r} starts like a formula"
