"""A running quiz whose feedback waits for the close keeps its key from other teachers (issue 25,
point 2): a teacher account (sign-up was open) must not read it through a copy of the library
pack, published, shared and practised with immediate feedback, nor through its download, nor
through the library's preview that grades every answer. Only the assigning teacher sees it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from factories import (
    SEED_PACK,
    make_assignment,
    make_classroom,
    make_instructor,
    make_pack,
    make_pack_version,
)
from pages import Browser, page_text

from quizapp.authoring.operations import copy_pack, share_to_library
from quizapp.cli import questions_cli
from quizapp.copies import find_copies
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Assignment, Instructor, StoredPack, utcnow
from quizapp.packs import may_see_withheld, pack_data, published_pack, stored_pack, withheld_until

RIGHT_ANSWER = "The right answer"
SCHOOL_TIME = ZoneInfo("Europe/Berlin")  # the app's default QUIZAPP_TIMEZONE


def _key(seed_pack) -> list[str]:
    """The texts of the seed pack's right options: what a leak would show."""
    return [
        option.text["en"]
        for question in seed_pack.questions
        if question.type == "single_choice"
        for option in question.options
        if option.correct
    ]


def _no_key(response, seed_pack) -> None:
    shown = page_text(response)
    assert RIGHT_ANSWER not in shown
    assert not [text for text in _key(seed_pack) if text in shown]


def _seed_id(app) -> int:
    with app.app_context():
        published_pack(SEED_PACK)  # the packs folder is in the database
        return stored_pack(SEED_PACK).id


def _copy(app, stored_pack_id: int, owner_id: int, publish_and_share: bool = True) -> int:
    """A copy made as the Copy button makes one, published and put into the library."""
    with app.app_context():
        made = copy_pack(db.session.get(StoredPack, stored_pack_id), owner_id)
        made_id = made.id
    if publish_and_share:
        make_pack_version(app, made_id)
        with app.app_context():
            share_to_library(db.session.get(StoredPack, made_id), True)
    return made_id


def _slug(app, stored_pack_id: int) -> str:
    with app.app_context():
        return db.session.get(StoredPack, stored_pack_id).slug


@pytest.fixture
def withheld(app, teacher_id):
    """The library's seed pack given by `teacher` to her class, feedback after the close (tomorrow)."""
    classroom_id = make_classroom(app, teacher_id)
    return make_assignment(
        app,
        classroom_id,
        feedback_mode="after_close",
        closes_at=utcnow() + dt.timedelta(days=1),
    )


def _close(app, assignment_id: int) -> None:
    with app.app_context():
        db.session.get(Assignment, assignment_id).closes_at = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()


def test_a_copy_of_a_withheld_quiz_keeps_its_key_withheld(
    app, seed_pack, teacher, teacher_id, other_teacher, other_teacher_id
):
    seed_id = _seed_id(app)
    # Copies made before the class started: the attacker's, and a copy of that copy.
    copy_id = _copy(app, seed_id, other_teacher_id)
    copy_of_copy_id = _copy(app, copy_id, other_teacher_id)
    assignment_id = make_assignment(
        app,
        make_classroom(app, teacher_id),
        feedback_mode="after_close",
        closes_at=utcnow() + dt.timedelta(days=1),
    )

    # No new copy while the class runs: the copy would hold the key in its editor.
    refused = other_teacher.post(f"/instructor/packs/{seed_id}/copy")
    assert refused.status_code == 409
    assert "withheld from other teachers" in page_text(refused)
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count(StoredPack.id)).filter_by(copied_from_id=seed_id)
            )
            == 1
        )

    for made_id in (copy_id, copy_of_copy_id):
        slug = _slug(app, made_id)
        # Practised from the library with immediate feedback, by anyone: refused, no key.
        stranger = Browser(app.test_client())
        practice = stranger.post(
            f"/packs/{slug}/attempts", {"display_name": "Eve", "feedback_mode": "immediate"}
        )
        assert practice.status_code == 409
        _no_key(practice, seed_pack)
        # Its download for Moodle, by its own owner: refused in every format.
        for fmt in ("gift", "moodle-xml"):
            download = other_teacher.get(
                f"/instructor/packs/{made_id}/moodle?format={fmt}&language=en"
            )
            assert download.status_code == 409
            assert download.mimetype == "text/html"
            _no_key(download, seed_pack)
        # Its preview (which grades every answer), by its owner or a third teacher: refused.
        preview = other_teacher.get(f"/instructor/packs/{made_id}/preview/1")
        assert preview.status_code == 409
        _no_key(preview, seed_pack)

    # The assigning teacher may copy it; her copy is known as one and withheld from others.
    own = teacher.post(f"/instructor/packs/{seed_id}/copy")
    assert own.status_code == 303
    with app.app_context():
        own_copy = db.session.scalar(
            db.select(StoredPack).filter_by(owner_id=teacher_id, copied_from_id=seed_id)
        )
        assert withheld_until(own_copy.slug) is not None
        assert may_see_withheld(db.session.get(Instructor, teacher_id), own_copy)
        assert not may_see_withheld(db.session.get(Instructor, other_teacher_id), own_copy)

    # Once the class has closed, the copies are the attacker's again.
    _close(app, assignment_id)
    slug = _slug(app, copy_id)
    assert other_teacher.get(f"/instructor/packs/{copy_id}/moodle?format=gift").status_code == 200
    stranger = Browser(app.test_client())
    practice = stranger.post(
        f"/packs/{slug}/attempts", {"display_name": "Eve", "feedback_mode": "immediate"}
    )
    assert practice.status_code == 303


def test_the_library_preview_of_a_withheld_quiz_shows_no_answers(
    app, seed_pack, teacher, other_teacher, other_teacher_id, withheld
):
    seed_id = _seed_id(app)
    for number in range(1, len(seed_pack.questions) + 1):
        preview = other_teacher.get(f"/instructor/packs/{seed_id}/preview/{number}")
        assert preview.status_code == 409
        assert "The answers are withheld for now" in page_text(preview)
        _no_key(preview, seed_pack)
    # Answering wrong in the preview would show the right answer: to the assigner only.
    question = seed_pack.questions[0]
    wrong = {**question_type(question.type).sample_form(question, False), "answered": "1"}
    url = f"/instructor/packs/{seed_id}/preview/1"
    answered = other_teacher.get(url, query_string={**wrong, "language": "en"})
    assert answered.status_code == 409
    _no_key(answered, seed_pack)
    assigner = teacher.get(url, query_string={**wrong, "language": "en"})
    assert assigner.status_code == 200 and RIGHT_ANSWER in page_text(assigner)
    # The pack's read-only page still lists the questions' prompts (never their answers).
    listed = other_teacher.get(f"/instructor/packs/{seed_id}")
    assert listed.status_code == 200
    assert RIGHT_ANSWER not in page_text(listed)
    # Giving it to a class of one's own does not buy the key of a colleague's running quiz.
    mine = make_assignment(
        app,
        make_classroom(app, other_teacher_id, code="OTHER7"),
        feedback_mode="after_close",
        closes_at=utcnow() + dt.timedelta(hours=1),
    )
    assert other_teacher.get(url).status_code == 409
    assert teacher.get(url).status_code == 409
    # Both classes closed: the library's preview is everyone's again.
    _close(app, withheld)
    _close(app, mine)
    assert other_teacher.get(f"/instructor/packs/{seed_id}/preview/1").status_code == 200


def test_assigning_a_withheld_quiz_with_earlier_feedback_is_refused(
    app, withheld, other_teacher, other_teacher_id, seed_pack
):
    """Another teacher cannot give the withheld pack (or her copy of it) to her own class with
    feedback before the close and read the key as a learner; feedback after a close no earlier
    than the withholding one is allowed, and after the close everything is."""
    classroom_id = make_classroom(app, other_teacher_id, code="OTHER7")
    copy_id = _copy(app, _seed_id(app), other_teacher_id)
    url = f"/instructor/classrooms/{classroom_id}/assignments/new"
    with app.app_context():
        before = db.session.query(Assignment).count()
        until = withheld_until(SEED_PACK)
    for slug in (SEED_PACK, _slug(app, copy_id)):
        for mode in ("immediate", "after_attempt"):
            form = {"pack_slug": slug, "attempts_allowed": "1", "feedback_mode": mode}
            response = other_teacher.post(url, form)
            assert response.status_code == 422, (slug, mode)
            assert "Another class is taking this quiz" in page_text(response)
    with app.app_context():
        assert db.session.query(Assignment).count() == before
    later = (until + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "pack_slug": SEED_PACK,
        "attempts_allowed": "1",
        "feedback_mode": "after_close",
        "closes_at": later,
    }
    assert other_teacher.post(url, form).status_code == 303
    _close(app, withheld)
    form = {"pack_slug": SEED_PACK, "attempts_allowed": "1", "feedback_mode": "immediate"}
    assert other_teacher.post(url, form).status_code == 303


def test_a_teacher_still_changes_her_own_assignment_while_a_colleague_withholds_the_pack(
    app, withheld, other_teacher, other_teacher_id
):
    """A colleague's after-close quiz withholds the pack: the other teacher may still change her
    own assignment of it as long as the change shows the answers no sooner (a time limit, the
    same or a later close), but not close it earlier or switch it to earlier feedback."""
    classroom_id = make_classroom(app, other_teacher_id, code="OTHER7")
    with app.app_context():
        until = withheld_until(SEED_PACK)
    own = make_assignment(
        app, classroom_id, feedback_mode="after_close", closes_at=until - dt.timedelta(hours=2)
    )
    url = f"/instructor/assignments/{own}/edit"

    def local(moment: dt.datetime) -> str:  # as the form shows and reads times: the school's
        return moment.replace(tzinfo=dt.UTC).astimezone(SCHOOL_TIME).strftime("%Y-%m-%dT%H:%M")

    same_close = local(until - dt.timedelta(hours=2))
    settings = {"attempts_allowed": "1", "feedback_mode": "after_close", "closes_at": same_close}
    assert other_teacher.post(url, {**settings, "time_limit_minutes": "20"}).status_code == 303
    later = local(until - dt.timedelta(hours=1))
    assert other_teacher.post(url, {**settings, "closes_at": later}).status_code == 303
    for sooner in (
        {"feedback_mode": "immediate"},
        {"closes_at": local(until - dt.timedelta(hours=5))},
    ):
        refused = other_teacher.post(url, {**settings, **sooner})
        assert refused.status_code == 422, sooner
        assert "Another class is taking this quiz" in page_text(refused)
    with app.app_context():
        assert db.session.get(Assignment, own).feedback_mode == "after_close"


# -- copies made before copies remembered their origin, and a copy's own editor ---------------

THIRD_EMAIL, THIRD_PASSWORD = "third@example.org", "a third long password"


def _forget_origin(app, *pack_ids: int) -> None:
    """The packs as a copy made before revision c5e7a2f19d84 is stored: no origin known."""
    with app.app_context():
        for pack_id in pack_ids:
            db.session.get(StoredPack, pack_id).copied_from_id = None
        db.session.commit()


def _origin_id(app, pack_id: int) -> int | None:
    with app.app_context():
        return db.session.get(StoredPack, pack_id).copied_from_id


def _find_copies(app, *options: str) -> str:
    """`flask questions find-copies`, as a school that upgraded may run it; what it reports."""
    result = app.test_cli_runner().invoke(questions_cli, ["find-copies", *options])
    assert result.exit_code == 0, result.output
    return result.output


def _refused_without_key(response, seed_pack) -> None:
    assert response.status_code == 409
    assert "The answers are withheld for now" in page_text(response)
    _no_key(response, seed_pack)


def test_a_copy_made_before_copies_remembered_their_origin_is_found_and_withheld(
    app, seed_pack, other_teacher, other_teacher_id, withheld
):
    """The attack (a) with a copy from the previous release: published, in the library, its
    origin unknown, so the rule comparing pack ids let its preview grade. The upgrade's
    matching (also `flask questions find-copies`) finds its origin, and it is withheld."""
    seed_id = _seed_id(app)
    copy_id = _copy(app, seed_id, other_teacher_id)
    _forget_origin(app, copy_id)
    slug = _slug(app, copy_id)
    assert other_teacher.get(f"/instructor/packs/{copy_id}/preview/1").status_code == 200

    reported = _find_copies(app, "--dry-run")
    assert f"{slug} is a copy of {SEED_PACK}." in reported
    assert _origin_id(app, copy_id) is None
    reported = _find_copies(app)
    assert f"{slug} is a copy of {SEED_PACK}." in reported
    assert "1 copy now knows its origin." in reported
    assert _origin_id(app, copy_id) == seed_id
    assert "Every copy knows its origin already." in _find_copies(app)

    for url in (
        f"/instructor/packs/{copy_id}",
        f"/instructor/packs/{copy_id}/preview/1",
        f"/instructor/packs/{copy_id}/moodle?format=gift&language=en",
    ):
        _refused_without_key(other_teacher.get(url), seed_pack)
    practice = Browser(app.test_client()).post(
        f"/packs/{slug}/attempts", {"display_name": "Eve", "feedback_mode": "immediate"}
    )
    assert practice.status_code == 409
    _no_key(practice, seed_pack)


def test_old_copies_are_matched_by_their_content_to_their_direct_origin(
    app, seed_pack, teacher_id, other_teacher_id
):
    """A copy keeps its origin's article and questions: an exact match with an older pack is its
    origin, the newest such one (a copy of a copy points to the copy). A pack on the same
    article with the same headline and question ids but its own questions is no copy, nor is
    a pack with the same headline on another article, nor is an origin a copy of its copies."""
    third_id = make_instructor(app, THIRD_EMAIL, THIRD_PASSWORD)
    seed_id = _seed_id(app)
    first = _copy(app, seed_id, other_teacher_id)
    copy_of_copy = _copy(app, first, third_id, publish_and_share=False)
    with app.app_context():
        same_article = pack_data(seed_pack)
    same_article["id"] = "same-headline"
    same_article["questions"][0]["prompt"] = {"en": "A question of my own about the article?"}
    other_article = {
        **pack_data(seed_pack),
        "id": "same-headline-other-article",
        "source": {**same_article["source"], "paragraphs": [{"id": "p1", "text": "Other news."}]},
    }
    unrelated = [
        make_pack(app, teacher_id, "same-headline", same_article),
        make_pack(app, teacher_id, "same-headline-other-article", other_article),
    ]
    _forget_origin(app, first, copy_of_copy)

    with app.app_context():
        found = find_copies(db.session.connection())
        db.session.commit()
    assert {(copy.copy_id, copy.origin_id) for copy in found} == {
        (first, seed_id),
        (copy_of_copy, first),
    }
    assert [_origin_id(app, pack_id) for pack_id in (first, copy_of_copy, *unrelated)] == [
        seed_id,
        first,
        None,
        None,
    ]
    assert _origin_id(app, seed_id) is None


@pytest.fixture
def shared_original(app, teacher_id, other_teacher, other_teacher_id):
    """A pack `teacher` wrote and put into the library, copied by `other_teacher` (before any
    class took it), then given by a third teacher to her class with feedback after the close
    (tomorrow). Returns the ids of the original, the copy and the assignment."""
    original = make_pack(app, teacher_id, "teachers-own-pack")
    make_pack_version(app, original)
    with app.app_context():
        share_to_library(db.session.get(StoredPack, original), True)
    made = other_teacher.post(f"/instructor/packs/{original}/copy")
    assert made.status_code == 303
    copy_id = _copy_of(app, original, other_teacher_id)
    third_id = make_instructor(app, THIRD_EMAIL, THIRD_PASSWORD)
    assignment_id = make_assignment(
        app,
        make_classroom(app, third_id, code="THIRD7"),
        pack_slug="teachers-own-pack",
        feedback_mode="after_close",
        closes_at=utcnow() + dt.timedelta(days=1),
    )
    return original, copy_id, assignment_id


def _copy_of(app, origin_id: int, owner_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(StoredPack.id).filter_by(copied_from_id=origin_id, owner_id=owner_id)
        )


def test_a_copys_owner_reads_no_key_in_its_editor_while_the_origin_is_withheld(
    app, seed_pack, teacher, other_teacher, shared_original
):
    """The copy's editor shows every answer, so while a colleague's running quiz withholds the
    origin the copy's owner gets the withheld page (it says until when) from each of its pages,
    its preview, its downloads, publishing and the library; the list says until when."""
    original, copy_id, assignment_id = shared_original
    base = f"/instructor/packs/{copy_id}"
    with app.app_context():
        until = withheld_until("teachers-own-pack")
    for url in (
        base,
        f"{base}/questions/1",
        f"{base}/questions/new?type=single_choice",
        f"{base}/preview/1",
        f"{base}/article",
        f"{base}/moodle?format=gift&language=en",
        f"{base}/moodle?format=moodle-xml&language=en",
    ):
        refused = other_teacher.get(url)
        _refused_without_key(refused, seed_pack)
        assert str(until.year) in page_text(refused), url
    for url, form in (
        (f"{base}/publish", {}),
        (f"{base}/library", {"in_library": "1"}),
        (f"{base}/questions/1", {"prompt_en": "Changed?"}),
        (f"{base}/questions/1/arrange", {"action": "down", "revision": "1"}),
        (f"{base}/paragraphs", {"action": "remove", "paragraph": "p1", "revision": "1"}),
    ):
        _refused_without_key(other_teacher.post(url, form), seed_pack)
    listed = other_teacher.get("/instructor/packs")
    assert listed.status_code == 200
    assert "withheld until" in page_text(listed)
    assert f'href="{base}"' not in listed.get_data(as_text=True)

    # The author of the original keeps her own pack: editor, preview with answers, download.
    question = seed_pack.questions[0]
    wrong = {**question_type(question.type).sample_form(question, False), "answered": "1"}
    assert teacher.get(f"/instructor/packs/{original}").status_code == 200
    preview = teacher.get(f"/instructor/packs/{original}/preview/1", query_string=wrong)
    assert preview.status_code == 200 and RIGHT_ANSWER in page_text(preview)
    assert teacher.get(f"/instructor/packs/{original}/moodle?format=gift").status_code == 200
    assert "withheld until" not in page_text(teacher.get("/instructor/packs"))

    # The class has closed: the copy is its owner's again.
    _close(app, assignment_id)
    for url in (base, f"{base}/questions/1", f"{base}/preview/1", f"{base}/moodle?format=gift"):
        assert other_teacher.get(url).status_code == 200, url
    listed = other_teacher.get("/instructor/packs")
    assert "withheld until" not in page_text(listed)
    assert f'href="{base}"' in listed.get_data(as_text=True)
