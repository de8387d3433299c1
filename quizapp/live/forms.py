"""The live lesson's forms: the teacher's start settings and step controls (CSRF-checked by
Flask-WTF); a learner's answer is the question type's own form, read by the engine."""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired

from ..bank import Pack
from ..forms import Form
from ..views import localised
from .operations import Step


class StartForm(Form):
    """Starting a live lesson: the speed bonus and the leaderboard are off unless ticked."""

    speed_bonus = BooleanField(_l("Speed bonus: quicker right answers earn more"))
    leaderboard = BooleanField(_l("Show a leaderboard (display names only)"))

    def settings(self) -> dict[str, bool]:
        """The lesson's options as start_lesson takes them."""
        return {"speed_bonus": self.speed_bonus.data, "leaderboard": self.leaderboard.data}


class ClassStartForm(StartForm):
    """Starting a live lesson on a class's page: the quiz too, assigned to the class as the
    lesson starts. A quiz the teacher may not assign is not a form error but a 404, so the
    choice is checked by the operation, not here."""

    pack_slug = SelectField(
        _l("Quiz"), validators=[DataRequired(_l("Please choose a quiz."))], validate_choice=False
    )


def class_start_form(packs: Iterable[Pack]) -> ClassStartForm:
    """The class page's form offering `packs` (those the teacher may assign)."""
    form = ClassStartForm()
    form.pack_slug.choices = [SelectChoice(pack.id, localised(pack.title)) for pack in packs]
    return form


class StepForm(Form):
    """One of the teacher's controls, with the revision of the lesson their page showed."""

    action = HiddenField(validators=[InputRequired(), AnyOf([step.value for step in Step])])
    revision = IntegerField(validators=[InputRequired()])
