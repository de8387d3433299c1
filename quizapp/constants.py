"""The fixed vocabularies of the app, as string enums: stored in the database and sent in forms as
their values, compared in code and templates by name."""

from enum import StrEnum


class FeedbackMode(StrEnum):
    """When a learner sees right, wrong and the explanations: the names of the built-in
    behaviours (quizapp/behaviours/ holds their rules)."""

    IMMEDIATE = "immediate"  # after each question; an answer shown right or wrong is final
    AFTER_ATTEMPT = "after_attempt"  # deferred: at the end of the attempt
    AFTER_CLOSE = "after_close"  # deferred: once the assignment has closed


class FinishReason(StrEnum):
    """Why an attempt ended."""

    SUBMITTED = "submitted"
    TIME_LIMIT = "time_limit"
    CLOSED = "closed"

    @property
    def timed_out(self) -> bool:
        return self is not FinishReason.SUBMITTED


class AttemptStatus(StrEnum):
    """Where a learner stands with an assignment, as the teacher's dashboard shows it."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


FEEDBACK_MODES = tuple(FeedbackMode)


class Verdict(StrEnum):
    """How an answer was graded, in words: all the points, some of them, none."""

    RIGHT = "right"
    PARTLY = "partly"
    WRONG = "wrong"

    @classmethod
    def of(cls, fraction: float) -> "Verdict":
        """The verdict of a grade's fraction of the question's points."""
        if fraction >= 1.0:
            return cls.RIGHT
        return cls.PARTLY if fraction > 0 else cls.WRONG


class NextStep(StrEnum):
    """Where a learner goes after answering a question (a behaviour's answer to "what next")."""

    FEEDBACK = "feedback"  # the same question again, its feedback shown
    EVIDENCE = "evidence"  # marking the sentence that proves the answer just given
    QUESTION = "question"  # the next question (or the one the learner asked for)
    SUMMARY = "summary"  # the overview before submitting
    RESULTS = "results"  # the attempt is over: the results page
    LIVE = "live"  # the live lesson's page (the step's number is the lesson's id, not a position)


class AnswerRefusal(StrEnum):
    """Why an answer sent for a question was not recorded (attempts.answer_question)."""

    ATTEMPT_OVER = "attempt_over"  # submitted, out of time or closed before this answer
    FORM_INCOMPLETE = "form_incomplete"  # the form does not say which question it answers
    OTHER_QUESTION = "other_question"  # the form answers another question than the one shown
    ASK_AGAIN = "ask_again"  # blank or unreadable: the question is asked again, saying why
    NOT_A_CHOICE = "not_a_choice"  # a value the question's form cannot send
    ALREADY_ANSWERED = "already_answered"  # a different answer stands and may not change
    ELSEWHERE = "elsewhere"  # the attempt takes answers on another page (a live lesson's only)
