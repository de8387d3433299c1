"""Each feedback mode's rules (quizapp/behaviours/), tested without HTTP or a database: attempts
here are small objects with the attributes a behaviour reads."""

import datetime as dt
from types import SimpleNamespace

import pytest

from quizapp.attempts import present_question
from quizapp.behaviours import BEHAVIOURS, Behaviour, behaviour, behaviour_of, register
from quizapp.behaviours.after_attempt import AfterAttempt
from quizapp.constants import FeedbackMode, FinishReason, NextStep, Verdict

NOW = dt.datetime(2026, 12, 7, 10, 0)
CLOSES = NOW + dt.timedelta(hours=1)


def attempt(
    mode=FeedbackMode.IMMEDIATE,
    questions=4,
    answered=0,
    finished=False,
    deadline=None,
    closes_at=None,
    time_limit_minutes=None,
):
    """An attempt of `questions` questions, the first `answered` of them answered."""
    assignment = SimpleNamespace(closes_at=closes_at, time_limit_minutes=time_limit_minutes)
    return SimpleNamespace(
        feedback_mode=mode,
        question_order=[f"q{n}" for n in range(1, questions + 1)],
        resume_point=answered + 1 if answered < questions else None,
        finished=finished,
        deadline=deadline,
        assignment=assignment,
    )


def test_every_feedback_mode_has_a_behaviour_chosen_by_the_attempts_mode():
    for mode in FeedbackMode:
        assert behaviour(mode).name == mode
        assert behaviour_of(attempt(mode)) is BEHAVIOURS[mode]
        assert behaviour_of(attempt(mode.value)) is BEHAVIOURS[mode]  # as the database stores it
    with pytest.raises(KeyError):
        behaviour("no-such-mode")


def test_a_second_behaviour_of_one_name_is_refused():
    class Another(AfterAttempt):
        name = FeedbackMode.AFTER_ATTEMPT

    with pytest.raises(ValueError, match="registered already"):
        register(Another)
    assert type(behaviour(FeedbackMode.AFTER_ATTEMPT)) is AfterAttempt


def test_immediate_feedback_shows_each_answer_and_keeps_it():
    rules = behaviour(FeedbackMode.IMMEDIATE)
    running = attempt(answered=1)
    assert rules.feedback_on_answer and not rules.feedback_waits_for_close
    assert not rules.may_change(running)
    assert rules.may_open(running, 1, answered=True)
    assert rules.may_open(running, 2, answered=False)  # the next one
    assert not rules.may_open(running, 3, answered=False)  # not beyond
    assert rules.after_answer(running, 1) == (NextStep.FEEDBACK, 1)
    assert not rules.finishes_on_answer(running)
    assert rules.finishes_on_answer(attempt(answered=4))  # the last one answered: over
    over = attempt(answered=2, finished=True)
    assert rules.may_open(over, 1, answered=True) and not rules.may_open(over, 3, answered=False)
    assert rules.feedback_visible(over) and not rules.feedback_visible(running)
    assert rules.score_visible(running) and rules.score_visible(over)


def test_feedback_after_the_attempt_lets_answers_change_until_submitted():
    rules = behaviour(FeedbackMode.AFTER_ATTEMPT)
    running = attempt(FeedbackMode.AFTER_ATTEMPT, answered=1)
    assert not rules.feedback_on_answer
    assert rules.may_change(running)
    assert rules.may_open(running, 4, answered=False)  # skip ahead
    assert rules.after_answer(running, 1) == (NextStep.QUESTION, 2)
    assert rules.after_answer(running, 4) == (NextStep.SUMMARY, None)
    assert not rules.finishes_on_answer(attempt(FeedbackMode.AFTER_ATTEMPT, answered=4))
    over = attempt(FeedbackMode.AFTER_ATTEMPT, answered=2, finished=True)
    assert not rules.may_change(over)
    assert rules.may_open(over, 1, answered=True) and not rules.may_open(over, 3, answered=False)
    assert rules.after_answer(over, 1) == (NextStep.RESULTS, None)
    assert rules.feedback_visible(over) and not rules.feedback_visible(running)
    assert rules.score_visible(over)


def test_feedback_after_the_close_waits_for_the_closing_time():
    rules = behaviour(FeedbackMode.AFTER_CLOSE)
    over = attempt(FeedbackMode.AFTER_CLOSE, answered=4, finished=True, closes_at=CLOSES)
    assert rules.feedback_waits_for_close and rules.may_change(attempt(FeedbackMode.AFTER_CLOSE))
    assert not rules.feedback_visible(over, NOW) and not rules.score_visible(over, NOW)
    assert rules.feedback_visible(over, CLOSES) and rules.score_visible(over, CLOSES)
    unclosed = attempt(FeedbackMode.AFTER_CLOSE, finished=True)  # practice: it never closes
    assert not rules.feedback_visible(unclosed, CLOSES)
    running = attempt(FeedbackMode.AFTER_CLOSE, closes_at=NOW)
    assert not rules.feedback_visible(running, CLOSES)


@pytest.mark.parametrize("mode", list(FeedbackMode))
def test_an_attempt_ends_at_the_close_or_its_time_limit_whichever_comes_first(mode):
    rules = behaviour(mode)
    assert rules.deadline(None, NOW) is None  # practice
    limited = SimpleNamespace(closes_at=CLOSES, time_limit_minutes=20)
    assert rules.deadline(limited, NOW) == NOW + dt.timedelta(minutes=20)
    long = SimpleNamespace(closes_at=CLOSES, time_limit_minutes=90)
    assert rules.deadline(long, NOW) == CLOSES
    open_ended = SimpleNamespace(closes_at=None, time_limit_minutes=None)
    assert rules.deadline(open_ended, NOW) is None

    timed = attempt(mode, deadline=NOW, closes_at=CLOSES)
    assert rules.due(timed, NOW - dt.timedelta(seconds=1)) is None
    assert rules.due(timed, NOW) == FinishReason.TIME_LIMIT
    closed = attempt(mode, deadline=CLOSES, closes_at=CLOSES)
    assert rules.due(closed, CLOSES) == FinishReason.CLOSED
    assert rules.due(attempt(mode), CLOSES) is None


@pytest.mark.parametrize("mode", list(FeedbackMode))
def test_a_learner_coming_back_goes_to_the_first_unanswered_question_then_on(mode):
    rules = behaviour(mode)
    assert rules.resume_step(attempt(mode, answered=2)) == (NextStep.QUESTION, 3)
    assert rules.resume_step(attempt(mode, answered=4)) == (NextStep.SUMMARY, None)
    assert rules.resume_step(attempt(mode, finished=True)) == (NextStep.RESULTS, None)


def test_a_behaviour_must_answer_every_question():
    class Unfinished(Behaviour):
        name = "unfinished"

    with pytest.raises(TypeError):
        Unfinished()


def question(sequence=(), choices=(), options=()):
    return SimpleNamespace(id="q", options=list(options), choices=list(choices), sequence=sequence)


def test_a_run_shows_a_question_the_same_way_every_time_for_its_seed():
    asked = question(choices=list("abcdefgh"), options=list("ABCDEFGH"))
    first = present_question(asked, 17, shuffle_options=True)
    assert present_question(asked, 17, shuffle_options=True) == first
    assert present_question(asked, "17", shuffle_options=True) == first  # a seed string alike
    assert sorted(first.choices) == list("abcdefgh")
    assert sorted(first.options) == list("ABCDEFGH")
    assert present_question(asked, 17).options == list("ABCDEFGH")  # options keep their order
    seen = {tuple(present_question(asked, seed).choices) for seed in range(20)}
    assert len(seen) > 1


def test_an_ordering_question_never_starts_in_its_right_order():
    for items in (("first", "second"), ("a", "b", "c")):
        for seed in range(200):
            shown = present_question(question(sequence=items), f"preview-{seed}").items
            assert sorted(shown) == sorted(items) and tuple(shown) != items, seed
    assert present_question(question(sequence=("only",)), 1).items == ["only"]


def test_a_verdict_is_read_from_a_grades_fraction():
    assert [Verdict.of(f) for f in (1.0, 0.5, 0.0)] == [
        Verdict.RIGHT,
        Verdict.PARTLY,
        Verdict.WRONG,
    ]
