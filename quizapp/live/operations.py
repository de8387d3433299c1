"""The live lesson's rules: starting it, moving the class through the questions (next, close,
vote again, reveal, end), learners joining and answering, the class's tallies, the scores, and
the inputs of the pages' ETags. Every rule is here, testable without HTTP.

The lesson's state is one row (models.LiveLesson), so two app servers serve one lesson: a step
locks that row (SELECT ... FOR UPDATE on PostgreSQL) and refuses a stale revision, and an answer
reads it FOR SHARE, so no answer slips in after the teacher closed the question.
"""

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from babel.numbers import format_compact_decimal, format_decimal, format_scientific
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from ..assignments import AssignmentSettings, PackWithheld, assign_pack
from ..attempts import AnswerOutcome, answer_question, finish_attempt, question_key, start_attempt
from ..bank import Pack
from ..behaviours.live import LIVE
from ..constants import AnswerRefusal, FinishReason
from ..engine import AskAgain, Question, ResponseError, grade_answer, question_type, read_response
from ..engine.control_characters import form_without_control_characters
from ..extensions import db
from ..models import (
    Assignment,
    Attempt,
    Classroom,
    Instructor,
    Learner,
    LiveLesson,
    LivePhase,
    LiveSeat,
    LiveVote,
    Response,
    utcnow,
)
from ..packs import packs_for, pinned_pack, stored_pack, withheld_from
from ..statistics import count_answers
from ..views import date_time, page_texts

SPEED_WINDOW = 20.0  # seconds: a right answer sent sooner earns part of the speed bonus
SPEED_SHARE = 0.5  # the most a speed bonus adds, as a share of the answer's points
LEADERBOARD_SIZE = 10
NUMBER_BINS = 6
COMPACT_LIMIT = 1e15  # a range label at least this large is written 1.23E15


class Step(StrEnum):
    """What the teacher's controls do to the lesson."""

    NEXT = "next"  # open the next question (round 1)
    CLOSE = "close"  # stop taking answers
    AGAIN = "again"  # reopen a closed, unrevealed question for a second vote (once)
    REVEAL = "reveal"  # show the class's answers, the right answer and the quote
    END = "end"  # finish every attempt; results land in the dashboard


class Refusal(StrEnum):
    """Why the lesson refused a step, a join or an answer."""

    STALE = "stale"  # the teacher's page showed an older revision (a double click, two tabs)
    NOT_NOW = "not_now"  # the step does not apply in the lesson's phase
    NO_MORE_QUESTIONS = "no_more_questions"
    ENDED = "ended"
    CLOSED = "closed"  # an answer to a question that is no longer open
    UNFINISHED_ATTEMPT = "unfinished_attempt"  # the learner has a quiz attempt running
    NO_QUIZ = "no_quiz"  # the assignment's pack cannot be read
    NO_SUCH_QUIZ = "no_such_quiz"  # the class page named a pack the teacher may not assign
    WITHHELD = "withheld"  # another class's quiz withholds the answers the lesson would show
    ARCHIVED = "archived"  # the quiz (or its class) was archived: the lesson may only end
    CLASS_ARCHIVED = "class_archived"  # a lesson started from an archived class's page


class LiveRefused(Exception):
    """A refused step, join or answer; `text()` says why in the user's language, `status` is the
    HTTP status a page answers with."""

    STATUS = {Refusal.NO_QUIZ: 404, Refusal.NO_SUCH_QUIZ: 404}

    def __init__(self, refusal: Refusal, until: dt.datetime | None = None):
        super().__init__(refusal.value)
        self.refusal = refusal
        self.until = until  # WITHHELD: when the withholding quiz closes

    @property
    def status(self) -> int:
        return self.STATUS.get(self.refusal, 409)

    def text(self) -> str:
        messages = {
            Refusal.STALE: _(
                "The lesson moved on since this page was shown (a second click, or another "
                "window). Nothing was changed: here is where the lesson is now."
            ),
            Refusal.NOT_NOW: _("That step does not fit where the lesson is now; nothing changed."),
            Refusal.NO_MORE_QUESTIONS: _("That was the last question. End the lesson to finish."),
            Refusal.ENDED: _("This live lesson has ended."),
            Refusal.CLOSED: _(
                "The teacher closed this question before your answer arrived, so it was not "
                "counted. Your earlier answers are kept."
            ),
            Refusal.UNFINISHED_ATTEMPT: _(
                "You have started this quiz on your own already. Finish it first (or ask your "
                "teacher), then join the live lesson."
            ),
            Refusal.NO_QUIZ: _("The quiz of this assignment is no longer available."),
            Refusal.NO_SUCH_QUIZ: _("There is no such quiz."),
            Refusal.ARCHIVED: _("The quiz is archived: closed and hidden from your learners."),
            Refusal.CLASS_ARCHIVED: _(
                "This class is archived. Restore it to start a live lesson with it."
            ),
        }
        if self.refusal is Refusal.WITHHELD:
            return _(
                "Another class is taking this quiz and sees its answers only after %(date)s. "
                "Until then, a live lesson of it cannot show them.",
                date=date_time(self.until),
            )
        return messages[self.refusal]


# -- starting and stepping -----------------------------------------------------------------


def running_lesson(assignment: Assignment) -> LiveLesson | None:
    """The assignment's live lesson that has not ended, if any."""
    return db.session.scalar(
        select(LiveLesson).filter_by(assignment_id=assignment.id, ended_at=None)
    )


def start_lesson(
    assignment: Assignment,
    teacher: Instructor,
    *,
    speed_bonus: bool = False,
    leaderboard: bool = False,
) -> LiveLesson:
    """The assignment's running live lesson (its settings kept), or a new one in the lobby with
    the questions in the pinned version's order. WITHHELD while another class's running quiz
    withholds the pack's answers from this teacher: a lesson's reveal shows them at once, as an
    assignment with immediate feedback would; ARCHIVED or CLASS_ARCHIVED for an archived quiz
    or class."""
    lesson = running_lesson(assignment)
    if lesson is not None:
        return lesson
    if assignment.classroom.archived_at is not None:  # one of its quizzes restored alone
        raise LiveRefused(Refusal.CLASS_ARCHIVED)
    if archived(assignment):
        raise LiveRefused(Refusal.ARCHIVED)
    refuse_if_withheld(assignment, teacher)
    pack = pinned_pack(assignment)
    if pack is None:
        raise LiveRefused(Refusal.NO_QUIZ)
    lesson = LiveLesson(
        assignment=assignment,
        instructor=teacher,
        phase=LivePhase.LOBBY,
        question_order=[q.id for q in pack.questions],
        languages=[
            language
            for language in pack.languages
            if not assignment.languages or language in assignment.languages
        ]
        or list(pack.languages),
        speed_bonus=speed_bonus,
        leaderboard=leaderboard,
    )
    db.session.add(lesson)
    try:
        db.session.commit()
    except IntegrityError:  # a second click started one at the same moment: that one runs
        db.session.rollback()
        lesson = running_lesson(assignment)
        if lesson is None:
            raise
    return lesson


def start_class_lesson(
    classroom: Classroom,
    teacher: Instructor,
    pack_slug: str,
    *,
    speed_bonus: bool = False,
    leaderboard: bool = False,
) -> LiveLesson:
    """A live lesson of a pack the teacher may assign, held for their `classroom`: the pack is
    assigned to the class as any quiz is (open now, no closing time, every language of the
    pack), then the lesson starts on that assignment. NO_SUCH_QUIZ for a pack the teacher may not
    assign, WITHHELD while another class's running quiz withholds its answers, CLASS_ARCHIVED
    for an archived class (whose quizzes are closed and hidden from its learners)."""
    if classroom.archived_at is not None:
        raise LiveRefused(Refusal.CLASS_ARCHIVED)
    if pack_slug not in packs_for(teacher.id):
        raise LiveRefused(Refusal.NO_SUCH_QUIZ)
    try:
        assignment, _created = assign_pack(classroom, pack_slug, AssignmentSettings())
    except PackWithheld as withheld:
        raise LiveRefused(Refusal.WITHHELD, withheld.until) from None
    return start_lesson(assignment, teacher, speed_bonus=speed_bonus, leaderboard=leaderboard)


def archived(assignment: Assignment) -> bool:
    """Whether the assignment was archived (closed and hidden from its learners), its class with
    it: its lesson takes no more learners or answers, and only ends."""
    return assignment.archived_at is not None


def refuse_if_withheld(assignment: Assignment, teacher: Instructor) -> None:
    """Refuse (WITHHELD) a lesson that would show a pack's answers which another teacher's
    running quiz withholds from this one (packs.withheld_from): a lesson reveals them at once,
    as feedback on answering would, which assigning the pack refuses too."""
    stored = stored_pack(assignment.pack_slug)
    until = withheld_from(teacher, stored) if stored is not None else None
    if until is not None:
        raise LiveRefused(Refusal.WITHHELD, until)


def _locked(lesson_id: int, *, read: bool = False) -> LiveLesson:
    """The lesson's row, read afresh and locked until the commit (FOR UPDATE, or FOR SHARE when
    `read`); SQLite, which has no row locks, serialises writers itself."""
    query = (
        select(LiveLesson)
        .where(LiveLesson.id == lesson_id)
        .with_for_update(read=read)
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(query).one()


def step(
    lesson_id: int, action: Step | str, revision: int, now: dt.datetime | None = None
) -> LiveLesson:
    """Apply the teacher's `action` to the lesson their page showed at `revision`: refused (and
    nothing changed) when the lesson has moved on since, or when the step does not apply now."""
    now = now or utcnow()
    lesson = _locked(lesson_id)
    try:
        if lesson.revision != revision:
            raise LiveRefused(Refusal.STALE)
        if lesson.phase == LivePhase.ENDED:
            raise LiveRefused(Refusal.ENDED)
        if action not in STEPS:
            raise LiveRefused(Refusal.NOT_NOW)
        if action != Step.END and archived(lesson.assignment):
            raise LiveRefused(Refusal.ARCHIVED)
        STEPS[Step(action)](lesson, now)
    except LiveRefused:
        db.session.rollback()
        raise
    lesson.revision += 1
    db.session.commit()
    return lesson


def _next(lesson: LiveLesson, now: dt.datetime) -> None:
    """Open the next question the assignment's version still has (a version move mid-lesson
    may have dropped some of the order taken at the start)."""
    pack = pinned_pack(lesson.assignment)
    asked = {question.id for question in pack.questions} if pack else set()
    later = range(lesson.position, len(lesson.question_order))
    position = next((i + 1 for i in later if lesson.question_order[i] in asked), None)
    if position is None:
        raise LiveRefused(Refusal.NO_MORE_QUESTIONS)
    lesson.position = position
    lesson.question_id = lesson.question_order[lesson.position - 1]
    lesson.round = 1
    lesson.phase = LivePhase.OPEN
    lesson.opened_at = now


def _close(lesson: LiveLesson, now: dt.datetime) -> None:
    if lesson.phase != LivePhase.OPEN:
        raise LiveRefused(Refusal.NOT_NOW)
    lesson.phase = LivePhase.CLOSED


def _again(lesson: LiveLesson, now: dt.datetime) -> None:
    """A second vote after discussion: only on a closed question not yet revealed, and once."""
    if lesson.phase != LivePhase.CLOSED or lesson.round != 1:
        raise LiveRefused(Refusal.NOT_NOW)
    lesson.round = 2
    lesson.phase = LivePhase.OPEN
    lesson.opened_at = now


def _reveal(lesson: LiveLesson, now: dt.datetime) -> None:
    """Show the answer; refused while another class's quiz, given since the lesson started,
    withholds it from the lesson's teacher."""
    if lesson.phase not in (LivePhase.OPEN, LivePhase.CLOSED):
        raise LiveRefused(Refusal.NOT_NOW)
    refuse_if_withheld(lesson.assignment, lesson.assignment.classroom.instructor)
    lesson.phase = LivePhase.REVEALED


def _end(lesson: LiveLesson, now: dt.datetime) -> None:
    """Finish every attempt of the lesson with the answers it holds: the dashboard, statistics
    and exports take them as any finished attempt. An unfinished live attempt of the assignment
    that never got its seat (a join cut off between its two commits) ends too: one lesson runs
    per assignment at a time, so it can only be this one's."""
    lesson.phase = LivePhase.ENDED
    lesson.ended_at = now
    _responses_as_voted(lesson)
    attempts = db.session.scalars(
        select(Attempt).filter(
            Attempt.assignment_id == lesson.assignment_id,
            Attempt.feedback_mode == LIVE,
            Attempt.finished_at.is_(None),
        )
    )
    for attempt in attempts:
        finish_attempt(attempt, FinishReason.SUBMITTED, at=now)


def _responses_as_voted(lesson: LiveLesson) -> None:
    """Make each attempt's responses the lesson's final votes before the attempts finish: an
    answer that reached the attempt another way (the quiz's own question page, while some
    question was open) does not count; the votes, taken only while their question was open,
    do. A final vote the response agrees with takes its grade, which a version move may have
    changed since the vote was graded."""
    final = {}
    for vote in db.session.scalars(
        select(LiveVote).filter_by(lesson_id=lesson.id).order_by(LiveVote.round)
    ):
        final[vote.attempt_id, vote.question_id] = vote
    responses = db.session.scalars(
        select(Response)
        .join(LiveSeat, LiveSeat.attempt_id == Response.attempt_id)
        .where(LiveSeat.lesson_id == lesson.id)
    )
    for response in responses:
        vote = final.get((response.attempt_id, response.question_id))
        if vote is None:
            db.session.delete(response)
        elif response.answer != vote.answer:
            response.answer, response.given = vote.answer, vote.given
            response.fraction, response.points = vote.fraction, vote.points
        else:  # a version move mid-lesson regraded the response: the lesson's scores follow
            vote.fraction, vote.points = response.fraction, response.points
    db.session.flush()
    for attempt in db.session.scalars(
        select(Attempt)
        .join(LiveSeat, LiveSeat.attempt_id == Attempt.id)
        .filter(LiveSeat.lesson_id == lesson.id)
    ):
        db.session.expire(attempt, ["responses"])


STEPS = {
    Step.NEXT: _next,
    Step.CLOSE: _close,
    Step.AGAIN: _again,
    Step.REVEAL: _reveal,
    Step.END: _end,
}


# -- learners ------------------------------------------------------------------------------


def running_lessons(classroom_id: int | None) -> list[int]:
    """The ids of the class's live lessons that have not ended (a learner's start page links
    them)."""
    if classroom_id is None:
        return []
    return list(
        db.session.scalars(
            select(LiveLesson.id)
            .join(Assignment, Assignment.id == LiveLesson.assignment_id)
            .where(
                Assignment.classroom_id == classroom_id,
                Assignment.archived_at.is_(None),
                LiveLesson.ended_at.is_(None),
            )
            .order_by(LiveLesson.id)
        )
    )


def seat_of(lesson: LiveLesson, learner_id: int) -> LiveSeat | None:
    """The learner's seat in the lesson, if they joined."""
    return db.session.scalar(select(LiveSeat).filter_by(lesson_id=lesson.id, learner_id=learner_id))


def join(lesson: LiveLesson, learner: Learner) -> LiveSeat:
    """The learner's seat in the lesson: the one they have (a reload, a second device, a phone
    back on the network), or a new one with an attempt in the "live" mode on the assignment's
    pinned version. Refused once the lesson has ended, or while the learner has an unfinished
    attempt of their own at the assignment (one unfinished attempt per assignment). The
    lesson's row is read afresh (FOR SHARE) before the attempt starts and again before the
    seat is taken, so a join racing the teacher's "end" never leaves an attempt running."""
    seat = seat_of(lesson, learner.id)
    if seat is not None:
        return seat
    assignment = _running(lesson.id).assignment
    running = db.session.scalar(
        select(Attempt).filter_by(
            learner_id=learner.id, assignment_id=assignment.id, finished_at=None
        )
    )
    if running is not None and running.feedback_mode != LIVE:
        raise LiveRefused(Refusal.UNFINISHED_ATTEMPT)
    pack = pinned_pack(assignment)
    if pack is None:
        raise LiveRefused(Refusal.NO_QUIZ)
    try:
        attempt = running or start_attempt(learner, pack, LIVE, assignment)  # commits
        ended = _ended_since(lesson.id, attempt)
        if ended is not None:
            raise ended
        seat = LiveSeat(lesson_id=lesson.id, learner_id=learner.id, attempt_id=attempt.id)
        db.session.add(seat)
        db.session.commit()
    except IntegrityError:  # the same learner joining from two requests at once
        db.session.rollback()
        seat = seat_of(lesson, learner.id)
        if seat is None:
            raise
    return seat


def _running(lesson_id: int) -> LiveLesson:
    """The lesson's row read afresh and share-locked; LiveRefused ENDED (lock released) once it
    has ended or its quiz was archived."""
    lesson = _locked(lesson_id, read=True)
    if lesson.phase == LivePhase.ENDED or archived(lesson.assignment):
        db.session.rollback()
        raise LiveRefused(Refusal.ENDED)
    return lesson


def _ended_since(lesson_id: int, attempt: Attempt) -> LiveRefused | None:
    """The refusal of a join whose lesson ended while its attempt started (the end finished the
    attempts it found seated, not this one): the attempt ends now, empty, and the join is
    refused; None while the lesson runs (its row stays share-locked until the seat commits)."""
    try:
        _running(lesson_id)
    except LiveRefused as refused:
        finish_attempt(attempt, FinishReason.SUBMITTED)
        db.session.commit()
        return refused
    return None


def current_question(lesson: LiveLesson, pack: Pack) -> Question | None:
    """The question the lesson is on (None in the lobby)."""
    return pack.question(lesson.question_id) if lesson.question_id else None


def position_in(attempt: Attempt, question: Question) -> int:
    """The question's position in the learner's attempt (its order may be shuffled)."""
    return attempt.question_order.index(question.id) + 1


def record_answer(
    lesson_id: int, seat: LiveSeat, form: MultiDict, locale: str, now: dt.datetime | None = None
) -> AnswerOutcome:
    """As _record_answer; a second answer of the learner's that raced this one (two taps sent
    at once) is taken as a change of the vote it stored."""
    try:
        return _record_answer(lesson_id, seat, form, locale, now)
    except _VoteRaced:
        return _record_answer(lesson_id, seat, form, locale, now)


def _record_answer(
    lesson_id: int, seat: LiveSeat, form: MultiDict, locale: str, now: dt.datetime | None
) -> AnswerOutcome:
    """Record a learner's answer to the open question as their vote in this round and as their
    attempt's answer (attempts.answer_question, so the dashboard sees it). `form` carries the
    question form's fields plus `position` and `round` (what the learner's page showed): an
    answer to a question or round that is no longer open is refused (LiveRefused CLOSED) and
    nothing changes; an unreadable one comes back as the outcome's refusal, as in a quiz."""
    now = now or utcnow()
    lesson = _locked(lesson_id, read=True)
    over = lesson.phase == LivePhase.ENDED or archived(lesson.assignment)
    if (
        over
        or lesson.phase != LivePhase.OPEN
        or form.get("position", type=int) != lesson.position
        or form.get("round", type=int) != lesson.round
    ):
        db.session.rollback()
        raise LiveRefused(Refusal.ENDED if over else Refusal.CLOSED)
    attempt = seat.attempt
    pack = pinned_pack(attempt)
    question = current_question(lesson, pack) if pack else None
    if question is None or question.id not in attempt.question_order:  # gone in a version move
        db.session.rollback()
        raise LiveRefused(Refusal.CLOSED if pack else Refusal.NO_QUIZ)
    position = position_in(attempt, question)
    form = MultiDict(
        (key, value)
        for key, value in form_without_control_characters(form).items(multi=True)
        if key not in ("position", "round")
    )
    checked = _checked_answer(attempt, position, question, form, locale)
    if isinstance(checked, AnswerOutcome):
        db.session.rollback()
        return checked
    _store_vote(lesson, attempt, question, checked, now)
    outcome = answer_question(attempt, position, question, form, locale, from_lesson=True)
    if not outcome.recorded:
        db.session.rollback()
        return outcome
    db.session.commit()  # a repeated answer stores nothing in the attempt: the vote still counts
    return outcome


class _Checked(NamedTuple):
    answer: Any
    given: str


def _checked_answer(
    attempt: Attempt, position: int, question: Question, form: MultiDict, locale: str
) -> "_Checked | AnswerOutcome":
    """The answer a form holds, read as the attempt will read it, or the outcome refusing it."""
    if form.get("question") != question_key(attempt, question):
        refusal = AnswerRefusal.FORM_INCOMPLETE if "question" not in form else None
        return AnswerOutcome(position, refusal=refusal or AnswerRefusal.OTHER_QUESTION)
    kind = question_type(question.type)
    try:
        raw = kind.form_response(question, form)
        answer = read_response(question, raw, locale)
    except AskAgain as problem:
        return AnswerOutcome(position, refusal=AnswerRefusal.ASK_AGAIN, problem=problem)
    except ResponseError as problem:
        return AnswerOutcome(position, refusal=AnswerRefusal.NOT_A_CHOICE, problem=problem)
    return _Checked(answer, kind.given_text(question, raw, answer))


def _store_vote(
    lesson: LiveLesson, attempt: Attempt, question: Question, checked: _Checked, now: dt.datetime
) -> None:
    """The learner's vote in this round, new or changed (not committed)."""
    grade = grade_answer(question, checked.answer)
    values = {
        "answer": checked.answer,
        "given": checked.given,
        "fraction": grade.fraction,
        "points": grade.points,
        "answered_at": now,
        "seconds": max(0.0, (now - (lesson.opened_at or now)).total_seconds()),
    }
    where = {
        "lesson_id": lesson.id,
        "attempt_id": attempt.id,
        "question_id": question.id,
        "round": lesson.round,
    }
    vote = db.session.scalar(select(LiveVote).filter_by(**where))
    if vote is not None:
        for key, value in values.items():
            setattr(vote, key, value)
        return
    db.session.add(LiveVote(**where, **values))
    try:
        db.session.flush()  # now, not inside answer_question, which reads a conflict as its own
    except IntegrityError:
        db.session.rollback()
        raise _VoteRaced from None


class _VoteRaced(Exception):
    """The same learner's answer from another request stored this round's vote first."""


def my_votes(lesson: LiveLesson, seat: LiveSeat, question: Question) -> dict[int, LiveVote]:
    """The learner's votes on `question`, by round."""
    votes = db.session.scalars(
        select(LiveVote).filter_by(
            lesson_id=lesson.id, attempt_id=seat.attempt_id, question_id=question.id
        )
    )
    return {vote.round: vote for vote in votes}


def joined_names(lesson: LiveLesson) -> list[str]:
    """The display names of the learners in the lesson, in the order they joined."""
    return list(
        db.session.scalars(
            select(Learner.display_name)
            .join(LiveSeat, LiveSeat.learner_id == Learner.id)
            .where(LiveSeat.lesson_id == lesson.id)
            .order_by(LiveSeat.joined_at, LiveSeat.id)
        )
    )


def answered_count(lesson: LiveLesson) -> int:
    """How many learners answered the current question in the current round."""
    if lesson.question_id is None:
        return 0
    return db.session.scalar(
        select(func.count()).where(
            LiveVote.lesson_id == lesson.id,
            LiveVote.question_id == lesson.question_id,
            LiveVote.round == lesson.round,
        )
    )


# -- tallies -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyBar:
    """One bar pair of the reveal's chart: how many gave this answer (or got this item right)
    in the first vote and in the second (None without a second vote)."""

    label: str
    first: int
    second: int | None
    right: bool


@dataclass(frozen=True)
class Tally:
    """How the class answered a question: `kind` says what the bars count ("answers", "ranges"
    of numbers, or "items" placed right), `voters` how many voted in each round."""

    kind: str
    bars: list[TallyBar]
    voters: tuple[int, int | None]

    @property
    def two_rounds(self) -> bool:
        return self.voters[1] is not None


class _Counted(NamedTuple):
    answer: Any
    given: str
    fraction: float
    count: int


def tally(lesson: LiveLesson, question: Question) -> Tally:
    """The class's votes on `question` in each round, counted as its type reads them: options
    counted, numbers in ranges, matching and ordering per item right or wrong, other answers
    (short text) the commonest given."""
    rounds = {1: [], 2: []}
    for vote in db.session.scalars(
        select(LiveVote).filter_by(lesson_id=lesson.id, question_id=question.id)
    ):
        rounds[vote.round].append(_Counted(vote.answer, vote.given, vote.fraction, 1))
    two = bool(rounds[2]) or (lesson.question_id == question.id and lesson.round == 2)
    first, second = rounds[1], rounds[2] if two else None
    voters = (len(first), len(second) if second is not None else None)
    item_names = {item.id: item.text for item in (*question.items, *question.sequence)}
    if item_names:
        return Tally("items", _item_bars(question, item_names, first, second), voters)
    if _answered_with_a_number(question):
        return Tally("ranges", _number_bars(question, first, second), voters)
    return Tally("answers", _answer_bars(question, first, second), voters)


def _answered_with_a_number(question: Question) -> bool:
    """Whether the question's right answer is a number (its votes are then binned in ranges)."""
    right = question_type(question.type).correct_answer(question)
    return isinstance(right, int | float) and not isinstance(right, bool)


def _answer_bars(question: Question, first: list, second: list | None) -> list[TallyBar]:
    counts = [count_answers(question, votes, page_texts) for votes in (first, second or [])]
    labels: dict[str, bool] = {}
    for rows in counts:
        for row in rows:
            labels[row.label] = labels.get(row.label, False) or row.right
    by_round = [{row.label: row.count for row in rows} for rows in counts]
    return [
        TallyBar(
            label,
            by_round[0].get(label, 0),
            by_round[1].get(label, 0) if second is not None else None,
            right,
        )
        for label, right in labels.items()
    ]


def _item_bars(question, item_names, first, second) -> list[TallyBar]:
    """Per item of a matching or ordering question: how many placed it right."""

    def right_counts(votes) -> dict[str, int]:
        counts = dict.fromkeys(item_names, 0)
        for vote in votes:
            for item_id, right in grade_answer(question, vote.answer).item_results.items():
                counts[item_id] = counts.get(item_id, 0) + bool(right)
        return counts

    firsts = right_counts(first)
    seconds = right_counts(second) if second is not None else None
    return [
        TallyBar(
            page_texts.text(text),
            firsts[item_id],
            seconds[item_id] if seconds is not None else None,
            True,
        )
        for item_id, text in item_names.items()
    ]


def _number_bars(question: Question, first: list, second: list | None) -> list[TallyBar]:
    """The numbers given, in ranges of one round width (1, 2, 2.5 or 5 times a power of ten)
    spanning every answer and the right one, about NUMBER_BINS of them; a range holding the
    right answer (within its tolerance) is marked right."""
    numbers = [
        float(v.answer) for v in [*first, *(second or [])] if isinstance(v.answer, int | float)
    ]
    right = float(question.answer or 0)
    low, high = min([*numbers, right]), max([*numbers, right])
    if high == low:
        return [TallyBar(range_label(low, None), len(first), _count(second), True)]
    width = _round_width((high - low) / NUMBER_BINS)
    origin = math.floor(low / width) * width
    bins = max(1, math.ceil((high - origin) / width))

    def binned(votes) -> list[int]:
        counts = [0] * bins
        for v in votes:
            if isinstance(v.answer, int | float):
                counts[min(int((float(v.answer) - origin) // width), bins - 1)] += 1
        return counts

    firsts = binned(first)
    seconds = binned(second) if second is not None else None
    bars = []
    for i in range(bins):
        start, end = origin + i * width, origin + (i + 1) * width
        holds_right = start <= right + question.tolerance and right - question.tolerance < end
        second_count = seconds[i] if seconds is not None else None
        bars.append(TallyBar(range_label(start, end), firsts[i], second_count, holds_right))
    return bars


def _count(votes: list | None) -> int | None:
    return None if votes is None else len(votes)


def _round_width(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 and 10 times a power of ten that is at least `raw`."""
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def range_label(start: float, end: float | None) -> str:
    """A range of numbers as a chart's bar is labelled ("9.2M – 9.4M", "15 – 20", "1E15 – 2E15"),
    short and in the page's language; one number when `end` is None."""
    locale = str(get_locale() or "en")

    def short(value: float) -> str:
        if abs(value) >= COMPACT_LIMIT:  # past "999T" compact names end (and Babel fails)
            return format_scientific(value, format="#.##E0", locale=locale)
        if abs(value) >= 10_000:
            return format_compact_decimal(
                value, format_type="short", fraction_digits=2, locale=locale
            )
        return format_decimal(round(value, 6), format="#,##0.##", locale=locale)

    return short(start) if end is None else f"{short(start)} – {short(end)}"


class QuestionSummary(NamedTuple):
    """How the class did on one question of the lesson: voters and right answers per round
    (None where there was no second vote)."""

    position: int
    question_id: str
    voters: int
    right: int
    second_voters: int | None
    second_right: int | None


def lesson_summary(lesson: LiveLesson) -> list[QuestionSummary]:
    """Each question the lesson reached, with the first and the second vote's figures: what
    the teacher's page shows once the lesson has ended."""
    counts: dict[tuple[str, int], list[int]] = {}
    for question_id, round_, fraction in db.session.execute(
        select(LiveVote.question_id, LiveVote.round, LiveVote.fraction).filter_by(
            lesson_id=lesson.id
        )
    ):
        tally_ = counts.setdefault((question_id, round_), [0, 0])
        tally_[0] += 1
        tally_[1] += fraction >= 1.0
    rows = []
    for position, question_id in enumerate(lesson.question_order[: lesson.position], start=1):
        first = counts.get((question_id, 1), [0, 0])
        second = counts.get((question_id, 2))
        rows.append(
            QuestionSummary(position, question_id, *first, *(second if second else (None, None)))
        )
    return rows


def lessons_of(assignment: Assignment) -> list[LiveLesson]:
    """The assignment's live lessons, newest first (its page links them)."""
    return list(
        db.session.scalars(
            select(LiveLesson).filter_by(assignment_id=assignment.id).order_by(LiveLesson.id.desc())
        )
    )


# -- scores --------------------------------------------------------------------------------


class Score(NamedTuple):
    """A learner's standing in the lesson: the points of their final votes (accuracy), the speed
    bonus (0 unless the lesson has it on) and the total."""

    seat_id: int
    display_name: str
    points: float
    bonus: float

    @property
    def total(self) -> float:
        return self.points + self.bonus


def speed_bonus(points: float, seconds: float) -> float:
    """The bonus of a vote worth `points`, sent `seconds` after its round opened: up to
    SPEED_SHARE of its points, falling evenly to nothing at SPEED_WINDOW seconds."""
    return points * SPEED_SHARE * max(0.0, 1.0 - seconds / SPEED_WINDOW)


def scores(lesson: LiveLesson) -> list[Score]:
    """Every learner's score, best first: the points of each question's final vote (the second
    vote where there was one), plus the speed bonus if the teacher set it."""
    seats = db.session.execute(
        select(LiveSeat.id, LiveSeat.attempt_id, Learner.display_name)
        .join(Learner, Learner.id == LiveSeat.learner_id)
        .where(LiveSeat.lesson_id == lesson.id)
    ).all()
    final: dict[tuple[int, str], LiveVote] = {}
    for vote in db.session.scalars(
        select(LiveVote).filter_by(lesson_id=lesson.id).order_by(LiveVote.round)
    ):
        final[vote.attempt_id, vote.question_id] = vote
    points: dict[int, float] = {}
    bonus: dict[int, float] = {}
    for (attempt_id, _question), vote in final.items():
        points[attempt_id] = points.get(attempt_id, 0.0) + vote.points
        if lesson.speed_bonus:
            bonus[attempt_id] = bonus.get(attempt_id, 0.0) + speed_bonus(vote.points, vote.seconds)
    rows = [
        Score(
            seat.id,
            seat.display_name,
            points.get(seat.attempt_id, 0.0),
            bonus.get(seat.attempt_id, 0.0),
        )
        for seat in seats
    ]
    return sorted(rows, key=lambda row: (-row.total, row.display_name))


def leaderboard(lesson: LiveLesson) -> list[tuple[str, float]]:
    """The top scores as (display name, total), or nothing when the teacher left it off."""
    if not lesson.leaderboard:
        return []
    return [(row.display_name, row.total) for row in scores(lesson)[:LEADERBOARD_SIZE]]


def first_votes(assignment_ids: list[int]) -> dict[tuple[int, str], str] | None:
    """The first vote on each question in the live lessons of these assignments, as the learner
    gave it, by (attempt id, question id): the responses export's "First vote" column beside
    the final answer. None when no live lesson of theirs has a vote (the export adds no column)."""
    rows = db.session.execute(
        select(LiveVote.attempt_id, LiveVote.question_id, LiveVote.given)
        .join(LiveLesson, LiveLesson.id == LiveVote.lesson_id)
        .where(LiveLesson.assignment_id.in_(assignment_ids), LiveVote.round == 1)
    ).all()
    return {(row.attempt_id, row.question_id): row.given for row in rows} or None


def attempt_first_votes(attempt_id: int) -> dict[str, object]:
    """The answers of an attempt's first votes in its live lesson, by question id: the teacher's
    view of the attempt shows each beside the final answer (empty for an attempt in no lesson)."""
    rows = db.session.execute(
        select(LiveVote.question_id, LiveVote.answer).where(
            LiveVote.attempt_id == attempt_id, LiveVote.round == 1
        )
    ).all()
    return {row.question_id: row.answer for row in rows}


# -- conditional GETs ----------------------------------------------------------------------

_SEATS = (
    select(func.count(LiveSeat.id)).where(LiveSeat.lesson_id == LiveLesson.id).scalar_subquery()
)
_ANSWERED = (
    select(func.count(LiveVote.id))
    .where(
        LiveVote.lesson_id == LiveLesson.id,
        LiveVote.question_id == LiveLesson.question_id,
        LiveVote.round == LiveLesson.round,
    )
    .scalar_subquery()
)
_MY_SEAT = (
    select(LiveSeat.attempt_id)
    .where(LiveSeat.lesson_id == LiveLesson.id, LiveSeat.learner_id == bindparam("learner_id"))
    .scalar_subquery()
)
_MY_VOTE = (
    select(LiveVote.answered_at)
    .join(LiveSeat, LiveSeat.attempt_id == LiveVote.attempt_id)
    .where(
        LiveSeat.lesson_id == LiveLesson.id,
        LiveSeat.learner_id == bindparam("learner_id"),
        LiveVote.lesson_id == LiveLesson.id,
        LiveVote.question_id == LiveLesson.question_id,
        LiveVote.round == LiveLesson.round,
    )
    .scalar_subquery()
)
_TEACHER_STATE = select(
    LiveLesson.instructor_id, LiveLesson.languages, LiveLesson.revision, _SEATS, _ANSWERED
).where(LiveLesson.id == bindparam("lesson_id"))
_LEARNER_STATE = (
    select(Assignment.classroom_id, LiveLesson.languages, LiveLesson.revision, _MY_SEAT, _MY_VOTE)
    .join(Assignment, Assignment.id == LiveLesson.assignment_id)
    .where(LiveLesson.id == bindparam("lesson_id"))
)


class PageState(NamedTuple):
    """What a poll needs before rendering: who owns the lesson (the teacher's id or the class's
    id), the languages its pages may be in, and what the page shows that changes (`parts`)."""

    owner_id: int
    languages: list[str]
    parts: tuple
    joined: bool = True  # a learner's page: whether they have a seat in the lesson yet

    def etag(self, locale: str) -> str:
        """The page's ETag as it would be drawn now in `locale`."""
        text = repr((*self.parts, locale)).encode()
        return hashlib.blake2s(text, digest_size=12).hexdigest()


def teacher_state(lesson_id: int) -> PageState | None:
    """One query: the lesson's owner, its languages, and what the teacher's page shows that
    changes (its revision, how many joined, how many answered this round); None for no lesson."""
    row = db.session.execute(_TEACHER_STATE, {"lesson_id": lesson_id}).first()
    if row is None:
        return None
    return PageState(row[0], row[1] or [], ("teach", lesson_id, *row[2:]))


def learner_state(lesson_id: int, learner_id: int) -> PageState | None:
    """One query: the lesson's class, its languages, and what this learner's page shows that
    changes (the revision, their seat, when they last answered this round); None for no lesson."""
    params = {"lesson_id": lesson_id, "learner_id": learner_id}
    row = db.session.execute(_LEARNER_STATE, params).first()
    if row is None:
        return None
    parts = ("learn", lesson_id, learner_id, *row[2:])
    return PageState(row[0], row[1] or [], parts, joined=row[3] is not None)
