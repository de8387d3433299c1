"""Attempts and responses: starting, answering, finishing and scoring, for every blueprint to use."""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from flask import current_app
from markupsafe import Markup
from sqlalchemy import Row, bindparam, inspect, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from .bank import Pack
from .behaviours import asks_evidence, behaviour, behaviour_of, evidence_points, max_score
from .constants import AnswerRefusal, FeedbackMode, FinishReason, NextStep, Verdict
from .engine import (
    AskAgain,
    Choice,
    Grade,
    Option,
    Question,
    ResponseError,
    grade_answer,
    question_type,
    read_response,
)
from .engine.control_characters import form_without_control_characters
from .extensions import db
from .models import Assignment, Attempt, Learner, Response, utcnow
from .packs import (
    newest_version_id,
    pinned_pack,
    stored_pack,
    version_pack,
    withheld_from,
    withheld_until,
)
from .signals import answer_recorded, attempt_finished, attempt_started


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


def start_attempt(
    learner: Learner,
    pack: Pack,
    feedback_mode: FeedbackMode | str,
    assignment: Assignment | None = None,
) -> Attempt:
    """A new attempt, its question order fixed now (shuffled if the assignment says so), pinned
    to the assignment's version of the pack, or when practising to the newest; `feedback_mode`
    names its behaviour (KeyError for one not registered)."""
    rules = behaviour(feedback_mode)
    version_id = assignment.pack_version_id if assignment else newest_version_id(pack.id)
    if assignment is None and version_id is not None:
        pack = version_pack(version_id) or pack  # published since `pack` was read: the newest
    attempt = Attempt(
        learner=learner,
        assignment=assignment,
        pack_slug=pack.id,
        pack_version_id=version_id,
        feedback_mode=rules.name,
        question_order=[q.id for q in pack.questions],
        max_score=max_score(pack, assignment, rules.name),
        shuffle_options=bool(assignment and assignment.shuffle_options),
    )
    attempt.seed = random.SystemRandom().randrange(2**31)
    if assignment is not None and assignment.shuffle_questions:
        random.Random(attempt.seed).shuffle(attempt.question_order)
    attempt.deadline = rules.deadline(assignment, utcnow())
    db.session.add(attempt)
    db.session.commit()
    attempt_started.send(current_app._get_current_object(), attempt=attempt)
    return attempt


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


def present_question(
    question: Question,
    seed: int | str,
    *,
    shuffle_options: bool = False,
    form: MultiDict | None = None,
    error: bool = False,
) -> QuestionControls:
    """The controls of `question` as one run of it shows them: choices (and options, if
    `shuffle_options`) shuffled by `seed`, the same every time for one seed and question; the
    items of an ordering question shuffled too, but never left in their right order. An attempt
    passes its seed; a page that shows a pack without an attempt (the preview) passes its own."""
    options = list(question.options)
    if shuffle_options:
        _shuffle(options, f"{seed}:{question.id}")
    choices = list(question.choices)
    _shuffle(choices, f"{seed}:{question.id}")
    items = list(question.sequence)
    _shuffle(items, f"{seed}:{question.id}:items")
    if len(items) > 1 and items == list(question.sequence):
        items = items[1:] + items[:1]  # an ordering question never starts already answered
    return QuestionControls(options, choices, items, form or MultiDict(), error)


def _shuffle(things: list, seed: str) -> None:
    """Shuffle `things` in place by a Random seeded with `seed`; a list of none or one stays as
    it is without one (seeding hashes the seed: most questions have no choices and no items)."""
    if len(things) > 1:
        random.Random(seed).shuffle(things)


def question_controls(
    attempt: Attempt, question: Question, form: MultiDict | None = None, error: bool = False
) -> QuestionControls:
    """The controls of `question` as this attempt shows them (shuffled once, then always alike)."""
    return present_question(
        question, attempt.seed, shuffle_options=attempt.shuffle_options, form=form, error=error
    )


def finish_if_over(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Finish an attempt whose time is up (its behaviour says when); True if it is finished (now
    or before)."""
    if attempt.finished:
        return True
    reason = behaviour_of(attempt).due(attempt, now or utcnow())
    if reason is None:
        return False
    finish_attempt(attempt, reason, at=attempt.deadline)
    db.session.commit()
    return True


def record_response(
    attempt: Attempt, question: Question, raw: Any, locale: str, form: MultiDict | None = None
) -> Response:
    """Grade and store a response. Repeating the same answer returns the stored response.

    Whether a different answer replaces the stored one (the last stored answer is the one
    graded) and whether this answer finishes the attempt, the attempt's behaviour says (with
    immediate feedback the first answer stands and the last question's answer finishes it; in a
    deferred mode answers change until the learner submits, `submit_attempt`). Raises a
    ResponseError when the response cannot be graded, AlreadyAnswered when a different response
    is stored already and may not change, AttemptOver when the attempt is finished or out of time.
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
        _store(existing, answer, given, grade, fields, locale)
        return _recorded(attempt, question, existing)
    try:
        response = _insert_response(attempt, question, answer, given, grade, fields, locale)
    except IntegrityError:
        # Another request (a double click, a retried POST) stored this question first.
        db.session.rollback()
        stored = db.session.scalars(
            select(Response).filter_by(attempt_id=attempt.id, question_id=question.id)
        ).one()
        if stored.answer != answer and may_change(attempt):
            _store(stored, answer, given, grade, fields, locale)
            return _recorded(attempt, question, stored)
        return _same_or_conflict(stored, answer)
    if behaviour_of(attempt).finishes_on_answer(attempt):
        finish_attempt(attempt, FinishReason.SUBMITTED)
    return _recorded(attempt, question, response)


def _recorded(attempt: Attempt, question: Question, response: Response) -> Response:
    """Tell the listeners of answer_recorded about a response just stored or changed, then
    commit: what they store goes in with the answer (one commit), and they read the attempt
    before the commit expires it (no second load of it per answer)."""
    answer_recorded.send(
        current_app._get_current_object(), attempt=attempt, question=question, response=response
    )
    db.session.commit()
    return response


@dataclass(frozen=True)
class AnswerOutcome:
    """What became of an answer sent for the question at `position`: recorded, and the step that
    comes next (`next_step` at `next_position`), or refused, saying why (`refusal`, with the
    engine's `problem` when the question is asked again)."""

    position: int
    next_step: NextStep | None = None
    next_position: int | None = None
    refusal: AnswerRefusal | None = None
    problem: ResponseError | None = None

    @property
    def recorded(self) -> bool:
        return self.refusal is None


def answer_question(
    attempt: Attempt,
    position: int,
    question: Question,
    form: MultiDict,
    locale: str,
    *,
    from_lesson: bool = False,
) -> AnswerOutcome:
    """Record the answer a question form holds for the question at `position`, and say what comes
    next (the attempt's behaviour decides) or why it was not recorded. `form` carries the
    question's key (question_key) as "question", so an answer reaches only the question shown.
    A typed answer is read without control characters, as every form of the app is. An attempt
    whose behaviour takes no answers on the quiz's pages takes them `from_lesson` only."""
    form = form_without_control_characters(form)
    if attempt.finished and attempt.response_for(question.id) is None:
        return AnswerOutcome(position, refusal=AnswerRefusal.ATTEMPT_OVER)
    if not from_lesson and not behaviour_of(attempt).quiz_pages_answer:
        return AnswerOutcome(position, refusal=AnswerRefusal.ELSEWHERE)
    key = form.get("question")
    if key is None:
        return AnswerOutcome(position, refusal=AnswerRefusal.FORM_INCOMPLETE)
    if key != question_key(attempt, question):
        return AnswerOutcome(position, refusal=AnswerRefusal.OTHER_QUESTION)
    # Known before the answer is stored: storing it may end the attempt, and the behaviour's next
    # step is the one for the attempt the learner was answering.
    next_step, next_position = after_answer(attempt, position)
    try:
        raw = question_type(question.type).form_response(question, form)
        record_response(attempt, question, raw, locale, form)
    except AskAgain as problem:
        return AnswerOutcome(position, refusal=AnswerRefusal.ASK_AGAIN, problem=problem)
    except ResponseError as problem:  # InvalidResponse: no form of the question sends it
        return AnswerOutcome(position, refusal=AnswerRefusal.NOT_A_CHOICE, problem=problem)
    except AlreadyAnswered:
        return AnswerOutcome(position, refusal=AnswerRefusal.ALREADY_ANSWERED)
    except AttemptOver:
        return AnswerOutcome(position, refusal=AnswerRefusal.ATTEMPT_OVER)
    return AnswerOutcome(position, next_step, next_position)


# One INSERT statement, built once: the ORM's unit of work took a third of an answer's time.
_INSERT_RESPONSE = Response.__table__.insert()
_RESPONSE_CLASS = Response.__mapper__.class_manager


def _insert_response(
    attempt: Attempt,
    question: Question,
    answer: Any,
    given: str,
    grade: Grade,
    form: dict,
    locale: str,
) -> Response:
    """Store a new response (not yet committed), in the language it was read in; returns it as
    stored."""
    now = utcnow()
    values = {
        "attempt_id": attempt.id,
        "question_id": question.id,
        "answer": answer,
        "given": given,
        "form": form,
        "locale": locale,
        "fraction": grade.fraction,
        "points": grade.points,
        "created_at": now,
        "changed_at": now,
    }
    # Session.execute would flush what is pending before the statement (a failure there is
    # caught as a double submit's); flushed here, the INSERT goes through the connection, past
    # the ORM's execution path (some 25 Python calls an answer).
    session = db.session()
    session.flush()
    stored = session.connection().execute(_INSERT_RESPONSE, values)
    attempt.forget_responses()
    # The object the constructor would make, its values put where the ORM keeps them without the
    # constructor's ten attribute events (80 of an answer's 3,615 Python calls).
    response = _RESPONSE_CLASS.new_instance()
    response.__dict__.update(values, id=stored.inserted_primary_key[0])
    return response


def _store(
    response: Response, answer: Any, given: str, grade: Grade, form: dict, locale: str
) -> None:
    """A changed answer, stored over the response with the language it was given in now."""
    response.answer, response.given, response.form = answer, given, form
    response.locale = locale
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


# An attempt's responses' grades, in the order its `responses` relationship loads them: a Core
# statement on the table, whose rows come back as they are (the ORM's columns took some 900
# Python calls for a quiz's 36 rows).
_RESPONSES = Response.__table__.c
_RESPONSE_GRADES = (
    select(_RESPONSES.question_id, _RESPONSES.fraction, _RESPONSES.points)
    .where(_RESPONSES.attempt_id == bindparam("attempt_id"))
    .order_by(_RESPONSES.id)
)


def response_grades(attempt: Attempt) -> dict[str, tuple[float, float]]:
    """Each answered question's fraction and points, in the order the attempt's responses load:
    from them if they are loaded, else in one statement after a flush of what is pending (as
    loading them would flush it), not as 36 ORM objects that finishing an attempt would load
    only to sum them."""
    if "responses" not in inspect(attempt).unloaded:
        return {r.question_id: (r.fraction, r.points) for r in attempt.responses}
    session = db.session()
    session.flush()
    rows = session.connection().execute(_RESPONSE_GRADES, {"attempt_id": attempt.id})
    return {question_id: (fraction, points) for question_id, fraction, points in rows}


def finish_attempt(attempt: Attempt, reason: FinishReason, at: dt.datetime | None = None) -> None:
    """Close the attempt: unanswered questions count 0; the score is the sum of the responses
    and of the evidence found (behaviours/evidence.py).
    The caller commits; attempt_finished is sent as the attempt is marked finished."""
    if attempt.finished_at is None:
        # Read before the attempt changes: the flush before the read then has nothing of it to
        # write, and the three changes go in one UPDATE.
        score = sum(points for _fraction, points in response_grades(attempt).values())
        attempt.finished_at = at or utcnow()
        attempt.finish_reason = reason
        attempt.score = score
        pack = pinned_pack(attempt) if asks_evidence(attempt) else None
        if pack is not None:
            attempt.score += evidence_points(attempt, pack)
        attempt_finished.send(current_app._get_current_object(), attempt=attempt, reason=reason)


def submit_attempt(attempt: Attempt) -> None:
    """The learner's "Submit all": the attempt ends with the answers stored (out of time: as due);
    in a mode whose attempts the learner does not hand in (a live lesson's), nothing changes."""
    if behaviour_of(attempt).learner_submits and not finish_if_over(attempt):
        finish_attempt(attempt, FinishReason.SUBMITTED)
        db.session.commit()


def may_change(attempt: Attempt) -> bool:
    """Whether stored answers may still be changed (the attempt's behaviour decides: in a deferred
    mode, until submitted)."""
    return behaviour_of(attempt).may_change(attempt)


def may_open(attempt: Attempt, position: int, answered: bool | None = None) -> bool:
    """Whether the learner may open the question at `position` now (`answered`: whether it has a
    stored response, if the caller has looked already); the attempt's behaviour decides."""
    if answered is None:
        answered = attempt.response_for(attempt.question_order[position - 1]) is not None
    return behaviour_of(attempt).may_open(attempt, position, answered)


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


def after_answer(attempt: Attempt, position: int) -> tuple[NextStep, int | None]:
    """Where a learner goes after answering the question at `position`, and the position that
    step shows: the attempt's behaviour decides."""
    return behaviour_of(attempt).after_answer(attempt, position)


def resume_step(attempt: Attempt) -> tuple[NextStep, int | None]:
    """Where a learner coming back to the attempt goes (the first unanswered question, the
    summary, or the results once it is over)."""
    return behaviour_of(attempt).resume_step(attempt)


def feedback_on_answer(attempt: Attempt) -> bool:
    """Whether a question's page shows its feedback as soon as it is answered."""
    return behaviour_of(attempt).feedback_on_answer


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
    """Whether the learner may see right, wrong and explanations for a finished attempt: when
    its mode says so and, in a mode that waits for other classes (a live lesson's), no other
    teacher's running quiz withholds the pack's answers from the class's teacher."""
    behaviour = behaviour_of(attempt)
    if not behaviour.feedback_visible(attempt, now):
        return False
    return not (behaviour.waits_for_other_classes and _withheld_from_its_teacher(attempt, now))


def _withheld_from_its_teacher(attempt: Attempt, now: dt.datetime | None) -> bool:
    stored = stored_pack(attempt.pack_slug)
    if attempt.assignment is None or stored is None:
        return False
    until = withheld_from(attempt.assignment.classroom.instructor, stored)
    return until is not None and (now or utcnow()) < until


def score_visible(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Whether the learner may see the attempt's score (with feedback after the closing time, not
    before the close)."""
    return behaviour_of(attempt).score_visible(attempt, now)


def practice_withheld_until(pack_slug: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Until when practising this pack is closed, or None when it is open.

    Practice shows the right answers. While an assignment of the pack whose feedback waits for
    the closing time has not closed (in any classroom: packs are shared, and practice needs no
    account), practice would give that quiz's answers away, so it waits for the latest close;
    a copy of the pack, or the pack a copy was made from, waits with it (packs.withheld_until).
    """
    return withheld_until(pack_slug, now)


def regrade(attempt: Attempt, pack: Pack) -> float:
    """The attempt's score recomputed from its stored answers with the pack's current questions."""
    total = 0.0
    for response in attempt.responses:
        question = pack.question(response.question_id)
        if question is not None:
            total += grade_answer(question, response.answer).points
    return total + evidence_points(attempt, pack)


def response_grade(question: Question, response) -> Grade:
    """The grade of a stored response (anything with its `answer`), with the per-option and
    per-item detail feedback needs."""
    return grade_answer(question, response.answer)


# What a review shows of each stored answer, read as plain rows (one query, no ORM objects).
_REVIEWED = select(
    Response.question_id,
    Response.answer,
    Response.points,
    Response.evidence_sentence,
    Response.evidence_language,
    Response.evidence_correct,
).where(Response.attempt_id == bindparam("attempt_id"))


class ReviewRow(NamedTuple):
    """One question of an attempt on its results page: position, question, response (its
    question_id, answer, points and evidence columns) and grade."""

    position: int
    question: Question
    response: Row | None
    grade: Grade | None

    @property
    def verdict(self) -> Verdict | str:
        """A Verdict (right, partly, wrong) or "unanswered": the mark the results overview shows."""
        return "unanswered" if self.grade is None else Verdict.of(self.grade.fraction)


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
