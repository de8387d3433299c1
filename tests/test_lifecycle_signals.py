"""The attempt's lifecycle signals (quizapp/signals.py): each sent once, by the app, with the
objects it is about; and the listener that keeps the item analysis right after a regrade."""

import contextlib
import copy
import datetime as dt

import pytest
from factories import SEED_PACK, make_assignment, make_classroom, make_instructor, make_learner
from werkzeug.datastructures import MultiDict

from quizapp import signals
from quizapp.attempts import finish_if_over, record_response, start_attempt, submit_attempt
from quizapp.constants import FeedbackMode, FinishReason
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.instructor.reports import analyse, assignment_attempts
from quizapp.models import Assignment, Learner
from quizapp.packs import pinned_pack, publish, save_draft, stored_pack
from quizapp.versions import move_assignment
from quizapp.views import page_texts


@contextlib.contextmanager
def caught(app, *names):
    """Each named signal's sends from `app` while in the block: {name: [keyword arguments]}."""
    sent = {name: [] for name in names}
    with contextlib.ExitStack() as stack:
        for name in names:

            def receiver(sender, _name=name, **values):
                assert sender is app
                sent[_name].append(values)

            stack.enter_context(getattr(signals, name).connected_to(receiver, sender=app))
        yield sent


@pytest.fixture
def ana(app):
    """Ana in a class with one assignment (feedback after the attempt): (learner, assignment) ids."""
    classroom_id = make_classroom(app, make_instructor(app))
    return make_learner(app, classroom_id, "Ana"), make_assignment(app, classroom_id)


def answer(attempt, pack, position, right=True):
    question = pack.question(attempt.question_order[position - 1])
    qtype = question_type(question.type)
    form = MultiDict(qtype.sample_form(question, right))
    return question, record_response(attempt, question, qtype.form_response(question, form), "en")


def test_starting_answering_and_submitting_send_one_signal_each(app, ana, seed_pack):
    learner_id, assignment_id = ana
    every = ("attempt_started", "answer_recorded", "attempt_finished", "score_changed")
    with app.app_context():
        learner = db.session.get(Learner, learner_id)
        assignment = db.session.get(Assignment, assignment_id)
        with caught(app, *every) as sent:
            attempt = start_attempt(learner, seed_pack, assignment.feedback_mode, assignment)
        assert sent == {**{name: [] for name in every}, "attempt_started": [{"attempt": attempt}]}

        with caught(app, *every) as sent:
            question, response = answer(attempt, seed_pack, 1, right=False)
            answer(attempt, seed_pack, 1, right=False)  # the same answer again: nothing stored
        recorded = {"attempt": attempt, "question": question, "response": response}
        assert sent == {**{name: [] for name in every}, "answer_recorded": [recorded]}

        with caught(app, "answer_recorded") as sent:
            _question, changed = answer(attempt, seed_pack, 1, right=True)
        assert sent["answer_recorded"] == [
            {"attempt": attempt, "question": question, "response": changed}
        ]

        with caught(app, *every) as sent:
            submit_attempt(attempt)
            submit_attempt(attempt)
        finished = {"attempt": attempt, "reason": FinishReason.SUBMITTED}
        assert sent == {**{name: [] for name in every}, "attempt_finished": [finished]}


def test_the_last_immediate_answer_and_a_deadline_finish_an_attempt_once(app, ana, seed_pack):
    learner_id, assignment_id = ana
    with app.app_context():
        learner = db.session.get(Learner, learner_id)
        attempt = start_attempt(learner, seed_pack, FeedbackMode.IMMEDIATE)
        total = len(attempt.question_order)
        with caught(app, "attempt_finished", "answer_recorded") as sent:
            for position in range(1, total + 1):
                answer(attempt, seed_pack, position)
        assert len(sent["answer_recorded"]) == total
        assert sent["attempt_finished"] == [{"attempt": attempt, "reason": FinishReason.SUBMITTED}]

        assignment = db.session.get(Assignment, assignment_id)
        timed = start_attempt(learner, seed_pack, assignment.feedback_mode, assignment)
        timed.deadline = dt.datetime(2020, 1, 1)
        with caught(app, "attempt_finished") as sent:
            assert finish_if_over(timed) and finish_if_over(timed)
        assert sent["attempt_finished"] == [{"attempt": timed, "reason": FinishReason.TIME_LIMIT}]


def publish_with_another_right_option(app, question_id: str) -> None:
    """A new version of the seed pack in which another option of `question_id` is the right one."""
    with app.app_context():
        stored = stored_pack(SEED_PACK)
        data = copy.deepcopy(stored.draft)
        options = next(q for q in data["questions"] if q["id"] == question_id)["options"]
        right = next(n for n, o in enumerate(options) if o["correct"])
        for number, option in enumerate(options):
            option["correct"] = number == (right + 1) % len(options)
            option.setdefault("feedback", {"en": "Not in version 2.", "de": "Nicht in Version 2."})
        save_draft(stored, data, stored.revision)
        publish(stored)


def item_analysis(app, assignment_id: int, question_id: str):
    """The right options and the facility of one question in the assignment's item analysis."""
    with app.test_request_context():
        assignment = db.session.get(Assignment, assignment_id)
        analysis = analyse(pinned_pack(assignment), assignment_attempts(assignment), page_texts)
        item = next(i for i in analysis.items if i.question.id == question_id)
        return [option.correct for option in item.question.options], item.stats.facility


def submitted_attempt(app, ana, seed_pack) -> tuple[int, float, str]:
    """Ana's attempt at the assignment, every question answered and submitted: its id, its score
    and the id of the first single-choice question (the one a new version changes)."""
    learner_id, assignment_id = ana
    with app.app_context():
        learner = db.session.get(Learner, learner_id)
        assignment = db.session.get(Assignment, assignment_id)
        attempt = start_attempt(learner, seed_pack, assignment.feedback_mode, assignment)
        for position in range(1, len(attempt.question_order) + 1):
            answer(attempt, seed_pack, position)
        submit_attempt(attempt)
        question_id = next(q.id for q in seed_pack.questions if q.type == "single_choice")
        return attempt.id, attempt.score, question_id


def test_a_regrade_sends_score_changed_per_attempt_and_the_analysis_follows(app, ana, seed_pack):
    assignment_id = ana[1]
    attempt_id, old_score, question_id = submitted_attempt(app, ana, seed_pack)
    before = item_analysis(app, assignment_id, question_id)  # kept by the worker from now on
    assert before[1] == 1.0
    publish_with_another_right_option(app, question_id)
    with app.app_context(), caught(app, "score_changed") as sent:
        move_assignment(db.session.get(Assignment, assignment_id))
        moved = sent["score_changed"]
        assert [change["attempt"].id for change in moved] == [attempt_id]
        assert moved[0]["old_score"] == old_score and moved[0]["new_score"] == old_score - 1
    options, facility = item_analysis(app, assignment_id, question_id)
    assert options != before[0] and facility == 0.0


def test_another_worker_s_kept_analysis_follows_a_move_it_did_not_see(app, ana, seed_pack):
    """A worker that did not run the move keeps the old version's analysis: it is keyed by the
    version the attempts are pinned to, so the next dashboard there reads the regraded answers."""
    assignment_id = ana[1]
    _attempt_id, _score, question_id = submitted_attempt(app, ana, seed_pack)
    before = item_analysis(app, assignment_id, question_id)
    other_worker = dict(app.extensions["quizapp.analyses"])
    publish_with_another_right_option(app, question_id)
    with app.app_context():
        move_assignment(db.session.get(Assignment, assignment_id))
    app.extensions["quizapp.analyses"] = other_worker  # as a worker the signal never reached
    options, facility = item_analysis(app, assignment_id, question_id)
    assert options != before[0] and facility == 0.0
