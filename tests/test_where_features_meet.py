"""Where features meet: the results page's kept rows with typed answers, pack versions, a
withheld quiz and the evidence setting; the page's language per request in one worker; the NUL
refusal with bodies that are no form and with uploads; a live attempt's summary page; an
archived class and a live lesson."""

import io
import re

import factories
from pages import page_html

from quizapp import views
from quizapp.extensions import db
from quizapp.models import Attempt, Response


def _results(app, browser, code, name, attempt_id):
    browser.sign_in(code, name)
    return page_html(browser.get(f"/attempts/{attempt_id}/results"))


# -- the results page's kept rows ------------------------------------------------------------------


def _typed_question(pack):
    return next(q for q in pack.questions if q.type == "short_text")


def test_a_typed_answer_holding_the_row_stand_ins_is_shown_as_typed(
    app, new_learner_browser, seed_pack
):
    """A kept row gets its position and the attempt's id put in each time it is drawn: only in
    its own places, never inside what the learner typed, even text like the stand-ins'."""
    question = _typed_question(seed_pack)
    classroom_id = factories.make_classroom(app, factories.make_instructor(app), code="SLOT42")
    assignment_id = factories.make_assignment(app, classroom_id, feedback_mode="immediate")
    learner_id = factories.make_learner(app, classroom_id, "Ana")
    attempt_id = factories.make_attempt(app, learner_id, assignment_id, finish=True)
    typed = f"x {views._POSITION_SLOT} {views._ATTEMPT_SLOT} y"
    with app.app_context():
        response = db.session.scalar(
            db.select(Response).filter_by(attempt_id=attempt_id, question_id=question.id)
        )
        response.answer = typed
        db.session.commit()
    page = _results(app, new_learner_browser(), "SLOT42", "Ana", attempt_id)
    assert typed in page, re.findall(r"x [^<]{0,60} y", page)


def test_rows_follow_the_version_each_attempt_is_pinned_to_through_a_move(
    app, teacher, teacher_id, new_learner_browser, seed_pack
):
    """Version 2 makes Ben's wrong answer right and rewrites FRIEND's explanation. Dana (another
    class, on version 2) gives Ben's answer; Ben's page (version 1) and Dana's (version 2) are each
    drawn after the other's has kept its rows; after the teacher moves Ben's assignment to
    version 2, his page shows version 2's verdict and explanation."""
    from test_pack_versions import FRIEND, answer_of, make_right, publish_edit, question_data

    explained = "Explained anew in version 2."
    old_explanation = seed_pack.question(FRIEND).explanation["en"]
    first = factories.make_classroom(app, teacher_id, code="VERS01")
    second = factories.make_classroom(app, teacher_id, code="VERS02")
    assignment_id = factories.make_assignment(app, first, feedback_mode="immediate")
    ben = factories.make_attempt(
        app,
        factories.make_learner(app, first, "Ben"),
        assignment_id,
        answers=lambda _p, q: q.id != FRIEND,
    )
    ben_answer = answer_of(app, ben)

    def edit(data):
        make_right(ben_answer)(data)
        question_data(data, FRIEND)["explanation"]["en"] = explained

    assert publish_edit(app, edit) == 2
    later = factories.make_assignment(app, second, feedback_mode="immediate")
    dana = factories.make_attempt(
        app,
        factories.make_learner(app, second, "Dana"),
        later,
        answers=lambda _p, q: {"answer": ben_answer} if q.id == FRIEND else True,
    )

    def friend_card(code, name, attempt_id):
        page = _results(app, new_learner_browser(), code, name, attempt_id)
        cards = dict(re.findall(r'<li class="card" id="question-(\d+)">(.*?)</li>', page, re.S))
        return next(card for card in cards.values() if f'id="feedback-{FRIEND}"' in card)

    for _ in range(2):
        ben_card, dana_card = friend_card("VERS01", "Ben", ben), friend_card("VERS02", "Dana", dana)
        assert "Not right" in ben_card and old_explanation in ben_card
        assert explained not in ben_card
        assert "Not right" not in dana_card and explained in dana_card
    with app.app_context():
        version_one = db.session.scalar(db.select(Attempt.pack_version_id).where(Attempt.id == ben))
    moved = teacher.post(
        f"/instructor/assignments/{assignment_id}/versions/2", {"from": version_one}
    )
    assert moved.status_code == 303
    ben_card = friend_card("VERS01", "Ben", ben)
    assert "Not right" not in ben_card and explained in ben_card


def test_a_withheld_quiz_shows_no_kept_row_before_it_closes(app, teacher_id, new_learner_browser):
    """Ana's immediate quiz keeps every row of the pack; Ben's quiz of the same version shows the
    answers only after its close: his results page shows none of them meanwhile."""
    import datetime as dt

    from quizapp.constants import FeedbackMode
    from quizapp.models import utcnow

    open_class = factories.make_classroom(app, teacher_id, code="OPEN01")
    shut_class = factories.make_classroom(app, teacher_id, code="SHUT01")
    shown = factories.make_assignment(app, open_class, feedback_mode="immediate")
    withheld = factories.make_assignment(
        app,
        shut_class,
        feedback_mode=FeedbackMode.AFTER_CLOSE,
        closes_at=utcnow() + dt.timedelta(days=1),
    )
    ana = factories.make_attempt(app, factories.make_learner(app, open_class, "Ana"), shown)
    ben = factories.make_attempt(
        app,
        factories.make_learner(app, shut_class, "Ben"),
        withheld,
        answers=lambda position, _q: position % 2 == 0,
    )
    ana_page = _results(app, new_learner_browser(), "OPEN01", "Ana", ana)
    assert "The right answer" in ana_page or "Right" in ana_page
    ben_page = _results(app, new_learner_browser(), "SHUT01", "Ben", ben)
    for revealing in (
        'class="card" id="question-',
        "Why",
        "Your answer</strong>",
        "Right</span>",
        "You missed",
    ):
        assert revealing not in ben_page, revealing


# -- the page's language ---------------------------------------------------------------------------


def test_a_teachers_german_page_after_a_learners_english_one_and_back(
    app, teacher, teacher_id, new_learner_browser
):
    """One worker draws Ana's results in English, then the teacher's review of her attempt in
    German, then Ana's in German and the teacher's in English: each page in its own language."""
    classroom_id = factories.make_classroom(app, teacher_id, code="LANG01")
    assignment_id = factories.make_assignment(app, classroom_id, feedback_mode="immediate")
    ana = factories.make_attempt(
        app,
        factories.make_learner(app, classroom_id, "Ana"),
        assignment_id,
        answers=[False],
        finish=True,
    )
    learner = new_learner_browser()
    learner.sign_in("LANG01", "Ana")
    for learner_language, teacher_language in (("en", "de"), ("de", "en"), ("en", "de")):
        learner.post("/language", {"language": learner_language, "next": "/"})
        teacher.post("/language", {"language": teacher_language, "next": "/"})
        mine = page_html(learner.get(f"/attempts/{ana}/results"))
        theirs = page_html(teacher.get(f"/instructor/attempts/{ana}"))
        assert f'<html lang="{learner_language}">' in mine
        assert f'<html lang="{teacher_language}">' in theirs
        words = {"en": "Not right", "de": "Nicht richtig"}
        assert words[learner_language] in mine and words[teacher_language] not in mine
        assert words[teacher_language] in theirs and words[learner_language] not in theirs


# -- the NUL refusal -------------------------------------------------------------------------------


def test_nul_in_bodies_without_a_form_reaches_no_500(app, new_learner_browser):
    """A body without a Content-Type, a JSON body and a chunked form body holding NUL: none is a
    form the views read, so each is answered as an empty form is (never a 500)."""
    client = app.test_client()
    assert client.get("/join").status_code == 200
    for kwargs in (
        {"data": b"code=A\x00"},
        {"json": {"code": "A\x00"}},
        {
            "data": io.BytesIO(b"code=A%00"),
            "content_type": "application/x-www-form-urlencoded",
            "headers": {"Transfer-Encoding": "chunked"},
        },
    ):
        response = client.post("/join", **kwargs)
        assert response.status_code < 500, (kwargs, response.status_code)


def test_an_uploaded_question_file_with_nul_reaches_no_500(app, teacher):
    """The NUL check reads form fields, not uploaded files: a GIFT file whose text and name hold
    a NUL is imported without it or refused with a 4xx, never a 500 (PostgreSQL refuses NUL in
    text), and no NUL is stored."""
    gift = b"::hauptstadt:: Minsk ist die\x00 Hauptstadt. {T####Ja.}"
    response = teacher.post(
        "/instructor/packs/import",
        {"language": "de", "upload": (io.BytesIO(gift), "bank\x00.gift")},
        content_type="multipart/form-data",
    )
    assert response.status_code < 500, response.status_code
    with app.app_context():
        from quizapp.models import StoredPack

        for stored in db.session.scalars(db.select(StoredPack)):
            assert "\x00" not in repr(stored.draft) and "\x00" not in stored.slug


# -- live lessons ----------------------------------------------------------------------------------


def test_a_live_attempt_in_no_lesson_does_not_redirect_to_itself(
    app, teacher_id, new_learner_browser
):
    """A live attempt's summary page leads to its lesson; one in no lesson (a join cut off
    between its two commits) stays on the summary instead of sending the browser to itself."""
    classroom_id = factories.make_classroom(app, teacher_id, code="LIVE01")
    assignment_id = factories.make_assignment(app, classroom_id)
    attempt_id = factories.make_attempt(
        app,
        factories.make_learner(app, classroom_id, "Ana"),
        assignment_id,
        answers=[True],
        feedback_mode="live",
    )
    learner = new_learner_browser()
    learner.sign_in("LIVE01", "Ana")
    url = f"/attempts/{attempt_id}/summary"
    response = learner.get(url)
    assert not (
        response.status_code in (301, 302, 303) and response.headers["Location"].endswith(url)
    )


def test_an_archived_class_refuses_a_live_lesson_from_its_assignments_page_too(
    app, teacher, teacher_id
):
    """A quiz restored alone in an archived class starts no live lesson either: 409 and
    nothing stored."""
    from quizapp.models import LiveLesson

    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(app, classroom_id)
    assert teacher.post(f"/instructor/classrooms/{classroom_id}/archive").status_code == 303
    assert teacher.post(f"/instructor/assignments/{assignment_id}/restore").status_code in (
        302,
        303,
    )
    teacher.get(f"/instructor/assignments/{assignment_id}")
    response = teacher.post(f"/assignments/{assignment_id}/live")
    assert response.status_code == 409, response.status_code
    with app.app_context():
        assert db.session.scalars(db.select(LiveLesson)).all() == []


def test_a_typed_answer_with_markup_is_shown_escaped_in_every_kept_row(
    app, new_learner_browser, seed_pack
):
    question = _typed_question(seed_pack)
    classroom_id = factories.make_classroom(app, factories.make_instructor(app), code="HTML42")
    assignment_id = factories.make_assignment(app, classroom_id, feedback_mode="immediate")
    typed = '<b onmouseover="x()">Minsk</b> & 1'
    attempts = {}
    for name in ("Ana", "Ben"):
        attempt_id = factories.make_attempt(
            app, factories.make_learner(app, classroom_id, name), assignment_id, finish=True
        )
        with app.app_context():
            response = db.session.scalar(
                db.select(Response).filter_by(attempt_id=attempt_id, question_id=question.id)
            )
            response.answer = typed
            db.session.commit()
        attempts[name] = attempt_id
    for name, attempt_id in attempts.items():
        browser = new_learner_browser()
        browser.sign_in("HTML42", name)
        page = browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
        assert "<b onmouseover" not in page
        assert "&lt;b onmouseover=&#34;x()&#34;&gt;Minsk&lt;/b&gt; &amp; 1" in page
        assert f"attempt={attempt_id}#" in page


def test_the_evidence_rows_follow_the_assignments_setting_when_the_page_is_drawn(
    app, teacher_id, seed_pack
):
    """Ana marks the evidence; the teacher then stops asking for it: her results page no longer
    shows it, and showing it again brings it back (the kept rows of both states side by side)."""
    from answers import right_form
    from pages import class_member

    from quizapp.constants import FeedbackMode
    from quizapp.evidence import evidence_text
    from quizapp.models import Assignment

    klass_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(
        app, klass_id, feedback_mode=FeedbackMode.AFTER_ATTEMPT, evidence_share=1.0
    )
    question = seed_pack.questions[0]
    proving = evidence_text(seed_pack, question, "en").proving[0].id
    browser = class_member(app, klass_id, "Ana")
    attempt_id = browser.start_assignment(assignment_id)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.question_order = [q.id for q in seed_pack.questions]
        db.session.commit()
    browser.answer(attempt_id, 1, **right_form(question))
    url = f"/attempts/{attempt_id}/questions/1/evidence"
    assert browser.post(url, {"sentence": proving}).status_code == 303
    factories.answer_questions(app, attempt_id, range(2, len(seed_pack.questions) + 1))
    assert browser.post(f"/attempts/{attempt_id}/submit").status_code == 303
    for share, shown in ((1.0, True), (0.0, False), (1.0, True)):
        with app.app_context():
            db.session.get(Assignment, assignment_id).evidence_share = share
            db.session.commit()
        page = page_html(browser.get(f"/attempts/{attempt_id}/results"))
        assert ("You found the evidence" in page) == shown, share
