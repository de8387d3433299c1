"""The instructor's side: classrooms, assignments, the results dashboard, statistics and exports."""

from flask import Blueprint

bp = Blueprint("instructor", __name__, url_prefix="/instructor")

from ..authoring import interchange as _interchange  # noqa: E402,F401  (Moodle files)
from ..authoring import routes as _authoring  # noqa: E402,F401  (the packs' pages, on bp too)
from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
