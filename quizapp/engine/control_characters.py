"""Control characters kept out of everything a teacher or learner sends: forms, uploads, imports.

Nobody means one (they arrive by pasting from a terminal or a broken file), the screen shows none,
and XML 1.0 cannot hold them, so a prompt holding \\x01 would break the Moodle XML export. Tab and
newline are text; a carriage return becomes a newline.
"""

import re
from typing import Any

_LINE_BREAKS = re.compile(r"\r\n?")
# C0 without tab (\x09) and newline (\x0a), DEL, and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_control_characters(text: str) -> str:
    """`text` with CR LF and CR as LF, and every other C0 or C1 control character but tab
    removed."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def cleaned(data: Any) -> Any:
    """JSON-shaped data (a pack, a question) with every string, keys included, without control
    characters."""
    if isinstance(data, str):
        return without_control_characters(data)
    if isinstance(data, dict):
        return {cleaned(key): cleaned(value) for key, value in data.items()}
    if isinstance(data, list):
        return [cleaned(item) for item in data]
    return data


def form_without_control_characters(form: Any) -> Any:
    """A submitted form's fields (a MultiDict, each value kept in order) without control
    characters: what the question editor and a learner's answer read."""
    return type(form)((name, without_control_characters(v)) for name, v in form.items(multi=True))
