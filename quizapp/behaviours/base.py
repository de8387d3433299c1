"""What every feedback mode answers about an attempt (as Moodle's question/behaviour/*), and the
table of modes: a mode is one class, registered by name, chosen by the name an attempt stores."""

import datetime as dt
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

from ..constants import FinishReason, NextStep
from ..engine.registry import Registry
from ..models import utcnow

if TYPE_CHECKING:
    from ..models import Assignment, Attempt


class Behaviour(ABC):
    """The rules of one feedback mode: whether an answer may change, which questions open, what
    comes after an answer, when the attempt finishes, and when feedback and the score show.

    The methods read the attempt (its `finished`, `finished_at`, `question_order`, `resume_point`,
    `deadline` and `assignment`) and never change it: attempts.py acts on what they decide.
    """

    name: ClassVar[str]  # stored in Attempt.feedback_mode and Assignment.feedback_mode
    # Whether the question page shows right, wrong and the explanation as soon as it is answered.
    feedback_on_answer: ClassVar[bool] = False
    # Whether feedback waits for the assignment's closing time; while such an assignment is open,
    # practising its pack (which shows the answers) is closed (attempts.practice_withheld_until).
    feedback_waits_for_close: ClassVar[bool] = False
    # Whether an assignment asking for the evidence asks for it in this mode (and counts it in
    # the score and its maximum): a live lesson, run at the teacher's pace, never asks.
    marks_evidence: ClassVar[bool] = True
    # Whether the learner's "Submit all" finishes the attempt: a live lesson's attempt finishes
    # when the teacher ends the lesson (attempts.submit_attempt leaves it running).
    learner_submits: ClassVar[bool] = True
    # Whether the quiz's question pages take answers: a live lesson's attempt answers on the
    # lesson's page only (attempts.answer_question refuses the others, AnswerRefusal.ELSEWHERE).
    quiz_pages_answer: ClassVar[bool] = True
    # Whether its feedback, once due, still waits while another teacher's running quiz withholds
    # the pack's answers from this class's teacher (attempts.feedback_visible asks): a live
    # lesson started before that quiz was given shows the whole class its answers at the end.
    waits_for_other_classes: ClassVar[bool] = False

    @abstractmethod
    def may_change(self, attempt: "Attempt") -> bool:
        """Whether a stored answer may be replaced by a different one now."""

    @abstractmethod
    def may_open(self, attempt: "Attempt", position: int, answered: bool) -> bool:
        """Whether the learner may open the question at `position` (`answered`: it has a response)."""

    @abstractmethod
    def after_answer(self, attempt: "Attempt", position: int) -> tuple[NextStep, int | None]:
        """Where the learner goes after answering the question at `position`, with the position of
        the question that step shows (None for the summary and the results)."""

    def finishes_on_answer(self, attempt: "Attempt") -> bool:
        """Whether the answer just stored finishes the attempt (default: only a submission does)."""
        return False

    def deadline(self, assignment: "Assignment | None", now: dt.datetime) -> dt.datetime | None:
        """When an attempt started `now` ends by itself: the earlier of the assignment's closing
        time and the end of its time limit; None for practice or an assignment with neither."""
        if assignment is None:
            return None
        ends = [assignment.closes_at] if assignment.closes_at else []
        if assignment.time_limit_minutes:
            ends.append(now + dt.timedelta(minutes=assignment.time_limit_minutes))
        return min(ends) if ends else None

    def due(self, attempt: "Attempt", now: dt.datetime) -> FinishReason | None:
        """Why an unfinished attempt is over by itself at `now` (its time is up, or the
        assignment has closed), or None while it runs."""
        if attempt.deadline is None or now < attempt.deadline:
            return None
        closes = attempt.assignment.closes_at if attempt.assignment else None
        if closes is not None and attempt.deadline >= closes:
            return FinishReason.CLOSED
        return FinishReason.TIME_LIMIT

    def feedback_visible(self, attempt: "Attempt", now: dt.datetime | None = None) -> bool:
        """Whether the learner may see right, wrong and the explanations on the results page."""
        return attempt.finished

    def score_visible(self, attempt: "Attempt", now: dt.datetime | None = None) -> bool:
        """Whether the learner may see the attempt's score."""
        return True

    def resume_step(self, attempt: "Attempt") -> tuple[NextStep, int | None]:
        """Where a learner coming back to the attempt goes: the first unanswered question, the
        summary once all are answered, the results once it is over."""
        if attempt.finished:
            return NextStep.RESULTS, None
        position = attempt.resume_point
        return (NextStep.SUMMARY, None) if position is None else (NextStep.QUESTION, position)


BEHAVIOURS: Registry[Behaviour] = Registry("feedback mode")
register = BEHAVIOURS.register


def behaviour(name: str) -> Behaviour:
    """The feedback mode of that name; KeyError for one not registered."""
    return BEHAVIOURS[name]


def now_or(now: dt.datetime | None) -> dt.datetime:
    """`now`, or the current time (naive UTC, as the database stores times)."""
    return now or utcnow()
