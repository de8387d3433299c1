"""What the dashboard shows: each learner's progress on an assignment and the item analysis."""

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..attempts import finish_if_over
from ..bank import Pack
from ..constants import AttemptStatus
from ..engine import Question, question_type
from ..engine.types import AnswerCount
from ..extensions import db
from ..models import Assignment, Attempt, Learner
from ..statistics import ItemStatistics, TestStatistics, item_statistics, test_statistics


@dataclass
class LearnerProgress:
    """One learner's standing on an assignment: status, best finished attempt, all attempts."""

    learner: Learner
    attempts: list[Attempt]

    @property
    def finished(self) -> list[Attempt]:
        return [a for a in self.attempts if a.finished]

    @property
    def status(self) -> AttemptStatus:
        if self.finished:
            return AttemptStatus.FINISHED
        return AttemptStatus.IN_PROGRESS if self.attempts else AttemptStatus.NOT_STARTED

    @property
    def best(self) -> Attempt | None:
        """The highest-scoring finished attempt (the grade a gradebook takes), earliest on a tie."""
        return max(self.finished, key=lambda a: (a.score or 0, -a.id), default=None)


def assignment_attempts(assignment: Assignment) -> list[Attempt]:
    """Every attempt at the assignment with its responses, finishing any whose time is up."""
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .filter_by(assignment_id=assignment.id)
            .options(selectinload(Attempt.responses))
            .order_by(Attempt.id)
        )
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for attempt in attempts:
        finish_if_over(attempt, now)
    return attempts


def progress(assignment: Assignment, attempts: list[Attempt]) -> list[LearnerProgress]:
    by_learner: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_learner.setdefault(attempt.learner_id, []).append(attempt)
    return [
        LearnerProgress(learner, by_learner.get(learner.id, []))
        for learner in sorted(assignment.classroom.learners, key=lambda le: le.display_name.lower())
    ]


@dataclass
class ItemReport:
    """One question's statistics and how often each answer was given."""

    position: int
    question: Question
    stats: ItemStatistics
    answer_counts: list[AnswerCount] = field(default_factory=list)


@dataclass
class Analysis:
    attempts: list[Attempt]
    items: list[ItemReport]
    test: TestStatistics


def first_finished(attempts: list[Attempt]) -> list[Attempt]:
    """Each learner's first finished attempt: the ones the item analysis counts."""
    seen: set[int] = set()
    first = []
    for attempt in sorted((a for a in attempts if a.finished), key=lambda a: a.id):
        if attempt.learner_id not in seen:
            seen.add(attempt.learner_id)
            first.append(attempt)
    return first


def analyse(pack: Pack, attempts: list[Attempt], text) -> Analysis:
    """Facility, discrimination, answer counts and reliability over each learner's first attempt.

    `text` is the engine's Texts for the reader: their language, catalog and number format.
    """
    analysed = first_finished(attempts)
    questions = list(pack.questions)
    rows = []
    for attempt in analysed:
        by_question = {r.question_id: r.fraction for r in attempt.responses}
        rows.append([by_question.get(q.id) for q in questions])
    max_points = [q.points for q in questions]
    stats = item_statistics([q.id for q in questions], max_points, rows)
    items = [
        ItemReport(position, question, stat, _answer_counts(question, analysed, text))
        for position, (question, stat) in enumerate(zip(questions, stats, strict=True), start=1)
    ]
    return Analysis(analysed, items, test_statistics(max_points, rows))


def _answer_counts(question: Question, attempts: list[Attempt], text) -> list[AnswerCount]:
    """How often each answer was given, as the question's type counts them."""
    answers = [r for r in (a.response_for(question.id) for a in attempts) if r is not None]
    return question_type(question.type).classify(question, answers, text)
