"""Practising what one missed: a practice attempt of the questions a learner missed, from the
version the graded attempt was pinned to, and spaced review of them on the home page (the
schedule is engine/review_schedule.py). A review attempt is a practice attempt (no assignment),
so no class score, dashboard, statistic or export counts it; a teacher may switch both off per
class (Classroom.review_enabled)."""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from flask import current_app
from sqlalchemy import bindparam, exists, or_, select
from sqlalchemy.orm import aliased

from .attempts import (
    ReviewRow,
    feedback_visible,
    finish_if_over,
    practice_withheld_until,
    response_grades,
    review_rows,
)
from .bank import Pack
from .behaviours import BEHAVIOURS
from .constants import FeedbackMode, Verdict
from .engine import Question
from .engine.review_schedule import ReviewState, after_miss, after_review
from .extensions import db
from .models import (
    Assignment,
    Attempt,
    Classroom,
    Learner,
    Response,
    ReviewItem,
    StoredPack,
    utcnow,
)
from .packs import pinned_pack, version_pack
from .signals import answer_recorded, attempt_finished, attempt_started


class ReviewRefusal(StrEnum):
    """Why a practice of missed questions was not started."""

    SWITCHED_OFF = "switched_off"  # the teacher switched review off for the class
    UNFINISHED = "unfinished"  # the attempt is still running: nothing is missed yet
    ANSWERS_WITHHELD = "answers_withheld"  # the right answers do not show yet
    NOTHING_MISSED = "nothing_missed"  # every question was answered right
    NOTHING_DUE = "nothing_due"  # no question of that quiz is due for review today


class ReviewRefused(Exception):
    """A practice of missed questions may not start; `refusal` says why."""

    def __init__(self, refusal: ReviewRefusal):
        super().__init__(refusal)
        self.refusal = refusal


def review_allowed(learner: Learner | None) -> bool:
    """Whether the learner may practise missed questions: on their own always, in a class unless
    the teacher switched it off."""
    if learner is None:
        return False
    return learner.classroom is None or learner.classroom.review_enabled


def answers_shown(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Whether practising the attempt's questions gives nothing away: its feedback shows, and no
    class waits for the closing time to see this pack's answers."""
    return (
        feedback_visible(attempt, now) and practice_withheld_until(attempt.pack_slug, now) is None
    )


def missed_questions(attempt: Attempt, pack: Pack) -> list[str]:
    """The ids of the attempt's questions not answered right (wrong, partly right or left
    unanswered), in the attempt's order."""
    return [row.question.id for row in review_rows(attempt, pack) if row.verdict != Verdict.RIGHT]


def practice_offer(
    attempt: Attempt, rows: list[ReviewRow] | None = None, now: dt.datetime | None = None
) -> int:
    """How many missed questions the attempt's results page offers to practise (`rows`: its
    review rows, if the page has them): none unless the attempt is finished, its answers show
    and the learner's class allows it. One statement at most, none when nothing was missed."""
    if not attempt.finished:
        return 0
    pack = pinned_pack(attempt)
    if pack is None:
        return 0
    rows = review_rows(attempt, pack) if rows is None else rows
    missed = sum(row.verdict != Verdict.RIGHT for row in rows)
    if not missed or not feedback_visible(attempt, now):
        return 0
    return missed if _practice_open(attempt, now) else 0


def _practice_family_query():
    """The statement behind _practice_open: whether the learner's class allows practice (or
    there is none), and whether a running assignment withholds the pack's answers. The family
    of the pack (its origins through copies of copies and all their copies) is found as
    packs.pack_family finds it, in two recursive CTEs; UNION ends a cycle of copies."""
    parent, child = aliased(StoredPack), aliased(StoredPack)
    origins = (
        select(StoredPack.id, StoredPack.copied_from_id)
        .where(StoredPack.slug == bindparam("slug"))
        .cte("origins", recursive=True)
    )
    origins = origins.union(
        select(parent.id, parent.copied_from_id).join(
            origins, parent.id == origins.c.copied_from_id
        )
    )
    family = (
        select(StoredPack.id, StoredPack.slug)
        .where(StoredPack.id.in_(select(origins.c.id)))
        .cte("family", recursive=True)
    )
    family = family.union(
        select(child.id, child.slug).join(family, child.copied_from_id == family.c.id)
    )
    waiting = [name for name, rules in BEHAVIOURS.items() if rules.feedback_waits_for_close]
    withheld = exists().where(
        or_(
            Assignment.pack_slug == bindparam("slug"),
            Assignment.pack_slug.in_(select(family.c.slug)),
        ),
        Assignment.feedback_mode.in_(waiting),
        Assignment.closes_at > bindparam("now"),
    )
    allowed = or_(Learner.classroom_id.is_(None), Classroom.review_enabled.is_(True))
    return (
        select(allowed.label("allowed"), withheld.label("withheld"))
        .select_from(Learner)
        .outerjoin(Classroom, Learner.classroom_id == Classroom.id)
        .where(Learner.id == bindparam("learner_id"))
    )


_PRACTICE_OPEN = _practice_family_query()


def _practice_open(attempt: Attempt, now: dt.datetime | None) -> bool:
    """review_allowed and no answers withheld (practice_withheld_until), asked in one statement
    instead of five (the learner, the class, the pack, its copies, the assignments)."""
    found = db.session.execute(
        _PRACTICE_OPEN,
        {"learner_id": attempt.learner_id, "slug": attempt.pack_slug, "now": now or utcnow()},
    ).first()
    return found is not None and bool(found.allowed) and not found.withheld


def start_missed_practice(learner: Learner, attempt: Attempt) -> Attempt:
    """A practice attempt of just the questions the learner missed in `attempt`, on the version it
    was pinned to, with immediate feedback. Raises ReviewRefused when it may not start."""
    if not review_allowed(learner):
        raise ReviewRefused(ReviewRefusal.SWITCHED_OFF)
    if not finish_if_over(attempt):
        raise ReviewRefused(ReviewRefusal.UNFINISHED)
    pack = pinned_pack(attempt)
    if pack is None or not answers_shown(attempt):
        raise ReviewRefused(ReviewRefusal.ANSWERS_WITHHELD)
    missed = missed_questions(attempt, pack)
    if not missed:
        raise ReviewRefused(ReviewRefusal.NOTHING_MISSED)
    return _start_review_attempt(learner, attempt, pack, attempt.pack_version_id, missed)


def _start_review_attempt(
    learner: Learner,
    reviewed: Attempt,
    pack: Pack,
    version_id: int | None,
    question_ids: list[str],
) -> Attempt:
    """A practice attempt of `question_ids` on the pack version `version_id` (`pack`), naming the
    graded attempt it reviews (a review of a review names the graded one)."""
    questions = [pack.question(question_id) for question_id in question_ids]
    attempt = Attempt(
        learner=learner,
        assignment=None,
        pack_slug=reviewed.pack_slug,
        pack_version_id=version_id,
        feedback_mode=FeedbackMode.IMMEDIATE,
        question_order=list(question_ids),
        max_score=sum(question.points for question in questions),
        review_of_id=reviewed.review_of_id or reviewed.id,
    )
    attempt.seed = random.SystemRandom().randrange(2**31)
    db.session.add(attempt)
    db.session.commit()
    attempt_started.send(current_app._get_current_object(), attempt=attempt)
    return attempt


# -- spaced review ---------------------------------------------------------------------------


def _state(item: ReviewItem) -> ReviewState:
    return ReviewState(item.due_on, item.reviews, item.right_count, item.last_right)


def _keep(item: ReviewItem, state: ReviewState) -> None:
    item.due_on, item.reviews = state.due_on, state.reviews
    item.right_count, item.last_right = state.right_count, state.last_right


# The review items of questions missed for the first time, inserted in one statement.
_NEW_REVIEW_ITEMS = ReviewItem.__table__.insert()


@attempt_finished.connect
def record_misses(app, attempt: Attempt, **_extra) -> None:
    """A graded attempt just finished: each question it missed comes back for review from the next
    day (missed again, its review starts over). Stored with the caller's commit: the items of
    questions missed before are changed, the others inserted in one statement (some thirty ORM
    objects and their flush were most of the Python calls of an attempt's last answer)."""
    if attempt.assignment_id is None or attempt.pack_version_id is None:
        return
    grades = response_grades(attempt)
    missed = [q for q in attempt.question_order if grades.get(q, (0.0, 0.0))[0] < 1.0]
    if not missed:
        return
    items = {
        item.question_id: item
        for item in db.session.scalars(
            select(ReviewItem).filter_by(
                learner_id=attempt.learner_id, pack_version_id=attempt.pack_version_id
            )
        )
    }
    missed_at = attempt.finished_at or utcnow()
    state = after_miss(missed_at)
    new = []
    for question_id in missed:
        item = items.get(question_id)
        if item is None:
            new.append({"question_id": question_id})
            continue
        item.missed_in_id, item.missed_at, item.reviewed_at = attempt.id, missed_at, None
        _keep(item, state)
    if new:
        common = {
            "learner_id": attempt.learner_id,
            "pack_version_id": attempt.pack_version_id,
            "missed_in_id": attempt.id,
            "missed_at": missed_at,
            "reviewed_at": None,
            "due_on": state.due_on,
            "reviews": state.reviews,
            "right_count": state.right_count,
            "last_right": state.last_right,
        }
        db.session.execute(_NEW_REVIEW_ITEMS, [{**common, **row} for row in new])


@answer_recorded.connect
def record_review_answer(
    app, attempt: Attempt, question: Question, response: Response, **_extra
) -> None:
    """An answer in a review attempt to a question due for review moves its schedule on (right
    twice in a row ends it, wrong starts the count again); one not due yet changes nothing.
    Stored with the caller's commit, as the answer is."""
    if attempt.review_of_id is None or attempt.pack_version_id is None:
        return
    item = db.session.scalar(
        select(ReviewItem).filter_by(
            learner_id=attempt.learner_id,
            pack_version_id=attempt.pack_version_id,
            question_id=question.id,
        )
    )
    now = utcnow()
    if item is None or not _state(item).is_due(now):
        return
    _keep(item, after_review(_state(item), response.fraction >= 1.0, now))
    item.reviewed_at = now  # stored with the answer's commit


@dataclass(frozen=True)
class DueReview:
    """The questions of one quiz (a pack version) due for review today, and the graded attempt
    they were last missed in."""

    pack: Pack
    pack_version_id: int
    question_ids: list[str]
    missed_in: Attempt

    @property
    def count(self) -> int:
        return len(self.question_ids)


def due_reviews(learner: Learner | None, now: dt.datetime | None = None) -> list[DueReview]:
    """What the learner's home page lists for review on `now`'s day, one entry per quiz: only
    questions whose answers show (never before an after-close quiz closes), none when the class
    has review switched off."""
    if not review_allowed(learner):
        return []
    now = now or utcnow()
    due: dict[int, list[ReviewItem]] = defaultdict(list)
    for item in db.session.scalars(
        select(ReviewItem)
        .filter(ReviewItem.learner_id == learner.id, ReviewItem.due_on <= now.date())
        .order_by(ReviewItem.id)
    ):
        due[item.pack_version_id].append(item)
    reviews = []
    for version_id, items in due.items():
        pack = version_pack(version_id)
        latest = max(items, key=lambda item: item.missed_at)
        missed_in = db.session.get(Attempt, latest.missed_in_id)
        if pack is None or not answers_shown(missed_in, now):
            continue
        order = [item.question_id for item in items if pack.question(item.question_id)]
        if order:
            reviews.append(DueReview(pack, version_id, order, missed_in))
    return reviews


def start_due_review(
    learner: Learner, pack_version_id: int | None, now: dt.datetime | None = None
) -> Attempt:
    """A practice attempt of the questions of one quiz due for review today. Raises ReviewRefused
    when review is switched off or nothing of that quiz is due."""
    if not review_allowed(learner):
        raise ReviewRefused(ReviewRefusal.SWITCHED_OFF)
    review = next(
        (r for r in due_reviews(learner, now) if r.pack_version_id == pack_version_id), None
    )
    if review is None:
        raise ReviewRefused(ReviewRefusal.NOTHING_DUE)
    return _start_review_attempt(
        learner, review.missed_in, review.pack, review.pack_version_id, review.question_ids
    )
