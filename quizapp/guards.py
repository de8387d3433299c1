"""Who may open what: the checks every blueprint with teachers' pages uses (instructor, authoring
and any later one). Each lookup by id answers 404 to anyone but the owner, so an id in a URL never
tells a stranger that the thing exists."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from .extensions import db, login_manager
from .models import Assignment, Classroom, Instructor, Learner, PackVersion, StoredPack


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
