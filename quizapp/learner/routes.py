"""URLs of the learner's quiz. Every attempt URL answers 404 to anyone but the attempt's learner."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from .. import accounts
from ..attempts import (
    AnswerOutcome,
    AttemptOver,
    StartRefused,
    after_answer,
    answer_question,
    assignment_entries,
    attempt_summary,
    feedback_on_answer,
    feedback_visible,
    finish_if_over,
    may_change,
    may_open,
    practice_withheld_until,
    question_controls,
    question_key,
    response_grade,
    resume_step,
    review_rows,
    score_visible,
    seconds_left,
    start_attempt,
    start_or_resume,
    stored_form,
    submit_attempt,
    toggle_flag,
)
from ..behaviours import behaviour_of
from ..constants import AnswerRefusal, FinishReason, NextStep
from ..engine import Question, question_type
from ..errors import fail
from ..evidence import EvidenceRefused, evidence_text, mark_evidence, may_mark_evidence
from ..extensions import db, request_user
from ..i18n import active_language, chosen_language
from ..models import Assignment, Attempt, Learner
from ..packs import learners_pinned_pack, library_pack, library_packs, own_pack, pinned_pack
from ..security import LARGEST_ID
from ..views import date_time, page_texts, question_page
from . import bp
from .forms import StartForm

# The assignment (its languages) in the same query as the attempt, where it is not loaded yet.
_WITH_ASSIGNMENT = [joinedload(Attempt.assignment)]


def _signed_in_learner() -> accounts.SignedInLearner | None:
    user = request_user()
    return user if isinstance(user, accounts.SignedInLearner) else None


def _current_learner() -> Learner | None:
    """The signed-in learner as stored, for the pages that list or change their things."""
    learner = _signed_in_learner()
    return learner.stored() if learner is not None else None


def _owned_attempt(attempt_id: int) -> Attempt:
    """The signed-in learner's attempt (404 otherwise), finished if its time is up."""
    learner = _signed_in_learner()
    attempt = learner.attempt_in_view if learner is not None else None  # see auth._load_account
    if attempt is None or attempt.id != attempt_id:
        attempt = db.session.get(Attempt, attempt_id, options=_WITH_ASSIGNMENT)
    if attempt is None or learner is None or attempt.learner_id != learner.id:
        fail(404, _("This attempt does not exist or belongs to someone else."))
    if attempt.assignment_id is None:
        _refuse_withheld_practice(attempt.pack_slug)
    pack = _pack_of(attempt)
    allowed = [
        lang
        for lang in pack.languages
        if not (attempt.assignment and attempt.assignment.languages)
        or lang in attempt.assignment.languages
    ]
    g.allowed_languages = allowed or list(pack.languages)
    finish_if_over(attempt)
    return attempt


def _refuse_withheld_practice(pack_slug: str) -> None:
    until = practice_withheld_until(pack_slug)
    if until is not None:
        fail(
            409,
            _(
                "A class is taking this quiz and sees the answers only after it closes, so "
                "practising it (which shows the answers) opens again on %(date)s.",
                date=date_time(until),
            ),
            title=_("Practice is closed for now"),
            link=url_for(".index"),
            link_text=_("Back to the start page"),
        )


def _pack_of(attempt: Attempt):
    pack = pinned_pack(attempt)
    if pack is None:
        fail(404, _("The quiz of this attempt is no longer available."))
    return pack


def _assigned_pack(pack_slug: str):
    """A pack outside the library as the signed-in learner's latest attempt at it or their class's
    assignment of it is pinned to (never a newer version than theirs)."""
    learner = _current_learner()
    return learners_pinned_pack(learner, pack_slug) if learner is not None else None


def _index_page(form: StartForm, status: int = 200, chosen_pack: str | None = None):
    learner = _current_learner()
    practice = [a for a in learner.attempts if a.assignment_id is None] if learner else []
    html = render_template(
        "learner/index.html",
        packs=library_packs().values(),
        form=form,
        chosen_pack=chosen_pack,
        learner=learner,
        assignments=assignment_entries(learner),
        unfinished=[a for a in practice if not a.finished],
        finished=[a for a in practice if a.finished],
    )
    return html, status


@bp.get("/")
def index():
    form = StartForm()
    if _current_learner() is not None:
        del form.display_name
    return _index_page(form)


@bp.post("/packs/<pack_slug>/attempts")
def start(pack_slug: str):
    """Practise a pack on one's own, outside any classroom."""
    pack = library_pack(pack_slug)
    if pack is None:
        fail(404, _("There is no such quiz."))
    _refuse_withheld_practice(pack.id)
    learner = _current_learner()
    form = StartForm()
    if learner is not None:
        del form.display_name
    if not form.validate():
        return _index_page(form, 422, chosen_pack=pack.id)
    if learner is None:
        learner = accounts.practice_learner(form.display_name.data, chosen_language())
        accounts.start_session(learner)
    attempt = start_attempt(learner, pack, form.feedback_mode.data)
    return redirect(url_for(".question", attempt_id=attempt.id, position=1), code=303)


@bp.post("/assignments/<int:assignment_id>/attempts")
def start_assignment(assignment_id: int):
    learner = _current_learner()
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or learner is None or assignment.classroom_id != learner.classroom_id:
        fail(404, _("There is no such quiz in your class."))
    try:
        attempt, resumed = start_or_resume(learner, assignment)
    except StartRefused as refused:
        message = (
            _("You have used all the attempts this quiz allows.")
            if refused.no_attempts_left
            else _("This quiz is not open.")
        )
        title = _("No attempts left") if refused.no_attempts_left else _("This quiz is not open")
        fail(409, message, title, link=url_for(".index"), link_text=_("Back to the start page"))
    if resumed:
        return redirect(url_for(".resume", attempt_id=attempt.id), code=303)
    return redirect(url_for(".question", attempt_id=attempt.id, position=1), code=303)


@bp.get("/attempts/<int:attempt_id>")
def resume(attempt_id: int):
    attempt = _owned_attempt(attempt_id)
    return redirect(_step_url(attempt.id, *resume_step(attempt)))


def _step_url(attempt_id: int, step: NextStep, position: int | None) -> str:
    """The page of a step of an attempt (the one place a NextStep becomes a URL). It takes the id:
    after an answer's commit, reading the attempt's would load the attempt again."""
    if step is NextStep.FEEDBACK:
        return url_for(".question", attempt_id=attempt_id, position=position, _anchor="feedback")
    if step is NextStep.QUESTION:
        return url_for(".question", attempt_id=attempt_id, position=position)
    if step is NextStep.EVIDENCE:
        return url_for(".evidence", attempt_id=attempt_id, position=position)
    if step is NextStep.SUMMARY:
        return url_for(".summary", attempt_id=attempt_id)
    if step is NextStep.LIVE:
        return url_for("live.follow", lesson_id=position)
    return url_for(".results", attempt_id=attempt_id)


def _question_at(attempt: Attempt, position: int) -> Question:
    pack = _pack_of(attempt)
    if not 1 <= position <= len(attempt.question_order):
        fail(404, _("This quiz has no question %(number)s.", number=position))
    question = pack.question(attempt.question_order[position - 1])
    if question is None:
        fail(404, _("This question is no longer part of the quiz."))
    return question


def _render_question(attempt, position, question, response, error=None, status=200, submitted=None):
    """The question page; `response` is the question's stored response, or None."""
    pack = _pack_of(attempt)
    changeable = may_change(attempt)
    if submitted is None and response is not None and changeable:
        submitted = stored_form(response)
    page = {
        "attempt": attempt,
        "pack": pack,
        "position": position,
        "total": len(attempt.question_order),
        "question": question,
        "view": question_controls(attempt, question, submitted, error=error is not None),
        "response": response,
        "grade": response_grade(question, response) if response else None,
        "error": error,
        "changeable": changeable,
        "feedback_on_answer": feedback_on_answer(attempt),
        "flagged": question.id in (attempt.flagged or []),
        "seconds_left": seconds_left(attempt),
    }
    html = question_page(page, question_key(attempt, question))
    return html, status


def _finished_redirect(attempt: Attempt):
    if attempt.finish_reason in (FinishReason.TIME_LIMIT, FinishReason.CLOSED):
        flash(_time_up_message(attempt))
    return redirect(url_for(".results", attempt_id=attempt.id), code=303)


def _time_up_message(attempt: Attempt) -> str:
    if attempt.finish_reason == FinishReason.CLOSED:
        return _(
            "The quiz has closed, so your attempt was finished with the answers you had given."
        )
    return _("Your time is up, so your attempt was finished with the answers you had given.")


@bp.get("/attempts/<int:attempt_id>/questions/<int:position>")
def question(attempt_id: int, position: int):
    attempt = _owned_attempt(attempt_id)
    question = _question_at(attempt, position)
    response = attempt.response_for(question.id)
    if may_open(attempt, position, answered=response is not None):
        return _render_question(attempt, position, question, response)
    if attempt.finished:
        return _finished_redirect(attempt)
    return redirect(_step_url(attempt.id, *resume_step(attempt)))


@bp.post("/attempts/<int:attempt_id>/questions/<int:position>")
def answer(attempt_id: int, position: int):
    attempt = _owned_attempt(attempt_id)
    question = _question_at(attempt, position)
    outcome = answer_question(attempt, position, question, request.form, active_language())
    if outcome.recorded:
        return redirect(_step_url(attempt_id, outcome.next_step, outcome.next_position), code=303)
    return _unrecorded(attempt, question, outcome)


def _unrecorded(attempt: Attempt, question: Question, outcome: AnswerOutcome):
    """The page for an answer that was not recorded: asked again, refused, or the attempt over."""
    here = url_for(".question", attempt_id=attempt.id, position=outcome.position)
    if outcome.refusal is AnswerRefusal.ASK_AGAIN:
        message = question_type(question.type).problem_message(
            question, outcome.problem, page_texts
        )
        response = attempt.response_for(question.id)
        return _render_question(
            attempt, outcome.position, question, response, message, 422, submitted=request.form
        )
    if outcome.refusal is AnswerRefusal.ATTEMPT_OVER:
        if attempt.finish_reason and FinishReason(attempt.finish_reason).timed_out:
            return _finished_redirect(attempt)
        message = _(
            "This attempt is finished, so no more answers can be added. Your answers are saved."
        )
        link = url_for(".results", attempt_id=attempt.id)
        fail(
            409, message, _("This attempt is finished"), link=link, link_text=_("See your results")
        )
    if outcome.refusal is AnswerRefusal.FORM_INCOMPLETE:
        fail(400, _("The form was incomplete. Please go back and answer again."))
    if outcome.refusal is AnswerRefusal.OTHER_QUESTION:
        message = _(
            "This answer belongs to a different question. Please answer the question shown."
        )
        fail(400, message, link=here, link_text=_("Back to the question"))
    if outcome.refusal is AnswerRefusal.NOT_A_CHOICE:
        message = _("That answer is not one of the choices of this question. Please choose again.")
        fail(400, message, link=here, link_text=_("Back to the question"))
    if outcome.refusal is AnswerRefusal.ELSEWHERE:
        message = _("This quiz is answered in the live lesson: this answer was not stored.")
        link = url_for(".resume", attempt_id=attempt.id)
        fail(
            409,
            message,
            _("Answer in the live lesson"),
            link=link,
            link_text=_("Join the live lesson"),
        )
    message = _("You have already answered this question; your first answer is kept.")
    link = url_for(".resume", attempt_id=attempt.id)
    fail(409, message, _("Already answered"), link=link, link_text=_("Continue the quiz"))


def _render_evidence(attempt, position, question, response, error=None, status=200):
    """The article with a radio button per sentence, to mark the one that proves the answer."""
    original = (request.values.get("original") or "") == "1"
    text = evidence_text(_pack_of(attempt), question, active_language(), original)
    chosen = response.evidence_sentence if response.evidence_language == text.language else None
    html = render_template(
        "learner/evidence.html",
        attempt=attempt,
        pack=_pack_of(attempt),
        position=position,
        total=len(attempt.question_order),
        question=question,
        text=text,
        original=original,
        chosen=request.form.get("sentence", chosen),
        error=error,
        seconds_left=seconds_left(attempt),
    )
    return html, status


@bp.get("/attempts/<int:attempt_id>/questions/<int:position>/evidence")
def evidence(attempt_id: int, position: int):
    attempt = _owned_attempt(attempt_id)
    question = _question_at(attempt, position)
    response = attempt.response_for(question.id)
    if not may_mark_evidence(attempt, response):
        return redirect(_step_url(attempt.id, *resume_step(attempt)))
    return _render_evidence(attempt, position, question, response)


@bp.post("/attempts/<int:attempt_id>/questions/<int:position>/evidence")
def mark(attempt_id: int, position: int):
    """Mark the sentence proving the answer, then go where the attempt's behaviour says."""
    attempt = _owned_attempt(attempt_id)
    question = _question_at(attempt, position)
    original = request.form.get("original") == "1"
    sentence = request.form.get("sentence")
    try:
        mark_evidence(attempt, _pack_of(attempt), question, sentence, active_language(), original)
    except AttemptOver:
        return _finished_redirect(attempt)
    except EvidenceRefused as refused:
        if refused.reason != "no_sentence":
            return redirect(_step_url(attempt.id, *resume_step(attempt)), code=303)
        message = _("Please mark the sentence that proves your answer.")
        response = attempt.response_for(question.id)
        return _render_evidence(attempt, position, question, response, message, 422)
    return redirect(_step_url(attempt.id, *after_answer(attempt, position)), code=303)


@bp.post("/attempts/<int:attempt_id>/questions/<int:position>/flag")
def flag(attempt_id: int, position: int):
    attempt = _owned_attempt(attempt_id)
    _question_at(attempt, position)
    if attempt.finished:
        return _finished_redirect(attempt)
    if may_change(attempt):
        flagged = toggle_flag(attempt, position)
        flash(_("Question flagged.") if flagged else _("Flag removed."))
    return redirect(url_for(".question", attempt_id=attempt_id, position=position), code=303)


@bp.get("/attempts/<int:attempt_id>/summary")
def summary(attempt_id: int):
    attempt = _owned_attempt(attempt_id)
    if attempt.finished:
        return redirect(url_for(".results", attempt_id=attempt.id))
    if not behaviour_of(attempt).learner_submits:  # a live lesson's: it has no "Submit all"
        step, position = resume_step(attempt)
        if step is not NextStep.SUMMARY:  # an attempt in no lesson stays here, not in a loop
            return redirect(_step_url(attempt.id, step, position))
    return render_template(
        "learner/summary.html",
        attempt=attempt,
        pack=_pack_of(attempt),
        summary=attempt_summary(attempt),
        changeable=may_change(attempt),
        seconds_left=seconds_left(attempt),
    )


@bp.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int):
    attempt = _owned_attempt(attempt_id)
    if attempt.finished:
        return _finished_redirect(attempt)
    submit_attempt(attempt)
    return redirect(url_for(".results", attempt_id=attempt_id), code=303)


@bp.get("/attempts/<int:attempt_id>/results")
def results(attempt_id: int):
    attempt = _owned_attempt(attempt_id)
    if not attempt.finished:
        return redirect(url_for(".resume", attempt_id=attempt.id))
    pack = _pack_of(attempt)
    rows = review_rows(attempt, pack)
    return render_template(
        "learner/results.html",
        attempt=attempt,
        pack=pack,
        rows=rows,
        show_feedback=feedback_visible(attempt),
        show_score=score_visible(attempt),
    )


@bp.get("/packs/<pack_slug>/source")
def source(pack_slug: str):
    """The article; ?attempt=ID or ?assignment=ID (the learner's own) shows it as the version
    that attempt or assignment is pinned to has it. Without them: a library pack's newest (public
    to all), else the version of the learner's own latest attempt or assignment, never a newer
    one its owner published outside the library (packs.learners_pinned_pack)."""
    read_in, pinned_by = _pinned_article(pack_slug)
    pack = read_in or library_pack(pack_slug) or _assigned_pack(pack_slug) or own_pack(pack_slug)
    if pack is None:
        fail(404, _("There is no such quiz."))
    translation = pack.rendering(active_language())
    original = translation is None or request.args.get("original") == "1"
    return render_template(
        "learner/source.html",
        pack=pack,
        translation=translation,
        rendering=None if original else translation,
        pinned_by=pinned_by,
    )


def _pinned_article(pack_slug: str):
    """The pack at `pack_slug` of the signed-in learner's attempt (?attempt=ID) or of an assignment
    of their class (?assignment=ID), with the argument naming it; (None, {}) for any other."""
    learner = _current_learner()
    if learner is None:
        return None, {}
    attempt = _named_row(Attempt, "attempt", pack_slug)
    if attempt is not None and attempt.learner_id == learner.id:
        return pinned_pack(attempt), {"attempt": attempt.id}
    assignment = _named_row(Assignment, "assignment", pack_slug)
    if assignment is not None and assignment.classroom_id == learner.classroom_id:
        return pinned_pack(assignment), {"assignment": assignment.id}
    return None, {}


def _named_row(model, argument: str, pack_slug: str):
    """The attempt or assignment the query argument names, if it is one at the pack `pack_slug`."""
    row_id = request.args.get(argument, type=int)
    row = db.session.get(model, row_id) if row_id and 0 < row_id <= LARGEST_ID else None
    return row if row is not None and row.pack_slug == pack_slug else None
