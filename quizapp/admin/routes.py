"""The administrator's pages. Each view reads the form, calls one function of
admin/operations.py and renders or redirects; the rules are there and in accounts.py."""

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _

from ..accounts import AccountError
from ..guards import current_instructor
from ..links import public_url_for
from . import bp, operations
from .forms import InvitationForm, SignUpRuleForm, TeacherActionForm, WithdrawForm

INVITATION_SHOWN = "quizapp.invitation_sent"  # the session key of the link to show once


def _school_page(status: int = 200, rule_form=None, invitation_form=None, error=None):
    overview = operations.school_overview()
    if rule_form is None:
        rule_form = SignUpRuleForm(
            teacher_sign_up=overview.rule.teacher_sign_up, domains=overview.rule.sign_up_domains
        )
    html = render_template(
        "admin/school.html",
        overview=overview,
        rule_form=rule_form,
        invitation_form=invitation_form or InvitationForm(),
        action_form=TeacherActionForm(),
        withdraw_form=WithdrawForm(),
        sent=session.pop(INVITATION_SHOWN, None),
        error=error,
    )
    return html, status


@bp.get("/")
def school():
    return _school_page()


@bp.post("/sign-up-rule")
def set_sign_up_rule():
    form = SignUpRuleForm()
    if not form.validate_on_submit():
        return _school_page(422, rule_form=form)
    try:
        operations.set_teacher_sign_up(form.teacher_sign_up.data, form.domains.data)
    except AccountError as error:
        form.teacher_sign_up.errors = [error.text(_)]
        return _school_page(422, rule_form=form)
    flash(_("Saved: how teachers get an account."))
    return redirect(url_for(".school"), code=303)


def _invitation_link(token: str) -> str | None:
    return public_url_for("auth.accept_invitation", invitation_token=token)


@bp.post("/invitations")
def invite():
    form = InvitationForm()
    if not form.validate_on_submit():
        return _school_page(422, invitation_form=form)
    try:
        sent = operations.invite_teacher(
            current_instructor(), form.email.data, form.locale.data, _invitation_link
        )
    except AccountError as error:
        form.email.errors = [error.text(_)]
        return _school_page(422, invitation_form=form)
    session[INVITATION_SHOWN] = {"email": sent.email, "link": sent.link, "mailed": sent.mailed}
    return redirect(url_for(".school", _anchor="invitation-sent"), code=303)


@bp.post("/invitations/<int:invitation_id>/withdraw")
def withdraw_invitation(invitation_id: int):
    invitation = operations.open_invitation(invitation_id)
    if WithdrawForm().validate_on_submit():
        operations.withdraw_invitation(invitation)
        flash(_("The invitation for %(email)s is withdrawn.", email=invitation.email))
    return redirect(url_for(".school"), code=303)


@bp.post("/teachers/<int:instructor_id>")
def change_teacher(instructor_id: int):
    teacher = operations.teacher(instructor_id)
    form = TeacherActionForm()
    if not form.validate_on_submit():
        return _school_page(422, error=_("Please choose what to do with the account."))
    email = teacher.email
    try:
        done = operations.change_teacher(current_instructor(), teacher, form.action.data)
    except AccountError as error:
        return _school_page(409, error=error.text(_))
    flash(_(done, email=email))
    return redirect(url_for(".school"), code=303)


@bp.get("/library")
def library():
    return render_template("admin/library.html", overview=operations.library_overview())
