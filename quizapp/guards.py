"""Who may open what: the checks every blueprint with teachers' pages uses (instructor, authoring
and any later one). Each lookup by id answers 404 to anyone but the owner, so an id in a URL never
tells a stranger that the thing exists."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .errors import fail
from .extensions import db, login_manager
from .models import Assignment, Classroom, Instructor, Learner, PackVersion, StoredPack
from .packs import withheld_from
from .views import date_time


def current_instructor() -> Instructor:
    """The signed-in teacher (the proxy's object, for comparisons and relationships)."""
    return current_user._get_current_object()


def instructor_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Teachers only: someone signed out is sent to sign in; a learner gets 404."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not isinstance(current_user._get_current_object(), Instructor):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def administrator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """School administrators only: someone signed out is sent to sign in; anyone else (a
    teacher who is not an administrator, a learner) gets 404, so /admin tells them nothing."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        account = current_user._get_current_object()
        if not (isinstance(account, Instructor) and account.is_administrator):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


@administrator_required
def only_administrators() -> None:
    """A blueprint's before_request hook: every page of the blueprint is for administrators."""
    return None


@instructor_required
def only_instructors() -> None:
    """A blueprint's before_request hook: every page of the blueprint is for teachers only."""
    return None


def owned_classroom(classroom_id: int) -> Classroom:
    """The signed-in teacher's own classroom; 404 for any other."""
    classroom = db.session.get(Classroom, classroom_id)
    if classroom is None or classroom.instructor_id != current_instructor().id:
        abort(404)
    return classroom


def owned_assignment(assignment_id: int) -> Assignment:
    """An assignment of one of the signed-in teacher's classrooms; 404 for any other."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.classroom.instructor_id != current_instructor().id:
        abort(404)
    return assignment


def owned_learner(classroom: Classroom, learner_id: int) -> Learner:
    """A learner of `classroom` (already checked as the teacher's own); 404 for any other."""
    learner = db.session.get(Learner, learner_id)
    if learner is None or learner.classroom_id != classroom.id:
        abort(404)
    return learner


def newest_version(stored: StoredPack) -> PackVersion | None:
    """A stored pack's newest published version, or None while it is only a draft."""
    return stored.versions[-1] if stored.versions else None


def owned_pack(stored_pack_id: int) -> StoredPack:
    """The signed-in teacher's own pack; 404 for any other."""
    stored = db.session.get(StoredPack, stored_pack_id)
    if stored is None or stored.owner_id is None or stored.owner_id != current_user.id:
        abort(404)
    return stored


def visible_pack(stored_pack_id: int) -> StoredPack:
    """The teacher's own pack or a published pack of the school's library; 404 otherwise."""
    stored = db.session.get(StoredPack, stored_pack_id)
    if stored is None:
        abort(404)
    mine = stored.owner_id is not None and stored.owner_id == current_user.id
    library = (stored.owner_id is None or stored.in_library) and newest_version(stored) is not None
    if not (mine or library):
        abort(404)
    return stored


def unwithheld(stored: StoredPack) -> StoredPack:
    """`stored` if the signed-in teacher may see its answers now; else a 409 page saying until
    when a class's running quiz withholds them (the preview, copy and download routes ask).
    The page leads a copy's owner to their list of quizzes, as the copy's own page is withheld."""
    until = withheld_from(current_instructor(), stored)
    if until is not None:
        own = stored.owner_id == current_instructor().id
        fail(
            409,
            _(
                "A class is taking this quiz and sees the answers only after it closes, so its "
                "answers are withheld from other teachers until %(date)s: its preview, copies "
                "and downloads open again then.",
                date=date_time(until),
            ),
            title=_("The answers are withheld for now"),
            link=url_for("authoring.packs")
            if own
            else url_for("authoring.edit_pack", stored_pack_id=stored.id),
            link_text=_("My quizzes") if own else _("Back to the quiz"),
        )
    return stored


def editable_pack(stored_pack_id: int) -> StoredPack:
    """The signed-in teacher's own pack to edit, preview or download (owned_pack); a 409 while
    it is a copy whose origin's answers a colleague's running quiz withholds (unwithheld), as
    its editor shows every answer. The author of the original keeps their own editor."""
    return unwithheld(owned_pack(stored_pack_id))


def readable_pack(stored_pack_id: int) -> StoredPack:
    """A pack whose page the signed-in teacher may open (visible_pack): another teacher's reads
    without answers, but the teacher's own page is its editor, so a withheld copy answers 409."""
    stored = visible_pack(stored_pack_id)
    return editable_pack(stored.id) if stored.owner_id == current_instructor().id else stored


def withheld_own_packs(packs: list[StoredPack]) -> dict[int, str]:
    """Until when (a date to show) each of the signed-in teacher's `packs` that is a withheld
    copy stays closed to them, by pack id: their list shows that instead of a link."""
    viewer = current_instructor()
    dates = {stored.id: withheld_from(viewer, stored) for stored in packs}
    return {pack_id: date_time(until) for pack_id, until in dates.items() if until is not None}
