"""QR codes of join addresses, for the class's projector page and the live lesson's lobby."""

import segno
from flask_babel import gettext as _
from markupsafe import Markup


def qr_svg(text: str) -> Markup:
    """A QR code of `text` as inline SVG, made by segno (no colours of its own: CSS sets them)."""
    code = segno.make(text, error="m")
    return Markup(code.svg_inline(scale=8, omitsize=True, title=_("QR code of the join address")))
