"""The live lesson's rules without HTTP (quizapp/live/operations.py): the state machine, stale
revisions, answers after close, the second vote, late joiners, every question type, the scores,
the leaderboard, the tallies, and the results as ordinary attempts."""

import datetime as dt
import threading
import time

import pytest
from factories import make_assignment, make_attempt, make_classroom, make_instructor, make_learner
from werkzeug.datastructures import MultiDict

from quizapp.attempts import question_key, submit_attempt
from quizapp.behaviours import asks_evidence, behaviour_of
from quizapp.behaviours.live import Live
from quizapp.constants import AnswerRefusal, FinishReason, NextStep
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.instructor.operations import update_assignment
from quizapp.live import operations
from quizapp.live.operations import LiveRefused, Refusal
from quizapp.models import (
    Assignment,
    Attempt,
    Instructor,
    Learner,
    LiveLesson,
    LivePhase,
    LiveSeat,
    LiveVote,
    Response,
)


@pytest.fixture
def world(app):
    """A teacher's class with an assignment of the seed pack and three learners."""
    teacher_id = make_instructor(app)
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id)
    learners = {name: make_learner(app, classroom_id, name) for name in ("Ana", "Ben", "Cleo")}
    return {"teacher": teacher_id, "assignment": assignment_id, **learners}


@pytest.fixture
def lesson(app, world, seed_pack):
    """A lesson started (in the lobby) inside an app context: (lesson, world)."""
    with app.app_context():
        assignment = db.session.get(Assignment, world["assignment"])
        teacher = db.session.get(Instructor, world["teacher"])
        yield operations.start_lesson(assignment, teacher), world


def go(lesson: LiveLesson, action: str, now: dt.datetime | None = None) -> LiveLesson:
    return operations.step(lesson.id, action, lesson.revision, now)


def seat(lesson: LiveLesson, world: dict, name: str):
    return operations.join(lesson, db.session.get(Learner, world[name]))


def answer(lesson, seat_, seed_pack, right=True, fields=None, now=None):
    """Send the learner's answer to the lesson's open question as their phone's form would."""
    question = seed_pack.question(lesson.question_id)
    form = fields or question_type(question.type).sample_form(question, right)
    form = MultiDict(
        {
            **form,
            "question": question_key(seat_.attempt, question),
            "position": str(lesson.position),
            "round": str(lesson.round),
        }
    )
    return operations.record_answer(lesson.id, seat_, form, "en", now)


def test_the_lesson_moves_through_its_states_and_each_step_raises_the_revision(lesson):
    lesson, _world = lesson
    assert (lesson.phase, lesson.position, lesson.revision) == (LivePhase.LOBBY, 0, 1)
    go(lesson, "next")
    assert (lesson.phase, lesson.position, lesson.round) == (LivePhase.OPEN, 1, 1)
    assert lesson.question_id == lesson.question_order[0] and lesson.revision == 2
    go(lesson, "close")
    assert lesson.phase == LivePhase.CLOSED
    go(lesson, "again")
    assert (lesson.phase, lesson.round) == (LivePhase.OPEN, 2)
    go(lesson, "reveal")  # closes the open question too
    assert lesson.phase == LivePhase.REVEALED
    go(lesson, "next")
    assert (lesson.phase, lesson.position, lesson.round) == (LivePhase.OPEN, 2, 1)
    go(lesson, "end")
    assert lesson.phase == LivePhase.ENDED and lesson.ended_at is not None
    assert lesson.revision == 7


@pytest.mark.parametrize(
    ("steps", "refused", "why"),
    [
        ([], "close", Refusal.NOT_NOW),  # nothing open in the lobby
        ([], "again", Refusal.NOT_NOW),
        ([], "reveal", Refusal.NOT_NOW),
        (["next"], "again", Refusal.NOT_NOW),  # a second vote only once the question closed
        (["next", "close", "again", "close"], "again", Refusal.NOT_NOW),  # only once
        (["next", "reveal"], "again", Refusal.NOT_NOW),  # not after the reveal
        (["next", "reveal"], "close", Refusal.NOT_NOW),
        (["end"], "next", Refusal.ENDED),
        ([], "jump", Refusal.NOT_NOW),  # no such step
    ],
)
def test_a_step_that_does_not_fit_is_refused_and_changes_nothing(lesson, steps, refused, why):
    lesson, _world = lesson
    for action in steps:
        go(lesson, action)
    before = (lesson.phase, lesson.position, lesson.round, lesson.revision)
    with pytest.raises(LiveRefused) as caught:
        go(lesson, refused)
    assert caught.value.refusal is why and caught.value.status == 409
    db.session.refresh(lesson)
    assert (lesson.phase, lesson.position, lesson.round, lesson.revision) == before


def test_a_stale_revision_is_refused_so_a_double_click_never_skips_a_question(lesson):
    lesson, _world = lesson
    shown = lesson.revision
    operations.step(lesson.id, "next", shown)
    with pytest.raises(LiveRefused) as caught:
        operations.step(lesson.id, "next", shown)  # the same click again
    assert caught.value.refusal is Refusal.STALE
    assert "Nothing was changed" in caught.value.text()
    db.session.refresh(lesson)
    assert lesson.position == 1


def test_next_after_the_last_question_is_refused(lesson):
    lesson, _world = lesson
    for _ in lesson.question_order:
        go(lesson, "next")
    with pytest.raises(LiveRefused) as caught:
        go(lesson, "next")
    assert caught.value.refusal is Refusal.NO_MORE_QUESTIONS


def test_starting_again_resumes_the_running_lesson_with_its_settings(app, lesson):
    lesson, world = lesson
    go(lesson, "next")
    again = operations.start_lesson(
        lesson.assignment, lesson.instructor, speed_bonus=True, leaderboard=True
    )
    assert again.id == lesson.id and not again.speed_bonus and again.position == 1
    go(lesson, "end")
    fresh = operations.start_lesson(lesson.assignment, lesson.instructor, leaderboard=True)
    assert fresh.id != lesson.id and fresh.leaderboard and fresh.phase == LivePhase.LOBBY


def test_each_learner_has_an_ordinary_live_attempt_on_the_pinned_version(lesson):
    lesson, world = lesson
    ana = seat(lesson, world, "Ana")
    attempt = ana.attempt
    assert attempt.feedback_mode == "live" and attempt.assignment_id == world["assignment"]
    assert attempt.pack_version_id == lesson.assignment.pack_version_id
    assert attempt.deadline is None
    assert seat(lesson, world, "Ana").id == ana.id  # a reload joins no second time
    assert operations.joined_names(lesson) == ["Ana"]


def test_a_learner_with_a_quiz_attempt_running_is_told_to_finish_it_first(app, lesson):
    lesson, world = lesson
    make_attempt(app, world["Ben"], world["assignment"], answers=[True])  # unfinished
    with pytest.raises(LiveRefused) as caught:
        seat(lesson, world, "Ben")
    assert caught.value.refusal is Refusal.UNFINISHED_ATTEMPT


def test_the_live_behaviour_leads_to_the_lesson_and_changes_only_while_a_question_is_open(
    lesson,
):
    """The quiz's own pages open no question of a lesson's attempt and lead to the lesson's
    page; an answer may change while the class's question is open; no clock and no "Submit all"
    end the attempt, the lesson's end does."""
    lesson, world = lesson
    attempt = seat(lesson, world, "Ana").attempt
    rules = behaviour_of(attempt)
    assert rules.resume_step(attempt) == (NextStep.LIVE, lesson.id)  # the lobby
    assert not rules.may_change(attempt)
    go(lesson, "next")
    position = attempt.question_order.index(lesson.question_id) + 1
    assert rules.may_change(attempt) and rules.resume_step(attempt) == (NextStep.LIVE, lesson.id)
    every = range(1, len(attempt.question_order) + 1)
    assert not any(
        rules.may_open(attempt, p, answered) for p in every for answered in (False, True)
    )
    submit_attempt(attempt)
    assert not attempt.finished and not rules.learner_submits
    go(lesson, "close")
    assert not rules.may_open(attempt, position, True) and not rules.may_change(attempt)
    assert rules.due(attempt, dt.datetime(2100, 1, 1)) is None
    go(lesson, "end")
    assert attempt.finished and rules.resume_step(attempt) == (NextStep.RESULTS, None)


def test_an_answer_after_close_is_refused_and_nothing_changes(lesson, seed_pack):
    lesson, world = lesson
    ana = seat(lesson, world, "Ana")
    go(lesson, "next")
    assert answer(lesson, ana, seed_pack, right=False).recorded
    go(lesson, "close")
    stored = [(v.answer, v.answered_at) for v in db.session.scalars(db.select(LiveVote))]
    with pytest.raises(LiveRefused) as caught:
        answer(lesson, ana, seed_pack, right=True)
    assert caught.value.refusal is Refusal.CLOSED and caught.value.status == 409
    assert "closed this question" in caught.value.text()
    assert [(v.answer, v.answered_at) for v in db.session.scalars(db.select(LiveVote))] == stored
    response = db.session.scalars(db.select(Response)).one()
    assert response.fraction < 1


def test_an_answer_for_the_previous_question_is_refused_after_next(lesson, seed_pack):
    lesson, world = lesson
    ana = seat(lesson, world, "Ana")
    go(lesson, "next")
    question = seed_pack.question(lesson.question_id)
    form = MultiDict(
        {
            **question_type(question.type).sample_form(question, True),
            "question": question_key(ana.attempt, question),
            "position": "1",
            "round": "1",
        }
    )
    go(lesson, "close")
    go(lesson, "next")
    with pytest.raises(LiveRefused):
        operations.record_answer(lesson.id, ana, form, "en")
    assert db.session.scalar(db.select(db.func.count(LiveVote.id))) == 0


def test_an_answer_may_change_while_open_and_an_unreadable_one_is_asked_again(lesson, seed_pack):
    lesson, world = lesson
    ana = seat(lesson, world, "Ana")
    go(lesson, "next")
    assert answer(lesson, ana, seed_pack, right=False).recorded
    assert answer(lesson, ana, seed_pack, right=True).recorded
    vote = db.session.scalars(db.select(LiveVote)).one()
    assert vote.fraction == 1 and ana.attempt.response_for(lesson.question_id).fraction == 1
    blank = answer(lesson, ana, seed_pack, fields={"answer": ""})
    assert blank.refusal is AnswerRefusal.ASK_AGAIN
    assert db.session.scalars(db.select(LiveVote)).one().fraction == 1


def test_vote_again_keeps_both_votes_and_the_final_answer_is_the_second(lesson, seed_pack):
    lesson, world = lesson
    ana, ben = seat(lesson, world, "Ana"), seat(lesson, world, "Ben")
    go(lesson, "next")
    answer(lesson, ana, seed_pack, right=False)
    answer(lesson, ben, seed_pack, right=False)
    go(lesson, "close")
    go(lesson, "again")
    answer(lesson, ana, seed_pack, right=True)
    answer(lesson, ben, seed_pack, right=False)  # the same answer again still counts as a vote
    go(lesson, "reveal")
    votes = {(v.attempt_id, v.round): v.fraction for v in db.session.scalars(db.select(LiveVote))}
    assert votes == {
        (ana.attempt_id, 1): 0,
        (ana.attempt_id, 2): 1,
        (ben.attempt_id, 1): 0,
        (ben.attempt_id, 2): 0,
    }
    assert ana.attempt.response_for(lesson.question_id).fraction == 1
    tally = operations.tally(lesson, seed_pack.question(lesson.question_id))
    assert tally.two_rounds and tally.voters == (2, 2)
    right = [bar for bar in tally.bars if bar.right]
    assert sum(bar.first for bar in right) == 0 and sum(bar.second for bar in right) == 1


def test_a_late_joiner_and_a_reloading_phone_get_the_open_question_with_their_answer(
    lesson, seed_pack
):
    lesson, world = lesson
    go(lesson, "next")
    cleo = seat(lesson, world, "Cleo")  # joins with the question already open
    assert operations.answered_count(lesson) == 0
    answer(lesson, cleo, seed_pack, right=True)
    again = seat(lesson, world, "Cleo")  # the phone reloads (or came back online)
    assert again.attempt_id == cleo.attempt_id
    question = seed_pack.question(lesson.question_id)
    assert set(operations.my_votes(lesson, again, question)) == {1}
    assert again.attempt.response_for(question.id).fraction == 1
    assert operations.answered_count(lesson) == 1


def test_every_question_type_is_answered_live_and_the_end_finishes_the_attempts(lesson, seed_pack):
    lesson, world = lesson
    ana, ben = seat(lesson, world, "Ana"), seat(lesson, world, "Ben")
    kinds = set()
    for _ in lesson.question_order:
        go(lesson, "next")
        kinds.add(seed_pack.question(lesson.question_id).type)
        assert answer(lesson, ana, seed_pack, right=True).recorded
        assert answer(lesson, ben, seed_pack, right=False).recorded
        go(lesson, "reveal")
        tally = operations.tally(lesson, seed_pack.question(lesson.question_id))
        assert tally.bars and tally.voters == (2, None)
    assert kinds == {q.type for q in seed_pack.questions} and len(kinds) == 7
    go(lesson, "end")
    attempts = db.session.scalars(db.select(Attempt).order_by(Attempt.id)).all()
    assert all(a.finished and a.finish_reason == FinishReason.SUBMITTED for a in attempts)
    assert attempts[0].score == pytest.approx(seed_pack.max_points)
    assert attempts[1].score < attempts[0].score


def test_tallies_count_options_bin_numbers_and_mark_items(lesson, seed_pack):
    lesson, world = lesson
    ana = seat(lesson, world, "Ana")
    seen = {}
    for _ in lesson.question_order:
        go(lesson, "next")
        question = seed_pack.question(lesson.question_id)
        if question.type not in seen:
            answer(lesson, ana, seed_pack, right=True)
            seen[question.type] = operations.tally(lesson, question)
        go(lesson, "close")
    choice = seen["single_choice"]
    assert choice.kind == "answers" and sum(bar.first for bar in choice.bars) == 1
    assert [bar.right for bar in choice.bars if bar.first] == [True]
    assert seen["numeric"].kind == "ranges"
    assert [bar.right for bar in seen["numeric"].bars if bar.first] == [True]
    for kind in ("matching", "ordering"):
        assert seen[kind].kind == "items" and all(bar.first == 1 for bar in seen[kind].bars)


def test_numbers_are_binned_into_ranges_holding_every_answer(lesson, seed_pack):
    lesson, world = lesson
    seats = [seat(lesson, world, name) for name in ("Ana", "Ben", "Cleo")]
    go(lesson, "next")
    while seed_pack.question(lesson.question_id).type != "numeric":
        go(lesson, "close")
        go(lesson, "next")
    question = seed_pack.question(lesson.question_id)
    right = question.answer
    for seat_, value in zip(seats, (right, right * 3, right * 10), strict=True):
        assert answer(lesson, seat_, seed_pack, fields={"answer": f"{value:.0f}"}).recorded
    tally = operations.tally(lesson, question)
    assert 1 < len(tally.bars) <= operations.NUMBER_BINS + 1
    assert sum(bar.first for bar in tally.bars) == 3
    assert tally.bars[0].right and tally.bars[0].first == 1
    assert [bar.label for bar in tally.bars][:2] == ["0 – 20M", "20M – 40M"]  # round ranges
    assert tally.bars[-1].first == 1 and not tally.bars[-1].right


def test_scores_count_accuracy_and_the_speed_bonus_only_when_set(lesson, seed_pack):
    lesson, world = lesson
    ana, ben = seat(lesson, world, "Ana"), seat(lesson, world, "Ben")
    opened = dt.datetime(2026, 12, 7, 9, 0, 0)
    go(lesson, "next", now=opened)
    points = seed_pack.question(lesson.question_id).points
    answer(lesson, ana, seed_pack, right=True, now=opened + dt.timedelta(seconds=2))
    answer(lesson, ben, seed_pack, right=True, now=opened + dt.timedelta(seconds=30))
    assert not lesson.speed_bonus  # off by default
    assert {s.display_name: (s.points, s.bonus) for s in operations.scores(lesson)} == {
        "Ana": (points, 0.0),
        "Ben": (points, 0.0),
    }
    lesson.speed_bonus = True
    by_name = {s.display_name: s for s in operations.scores(lesson)}
    assert by_name["Ana"].bonus == pytest.approx(points * 0.5 * (1 - 2 / 20))
    assert by_name["Ben"].bonus == 0.0  # after the 20 s window
    assert operations.scores(lesson)[0].display_name == "Ana"


def test_a_lesson_scores_the_answers_only_where_the_assignment_asks_for_evidence(
    app, world, seed_pack
):
    """The lesson never asks for the evidence, so its attempts' maximum and score leave the
    evidence's share out, also when the teacher changes the share while the lesson runs; a quiz
    attempt at the same assignment keeps it."""
    with app.app_context():
        assignment = db.session.get(Assignment, world["assignment"])
        assignment.evidence_share = 0.5
        db.session.commit()
        lesson = operations.start_lesson(assignment, db.session.get(Instructor, world["teacher"]))
        attempt = seat(lesson, world, "Ana").attempt
        assert attempt.max_score == seed_pack.max_points and not asks_evidence(attempt)
        assert isinstance(behaviour_of(attempt), Live)  # no evidence step around the live mode
        update_assignment(assignment, evidence_share=1.0)
        assert attempt.max_score == seed_pack.max_points
        go(lesson, "next")
        answer(lesson, seat(lesson, world, "Ana"), seed_pack, right=True)
        go(lesson, "end")
        assert attempt.score == seed_pack.question(lesson.question_order[0]).points
        assert attempt.max_score == seed_pack.max_points
    quiz_attempt = make_attempt(app, world["Ben"], world["assignment"], answers=[True])
    with app.app_context():
        assert db.session.get(Attempt, quiz_attempt).max_score == 2 * seed_pack.max_points


def test_the_leaderboard_is_off_by_default_and_shows_display_names_only(lesson, seed_pack):
    lesson, world = lesson
    ana = seat(lesson, world, "Ana")
    seat(lesson, world, "Ben")
    go(lesson, "next")
    answer(lesson, ana, seed_pack, right=True)
    assert operations.leaderboard(lesson) == []
    lesson.leaderboard = True
    board = operations.leaderboard(lesson)
    assert [name for name, _points in board] == ["Ana", "Ben"]
    assert all(isinstance(points, float) for _name, points in board)


def test_the_first_votes_of_an_assignment_are_kept_for_the_export(lesson, seed_pack):
    lesson, world = lesson
    ana = seat(lesson, world, "Ana")
    go(lesson, "next")
    answer(lesson, ana, seed_pack, right=False)
    go(lesson, "close")
    go(lesson, "again")
    answer(lesson, ana, seed_pack, right=True)
    first = operations.first_votes([world["assignment"]])
    vote = db.session.scalars(db.select(LiveVote).filter_by(round=1)).one()
    assert first == {(ana.attempt_id, lesson.question_id): vote.given}
    assert operations.first_votes([world["assignment"] + 1]) is None


def test_the_etag_changes_with_the_state_each_page_shows(lesson, seed_pack):
    lesson, world = lesson

    def teacher_etag(locale="en"):
        return operations.teacher_state(lesson.id).etag(locale)

    def ana_etag():
        return operations.learner_state(lesson.id, world["Ana"]).etag("en")

    teacher = operations.teacher_state(lesson.id)
    assert teacher.owner_id == world["teacher"] and teacher.languages == ["en", "de"]
    shown = teacher_etag()
    assert teacher_etag() == shown  # nothing changed
    assert teacher_etag("de") != shown  # another language
    assert not operations.learner_state(lesson.id, world["Ana"]).joined
    ana = seat(lesson, world, "Ana")
    assert teacher_etag() != shown  # someone joined
    learner = operations.learner_state(lesson.id, world["Ana"])
    assert learner.joined and learner.owner_id == lesson.assignment.classroom_id
    waiting = ana_etag()
    go(lesson, "next")
    opened = ana_etag()
    assert opened != waiting
    ben = seat(lesson, world, "Ben")
    answer(lesson, ben, seed_pack)
    assert ana_etag() == opened  # not Ana's news
    answer(lesson, ana, seed_pack)
    assert ana_etag() != opened
    assert operations.teacher_state(lesson.id + 1) is None


def test_two_servers_clicking_next_at_once_move_the_lesson_once(app, world, monkeypatch):
    """Two app servers (threads with sessions of their own) step the same revision at the same
    moment, each slowed down after reading the lesson: the row lock holds the second until the
    first commits, and then it sees the stale revision."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite has no row locks and one writer at a time (PostgreSQL runs this)")
    with app.app_context():
        assignment = db.session.get(Assignment, world["assignment"])
        lesson = operations.start_lesson(assignment, db.session.get(Instructor, world["teacher"]))
        lesson_id, shown = lesson.id, lesson.revision
    barrier = threading.Barrier(2)
    outcomes = []
    next_step = operations.STEPS[operations.Step.NEXT]

    def slow_next(lesson, now):
        time.sleep(0.3)
        next_step(lesson, now)

    monkeypatch.setitem(operations.STEPS, operations.Step.NEXT, slow_next)

    def click():
        with app.app_context():
            barrier.wait()
            try:
                operations.step(lesson_id, "next", shown)
                outcomes.append("moved")
            except LiveRefused as refused:
                outcomes.append(refused.refusal)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == sorted(["moved", Refusal.STALE])
    with app.app_context():
        assert db.session.get(LiveLesson, lesson_id).position == 1


def test_answers_sent_past_the_lesson_are_refused_and_do_not_count_at_the_end(lesson, seed_pack):
    """An answer reaching the attempt another way (the quiz's own question page) while some
    question is open is refused (AnswerRefusal.ELSEWHERE): the results are the lesson's votes."""
    from quizapp.attempts import answer_question
    from quizapp.constants import AnswerRefusal

    lesson, world = lesson
    ana = seat(lesson, world, "Ana")
    go(lesson, "next")
    first = seed_pack.question(lesson.question_id)
    answer(lesson, ana, seed_pack, right=False)
    go(lesson, "close")
    go(lesson, "next")
    attempt = ana.attempt
    for question in (first, seed_pack.question(lesson.question_order[5])):
        fields = question_type(question.type).sample_form(question, True)
        form = MultiDict({**fields, "question": question_key(attempt, question)})
        position = attempt.question_order.index(question.id) + 1
        outcome = answer_question(attempt, position, question, form, "en")
        assert outcome.refusal is AnswerRefusal.ELSEWHERE
    go(lesson, "end")
    db.session.refresh(attempt)
    assert [(r.question_id, r.fraction) for r in attempt.responses] == [(first.id, 0.0)]
    assert attempt.score == 0


def test_an_answer_racing_the_close_is_counted_before_it_or_refused(app, world, monkeypatch):
    """On two servers an answer being stored holds the lesson's row (FOR SHARE): the close
    waits for it, so no vote is written after the question closed."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite has no row locks and one writer at a time (PostgreSQL runs this)")
    with app.app_context():
        assignment = db.session.get(Assignment, world["assignment"])
        lesson = operations.start_lesson(assignment, db.session.get(Instructor, world["teacher"]))
        ana = seat(lesson, world, "Ana")
        lesson = go(lesson, "next")
        pack = app.extensions["quizapp.packs"][assignment.pack_slug]
        question = pack.question(lesson.question_id)
        form = MultiDict(
            {
                **question_type(question.type).sample_form(question, True),
                "question": question_key(ana.attempt, question),
                "position": "1",
                "round": "1",
            }
        )
        lesson_id, seat_id, revision_ = lesson.id, ana.id, lesson.revision
    checked = operations._checked_answer

    def slow_check(*args):
        time.sleep(0.3)
        return checked(*args)

    monkeypatch.setattr(operations, "_checked_answer", slow_check)
    done = {}

    def send():
        with app.app_context():
            operations.record_answer(lesson_id, db.session.get(LiveSeat, seat_id), form, "en")
            done["answer"] = time.monotonic()

    def close():
        with app.app_context():
            time.sleep(0.1)
            operations.step(lesson_id, "close", revision_)
            done["close"] = time.monotonic()

    threads = [threading.Thread(target=send), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert done["answer"] < done["close"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(LiveVote.id))) == 1


def test_removing_a_learner_an_assignment_or_a_class_takes_its_lesson_rows_along(
    app, lesson, seed_pack
):
    from quizapp.accounts import remove_learner
    from quizapp.instructor.operations import delete_assignment, delete_classroom

    lesson, world = lesson
    ana, ben = seat(lesson, world, "Ana"), seat(lesson, world, "Ben")
    go(lesson, "next")
    answer(lesson, ana, seed_pack)
    answer(lesson, ben, seed_pack)
    remove_learner(db.session.get(Learner, world["Ana"]))
    assert operations.joined_names(lesson) == ["Ben"]
    assert db.session.scalar(db.select(db.func.count(LiveVote.id))) == 1
    classroom = lesson.assignment.classroom
    delete_assignment(lesson.assignment)
    assert db.session.scalar(db.select(db.func.count(LiveLesson.id))) == 0
    assert db.session.scalar(db.select(db.func.count(LiveSeat.id))) == 0
    delete_classroom(classroom)
