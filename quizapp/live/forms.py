"""The live lesson's forms: the teacher's start settings and step controls (CSRF-checked by
Flask-WTF); a learner's answer is the question type's own form, read by the engine."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField
from wtforms.validators import AnyOf, InputRequired

from ..forms import Form
from .operations import Step


class StartForm(Form):
    """Starting a live lesson: the speed bonus and the leaderboard are off unless ticked."""

    speed_bonus = BooleanField(_l("Speed bonus: quicker right answers earn more"))
    leaderboard = BooleanField(_l("Show a leaderboard (display names only)"))


class StepForm(Form):
    """One of the teacher's controls, with the revision of the lesson their page showed."""

    action = HiddenField(validators=[InputRequired(), AnyOf([step.value for step in Step])])
    revision = IntegerField(validators=[InputRequired()])
