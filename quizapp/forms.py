"""The base of every form of the app: its text fields take no control characters."""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from .engine.control_characters import without_control_characters


def _without_control_characters(value: Any) -> Any:
    return without_control_characters(value) if isinstance(value, str) else value


class Form(FlaskForm):
    """A FlaskForm whose text fields (StringField and its kinds: text areas, e-mail, hidden)
    remove control characters from what was sent, so a new form gets that by deriving from it.

    A password is left as typed: it is only hashed, never shown or stored as text, and an
    existing one must keep matching."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                filters = unbound_field.kwargs.get("filters") or ()
                options = {**options, "filters": (*filters, _without_control_characters)}
            return unbound_field.bind(form=form, **options)
