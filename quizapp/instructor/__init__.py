"""The instructor's side: classrooms, assignments, the results dashboard, statistics and exports."""

from flask import Blueprint

from ..guards import only_instructors

bp = Blueprint("instructor", __name__, url_prefix="/instructor")
bp.before_request(only_instructors)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
