"""Forms an instructor fills in, and the one way an assignment's settings go from its form and
back into it (times in the teacher's time zone on the form, in UTC in the database)."""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..bank import Pack
from ..behaviours import BEHAVIOURS, EVIDENCE_SHARES
from ..constants import FEEDBACK_MODES, FeedbackMode
from ..forms import Form
from ..i18n import language_name
from ..views import localised
from .operations import AssignmentSettings

FEEDBACK_LABELS = {
    FeedbackMode.IMMEDIATE: _l("Immediately, after each question"),
    FeedbackMode.AFTER_ATTEMPT: _l("After the learner finishes the attempt"),
    FeedbackMode.AFTER_CLOSE: _l("After the closing time"),
}

EVIDENCE_LABELS = dict(
    zip(
        EVIDENCE_SHARES,
        (
            _l("Off"),
            _l("Worth a quarter of the question's points"),
            _l("Worth half of the question's points"),
            _l("Worth as much as the answer"),
        ),
        strict=True,
    )
)


class ClassroomForm(Form):
    name = StringField(
        _l("Name of the class"),
        validators=[DataRequired(_l("Please name the class.")), Length(max=120)],
        description=_l("For example: 9b English, spring term"),
    )


class RenameLearnerForm(Form):
    display_name = StringField(
        _l("New name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=80)]
    )


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class AssignmentForm(Form):
    pack_slug = SelectField(_l("Quiz"), validators=[DataRequired(_l("Please choose a quiz."))])
    opens_at = DateTimeLocalField(
        _l("Opens at"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("Leave empty to open it now."),
    )
    closes_at = DateTimeLocalField(
        _l("Closes at"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("Leave empty to keep it open."),
    )
    time_limit_minutes = IntegerField(
        _l("Time limit in minutes"),
        validators=[
            Optional(),
            NumberRange(1, 600, _l("The time limit is between 1 and 600 minutes.")),
        ],
        description=_l("Leave empty for no time limit."),
    )
    attempts_allowed = IntegerField(
        _l("Attempts allowed"),
        default=1,
        validators=[
            InputRequired(_l("Please give the number of attempts.")),
            NumberRange(1, 50, _l("Between 1 and 50 attempts.")),
        ],
    )
    shuffle_questions = BooleanField(_l("Shuffle the questions"))
    shuffle_options = BooleanField(_l("Shuffle the options of each question"))
    feedback_mode = RadioField(
        _l("When learners see right, wrong and the explanations"),
        choices=[SelectChoice(mode, FEEDBACK_LABELS[mode]) for mode in FEEDBACK_MODES],
        default=FeedbackMode.AFTER_ATTEMPT.value,
        validators=[DataRequired(_l("Please choose when learners see feedback."))],
    )
    evidence_share = RadioField(
        _l("After each answer, learners mark the sentence of the article that proves it"),
        choices=[SelectChoice(share, label) for share, label in EVIDENCE_LABELS.items()],
        coerce=float,
        default=0.0,  # a form sent without it (an older page) asks for none
    )
    languages = CheckboxListField(
        _l("Languages learners may use"),
        description=_l("Tick none to allow every language of the quiz."),
    )

    def validate_closes_at(self, field) -> None:
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The closing time must be after the opening time."))

    def validate_feedback_mode(self, field) -> None:
        mode = BEHAVIOURS.get(field.data)
        if mode is not None and mode.feedback_waits_for_close and not self.closes_at.data:
            raise ValidationError(_l("Feedback after the closing time needs a closing time."))

    def settings(self) -> AssignmentSettings:
        """The assignment settings the valid form holds, times in UTC."""
        return AssignmentSettings(
            opens_at=_utc(self.opens_at.data),
            closes_at=_utc(self.closes_at.data),
            time_limit_minutes=self.time_limit_minutes.data,
            attempts_allowed=self.attempts_allowed.data,
            shuffle_questions=self.shuffle_questions.data,
            shuffle_options=self.shuffle_options.data,
            feedback_mode=self.feedback_mode.data,
            evidence_share=self.evidence_share.data,
            languages=tuple(self.languages.data or ()),
        )


def _utc(local: dt.datetime | None) -> dt.datetime | None:
    return to_utc(local) if local else None


def _local(utc: dt.datetime | None) -> dt.datetime | None:
    return to_user_timezone(utc).replace(tzinfo=None) if utc else None


def _in_local_time(settings: AssignmentSettings) -> AssignmentSettings:
    opens_at, closes_at = _local(settings.opens_at), _local(settings.closes_at)
    return dataclasses.replace(settings, opens_at=opens_at, closes_at=closes_at)


def assignment_form(
    packs: Iterable[Pack], shown: AssignmentSettings | None = None, choose_pack: bool = True
) -> AssignmentForm:
    """The assignment form offering `packs` and their languages, filled in with `shown` (a
    first showing) in the teacher's time zone. Without `choose_pack` it only sets the settings
    of an assignment that has its pack."""
    form = AssignmentForm(obj=_in_local_time(shown) if shown else None)
    packs = list(packs)
    form.pack_slug.choices = [SelectChoice(pack.id, localised(pack.title)) for pack in packs]
    languages = sorted({language for pack in packs for language in pack.languages})
    form.languages.choices = [SelectChoice(lang, language_name(lang)) for lang in languages]
    if not choose_pack:
        del form.pack_slug
    return form
