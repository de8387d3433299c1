"""URLs for practising what one missed: the results page's "practise the questions I missed" and
the home page's review of the questions due today (the rules are in quizapp/review.py)."""

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import review
from ..accounts import stored_account
from ..errors import fail
from ..extensions import db
from ..models import Attempt, Learner
from . import bp

bp.add_app_template_global(review.practice_offer, "missed_practice_offer")
bp.add_app_template_global(review.due_reviews, "reviews_due")


def _signed_in_learner() -> Learner | None:
    user = stored_account(current_user._get_current_object())
    return user if isinstance(user, Learner) else None


def _refusal_page(refused: review.ReviewRefused) -> None:
    """The 4xx page saying why a practice of missed questions did not start."""
    refusal = refused.refusal
    if refusal is review.ReviewRefusal.SWITCHED_OFF:
        status, message = 403, _("Your teacher has switched off practising missed questions.")
    elif refusal is review.ReviewRefusal.ANSWERS_WITHHELD:
        status = 409
        message = _(
            "The right answers of this quiz are not shown yet, so its questions cannot be "
            "practised now."
        )
    elif refusal is review.ReviewRefusal.NOTHING_MISSED:
        status, message = 409, _("You answered every question right: there is nothing to practise.")
    else:
        status, message = 409, _("No questions of this quiz are due for review today.")
    title = _("Practice not started")
    fail(status, message, title, link=url_for(".index"), link_text=_("Back to the start page"))


@bp.post("/attempts/<int:attempt_id>/practise-missed")
def practise_missed(attempt_id: int):
    """Start a practice attempt of the questions the learner missed in one of their attempts."""
    learner = _signed_in_learner()
    attempt = db.session.get(Attempt, attempt_id) if learner is not None else None
    if attempt is None or attempt.learner_id != learner.id:
        fail(404, _("This attempt does not exist or belongs to someone else."))
    try:
        practice = review.start_missed_practice(learner, attempt)
    except review.ReviewRefused as refused:
        if refused.refusal is review.ReviewRefusal.UNFINISHED:
            return redirect(url_for(".resume", attempt_id=attempt.id), code=303)
        _refusal_page(refused)
    return redirect(url_for(".question", attempt_id=practice.id, position=1), code=303)


@bp.post("/review")
def start_review():
    """Start a practice attempt of the questions of one quiz due for review today."""
    learner = _signed_in_learner()
    if learner is None:
        return redirect(url_for("auth.learner_sign_in"), code=303)
    try:
        practice = review.start_due_review(learner, request.form.get("pack_version", type=int))
    except review.ReviewRefused as refused:
        _refusal_page(refused)
    return redirect(url_for(".question", attempt_id=practice.id, position=1), code=303)
