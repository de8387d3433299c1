"""The administrator's forms: the school's sign-up rule, an invitation, a teacher's status."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from ..auth.forms import new_email_field
from ..forms import Form
from ..i18n import active_language, language_name
from ..models import TeacherSignUp

SIGN_UP_LABELS = {
    TeacherSignUp.INVITATION: _l("Only by an invitation from an administrator"),
    TeacherSignUp.DOMAINS: _l(
        "Sign-up with an address at one of the school's domains, confirmed by e-mail"
    ),
    TeacherSignUp.APPROVAL: _l("Sign-up, then an administrator approves the account"),
    TeacherSignUp.OPEN: _l("Anyone may sign up (not recommended)"),
}
TEACHER_ACTIONS = ("approve", "decline", "suspend", "restore")


class SignUpRuleForm(Form):
    teacher_sign_up = RadioField(
        _l("How teachers get an account"),
        choices=[SelectChoice(mode.value, label) for mode, label in SIGN_UP_LABELS.items()],
        validators=[DataRequired(_l("Please choose how teachers get an account."))],
    )
    domains = StringField(
        _l("The school's e-mail domains"),
        validators=[Length(max=1000)],
        description=_l("For sign-up by domain: separated by spaces or commas, e.g. school.example"),
    )


class InvitationForm(Form):
    email = new_email_field(
        _l("The teacher's e-mail address"), _l("Please enter the teacher's e-mail address.")
    )
    locale = SelectField(_l("Language of the invitation"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = [
            SelectChoice(code, language_name(code)) for code in current_app.config["LANGUAGES"]
        ]
        if not self.locale.data:
            self.locale.data = active_language()


class TeacherActionForm(Form):
    action = StringField(validators=[AnyOf(TEACHER_ACTIONS)])


class WithdrawForm(Form):
    """Withdrawing an invitation: nothing but the CSRF token."""
