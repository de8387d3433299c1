"""What the dashboard shows: each learner's progress on an assignment and the item analysis."""

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import selectinload

from ..bank import Pack
from ..engine import Question
from ..extensions import db
from ..i18n import active_language, collation_key
from ..models import Assignment, Attempt, Learner, Response
from ..quiz import finish_if_over
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
    def status(self) -> str:
        if self.finished:
            return "finished"
        return "in_progress" if self.attempts else "not_started"

    @property
    def best(self) -> Attempt | None:
        """The highest-scoring finished attempt (the grade a gradebook takes), earliest on a tie."""
        return max(self.finished, key=lambda a: (a.score or 0, -a.id), default=None)


def assignment_attempts(assignment: Assignment) -> list[Attempt]:
    """Every attempt at the assignment (without its responses), finishing any whose time is up.

    Only the overdue ones are loaded with their responses (finishing one sums them): the page
    of a school-sized assignment reads attempts, never every response as an object.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    overdue = db.session.scalars(
        select(Attempt)
        .filter(
            Attempt.assignment_id == assignment.id,
            Attempt.finished_at.is_(None),
            Attempt.deadline <= now,
        )
        .options(selectinload(Attempt.responses))
    )
    for attempt in overdue:
        finish_if_over(attempt, now)
    return list(
        db.session.scalars(
            select(Attempt).filter_by(assignment_id=assignment.id).order_by(Attempt.id)
        )
    )


def progress(assignment: Assignment, attempts: list[Attempt]) -> list[LearnerProgress]:
    by_learner: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_learner.setdefault(attempt.learner_id, []).append(attempt)
    return [
        LearnerProgress(learner, by_learner.get(learner.id, []))
        for learner in sorted(
            assignment.classroom.learners, key=lambda le: collation_key(le.display_name)
        )
    ]


@dataclass
class ItemReport:
    """One question's statistics and how often each answer was given."""

    position: int
    question: Question
    stats: ItemStatistics
    answer_counts: list[tuple[str, int, bool]] = field(default_factory=list)  # label, count, right


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


def _batches(ids: list[int], size: int = 1000) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def analyse(pack: Pack, attempts: list[Attempt], text) -> Analysis:
    """Facility, discrimination, answer counts and reliability over each learner's first attempt.

    The score matrix is read as plain (attempt, question, fraction) rows and the answer counts
    are counted by the database, so a class of 2,000 stays well under a second.
    `text` turns a pack's localised text into a string in the reader's language.
    """
    analysed = first_finished(attempts)
    kept = current_app.extensions.setdefault("quizapp.analyses", {})
    key = (pack.id, active_language(), tuple(attempt.id for attempt in analysed))
    cached = kept.get(key)
    if cached is None:
        cached = _analysis_of(pack, [attempt.id for attempt in analysed], text)
        kept[key] = cached
        while len(kept) > _ANALYSES_KEPT:
            kept.pop(next(iter(kept)))
    items, test = cached
    return Analysis(analysed, items, test)


# A finished attempt and its responses never change, so the analysis of a set of first finished
# attempts is computed once per worker (in app.extensions) and kept until another attempt is
# finished or removed, which changes the key.
_ANALYSES_KEPT = 32


def _analysis_of(
    pack: Pack, attempt_ids: list[int], text
) -> tuple[list["ItemReport"], TestStatistics]:
    questions = list(pack.questions)
    column = {q.id: number for number, q in enumerate(questions)}
    row_of: dict[int, list[float | None]] = {aid: [None] * len(questions) for aid in attempt_ids}
    given: dict[str, list[tuple[str, str, int, float]]] = {q.id: [] for q in questions}
    for ids in _batches(list(row_of)):
        for attempt_id, question_id, fraction in db.session.execute(
            select(Response.attempt_id, Response.question_id, Response.fraction).filter(
                Response.attempt_id.in_(ids)
            )
        ):
            if question_id in column:
                row_of[attempt_id][column[question_id]] = fraction
        answer_text = cast(Response.answer, Text)
        for question_id, raw, shown, count, fraction in db.session.execute(
            select(
                Response.question_id,
                answer_text,
                Response.given,
                func.count(),
                func.max(Response.fraction),
            )
            .filter(Response.attempt_id.in_(ids))
            .group_by(Response.question_id, answer_text, Response.given)
        ):
            if question_id in given:
                given[question_id].append((raw, shown, count, fraction))
    rows = list(row_of.values())
    max_points = [q.points for q in questions]
    stats = item_statistics([q.id for q in questions], max_points, rows)
    items = [
        ItemReport(position, question, stat, _answer_counts(question, given[question.id], text))
        for position, (question, stat) in enumerate(zip(questions, stats, strict=True), start=1)
    ]
    return items, test_statistics(max_points, rows)


def _answer_counts(
    question: Question, given: list[tuple[str, str, int, float]], text
) -> list[tuple[str, int, bool]]:
    """How often each answer was given, from (answer as JSON, answer as shown, count, fraction)."""
    answers = [(json.loads(raw), count) for raw, _shown, count, _fraction in given]
    if question.type in ("single_choice", "multiple_response"):
        counts: Counter = Counter()
        for answer, count in answers:
            for option_id in answer if isinstance(answer, list) else [answer]:
                counts[option_id] += count
        return [(text(o.text), counts[o.id], o.correct) for o in question.options]
    if question.type == "true_false":
        counts = Counter()
        for answer, count in answers:
            counts[bool(answer)] += count
        return [(value, counts[value], value == question.answer) for value in (True, False)]
    if question.type == "matching":
        rows = []
        for item in question.items:
            counts = Counter()
            for answer, count in answers:
                if isinstance(answer, dict):
                    counts[answer.get(item.id)] += count
            for choice in question.choices:
                if counts[choice.id]:
                    label = f"{text(item.text)} → {text(choice.text)}"
                    rows.append((label, counts[choice.id], choice.id == item.match))
        return rows
    counts = Counter()
    right: dict[str, bool] = {}
    for _raw, shown, count, fraction in given:
        counts[shown] += count
        right[shown] = right.get(shown, False) or fraction >= 1.0
    return [(label, count, right[label]) for label, count in counts.most_common(8)]
