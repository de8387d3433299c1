"""A pack its owner took out of the school's library reaches nobody else any more (issue 25,
point 3): another teacher who had assigned it is not offered, and cannot post, a move to a
version published since (it would regrade the class with private content), keeps the version
the assignment is pinned to, and the learners' pages serve that version, never the newest."""

import copy

import pytest
from factories import (
    make_assignment,
    make_attempt,
    make_classroom,
    make_learner,
    make_pack,
    make_pack_version,
)
from pages import LearnerBrowser, page_text, signed_in_learner

from quizapp.authoring.operations import share_to_library
from quizapp.extensions import db
from quizapp.models import Assignment, PackVersion, StoredPack
from quizapp.packs import save_draft

SLUG = "shared-then-private"
PRIVATE_TITLE = "A private title, published after the pack left the library"
PRIVATE_PROMPT = "A private prompt of version 2"


@pytest.fixture
def taken_back(app, teacher_id, other_teacher_id):
    """`teacher`'s pack, shared in the library as version 1 and assigned by the other teacher to
    Ana's class; then taken out of the library and published again as version 2."""
    stored_id = make_pack(app, teacher_id, SLUG)
    first_version = make_pack_version(app, stored_id)
    with app.app_context():
        share_to_library(db.session.get(StoredPack, stored_id), True)
    classroom_id = make_classroom(app, other_teacher_id, code="OTHER9")
    assignment_id = make_assignment(app, classroom_id, SLUG)
    learner_id = make_learner(app, classroom_id, "Ana")
    with app.app_context():
        stored = db.session.get(StoredPack, stored_id)
        share_to_library(stored, False)
        draft = copy.deepcopy(stored.draft)
        draft["source"]["title"] = PRIVATE_TITLE
        draft["questions"][0]["prompt"]["en"] = PRIVATE_PROMPT
        save_draft(stored, draft, stored.revision)
    second_version = make_pack_version(app, stored_id)
    assert second_version != first_version
    return assignment_id, learner_id, first_version


def _pinned_version(app, assignment_id: int) -> int:
    with app.app_context():
        return db.session.get(Assignment, assignment_id).pack_version_id


def test_a_pack_out_of_the_library_offers_no_new_version(app, other_teacher, taken_back):
    assignment_id, _learner_id, first_version = taken_back
    page = other_teacher.get(f"/instructor/assignments/{assignment_id}")
    assert page.status_code == 200
    assert "Move to version 2" not in page_text(page)
    assert "Version 2 of this quiz is published" not in page_text(page)

    preview = other_teacher.get(f"/instructor/assignments/{assignment_id}/versions/2")
    assert preview.status_code == 303
    refused = other_teacher.post(
        f"/instructor/assignments/{assignment_id}/versions/2",
        {"from": str(first_version)},
        follow_redirects=True,
    )
    assert "took this quiz out of the school's library" in page_text(refused)
    assert PRIVATE_PROMPT not in page_text(refused)
    assert _pinned_version(app, assignment_id) == first_version
    # A version that does not exist says nothing about the ones that do.
    guessed = other_teacher.get(f"/instructor/assignments/{assignment_id}/versions/9")
    assert guessed.status_code == 303
    # Shared again, the owner's newest is offered as any library pack's is.
    with app.app_context():
        share_to_library(db.session.scalar(db.select(StoredPack).filter_by(slug=SLUG)), True)
    assert "Move to version 2" in page_text(
        other_teacher.get(f"/instructor/assignments/{assignment_id}")
    )


def test_learner_pages_serve_the_pinned_version(app, taken_back):
    assignment_id, learner_id, first_version = taken_back
    finished = make_attempt(app, learner_id, assignment_id)
    with app.app_context():
        assert db.session.get(PackVersion, first_version).number == 1
        original_title = db.session.get(PackVersion, first_version).content["source"]["title"]
    ana = signed_in_learner(app, "Ana", code="OTHER9")

    pages = [
        f"/packs/{SLUG}/source",  # the article, without naming an attempt or assignment
        f"/packs/{SLUG}/source?assignment={assignment_id}",
        f"/packs/{SLUG}/source?attempt={finished}",
        f"/attempts/{finished}/results",  # the results with their feedback
        f"/attempts/{finished}/questions/1",  # a question's feedback
        "/",
    ]
    for url in pages:
        page = ana.get(url)
        assert page.status_code == 200, url
        shown = page_text(page)
        assert PRIVATE_TITLE not in shown, url
        assert PRIVATE_PROMPT not in shown, url
    assert original_title in page_text(ana.get(f"/packs/{SLUG}/source"))
    # Nobody outside the class reads the private pack's article at all.
    stranger = LearnerBrowser(app.test_client())
    assert stranger.get(f"/packs/{SLUG}/source").status_code == 404
