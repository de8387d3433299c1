"""Accounts: instructors sign in with e-mail and password, learners with class code, name and PIN."""

from flask import Blueprint, request
from flask_login import user_loaded_from_cookie

from .. import accounts
from ..extensions import login_manager

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def _load_account(user_id: str):
    # A learner's attempt pages (/attempts/<attempt_id>/...) need the attempt as well as the
    # account: both come in one query, a round trip fewer on every question and answer.
    on_attempt = request.blueprint == "learner" and request.view_args
    return accounts.load_account(user_id, on_attempt.get("attempt_id") if on_attempt else None)


@user_loaded_from_cookie.connect
def _rotate_remember_token(_app, user) -> None:
    accounts.rotate_remember_token(user)


from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
