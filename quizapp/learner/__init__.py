"""The learner's side: start a quiz, answer one question per page, see feedback and results."""

from flask import Blueprint

from ..constants import Verdict

bp = Blueprint("learner", __name__, template_folder="../templates")
# The feedback partials (learner/_answers.html) are drawn by other blueprints' pages too.
bp.add_app_template_global(Verdict, "Verdict")

from . import reviews, routes  # noqa: E402,F401  (routes attach themselves to bp)
