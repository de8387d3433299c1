"""Sign-up, sign-in and sign-out pages, a learner joining a classroom, and password resets.

Every rule about accounts is in quizapp/accounts.py; these views read the form, call it and
render the answer.
"""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import accounts
from ..accounts import AccountError, LinkRefused, NotActive
from ..errors import fail, render_error
from ..i18n import chosen_language, safe_next, visitor_language
from ..links import public_url_for
from ..mail import mail_configured
from ..models import Instructor, TeacherSignUp, TeacherStatus
from ..security import holds_personal_data
from ..views import form_page
from . import bp
from .forms import (
    ConfirmForm,
    InstructorSignInForm,
    InstructorSignUpForm,
    JoinCodeForm,
    JoinForm,
    LearnerSignInForm,
    RequestResetForm,
    ResetPasswordForm,
)


def _address() -> str:
    return request.remote_addr or "unknown"


def _refused(error: AccountError, template: str, status: int = 422, **context):
    """A form shown again with the account error's message (429 with Retry-After if throttled)."""
    html = render_template(template, error=error.text(_), **context)
    if error.wait:
        return html, 429, {"Retry-After": str(error.wait)}
    return html, status


def _signed_in_account():
    return current_user._get_current_object() if current_user.is_authenticated else None


@bp.route("/instructor/sign-up", methods=["GET", "POST"])
def instructor_sign_up():
    rule = accounts.teacher_sign_up_rule()
    if rule.teacher_sign_up == TeacherSignUp.INVITATION:
        return _sign_up_closed()
    form = InstructorSignUpForm()
    if not form.validate_on_submit():
        return form_page("auth/sign_up.html", form=form, rule=rule)
    try:
        instructor = accounts.sign_up_instructor(
            form.email.data, form.password.data, chosen_language()
        )
    except AccountError as error:
        if error.message == accounts.SIGN_UP_CLOSED:  # closed while the form was open
            return _sign_up_closed()
        form.email.errors.append(error.text(_))
        return render_template("auth/sign_up.html", form=form, rule=rule), 422
    return _signed_up(instructor)


def _sign_up_closed():
    return render_error(
        403,
        _(accounts.SIGN_UP_CLOSED),
        title=_("Teacher accounts come by invitation"),
        link=url_for(".instructor_sign_in"),
        link_text=_("Sign in"),
    )


def _signed_up(instructor: Instructor):
    """Where a new account goes: signed in when active; otherwise to sign-in with what to do."""
    if instructor.status == TeacherStatus.ACTIVE:
        accounts.start_session(instructor)
        return redirect(url_for("instructor.home"), code=303)
    if instructor.status == TeacherStatus.UNCONFIRMED:
        _send_confirmation(instructor)
        flash(
            _(
                "Almost done: open the link we sent to %(email)s to confirm it, then sign in.",
                email=instructor.email,
            )
        )
    else:
        flash(_(accounts.NOT_ACTIVE[TeacherStatus.PENDING]))
    return redirect(url_for(".instructor_sign_in"), code=303)


def _send_confirmation(instructor: Instructor) -> None:
    link = public_url_for(
        ".confirm_address", confirmation_token=accounts.confirmation_token(instructor)
    )
    if link is None or not mail_configured():
        current_app.logger.warning("No confirmation link sent: no mail server or no public address")
        return
    accounts.mail_confirmation_link(instructor, link)


UNCONFIRMED_SIGN_IN = "quizapp.unconfirmed"  # the session key: who may have the link again


@bp.route("/instructor/sign-in", methods=["GET", "POST"])
def instructor_sign_in():
    form = InstructorSignInForm()
    next_url = safe_next(request.values.get("next"), url_for("instructor.home"))
    if not form.validate_on_submit():
        return form_page("auth/sign_in.html", form=form, next_url=next_url)
    try:
        instructor = accounts.sign_in_instructor(form.email.data, form.password.data, _address())
    except NotActive as error:
        resend = error.status == TeacherStatus.UNCONFIRMED
        if resend:
            session[UNCONFIRMED_SIGN_IN] = error.instructor_id
        return _refused(
            error, "auth/sign_in.html", 403, form=form, next_url=next_url, resend=resend
        )
    except AccountError as error:
        return _refused(error, "auth/sign_in.html", 401, form=form, next_url=next_url)
    accounts.start_session(instructor)
    return redirect(next_url, code=303)


@bp.post("/instructor/confirm/again")
def send_confirmation_again():
    """Send the confirmation link again to the unconfirmed teacher who just gave their password
    on this browser (nobody else can have links mailed to an address)."""
    instructor = accounts.unconfirmed_instructor(session.pop(UNCONFIRMED_SIGN_IN, None))
    if instructor is not None:
        _send_confirmation(instructor)
        flash(_("A new link is on its way to %(email)s.", email=instructor.email))
    return redirect(url_for(".instructor_sign_in"), code=303)


def _link_target(find, token: str):
    """What a link from an e-mail opens, or its error page (404 never made, 410 used up)."""
    holds_personal_data()
    try:
        return find(token)
    except LinkRefused as error:
        fail(
            error.status,
            error.text(_),
            title=_("This link no longer works"),
            link=url_for(".instructor_sign_in"),
            link_text=_("Sign in"),
        )


@bp.route("/instructor/confirm/<confirmation_token>", methods=["GET", "POST"])
def confirm_address(confirmation_token: str):
    instructor = _link_target(accounts.instructor_to_confirm, confirmation_token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/confirm_address.html", form=form, instructor=instructor, token=confirmation_token
        )
    accounts.confirm_address(instructor)
    flash(_("Your address is confirmed. Please sign in."))
    return redirect(url_for(".instructor_sign_in"), code=303)


@bp.route("/instructor/invitation/<invitation_token>", methods=["GET", "POST"])
def accept_invitation(invitation_token: str):
    invitation = _link_target(accounts.invitation_for_token, invitation_token)
    form = ResetPasswordForm()
    form.email = invitation.email
    if not form.validate_on_submit():
        return form_page(
            "auth/accept_invitation.html", form=form, invitation=invitation, token=invitation_token
        )
    try:
        instructor = accounts.accept_invitation(invitation, form.password.data)
    except AccountError as error:
        fail(409, error.text(_), link=url_for(".instructor_sign_in"), link_text=_("Sign in"))
    accounts.start_session(instructor)
    flash(_("Welcome! Your teacher account is ready."))
    return redirect(url_for("instructor.home"), code=303)


@bp.post("/sign-out")
def sign_out():
    """End this session on the server too (a shared school laptop must not keep the last user,
    nor a copy of its cookies stay valid)."""
    accounts.end_session(_signed_in_account())
    return redirect(url_for("learner.index"), code=303)


@bp.post("/sign-out-everywhere")
def sign_out_everywhere():
    """End every session of the signed-in account, on every device."""
    account = _signed_in_account()
    if account is not None:
        accounts.end_all_sessions(account)
        accounts.end_session(None)
        flash(_("You are signed out on every device."))
    return redirect(url_for("learner.index"), code=303)


@bp.route("/join", methods=["GET", "POST"])
def join_code():
    form = JoinCodeForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        return redirect(url_for(".join", code=accounts.normalise_code(form.code.data)), code=303)
    return form_page("auth/join_code.html", form=form)


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code: str):
    try:
        classroom = accounts.classroom_to_join(code, _address())
    except AccountError as error:
        return _join_refused(error, code)
    form = JoinForm()
    if not form.validate_on_submit():
        return form_page("auth/join.html", form=form, classroom=classroom)
    try:
        learner = accounts.join_classroom(
            classroom, form.display_name.data, form.pin.data, visitor_language(), _address()
        )
    except AccountError as error:
        if error.wait:
            return _refused(error, "auth/join.html", form=form, classroom=classroom)
        form.display_name.errors.append(error.text(_))
        return render_template("auth/join.html", form=form, classroom=classroom), 422
    accounts.start_session(learner)
    return redirect(url_for("learner.index"), code=303)


def _join_refused(error: AccountError, code: str):
    """Why a join code leads to no join form: a class closed for joining (403, with the way to
    sign in), too many tries (429) or no class with the code (404): the code form again."""
    if error.message == accounts.JOINING_CLOSED:
        return render_error(
            403,
            error.text(_),
            title=_("Joining is closed"),
            link=url_for(".learner_sign_in", code=accounts.normalise_code(code)),
            link_text=_("Sign in with your PIN"),
        )
    form = JoinCodeForm(code=code)
    if error.wait:
        return _refused(error, "auth/join_code.html", form=form)
    form.code.errors = [error.text(_)]
    return render_template("auth/join_code.html", form=form), 404


@bp.route("/sign-in", methods=["GET", "POST"])
def learner_sign_in():
    form = LearnerSignInForm(code=request.args.get("code", ""))
    if not form.validate_on_submit():
        return form_page("auth/learner_sign_in.html", form=form)
    try:
        learner = accounts.sign_in_learner(
            form.code.data, form.display_name.data, form.pin.data, _address()
        )
    except AccountError as error:
        return _refused(error, "auth/learner_sign_in.html", 401, form=form)
    accounts.start_session(learner)
    return redirect(url_for("learner.index"), code=303)


@bp.route("/instructor/reset-password", methods=["GET", "POST"])
def request_password_reset():
    """A teacher asks for a reset link by e-mail (where the server can send mail)."""
    form = RequestResetForm()
    if not form.validate_on_submit():
        return form_page("auth/request_reset.html", form=form, mail_configured=mail_configured())
    if mail_configured():
        accounts.mail_reset_link(form.email.data, _reset_link, _)
        # The same answer whether or not the address has an account.
        flash(
            _(
                "If there is an account with this address, a link to reset its password is on its way."
            )
        )
    else:
        flash(
            _("This server cannot send e-mail. Please ask whoever runs it to reset your password.")
        )
    return redirect(url_for(".instructor_sign_in"), code=303)


def _reset_link(token: str) -> str | None:
    return public_url_for(".reset_password", token=token)


@bp.route("/instructor/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    holds_personal_data()
    instructor = accounts.instructor_for_reset_token(token)
    if instructor is None:
        fail(
            400,
            _("This link has expired or was used already. Please ask for a new one."),
            title=_("This link no longer works"),
            link=url_for(".request_password_reset"),
            link_text=_("Ask for a new link"),
        )
    form = ResetPasswordForm()
    form.email = instructor.email
    if not form.validate_on_submit():
        return form_page("auth/reset_password.html", form=form, token=token)
    accounts.set_password(instructor, form.password.data)
    accounts.start_session(instructor)
    flash(_("Your password is changed. You are signed out on every other device."))
    return redirect(url_for("instructor.home"), code=303)
