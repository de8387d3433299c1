"""URLs of the learner's quiz. Every attempt URL answers 404 to anyone but the attempt's learner."""

from babel.numbers import format_compact_decimal
from flask import redirect, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..engine import (
    AmbiguousNumber,
    EmptyResponse,
    InvalidResponse,
    Question,
    ResponseError,
    UnreadableNumber,
)
from ..errors import fail
from ..extensions import db
from ..i18n import active_language
from ..models import Attempt, Learner
from ..quiz import (
    AlreadyAnswered,
    all_packs,
    attempt_random,
    get_pack,
    question_key,
    record_response,
    response_grade,
    start_attempt,
)
from . import bp
from .forms import StartForm, raw_response


def _current_learner() -> Learner | None:
    return current_user if isinstance(current_user._get_current_object(), Learner) else None


def _owned_attempt(attempt_id: int) -> Attempt:
    learner = _current_learner()
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or learner is None or attempt.learner_id != learner.id:
        fail(404, _("This attempt does not exist or belongs to someone else."))
    return attempt


def _pack_of(attempt: Attempt):
    pack = get_pack(attempt.pack_id)
    if pack is None:
        fail(404, _("The quiz of this attempt is no longer available."))
    return pack


@bp.get("/")
def index():
    learner = _current_learner()
    unfinished = [a for a in learner.attempts if not a.finished] if learner else []
    finished = [a for a in learner.attempts if a.finished] if learner else []
    return render_template(
        "learner/index.html",
        packs=all_packs().values(),
        form=StartForm(),
        learner=learner,
        unfinished=unfinished,
        finished=finished,
    )


@bp.post("/packs/<pack_id>/attempts")
def start(pack_id: str):
    pack = get_pack(pack_id)
    if pack is None:
        fail(404, _("There is no such quiz."))
    learner = _current_learner()
    form = StartForm()
    if learner is not None:
        del form.display_name
    if not form.validate():
        learner_attempts = learner.attempts if learner else []
        html = render_template(
            "learner/index.html",
            packs=all_packs().values(),
            form=form,
            chosen_pack=pack.id,
            learner=learner,
            unfinished=[a for a in learner_attempts if not a.finished],
            finished=[a for a in learner_attempts if a.finished],
        )
        return html, 422
    if learner is None:
        learner = Learner(display_name=form.display_name.data.strip(), locale=active_language())
        db.session.add(learner)
        db.session.commit()
        login_user(learner, remember=True)
    attempt = start_attempt(learner, pack, form.feedback_mode.data)
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


def _render_question(attempt, position, question, error=None, status=200, typed=None):
    pack = _pack_of(attempt)
    response = attempt.response_for(question.id)
    choices = list(question.choices)
    attempt_random(attempt, question).shuffle(choices)
    return (
        render_template(
            "learner/question.html",
            attempt=attempt,
            pack=pack,
            position=position,
            total=len(attempt.question_order),
            question=question,
            question_key=question_key(attempt, question),
            choices=choices,
            response=response,
            grade=response_grade(question, response) if response else None,
            error=error,
            typed=typed,
        ),
        status,
    )


@bp.get("/attempts/<int:attempt_id>/questions/<int:position>")
def question(attempt_id: int, position: int):
    attempt = _owned_attempt(attempt_id)
    question = _question_at(attempt, position)
    answered = attempt.response_for(question.id) is not None
    if not answered and attempt.finished:
        return redirect(url_for(".results", attempt_id=attempt.id))
    if not answered and attempt.resume_point is not None and position > attempt.resume_point:
        return redirect(url_for(".question", attempt_id=attempt.id, position=attempt.resume_point))
    return _render_question(attempt, position, question)


@bp.post("/attempts/<int:attempt_id>/questions/<int:position>")
def answer(attempt_id: int, position: int):
    attempt = _owned_attempt(attempt_id)
    question = _question_at(attempt, position)
    if attempt.finished:
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
    try:
        record_response(attempt, question, raw_response(question, request.form), active_language())
    except EmptyResponse:
        return _render_question(
            attempt, position, question, status=422, error=_empty_message(question)
        )
    except (UnreadableNumber, AmbiguousNumber) as error:
        return _render_question(
            attempt,
            position,
            question,
            status=422,
            error=_number_message(error),
            typed=request.form.get("answer"),
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
    except ResponseError:  # pragma: no cover - every ResponseError subclass is handled above
        fail(400, _("This answer could not be read."))
    if attempt.feedback_mode == "immediate":
        target = url_for(".question", attempt_id=attempt.id, position=position, _anchor="feedback")
    else:
        target = url_for(".resume", attempt_id=attempt.id)
    return redirect(target, code=303)


def _empty_message(question: Question) -> str:
    if question.type in ("single_choice", "true_false"):
        return _("Please choose an answer.")
    if question.type == "multiple_response":
        return _("Please tick at least one answer.")
    if question.type == "matching":
        return _("Please match at least one item.")
    return _("Please type an answer.")


def _number_message(error: Exception) -> str:
    """Ask again for a number, showing how the learner's language writes one."""
    example = " · ".join(
        (
            format_decimal(9.2),
            format_decimal(9_200_000),
            format_compact_decimal(
                9_200_000, format_type="long", fraction_digits=1, locale=get_locale()
            ),
        )
    )
    if isinstance(error, AmbiguousNumber):
        return _(
            "We could not tell which number you mean. Please write it like this: %(example)s",
            example=example,
        )
    return _("Please type a number, for example: %(example)s", example=example)


@bp.get("/attempts/<int:attempt_id>/results")
def results(attempt_id: int):
    attempt = _owned_attempt(attempt_id)
    if not attempt.finished:
        return redirect(url_for(".resume", attempt_id=attempt.id))
    pack = _pack_of(attempt)
    rows = []
    for position, question_id in enumerate(attempt.question_order, start=1):
        question = pack.question(question_id)
        if question is None:
            continue
        response = attempt.response_for(question_id)
        grade = response_grade(question, response) if response else None
        rows.append((position, question, response, grade))
    return render_template("learner/results.html", attempt=attempt, pack=pack, rows=rows)


@bp.get("/packs/<pack_id>/source")
def source(pack_id: str):
    pack = get_pack(pack_id)
    if pack is None:
        fail(404, _("There is no such quiz."))
    return render_template("learner/source.html", pack=pack)
