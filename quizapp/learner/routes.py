"""URLs of the learner's quiz. Every attempt URL answers 404 to anyone but the attempt's learner."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import accounts
from ..engine import AskAgain, InvalidResponse, Question, ResponseError, question_type
from ..errors import fail
from ..extensions import db
from ..i18n import active_language, chosen_language
from ..models import Assignment, Attempt, Learner, utcnow
from ..packs import library_pack, own_pack
from ..quiz import (
    AlreadyAnswered,
    AttemptOver,
    all_packs,
    feedback_visible,
    finish_if_over,
    get_pack,
    practice_withheld_until,
    question_controls,
    question_key,
    record_response,
    response_grade,
    review_rows,
    score_visible,
    start_attempt,
)
from ..views import page_texts
from . import bp
from .forms import StartForm, raw_response

# The assignment (its languages) in the same query as the attempt: one round trip fewer per request.
# Built once: making a loader option costs about as much as the round trip it saves.
_WITH_ASSIGNMENT = joinedload(Attempt.assignment)


def _current_learner() -> Learner | None:
    user = current_user._get_current_object()
    return user if isinstance(user, Learner) else None


def _owned_attempt(attempt_id: int) -> Attempt:
    """The signed-in learner's attempt (404 otherwise), finished if its time is up."""
    learner = _current_learner()
    attempt = db.session.get(Attempt, attempt_id, options=[_WITH_ASSIGNMENT])
    if attempt is None or learner is None or attempt.learner_id != learner.id:
        fail(404, _("This attempt does not exist or belongs to someone else."))
    if attempt.assignment_id is None:
        _refuse_withheld_practice(attempt.pack_id)
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


def _refuse_withheld_practice(pack_id: str) -> None:
    until = practice_withheld_until(pack_id)
    if until is not None:
        fail(
            409,
            _(
                "A class is taking this quiz and sees the answers only after it closes, so "
                "practising it (which shows the answers) opens again on %(date)s.",
                date=format_datetime(until, "medium"),
            ),
            link=url_for(".index"),
            link_text=_("Back to the start page"),
        )


def _pack_of(attempt: Attempt):
    pack = get_pack(attempt.pack_id)
    if pack is None:
        fail(404, _("The quiz of this attempt is no longer available."))
    return pack


def _assigned_pack(pack_id: str):
    """A pack outside the library that the signed-in learner has an attempt at or was assigned."""
    learner = _current_learner()
    if learner is None:
        return None
    assigned = learner.classroom is not None and any(
        a.pack_id == pack_id for a in learner.classroom.assignments
    )
    if assigned or any(a.pack_id == pack_id for a in learner.attempts):
        return get_pack(pack_id)
    return None


def _assignments_of(learner: Learner | None) -> list[dict]:
    """The learner's classroom's assignments, with what the learner can do with each now."""
    if learner is None or learner.classroom is None:
        return []
    now = utcnow()
    entries = []
    for assignment in learner.classroom.assignments:
        pack = get_pack(assignment.pack_id)
        if pack is None or (assignment.opens_at and assignment.opens_at > now):
            continue
        mine = [a for a in learner.attempts if a.assignment_id == assignment.id]
        for attempt in mine:
            finish_if_over(attempt, now)
        unfinished = next((a for a in mine if not a.finished), None)
        entries.append(
            {
                "assignment": assignment,
                "pack": pack,
                "attempts": mine,
                "unfinished": unfinished,
                "can_start": unfinished is None
                and assignment.is_open(now)
                and len(mine) < assignment.attempts_allowed,
            }
        )
    return entries


def _index_page(form: StartForm, status: int = 200, chosen_pack: str | None = None):
    learner = _current_learner()
    practice = [a for a in learner.attempts if a.assignment_id is None] if learner else []
    html = render_template(
        "learner/index.html",
        packs=all_packs().values(),
        form=form,
        chosen_pack=chosen_pack,
        learner=learner,
        assignments=_assignments_of(learner),
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


@bp.post("/packs/<pack_id>/attempts")
def start(pack_id: str):
    """Practise a pack on one's own, outside any classroom."""
    pack = library_pack(pack_id)
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
    entry = next((e for e in _assignments_of(learner) if e["assignment"].id == assignment.id), None)
    if entry is not None and entry["unfinished"] is not None:
        return redirect(url_for(".resume", attempt_id=entry["unfinished"].id), code=303)
    if entry is None or not assignment.is_open(utcnow()):
        fail(
            409,
            _("This quiz is not open."),
            link=url_for(".index"),
            link_text=_("Back to the start page"),
        )
    if not entry["can_start"]:
        fail(
            409,
            _("You have used all the attempts this quiz allows."),
            link=url_for(".index"),
            link_text=_("Back to the start page"),
        )
    try:
        attempt = start_attempt(learner, entry["pack"], assignment.feedback_mode, assignment)
    except IntegrityError:  # a second click started one at the same moment: continue that one
        db.session.rollback()
        attempt = db.session.scalar(
            select(Attempt).filter_by(
                learner_id=learner.id, assignment_id=assignment.id, finished_at=None
            )
        )
        if attempt is None:
            raise
        return redirect(url_for(".resume", attempt_id=attempt.id), code=303)
    return redirect(url_for(".question", attempt_id=attempt.id, position=1), code=303)


@bp.get("/attempts/<int:attempt_id>")
def resume(attempt_id: int):
    attempt = _owned_attempt(attempt_id)
    if attempt.finished or attempt.resume_point is None:
        return redirect(url_for(".results", attempt_id=attempt.id))
    return redirect(url_for(".question", attempt_id=attempt.id, position=attempt.resume_point))


def _question_at(attempt: Attempt, position: int) -> Question:
    pack = _pack_of(attempt)
    if not 1 <= position <= len(attempt.question_order):
        fail(404, _("This quiz has no question %(number)s.", number=position))
    question = pack.question(attempt.question_order[position - 1])
    if question is None:
        fail(404, _("This question is no longer part of the quiz."))
    return question


def _render_question(attempt, position, question, error=None, status=200, submitted=None):
    pack = _pack_of(attempt)
    response = attempt.response_for(question.id)
    html = render_template(
        "learner/question.html",
        attempt=attempt,
        pack=pack,
        position=position,
        total=len(attempt.question_order),
        question=question,
        question_key=question_key(attempt, question),
        view=question_controls(attempt, question, submitted, error=error is not None),
        response=response,
        grade=response_grade(question, response) if response else None,
        error=error,
    )
    return html, status


def _finished_redirect(attempt: Attempt):
    if attempt.finish_reason in ("time_limit", "closed"):
        flash(_time_up_message(attempt))
    return redirect(url_for(".results", attempt_id=attempt.id), code=303)


def _time_up_message(attempt: Attempt) -> str:
    if attempt.finish_reason == "closed":
        return _(
            "The quiz has closed, so your attempt was finished with the answers you had given."
        )
    return _("Your time is up, so your attempt was finished with the answers you had given.")


@bp.get("/attempts/<int:attempt_id>/questions/<int:position>")
def question(attempt_id: int, position: int):
    attempt = _owned_attempt(attempt_id)
    question = _question_at(attempt, position)
    answered = attempt.response_for(question.id) is not None
    if not answered and attempt.finished:
        return _finished_redirect(attempt)
    if not answered and attempt.resume_point is not None and position > attempt.resume_point:
        return redirect(url_for(".question", attempt_id=attempt.id, position=attempt.resume_point))
    return _render_question(attempt, position, question)


@bp.post("/attempts/<int:attempt_id>/questions/<int:position>")
def answer(attempt_id: int, position: int):
    attempt = _owned_attempt(attempt_id)
    question = _question_at(attempt, position)
    if (
        attempt.finished
        and attempt.finish_reason in ("time_limit", "closed")
        and attempt.response_for(question.id) is None
    ):
        return _finished_redirect(attempt)
    if attempt.finished and attempt.response_for(question.id) is None:
        fail(
            409,
            _("This attempt is finished, so no more answers can be added. Your answers are saved."),
            link=url_for(".results", attempt_id=attempt.id),
            link_text=_("See your results"),
        )
    submitted_key = request.form.get("question")
    if submitted_key is None:
        fail(400, _("The form was incomplete. Please go back and answer again."))
    if submitted_key != question_key(attempt, question):
        fail(
            400,
            _("This answer belongs to a different question. Please answer the question shown."),
            link=url_for(".question", attempt_id=attempt.id, position=position),
            link_text=_("Back to the question"),
        )
    feedback_mode = attempt.feedback_mode  # read before the commit expires the attempt
    try:
        record_response(attempt, question, raw_response(question, request.form), active_language())
    except AskAgain as error:
        message = question_type(question.type).problem_message(question, error, page_texts)
        return _render_question(
            attempt, position, question, status=422, error=message, submitted=request.form
        )
    except InvalidResponse:
        fail(
            400,
            _("That answer is not one of the choices of this question. Please choose again."),
            link=url_for(".question", attempt_id=attempt.id, position=position),
            link_text=_("Back to the question"),
        )
    except AlreadyAnswered:
        fail(
            409,
            _("You have already answered this question; your first answer is kept."),
            link=url_for(".resume", attempt_id=attempt.id),
            link_text=_("Continue the quiz"),
        )
    except AttemptOver:
        return _finished_redirect(attempt)
    except ResponseError:  # pragma: no cover - every ResponseError subclass is handled above
        fail(400, _("This answer could not be read."))
    # attempt_id and feedback_mode, not attempt.id: after the commit that would load it again.
    if feedback_mode == "immediate":
        target = url_for(".question", attempt_id=attempt_id, position=position, _anchor="feedback")
    else:
        target = url_for(".resume", attempt_id=attempt_id)
    return redirect(target, code=303)


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


@bp.get("/packs/<pack_id>/source")
def source(pack_id: str):
    pack = library_pack(pack_id) or _assigned_pack(pack_id) or own_pack(pack_id)
    if pack is None:
        fail(404, _("There is no such quiz."))
    translation = pack.rendering(active_language())
    original = translation is None or request.args.get("original") == "1"
    return render_template(
        "learner/source.html",
        pack=pack,
        translation=translation,
        rendering=None if original else translation,
    )
