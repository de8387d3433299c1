"""Accounts: instructors sign in with e-mail and password, learners with class code, name and PIN."""

from flask import Blueprint

from ..extensions import db, login_manager
from ..models import Instructor, Learner

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str):
    role, _, number = user_id.partition(":")
    model = {"learner": Learner, "instructor": Instructor}.get(role)
    if model is None or not number.isdigit():
        return None
    return db.session.get(model, int(number))


from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
