"""Authoring: teachers make packs in the browser, under /instructor/packs (teachers only).

routes.py holds the URLs of a pack and its question editor, interchange.py those of the Moodle
files; both read the request, call one function of operations.py (which changes the stored packs)
and render a page of pages.py.
"""

from flask import Blueprint

from ..guards import only_instructors

bp = Blueprint("authoring", __name__, url_prefix="/instructor")
bp.before_request(only_instructors)

from . import interchange, routes  # noqa: E402,F401  (routes attach themselves to bp)
