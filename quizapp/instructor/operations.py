"""What a teacher does to classrooms and assignments: create a classroom, open or close joining,
archive, restore, delete, and what each deletion costs, for the confirmation pages to say.
Assigning a pack and changing an assignment's settings are quizapp.assignments' (a live lesson
assigns too), named here for the instructor's routes. None reads the request, so each can be
tested without HTTP."""

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import throttle
from ..accounts import pin_account
from ..assignments import (
    AssignmentSettings,
    PackWithheld,
    answers_shown_from,
    assign_pack,
    change_assignment,
    check_not_withheld,
    just_created,
    update_assignment,
)
from ..extensions import db
from ..models import Assignment, Attempt, Classroom, Instructor, Learner, utcnow

__all__ = [
    "AssignmentSettings",
    "PackWithheld",
    "answers_shown_from",
    "assign_pack",
    "change_assignment",
    "check_not_withheld",
    "update_assignment",
]

JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B look-alikes
JOIN_CODE_LENGTH = 6
JOIN_CODE_DRAWS = 3  # a join code drawn at the same moment by another class: draw again


class NoFreeJoinCode(Exception):
    """Every join code drawn for a new classroom was taken at the same moment by another class."""


# -- classrooms ------------------------------------------------------------------------------


def new_join_code() -> str:
    """A join code no classroom has: easy to read aloud and to type, with no look-alikes."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(Classroom).filter_by(join_code=code)) is None:
            return code


def create_classroom(instructor: Instructor, name: str) -> tuple[Classroom, bool]:
    """A new classroom of `instructor` with a fresh join code, and True; the same form sent twice
    within the double-submit window gives the first one's classroom, and False. Raises
    NoFreeJoinCode if other classes took every code drawn at the same moment."""
    name = name.strip()
    twin = just_created(select(Classroom).filter_by(instructor_id=instructor.id, name=name))
    if twin is not None:
        return twin, False
    for _draw in range(JOIN_CODE_DRAWS):
        classroom = Classroom(instructor=instructor, name=name, join_code=new_join_code())
        db.session.add(classroom)
        try:
            db.session.commit()
            return classroom, True
        except IntegrityError:
            db.session.rollback()
    raise NoFreeJoinCode


def set_joining(classroom: Classroom, joining_open: bool) -> None:
    """Open or close a classroom to learners joining it with its code."""
    classroom.joining_open = joining_open
    db.session.commit()


def set_review(classroom: Classroom, review_enabled: bool) -> None:
    """Let the class's learners practise the questions they missed and review them on their home
    page, or switch both off."""
    classroom.review_enabled = review_enabled
    db.session.commit()


# -- assignments -----------------------------------------------------------------------------


def attempt_to_review(instructor: Instructor, attempt_id: int) -> Attempt | None:
    """An attempt at one of the instructor's assignments, or None (no such attempt, a practice
    attempt, or another teacher's)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.assignment is None:
        return None
    return attempt if attempt.assignment.classroom.instructor_id == instructor.id else None


# -- deleting and archiving, and what a deletion costs ------------------------------------------


@dataclass(frozen=True)
class Loss:
    """What a deletion takes with it, counted before it happens."""

    learners: int = 0
    assignments: int = 0
    attempts: int = 0
    running: int = 0  # attempts not finished yet


def _attempt_counts(*conditions) -> tuple[int, int]:
    """How many attempts meet the conditions, and how many of those are still running."""
    total = db.session.scalar(select(func.count(Attempt.id)).where(*conditions)) or 0
    running = (
        db.session.scalar(
            select(func.count(Attempt.id)).where(*conditions, Attempt.finished_at.is_(None))
        )
        or 0
    )
    return total, running


def assignment_loss(assignment: Assignment) -> Loss:
    """What deleting an assignment takes: its attempts, and the results of who made them."""
    attempts, running = _attempt_counts(Attempt.assignment_id == assignment.id)
    learners = db.session.scalar(
        select(func.count(func.distinct(Attempt.learner_id))).where(
            Attempt.assignment_id == assignment.id
        )
    )
    return Loss(learners=learners or 0, assignments=1, attempts=attempts, running=running)


def classroom_loss(classroom: Classroom) -> Loss:
    """What deleting a classroom takes: its learners, assignments and every attempt of them."""
    learner_ids = select(Learner.id).where(Learner.classroom_id == classroom.id)
    attempts, running = _attempt_counts(Attempt.learner_id.in_(learner_ids))
    return Loss(
        learners=len(classroom.learners),
        assignments=len(classroom.assignments),
        attempts=attempts,
        running=running,
    )


def learner_loss(learner: Learner) -> Loss:
    """What removing a learner takes: their attempts."""
    attempts, running = _attempt_counts(Attempt.learner_id == learner.id)
    return Loss(learners=1, attempts=attempts, running=running)


def delete_assignment(assignment: Assignment) -> None:
    """Delete an assignment with every attempt at it (the database cascades to responses)."""
    for attempt in list(assignment.attempts):
        db.session.delete(attempt)
    db.session.delete(assignment)
    db.session.commit()


def delete_classroom(classroom: Classroom) -> None:
    """Delete a classroom, its learners with their attempts, and its assignments."""
    for learner in list(classroom.learners):
        db.session.delete(learner)
    for assignment in list(classroom.assignments):
        for attempt in list(assignment.attempts):
            db.session.delete(attempt)
    db.session.delete(classroom)
    db.session.commit()


def archive_assignment(assignment: Assignment) -> int:
    """Close an assignment now and hide it from learners; results stay. Running attempts end with
    the answers given (at their next request). How many were running."""
    now = utcnow()
    assignment.archived_at = now
    closes = assignment.closes_at if assignment.closes_at and assignment.closes_at < now else now
    return update_assignment(assignment, closes_at=closes)


def restore_assignment(assignment: Assignment) -> None:
    """Show an archived assignment to learners again; it stays closed until its closing time is
    changed."""
    assignment.archived_at = None
    db.session.commit()


def archive_classroom(classroom: Classroom) -> int:
    """Put a class away: joining closes and every assignment is archived. How many attempts ended."""
    classroom.archived_at = utcnow()
    classroom.joining_open = False
    ended = 0
    for assignment in classroom.assignments:
        if assignment.archived_at is None:
            ended += archive_assignment(assignment)
    db.session.commit()
    return ended


def restore_classroom(classroom: Classroom) -> None:
    """List a class among the current ones again (joining and its assignments stay as they are)."""
    classroom.archived_at = None
    db.session.commit()


def failed_sign_ins(classroom: Classroom) -> dict[int, throttle.FailedTries]:
    """The failed PIN sign-ins of each learner of the class that has any, by learner id: what
    the teacher sees on the class page to tell a forgotten PIN or a guesser."""
    accounts = {
        pin_account(classroom.join_code, learner.name_key): learner.id
        for learner in classroom.learners
        if learner.name_key
    }
    tries = throttle.failed_tries(list(accounts))
    return {accounts[account]: found for account, found in tries.items()}


def clear_failed_sign_ins(learner: Learner) -> None:
    """Forget a learner's failed PIN sign-ins and lift their delay: the teacher has checked."""
    throttle.forget(pin_account(learner.classroom.join_code, learner.name_key or ""))
