"""Sign-up and sign-in forms for instructors, and joining a classroom for learners."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp

PIN_RULE = Regexp(r"^\d{4,8}$", message=_l("The PIN is 4 to 8 digits."))


class InstructorSignUpForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Please enter your e-mail address.")),
            Email(_l("Please enter a valid e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Please choose a password.")),
            Length(min=10, max=200, message=_l("The password needs at least 10 characters.")),
        ],
        description=_l("At least 10 characters."),
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
    )


class InstructorSignInForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Please enter your e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter your password.")), Length(max=200)],
    )


class JoinCodeForm(FlaskForm):
    code = StringField(
        _l("Class code"),
        validators=[DataRequired(_l("Please enter the class code.")), Length(max=16)],
        description=_l("Your teacher gives you this code, for example K7QX4M."),
    )


class JoinForm(FlaskForm):
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


class LearnerSignInForm(FlaskForm):
    code = StringField(
        _l("Class code"),
        validators=[DataRequired(_l("Please enter the class code.")), Length(max=16)],
    )
    display_name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Please enter your name.")), Length(max=80)]
    )
    pin = PasswordField(_l("Your PIN"), validators=[DataRequired(_l("Please enter your PIN."))])
