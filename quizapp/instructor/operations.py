"""What a teacher does to classrooms and assignments beyond creating them: change settings, delete,
remove a learner, and what each of these costs, for the confirmation pages to say."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..models import Assignment, Attempt, Classroom, Learner, utcnow


@dataclass(frozen=True)
class Loss:
    """What a deletion takes with it, counted before it happens."""

    learners: int = 0
    assignments: int = 0
    attempts: int = 0
    running: int = 0  # attempts not finished yet


def _attempt_counts(*conditions) -> tuple[int, int]:
    total = db.session.scalar(select(func.count(Attempt.id)).where(*conditions)) or 0
    running = (
        db.session.scalar(
            select(func.count(Attempt.id)).where(*conditions, Attempt.finished_at.is_(None))
        )
        or 0
    )
    return total, running


def assignment_loss(assignment: Assignment) -> Loss:
    attempts, running = _attempt_counts(Attempt.assignment_id == assignment.id)
    learners = db.session.scalar(
        select(func.count(func.distinct(Attempt.learner_id))).where(
            Attempt.assignment_id == assignment.id
        )
    )
    return Loss(learners=learners or 0, assignments=1, attempts=attempts, running=running)


def classroom_loss(classroom: Classroom) -> Loss:
    learner_ids = select(Learner.id).where(Learner.classroom_id == classroom.id)
    attempts, running = _attempt_counts(Attempt.learner_id.in_(learner_ids))
    return Loss(
        learners=len(classroom.learners),
        assignments=len(classroom.assignments),
        attempts=attempts,
        running=running,
    )


def learner_loss(learner: Learner) -> Loss:
    attempts, running = _attempt_counts(Attempt.learner_id == learner.id)
    return Loss(learners=1, attempts=attempts, running=running)


def running_deadline(assignment: Assignment, attempt: Attempt) -> dt.datetime | None:
    """The deadline of a running attempt under the assignment's current settings: the closing time,
    or the time limit counted from when the attempt started, whichever comes first."""
    ends = [assignment.closes_at] if assignment.closes_at else []
    if assignment.time_limit_minutes:
        ends.append(attempt.started_at + dt.timedelta(minutes=assignment.time_limit_minutes))
    return min(ends) if ends else None


def update_assignment(assignment: Assignment, **settings) -> int:
    """Change an assignment's settings. Running attempts follow the new closing time and time limit
    (counted from when each started); finished attempts keep their scores. How many were adjusted."""
    for name, value in settings.items():
        setattr(assignment, name, value)
    running = [a for a in assignment.attempts if not a.finished]
    for attempt in running:
        attempt.deadline = running_deadline(assignment, attempt)
    db.session.commit()
    return len(running)


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
