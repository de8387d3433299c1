"""Forms a learner fills in, and reading an answer out of a submitted question form."""

from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..constants import FeedbackMode
from ..engine import Question, question_type
from ..forms import Form


class StartForm(Form):
    display_name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Please enter your name.")), Length(max=80)],
        description=_l("Shown only to you, with your practice score. No e-mail address needed."),
    )
    feedback_mode = RadioField(
        _l("When do you want to see if you were right?"),
        choices=[
            SelectChoice(FeedbackMode.IMMEDIATE.value, _l("After each question")),
            SelectChoice(FeedbackMode.AFTER_ATTEMPT.value, _l("At the end, with the results")),
        ],
        default=FeedbackMode.IMMEDIATE.value,
        validators=[DataRequired(_l("Please choose when you want to see feedback."))],
    )


def raw_response(question: Question, form: MultiDict) -> Any:
    """The raw answer a question form holds, in the shape the engine reads (the type decides).

    An answer left blank raises EmptyResponse; more values than the form can send raise
    InvalidResponse.
    """
    return question_type(question.type).form_response(question, form)
