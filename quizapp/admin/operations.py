"""What an administrator changes: the school's rule for teacher accounts, invitations, and
teachers' accounts (approve, decline, suspend, restore); and what they see of the library.

The rules every sign-up and sign-in follows are in quizapp/accounts.py; these functions are
the administrator's side of them."""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import func, select

from .. import accounts
from ..accounts import N_, AccountError
from ..extensions import db
from ..links import public_url_for
from ..mail import mail_configured
from ..models import (
    Instructor,
    Invitation,
    PackVersion,
    SchoolSetting,
    StoredPack,
    TeacherSignUp,
    TeacherStatus,
    utcnow,
)
from ..packs import LIBRARY
from ..views import localised

NO_DOMAINS = N_("Please list at least one e-mail domain of the school.")
DOMAINS_NEED_MAIL = N_(
    "Sign-up by domain sends a confirmation link by e-mail, and this server cannot send "
    "e-mail. Please set up mail first (QUIZAPP_MAIL_SERVER)."
)
NOT_YOURSELF = N_("You cannot suspend your own account.")
LAST_ADMINISTRATOR = N_("This is the last administrator; the school needs one.")


@dataclass
class SchoolOverview:
    """What the administrator's page lists."""

    rule: SchoolSetting
    invitations: list[Invitation]
    pending: list[Instructor]
    teachers: list[Instructor]
    mail: bool


@dataclass
class InvitationSent:
    """A new invitation's link, to copy, and whether it was e-mailed too."""

    email: str
    link: str | None
    mailed: bool


@dataclass
class LibraryEntry:
    title: str
    slug: str
    owner: str | None  # the teacher's address, None for the school's own
    published: bool


@dataclass
class LibraryOverview:
    """Every pack of the school's library, and the titles of every teacher's own packs."""

    library: list[LibraryEntry] = field(default_factory=list)
    by_teacher: dict[str, list[LibraryEntry]] = field(default_factory=dict)


def school_overview() -> SchoolOverview:
    """The rule, the invitations neither used nor expired, the teachers waiting for approval
    and every teacher."""
    invitations = db.session.scalars(
        select(Invitation)
        .filter(Invitation.used_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at)
    ).all()
    teachers = db.session.scalars(select(Instructor).order_by(func.lower(Instructor.email))).all()
    return SchoolOverview(
        rule=accounts.teacher_sign_up_rule(),
        invitations=list(invitations),
        pending=[t for t in teachers if t.status == TeacherStatus.PENDING],
        teachers=[t for t in teachers if t.status != TeacherStatus.PENDING],
        mail=mail_configured(),
    )


def set_teacher_sign_up(mode: str, domains_text: str) -> SchoolSetting:
    """Save how teachers get an account; sign-up by domain needs a domain and outgoing mail."""
    domains = accounts.school_domains(domains_text or "")
    if mode == TeacherSignUp.DOMAINS and not domains:
        raise AccountError(NO_DOMAINS)
    if mode == TeacherSignUp.DOMAINS and not mail_configured():
        raise AccountError(DOMAINS_NEED_MAIL)
    rule = accounts.teacher_sign_up_rule()
    rule.teacher_sign_up = TeacherSignUp(mode).value
    rule.sign_up_domains = " ".join(domains)
    rule.updated_at = utcnow()
    db.session.add(rule)
    db.session.commit()
    return rule


def invite_teacher(
    administrator: Instructor,
    email: str,
    locale: str | None,
    link_for: Callable[[str], str | None],
) -> InvitationSent:
    """A new invitation for `email`: its link (None where no trustworthy address is known, see
    links.public_url_for), e-mailed in `locale` when the server can send mail."""
    token = accounts.new_invitation(email, locale, administrator)
    link = link_for(token)
    mailed = link is not None and mail_configured()
    if mailed:
        accounts.mail_invitation(email.strip().lower(), locale, link)
    return InvitationSent(email=email.strip().lower(), link=link, mailed=mailed)


def open_invitation(invitation_id: int) -> Invitation:
    """An invitation not used yet; 404 for any other id."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.used_at is not None:
        abort(404)
    return invitation


def withdraw_invitation(invitation: Invitation) -> None:
    """The invitation goes: its link opens nothing from now on."""
    db.session.delete(invitation)
    db.session.commit()


def teacher(instructor_id: int) -> Instructor:
    """A teacher account of the school; 404 for an id that names none."""
    instructor = db.session.get(Instructor, instructor_id)
    if instructor is None:
        abort(404)
    return instructor


def change_teacher(administrator: Instructor, teacher: Instructor, action: str) -> str:
    """Approve or decline a pending teacher, suspend or restore one; returns the message (a
    msgid with %(email)s) saying what was done. AccountError for what may not be done."""
    actions = {
        "approve": _approve,
        "decline": _decline,
        "suspend": _suspend,
        "restore": _restore,
    }
    return actions[action](administrator, teacher)


def _activate(teacher: Instructor, was: TeacherStatus) -> None:
    """Let the teacher sign in; 409 unless the account stands at `was` (a repeated click)."""
    if teacher.status != was:
        abort(409)
    teacher.status = TeacherStatus.ACTIVE
    db.session.commit()


def _approve(_administrator: Instructor, teacher: Instructor) -> str:
    """The teacher may sign in, and is told so by e-mail where the server can send it."""
    _activate(teacher, TeacherStatus.PENDING)
    link = public_url_for("auth.instructor_sign_in") if mail_configured() else None
    if link is not None:
        accounts.mail_approval(teacher, link)
    return N_("%(email)s may sign in now.")


def _decline(_administrator: Instructor, teacher: Instructor) -> str:
    """A declined sign-up is removed: a pending account has no classes or packs yet."""
    if teacher.status != TeacherStatus.PENDING:
        abort(409)
    db.session.delete(teacher)
    db.session.commit()
    return N_("The sign-up of %(email)s is declined and removed.")


def _suspend(administrator: Instructor, teacher: Instructor) -> str:
    """Suspended: every session ends at once, sign-in is refused; their classes' data stays."""
    if teacher.id == administrator.id:
        raise AccountError(NOT_YOURSELF)
    if teacher.is_administrator and _active_administrators() <= 1:
        raise AccountError(LAST_ADMINISTRATOR)
    teacher.status = TeacherStatus.SUSPENDED
    accounts.end_all_sessions(teacher)
    return N_("%(email)s is suspended and signed out on every device.")


def _restore(_administrator: Instructor, teacher: Instructor) -> str:
    _activate(teacher, TeacherStatus.SUSPENDED)
    return N_("%(email)s may sign in again.")


def _active_administrators() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Instructor)
        .filter_by(is_administrator=True, status=TeacherStatus.ACTIVE)
    )


def _entry(stored: StoredPack, owner: str | None, published: set[int]) -> LibraryEntry:
    title = localised(stored.draft.get("title")) if isinstance(stored.draft, dict) else ""
    return LibraryEntry(
        title=title or stored.slug, slug=stored.slug, owner=owner, published=stored.id in published
    )


def library_overview() -> LibraryOverview:
    """Every pack in the school's library and the titles of every teacher's own packs: what
    the school teaches with, and nothing of its learners."""
    overview = LibraryOverview()
    owners = dict(db.session.execute(select(Instructor.id, Instructor.email)).all())
    packs = db.session.scalars(select(StoredPack).order_by(StoredPack.slug)).all()
    in_library = set(db.session.scalars(select(StoredPack.id).filter(LIBRARY)))
    published = set(db.session.scalars(select(PackVersion.stored_pack_id).distinct()))
    for stored in packs:
        owner = owners.get(stored.owner_id)
        if stored.id in in_library:
            overview.library.append(_entry(stored, owner, published))
        if owner is not None:
            overview.by_teacher.setdefault(owner, []).append(_entry(stored, owner, published))
    overview.by_teacher = dict(sorted(overview.by_teacher.items()))
    return overview
