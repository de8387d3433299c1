"""Sign-up, sign-in and sign-out pages, and a learner joining a classroom."""

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..engine import fold_answer
from ..errors import render_error
from ..extensions import db
from ..i18n import chosen_language, safe_next
from ..models import Classroom, Instructor, Learner
from . import bp, throttle
from .forms import (
    InstructorSignInForm,
    InstructorSignUpForm,
    JoinCodeForm,
    JoinForm,
    LearnerSignInForm,
)

# Checked against when an e-mail address is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not a real password")


def hash_secret(secret: str) -> str:
    """A password or PIN hashed with scrypt (Werkzeug's default KDF; cost from PASSWORD_HASH)."""
    return generate_password_hash(secret, method=current_app.config["PASSWORD_HASH"])


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def instructor_by_email(email: str) -> Instructor | None:
    """The instructor who signs in with this address, whatever its case."""
    return db.session.scalar(
        select(Instructor).filter(func.lower(Instructor.email) == email.lower())
    )


def classroom_by_code(code: str) -> Classroom | None:
    """The classroom a join code (as typed: any case, stray spaces) belongs to."""
    return db.session.scalar(select(Classroom).filter_by(join_code=normalise_code(code)))


def name_key(display_name: str) -> str:
    """The form a learner's name is compared in within a classroom: "Zoë  B." and "zoe b" agree.

    Cut to the column's length: folding can lengthen a name ("ß" becomes "ss").
    """
    return fold_answer(display_name)[: Learner.__table__.c.name_key.type.length]


def start_session(user) -> None:
    """Sign `user` in on a fresh session: nothing of the previous session carries over."""
    session.clear()
    login_user(user, remember=True)
    session.permanent = True


def _too_many(keys, form_template: str, form, **context):
    wait = throttle.seconds_to_wait(keys)
    if not wait:
        return None
    message = _(
        "Too many failed attempts. Please wait %(seconds)s seconds and try again.", seconds=wait
    )
    html = render_template(form_template, form=form, error=message, **context)
    return html, 429, {"Retry-After": str(wait)}


def _address_key():
    return ("address", request.remote_addr or "unknown")


@bp.route("/instructor/sign-up", methods=["GET", "POST"])
def instructor_sign_up():
    form = InstructorSignUpForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/sign_up.html", form=form), status
    email = form.email.data.strip().lower()
    if len(email) > Instructor.__table__.c.email.type.length:  # lower() lengthened it ("İ")
        form.email.errors.append(_("Please enter a valid e-mail address."))
        return render_template("auth/sign_up.html", form=form), 422
    if instructor_by_email(email):
        form.email.errors.append(_("There is already an account with this e-mail address."))
        return render_template("auth/sign_up.html", form=form), 422
    instructor = Instructor(
        email=email, password_hash=hash_secret(form.password.data), locale=chosen_language()
    )
    db.session.add(instructor)
    db.session.commit()
    start_session(instructor)
    return redirect(url_for("instructor.home"), code=303)


@bp.route("/instructor/sign-in", methods=["GET", "POST"])
def instructor_sign_in():
    form = InstructorSignInForm()
    next_url = safe_next(request.values.get("next"), url_for("instructor.home"))
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/sign_in.html", form=form, next_url=next_url), status
    email = form.email.data.strip().lower()
    keys = [("account", f"instructor:{email}"), _address_key()]
    blocked = _too_many(keys, "auth/sign_in.html", form, next_url=next_url)
    if blocked:
        return blocked
    instructor = instructor_by_email(email)
    hashed = instructor.password_hash if instructor else _DUMMY_HASH
    if not check_password_hash(hashed, form.password.data) or instructor is None:
        throttle.record_failure(keys)
        error = _("The e-mail address or the password is not right.")
        html = render_template("auth/sign_in.html", form=form, error=error, next_url=next_url)
        return html, 401
    throttle.clear(keys[:1])
    start_session(instructor)
    return redirect(next_url, code=303)


@bp.post("/sign-out")
def sign_out():
    """End the session entirely (a shared school laptop must not keep the last user)."""
    session.clear()
    logout_user()
    return redirect(url_for("learner.index"), code=303)


@bp.route("/join", methods=["GET", "POST"])
def join_code():
    form = JoinCodeForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        return redirect(url_for(".join", code=normalise_code(form.code.data)), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("auth/join_code.html", form=form), status


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code: str):
    classroom = classroom_by_code(code)
    if classroom is None:
        form = JoinCodeForm(code=code)
        form.code.errors = [
            _("There is no class with this code. Please check it with your teacher.")
        ]
        return render_template("auth/join_code.html", form=form), 404
    if not classroom.joining_open:
        return render_error(
            403,
            _("This class is closed for joining. If you joined before, sign in with your PIN."),
            link=url_for(".learner_sign_in", code=classroom.join_code),
            link_text=_("Sign in with your PIN"),
        )
    form = JoinForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/join.html", form=form, classroom=classroom), status
    display_name = " ".join(form.display_name.data.split())
    key = name_key(display_name)
    if not key or db.session.scalar(select(Learner).filter_by(classroom=classroom, name_key=key)):
        form.display_name.errors.append(
            _(
                "Someone in this class already uses this name. If it is you, sign in with your PIN; "
                "otherwise add the first letter of your last name."
            )
        )
        return render_template("auth/join.html", form=form, classroom=classroom), 422
    learner = Learner(
        display_name=display_name,
        name_key=key,
        classroom=classroom,
        pin_hash=hash_secret(form.pin.data),
        locale=chosen_language(),
    )
    db.session.add(learner)
    db.session.commit()
    start_session(learner)
    return redirect(url_for("learner.index"), code=303)


@bp.route("/sign-in", methods=["GET", "POST"])
def learner_sign_in():
    form = LearnerSignInForm(code=request.args.get("code", ""))
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/learner_sign_in.html", form=form), status
    code = normalise_code(form.code.data)
    key = name_key(form.display_name.data)
    keys = [("account", f"learner:{code}:{key}"), _address_key()]
    blocked = _too_many(keys, "auth/learner_sign_in.html", form)
    if blocked:
        return blocked
    learner = db.session.scalar(
        select(Learner).join(Classroom).filter(Classroom.join_code == code, Learner.name_key == key)
    )
    hashed = learner.pin_hash if learner and learner.pin_hash else _DUMMY_HASH
    if learner is None or not check_password_hash(hashed, form.pin.data):
        throttle.record_failure(keys)
        error = _("The class code, the name or the PIN is not right.")
        return render_template("auth/learner_sign_in.html", form=form, error=error), 401
    throttle.clear(keys[:1])
    start_session(learner)
    return redirect(url_for("learner.index"), code=303)
