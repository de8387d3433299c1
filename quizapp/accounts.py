"""Accounts: hashing secrets, folding names, joining, signing in, PIN and password changes,
reset links, how teachers get an account (the school's rule, invitations, confirming an
address), and ending sessions. The blueprints and the command line call these functions;
none of them reads the request except where a session is started or ended.

Every session and remember cookie names its account, the account's session token and one
SignIn row (its id and a secret whose SHA-256 the row keeps). Signing out deletes the row; a
PIN reset, a password change, a learner's removal and "sign out everywhere" replace the token
and delete every row, which ends every session and remember cookie of the account at once.
"""

import datetime as dt
import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from confusable_homoglyphs import categories, confusables
from flask import current_app, has_request_context, request, session
from flask_babel import force_locale
from flask_babel import gettext as babel_gettext
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import JSON, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import instance_state, set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from . import throttle
from .engine import fold_answer
from .extensions import db
from .i18n import chosen_language, stated_language
from .mail import send_mail
from .models import (
    Account,
    Assignment,
    Attempt,
    Classroom,
    Instructor,
    Invitation,
    Learner,
    Response,
    SchoolSetting,
    SignIn,
    TeacherSignUp,
    TeacherStatus,
    new_session_token,
    utcnow,
)
from .signals import attempt_started


def N_(message: str) -> str:
    """Marks a message for the catalog; the caller translates it (page or terminal)."""
    return message


PASSWORD_MIN_LENGTH = 10
PIN_DIGITS = 4
# A second identical form sent within this time (a double click) gets the first one's result.
DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=2)
RESET_SALT = "quizapp.password-reset"
CONFIRMATION_SALT = "quizapp.confirm-address"


@dataclass
class AccountError(Exception):
    """Something a user can cause: `message` is a catalog msgid with %(name)s placeholders."""

    message: str
    values: dict = field(default_factory=dict)
    wait: int = 0  # seconds, when refused by the throttle

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def text(self, translate) -> str:
        """The message in a language: `translate` is flask_babel.gettext or terminal._."""
        return translate(self.message, **self.values)


@dataclass
class NotActive(AccountError):
    """The right password of a teacher who may not sign in yet (or any more): `status` says why."""

    instructor_id: int = 0
    status: str = ""


@dataclass
class LinkRefused(AccountError):
    """A link from an e-mail that no longer opens anything: 404 for one never made (forged,
    withdrawn), 410 for one used or expired."""

    status: int = 410


TOO_MANY = N_("Too many failed attempts. Please wait %(seconds)s seconds and try again.")
NAME_TAKEN = N_(
    "Someone in this class already uses this name. If it is you, sign in with your PIN; "
    "otherwise add the first letter of your last name."
)
NAME_LOOKS_LIKE = N_(
    "This name looks the same as %(name)s, who is already in this class. "
    "Please add the first letter of your last name."
)
NAME_EMPTY = N_("Please enter your name.")
EMAIL_TAKEN = N_("There is already an account with this e-mail address.")
EMAIL_INVALID = N_("Please enter a valid e-mail address.")
NO_SUCH_CLASS = N_("There is no class with this code. Please check it with your teacher.")
JOINING_CLOSED = N_(
    "This class is closed for joining. If you joined before, sign in with your PIN."
)
WRONG_PASSWORD = N_("The current password is not right.")
NOT_ACTIVE = {
    TeacherStatus.UNCONFIRMED: N_(
        "Please confirm your e-mail address first: open the link we sent you. "
        "No message? We can send the link again."
    ),
    TeacherStatus.PENDING: N_(
        "Your account is waiting for the approval of the school's administrator. "
        "You can sign in once it is approved."
    ),
    TeacherStatus.SUSPENDED: N_(
        "Your account is suspended. Please ask the school's administrator."
    ),
}
SIGN_UP_CLOSED = N_(
    "Teacher accounts at this school come by invitation from its administrator. "
    "Please ask them for an invitation."
)
OTHER_DOMAIN = N_(
    "Teacher accounts at this school are for addresses at %(domains)s. Please use your "
    "school address, or ask the administrator for an invitation."
)
PASSWORD_RULES = N_(
    "At least 10 characters, not one of the 10,000 most common passwords, "
    "and not your e-mail address."
)


# -- secrets ---------------------------------------------------------------------------------

PIN_COST = "PIN_HASH"  # the setting naming the scrypt cost of learners' PINs


def hash_secret(secret: str, cost: str = "PASSWORD_HASH") -> str:
    """A password (or, with cost="PIN_HASH", a PIN) hashed with scrypt at the configured cost."""
    return generate_password_hash(secret, method=current_app.config[cost])


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not a real password", method=method)


def secret_matches(hashed: str | None, secret: str, cost: str = "PASSWORD_HASH") -> bool:
    """Whether `secret` is the one hashed; with no hash, a dummy check at the same cost, so an
    unknown account takes as long as a wrong secret."""
    if not hashed:
        check_password_hash(_dummy_hash(current_app.config[cost]), secret)
        return False
    return check_password_hash(hashed, secret)


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords, lowercased (quizapp/data/common-passwords.txt)."""
    text = files("quizapp").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("# ")
    )


def password_problems(password: str, email: str | None) -> list[str]:
    """What is wrong with a teacher's new password (msgids; empty when it is fine)."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(N_("The password needs at least 10 characters."))
    folded = password.strip().casefold()
    if folded in common_passwords():
        problems.append(
            N_("This password is one of the 10,000 most common ones. Please choose another.")
        )
    if email and (folded == email.strip().casefold() or folded == email.split("@")[0].casefold()):
        problems.append(N_("The password must not be your e-mail address."))
    return problems


# -- names -----------------------------------------------------------------------------------

# Characters that show nothing (or nothing but a space) and are not Unicode format characters:
# the Hangul fillers, the Braille blank, variation selectors, the combining grapheme joiner.
_INVISIBLE = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f", "\u17b4", "\u17b5"}
_INVISIBLE |= {chr(c) for c in range(0xFE00, 0xFE10)}


def _visible(char: str) -> bool:
    if char in _INVISIBLE or 0xE0100 <= ord(char) <= 0xE01EF:
        return False
    category = unicodedata.category(char)
    # Cf: format characters (zero-width space and joiners, soft hyphen, bidi controls and marks);
    # Cc: control characters; Co, Cs, Cn: private use, surrogates, unassigned.
    return not category.startswith("C")


def clean_display_name(raw: str) -> str:
    """A name as stored and shown: NFKC, invisible, format and bidi control characters removed,
    runs of spaces made one. "Ana\\u200b B." and "Ana B.\\u200f" become "Ana B.".

    Cut to the column's length: NFKC can lengthen a name (one ligature becomes many letters).
    """
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(
        " " if char.isspace() else char for char in text if char.isspace() or _visible(char)
    )
    cleaned = " ".join(unicodedata.normalize("NFKC", text).split())
    return cleaned[: Learner.__table__.c.display_name.type.length].strip()


def name_key(display_name: str) -> str:
    """The form a learner's name is compared in within a classroom: "Zoë  B." and "zoe b" agree.

    The one normalisation for every way a name comes in (joining, signing in, a teacher's
    rename, practice). Cut to the column's length: folding can lengthen a name ("ß": "ss").
    """
    key = fold_answer(clean_display_name(display_name))
    return key[: Learner.__table__.c.name_key.type.length]


@cache
def _latin_look_alike(char: str) -> str:
    if categories.alias(char) in ("LATIN", "COMMON"):
        return char
    for glyph in confusables.confusables_data.get(char, ()):
        if all(categories.alias(c) in ("LATIN", "COMMON") for c in glyph["c"]):
            return glyph["c"]
    return char


def name_skeleton(display_name: str) -> str:
    """A name with every letter that looks like a Latin one replaced by it (Unicode's
    confusables data), then folded: "Ана В." (Cyrillic) and "Ana B." give the same skeleton."""
    cleaned = clean_display_name(display_name)
    return fold_answer("".join(_latin_look_alike(char) for char in cleaned))


def _check_name_free(
    classroom_id: int, display_name: str, key: str, except_id: int | None = None
) -> None:
    if not key:
        raise AccountError(NAME_EMPTY)
    skeleton = name_skeleton(display_name)
    classmates = db.session.execute(
        select(Learner.id, Learner.name_key, Learner.display_name).filter_by(
            classroom_id=classroom_id
        )
    )
    for learner_id, other_key, other_name in classmates:
        if learner_id == except_id or other_key is None:
            continue
        if other_key == key:
            raise AccountError(NAME_TAKEN)
        if name_skeleton(other_name) == skeleton:
            raise AccountError(NAME_LOOKS_LIKE, {"name": other_name})


def practice_learner(raw_name: str, locale: str | None) -> Learner:
    """A learner practising outside any classroom: only a name, cleaned like every other."""
    display_name = clean_display_name(raw_name) or "?"
    learner = Learner(display_name=display_name, locale=locale)
    db.session.add(learner)
    db.session.commit()
    return learner


def rename_learner(learner: Learner, raw_name: str) -> str:
    """Rename a learner of a classroom; the new name must be free there. Returns the name."""
    display_name = clean_display_name(raw_name)
    key = name_key(display_name)
    _check_name_free(learner.classroom_id, display_name, key, except_id=learner.id)
    learner.display_name, learner.name_key = display_name, key
    try:
        db.session.commit()
    except IntegrityError:  # a classmate took the name at the same moment
        db.session.rollback()
        raise AccountError(NAME_TAKEN) from None
    return display_name


# -- joining and signing in ------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def classroom_by_code(code: str) -> Classroom | None:
    """The classroom a join code (as typed: any case, stray spaces) belongs to."""
    return db.session.scalar(select(Classroom).filter_by(join_code=normalise_code(code)))


def find_classroom(code: str, address: str) -> Classroom | None:
    """classroom_by_code for a visitor, throttled per address: unknown codes count as failures."""
    attempt = throttle.begin_join_lookup(address)
    if attempt.wait:
        raise AccountError(TOO_MANY, {"seconds": attempt.wait}, wait=attempt.wait)
    classroom = classroom_by_code(code)
    if classroom is None:
        throttle.failed(attempt)
    else:
        throttle.succeeded(attempt)
    return classroom


def classroom_to_join(code: str, address: str) -> Classroom:
    """The classroom a visitor may join with this code (find_classroom's throttle applies);
    AccountError if refused by the throttle, if no class has the code (NO_SUCH_CLASS) or if the
    class is closed for joining (JOINING_CLOSED)."""
    classroom = find_classroom(code, address)
    if classroom is None:
        raise AccountError(NO_SUCH_CLASS)
    if not classroom.joining_open:
        raise AccountError(JOINING_CLOSED)
    return classroom


def instructor_by_email(email: str) -> Instructor | None:
    """The instructor who signs in with this address, whatever its case."""
    return db.session.scalar(
        select(Instructor).filter(func.lower(Instructor.email) == email.strip().lower())
    )


def join_classroom(
    classroom: Classroom, raw_name: str, pin: str, locale: str | None, address: str
) -> Learner:
    """A new learner in `classroom`. Raises AccountError for a name in use or looking like one.

    The same form sent twice from one browser (a double click) gives the learner the first one
    made: see _joined_from_this_browser.
    """
    display_name = clean_display_name(raw_name)
    key = name_key(display_name)
    try:
        _check_name_free(classroom.id, display_name, key)
        learner = Learner(
            display_name=display_name,
            name_key=key,
            classroom=classroom,
            pin_hash=hash_secret(pin, PIN_COST),
            locale=locale,
        )
        db.session.add(learner)
        try:
            db.session.commit()
            return learner
        except IntegrityError:  # the same name was stored between the check and the insert
            db.session.rollback()
            raise AccountError(NAME_TAKEN) from None
    except AccountError as error:
        if error.message != NAME_TAKEN:
            raise
        existing = db.session.scalar(
            select(Learner).filter_by(classroom_id=classroom.id, name_key=key)
        )
        if existing is None or not _joined_from_this_browser(existing, pin):
            raise
        return existing


def _browser_key() -> str | None:
    """What identifies this browser's session before sign-in: its CSRF secret, hashed."""
    secret = session.get("csrf_token")
    return _digest(secret) if isinstance(secret, str) else None


def _joined_from_this_browser(learner: Learner, pin: str) -> bool:
    """Whether `learner` joined moments ago from this very browser with this PIN: the second of
    two identical submissions then gets the first one's result."""
    origin = _browser_key()
    if origin is None or learner.created_at < utcnow() - DOUBLE_SUBMIT_WINDOW:
        return False
    made_here = db.session.scalar(select(SignIn.id).filter_by(learner_id=learner.id, origin=origin))
    return made_here is not None and secret_matches(learner.pin_hash, pin, PIN_COST)


def _signed_in(attempt: throttle.Attempt, account: Account | None, right: bool) -> Account:
    if account is None or not right:
        throttle.failed(attempt)
        raise AccountError(N_("The e-mail address or the password is not right."))
    throttle.succeeded(attempt)
    return account


def sign_in_instructor(email: str, password: str, address: str) -> Instructor:
    """The instructor with this e-mail address and password; AccountError otherwise (wrong, or
    refused by the throttle with `wait` seconds)."""
    email = email.strip().lower()
    attempt = throttle.begin_sign_in(f"instructor:{email}", address)
    if attempt.wait:
        raise AccountError(TOO_MANY, {"seconds": attempt.wait}, wait=attempt.wait)
    instructor = instructor_by_email(email)
    right = secret_matches(instructor.password_hash if instructor else None, password)
    instructor = _signed_in(attempt, instructor, right)
    if instructor.status != TeacherStatus.ACTIVE:  # told only to whoever knows the password
        raise NotActive(
            NOT_ACTIVE[instructor.status], instructor_id=instructor.id, status=instructor.status
        )
    return instructor


def pin_account(code: str, key: str) -> str:
    """What the throttle counts a learner's PIN sign-ins under: the class code and the folded
    name, as typed at the sign-in form (so a name nobody has is counted too)."""
    return f"learner:{normalise_code(code)}:{key}"


def sign_in_learner(code: str, raw_name: str, pin: str, address: str) -> Learner:
    """The learner of the classroom with this code, name and PIN; AccountError otherwise."""
    code = normalise_code(code)
    key = name_key(raw_name)
    attempt = throttle.begin_pin_sign_in(pin_account(code, key), address)
    if attempt.wait:
        raise AccountError(TOO_MANY, {"seconds": attempt.wait}, wait=attempt.wait)
    learner = db.session.scalar(
        select(Learner).join(Classroom).filter(Classroom.join_code == code, Learner.name_key == key)
    )
    right = secret_matches(learner.pin_hash if learner else None, pin, PIN_COST)
    try:
        return _signed_in(attempt, learner, right)
    except AccountError as error:
        if error.wait:
            raise
        raise AccountError(N_("The class code, the name or the PIN is not right.")) from None


def create_instructor(
    email: str, password: str, locale: str | None, status: str = TeacherStatus.ACTIVE
) -> Instructor:
    """A new instructor account. A second identical sign-up (a double click) gets the first."""
    email = email.strip().lower()
    if len(email) > Instructor.__table__.c.email.type.length:  # lower() lengthened it ("İ")
        raise AccountError(EMAIL_INVALID)
    existing = instructor_by_email(email)
    if existing is None:
        instructor = Instructor(
            email=email, password_hash=hash_secret(password), locale=locale, status=status
        )
        db.session.add(instructor)
        try:
            db.session.commit()
            return instructor
        except IntegrityError:
            db.session.rollback()
            existing = instructor_by_email(email)
    if (
        existing is not None
        and existing.created_at >= utcnow() - DOUBLE_SUBMIT_WINDOW
        and secret_matches(existing.password_hash, password)
    ):
        return existing
    raise AccountError(EMAIL_TAKEN)


# -- PINs and passwords ----------------------------------------------------------------------


def reset_pin(learner: Learner) -> str:
    """A new random PIN for a learner (returned to show once); every session of theirs ends."""
    pin = "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))
    learner.pin_hash = hash_secret(pin, PIN_COST)
    end_all_sessions(learner)
    return pin


def set_password(instructor: Instructor, password: str) -> None:
    """Store a new password (already checked with password_problems); every session ends."""
    instructor.password_hash = hash_secret(password)
    end_all_sessions(instructor)


def change_password(instructor: Instructor, current: str, new: str) -> None:
    """A signed-in teacher's own change: the current password first. Every session ends, and this
    browser is signed in again on a fresh one."""
    if not secret_matches(instructor.password_hash, current):
        raise AccountError(WRONG_PASSWORD)
    problems = password_problems(new, instructor.email)
    if problems:
        raise AccountError(problems[0])
    set_password(instructor, new)
    start_session(instructor)


def remove_learner(learner: Learner) -> None:
    """Remove a learner with their attempts and sign-ins; their id is never given out again."""
    db.session.delete(learner)
    db.session.commit()


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(instructor: Instructor) -> str:
    return hashlib.sha256(instructor.password_hash.encode()).hexdigest()[:20]


def password_reset_token(instructor: Instructor) -> str:
    """A token for a reset link: it names the account and the current password's hash, so it
    works once (the new password changes the hash) and expires after RESET_LINK_LIFETIME."""
    return _reset_serializer().dumps([instructor.id, _password_fingerprint(instructor)])


RESET_MAIL_SUBJECT = N_("Your new quizapp password")
RESET_MAIL_BODY = N_(
    "To choose a new password, open this link within %(minutes)s minutes. "
    "It works once.\n\n%(link)s\n\nIf you did not ask for it, ignore this "
    "message; your password stays as it is."
)


def mail_reset_link(email: str, link_for: Callable[[str], str | None], translate) -> None:
    """Mail a reset link to the instructor with this address, if there is one, and do nothing
    otherwise: the page says the same either way, so it tells no one who has an account.
    `link_for` makes the link from a token, None where no trustworthy address is known (then no
    mail goes: a link on a Host header the client chose would hand the token to its site);
    `translate` is flask_babel.gettext."""
    instructor = instructor_by_email(email)
    if instructor is None or not instructor.is_active:
        return
    minutes = int(current_app.config["RESET_LINK_LIFETIME"].total_seconds() // 60)
    link = link_for(password_reset_token(instructor))
    if link is None:
        current_app.logger.warning(
            "No reset link sent: the request's host is not an allowed one; set QUIZAPP_PUBLIC_URL"
        )
        return
    body = translate(RESET_MAIL_BODY, minutes=minutes, link=link)
    send_mail(instructor.email, translate(RESET_MAIL_SUBJECT), body)


def instructor_for_reset_token(token: str) -> Instructor | None:
    """The instructor a reset token is for, or None if it is forged, used or expired."""
    max_age = current_app.config["RESET_LINK_LIFETIME"].total_seconds()
    try:
        instructor_id, fingerprint = _reset_serializer().loads(token, max_age=max_age)
        instructor = db.session.get(Instructor, int(instructor_id))
    except (BadSignature, ValueError, TypeError):
        return None
    if (
        instructor is None
        or not instructor.is_active
        or not hmac.compare_digest(str(fingerprint), _password_fingerprint(instructor))
    ):
        return None
    return instructor


# -- how teachers get an account ---------------------------------------------------------------

INVITATION_USED = N_("This invitation was used already. If the account is yours, sign in.")
INVITATION_EXPIRED = N_(
    "This invitation has expired. Please ask the school's administrator for a new one."
)
LINK_UNKNOWN = N_(
    "This link does not open anything. Please check that it was copied whole, or ask for a new one."
)
CONFIRMATION_USED = N_("This address is confirmed already. Please sign in.")
CONFIRMATION_EXPIRED = N_(
    "This link has expired. Sign in with your e-mail address and password to have a new one sent."
)
INVITATION_MAIL_SUBJECT = N_("Your invitation to quizapp")
INVITATION_MAIL_BODY = N_(
    "You are invited to a teacher account on quizapp. To choose your password, open this link "
    "within %(days)s days. It works once.\n\n%(link)s\n\nIf you did not expect it, ignore this "
    "message."
)
APPROVAL_MAIL_SUBJECT = N_("Your quizapp teacher account is ready")
APPROVAL_MAIL_BODY = N_(
    "The school's administrator has approved your teacher account. You can sign in now:\n\n%(link)s"
)
CONFIRMATION_MAIL_SUBJECT = N_("Please confirm your e-mail address for quizapp")
CONFIRMATION_MAIL_BODY = N_(
    "To confirm your e-mail address and start using your teacher account, open this link "
    "within %(days)s days. It works once.\n\n%(link)s\n\nIf you did not sign up, ignore this "
    "message."
)


def teacher_sign_up_rule() -> SchoolSetting:
    """The school's rule for teacher accounts: its settings row, or (before an administrator
    saved one) an unsaved row with the configured default, TEACHER_SIGN_UP."""
    setting = db.session.scalar(select(SchoolSetting).order_by(SchoolSetting.id).limit(1))
    if setting is not None:
        return setting
    config = current_app.config
    mode = config.get("TEACHER_SIGN_UP", TeacherSignUp.INVITATION)
    return SchoolSetting(
        teacher_sign_up=mode if mode in set(TeacherSignUp) else TeacherSignUp.INVITATION,
        sign_up_domains=" ".join(school_domains(config.get("TEACHER_SIGN_UP_DOMAINS", ""))),
    )


def school_domains(text: str) -> list[str]:
    """E-mail domains as an administrator types them ("school.example, @Staff.School.example")
    in the form they are compared in: lowercase, no "@", international names in ASCII."""
    domains = []
    for part in text.replace(",", " ").replace(";", " ").split():
        domain = part.strip().lstrip("@").strip(".").lower()
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            continue
        if domain and domain not in domains:
            domains.append(domain)
    return domains


def email_domain(email: str) -> str:
    """The domain of an e-mail address, compared as school_domains writes them."""
    domains = school_domains(email.rpartition("@")[2])
    return domains[0] if domains else ""


def sign_up_instructor(email: str, password: str, locale: str | None) -> Instructor:
    """A teacher's own sign-up under the school's rule: refused when accounts come by invitation
    (SIGN_UP_CLOSED) or the address is not at a listed domain (OTHER_DOMAIN); otherwise a new
    account, active (open sign-up), unconfirmed (domains) or waiting for approval."""
    rule = teacher_sign_up_rule()
    mode = rule.teacher_sign_up
    if mode not in (TeacherSignUp.OPEN, TeacherSignUp.DOMAINS, TeacherSignUp.APPROVAL):
        raise AccountError(SIGN_UP_CLOSED)
    if mode == TeacherSignUp.DOMAINS and email_domain(email) not in rule.domains:
        raise AccountError(OTHER_DOMAIN, {"domains": ", ".join(rule.domains)})
    status = {
        TeacherSignUp.OPEN: TeacherStatus.ACTIVE,
        TeacherSignUp.DOMAINS: TeacherStatus.UNCONFIRMED,
        TeacherSignUp.APPROVAL: TeacherStatus.PENDING,
    }[mode]
    return create_instructor(email, password, locale, status)


def make_administrator(instructor: Instructor) -> None:
    """Make the teacher a school administrator (active: an administrator must be able to sign
    in to restore anyone else)."""
    instructor.is_administrator = True
    instructor.status = TeacherStatus.ACTIVE
    db.session.commit()


def _mail_in(language: str | None, to: str, subject: str, body: str, **values) -> None:
    """Send a message written in `language` (the school's default if None)."""
    with force_locale(language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(to, babel_gettext(subject), babel_gettext(body, **values))


def mail_approval(instructor: Instructor, link: str) -> None:
    """Tell a teacher whose sign-up was approved that they can sign in (at `link`)."""
    _mail_in(
        instructor.locale, instructor.email, APPROVAL_MAIL_SUBJECT, APPROVAL_MAIL_BODY, link=link
    )


def _days(setting: str) -> int:
    return max(1, current_app.config[setting].days)


def new_invitation(email: str, locale: str | None, invited_by: Instructor) -> str:
    """An invitation to a teacher account for `email`; returns the token for its link (only
    its SHA-256 is stored). It replaces an earlier one not used yet, whose link then opens
    nothing. AccountError if the address has an account already."""
    email = email.strip().lower()
    if len(email) > Invitation.__table__.c.email.type.length:
        raise AccountError(EMAIL_INVALID)
    if instructor_by_email(email) is not None:
        raise AccountError(EMAIL_TAKEN)
    db.session.execute(delete(Invitation).filter_by(email=email, used_at=None))
    token = secrets.token_urlsafe(32)
    db.session.add(
        Invitation(
            email=email,
            locale=locale,
            token_hash=_digest(token),
            invited_by=invited_by,
            expires_at=utcnow() + current_app.config["INVITATION_LIFETIME"],
        )
    )
    db.session.commit()
    return token


def mail_invitation(email: str, locale: str | None, link: str) -> None:
    """E-mail an invitation's link, in the language the administrator chose for it."""
    days = _days("INVITATION_LIFETIME")
    _mail_in(locale, email, INVITATION_MAIL_SUBJECT, INVITATION_MAIL_BODY, days=days, link=link)


def invitation_for_token(token: str) -> Invitation:
    """The open invitation a link's token is for; LinkRefused if it was never made or was
    withdrawn (404), or was used or has expired (410)."""
    invitation = db.session.scalar(select(Invitation).filter_by(token_hash=_digest(token)))
    if invitation is None:
        raise LinkRefused(LINK_UNKNOWN, status=404)
    if invitation.used_at is not None:
        raise LinkRefused(INVITATION_USED)
    if invitation.expires_at <= utcnow():
        raise LinkRefused(INVITATION_EXPIRED)
    return invitation


def accept_invitation(invitation: Invitation, password: str) -> Instructor:
    """The invited teacher's account, made with their password (already checked); the
    invitation is used up in the same commit, so a second use of the link finds it used."""
    invitation.used_at = utcnow()
    instructor = Instructor(
        email=invitation.email, password_hash=hash_secret(password), locale=invitation.locale
    )
    db.session.add(instructor)
    try:
        db.session.commit()
    except IntegrityError:  # the address got an account in the meantime
        db.session.rollback()
        raise AccountError(EMAIL_TAKEN) from None
    return instructor


def _confirmation_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRMATION_SALT)


def confirmation_token(instructor: Instructor) -> str:
    """A token for a link confirming the teacher's address: it names the account and the
    address; it works while the account is unconfirmed, so only once."""
    return _confirmation_serializer().dumps([instructor.id, instructor.email])


def mail_confirmation_link(instructor: Instructor, link: str) -> None:
    """E-mail the link confirming a new teacher's address, in their language."""
    days = _days("CONFIRMATION_LINK_LIFETIME")
    _mail_in(
        instructor.locale,
        instructor.email,
        CONFIRMATION_MAIL_SUBJECT,
        CONFIRMATION_MAIL_BODY,
        days=days,
        link=link,
    )


def instructor_to_confirm(token: str) -> Instructor:
    """The unconfirmed teacher a confirmation token is for; LinkRefused if it is forged (404),
    expired or used (410)."""
    max_age = current_app.config["CONFIRMATION_LINK_LIFETIME"].total_seconds()
    try:
        instructor_id, email = _confirmation_serializer().loads(token, max_age=max_age)
        instructor = db.session.get(Instructor, int(instructor_id))
    except SignatureExpired:
        raise LinkRefused(CONFIRMATION_EXPIRED) from None
    except (BadSignature, ValueError, TypeError):
        raise LinkRefused(LINK_UNKNOWN, status=404) from None
    if instructor is None or instructor.email != email:
        raise LinkRefused(LINK_UNKNOWN, status=404)
    if instructor.status != TeacherStatus.UNCONFIRMED:
        raise LinkRefused(CONFIRMATION_USED)
    return instructor


def confirm_address(instructor: Instructor) -> None:
    """The teacher's address is confirmed: the account may sign in from now on."""
    instructor.status = TeacherStatus.ACTIVE
    db.session.commit()


def unconfirmed_instructor(instructor_id: int | None) -> Instructor | None:
    """The unconfirmed teacher of this id, else None (confirmed, gone, or no id)."""
    instructor = db.session.get(Instructor, instructor_id) if instructor_id else None
    if instructor is None or instructor.status != TeacherStatus.UNCONFIRMED:
        return None
    return instructor


# -- sessions --------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_sign_in(account: Account, origin: str | None = None) -> SignIn:
    owner = {f"{account.role}_id": account.id}
    db.session.execute(  # the account's sign-ins that have ended on their own
        delete(SignIn).filter_by(**owner).filter(SignIn.expires_at <= utcnow())
    )
    secret = secrets.token_urlsafe(24)
    sign_in = SignIn(
        secret_hash=_digest(secret),
        origin=origin,
        expires_at=utcnow() + current_app.config["SIGN_IN_LIFETIME"],
        **owner,
    )
    db.session.add(sign_in)
    db.session.commit()
    sign_in.secret = secret
    return sign_in


def start_session(account: Account) -> None:
    """Sign `account` in on a fresh session, remembered on this device for SIGN_IN_LIFETIME:
    nothing of the previous session carries over."""
    origin = _browser_key()
    session.clear()
    keep_chosen_language(account, chosen_language())
    account.current_sign_in = _new_sign_in(account, origin)
    login_user(account, remember=True, duration=current_app.config["SIGN_IN_LIFETIME"])
    session.permanent = True


def keep_chosen_language(account: Account, language: str | None) -> None:
    """Make the language picked on this device before signing in the account's own choice, so the
    pages stay in it after signing in (stored with the sign-in's commit); none picked, the
    account keeps its own, and one that has none takes the browser's. A choice made with the
    switcher outweighs a browser's language: a learner who picked German on one laptop keeps it
    on an English one; each answer keeps the language its page was in for the exports."""
    if language is not None:
        account.locale = language
    elif account.locale is None:
        account.locale = stated_language()


@attempt_started.connect
def record_language_at_start(app, attempt: Attempt, **_extra) -> None:
    """A learner starting an attempt on a device whose switcher picked another language has it
    recorded, as on joining and signing in (issue 25, point 8); a browser's language alone does
    not outweigh the one the learner chose."""
    language = chosen_language() if has_request_context() else None
    if language is not None and attempt.learner.locale != language:
        attempt.learner.locale = language
        db.session.commit()


def session_user_id(account: Account) -> str:
    """A new sign-in of `account` and the user id its session cookie carries: for tools (the
    benchmark, tests) that sign in without the sign-in form."""
    account.current_sign_in = _new_sign_in(account)
    return account.get_id()


def end_session(account: Account | None) -> None:
    """Sign this browser out: its SignIn row goes, so a copy of its cookies is worth nothing."""
    sign_in = account.current_sign_in if account is not None else None
    if sign_in is not None:
        db.session.execute(delete(SignIn).filter_by(id=sign_in.id))
        db.session.commit()
    session.clear()
    logout_user()


def end_all_sessions(account: Account) -> None:
    """End every session and remember cookie of the account, on every device."""
    account = stored_account(account)
    account.session_token = new_session_token()
    db.session.execute(delete(SignIn).filter_by(**{f"{account.role}_id": account.id}))
    db.session.commit()


def _account_and_sign_in(model: type[Account]):
    return (
        select(model, SignIn)
        .join(SignIn, getattr(SignIn, f"{model.role}_id") == model.id)
        .filter(model.id == bindparam("account_id"), SignIn.id == bindparam("sign_in_id"))
    )


# Built once: every request looks its account up, and building the query cost a fifth of that.
_INSTRUCTOR_AND_SIGN_IN = _account_and_sign_in(Instructor)


@dataclass
class CurrentSignIn:
    """The sign-in a request came with: its row's id, the plain secret its cookies carry and
    when it ends."""

    id: int
    secret: str | None
    expires_at: dt.datetime


class SignedInLearner(Account):
    """The learner a request is signed in as, read from one row without the ORM: what the
    learner's pages show and check. `stored()` gives the Learner itself, for what changes it or
    lists its attempts."""

    role = "learner"

    def __init__(self, row, sign_in: CurrentSignIn) -> None:
        self.id: int = row.learner_id
        self.display_name: str = row.display_name
        self.classroom_id: int | None = row.classroom_id
        self.session_token: str = row.session_token
        self._locale: str | None = row.locale
        self.current_sign_in = sign_in
        self.attempt_in_view: Attempt | None = None
        self._stored: Learner | None = None

    def stored(self) -> Learner | None:
        """The learner as the ORM keeps it (one query the first time in a request; kept here,
        as the session's identity map holds it only while someone refers to it)."""
        if self._stored is None:
            self._stored = db.session.get(Learner, self.id)
        return self._stored

    @property
    def locale(self) -> str | None:
        return self._locale

    @locale.setter
    def locale(self, language: str | None) -> None:
        """A language chosen while signed in is the stored learner's (the caller commits)."""
        self._locale = language
        learner = self.stored()
        if learner is not None:
            learner.locale = language


def stored_account(account: Account) -> Account | None:
    """The ORM object of a signed-in account (the account itself unless it is a
    SignedInLearner)."""
    return account.stored() if isinstance(account, SignedInLearner) else account


def _column_keys(model) -> list[str]:
    return [attribute.key for attribute in model.__mapper__.column_attrs]


def _labelled(model, prefix: str) -> list:
    return [
        attribute.columns[0].label(f"{prefix}{attribute.key}")
        for attribute in model.__mapper__.column_attrs
    ]


_LEARNER, _SIGN_IN = Learner.__table__, SignIn.__table__
# A learner and one sign-in of theirs: a Core row, read without the ORM's identity map.
_LEARNER_AND_SIGN_IN = (
    select(
        _LEARNER.c.id.label("learner_id"),
        _LEARNER.c.display_name,
        _LEARNER.c.classroom_id,
        _LEARNER.c.session_token,
        _LEARNER.c.locale,
        _SIGN_IN.c.secret_hash,
        _SIGN_IN.c.expires_at,
    )
    .join_from(_LEARNER, _SIGN_IN, _SIGN_IN.c.learner_id == _LEARNER.c.id)
    .where(_LEARNER.c.id == bindparam("account_id"), _SIGN_IN.c.id == bindparam("sign_in_id"))
)
_ATTEMPT, _ASSIGNMENT, _RESPONSE = Attempt.__table__, Assignment.__table__, Response.__table__
# ... with one of their attempts (its columns None if it is not theirs) and its assignment.
_LEARNER_AND_ATTEMPT = (
    _LEARNER_AND_SIGN_IN.add_columns(*_labelled(Attempt, "attempt_"))
    .add_columns(*_labelled(Assignment, "assignment_"))
    .outerjoin(
        _ATTEMPT,
        (_ATTEMPT.c.id == bindparam("attempt_id")) & (_ATTEMPT.c.learner_id == _LEARNER.c.id),
    )
    .outerjoin(_ASSIGNMENT, _ASSIGNMENT.c.id == _ATTEMPT.c.assignment_id)
)
# ... and the attempt's response to the question at one position (None if not answered yet).
_LEARNER_AND_QUESTION = _LEARNER_AND_ATTEMPT.add_columns(
    *_labelled(Response, "response_")
).outerjoin(
    _RESPONSE,
    (_RESPONSE.c.attempt_id == _ATTEMPT.c.id)
    & (
        _RESPONSE.c.question_id
        == _ATTEMPT.c.question_order[bindparam("index", type_=JSON.JSONIndexType)].as_string()
    ),
)


def _column_positions() -> dict:
    """Where each model's columns start in a row of _LEARNER_AND_QUESTION, and their names."""
    at, positions = len(_LEARNER_AND_SIGN_IN.selected_columns), {}
    for model in (Attempt, Assignment, Response):
        keys = _column_keys(model)
        positions[model] = (at, keys)
        at += len(keys)
    return positions


_COLUMNS_AT = _column_positions()


def _stored_from_row(orm_session: Session, model, values: dict):
    """The ORM object of a row read with Core, as the session would have loaded it: the one the
    session holds already, else a new persistent one with `values` as loaded.

    Made as the ORM's own loading makes one (sqlalchemy.orm.loading: a new instance, its values
    in its dict, its identity key and session set, put in the identity map), not through
    `Session.add`'s save-update cascade and attach events, which a loaded object never runs."""
    mapper = model.__mapper__
    key = mapper.identity_key_from_primary_key((values["id"],))
    identity_map = orm_session.identity_map
    held = identity_map.get(key)
    if held is not None:
        return held
    instance = mapper.class_manager.new_instance()
    instance.__dict__.update(values)
    state = instance_state(instance)
    state.key, state.identity_token = key, key[2]
    state.session_id = orm_session.hash_key
    identity_map.add(state)
    return instance


def _columns_of(row, model) -> dict:
    """The values of `model`'s columns in a row of _LEARNER_AND_QUESTION, by attribute name."""
    start, keys = _COLUMNS_AT[model]
    return dict(zip(keys, row[start : start + len(keys)], strict=True))


def _account_row(orm_session: Session, query, parameters: dict):
    """The account's row, read in the request's Session's transaction when the request may
    write (what it reads and writes then stand together); for a page that only shows
    (GET, HEAD) on a connection of its own, returned to the pool at once: the Session then
    begins no transaction unless the page goes on to use the database (a Session's
    transaction, begun and closed, was some 200 of a question page's 2,500 Python calls)."""
    if request.method not in ("GET", "HEAD"):
        return orm_session.connection().execute(query, parameters).first()
    with db.engine.connect() as connection:
        return connection.execute(query, parameters).first()


def _attempt_in_view(orm_session: Session, row, position: int | None) -> Attempt:
    """The attempt (with its assignment, and the response at `position`) a row holds."""
    attempt = _stored_from_row(orm_session, Attempt, _columns_of(row, Attempt))
    assignment = None
    if row.assignment_id is not None:
        assignment = _stored_from_row(orm_session, Assignment, _columns_of(row, Assignment))
    if "assignment" not in attempt.__dict__:
        set_committed_value(attempt, "assignment", assignment)  # as a joined load would
    if position is not None and position <= len(attempt.question_order):
        response = None
        if row.response_id is not None:
            response = _stored_from_row(orm_session, Response, _columns_of(row, Response))
        attempt.known_response = (attempt.question_order[position - 1], response)
    return attempt


def _parsed_user_id(user_id: str) -> tuple[str, int, str, int, str] | None:
    """Role, account id, orm_session token, sign-in id and secret from a cookie's user id."""
    parts = user_id.split(":")
    if len(parts) != 4 or not parts[1].isdecimal():
        return None
    role, number, token, sign_in_part = parts
    sign_in_id, _, secret = sign_in_part.partition(".")
    if role not in ("learner", "instructor") or not sign_in_id.isdecimal() or not secret:
        return None
    return role, int(number), token, int(sign_in_id), secret


def _sign_in_holds(
    token: str, secret: str, session_token: str, secret_hash: str, expires_at: dt.datetime
) -> bool:
    """Whether a cookie's token and secret are the account's and its sign-in's, not expired."""
    return (
        hmac.compare_digest(session_token, token)
        and hmac.compare_digest(secret_hash, _digest(secret))
        and expires_at > utcnow()
    )


def load_account(
    user_id: str, attempt_id: int | None = None, position: int | None = None
) -> Account | None:
    """Flask-Login's user loader: the account a cookie names, if its token and sign-in hold.

    A learner is one Core row (SignedInLearner). With `attempt_id`, a learner's attempt of that
    id (if it is theirs) and its assignment come in the same row, as the learner's
    `attempt_in_view`, and with `position` the attempt's response to the question there: what a
    question page and an answer need, in one query."""
    parsed = _parsed_user_id(user_id)
    if parsed is None:
        return None
    role, account_id, token, sign_in_id, secret = parsed
    parameters = {"account_id": account_id, "sign_in_id": sign_in_id}
    if role == "instructor":
        return _load_instructor(parameters, token, secret)
    query = _LEARNER_AND_SIGN_IN
    if attempt_id:
        query, parameters["attempt_id"] = _LEARNER_AND_ATTEMPT, attempt_id
        if position and position >= 1:
            query, parameters["index"] = _LEARNER_AND_QUESTION, position - 1
        else:
            position = None
    orm_session = db.session()  # the request's Session itself, found once instead of per use
    row = _account_row(orm_session, query, parameters)
    if row is None or not _sign_in_holds(
        token, secret, row.session_token, row.secret_hash, row.expires_at
    ):
        return None
    learner = SignedInLearner(row, CurrentSignIn(sign_in_id, secret, row.expires_at))
    if attempt_id and row.attempt_id is not None:
        learner.attempt_in_view = _attempt_in_view(orm_session, row, position)
    return learner


def _load_instructor(parameters: dict, token: str, secret: str) -> Instructor | None:
    row = db.session.execute(_INSTRUCTOR_AND_SIGN_IN, parameters).first()
    if row is None:
        return None
    instructor, sign_in = row
    if not _sign_in_holds(
        token, secret, instructor.session_token, sign_in.secret_hash, sign_in.expires_at
    ):
        return None
    sign_in.secret = secret
    instructor.current_sign_in = sign_in
    return instructor


def rotate_remember_token(account: Account) -> None:
    """The remember cookie was used: give its sign-in a new secret, so the cookie that came in
    is worth nothing from now on, and send the new one (session and remember cookie)."""
    sign_in = account.current_sign_in
    if sign_in is None:
        return
    secret = secrets.token_urlsafe(24)
    db.session.execute(
        update(SignIn).where(SignIn.id == sign_in.id).values(secret_hash=_digest(secret))
    )
    db.session.commit()
    sign_in.secret = secret
    session["_user_id"] = account.get_id()
    session["_remember"] = "set"
    session["_remember_seconds"] = max(1, int((sign_in.expires_at - utcnow()).total_seconds()))
    session.permanent = True
