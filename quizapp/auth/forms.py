"""Sign-up and sign-in forms for instructors, and joining a classroom for learners."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from ..accounts import PASSWORD_RULES, password_problems
from ..forms import Form

PIN_RULE = Regexp(r"^\d{4,8}$", message=_l("The PIN is 4 to 8 digits."))


def new_password_field(label) -> PasswordField:
    """A teacher's new password, with the rules it must meet said beside it."""
    return PasswordField(
        label,
        validators=[DataRequired(_l("Please choose a password.")), Length(max=200)],
        description=_l(PASSWORD_RULES),
    )


def check_new_password(password: str, email: str | None) -> None:
    problems = password_problems(password or "", email)
    if problems:
        raise ValidationError(" ".join(_(problem) for problem in problems))


def new_email_field(label, missing) -> EmailField:
    """An address a teacher account is made for: `missing` says so when it is left empty."""
    return EmailField(
        label,
        validators=[
            DataRequired(missing),
            Email(_l("Please enter a valid e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )


class InstructorSignUpForm(Form):
    email = new_email_field(_l("E-mail address"), _l("Please enter your e-mail address."))
    password = new_password_field(_l("Password"))
    confirm = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
    )

    def validate_password(self, field) -> None:
        check_new_password(field.data, self.email.data)


class ChangePasswordForm(Form):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your current password.")), Length(max=200)],
    )
    password = new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("New password again"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
    )

    email: str | None = None  # the account's, set by the view: a password must not be it

    def validate_password(self, field) -> None:
        check_new_password(field.data, self.email)


class ResetPasswordForm(ChangePasswordForm):
    current = None  # a reset link stands in for the current password


class RequestResetForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Please enter your e-mail address.")), Length(max=254)],
    )


class InstructorSignInForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Please enter your e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter your password.")), Length(max=200)],
    )


class JoinCodeForm(Form):
    code = StringField(
        _l("Class code"),
        validators=[DataRequired(_l("Please enter the class code.")), Length(max=16)],
        description=_l("Your teacher gives you this code, for example K7QX4M."),
    )


class JoinForm(Form):
    display_name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Please enter your name.")), Length(max=80)],
        description=_l("Your first name and the first letter of your last name are enough."),
    )
    pin = PasswordField(
        _l("Choose a PIN"),
        validators=[DataRequired(_l("Please choose a PIN.")), PIN_RULE],
        description=_l("4 to 8 digits. You need it to sign in on another device."),
    )
    pin_confirm = PasswordField(
        _l("PIN again"), validators=[EqualTo("pin", _l("The two PINs are not the same."))]
    )


class LearnerSignInForm(Form):
    code = StringField(
        _l("Class code"),
        validators=[DataRequired(_l("Please enter the class code.")), Length(max=16)],
    )
    display_name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Please enter your name.")), Length(max=80)]
    )
    pin = PasswordField(_l("Your PIN"), validators=[DataRequired(_l("Please enter your PIN."))])


class ConfirmForm(Form):
    """Confirming an address from its link: a button, so a mail scanner opening the link
    confirms nothing."""
