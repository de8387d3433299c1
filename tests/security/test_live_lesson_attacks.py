"""The live lesson where it meets the rest of the app (issue 27): a learner answering for another
seat, lesson, question or round; a learner removed or signed out mid-lesson; a stranger with the
lesson's id; the teacher's fragment and its ETag before the reveal; a withheld quiz run live; a
version moved, an assignment deleted or archived mid-lesson; hostile display names, a forged
Host, raced steps and hostile answer bodies. Each probe is one test; none may answer 500."""

import datetime as dt
import re

import pytest
from factories import (
    SEED_PACK,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    make_assignment,
    make_classroom,
    make_instructor,
    make_learner,
)
from pages import Browser, TeacherBrowser, class_member, page_html, page_text, signed_in_learner
from security_world import separate_app
from sqlalchemy import func, select

from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    Learner,
    LiveLesson,
    LiveSeat,
    LiveVote,
    Response,
    StoredPack,
    utcnow,
)
from quizapp.packs import publish, published_pack, save_draft, stored_pack, withheld_until
from quizapp.versions import move_assignment

EVIL = "evil.example"


# -- helpers -------------------------------------------------------------------------------


@pytest.fixture
def klass(app, teacher, teacher_id):
    """The teacher's class with an assignment of the seed pack: (class id, assignment id)."""
    classroom_id = make_classroom(app, teacher_id)
    return classroom_id, make_assignment(app, classroom_id)


def start(teacher, assignment_id: int):
    teacher.get(f"/instructor/assignments/{assignment_id}")
    return teacher.post(f"/assignments/{assignment_id}/live", {})


def started(teacher, assignment_id: int) -> int:
    response = start(teacher, assignment_id)
    assert response.status_code == 303, page_text(response)[-1000:]
    return int(re.search(r"/live/(\d+)/teach", response.headers["Location"]).group(1))


def lesson_row(app, lesson_id: int) -> dict:
    with app.app_context():
        lesson = db.session.get(LiveLesson, lesson_id)
        return {"revision": lesson.revision, "question_id": lesson.question_id}


def step(teacher, app, lesson_id: int, action: str, revision: int | None = None):
    revision = lesson_row(app, lesson_id)["revision"] if revision is None else revision
    teacher.get(f"/live/{lesson_id}/teach")
    return teacher.post(f"/live/{lesson_id}/step", {"action": action, "revision": revision})


def form_fields(learner, lesson_id: int) -> dict:
    """The hidden fields of the learner's answer form as their phone shows it now."""
    page = learner.get(f"/live/{lesson_id}").get_data(as_text=True)
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
        for name in ("question", "position", "round")
    }


def answer_form(app, learner, lesson_id: int, seed_pack, right: bool = True) -> dict:
    question = seed_pack.question(lesson_row(app, lesson_id)["question_id"])
    return {
        **question_type(question.type).sample_form(question, right),
        **form_fields(learner, lesson_id),
    }


def votes(app, **where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(LiveVote.id)).filter_by(**where))


def responses(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Response.id)))


def right_texts(seed_pack, question_id: str) -> list[str]:
    """What gives the question's right answer away on a page (its options are shown while it is
    open): its explanation and its first quote."""
    question = seed_pack.question(question_id)
    return [question.explanation["en"][:60], question.quotes[0].text[:40]]


def right_option(seed_pack, question_id: str) -> str:
    question = seed_pack.question(question_id)
    return next(option.text["en"] for option in question.options if option.correct)


def lesson_on_choice(app, teacher, klass, seed_pack, names=("Ana",)):
    """The lesson opened on the seed pack's first single-choice question, with class members
    `names` seated: (lesson id, browsers by name)."""
    classroom_id, assignment_id = klass
    browsers = {name: class_member(app, classroom_id, name) for name in names}
    lesson_id = started(teacher, assignment_id)
    for browser in browsers.values():
        browser.get(f"/live/{lesson_id}")
    while seed_pack.question(lesson_row(app, lesson_id)["question_id"] or "") is None or (
        seed_pack.question(lesson_row(app, lesson_id)["question_id"]).type != "single_choice"
    ):
        assert step(teacher, app, lesson_id, "next").status_code == 303
    return lesson_id, browsers


# -- answering for someone or something else ------------------------------------------------


def test_an_answer_with_another_learners_question_key_is_refused(app, teacher, klass, seed_pack):
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack, ("Ana", "Ben"))
    bens = answer_form(app, who["Ben"], lesson_id, seed_pack)
    sent = who["Ana"].post(f"/live/{lesson_id}/answer", bens)
    assert sent.status_code == 400
    assert votes(app) == 0 and responses(app) == 0


def test_an_answer_to_another_lesson_of_the_class_is_refused(app, teacher, teacher_id, seed_pack):
    """Two lessons running in one class (two assignments): a form of one sent to the other."""
    classroom_id = make_classroom(app, teacher_id)
    first, second = (make_assignment(app, classroom_id) for _ in range(2))
    ana = class_member(app, classroom_id, "Ana")
    lessons = [started(teacher, first), started(teacher, second)]
    for lesson_id in lessons:
        ana.get(f"/live/{lesson_id}")
        step(teacher, app, lesson_id, "next")
    form = answer_form(app, ana, lessons[0], seed_pack)
    assert ana.post(f"/live/{lessons[1]}/answer", form).status_code == 400
    assert votes(app) == 0
    assert ana.post(f"/live/{lessons[0]}/answer", form).status_code == 303
    assert votes(app, lesson_id=lessons[0]) == 1 and votes(app, lesson_id=lessons[1]) == 0


def test_a_stale_position_or_round_is_refused_and_changes_nothing(app, teacher, klass, seed_pack):
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    ana = who["Ana"]
    form = answer_form(app, ana, lesson_id, seed_pack, right=False)
    for forged in ({"position": "0"}, {"position": "99"}, {"round": "2"}, {"position": "x"}):
        refused = ana.post(f"/live/{lesson_id}/answer", {**form, **forged})
        assert refused.status_code == 409, forged
    assert votes(app) == 0
    assert ana.post(f"/live/{lesson_id}/answer", form).status_code == 303
    step(teacher, app, lesson_id, "close")
    step(teacher, app, lesson_id, "again")
    stale_round = ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
    assert stale_round.status_code == 303
    old = ana.post(f"/live/{lesson_id}/answer", {**form, "round": "1"})
    assert old.status_code == 409 and votes(app, round=1) == 1
    step(teacher, app, lesson_id, "next")
    previous = ana.post(f"/live/{lesson_id}/answer", form)
    assert previous.status_code == 409
    assert votes(app) == 2


def test_a_form_of_another_type_or_with_hostile_values_never_answers_500(
    app, teacher, klass, seed_pack
):
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    ana = who["Ana"]
    fields = form_fields(ana, lesson_id)
    hostile = [
        {},
        {"answer": "not-an-option"},
        {"answer": ["a", "b", "c"]},
        {"answer": "1e309"},
        {"answer": "x" * 60_000},
        {"answer": "x" * 100_000},
        {"answer": "\u202e<script>alert(1)</script>\x00"},
        {f"item-{n}": str(n) for n in range(500)},
        {"question": "", "answer": "a"},
        {"question": "../../1", "position": "-1", "round": "9999999999999999999999"},
    ]
    for extra in hostile:
        sent = ana.post(f"/live/{lesson_id}/answer", {**fields, **extra})
        assert sent.status_code in (303, 400, 409, 413, 422), (extra, sent.status_code)
    assert "Question" in page_text(ana.get(f"/live/{lesson_id}"))
    assert teacher.get(f"/live/{lesson_id}/teach").status_code == 200


def test_an_answer_after_the_end_is_refused_and_the_results_stay(app, teacher, klass, seed_pack):
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    ana = who["Ana"]
    form = answer_form(app, ana, lesson_id, seed_pack, right=False)
    assert ana.post(f"/live/{lesson_id}/answer", form).status_code == 303
    step(teacher, app, lesson_id, "end")
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        before = (attempt.score, attempt.finished_at)
    late = ana.post(f"/live/{lesson_id}/answer", form)
    assert late.status_code == 409 and "This live lesson has ended" in page_text(late)
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert (attempt.score, attempt.finished_at) == before
    assert votes(app) == 1


# -- who may see and do what ----------------------------------------------------------------


def test_a_learner_of_another_class_cannot_follow_answer_or_step(
    app, teacher, klass, seed_pack, other_teacher_id
):
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    form = answer_form(app, who["Ana"], lesson_id, seed_pack)
    stranger = class_member(
        app, make_classroom(app, other_teacher_id, "Other", "OTHER7"), "Ana", "OTHER7"
    )
    assert stranger.get(f"/live/{lesson_id}?part=main").status_code == 404
    assert stranger.post(f"/live/{lesson_id}/answer", form).status_code == 404
    step_form = {"action": "end", "revision": lesson_row(app, lesson_id)["revision"]}
    assert stranger.post(f"/live/{lesson_id}/step", step_form).status_code in (302, 303, 404)
    assert who["Ana"].post(f"/live/{lesson_id}/step", step_form).status_code in (302, 303, 404)
    assert stranger.get(f"/live/{lesson_id}/teach?part=main").status_code in (302, 303, 404)
    assert votes(app) == 0
    with app.app_context():
        assert db.session.get(LiveLesson, lesson_id).ended_at is None


def test_a_learner_removed_mid_lesson_is_out_and_off_the_projector(app, teacher, klass, seed_pack):
    from quizapp.accounts import remove_learner

    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack, ("Ana", "Ben"))
    form = answer_form(app, who["Ben"], lesson_id, seed_pack)
    with app.app_context():
        remove_learner(db.session.scalar(select(Learner).filter_by(display_name="Ben")))
    sent = who["Ben"].post(f"/live/{lesson_id}/answer", form)
    assert sent.status_code in (302, 303) and "/live/" not in sent.location
    assert votes(app) == 0
    projector = page_text(teacher.get(f"/live/{lesson_id}/teach"))
    assert "0 of 1 has answered" in projector


def test_a_learner_signed_out_everywhere_mid_lesson_sends_nothing(app, teacher, klass, seed_pack):
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    phone = who["Ana"]
    laptop = signed_in_learner(app, "Ana")
    form = answer_form(app, phone, lesson_id, seed_pack)
    laptop.get("/")
    assert laptop.post("/sign-out-everywhere").status_code in (302, 303)
    sent = phone.post(f"/live/{lesson_id}/answer", form)
    assert sent.status_code in (302, 303, 400) and votes(app) == 0
    polled = phone.get(f"/live/{lesson_id}?part=main")
    assert polled.status_code in (302, 303) and "sign-in" in polled.location


def test_nothing_before_the_reveal_shows_the_right_answer(app, teacher, klass, seed_pack):
    """Neither the projector, its poll fragment, nor a learner's phone shows the right option,
    the explanation or the quote while the question is open or closed; a learner's verdict
    waits for the reveal too."""
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    ana = who["Ana"]
    question_id = lesson_row(app, lesson_id)["question_id"]
    ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
    for phase in ("open", "close"):
        if phase == "close":
            step(teacher, app, lesson_id, "close")
        pages = [
            teacher.get(f"/live/{lesson_id}/teach"),
            teacher.get(f"/live/{lesson_id}/teach?part=main"),
            ana.get(f"/live/{lesson_id}"),
            ana.get(f"/live/{lesson_id}?part=main"),
        ]
        for page in pages:
            shown = page_text(page)
            assert not [text for text in right_texts(seed_pack, question_id) if text in shown]
            assert "Right" not in shown and "Wrong" not in shown and "(right)" not in shown
            assert "<mark" not in page_html(page)
    step(teacher, app, lesson_id, "reveal")
    assert "Right" in page_text(ana.get(f"/live/{lesson_id}"))


def test_an_etag_of_one_page_never_gets_a_304_for_another(
    app, teacher, klass, seed_pack, other_teacher
):
    """A learner's ETag sent for the projector's fragment, Ana's sent by Ben, or an English
    page's ETag sent for the German page: each gets the page drawn, never a 304."""
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack, ("Ana", "Ben"))
    ana, ben = who["Ana"], who["Ben"]
    learner_tag = ana.get(f"/live/{lesson_id}?part=main").headers["ETag"]
    teacher_tag = teacher.get(f"/live/{lesson_id}/teach?part=main").headers["ETag"]
    assert learner_tag != teacher_tag
    colleague = other_teacher.get(
        f"/live/{lesson_id}/teach?part=main", headers={"If-None-Match": teacher_tag}
    )
    assert colleague.status_code == 404  # a 304 would tell her the lesson has not moved
    crossed = teacher.get(
        f"/live/{lesson_id}/teach?part=main", headers={"If-None-Match": learner_tag}
    )
    assert crossed.status_code == 200
    bens = ben.get(f"/live/{lesson_id}?part=main", headers={"If-None-Match": learner_tag})
    assert bens.status_code == 200
    learner_asks = ana.get(
        f"/live/{lesson_id}/teach?part=main", headers={"If-None-Match": teacher_tag}
    )
    assert learner_asks.status_code in (302, 303, 404)
    ana.post("/language", {"language": "de", "next": "/"})
    german = ana.get(f"/live/{lesson_id}?part=main", headers={"If-None-Match": learner_tag})
    assert german.status_code == 200 and "Frage" in page_text(german)


def test_no_shared_cache_may_keep_a_fragment_or_its_304(app, teacher, klass, seed_pack):
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    for browser, url in ((teacher, f"/live/{lesson_id}/teach"), (who["Ana"], f"/live/{lesson_id}")):
        first = browser.get(url + "?part=main")
        again = browser.get(url + "?part=main", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        for response in (first, again):
            assert "no-store" in response.headers.get("Cache-Control", ""), url


# -- a withheld quiz run live ----------------------------------------------------------------


@pytest.fixture
def withholding(app, teacher_id):
    """The seed pack given by `teacher` to her class, its answers withheld until tomorrow's close."""
    classroom_id = make_classroom(app, teacher_id)
    closes = utcnow() + dt.timedelta(days=1)
    return make_assignment(app, classroom_id, feedback_mode="after_close", closes_at=closes)


def test_a_colleague_cannot_reveal_a_withheld_quiz_in_a_live_lesson(
    app, withholding, other_teacher, other_teacher_id, seed_pack
):
    """Another teacher may give the withheld pack with feedback after a later close, but a live
    lesson shows the answers at once: starting one is refused while the pack is withheld from
    her, and a lesson started before the withholding quiz was given reveals nothing."""
    classroom_id = make_classroom(app, other_teacher_id, code="OTHER7")
    with app.app_context():
        later = withheld_until(SEED_PACK) + dt.timedelta(days=1)
    own = make_assignment(app, classroom_id, feedback_mode="after_close", closes_at=later)
    refused = start(other_teacher, own)
    assert refused.status_code == 409
    assert "Another class is taking this quiz" in page_text(refused)
    with app.app_context():
        assert db.session.scalar(select(func.count(LiveLesson.id))) == 0


def test_a_lesson_running_when_a_colleague_withholds_the_pack_reveals_nothing(
    app, teacher, teacher_id, other_teacher, other_teacher_id, seed_pack
):
    classroom_id = make_classroom(app, other_teacher_id, code="OTHER7")
    own = make_assignment(app, classroom_id)
    ana = class_member(app, classroom_id, "Ana", "OTHER7")
    lesson_id = started(other_teacher, own)
    ana.get(f"/live/{lesson_id}")
    step(other_teacher, app, lesson_id, "next")
    make_assignment(
        app,
        make_classroom(app, teacher_id),
        feedback_mode="after_close",
        closes_at=utcnow() + dt.timedelta(days=1),
    )
    question_id = lesson_row(app, lesson_id)["question_id"]
    assert (
        ana.post(
            f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack)
        ).status_code
        == 303
    )
    refused = step(other_teacher, app, lesson_id, "reveal")
    assert refused.status_code == 409
    assert "Another class is taking this quiz" in page_text(refused)
    for page in (other_teacher.get(f"/live/{lesson_id}/teach"), ana.get(f"/live/{lesson_id}")):
        shown = page_text(page)
        assert not [text for text in right_texts(seed_pack, question_id) if text in shown]
        assert "(right)" not in shown
    assert step(other_teacher, app, lesson_id, "end").status_code == 303
    with app.app_context():
        attempt_id = db.session.scalar(select(Attempt.id))
    for url in (f"/live/{lesson_id}", f"/attempts/{attempt_id}/results"):
        page = ana.get(url)
        assert page.status_code in (200, 409), url
        shown = page_text(page)
        assert not [text for text in right_texts(seed_pack, question_id) if text in shown], url
        assert "<mark" not in page_html(page), url
    assert "The answers are withheld for now" in page_text(page)  # the results, not a blank date


def test_the_withholding_teacher_runs_her_own_quiz_live_and_practice_stays_closed(
    app, teacher, withholding, new_learner_browser, seed_pack
):
    """The teacher who withholds the pack may reveal it to her own class live; practising the
    pack (which anyone may do) still waits for her close."""
    with app.app_context():
        classroom_id = db.session.get(Assignment, withholding).classroom_id
    ana = class_member(app, classroom_id, "Ana")
    lesson_id = started(teacher, withholding)
    ana.get(f"/live/{lesson_id}")
    step(teacher, app, lesson_id, "next")
    assert step(teacher, app, lesson_id, "reveal").status_code == 303
    step(teacher, app, lesson_id, "end")
    stranger = Browser(app.test_client())
    practice = stranger.post(
        f"/packs/{SEED_PACK}/attempts", {"display_name": "Eve", "feedback_mode": "immediate"}
    )
    assert practice.status_code == 409


# -- the pack, the assignment and the class changing mid-lesson ------------------------------


def publish_edit(app, change) -> None:
    """Edit the seed pack's draft with `change(data)` and publish it as a new version."""
    import copy

    with app.app_context():
        published_pack(SEED_PACK)
        stored = stored_pack(SEED_PACK)
        data = copy.deepcopy(stored.draft)
        change(data)
        save_draft(stored, data, stored.revision)
        publish(stored)


def move_to_newest(app, assignment_id: int) -> None:
    with app.app_context():
        move_assignment(db.session.get(Assignment, assignment_id))


@pytest.mark.parametrize("change", ["drop", "regrade"])
def test_a_version_moved_mid_lesson_leaves_both_pages_working_and_scores_regraded(
    app, teacher, klass, seed_pack, change
):
    """The teacher moves the assignment to a newer version while its lesson is on a question the
    new version drops, or makes another option the right one: no page answers 500, and the
    lesson's scores at the end are the attempt's (regraded) ones."""
    _classroom_id, assignment_id = klass
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    ana = who["Ana"]
    question_id = lesson_row(app, lesson_id)["question_id"]
    form = answer_form(app, ana, lesson_id, seed_pack)
    assert ana.post(f"/live/{lesson_id}/answer", form).status_code == 303

    def edit(data):
        question = next(q for q in data["questions"] if q["id"] == question_id)
        if change == "drop":
            data["questions"].remove(question)
            return
        other = next(option for option in question["options"] if not option["correct"])
        for option in question["options"]:
            option["correct"] = option is other
            option.setdefault("feedback", {"en": "Changed.", "de": "Geändert."})

    publish_edit(app, edit)
    move_to_newest(app, assignment_id)
    for page in (
        teacher.get(f"/live/{lesson_id}/teach"),
        teacher.get(f"/live/{lesson_id}/teach?part=main"),
        ana.get(f"/live/{lesson_id}"),
    ):
        assert page.status_code == 200, page_text(page)[-800:]
    if change == "drop":
        again = ana.post(f"/live/{lesson_id}/answer", form)
        assert again.status_code == 409 and votes(app) == 1
        assert "no longer in the quiz" in page_text(teacher.get(f"/live/{lesson_id}/teach"))
    for action in ("close", "reveal", "next", "end"):
        moved = step(teacher, app, lesson_id, action)
        assert moved.status_code in (303, 409), (action, page_text(moved)[-800:])
        assert teacher.get(f"/live/{lesson_id}/teach").status_code == 200, action
        assert ana.get(f"/live/{lesson_id}").status_code == 200, action
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.finished and attempt.score == 0.0  # no longer right, or no longer asked
    ended = page_text(ana.get(f"/live/{lesson_id}"))
    assert "Your score: 0 of" in ended


def test_an_assignment_deleted_mid_lesson_ends_it_for_everyone(app, teacher, klass, seed_pack):
    from quizapp.instructor.operations import delete_assignment

    _classroom_id, assignment_id = klass
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    form = answer_form(app, who["Ana"], lesson_id, seed_pack)
    with app.app_context():
        delete_assignment(db.session.get(Assignment, assignment_id))
    assert who["Ana"].post(f"/live/{lesson_id}/answer", form).status_code == 404
    assert who["Ana"].get(f"/live/{lesson_id}?part=main").status_code == 404
    assert teacher.get(f"/live/{lesson_id}/teach?part=main").status_code == 404
    assert step(teacher, app, lesson_id, "next", 1).status_code == 404
    assert "Join the live lesson" not in page_text(who["Ana"].get("/"))


def test_archiving_the_class_mid_lesson_closes_the_lesson_to_learners(
    app, teacher, klass, seed_pack
):
    """An archived class's quizzes are closed and hidden from its learners: its running lesson
    takes no more answers or learners and leaves their start page; the teacher may only end it
    (the answers given count), and no new lesson starts."""
    from quizapp.instructor.operations import archive_classroom
    from quizapp.models import Classroom

    classroom_id, assignment_id = klass
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    ana = who["Ana"]
    form = answer_form(app, ana, lesson_id, seed_pack)
    assert ana.post(f"/live/{lesson_id}/answer", form).status_code == 303
    with app.app_context():
        archive_classroom(db.session.get(Classroom, classroom_id))
    refused = ana.post(f"/live/{lesson_id}/answer", form)
    assert refused.status_code == 409 and "This live lesson has ended" in page_text(refused)
    assert "Join the live lesson" not in page_text(ana.get("/"))
    assert votes(app) == 1
    moved = step(teacher, app, lesson_id, "next")
    assert moved.status_code == 409 and "The quiz is archived" in page_text(moved)
    assert step(teacher, app, lesson_id, "end").status_code == 303
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.finished and attempt.score > 0
    again = start(teacher, assignment_id)
    assert again.status_code == 409 and "This class is archived" in page_text(again)


# -- display names, the join address, raced steps ---------------------------------------------

HOSTILE_NAMES = [
    '<img src=x onerror="alert(1)">',
    "</li><script>alert(2)</script>",
    "\u202eAna\u2066x",
]


def test_hostile_display_names_are_text_on_the_projector_and_the_leaderboard(
    app, teacher, teacher_id, seed_pack
):
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    for name in HOSTILE_NAMES:
        make_learner(app, classroom_id, name)
    teacher.get(f"/instructor/assignments/{assignment_id}")
    teacher.post(f"/assignments/{assignment_id}/live", {"leaderboard": "y"})
    with app.app_context():
        lesson_id = db.session.scalar(select(LiveLesson.id))
        stored = list(db.session.scalars(select(Learner.display_name)))
    for name in stored:
        learner = signed_in_learner(app, name)
        assert learner.get(f"/live/{lesson_id}").status_code == 200, name
    lobby = teacher.get(f"/live/{lesson_id}/teach").get_data(as_text=True)
    step(teacher, app, lesson_id, "next")
    step(teacher, app, lesson_id, "reveal")
    revealed = teacher.get(f"/live/{lesson_id}/teach").get_data(as_text=True)
    for page in (lobby, revealed):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "\u202e" not in page and "\u2066" not in page  # no bidi override reaches the wall
    assert "&lt;img src=x" in lobby and "&lt;/li&gt;&lt;script&gt;" in lobby
    assert "Leaderboard" in revealed


def projector_lobby(app, headers: dict) -> str:
    """The lobby of a live lesson a teacher starts, every request of her visit with `headers`."""
    teacher = TeacherBrowser(app.test_client())
    teacher.get("/instructor/sign-in", headers=headers)
    form = {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
    assert teacher.post("/instructor/sign-in", form, headers=headers).status_code == 303
    with app.app_context():
        assignment_id = db.session.scalar(select(Assignment.id))
    teacher.get(f"/instructor/assignments/{assignment_id}", headers=headers)
    started_ = teacher.post(f"/assignments/{assignment_id}/live", {}, headers=headers)
    assert started_.status_code == 303
    return page_html(teacher.get(started_.headers["Location"], headers=headers))


def test_the_join_address_on_the_projector_ignores_a_forged_host(tmp_path):
    with separate_app(tmp_path) as app:
        make_assignment(app, make_classroom(app, make_instructor(app)))
        honest = projector_lobby(app, {})
        assert "http://localhost/join/TESTC9" in honest and "<svg" in honest
        forged = projector_lobby(app, {"Host": EVIL})
        assert EVIL not in forged and "/join/TESTC9" not in forged and "<svg" not in forged
    public = "https://quiz.school.example"
    with separate_app(tmp_path, PUBLIC_URL=public) as app:
        make_assignment(app, make_classroom(app, make_instructor(app)))
        assert app.test_client().get("/", headers={"Host": EVIL}).status_code == 400
        lobby = projector_lobby(app, {"Host": "quiz.school.example"})
        assert f"{public}/join/TESTC9" in lobby and "<svg" in lobby


def test_every_step_sent_twice_moves_the_lesson_once(app, teacher, klass, seed_pack):
    lesson_id, _who = lesson_on_choice(app, teacher, klass, seed_pack)
    for action in ("close", "again", "close", "reveal", "next", "end"):
        shown = lesson_row(app, lesson_id)["revision"]
        assert step(teacher, app, lesson_id, action, shown).status_code == 303, action
        twice = step(teacher, app, lesson_id, action, shown)
        assert twice.status_code == 409, action
        assert lesson_row(app, lesson_id)["revision"] == shown + 1
    for hostile in ({"action": "next", "revision": "x"}, {"action": "<b>", "revision": "1"}, {}):
        assert teacher.post(f"/live/{lesson_id}/step", hostile).status_code == 400


HUGE = "9" * 50 + " trillion"
TINY = "0." + "0" * 56 + "1"


def test_the_largest_numbers_a_learner_may_type_are_charted_not_a_500(
    app, teacher, klass, seed_pack
):
    """The reveal bins the numbers the class gave: the largest a learner may type either way
    (60 characters) and the smallest above nothing still draw a chart."""
    classroom_id, assignment_id = klass
    names = ("Ana", "Ben", "Cleo")
    phones = {name: class_member(app, classroom_id, name) for name in names}
    lesson_id = started(teacher, assignment_id)
    for phone in phones.values():
        phone.get(f"/live/{lesson_id}")
    step(teacher, app, lesson_id, "next")
    while seed_pack.question(lesson_row(app, lesson_id)["question_id"]).type != "numeric":
        step(teacher, app, lesson_id, "next")
    for phone, number in zip(phones.values(), (HUGE, "-" + HUGE, TINY), strict=True):
        sent = phone.post(
            f"/live/{lesson_id}/answer", {**form_fields(phone, lesson_id), "answer": number}
        )
        assert sent.status_code == 303, number
    assert step(teacher, app, lesson_id, "reveal").status_code == 303
    revealed = teacher.get(f"/live/{lesson_id}/teach")
    assert revealed.status_code == 200, page_text(revealed)[-500:]
    assert "How the class answered" in page_text(revealed)
    assert re.search(r"\dE6\d", page_text(revealed))  # ranges of 10^62 written 1E62


def test_a_join_racing_the_end_is_refused_and_leaves_no_attempt_running(app, klass):
    """A phone joins as the teacher ends the lesson on another server: the join reads the
    lesson's row afresh, so no attempt starts in an ended lesson (it would never finish)."""
    from quizapp.live import operations
    from quizapp.live.operations import LiveRefused

    classroom_id, assignment_id = klass
    learner_id = make_learner(app, classroom_id, "Ana")
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        lesson = operations.start_lesson(assignment, assignment.classroom.instructor)
        seen_before_the_end = db.session.get(LiveLesson, lesson.id)
        with app.app_context():  # the other server
            operations.step(lesson.id, "end", db.session.get(LiveLesson, lesson.id).revision)
        with pytest.raises(LiveRefused):
            operations.join(seen_before_the_end, db.session.get(Learner, learner_id))
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id))) == 0


def test_a_lesson_ending_while_a_joiners_attempt_starts_finishes_that_attempt(
    app, klass, monkeypatch
):
    """The teacher's "end" lands between the joiner's attempt starting and their seat being
    taken: the join is refused and the attempt does not run on in an ended lesson."""
    from quizapp.live import operations
    from quizapp.live.operations import LiveRefused

    classroom_id, assignment_id = klass
    learner_id = make_learner(app, classroom_id, "Ana")
    starting = operations.start_attempt

    def start_then_end(*args, **kwargs):
        attempt = starting(*args, **kwargs)
        with app.app_context():  # the other server
            lesson = db.session.scalar(select(LiveLesson))
            operations.step(lesson.id, "end", lesson.revision)
        return attempt

    monkeypatch.setattr(operations, "start_attempt", start_then_end)
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        lesson = operations.start_lesson(assignment, assignment.classroom.instructor)
        with pytest.raises(LiveRefused):
            operations.join(lesson, db.session.get(Learner, learner_id))
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.finished and attempt.feedback_mode == "live"
        assert db.session.scalar(select(func.count(LiveSeat.id))) == 0


def test_a_colleagues_copy_of_the_withheld_pack_cannot_be_run_live_either(
    app, withholding, other_teacher, other_teacher_id
):
    """A copy holds the same key: the colleague's copy, published and assigned with feedback
    after a later close, starts no live lesson while the original is withheld."""
    from factories import make_pack_version

    from quizapp.authoring.operations import copy_pack

    with app.app_context():
        copy_id = copy_pack(stored_pack(SEED_PACK), other_teacher_id).id
    make_pack_version(app, copy_id)
    with app.app_context():
        slug = db.session.get(StoredPack, copy_id).slug
        later = withheld_until(SEED_PACK) + dt.timedelta(days=1)
    classroom_id = make_classroom(app, other_teacher_id, code="OTHER7")
    own = make_assignment(app, classroom_id, slug, feedback_mode="after_close", closes_at=later)
    refused = start(other_teacher, own)
    assert refused.status_code == 409
    assert "Another class is taking this quiz" in page_text(refused)


def test_a_second_lesson_on_the_same_assignment_scores_apart_from_the_first(
    app, teacher, klass, seed_pack
):
    """After the first lesson ended, a second one on the same assignment gives each learner a
    new attempt; the first lesson's attempt, votes and summary stay as they were."""
    lesson_id, who = lesson_on_choice(app, teacher, klass, seed_pack)
    ana = who["Ana"]
    form = answer_form(app, ana, lesson_id, seed_pack)
    assert ana.post(f"/live/{lesson_id}/answer", form).status_code == 303
    step(teacher, app, lesson_id, "end")
    summary = page_text(teacher.get(f"/live/{lesson_id}/teach"))
    second_id = started(teacher, klass[1])
    assert second_id != lesson_id
    assert ana.get(f"/live/{second_id}").status_code == 200
    assert ana.post(f"/live/{lesson_id}/answer", form).status_code == 409  # the first has ended
    step(teacher, app, second_id, "next")
    step(teacher, app, second_id, "end")
    with app.app_context():
        attempts = list(db.session.scalars(select(Attempt).order_by(Attempt.id)))
        assert [a.finished for a in attempts] == [True, True]
        assert attempts[0].score > 0 and attempts[1].score == 0
    assert page_text(teacher.get(f"/live/{lesson_id}/teach")) == summary
    assert votes(app, lesson_id=lesson_id) == 1 and votes(app, lesson_id=second_id) == 0
