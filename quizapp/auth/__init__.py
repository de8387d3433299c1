"""Signing in and out. Learners sign in with just a display name when they start a quiz."""

from flask import Blueprint, redirect, session, url_for
from flask_login import logout_user

from ..extensions import db, login_manager
from ..models import Learner

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str):
    role, _, number = user_id.partition(":")
    if role == "learner" and number.isdigit():
        return db.session.get(Learner, int(number))
    return None


@bp.post("/sign-out")
def sign_out():
    """End the session entirely (a shared school laptop must not keep the last learner)."""
    session.clear()
    logout_user()
    return redirect(url_for("learner.index"), code=303)
