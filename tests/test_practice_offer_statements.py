"""The results page's offer to practise what one missed asks the database once at most (issue 29,
third round): none when nothing was missed, else one statement that decides what the five of
before decided (the class's switch, the pack's family of copies, the assignments withholding its
answers), agreeing with review.review_allowed and attempts.practice_withheld_until."""

import datetime as dt
from contextlib import contextmanager

import pytest
from factories import (
    SEED_PACK,
    make_assignment,
    make_attempt,
    make_classroom,
    make_learner,
    make_pack,
)
from pages import signed_in_learner
from sqlalchemy import event

from quizapp import review
from quizapp.attempts import practice_withheld_until
from quizapp.constants import FeedbackMode
from quizapp.extensions import db
from quizapp.models import Attempt, Classroom, StoredPack, utcnow
from quizapp.packs import published_pack

MISSED = 2


def first_two_wrong(position, _question):
    return position > MISSED


@contextmanager
def statements(app):
    """The SQL statements run inside the block, as a list of their texts."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


@pytest.fixture
def family(app, teacher_id):
    """The seed pack with a copy, a copy of that copy, and a pack of nobody's family; returns
    their slugs by role and the class's id."""
    with app.app_context():
        published_pack(SEED_PACK)  # the packs folder is in the database
        seed_id = db.session.scalar(db.select(StoredPack.id).filter_by(slug=SEED_PACK))
    copy_id = make_pack(app, teacher_id, "a-copy")
    copy_of_copy_id = make_pack(app, teacher_id, "a-copy-of-the-copy")
    make_pack(app, teacher_id, "unrelated")
    with app.app_context():
        db.session.get(StoredPack, copy_id).copied_from_id = seed_id
        db.session.get(StoredPack, copy_of_copy_id).copied_from_id = copy_id
        db.session.commit()
    return make_classroom(app, teacher_id)


def withhold(app, classroom_id: int, slug: str) -> None:
    """An after-close assignment of `slug`, closing tomorrow: it withholds the answers."""
    make_assignment(
        app,
        classroom_id,
        slug,
        pack_version_id=None,
        feedback_mode=FeedbackMode.AFTER_CLOSE,
        closes_at=utcnow() + dt.timedelta(days=1),
    )


def offer(app, attempt_id: int) -> tuple[int, int, bool]:
    """The offer for the attempt, the statements it ran, and whether the five-statement rules
    (review_allowed, practice_withheld_until) would offer it."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        expected = review.review_allowed(attempt.learner) and (
            practice_withheld_until(attempt.pack_slug) is None
        )
        rows = review.review_rows(attempt, review.pinned_pack(attempt))
        with statements(app) as seen:
            missed = review.practice_offer(attempt, rows)
    return missed, len(seen), expected


@pytest.mark.parametrize(
    ("withheld_slug", "offered"),
    [
        (None, True),
        ("unrelated", True),
        (SEED_PACK, False),
        ("a-copy", False),
        ("a-copy-of-the-copy", False),
    ],
)
def test_the_offer_asks_once_and_agrees_with_the_rules(app, family, withheld_slug, offered):
    learner_id = make_learner(app, family, "Ana")
    attempt_id = make_attempt(app, learner_id, None, answers=first_two_wrong)
    if withheld_slug is not None:
        withhold(app, family, withheld_slug)
    missed, count, expected = offer(app, attempt_id)
    assert (missed == MISSED) is offered is expected
    assert count == 1


def test_a_cycle_of_copies_ends_and_is_one_family(app, family):
    with app.app_context():
        seed = db.session.scalar(db.select(StoredPack).filter_by(slug=SEED_PACK))
        seed.copied_from_id = db.session.scalar(
            db.select(StoredPack.id).filter_by(slug="a-copy-of-the-copy")
        )
        db.session.commit()
    attempt_id = make_attempt(app, make_learner(app, family, "Ana"), None, answers=first_two_wrong)
    assert offer(app, attempt_id)[::2] == (MISSED, True)
    withhold(app, family, "a-copy")
    assert offer(app, attempt_id) == (0, 1, False)


def test_the_class_switch_and_a_learner_on_their_own(app, family):
    attempt_id = make_attempt(app, make_learner(app, family, "Ana"), None, answers=first_two_wrong)
    with app.app_context():
        db.session.get(Classroom, family).review_enabled = False
        db.session.commit()
    assert offer(app, attempt_id) == (0, 1, False)
    own = make_attempt(app, make_learner(app, None, "Bo"), None, answers=first_two_wrong)
    assert offer(app, own) == (MISSED, 1, True)


def test_nothing_missed_asks_nothing(app, family):
    attempt_id = make_attempt(app, make_learner(app, family, "Ana"), None)
    assert offer(app, attempt_id)[:2] == (0, 0)


def test_the_results_page_runs_three_statements(app, teacher_id):
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    attempt_id = make_attempt(
        app, make_learner(app, classroom_id, "Ana"), assignment_id, answers=first_two_wrong
    )
    ana = signed_in_learner(app, "Ana")
    ana.get(f"/attempts/{attempt_id}/results")
    with statements(app) as seen:
        page = ana.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Practise the questions I missed" in page
    # the learner with the attempt in view, the answers, the offer
    assert len([s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]) == 3
