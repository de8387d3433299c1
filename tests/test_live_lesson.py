"""The live lesson through its pages: the teacher starts it from the assignment (or from the
class's page with a quiz of their choice), steps through the questions, learners answer on their phones, the reveal shows the class's answers and the
quote, and the results land in the dashboard; conditional GETs answer 304 unrendered."""

import csv
import datetime as dt
import io
import re

import pytest
from factories import (
    SEED_PACK,
    make_assignment,
    make_attempt,
    make_classroom,
    make_learner,
    make_pack,
    make_pack_version,
)
from flask import template_rendered
from pages import class_member, page_html, page_text
from sqlalchemy import event

from quizapp.constants import FeedbackMode
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, LiveLesson, LiveVote, Response, utcnow


@pytest.fixture
def lesson_world(app, teacher, teacher_id):
    """A class with an assignment of the seed pack, and two learners signed in."""
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    return classroom_id, assignment_id


def start(teacher, assignment_id: int, **settings) -> int:
    teacher.get(f"/instructor/assignments/{assignment_id}")
    response = teacher.post(f"/assignments/{assignment_id}/live", settings)
    assert response.status_code == 303, page_text(response)[-2000:]
    return int(re.search(r"/live/(\d+)/teach", response.headers["Location"]).group(1))


def revision(app, lesson_id: int) -> int:
    with app.app_context():
        return db.session.get(LiveLesson, lesson_id).revision


def step(teacher, app, lesson_id: int, action: str, rev: int | None = None):
    rev = revision(app, lesson_id) if rev is None else rev
    teacher.get(f"/live/{lesson_id}/teach")
    return teacher.post(f"/live/{lesson_id}/step", {"action": action, "revision": rev})


def answer_form(app, learner, lesson_id: int, seed_pack, right: bool = True) -> dict:
    page = learner.get(f"/live/{lesson_id}").get_data(as_text=True)
    key = re.search(r'name="question" value="([^"]+)"', page).group(1)
    position = re.search(r'name="position" value="(\d+)"', page).group(1)
    round_ = re.search(r'name="round" value="(\d+)"', page).group(1)
    with app.app_context():
        question_id = db.session.get(LiveLesson, lesson_id).question_id
    question = seed_pack.question(question_id)
    fields = question_type(question.type).sample_form(question, right)
    return {**fields, "question": key, "position": position, "round": round_}


def ana_in_lesson(app, teacher, lesson_world, opened: bool = True):
    """Ana, a class member, in a lesson the teacher started (on its first question if
    `opened`): (her browser, the lesson's id)."""
    classroom_id, assignment_id = lesson_world
    ana = class_member(app, classroom_id, "Ana")
    lesson_id = start(teacher, assignment_id)
    ana.get(f"/live/{lesson_id}")
    if opened:
        step(teacher, app, lesson_id, "next")
    return ana, lesson_id


def test_a_lesson_from_lobby_to_end(app, teacher, lesson_world, seed_pack):
    classroom_id, assignment_id = lesson_world
    ana = class_member(app, classroom_id, "Ana")
    lesson_id = start(teacher, assignment_id)
    lobby = teacher.get(f"/live/{lesson_id}/teach")
    assert lobby.status_code == 200 and "TESTC9" in page_text(lobby)
    assert ana.get(f"/live/{lesson_id}").status_code == 200
    assert "Ana" in page_text(teacher.get(f"/live/{lesson_id}/teach"))
    assert step(teacher, app, lesson_id, "next").status_code == 303
    form = answer_form(app, ana, lesson_id, seed_pack)
    sent = ana.post(f"/live/{lesson_id}/answer", form)
    assert sent.status_code == 303, page_text(sent)[-2000:]
    assert "Your answer is sent" in page_text(ana.get(f"/live/{lesson_id}"))
    assert step(teacher, app, lesson_id, "close").status_code == 303
    late = ana.post(f"/live/{lesson_id}/answer", form)
    assert late.status_code == 409
    assert step(teacher, app, lesson_id, "reveal").status_code == 303
    revealed = teacher.get(f"/live/{lesson_id}/teach")
    assert "How the class answered" in page_text(revealed)
    assert "<svg" in revealed.get_data(as_text=True)
    assert step(teacher, app, lesson_id, "end").status_code == 303
    assert "The lesson has ended" in page_text(ana.get(f"/live/{lesson_id}"))


def test_the_assignment_page_offers_a_live_lesson_with_both_options_off(app, teacher, lesson_world):
    _classroom_id, assignment_id = lesson_world
    page = teacher.get(f"/instructor/assignments/{assignment_id}").get_data(as_text=True)
    assert "Start a live lesson" in page
    assert 'name="speed_bonus"' in page and 'name="leaderboard"' in page
    assert "checked" not in re.search(r"<form[^>]*live-start.*?</form>", page, re.S).group(0)
    lesson_id = start(teacher, assignment_id)
    assert start(teacher, assignment_id, speed_bonus="y") == lesson_id  # resumes the running one
    with app.app_context():
        lesson = db.session.get(LiveLesson, lesson_id)
        assert not lesson.speed_bonus and not lesson.leaderboard


def test_a_double_click_on_next_answers_409_and_skips_nothing(app, teacher, lesson_world):
    _classroom_id, assignment_id = lesson_world
    lesson_id = start(teacher, assignment_id)
    shown = revision(app, lesson_id)
    assert step(teacher, app, lesson_id, "next", shown).status_code == 303
    second = step(teacher, app, lesson_id, "next", shown)
    assert second.status_code == 409
    assert "Nothing was changed" in page_text(second)
    with app.app_context():
        assert db.session.get(LiveLesson, lesson_id).position == 1
    assert step(teacher, app, lesson_id, "jump").status_code == 400


def test_the_teacher_page_shows_no_answer_before_the_reveal(app, teacher, lesson_world, seed_pack):
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    with app.app_context():
        question = seed_pack.question(db.session.get(LiveLesson, lesson_id).question_id)
    ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
    shown = page_text(teacher.get(f"/live/{lesson_id}/teach"))
    assert "1 of 1 has answered" in shown
    assert "The right answer" not in shown and "How the class answered" not in shown
    assert question.quotes[0].text[:40] not in shown
    step(teacher, app, lesson_id, "close")
    assert "The right answer" not in page_text(teacher.get(f"/live/{lesson_id}/teach"))
    step(teacher, app, lesson_id, "reveal")
    revealed = teacher.get(f"/live/{lesson_id}/teach")
    assert "The right answer" in page_text(revealed)
    assert "<mark" in revealed.get_data(as_text=True)  # the quote highlighted in its paragraph


def test_a_second_vote_is_shown_beside_the_first(app, teacher, lesson_world, seed_pack):
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    first = answer_form(app, ana, lesson_id, seed_pack, right=False)
    ana.post(f"/live/{lesson_id}/answer", first)
    step(teacher, app, lesson_id, "close")
    step(teacher, app, lesson_id, "again")
    second = ana.get(f"/live/{lesson_id}")
    assert "Vote again" in page_text(second) and "Your answer is sent" not in page_text(second)
    assert f'value="{first["answer"]}"' in page_html(second)  # the first vote, to keep or change
    ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
    step(teacher, app, lesson_id, "reveal")
    teacher_page = teacher.get(f"/live/{lesson_id}/teach").get_data(as_text=True)
    assert (
        'id="live-first-vote-title"' in teacher_page
        and 'id="live-second-vote-title"' in teacher_page
    )
    assert "First vote" in teacher_page and "Second vote" in teacher_page
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", teacher_page)
    assert captions == ["First vote", "Second vote"]  # which chart is which, on the wall too
    learner_page = page_text(ana.get(f"/live/{lesson_id}"))
    assert (
        "First vote" in learner_page and "Second vote" in learner_page and "Right" in learner_page
    )


def test_an_answer_after_close_answers_409_and_changes_nothing(
    app, teacher, lesson_world, seed_pack
):
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    form = answer_form(app, ana, lesson_id, seed_pack)
    step(teacher, app, lesson_id, "close")
    with app.app_context():
        before = db.session.scalar(db.select(db.func.count(LiveVote.id)))
    refused = ana.post(f"/live/{lesson_id}/answer", form)
    assert refused.status_code == 409
    assert "The teacher closed this question before your answer arrived" in page_text(refused)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(LiveVote.id))) == before == 0
        assert db.session.scalar(db.select(db.func.count(Response.id))) == 0


def test_every_question_type_is_answered_on_the_phone_page(app, teacher, lesson_world, seed_pack):
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world, opened=False)
    kinds = set()
    with app.app_context():
        order = db.session.get(LiveLesson, lesson_id).question_order
    for question_id in order:
        step(teacher, app, lesson_id, "next")
        kind = seed_pack.question(question_id).type
        if kind in kinds:
            continue
        kinds.add(kind)
        page = ana.get(f"/live/{lesson_id}").get_data(as_text=True)
        assert f'action="/live/{lesson_id}/answer"' in page
        sent = ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
        assert sent.status_code == 303, (kind, page_text(sent)[-500:])
        assert "Your answer is sent" in page_text(ana.get(f"/live/{lesson_id}"))
    assert len(kinds) == 7


def test_an_unreadable_answer_is_asked_again_with_what_was_typed(app, teacher, lesson_world):
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world, opened=False)
    step(teacher, app, lesson_id, "next")  # the seed pack's first question is numeric
    page = ana.get(f"/live/{lesson_id}").get_data(as_text=True)
    fields = {
        name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1)
        for name in ("question", "position", "round")
    }
    asked = ana.post(f"/live/{lesson_id}/answer", {**fields, "answer": "lots"})
    assert asked.status_code == 422
    assert 'role="alert"' in asked.get_data(as_text=True) and 'value="lots"' in page_html(asked)


def test_the_results_land_in_the_dashboard_and_the_export_with_both_votes(
    app, teacher, lesson_world, seed_pack
):
    _classroom_id, assignment_id = lesson_world
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    first = answer_form(app, ana, lesson_id, seed_pack, right=False)
    ana.post(f"/live/{lesson_id}/answer", first)
    step(teacher, app, lesson_id, "close")
    step(teacher, app, lesson_id, "again")
    ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
    step(teacher, app, lesson_id, "reveal")
    step(teacher, app, lesson_id, "end")
    dashboard = page_text(teacher.get(f"/instructor/assignments/{assignment_id}"))
    assert "Finished: 1" in dashboard
    export = teacher.get(
        f"/instructor/assignments/{assignment_id}/export?what=responses&format=csv"
    ).get_data(as_text=True)
    header, row = export.splitlines()[:2]
    assert header.rstrip().endswith("First vote")
    assert row.split(",")[-1].strip() == first["answer"].strip()
    ended = page_text(ana.get(f"/live/{lesson_id}"))
    assert "The lesson has ended" in ended and "See your results" in ended
    summary = page_text(teacher.get(f"/live/{lesson_id}/teach"))
    assert "0 of 1 right" in summary and "1 of 1 right" in summary  # first vote, second vote
    assignment_page = teacher.get(f"/instructor/assignments/{assignment_id}")
    assert f'href="/live/{lesson_id}/teach"' in assignment_page.get_data(as_text=True)


def test_the_export_says_a_live_attempt_was_not_asked_for_the_evidence(
    app, teacher, teacher_id, seed_pack
):
    """Where the assignment asks for the evidence, a live attempt's evidence cells stay empty
    (not asked, as for an assignment without evidence), never "Not marked"."""
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id, evidence_share=0.5)
    ana, lesson_id = ana_in_lesson(app, teacher, (classroom_id, assignment_id))
    ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
    step(teacher, app, lesson_id, "end")
    export = teacher.get(
        f"/instructor/assignments/{assignment_id}/export?what=responses&format=csv"
    ).get_data(as_text=True)
    header, *rows = list(csv.reader(io.StringIO(export)))
    assert "Not marked" not in export and "Found" not in export
    found_column = next(i for i, name in enumerate(header) if "found" in name.lower())
    assert rows and all(row[found_column] == "" for row in rows)


def test_the_learner_start_page_links_the_running_lesson(app, teacher, lesson_world):
    classroom_id, assignment_id = lesson_world
    ana = class_member(app, classroom_id, "Ana")
    assert "Join the live lesson" not in page_text(ana.get("/"))
    lesson_id = start(teacher, assignment_id)
    assert f'href="/live/{lesson_id}"' in ana.get("/").get_data(as_text=True)
    step(teacher, app, lesson_id, "end")
    assert "Join the live lesson" not in page_text(ana.get("/"))


def test_strangers_get_404_and_the_signed_out_are_sent_to_sign_in(app, teacher, lesson_world):
    from factories import OTHER_EMAIL, OTHER_PASSWORD, make_instructor
    from pages import TeacherBrowser

    _classroom_id, assignment_id = lesson_world
    lesson_id = start(teacher, assignment_id)
    other_id = make_instructor(app, OTHER_EMAIL, OTHER_PASSWORD)
    other = TeacherBrowser(app.test_client())
    other.sign_in(OTHER_EMAIL, OTHER_PASSWORD)
    stranger = class_member(app, make_classroom(app, other_id, "Other", "OTHER7"), "Ben", "OTHER7")
    for url in (f"/live/{lesson_id}/teach", f"/live/{lesson_id}"):
        assert other.get(url).status_code == 404
        assert stranger.get(url).status_code == 404
    assert teacher.get(f"/live/{lesson_id}").status_code == 404  # the teacher has no phone seat
    assert other.post(f"/assignments/{assignment_id}/live").status_code == 404
    signed_out = app.test_client()
    assert "/instructor/sign-in" in signed_out.get(f"/live/{lesson_id}/teach").location
    assert "/sign-in" in signed_out.get(f"/live/{lesson_id}").location


def test_an_unchanged_poll_answers_304_without_rendering(app, teacher, lesson_world, seed_pack):
    classroom_id, assignment_id = lesson_world
    ana = class_member(app, classroom_id, "Ana")
    lesson_id = start(teacher, assignment_id)
    rendered = []

    def note(sender, template, **context):
        rendered.append(template)

    for browser, url in ((teacher, f"/live/{lesson_id}/teach"), (ana, f"/live/{lesson_id}")):
        first = browser.get(url + "?part=main")
        assert first.status_code == 200 and first.headers["ETag"]
        fragment = first.get_data(as_text=True)
        assert 'id="live-news"' in fragment and "<html" not in fragment
        with template_rendered.connected_to(note):
            again = browser.get(
                url + "?part=main", headers={"If-None-Match": first.headers["ETag"]}
            )
        assert again.status_code == 304 and again.get_data() == b"" and rendered == []
        assert again.headers["ETag"] == first.headers["ETag"]
    full = ana.get(f"/live/{lesson_id}").get_data(as_text=True)
    assert f'data-live-poll="/live/{lesson_id}?part=main"' in full
    assert '<meta http-equiv="refresh" content="5">' in full  # waiting, without JavaScript
    assert "Check for the next question" in full
    poll = ana.get(f"/live/{lesson_id}?part=main")
    step(teacher, app, lesson_id, "next")
    moved = ana.get(f"/live/{lesson_id}?part=main", headers={"If-None-Match": poll.headers["ETag"]})
    assert moved.status_code == 200 and "Question 1 of" in page_text(moved)
    assert 'http-equiv="refresh"' not in moved.get_data(as_text=True)  # a question is open
    assert re.search(
        r'<p id="live-news" hidden>Question 1 of \d+</p>', moved.get_data(as_text=True)
    )


def test_the_lesson_speaks_german(app, teacher, lesson_world, seed_pack):
    classroom_id, assignment_id = lesson_world
    ana = class_member(app, classroom_id, "Ana")
    lesson_id = start(teacher, assignment_id)
    ana.post("/language", {"language": "de", "next": "/"})
    teacher.post("/language", {"language": "de", "next": "/"})
    ana.get(f"/live/{lesson_id}")
    waiting = page_text(ana.get(f"/live/{lesson_id}"))
    assert "Du bist in der Live-Stunde" in waiting
    step(teacher, app, lesson_id, "next")
    form = answer_form(app, ana, lesson_id, seed_pack)
    step(teacher, app, lesson_id, "close")
    refused = ana.post(f"/live/{lesson_id}/answer", form)
    assert refused.status_code == 409 and "nicht gezählt" in page_text(refused)
    assert "Antworten sind geschlossen" in page_text(teacher.get(f"/live/{lesson_id}/teach"))


def test_the_pages_hand_live_js_their_notices_in_the_page_s_language(app, teacher, lesson_world):
    """live.js says its notices (answer not sent, show the question, offline) in the words the
    page gives it: gettext's, German on a German page."""
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    english = page_html(ana.get(f"/live/{lesson_id}"))
    assert 'data-live-unsent="The teacher has moved on: your answer was not sent."' in english
    assert 'data-live-show="Show the current question"' in english
    assert 'data-live-offline="No connection: your answer is kept on this page.' in english
    ana.post("/language", {"language": "de", "next": "/"})
    teacher.post("/language", {"language": "de", "next": "/"})
    german = page_html(ana.get(f"/live/{lesson_id}"))
    assert 'data-live-unsent="Die Lehrkraft ist weitergegangen:' in german
    assert 'data-live-show="Aktuelle Frage zeigen"' in german
    assert 'data-live-offline="Keine Verbindung: Deine Antwort bleibt' in german
    projector = page_html(teacher.get(f"/live/{lesson_id}/teach"))
    assert 'data-live-offline="Keine Verbindung: Es wurde nichts gesendet.' in projector


def test_an_ended_lesson_s_fragment_tells_live_js_to_stop_polling(app, teacher, lesson_world):
    """Only the ended lesson's fragments (both pages) carry data-live-ended, which live.js reads
    as "nothing more will change": an open tab stops asking."""
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    pages = (f"/live/{lesson_id}?part=main", f"/live/{lesson_id}/teach?part=main")
    assert "data-live-ended" not in page_html(ana.get(pages[0]))
    assert "data-live-ended" not in page_html(teacher.get(pages[1]))
    step(teacher, app, lesson_id, "end")
    assert "data-live-ended" in page_html(ana.get(pages[0]))
    assert "data-live-ended" in page_html(teacher.get(pages[1]))
    with open(app.static_folder + "/live.js", encoding="utf-8") as script:
        assert 'querySelector("[data-live-ended]")' in script.read()


def test_the_projector_shows_the_prompt_whole_and_the_right_answer_before_the_chart(
    app, teacher, lesson_world, seed_pack
):
    """The prompt has its own style (words never broken anywhere, hyphenated in its language),
    not the join address's; the reveal puts the right answer and the chart before the
    explanation, the quote and the table of counts, and drops the answered count."""
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
    open_page = page_html(teacher.get(f"/live/{lesson_id}/teach"))
    assert '<p class="question-prompt live-prompt" lang="en">' in open_page
    assert "projector-url" not in open_page
    step(teacher, app, lesson_id, "reveal")
    revealed = page_html(teacher.get(f"/live/{lesson_id}/teach"))
    order = [
        revealed.index(marker)
        for marker in ('class="live-answer"', 'class="live-charts"', 'class="live-grounding"')
    ]
    assert order == sorted(order) and order[-1] < revealed.index('class="live-tally"')
    assert "has answered" not in revealed and 'class="projector projector-revealed"' in revealed
    css = teacher.get("/static/quizapp.css").get_data(as_text=True)
    prompt_rule = re.search(r"\.live-prompt \{([^}]*)\}", css).group(1)
    assert "hyphens: auto" in prompt_rule and "break-all" not in prompt_rule


def test_a_lesson_of_a_german_only_assignment_is_in_german(app, teacher, teacher_id, seed_pack):
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id, languages=["de"])
    ana = class_member(app, classroom_id, "Ana")
    lesson_id = start(teacher, assignment_id)
    step(teacher, app, lesson_id, "next")
    page = ana.get(f"/live/{lesson_id}?part=main")
    with app.app_context():
        question = seed_pack.question(db.session.get(LiveLesson, lesson_id).question_id)
    assert question.prompt["de"] in page_html(page) and "Meine Antwort senden" in page_text(page)
    full = ana.get(f"/live/{lesson_id}").get_data(as_text=True)
    assert '<html lang="de">' in full


def test_the_quiz_pages_lead_to_the_lesson_and_never_finish_its_attempt(
    app, teacher, lesson_world, seed_pack
):
    """The start page's "Continue this quiz", a question's page, the summary and "Submit all"
    lead a learner in a running lesson to the lesson's page; the attempt runs on and her answer
    still counts."""
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    form = answer_form(app, ana, lesson_id, seed_pack)
    with app.app_context():
        attempt_id = db.session.scalar(db.select(Attempt.id))
    start_page = ana.get("/").get_data(as_text=True)
    assert f'action="/attempts/{attempt_id}"' in start_page
    lesson_url = f"/live/{lesson_id}"
    assert ana.get(f"/attempts/{attempt_id}").location == lesson_url
    assert ana.get(f"/attempts/{attempt_id}/questions/1").location == lesson_url
    assert ana.get(f"/attempts/{attempt_id}/summary").location == lesson_url
    submitted = ana.post(f"/attempts/{attempt_id}/submit", follow_redirects=True)
    assert submitted.request.path == lesson_url and "Question 1 of" in page_text(submitted)
    with app.app_context():
        assert not db.session.get(Attempt, attempt_id).finished
    assert ana.post(f"/live/{lesson_id}/answer", form).status_code == 303
    step(teacher, app, lesson_id, "end")
    assert ana.get(f"/attempts/{attempt_id}").location == f"/attempts/{attempt_id}/results"
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finished and attempt.score > 0


def test_the_quiz_s_answer_url_refuses_an_answer_to_a_live_attempt(
    app, teacher, lesson_world, seed_pack
):
    """An answer posted to the quiz's own question URL while the lesson's question is open is
    refused with 409 and a link to the lesson; nothing is stored, the lesson's answer still is."""
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    form = answer_form(app, ana, lesson_id, seed_pack)
    with app.app_context():
        attempt = db.session.scalar(db.select(Attempt))
        question_id = db.session.get(LiveLesson, lesson_id).question_id
        attempt_id, position = attempt.id, attempt.question_order.index(question_id) + 1
    quiz_form = {key: value for key, value in form.items() if key not in ("position", "round")}
    refused = ana.post(f"/attempts/{attempt_id}/questions/{position}", quiz_form)
    assert refused.status_code == 409
    assert "This quiz is answered in the live lesson" in page_text(refused)
    assert f'href="/attempts/{attempt_id}"' in page_html(refused)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Response.id))) == 0
    assert ana.post(f"/live/{lesson_id}/answer", form).status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Response.id))) == 1


def test_an_unchanged_poll_costs_one_query_beside_the_sign_in(app, teacher, lesson_world):
    """A 304 reads the signed-in account and the lesson's state, one statement each."""
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    with app.app_context():
        engine = db.engine
    statements = []

    def note(connection, cursor, statement, *args):
        statements.append(statement)

    for browser, url in ((ana, f"/live/{lesson_id}"), (teacher, f"/live/{lesson_id}/teach")):
        etag = browser.get(url + "?part=main").headers["ETag"]
        statements.clear()
        event.listen(engine, "before_cursor_execute", note)
        try:
            polled = browser.get(url + "?part=main", headers={"If-None-Match": etag})
        finally:
            event.remove(engine, "before_cursor_execute", note)
        assert polled.status_code == 304
        assert len(statements) == 2 and sum("live_lesson" in s for s in statements) == 1


def test_the_teacher_reveal_links_the_quote_to_the_reading_view_of_their_own_pack(
    app, teacher, teacher_id, seed_pack
):
    """A teacher's own pack's article is not on the learners' article page for the teacher:
    the reveal links each quote's paragraph in the assignment's reading view instead."""
    make_pack_version(app, make_pack(app, teacher_id, "my-pack"))
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id, "my-pack")
    lesson_id = start(teacher, assignment_id)
    step(teacher, app, lesson_id, "next")
    step(teacher, app, lesson_id, "reveal")
    page = teacher.get(f"/live/{lesson_id}/teach").get_data(as_text=True)
    links = re.findall(r'href="([^"]*)">See this paragraph in the article<', page)
    reading = f"/instructor/assignments/{assignment_id}/reading"
    assert links and all(link.startswith(reading + "#") for link in links)
    assert "/packs/my-pack/source" not in page
    paragraph = links[0].split("#", 1)[1]
    shown = teacher.get(reading)
    assert shown.status_code == 200 and f'id="{paragraph}"' in shown.get_data(as_text=True)


def test_the_start_form_says_a_lesson_scores_the_answers_only(app, teacher, teacher_id):
    classroom_id = make_classroom(app, teacher_id)
    asking = make_assignment(app, classroom_id, evidence_share=0.5)
    not_asking = make_assignment(app, classroom_id)
    note = "A live lesson does not ask for the evidence"
    assert note in page_text(teacher.get(f"/instructor/assignments/{asking}"))
    assert note not in page_text(teacher.get(f"/instructor/assignments/{not_asking}"))
    teacher.post("/language", {"language": "de", "next": "/"})
    german = page_text(teacher.get(f"/instructor/assignments/{asking}"))
    assert "Eine Live-Stunde fragt nicht nach dem Beleg" in german


def test_the_teacher_view_of_an_attempt_shows_the_first_vote_beside_the_final_answer(
    app, teacher, lesson_world, seed_pack
):
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack, right=False))
    step(teacher, app, lesson_id, "close")
    step(teacher, app, lesson_id, "again")
    ana.post(f"/live/{lesson_id}/answer", answer_form(app, ana, lesson_id, seed_pack))
    step(teacher, app, lesson_id, "end")
    with app.app_context():
        attempt = db.session.scalar(db.select(Attempt))
        first_vote = db.session.scalar(db.select(LiveVote.given).filter_by(round=1))
        final = attempt.responses[0].given
    page = teacher.get(f"/instructor/attempts/{attempt.id}").get_data(as_text=True)
    header = re.search(r"<thead>.*?</thead>", page, re.S).group(0)
    assert re.search(r">First vote</th>\s*<th[^>]*>Response<", header)
    row = re.search(r"<tbody>.*?</tr>", page, re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert first_vote != final  # a number: the cells show it grouped, with its unit
    assert [re.sub(r"\D", "", cell) for cell in cells[1:3]] == [first_vote, final]


def test_a_quiz_attempt_s_view_has_no_first_vote_column(app, teacher, lesson_world):
    classroom_id, assignment_id = lesson_world
    attempt_id = make_attempt(app, make_learner(app, classroom_id, "Ben"), assignment_id)
    page = page_text(teacher.get(f"/instructor/attempts/{attempt_id}"))
    assert "Response" in page and "First vote" not in page


def test_both_qr_codes_come_from_one_place():
    from quizapp import qr
    from quizapp.instructor import routes as instructor_routes
    from quizapp.live import pages as live_pages

    assert instructor_routes.qr_svg is qr.qr_svg and live_pages.qr_svg is qr.qr_svg


# -- starting from the class's page ----------------------------------------------------------


def class_assignments(app, classroom_id: int) -> list[Assignment]:
    with app.app_context():
        return db.session.scalars(db.select(Assignment).filter_by(classroom_id=classroom_id)).all()


def test_a_lesson_starts_from_the_class_page_with_a_quiz_assigned_as_it_starts(
    app, teacher, teacher_id, seed_pack
):
    classroom_id = make_classroom(app, teacher_id)
    page = teacher.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    form = re.search(rf'<form [^>]*action="/classrooms/{classroom_id}/live".*?</form>', page, re.S)
    assert form and f'<option value="{SEED_PACK}"' in form.group(0)
    assert 'name="speed_bonus"' in form.group(0) and "checked" not in form.group(0)

    sent = {"pack_slug": SEED_PACK, "leaderboard": "y"}
    response = teacher.post(f"/classrooms/{classroom_id}/live", sent)
    assert response.status_code == 303
    lesson_id = int(re.search(r"/live/(\d+)/teach$", response.location).group(1))
    again = teacher.post(f"/classrooms/{classroom_id}/live", sent)  # a double click
    assert again.status_code == 303 and again.location == response.location

    (assignment,) = class_assignments(app, classroom_id)
    assert assignment.pack_slug == SEED_PACK and assignment.pack_version_id is not None
    assert assignment.opens_at is None and assignment.closes_at is None
    assert assignment.languages == [] and assignment.feedback_mode == FeedbackMode.AFTER_ATTEMPT
    with app.app_context():
        lesson = db.session.get(LiveLesson, lesson_id)
        assert lesson.assignment_id == assignment.id
        assert lesson.leaderboard and not lesson.speed_bonus
        assert lesson.languages == list(seed_pack.languages)
    assert teacher.get(f"/live/{lesson_id}/teach").status_code == 200
    ana = class_member(app, classroom_id, "Ana")
    assert ana.get(f"/live/{lesson_id}").status_code == 200


def test_another_teachers_class_or_quiz_gets_404_from_the_class_page_start(
    app, teacher, teacher_id, other_teacher, other_teacher_id
):
    classroom_id = make_classroom(app, teacher_id)
    others_class = make_classroom(app, other_teacher_id, "Other", "OTHER7")
    make_pack_version(app, make_pack(app, other_teacher_id, "their-pack"))
    assert 'value="their-pack"' in page_html(
        other_teacher.get(f"/instructor/classrooms/{others_class}")
    )
    assert 'value="their-pack"' not in page_html(
        teacher.get(f"/instructor/classrooms/{classroom_id}")
    )
    refused = teacher.post(f"/classrooms/{others_class}/live", {"pack_slug": SEED_PACK})
    assert refused.status_code == 404
    for slug in ("their-pack", "no-such-pack"):
        refused = teacher.post(f"/classrooms/{classroom_id}/live", {"pack_slug": slug})
        assert refused.status_code == 404, slug
        assert "There is no such quiz." in page_text(refused)
    assert class_assignments(app, classroom_id) == []
    assert class_assignments(app, others_class) == []


def test_a_class_page_start_without_a_quiz_shows_the_class_page_again(app, teacher, teacher_id):
    classroom_id = make_classroom(app, teacher_id)
    teacher.get(f"/instructor/classrooms/{classroom_id}")
    response = teacher.post(f"/classrooms/{classroom_id}/live", {"speed_bonus": "y"})
    assert response.status_code == 422
    text = page_text(response)
    assert "9b English" in text and "Please choose a quiz." in text
    assert '<input checked id="speed_bonus"' in page_html(response)  # as sent
    assert class_assignments(app, classroom_id) == []


def test_an_archived_class_offers_no_live_lesson_and_a_start_sent_anyway_changes_nothing(
    app, teacher, teacher_id
):
    classroom_id = make_classroom(app, teacher_id)
    assert teacher.post(f"/instructor/classrooms/{classroom_id}/archive").status_code == 303
    page = page_html(teacher.get(f"/instructor/classrooms/{classroom_id}"))
    assert f'action="/classrooms/{classroom_id}/live"' not in page
    response = teacher.post(f"/classrooms/{classroom_id}/live", {"pack_slug": SEED_PACK})
    assert response.status_code == 409
    assert "This class is archived. Restore it to start a live lesson" in page_text(response)
    assert class_assignments(app, classroom_id) == []
    with app.app_context():
        assert db.session.scalars(db.select(LiveLesson)).all() == []


def test_the_end_finishes_a_live_attempt_whose_join_never_took_its_seat(app, teacher, lesson_world):
    """A join cut off between the attempt's commit and the seat's leaves a live attempt with
    no seat: the lesson's end finishes it with the others, so it lands on its results."""
    classroom_id, assignment_id = lesson_world
    ana, lesson_id = ana_in_lesson(app, teacher, lesson_world)
    cut_off = make_attempt(
        app,
        make_learner(app, classroom_id, "Ben"),
        assignment_id,
        answers=[True],
        feedback_mode="live",
    )
    assert step(teacher, app, lesson_id, "end").status_code == 303
    with app.app_context():
        assert db.session.get(Attempt, cut_off).finished
        assert all(attempt.finished for attempt in db.session.scalars(db.select(Attempt)))


def test_a_quiz_whose_answers_another_class_awaits_is_not_started_live(
    app, teacher, teacher_id, other_teacher_id
):
    """Another teacher's class takes the quiz with feedback after its close: a live lesson,
    which reveals the answers, is refused until then, and nothing is assigned."""
    others_class = make_classroom(app, other_teacher_id, "Other", "OTHER7")
    closes = utcnow() + dt.timedelta(days=5)
    make_assignment(app, others_class, feedback_mode=FeedbackMode.AFTER_CLOSE, closes_at=closes)
    classroom_id = make_classroom(app, teacher_id)
    teacher.get(f"/instructor/classrooms/{classroom_id}")
    response = teacher.post(f"/classrooms/{classroom_id}/live", {"pack_slug": SEED_PACK})
    assert response.status_code == 409
    assert "a live lesson of it cannot show them" in page_text(response)
    assert class_assignments(app, classroom_id) == []


def test_an_assignment_of_a_quiz_another_class_awaits_is_not_started_live(
    app, teacher, teacher_id, other_teacher_id
):
    """The same rule when the teacher assigned the quiz before the other class's quiz withheld
    its answers: the lesson's reveal would show them at once, so starting it is refused."""
    classroom_id = make_classroom(app, teacher_id)
    own = make_assignment(app, classroom_id)
    others_class = make_classroom(app, other_teacher_id, "Other", "OTHER7")
    closes = utcnow() + dt.timedelta(days=5)
    make_assignment(app, others_class, feedback_mode=FeedbackMode.AFTER_CLOSE, closes_at=closes)
    teacher.get(f"/instructor/assignments/{own}")
    response = teacher.post(f"/assignments/{own}/live", {})
    assert response.status_code == 409
    assert "a live lesson of it cannot show them" in page_text(response)
    with app.app_context():
        assert db.session.scalars(db.select(LiveLesson)).all() == []
