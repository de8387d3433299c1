"""The form a teacher starts a pack with: the article's metadata and its text or file."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..forms import Form
from ..instructor.forms import CheckboxListField


def _web_address(_form, field) -> None:
    if field.data and not field.data.strip().lower().startswith(("https://", "http://")):
        raise ValidationError(_l("A web address starts with https:// or http://."))


class ArticleForm(Form):
    metadata_fields = ("title", "publisher", "author", "date", "language", "url", "licence")

    title = StringField(
        _l("Headline of the article"),
        validators=[Optional(), Length(max=300)],  # else the article's first line: with_headline
    )
    publisher = StringField(
        _l("Publisher"),
        validators=[DataRequired(_l("Please name the publisher.")), Length(max=200)],
    )
    author = StringField(_l("Author"), validators=[Optional(), Length(max=200)])
    date = DateField(
        _l("Date of publication"),
        validators=[Optional()],
        description=_l("Leave empty when it is not known."),
    )
    language = SelectField(_l("Language of the article"))
    url = StringField(
        _l("Web address of the article"), validators=[Optional(), Length(max=500), _web_address]
    )
    licence = StringField(
        _l("Licence or attribution"),
        validators=[Optional(), Length(max=300)],
        description=_l("For example: CC BY 4.0, or “with kind permission of the publisher”."),
    )
    languages = CheckboxListField(
        _l("Languages of the questions"),
        validators=[DataRequired(_l("Please choose at least one language."))],
        description=_l(
            "The article's language is enough. Tick a second language only if you want to write "
            "every question in both; you can add or remove it later on the quiz's page."
        ),
    )
    text = TextAreaField(
        _l("The article's text"),
        validators=[Optional()],
        description=_l("Paste the text, one paragraph after another with an empty line between."),
    )
    upload = FileField(
        _l("Or upload the article"),
        description=_l("Plain text, Markdown, a web page (.html) or a Word document (.docx)."),
    )


class AttachArticleForm(ArticleForm):
    """The article a draft's questions come from, for a draft that has none quoted yet (questions
    imported from Moodle): the same fields as a new pack's, its languages kept."""

    languages = None


class QuestionFileForm(Form):
    """A Moodle XML or GIFT file whose questions become a new draft pack."""

    upload = FileField(
        _l("Question file"),
        description=_l("Moodle XML (.xml) or GIFT (.gift), as Moodle exports a question bank."),
    )
    text = TextAreaField(
        _l("Or paste the file's text"),
        validators=[Optional()],
        description=_l("GIFT text as Moodle writes it, or Moodle XML starting with <quiz>."),
    )
    language = SelectField(_l("Language of the questions"))
