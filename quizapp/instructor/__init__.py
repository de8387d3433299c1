"""The instructor's side: classrooms, assignments, the results dashboard, statistics and exports."""

from flask import Blueprint

bp = Blueprint("instructor", __name__, url_prefix="/instructor")

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
