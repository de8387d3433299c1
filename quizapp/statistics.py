"""Item and test statistics as Moodle's quiz statistics report defines them.

Pure functions over a score matrix: one row per analysed attempt (the caller passes each learner's first
finished attempt), one column per question. A cell is the fraction of the question's points earned
(0.0-1.0), or ``None`` when the question was not answered, which counts as 0 points earned.

Every variance and covariance is the sample one (divided by n - 1), as Moodle computes them, and all
correlations use the item *scores* in points (fraction x max points), so a 3-point question weighs three
times as much in a learner's total as a 1-point one. docs/statistics.md gives the formulas.
At the end, the listener that drops a cached analysis when a regrade changes its scores.
"""

from __future__ import annotations

import bisect
import math
import statistics as _stats
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import Flask

from .engine import Question, Texts, question_type
from .engine.types import AnswerCount, StoredAnswer
from .signals import score_changed

# Spreads below this many points are floating-point noise (e.g. 0.1 + 0.2 against 0.3), not a real
# difference between learners: a variable that spreads less is treated as constant.
_CONSTANT_TOLERANCE = 1e-9
# Alpha cannot exceed 1 (the variance of a sum of k items is at most k times the sum of their
# variances); a value just above 1 is rounding and is reported as 1.
_ALPHA_ROUNDING = 1e-12

Row = Sequence[float | None]

# Below this many learners, facility, discrimination and alpha swing with every single answer:
# the pages show them with a warning that they are not yet reliable.
MIN_RELIABLE_LEARNERS = 10


@dataclass(frozen=True)
class ItemStatistics:
    """Statistics of one question over the analysed attempts."""

    question_id: str
    attempts: int  # rows analysed
    facility: float | None  # mean fraction of the marks earned, 0..1 (the UI shows it as %)
    standard_deviation: float | None  # sample SD of the fraction earned; None below 2 rows
    # Pearson r between the points on this question and on the rest of the test, -1..1.
    discrimination: float | None
    # cov(item, rest) / the largest covariance the same two sets of values allow; at most 1.
    discriminative_efficiency: float | None


@dataclass(frozen=True)
class TestStatistics:
    """Statistics of the total score over the analysed attempts."""

    __test__ = False  # not a pytest test class, despite the name

    attempts: int  # rows analysed
    mean: float | None  # of the total points
    median: float | None  # of the total points
    standard_deviation: float | None  # sample SD of the total points; None below 2 rows
    alpha: float | None  # Cronbach's alpha (KR-20 for right/wrong questions)
    alpha_name: str  # "KR-20" when every cell is 0 or 1, else "Cronbach's alpha"
    standard_error: float | None  # SD * sqrt(1 - alpha), in points


def _check_shape(max_points: Sequence[float], rows: Sequence[Row]) -> None:
    for points in max_points:
        if not math.isfinite(points) or points < 0:
            raise ValueError(f"max points must be finite and not negative, got {points!r}")
    for number, row in enumerate(rows, start=1):
        if len(row) != len(max_points):
            raise ValueError(
                f"row {number} has {len(row)} cells but there are {len(max_points)} questions"
            )


def _fraction(cell: float | None) -> float:
    return 0.0 if cell is None else float(cell)


def _score_matrix(max_points: Sequence[float], rows: Sequence[Row]) -> list[list[float]]:
    return [
        [_fraction(cell) * points for cell, points in zip(row, max_points, strict=True)]
        for row in rows
    ]


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _is_constant(values: Sequence[float]) -> bool:
    return max(values) - min(values) <= _CONSTANT_TOLERANCE


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Sample covariance, sum((x - mean x)(y - mean y)) / (n - 1); needs n >= 2."""
    mean_x, mean_y = _mean(xs), _mean(ys)
    products = [(x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)]
    return math.fsum(products) / (len(xs) - 1)


def _variance(values: Sequence[float]) -> float:
    """Sample variance, sum((x - mean)^2) / (n - 1); needs n >= 2."""
    return _covariance(values, values)


def _one_item(
    question_id: str, points: float, fractions: list[float], scores: list[float], rest: list[float]
) -> ItemStatistics:
    n = len(scores)
    facility = standard_deviation = discrimination = efficiency = None
    if n and points > 0:
        # Moodle: mean mark / max mark; its SD column is also shown relative to the max mark.
        facility = _mean(fractions)
        if n >= 2:
            standard_deviation = math.sqrt(_variance(fractions))
    if n >= 2 and not _is_constant(scores) and not _is_constant(rest):
        covariance = _covariance(scores, rest)
        r = covariance / math.sqrt(_variance(scores) * _variance(rest))
        discrimination = max(-1.0, min(1.0, r))
        # The largest covariance these two sets of values can have is reached when both are sorted
        # the same way (best item score with best rest score), which is how Moodle computes it.
        covariance_max = _covariance(sorted(scores), sorted(rest))
        efficiency = min(1.0, covariance / covariance_max)
    return ItemStatistics(
        question_id=question_id,
        attempts=n,
        facility=facility,
        standard_deviation=standard_deviation,
        discrimination=discrimination,
        discriminative_efficiency=efficiency,
    )


def item_statistics(
    question_ids: list[str], max_points: list[float], rows: list[list[float | None]]
) -> list[ItemStatistics]:
    """Facility, SD, discrimination and discriminative efficiency of each question, in column order.

    Follows Moodle's quiz statistics report so teachers can spot questions that are too easy, too hard
    or that do not separate stronger from weaker learners; a statistic that is undefined is None.
    """
    if len(question_ids) != len(max_points):
        raise ValueError(
            f"{len(question_ids)} question ids but {len(max_points)} max points were given"
        )
    _check_shape(max_points, rows)
    scores = _score_matrix(max_points, rows)
    result = []
    for column, (question_id, points) in enumerate(zip(question_ids, max_points, strict=True)):
        item = [row[column] for row in scores]
        # Rest of the test: the learner's points on every other question, summed exactly (fsum) so
        # equal rest scores compare equal.
        rest = [math.fsum(row[:column] + row[column + 1 :]) for row in scores]
        fractions = [_fraction(row[column]) for row in rows]
        result.append(_one_item(question_id, points, fractions, item, rest))
    return result


def _is_dichotomous(rows: Sequence[Row]) -> bool:
    cells = [_fraction(cell) for row in rows for cell in row]
    return bool(cells) and all(cell in (0.0, 1.0) for cell in cells)


def test_statistics(max_points: list[float], rows: list[list[float | None]]) -> TestStatistics:
    """Mean, median and SD of the total points and the test's reliability (Cronbach's alpha / KR-20).

    Tells a teacher how the class did overall and how consistently the questions measure the same
    thing; a statistic that is undefined for the data (too few attempts or questions) is None.
    """
    _check_shape(max_points, rows)
    scores = _score_matrix(max_points, rows)
    totals = [math.fsum(row) for row in scores]
    n, k = len(totals), len(max_points)
    mean = _mean(totals) if n else None
    median = float(_stats.median(totals)) if n else None
    standard_deviation = alpha = standard_error = None
    if n >= 2:
        total_variance = _variance(totals)
        standard_deviation = math.sqrt(total_variance)
        if k >= 2 and not _is_constant(totals):
            item_variances = math.fsum(_variance([row[j] for row in scores]) for j in range(k))
            alpha = k / (k - 1) * (1 - item_variances / total_variance)
            if 1 < alpha <= 1 + _ALPHA_ROUNDING:
                alpha = 1.0
    if alpha is not None and alpha <= 1 and standard_deviation is not None:
        # Moodle's "standard error": SD x error ratio, error ratio = sqrt(1 - alpha).
        standard_error = standard_deviation * math.sqrt(1 - alpha)
    return TestStatistics(
        attempts=n,
        mean=mean,
        median=median,
        standard_deviation=standard_deviation,
        alpha=alpha,
        alpha_name="KR-20" if _is_dichotomous(rows) else "Cronbach's alpha",
        standard_error=standard_error,
    )


test_statistics.__test__ = False  # type: ignore[attr-defined]  # a function, not a pytest test


def score_distribution(percentages: list[float], bins: int = 10) -> list[tuple[int, int, int]]:
    """Count learners per equal band of 0-100 %, as [(low, high, count)], for the score histogram.

    A band holds low <= p < high, except that the last also holds 100; values outside 0-100 are
    clamped into it, and band edges are whole percents (100 * i // bins).
    """
    if not 1 <= bins <= 100:
        raise ValueError(f"bins must be between 1 and 100, got {bins}")
    edges = [100 * i // bins for i in range(bins + 1)]
    counts = [0] * bins
    for value in percentages:
        if math.isnan(value):
            raise ValueError("a percentage is NaN")
        # Round away float noise first, so that e.g. 29.999999999999996 (a true 30 %) lands in 30-40.
        clamped = min(100.0, max(0.0, round(float(value), 9)))
        counts[min(bisect.bisect_right(edges, clamped) - 1, bins - 1)] += 1
    return [(edges[i], edges[i + 1], counts[i]) for i in range(bins)]


@score_changed.connect
def forget_cached_analysis(app: Flask, attempt, **_scores) -> None:
    """A regrade changes the questions and fractions an assignment's cached item analysis holds
    (instructor/reports.analyse keeps one per assignment, version and worker): the worker that
    moved the assignment frees the old one at once; the others' age out of their bound."""
    cached = app.extensions.get("quizapp.analyses", {})
    for where in [where for where in cached if where[0] == attempt.assignment_id]:
        cached.pop(where, None)


class ReadAnswer(NamedTuple):
    """A stored answer labelled as its question type reads it out (a StoredAnswer for the types)."""

    answer: Any
    given: str
    fraction: float
    count: int


def count_answers(
    question: Question, answers: Iterable[StoredAnswer], t: Texts
) -> list[AnswerCount]:
    """How often each answer was given, the answers that read as the same value counted together
    and shown in `t`'s notation (the teacher's): "1,8" typed in German and "1.8" in English are
    one answer, 1.8, because the type read each in its learner's language when it was stored."""
    kind = question_type(question.type)
    read = [
        ReadAnswer(a.answer, kind.describe(question, a.answer, t), a.fraction, a.count)
        for a in answers
    ]
    return kind.classify(question, read, t)
