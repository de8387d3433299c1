"""Database models: instructors and their classrooms, learners, assignments, attempts, responses."""

import datetime as dt
import secrets
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    false,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .constants import FeedbackMode
from .extensions import db


def utcnow() -> dt.datetime:
    """The current time in UTC, naive, as every timestamp is stored."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_session_token() -> str:
    """A fresh per-account secret: every session and remember cookie of the account carries it."""
    return secrets.token_urlsafe(24)


# SQLite reuses the largest rowid after a delete unless a table is AUTOINCREMENT: a removed
# learner's cookie must never name the next newcomer. (PostgreSQL's sequences never go back.)
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class Account(UserMixin):
    """What an instructor and a learner share: the id Flask-Login keeps names the account, its
    session token and the sign-in (see accounts.py), so that replacing the token ends them all."""

    role = ""  # "instructor" or "learner"
    current_sign_in = None  # the SignIn of this request, set by accounts.load_account

    def get_id(self) -> str:
        sign_in = self.current_sign_in
        suffix = f":{sign_in.id}.{sign_in.secret}" if sign_in is not None and sign_in.secret else ""
        return f"{self.role}:{self.id}:{self.session_token}{suffix}"


class TeacherStatus(StrEnum):
    """Where a teacher account stands: only an active one signs in."""

    ACTIVE = "active"
    UNCONFIRMED = "unconfirmed"  # signed up with a school address, not confirmed by e-mail yet
    PENDING = "pending"  # signed up, waiting for an administrator's approval
    SUSPENDED = "suspended"  # stopped by an administrator; their classes' data stays


class Instructor(Account, db.Model):
    """A teacher: signs in with e-mail and password, owns classrooms."""

    __table_args__ = NEVER_REUSE_IDS
    role = "instructor"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    locale: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # An administrator also teaches: one account table and one sign-in for both.
    is_administrator: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(
        String(20), default=TeacherStatus.ACTIVE, server_default=TeacherStatus.ACTIVE.value
    )

    classrooms: Mapped[list["Classroom"]] = relationship(
        back_populates="instructor", order_by="Classroom.id"
    )

    @property
    def is_active(self) -> bool:
        """Flask-Login signs in active teachers only: not unconfirmed, pending or suspended."""
        return self.status == TeacherStatus.ACTIVE


class TeacherSignUp(StrEnum):
    """How teachers get an account at this school (SchoolSetting.teacher_sign_up)."""

    INVITATION = "invitation"  # only by an administrator's invitation
    DOMAINS = "domains"  # sign-up with an address of a listed domain, confirmed by e-mail
    APPROVAL = "approval"  # sign-up, then an administrator approves
    OPEN = "open"  # anyone may sign up


class SchoolSetting(db.Model):
    """The school's settings an administrator changes on a page: one row, saved the first time
    an administrator saves them (until then accounts.teacher_sign_up_rule gives the defaults)."""

    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_sign_up: Mapped[str] = mapped_column(String(20), default=TeacherSignUp.INVITATION)
    sign_up_domains: Mapped[str] = mapped_column(Text, default="")  # space-separated, lowercase
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def domains(self) -> list[str]:
        return self.sign_up_domains.split()


class Invitation(db.Model):
    """An administrator's invitation to a teacher account: the link's token is single-use and
    expires; only its SHA-256 is kept, so a copy of the database opens no account."""

    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str | None] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("instructor.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]

    invited_by: Mapped[Instructor | None] = relationship()


class Classroom(db.Model):
    """An instructor's class; learners join it with its code."""

    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    instructor_id: Mapped[int] = mapped_column(
        ForeignKey("instructor.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    joining_open: Mapped[bool] = mapped_column(default=True)
    # Whether learners may practise the questions they missed and get them back for review.
    review_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[dt.datetime | None]  # put away: listed apart, closed to joining

    instructor: Mapped[Instructor] = relationship(back_populates="classrooms")
    learners: Mapped[list["Learner"]] = relationship(
        back_populates="classroom", order_by="Learner.display_name"
    )
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="classroom", order_by="Assignment.id", cascade="all, delete-orphan"
    )


class Learner(Account, db.Model):
    """Someone taking quizzes. A display name is all a learner needs: no e-mail address.

    A learner in a classroom also has a PIN of their choosing, to sign in on another device.
    """

    __table_args__ = (
        UniqueConstraint("classroom_id", "name_key", name="uq_learner_name"),
        NEVER_REUSE_IDS,
    )
    role = "learner"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str | None] = mapped_column(String(80))  # folded name, unique in a classroom
    classroom_id: Mapped[int | None] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    locale: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom | None] = relationship(back_populates="learners")
    attempt_in_view = None  # the attempt a page is about, loaded with the learner (load_account)
    attempts: Mapped[list["Attempt"]] = relationship(
        back_populates="learner", order_by="Attempt.id", cascade="all, delete-orphan"
    )


class Assignment(db.Model):
    """A pack given to a classroom, with its settings."""

    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    pack_slug: Mapped[str] = mapped_column("pack_id", String(100))
    # The version of the pack it was given (see packs.pinned_pack); None only for a row from
    # before versions whose pack was not in the database yet.
    pack_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("pack_version.id", ondelete="SET NULL"), index=True
    )
    opens_at: Mapped[dt.datetime | None]
    closes_at: Mapped[dt.datetime | None]
    time_limit_minutes: Mapped[int | None]
    attempts_allowed: Mapped[int] = mapped_column(default=1)  # 0: as many as the learner likes
    shuffle_questions: Mapped[bool] = mapped_column(default=False)
    shuffle_options: Mapped[bool] = mapped_column(default=False)
    feedback_mode: Mapped[str] = mapped_column(String(20), default=FeedbackMode.AFTER_ATTEMPT)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every language
    # After each answer the learner marks the sentence proving it, worth this share of the
    # question's points (0: not asked); see quizapp/behaviours/evidence.py.
    evidence_share: Mapped[float] = mapped_column(default=0.0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[dt.datetime | None]  # closed and hidden from learners; results kept

    classroom: Mapped[Classroom] = relationship(back_populates="assignments")
    attempts: Mapped[list["Attempt"]] = relationship(back_populates="assignment")

    def is_open(self, now: dt.datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and not self.is_closed(now)

    def is_closed(self, now: dt.datetime) -> bool:
        return self.closes_at is not None and now >= self.closes_at


class Attempt(db.Model):
    """One learner's run through a pack's questions, in a fixed order with a fixed feedback mode."""

    # At most one unfinished attempt per learner and assignment: a double click on "Start" (or two
    # tabs) cannot open a second one, nor exceed the attempts allowed.
    __table_args__ = (
        Index(
            "uq_attempt_open",
            "learner_id",
            "assignment_id",
            unique=True,
            sqlite_where=text("finished_at IS NULL"),
            postgresql_where=text("finished_at IS NULL"),
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    pack_slug: Mapped[str] = mapped_column("pack_id", String(100))
    # The version it was started on: the assignment's, or the newest when practising.
    pack_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("pack_version.id", ondelete="SET NULL"), index=True
    )
    feedback_mode: Mapped[str] = mapped_column(String(20))  # a FeedbackMode
    question_order: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(default=lambda: secrets.randbits(31))
    shuffle_options: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    deadline: Mapped[dt.datetime | None]  # when the time limit or the closing time ends it
    finished_at: Mapped[dt.datetime | None]
    finish_reason: Mapped[str | None] = mapped_column(String(20))  # a FinishReason
    flagged: Mapped[list[str] | None] = mapped_column(JSON)  # question ids to come back to
    score: Mapped[float | None]
    max_score: Mapped[float]
    # A practice of missed questions: the graded attempt they were missed in (see review.py).
    review_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("attempt.id", ondelete="SET NULL"), index=True
    )

    learner: Mapped[Learner] = relationship(back_populates="attempts")
    assignment: Mapped[Assignment | None] = relationship(back_populates="attempts")
    responses: Mapped[list["Response"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Response.id"
    )
    # (question id, its response or None), read with the attempt for the page of that question
    # (see accounts.load_account); forgotten when a response is stored.
    known_response = None  # type: tuple[str, Response | None] | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> float | None:
        """The score as a fraction of the maximum (0..1), once finished."""
        if self.score is None or not self.max_score:
            return None
        return self.score / self.max_score

    @property
    def duration(self) -> dt.timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None

    def _responses_loaded(self) -> bool:
        return "responses" not in inspect(self).unloaded

    def response_for(self, question_id: str) -> "Response | None":
        """The stored response to one question. A page about one question reads that row alone;
        once every response is loaded (results, reports), they are searched instead."""
        if self._responses_loaded():
            return next((r for r in self.responses if r.question_id == question_id), None)
        if self.known_response is not None and self.known_response[0] == question_id:
            return self.known_response[1]
        return db.session.scalar(_RESPONSE_TO, {"attempt_id": self.id, "question_id": question_id})

    def forget_responses(self) -> None:
        """A response was stored without the ORM: a list of responses loaded already is read
        again when next used."""
        self.known_response = None
        if self._responses_loaded():
            db.session.expire(self, ["responses"])

    def answered_ids(self) -> set[str]:
        """The ids of the questions answered so far (without loading every response)."""
        if self._responses_loaded():
            return {r.question_id for r in self.responses}
        return set(db.session.scalars(_ANSWERED_IDS, {"attempt_id": self.id}))

    @property
    def resume_point(self) -> int | None:
        """The 1-based position of the first unanswered question, or None when all are answered."""
        answered = self.answered_ids()
        for position, question_id in enumerate(self.question_order, start=1):
            if question_id not in answered:
                return position
        return None


class Response(db.Model):
    """One stored, graded answer to one question of an attempt. With immediate feedback it stands
    once stored; in a deferred mode a changed answer replaces it until the attempt is submitted."""

    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id", name="uq_response_question"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(100))
    answer: Mapped[object] = mapped_column(JSON)  # the canonical answer the engine grades
    given: Mapped[str] = mapped_column(Text)  # the response as the learner gave it, for display
    fraction: Mapped[float]
    points: Mapped[float]
    form: Mapped[dict | None] = mapped_column(JSON)  # the form fields as sent, to show them again
    # The language the answer was read in (the page's), so exports describe it as the learner
    # saw it ("5.100 Euro", "Stimmt") even after a switch; None: stored before it was recorded.
    locale: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[dt.datetime | None]  # when the answer was last stored
    # The sentence the learner marked as the evidence ("p7:2", engine/sentences.sentence_id) in
    # the language of the text they marked it in, and whether it proves the answer; None: not
    # asked, or not marked yet.
    evidence_sentence: Mapped[str | None] = mapped_column(String(120))
    evidence_language: Mapped[str | None] = mapped_column(String(16))
    evidence_correct: Mapped[bool | None]

    attempt: Mapped[Attempt] = relationship(back_populates="responses")

    @property
    def correct(self) -> bool:
        return self.fraction >= 1.0


# The queries of a page about one question, built once (building one costs as much as running it).
_RESPONSE_TO = select(Response).where(
    Response.attempt_id == bindparam("attempt_id"),
    Response.question_id == bindparam("question_id"),
)
_ANSWERED_IDS = select(Response.question_id).where(Response.attempt_id == bindparam("attempt_id"))


class ReviewItem(db.Model):
    """A question a learner missed in a graded attempt, coming back for spaced review (the schedule
    is engine/review_schedule.py) until answered right twice in review; `due_on` None: done."""

    __table_args__ = (
        UniqueConstraint("learner_id", "pack_version_id", "question_id", name="uq_review_item"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    pack_version_id: Mapped[int] = mapped_column(
        ForeignKey("pack_version.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(100))
    missed_in_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), index=True
    )
    missed_at: Mapped[dt.datetime]
    due_on: Mapped[dt.date | None]
    reviews: Mapped[int] = mapped_column(default=0)
    right_count: Mapped[int] = mapped_column(default=0)
    last_right: Mapped[bool | None]
    reviewed_at: Mapped[dt.datetime | None]


class SignInFailure(db.Model):
    """Failed sign-ins counted per account and per client address, shared by every worker process."""

    __table_args__ = (UniqueConstraint("scope", "key", name="uq_sign_in_failure"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))  # "account" or "address"
    key: Mapped[str] = mapped_column(String(300))
    count: Mapped[int] = mapped_column(default=0)
    first_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    blocked_until: Mapped[dt.datetime | None]


class SignIn(db.Model):
    """One signed-in browser: its session and remember cookies carry this row's id and a secret
    whose SHA-256 is kept here. Signing out deletes the row; using the remember cookie replaces
    the secret; the row ends on the server at expires_at whatever the cookie says."""

    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    instructor_id: Mapped[int | None] = mapped_column(
        ForeignKey("instructor.id", ondelete="CASCADE"), index=True
    )
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    secret_hash: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the CSRF secret of the browser's session before this sign-in: a form sent twice
    # from that browser (a double click on "Join") is recognised by it.
    origin: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]

    secret = None  # the plain secret, known only in the request that made it


class StoredPack(db.Model):
    """A pack in the database: its draft (the JSON export's shape) and its published versions.

    `owner_id` is the teacher who made it; None for a pack imported from a folder (the school's
    library). `revision` counts saves of the draft, so a save made from an older page is refused.
    `copied_from_id` names the pack a copy was made from: a copy holds its origin's answers, so
    it is withheld with it (packs.withholding_assignments).
    """

    __tablename__ = "pack"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("instructor.id", ondelete="CASCADE"), index=True
    )
    in_library: Mapped[bool] = mapped_column(default=False)
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("pack.id", ondelete="SET NULL"), index=True
    )
    draft: Mapped[dict] = mapped_column(JSON)
    # The suggested drafts the teacher added or dismissed, by draft key: they stay out of the list.
    drafts_set_aside: Mapped[dict | None] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    versions: Mapped[list["PackVersion"]] = relationship(
        back_populates="pack", order_by="PackVersion.number", cascade="all, delete-orphan"
    )


class PackVersion(db.Model):
    """An immutable published state of a pack; `digest` (SHA-256 of its content) names it in
    every process's cache, so no server ever needs telling that a version changed."""

    __tablename__ = "pack_version"
    __table_args__ = (
        UniqueConstraint("pack_id", "number", name="uq_pack_version_number"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stored_pack_id: Mapped[int] = mapped_column(
        "pack_id", ForeignKey("pack.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    pack: Mapped[StoredPack] = relationship(back_populates="versions")


class LivePhase(StrEnum):
    """Where a live lesson stands (quizapp/live/operations.py moves it on)."""

    LOBBY = "lobby"  # learners join; no question shown yet
    OPEN = "open"  # the current question takes answers
    CLOSED = "closed"  # answers stopped; the teacher may reveal or ask for a second vote
    REVEALED = "revealed"  # the class's answers, the right answer and the quote are shown
    ENDED = "ended"  # over: every attempt of the lesson is finished


class LiveLesson(db.Model):
    """A teacher-paced run of an assignment's questions, one at a time for the whole class.

    Its state lives in this row, so any app server answers any request: `revision` grows on
    every change (a page sends back the revision it showed, so a stale click is refused),
    `question_id` names the current question of `question_order` at `position` (0: the lobby).
    """

    # At most one running lesson per assignment: a second "Start" resumes it.
    __table_args__ = (
        Index(
            "uq_live_lesson_running",
            "assignment_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    instructor_id: Mapped[int] = mapped_column(
        ForeignKey("instructor.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[str] = mapped_column(String(20), default=LivePhase.LOBBY)
    question_order: Mapped[list[str]] = mapped_column(JSON)
    # The languages its pages may be in: the assignment's that the pack has (all the pack's if
    # the assignment names none), read once at the start so a poll needs no pack.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    question_id: Mapped[str | None] = mapped_column(String(100))
    round: Mapped[int] = mapped_column(default=1)  # 2: the second vote after discussion
    speed_bonus: Mapped[bool] = mapped_column(default=False)
    leaderboard: Mapped[bool] = mapped_column(default=False)
    revision: Mapped[int] = mapped_column(default=1)
    opened_at: Mapped[dt.datetime | None]  # when the current question (and round) opened
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[dt.datetime | None]

    assignment: Mapped[Assignment] = relationship()
    instructor: Mapped[Instructor] = relationship()


class LiveSeat(db.Model):
    """A learner in a live lesson, with the ordinary attempt (feedback mode "live") that holds
    their final answers for the dashboard, statistics and exports."""

    __table_args__ = (
        UniqueConstraint("lesson_id", "learner_id", name="uq_live_seat_learner"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("live_lesson.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), unique=True
    )
    joined_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    attempt: Mapped[Attempt] = relationship()


class LiveVote(db.Model):
    """One learner's answer to one question in one round of a live lesson, graded; it may change
    while the question is open. The last round's vote is also the attempt's response."""

    __table_args__ = (
        UniqueConstraint("lesson_id", "attempt_id", "question_id", "round", name="uq_live_vote"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("live_lesson.id", ondelete="CASCADE"))
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(100))
    round: Mapped[int]
    answer: Mapped[object] = mapped_column(JSON)
    given: Mapped[str] = mapped_column(Text)
    fraction: Mapped[float]
    points: Mapped[float]
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)  # when last sent
    seconds: Mapped[float] = mapped_column(default=0.0)  # from the round's opening to answered_at
