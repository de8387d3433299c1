"""The school administrator's pages: how teachers get an account, invitations, approving and
suspending teachers, and the whole library. Every page is for administrators only."""

from flask import Blueprint

from ..guards import only_administrators

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(only_administrators)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
