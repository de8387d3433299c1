"""Attempts and responses: starting, answering, finishing and scoring, for every blueprint to use."""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from .bank import Pack
from .engine import Choice, Grade, Option, Question, grade_answer, question_type, read_response
from .extensions import db
from .models import Assignment, Attempt, Learner, Response, utcnow
from .packs import library_packs, published_pack


class AlreadyAnswered(Exception):
    """The question already has a different stored response; the stored one stands."""

    def __init__(self, response: Response):
        super().__init__(response.question_id)
        self.response = response


class AttemptOver(Exception):
    """The attempt is finished (submitted, out of time, or the assignment closed)."""

    def __init__(self, attempt: Attempt):
        super().__init__(attempt.id)
        self.attempt = attempt


def all_packs() -> dict[str, Pack]:
    """The school library's published packs, by id (see packs.py)."""
    return library_packs()


def get_pack(pack_id: str) -> Pack | None:
    """The newest published version of a pack, whoever owns it."""
    return published_pack(pack_id)


def start_attempt(
    learner: Learner, pack: Pack, feedback_mode: str, assignment: Assignment | None = None
) -> Attempt:
    """A new attempt, its question order fixed now (shuffled if the assignment says so)."""
    attempt = Attempt(
        learner=learner,
        assignment=assignment,
        pack_id=pack.id,
        feedback_mode=feedback_mode,
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
        reason = "closed" if closes is not None and attempt.deadline >= closes else "time_limit"
        finish_attempt(attempt, reason, at=attempt.deadline)
        db.session.commit()
        return True
    return False


def record_response(attempt: Attempt, question: Question, raw: Any, locale: str) -> Response:
    """Grade and store a response, once. Repeating the same answer returns the stored response.

    Raises a ResponseError when the response cannot be graded, AlreadyAnswered when a different
    response is stored already, AttemptOver when the attempt is finished or out of time. Finishes
    the attempt when this was the last unanswered question.
    """
    answer = read_response(question, raw, locale)
    existing = attempt.response_for(question.id)
    if existing is not None:
        return _same_or_conflict(existing, answer)
    if finish_if_over(attempt):
        raise AttemptOver(attempt)
    grade = grade_answer(question, answer)
    response = Response(
        attempt=attempt,
        question_id=question.id,
        answer=answer,
        given=question_type(question.type).given_text(question, raw, answer),
        fraction=grade.fraction,
        points=grade.points,
    )
    db.session.add(response)
    try:
        db.session.flush()
    except IntegrityError:
        # Another request (a double click, a retried POST) stored this question first.
        db.session.rollback()
        stored = db.session.scalars(
            select(Response).filter_by(attempt_id=attempt.id, question_id=question.id)
        ).one()
        return _same_or_conflict(stored, answer)
    if attempt.resume_point is None:
        finish_attempt(attempt, "submitted")
    db.session.commit()
    return response


def _same_or_conflict(stored: Response, answer: Any) -> Response:
    if stored.answer == answer:
        return stored
    raise AlreadyAnswered(stored)


def finish_attempt(attempt: Attempt, reason: str, at: dt.datetime | None = None) -> None:
    """Close the attempt: unanswered questions count 0; the score is the sum of the responses."""
    if attempt.finished_at is None:
        attempt.finished_at = at or utcnow()
        attempt.finish_reason = reason
        attempt.score = sum(r.points for r in attempt.responses)


def feedback_visible(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Whether the learner may see right, wrong and explanations for a finished attempt."""
    if attempt.feedback_mode != "after_close":
        return attempt.finished
    closes = attempt.assignment.closes_at if attempt.assignment else None
    return attempt.finished and closes is not None and (now or utcnow()) >= closes


def score_visible(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Whether the learner may see the attempt's score: with feedback after the closing time, not
    before the close (with several attempts allowed, scores would give the key away one answer
    at a time)."""
    return feedback_visible(attempt, now) if attempt.feedback_mode == "after_close" else True


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
            Assignment.feedback_mode == "after_close",
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


def response_grade(question: Question, response: Response) -> Grade:
    """The grade of a stored response, with the per-option and per-item detail feedback needs."""
    return grade_answer(question, response.answer)


def review_rows(
    attempt: Attempt, pack: Pack
) -> list[tuple[int, Question, Response | None, Grade | None]]:
    """Every question of an attempt in its order: position, question, response and grade."""
    rows = []
    for position, question_id in enumerate(attempt.question_order, start=1):
        question = pack.question(question_id)
        if question is None:
            continue
        response = attempt.response_for(question_id)
        rows.append(
            (position, question, response, response_grade(question, response) if response else None)
        )
    return rows
