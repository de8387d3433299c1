"""Attempts and responses: starting, answering, finishing and scoring, for every blueprint to use."""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markupsafe import Markup
from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from .bank import Pack
from .constants import FeedbackMode, FinishReason
from .engine import Choice, Grade, Option, Question, grade_answer, question_type, read_response
from .extensions import db
from .models import Assignment, Attempt, Learner, Response, utcnow
from .packs import library_packs, newest_version_id, pinned_pack, published_pack, version_pack


class AlreadyAnswered(Exception):
    """The question already has a different stored response; the stored one stands."""

    def __init__(self, response: Response):
        super().__init__(response.question_id)
        self.response = response


class StartRefused(Exception):
    """The learner may not start an attempt at this assignment now (closed, or none left)."""

    def __init__(self, no_attempts_left: bool):
        super().__init__(no_attempts_left)
        self.no_attempts_left = no_attempts_left


class AttemptOver(Exception):
    """The attempt is finished (submitted, out of time, or the assignment closed)."""

    def __init__(self, attempt: Attempt):
        super().__init__(attempt.id)
        self.attempt = attempt


def all_packs() -> dict[str, Pack]:
    """The school library's published packs, by id (see packs.py)."""
    return library_packs()


def get_pack(pack_id: str) -> Pack | None:
    """The newest published version of a pack, whoever owns it (an attempt or an assignment
    reads its own version: pinned_pack)."""
    return published_pack(pack_id)


def start_attempt(
    learner: Learner,
    pack: Pack,
    feedback_mode: FeedbackMode | str,
    assignment: Assignment | None = None,
) -> Attempt:
    """A new attempt, its question order fixed now (shuffled if the assignment says so), pinned
    to the assignment's version of the pack, or when practising to the newest."""
    version_id = assignment.pack_version_id if assignment else newest_version_id(pack.id)
    if assignment is None and version_id is not None:
        pack = version_pack(version_id) or pack  # published since `pack` was read: the newest
    attempt = Attempt(
        learner=learner,
        assignment=assignment,
        pack_id=pack.id,
        pack_version_id=version_id,
        feedback_mode=FeedbackMode(feedback_mode),
        question_order=[q.id for q in pack.questions],
        max_score=pack.max_points,
        shuffle_options=bool(assignment and assignment.shuffle_options),
    )
    attempt.seed = random.SystemRandom().randrange(2**31)
    if assignment is not None:
        if assignment.shuffle_questions:
            random.Random(attempt.seed).shuffle(attempt.question_order)
        ends = [assignment.closes_at] if assignment.closes_at else []
        if assignment.time_limit_minutes:
            ends.append(utcnow() + dt.timedelta(minutes=assignment.time_limit_minutes))
        attempt.deadline = min(ends) if ends else None
    db.session.add(attempt)
    db.session.commit()
    return attempt


def attempt_random(attempt: Attempt, question: Question) -> random.Random:
    """A random source that is the same every time for this attempt and question."""
    return random.Random(f"{attempt.seed}:{question.id}")


def options_in_order(attempt: Attempt, question: Question) -> list[Option]:
    """The question's options as this attempt shows them: shuffled once, then always the same."""
    options = list(question.options)
    if attempt.shuffle_options:
        attempt_random(attempt, question).shuffle(options)
    return options


def question_key(attempt: Attempt, question: Question) -> str:
    """An opaque name for a question within an attempt, sent with its form.

    It ties a submitted answer to the question that was shown, without putting the question's id
    (which a teacher may have named after the answer) into the page.
    """
    digest = hashlib.sha256(f"{attempt.seed}:{attempt.id}:{question.id}".encode()).hexdigest()
    return digest[:16]


@dataclass(frozen=True)
class QuestionControls:
    """What a question's form shows in this attempt: its options, choices and items in the
    attempt's order, and what the learner sent when the answer is asked for again."""

    options: list[Option]
    choices: list[Choice]
    items: list[Choice]
    form: MultiDict = field(default_factory=MultiDict)
    error: bool = False

    @property
    def described(self) -> Markup:
        return Markup('aria-describedby="answer-error"') if self.error else Markup("")


def question_controls(
    attempt: Attempt, question: Question, form: MultiDict | None = None, error: bool = False
) -> QuestionControls:
    """The controls of `question` as this attempt shows them (shuffled once, then always alike)."""
    choices = list(question.choices)
    attempt_random(attempt, question).shuffle(choices)
    items = list(question.sequence)
    random.Random(f"{attempt.seed}:{question.id}:items").shuffle(items)
    if len(items) > 1 and items == list(question.sequence):
        items = items[1:] + items[:1]  # an ordering question never starts already answered
    return QuestionControls(
        options_in_order(attempt, question), choices, items, form or MultiDict(), error
    )


def finish_if_over(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Finish an attempt whose time is up; True if it is finished (now or before)."""
    if attempt.finished:
        return True
    now = now or utcnow()
    if attempt.deadline is not None and now >= attempt.deadline:
        closes = attempt.assignment.closes_at if attempt.assignment else None
        closed = closes is not None and attempt.deadline >= closes
        reason = FinishReason.CLOSED if closed else FinishReason.TIME_LIMIT
        finish_attempt(attempt, reason, at=attempt.deadline)
        db.session.commit()
        return True
    return False


def record_response(
    attempt: Attempt, question: Question, raw: Any, locale: str, form: MultiDict | None = None
) -> Response:
    """Grade and store a response. Repeating the same answer returns the stored response.

    In a deferred mode a different answer replaces the stored one until the attempt is submitted
    (the last stored answer is the one graded); with immediate feedback the first answer stands.
    Raises a ResponseError when the response cannot be graded, AlreadyAnswered when a different
    response is stored already and may not change, AttemptOver when the attempt is finished or out
    of time. With immediate feedback, answering the last unanswered question finishes the attempt;
    deferred attempts end when the learner submits them (`submit_attempt`).
    """
    answer = read_response(question, raw, locale)
    fields = _form_fields(form)
    existing = attempt.response_for(question.id)
    if existing is not None and (existing.answer == answer or not may_change(attempt)):
        return _same_or_conflict(existing, answer)
    if finish_if_over(attempt):
        raise AttemptOver(attempt)
    grade = grade_answer(question, answer)
    given = question_type(question.type).given_text(question, raw, answer)
    if existing is not None:
        _store(existing, answer, given, grade, fields)
        db.session.commit()
        return existing
    try:
        response = _insert_response(attempt, question, answer, given, grade, fields)
    except IntegrityError:
        # Another request (a double click, a retried POST) stored this question first.
        db.session.rollback()
        stored = db.session.scalars(
            select(Response).filter_by(attempt_id=attempt.id, question_id=question.id)
        ).one()
        if stored.answer != answer and may_change(attempt):
            _store(stored, answer, given, grade, fields)
            db.session.commit()
            return stored
        return _same_or_conflict(stored, answer)
    if not FeedbackMode(attempt.feedback_mode).deferred and attempt.resume_point is None:
        finish_attempt(attempt, FinishReason.SUBMITTED)
    db.session.commit()
    return response


# One INSERT statement, built once: the ORM's unit of work took a third of an answer's time.
_INSERT_RESPONSE = Response.__table__.insert()


def _insert_response(
    attempt: Attempt, question: Question, answer: Any, given: str, grade: Grade, form: dict
) -> Response:
    """Store a new response (not yet committed); returns it as stored."""
    now = utcnow()
    values = {
        "attempt_id": attempt.id,
        "question_id": question.id,
        "answer": answer,
        "given": given,
        "form": form,
        "fraction": grade.fraction,
        "points": grade.points,
        "created_at": now,
        "changed_at": now,
    }
    stored = db.session.execute(_INSERT_RESPONSE, values)
    attempt.forget_responses()
    return Response(id=stored.inserted_primary_key[0], **values)


def _store(response: Response, answer: Any, given: str, grade: Grade, form: dict) -> None:
    response.answer, response.given, response.form = answer, given, form
    response.fraction, response.points = grade.fraction, grade.points
    response.changed_at = utcnow()


def _form_fields(form: MultiDict | None) -> dict[str, list[str]]:
    """The answer fields of a question form as sent, to show them again when the learner returns."""
    if form is None:
        return {}
    return {key: form.getlist(key) for key in form if key not in ("csrf_token", "question")}


def stored_form(response: Response) -> MultiDict:
    """The answer fields as the learner last sent them, to fill the form in again."""
    return MultiDict([(k, v) for k, values in (response.form or {}).items() for v in values])


def _same_or_conflict(stored: Response, answer: Any) -> Response:
    if stored.answer == answer:
        return stored
    raise AlreadyAnswered(stored)


def finish_attempt(attempt: Attempt, reason: FinishReason, at: dt.datetime | None = None) -> None:
    """Close the attempt: unanswered questions count 0; the score is the sum of the responses."""
    if attempt.finished_at is None:
        attempt.finished_at = at or utcnow()
        attempt.finish_reason = reason
        attempt.score = sum(r.points for r in attempt.responses)


def submit_attempt(attempt: Attempt) -> None:
    """The learner's "Submit all": the attempt ends with the answers stored (out of time: as due)."""
    if not finish_if_over(attempt):
        finish_attempt(attempt, FinishReason.SUBMITTED)
        db.session.commit()


def may_change(attempt: Attempt) -> bool:
    """Whether stored answers may still be changed: in a deferred mode, until submitted."""
    return not attempt.finished and FeedbackMode(attempt.feedback_mode).deferred


def may_open(attempt: Attempt, position: int, answered: bool | None = None) -> bool:
    """Whether the learner may open the question at `position` now (`answered`: whether it has a
    stored response, if the caller has looked already).

    In a deferred mode every question of an unfinished attempt, in any order (go back, skip ahead);
    with immediate feedback the questions answered and the next one; once finished, those answered.
    """
    if answered is None:
        answered = attempt.response_for(attempt.question_order[position - 1]) is not None
    if answered or may_change(attempt):
        return True
    resume = attempt.resume_point
    return not attempt.finished and resume is not None and position <= resume


def toggle_flag(attempt: Attempt, position: int) -> bool:
    """Flag a question to come back to (or take the flag off); True if it is flagged now."""
    if attempt.finished:
        raise AttemptOver(attempt)
    question_id = attempt.question_order[position - 1]
    flagged = list(attempt.flagged or [])
    if question_id in flagged:
        flagged.remove(question_id)
    else:
        flagged.append(question_id)
    attempt.flagged = flagged
    db.session.commit()
    return question_id in flagged


def after_answer(attempt: Attempt, position: int) -> tuple[str, int | None]:
    """Where a learner goes after answering: ("feedback", position) with immediate feedback, the
    next question in a deferred mode, ("summary", None) after the last, ("results", None) once over."""
    if not FeedbackMode(attempt.feedback_mode).deferred:
        return "feedback", position
    if attempt.finished:
        return "results", None
    if position < len(attempt.question_order):
        return "question", position + 1
    return "summary", None


@dataclass(frozen=True)
class SummaryRow:
    position: int
    answered: bool
    flagged: bool


@dataclass(frozen=True)
class AttemptSummary:
    """Every question of an attempt before "Submit all": answered, unanswered and flagged ones."""

    rows: list[SummaryRow]

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def unanswered(self) -> list[int]:
        return [row.position for row in self.rows if not row.answered]

    @property
    def flagged(self) -> list[int]:
        return [row.position for row in self.rows if row.flagged]


def attempt_summary(attempt: Attempt) -> AttemptSummary:
    answered = attempt.answered_ids()
    flagged = set(attempt.flagged or [])
    return AttemptSummary(
        [
            SummaryRow(position, question_id in answered, question_id in flagged)
            for position, question_id in enumerate(attempt.question_order, start=1)
        ]
    )


def seconds_left(attempt: Attempt, now: dt.datetime | None = None) -> int | None:
    """Whole seconds until the attempt's deadline (0 when past), None when it has none."""
    if attempt.deadline is None or attempt.finished:
        return None
    return max(0, int((attempt.deadline - (now or utcnow())).total_seconds()))


@dataclass(frozen=True)
class AssignmentEntry:
    """An assignment as one learner sees it now: the pack, their attempts, what they may do."""

    assignment: Assignment
    pack: Pack
    attempts: list[Attempt]
    unfinished: Attempt | None
    can_start: bool

    @property
    def finished_attempts(self) -> list[Attempt]:
        return [a for a in self.attempts if a.finished]

    @property
    def attempts_left(self) -> int:
        return max(0, self.assignment.attempts_allowed - len(self.attempts))

    @property
    def answered(self) -> int:
        """How many questions the unfinished attempt has answered (0 without one)."""
        return len(self.unfinished.responses) if self.unfinished else 0

    @property
    def total(self) -> int:
        return len(self.pack.questions)


def assignment_entries(
    learner: Learner | None, now: dt.datetime | None = None
) -> list[AssignmentEntry]:
    """The learner's classroom's open (or closed) assignments, with what the learner may do now."""
    if learner is None or learner.classroom is None:
        return []
    now = now or utcnow()
    entries = []
    for assignment in learner.classroom.assignments:
        pack = pinned_pack(assignment)
        if (
            pack is None
            or assignment.archived_at
            or (assignment.opens_at and assignment.opens_at > now)
        ):
            continue
        mine = [a for a in learner.attempts if a.assignment_id == assignment.id]
        for attempt in mine:
            finish_if_over(attempt, now)
        unfinished = next((a for a in mine if not a.finished), None)
        can_start = (
            unfinished is None
            and assignment.is_open(now)
            and len(mine) < assignment.attempts_allowed
        )
        entries.append(AssignmentEntry(assignment, pack, mine, unfinished, can_start))
    return entries


def start_or_resume(learner: Learner, assignment: Assignment) -> tuple[Attempt, bool]:
    """The learner's attempt at an assignment: the unfinished one (resumed: True) or a new one.

    Raises StartRefused when the assignment is not open or no attempt is left.
    """
    now = utcnow()
    entry = next(
        (e for e in assignment_entries(learner, now) if e.assignment.id == assignment.id), None
    )
    if entry is not None and entry.unfinished is not None:
        return entry.unfinished, True
    if entry is None or not assignment.is_open(now):
        raise StartRefused(no_attempts_left=False)
    if not entry.can_start:
        raise StartRefused(no_attempts_left=True)
    try:
        return start_attempt(learner, entry.pack, assignment.feedback_mode, assignment), False
    except IntegrityError:  # a second click started one at the same moment: continue that one
        db.session.rollback()
        attempt = db.session.scalar(
            select(Attempt).filter_by(
                learner_id=learner.id, assignment_id=assignment.id, finished_at=None
            )
        )
        if attempt is None:
            raise
        return attempt, True


def feedback_visible(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Whether the learner may see right, wrong and explanations for a finished attempt."""
    if attempt.feedback_mode != FeedbackMode.AFTER_CLOSE:
        return attempt.finished
    closes = attempt.assignment.closes_at if attempt.assignment else None
    return attempt.finished and closes is not None and (now or utcnow()) >= closes


def score_visible(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Whether the learner may see the attempt's score: with feedback after the closing time, not
    before the close (with several attempts allowed, scores would give the key away one answer
    at a time)."""
    return (
        feedback_visible(attempt, now)
        if attempt.feedback_mode == FeedbackMode.AFTER_CLOSE
        else True
    )


def practice_withheld_until(pack_id: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Until when practising this pack is closed, or None when it is open.

    Practice shows the right answers. While an assignment of the pack with feedback after the
    closing time has not closed (in any classroom: packs are shared, and practice needs no
    account), practice would give that quiz's answers away, so it waits for the latest close.
    """
    now = now or utcnow()
    return db.session.scalar(
        select(func.max(Assignment.closes_at)).filter(
            Assignment.pack_id == pack_id,
            Assignment.feedback_mode == FeedbackMode.AFTER_CLOSE,
            Assignment.closes_at > now,
        )
    )


def regrade(attempt: Attempt, pack: Pack) -> float:
    """The attempt's score recomputed from its stored answers with the pack's current questions."""
    total = 0.0
    for response in attempt.responses:
        question = pack.question(response.question_id)
        if question is not None:
            total += grade_answer(question, response.answer).points
    return total


def response_grade(question: Question, response) -> Grade:
    """The grade of a stored response (anything with its `answer`), with the per-option and
    per-item detail feedback needs."""
    return grade_answer(question, response.answer)


# What a review shows of each stored answer, read as plain rows (one query, no ORM objects).
_REVIEWED = select(Response.question_id, Response.answer, Response.points).where(
    Response.attempt_id == bindparam("attempt_id")
)


class ReviewRow(NamedTuple):
    """One question of an attempt on its results page: position, question, response (its
    question_id, answer and points) and grade."""

    position: int
    question: Question
    response: Row | None
    grade: Grade | None

    @property
    def verdict(self) -> str:
        """right, partly, wrong or unanswered: the mark the results overview shows."""
        if self.grade is None:
            return "unanswered"
        if self.grade.correct:
            return "right"
        return "partly" if self.grade.fraction > 0 else "wrong"


def review_rows(attempt: Attempt, pack: Pack) -> list[ReviewRow]:
    """Every question of an attempt in its order: position, question, response and grade."""
    rows = []
    responses = {
        r.question_id: r for r in db.session.execute(_REVIEWED, {"attempt_id": attempt.id})
    }
    for position, question_id in enumerate(attempt.question_order, start=1):
        question = pack.question(question_id)
        if question is None:
            continue
        response = responses.get(question_id)
        grade = response_grade(question, response) if response else None
        rows.append(ReviewRow(position, question, response, grade))
    return rows
