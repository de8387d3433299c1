"""The learner's side: start a quiz, answer one question per page, see feedback and results."""

from flask import Blueprint

bp = Blueprint("learner", __name__, template_folder="../templates")

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
