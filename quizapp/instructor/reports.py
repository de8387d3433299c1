"""What the dashboard shows: each learner's progress on an assignment and the item analysis."""

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import selectinload

from ..attempts import finish_if_over
from ..bank import Pack
from ..charts import bar_chart_svg
from ..constants import AttemptStatus
from ..engine import Question
from ..engine.types import AnswerCount
from ..evidence import EvidenceFigures, evidence_figures
from ..extensions import db
from ..i18n import active_language, collation_key
from ..models import Assignment, Attempt, Learner, Response
from ..statistics import (
    MIN_RELIABLE_LEARNERS,
    ItemStatistics,
    TestStatistics,
    count_answers,
    item_statistics,
    score_distribution,
    test_statistics,
)
from ..views import number


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
    answer_counts: list[AnswerCount] = field(default_factory=list)


@dataclass
class Analysis:
    attempts: list[Attempt]
    items: list[ItemReport]
    test: TestStatistics
    evidence: EvidenceFigures | None = None  # when the assignment asks for the evidence

    @property
    def reliable(self) -> bool:
        """Whether enough learners are counted for the statistics to mean much."""
        return len(self.attempts) >= MIN_RELIABLE_LEARNERS

    @property
    def minimum(self) -> int:
        return MIN_RELIABLE_LEARNERS


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

    A finished attempt and its responses never change, so each worker keeps, per assignment, the
    score matrix row and the answers of every attempt it has read (CachedAnalysis), reads only the
    attempts finished since, and recomputes the statistics only when the set of analysed attempts
    has changed. `text` is the engine's Texts for the reader: their language, catalog and
    number format.
    """
    analysed = first_finished(attempts)
    ids = [attempt.id for attempt in analysed]
    cached_all = current_app.extensions.setdefault("quizapp.analyses", {})
    # Keyed by the versions the attempts are pinned to: after a move to a new version every
    # worker reads the regraded fractions afresh instead of the old version's.
    versions = tuple(sorted({attempt.pack_version_id or 0 for attempt in analysed}))
    where = (analysed[0].assignment_id if analysed else None, pack.id, versions)
    cached = cached_all.pop(where, None)  # popped and put back: the most recently used come last
    if cached is None or not cached.rows.keys() <= set(ids):  # new, or an attempt was removed
        cached = CachedAnalysis(pack)
    cached.read([i for i in ids if i not in cached.rows])
    cached_all[where] = cached
    while len(cached_all) > _ANALYSES_CACHED:
        cached_all.pop(next(iter(cached_all)))
    items, test = cached.statistics(ids, active_language(), text)
    return Analysis(analysed, items, test, evidence_figures(analysed))


# Cache: a dashboard of 2,000 learners x 36 questions, 0.65-0.75 s the first time in a worker, a
# third of that once cached (bench/export_probe.py, 2026-12-01); keyed by the pinned versions.
_ANALYSES_CACHED = 32  # assignments whose analysis a worker keeps


class CachedAnalysis:
    """One assignment's item analysis as far as read: per attempt its fractions per question, per
    question how often each answer was given; and the statistics last computed from them."""

    def __init__(self, pack: Pack):
        self.questions = list(pack.questions)
        self.column = {q.id: number for number, q in enumerate(self.questions)}
        self.rows: dict[int, list[float | None]] = {}
        # question id -> (answer as JSON, answer as shown) -> [count, highest fraction]
        self.given: dict[str, dict[tuple[str, str], list]] = {q.id: {} for q in self.questions}
        self._computed: tuple | None = None
        self._result: tuple[list[ItemReport], TestStatistics] | None = None

    def read(self, attempt_ids: list[int]) -> None:
        """Add these attempts' responses: plain rows, answers counted by the database."""
        for ids in _batches(attempt_ids):
            for attempt_id in ids:
                self.rows[attempt_id] = [None] * len(self.questions)
            for attempt_id, question_id, fraction in db.session.execute(
                select(Response.attempt_id, Response.question_id, Response.fraction).filter(
                    Response.attempt_id.in_(ids)
                )
            ).all():
                if question_id in self.column:
                    self.rows[attempt_id][self.column[question_id]] = fraction
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
            ).all():
                if question_id in self.given:
                    tally = self.given[question_id].setdefault((raw, shown), [0, fraction])
                    tally[0] += count
                    tally[1] = max(tally[1], fraction)

    def statistics(
        self, attempt_ids: list[int], language: str, text
    ) -> tuple[list[ItemReport], TestStatistics]:
        if self._result is None or self._computed != (tuple(attempt_ids), language):
            questions = self.questions
            rows = [self.rows[i] for i in attempt_ids]
            max_points = [q.points for q in questions]
            stats = item_statistics([q.id for q in questions], max_points, rows)
            items = [
                ItemReport(
                    position,
                    question,
                    stat,
                    _answer_counts(
                        question,
                        [
                            (raw, shown, c, f)
                            for (raw, shown), (c, f) in self.given[question.id].items()
                        ],
                        text,
                    ),
                )
                for position, (question, stat) in enumerate(
                    zip(questions, stats, strict=True), start=1
                )
            ]
            self._result = (items, test_statistics(max_points, rows))
            self._computed = (tuple(attempt_ids), language)
        return self._result


def _answer_counts(
    question: Question, given: list[tuple[str, str, int, float]], text
) -> list[AnswerCount]:
    """How often each answer was given, as the question's type counts them, from the database's
    groups (answer as JSON, answer as shown, count, fraction)."""
    answers = [
        GivenAnswer(json.loads(raw), shown, fraction, count)
        for raw, shown, count, fraction in given
    ]
    return count_answers(question, answers, text)


SORT_KEYS = {
    "name": None,  # the order `progress` gives: alphabetical, the locale's way
    "status": lambda row: list(AttemptStatus).index(row.status),
    "score": lambda row: (row.best is not None, row.best.score if row.best else 0),
    "time": lambda row: (row.best is not None, row.best.duration if row.best else dt.timedelta()),
    "attempts": lambda row: len(row.attempts),
}


def sort_progress(rows: list[LearnerProgress], key: str, descending: bool) -> list[LearnerProgress]:
    """The dashboard's rows sorted by a column, by name among equals (by name for an unknown key)."""
    order = SORT_KEYS.get(key)
    if order is None:
        return rows[::-1] if descending else list(rows)
    return sorted(rows, key=order, reverse=descending)


def dashboard_charts(analysis: "Analysis"):
    """The score distribution and facility charts (SVG) and the distribution's bins."""
    percents = [100 * a.percent for a in analysis.attempts if a.percent is not None]
    bins = score_distribution(percents)
    distribution_chart = bar_chart_svg(
        title=_("Score distribution"),
        description=_("How many learners scored in each range of percent, first attempts only."),
        labels=[f"{low}–{high} %" for low, high, _count in bins],
        values=[count for _low, _high, count in bins],
        max_value=max([1, *(count for *_, count in bins)]),
        value_labels=[number(count) for *_, count in bins],
        x_label=_("Score in percent"),
        y_label=_("Learners"),
        chart_id="distribution",
        whole_numbers=True,
        number_format=number,
    )
    facility_chart = bar_chart_svg(
        title=_("Facility of each question"),
        description=_("The share of the marks learners earned on each question, in percent."),
        labels=[str(item.position) for item in analysis.items],
        values=[100 * (item.stats.facility or 0) for item in analysis.items],
        max_value=100,
        value_labels=[
            number(round(100 * item.stats.facility)) if item.stats.facility is not None else "–"
            for item in analysis.items
        ],
        x_label=_("Question"),
        y_label=_("Facility in percent"),
        chart_id="facility",
        number_format=number,
    )
    return distribution_chart, facility_chart, bins


@dataclass(frozen=True)
class LiveRow:
    """A learner during the quiz: where they are, how many answered, the score so far."""

    learner: Learner
    status: AttemptStatus
    position: int | None  # the question they are on (the first unanswered), None when not on one
    answered: int
    total: int
    score: float | None


def live_rows(assignment: Assignment, attempts: list[Attempt]) -> list[LiveRow]:
    """Each learner of the class with their latest attempt at the assignment, for the live view."""
    latest: dict[int, Attempt] = {}
    for attempt in attempts:
        latest[attempt.learner_id] = attempt
    rows = []
    for learner in sorted(
        assignment.classroom.learners, key=lambda le: collation_key(le.display_name)
    ):
        attempt = latest.get(learner.id)
        if attempt is None:
            rows.append(LiveRow(learner, AttemptStatus.NOT_STARTED, None, 0, 0, None))
            continue
        status = AttemptStatus.FINISHED if attempt.finished else AttemptStatus.IN_PROGRESS
        position = None if attempt.finished else attempt.resume_point
        score = sum(r.points for r in attempt.responses)
        total = len(attempt.question_order)
        rows.append(LiveRow(learner, status, position, len(attempt.responses), total, score))
    return rows


@dataclass(frozen=True)
class ParagraphShade:
    """How well the class answered the questions that quote one paragraph of the article."""

    paragraph_id: str
    positions: list[int]  # the questions quoting it, by their number in the pack
    facility: float | None  # the mean facility of those questions, None before any answer

    @property
    def band(self) -> str:
        """hard (below 50 %), middling (50 to 80 %), easy (80 % and above), or unanswered."""
        if self.facility is None:
            return "unanswered"
        if self.facility < 0.5:
            return "hard"
        return "middling" if self.facility < 0.8 else "easy"


def paragraph_shades(analysis: Analysis) -> dict[str, ParagraphShade]:
    """Each quoted paragraph with the mean facility of the questions quoting it (the statistics'
    own facility, first finished attempts only)."""
    quoted: dict[str, list[ItemReport]] = {}
    for item in analysis.items:
        for paragraph_id in dict.fromkeys(q.paragraph for q in item.question.quotes):
            quoted.setdefault(paragraph_id, []).append(item)
    shades = {}
    for paragraph_id, items in quoted.items():
        known = [i.stats.facility for i in items if i.stats.facility is not None]
        facility = sum(known) / len(known) if known else None
        shades[paragraph_id] = ParagraphShade(paragraph_id, [i.position for i in items], facility)
    return shades


@dataclass(frozen=True)
class GivenAnswer:
    """One distinct stored answer and how many learners gave it (a StoredAnswer for the types)."""

    answer: object
    given: str
    fraction: float
    count: int = 1
