"""What the live lesson's pages show, gathered for their templates: the teacher's projector page
(lobby, question, tally, reveal, end) and a learner's phone page (waiting, question, sent,
revealed, end), and the sentence a screen reader hears once for each state."""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from ..attempts import question_controls, question_key, stored_form
from ..bank import Pack
from ..charts import bar_chart_svg
from ..engine import Question, grade_answer
from ..errors import fail
from ..guards import current_instructor
from ..i18n import active_language
from ..links import public_url_for
from ..models import LiveLesson, LivePhase, LiveSeat
from ..packs import packs_for, pinned_pack
from ..qr import qr_svg
from ..views import ANCHOR_SAFE, number
from . import operations
from .forms import ClassStartForm, class_start_form
from .operations import Tally

# The reveal's charts are drawn small and shown large: at half a 1280 px projector each unit is two
# pixels, so their labels read from the back of the room (charts.py's default is 480 by 220).
PROJECTOR_CHART_WIDTH = 320
PROJECTOR_PLOT_HEIGHT = 100


def lesson_pack(lesson: LiveLesson) -> Pack:
    """The pack of the lesson's assignment as it was given; 404 when it can no longer be read."""
    pack = pinned_pack(lesson.assignment)
    if pack is None:
        fail(404, _("The quiz of this assignment is no longer available."))
    return pack


def news(lesson: LiveLesson) -> str:
    """The sentence a screen reader hears once when the page reaches this state."""
    if lesson.phase == LivePhase.LOBBY:
        return _("Waiting for the first question")
    if lesson.phase == LivePhase.ENDED:
        return _("The lesson has ended")
    if lesson.phase == LivePhase.REVEALED:
        return _("The answer is shown")
    if lesson.phase == LivePhase.CLOSED:
        return _("Waiting for the next question")
    total = len(lesson.question_order)
    if lesson.round == 2:
        return _(
            "Vote again: question %(number)s of %(total)s", number=lesson.position, total=total
        )
    return _("Question %(number)s of %(total)s", number=lesson.position, total=total)


def teacher_article_url(assignment_id: int) -> Callable[..., str]:
    """The teacher's page's `article_url` (views.article_url's arguments): a quote's paragraph
    in the assignment's reading view, which the teacher may open for any pack, their own too
    (the learner's article page is the class's)."""
    reading = url_for("instructor.reading", assignment_id=assignment_id)

    def article_url(pack: Pack, read_in: int | None, paragraph: str | None, **_kinds) -> str:
        return f"{reading}#{quote(paragraph, safe=ANCHOR_SAFE)}" if paragraph else reading

    return article_url


@dataclass
class TeacherPage:
    """The teacher's page: the lesson, its pack and question, and what the phase shows."""

    lesson: LiveLesson
    pack: Pack
    question: Question | None
    news: str
    names: list[str] = field(default_factory=list)
    answered: int = 0
    join_url: str | None = None
    qr: Markup | None = None
    tally: Tally | None = None
    charts: list[Markup] = field(default_factory=list)
    leaderboard: list[tuple[str, float]] = field(default_factory=list)
    summary: list[operations.QuestionSummary] = field(default_factory=list)

    @property
    def prompt_language(self) -> str:
        """The language the question's prompt is shown in (as views.localised picks it), so the
        projector hyphenates its long words by that language's rules."""
        prompt = self.question.prompt if self.question else {}
        shown = next((code for code in (active_language(), "en") if prompt.get(code)), None)
        return shown or next(iter(prompt), active_language())


def teacher_page(lesson: LiveLesson) -> TeacherPage:
    """Everything the teacher's page shows now; the answer only once revealed."""
    pack = lesson_pack(lesson)
    question = operations.current_question(lesson, pack)
    page = TeacherPage(lesson, pack, question, news(lesson))
    page.names = operations.joined_names(lesson)
    page.answered = operations.answered_count(lesson)
    if lesson.phase == LivePhase.LOBBY:
        page.join_url = public_url_for("auth.join", code=lesson.assignment.classroom.join_code)
        page.qr = qr_svg(page.join_url) if page.join_url else None
    if question is not None and lesson.phase == LivePhase.REVEALED:
        page.tally = operations.tally(lesson, question)
        page.charts = tally_charts(page.tally, question)
    if lesson.phase in (LivePhase.REVEALED, LivePhase.ENDED):
        page.leaderboard = operations.leaderboard(lesson)
    if lesson.phase == LivePhase.ENDED:
        page.summary = operations.lesson_summary(lesson)
    return page


def tally_charts(tally: Tally, question: Question) -> list[Markup]:
    """The reveal's charts: the first vote, and the second beside it on the same scale."""
    rounds = [("first", _("First vote"), [bar.first for bar in tally.bars])]
    if tally.two_rounds:
        rounds.append(("second", _("Second vote"), [bar.second or 0 for bar in tally.bars]))
    top = max([1, *(value for _key, _title, values in rounds for value in values)])
    y_label = _("Learners who placed it right") if tally.kind == "items" else _("Learners")
    return [
        bar_chart_svg(
            title=title,
            description=_(
                "How the class answered: %(counts)s",
                counts=", ".join(
                    f"{bar.label}: {value}" for bar, value in zip(tally.bars, values, strict=True)
                ),
            ),
            labels=[bar.label for bar in tally.bars],
            values=[float(value) for value in values],
            max_value=float(top),
            value_labels=[number(value) for value in values],
            x_label=_("Answers") if tally.kind != "items" else _("Items"),
            y_label=y_label,
            chart_id=f"live-{key}-vote",
            whole_numbers=True,
            number_format=number,
            view_width=PROJECTOR_CHART_WIDTH,
            plot_height=PROJECTOR_PLOT_HEIGHT,
        )
        for key, title, values in rounds
    ]


@dataclass
class LearnerPage:
    """A learner's page: the lesson, their seat, and what their phone shows now."""

    lesson: LiveLesson
    pack: Pack
    seat: LiveSeat
    question: Question | None
    news: str
    votes: dict = field(default_factory=dict)
    view: object = None
    key: str = ""
    error: str | None = None
    score: operations.Score | None = None
    leaderboard: list[tuple[str, float]] = field(default_factory=list)

    @property
    def answering(self) -> bool:
        """Whether the page shows the question's form (while it is open; an answer sent in this
        round is filled in and may change until the teacher closes the question, or a version
        move drops it)."""
        return self.lesson.phase == LivePhase.OPEN and self.question is not None

    @property
    def sent(self) -> bool:
        """Whether the learner has sent an answer in the current round."""
        return self.lesson.round in self.votes

    @property
    def waiting(self) -> bool:
        """Whether the page waits for the teacher (and may refresh itself without JavaScript)."""
        return self.lesson.phase != LivePhase.ENDED and not self.answering

    def grade(self, round_: int):
        vote = self.votes.get(round_)
        return grade_answer(self.question, vote.answer) if vote and self.question else None


def learner_page(
    lesson: LiveLesson, seat: LiveSeat, submitted: MultiDict | None = None, error: str | None = None
) -> LearnerPage:
    """Everything the learner's phone shows now: the open question with its controls (their
    latest answer to it filled in, so a reload keeps it and a second vote starts from the
    first), what they sent, the reveal, or their score at the end."""
    pack = lesson_pack(lesson)
    question = operations.current_question(lesson, pack)
    page = LearnerPage(lesson, pack, seat, question, news(lesson), error=error)
    attempt = seat.attempt
    if question is not None:
        page.votes = operations.my_votes(lesson, seat, question)
        if submitted is None and page.votes:  # their answer, to keep or change in round two
            response = attempt.response_for(question.id)
            submitted = stored_form(response) if response is not None else None
        page.view = question_controls(attempt, question, submitted, error=error is not None)
        page.key = question_key(attempt, question)
    if lesson.phase == LivePhase.ENDED:
        page.score = next((s for s in operations.scores(lesson) if s.seat_id == seat.id), None)
        page.leaderboard = operations.leaderboard(lesson)
    return page


def class_start_form_shown() -> ClassStartForm:
    """The class page's form for starting a live lesson: the one sent back with its problem (the
    route keeps it on `g`), else a fresh one offering the quizzes the teacher may assign."""
    sent = g.get("live_class_start_form")
    return (
        sent if sent is not None else class_start_form(packs_for(current_instructor().id).values())
    )


def running_for_learner() -> list[int]:
    """The running live lessons of the signed-in learner's class, for their start page."""
    classroom_id = getattr(current_user, "classroom_id", None)
    return operations.running_lessons(classroom_id) if current_user.is_authenticated else []


def answered_text(count: int, joined: int) -> str:
    """How many of the joined learners answered this round, for the projector."""
    return ngettext(
        "%(answered)s of %(num)s has answered",
        "%(answered)s of %(num)s have answered",
        joined,
        answered=count,
    )
