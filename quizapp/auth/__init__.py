"""Accounts: instructors sign in with e-mail and password, learners with class code, name and PIN."""

from flask import Blueprint, request
from flask_login import user_loaded_from_cookie

from .. import accounts
from ..extensions import login_manager
from ..models import TeacherSignUp

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def _load_account(user_id: str):
    # A learner's attempt pages (/attempts/<attempt_id>/questions/<position>...) need the
    # attempt and the response shown as well as the account: all come in one query, a round
    # trip or two fewer on every question and answer.
    url = (request.view_args or {}) if request.blueprint == "learner" else {}
    return accounts.load_account(user_id, url.get("attempt_id"), url.get("position"))


@bp.context_processor
def _sign_up_rule() -> dict:
    # Called by the sign-in page only, so other pages of the blueprint cost no query.
    def teacher_sign_up_open() -> bool:
        return accounts.teacher_sign_up_rule().teacher_sign_up != TeacherSignUp.INVITATION

    return {"teacher_sign_up_open": teacher_sign_up_open}


@user_loaded_from_cookie.connect
def _rotate_remember_token(_app, user) -> None:
    accounts.rotate_remember_token(user)


from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
