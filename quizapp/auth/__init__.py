"""Accounts: instructors sign in with e-mail and password, learners with class code, name and PIN."""

from flask import Blueprint
from flask_login import user_loaded_from_cookie

from .. import accounts
from ..extensions import login_manager

bp = Blueprint("auth", __name__)

login_manager.user_loader(accounts.load_account)


@user_loaded_from_cookie.connect
def _rotate_remember_token(_app, user) -> None:
    accounts.rotate_remember_token(user)


from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
