"""Accessible bar charts as inline SVG, rendered on the server: no JavaScript and no inline styles.

The site's Content-Security-Policy forbids inline styles, so the SVG uses presentation attributes only
(``fill``, ``stroke``, ``font-size``, ``text-anchor``, ``transform``). Screen readers announce the chart
as one image named by its ``<title>`` and described by its ``<desc>``; the page shows the same numbers
in a table, which is where the exact values are read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple

from markupsafe import Markup, escape

# The drawing is laid out in these viewBox units and scaled to the width of its container
# (width="100%"), so the same markup fits a 320 px phone and a desktop column.
VIEW_WIDTH = 480
PLOT_HEIGHT = 220
MARGIN_RIGHT = 12
GAP = 8  # between the plot and its labels
MAX_BAR_WIDTH = 56  # so that a chart of one or two bars does not look like a wall

FONT_SIZE = 12  # axis numbers and bar labels
VALUE_FONT_SIZE = 11  # numbers above the bars
AXIS_TITLE_FONT_SIZE = 13
MIN_FONT_SIZE = 7
CHAR_WIDTH = 0.62  # average glyph width of a sans-serif face, in em, for estimating text widths
MAX_LABEL_CHARS = 24  # longer bar labels are shortened; the table beside the chart has them in full

BAR_COLOUR = "#0b57a4"  # 7.2:1 against white (at least 3:1 is needed for graphics)
TEXT_COLOUR = "#1b1b1b"  # 17:1 against white (at least 4.5:1 is needed for text)
GRID_COLOUR = "#c8c8c8"  # decorative: the numbers carry the scale
GRIDLINES = 5
ROTATION = -60  # degrees, for bar labels too wide for their bar

_SIN = math.sin(math.radians(-ROTATION))
_COS = math.cos(math.radians(-ROTATION))
_CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


def _num(value: float) -> str:
    """A coordinate as short, deterministic text: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _tick(value: float) -> str:
    """An axis number: whole numbers without decimals, others with up to two."""
    if float(value).is_integer():
        return str(int(value))
    return _num(value)


def _text_width(chars: int, font_size: float) -> float:
    """Estimated width of a text of that many characters (no font metrics on the server)."""
    return chars * font_size * CHAR_WIDTH


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


class _LabelLayout(NamedTuple):
    slot: float  # horizontal room per bar
    rotate: bool  # whether the bar labels are rotated
    font: float  # their font size
    reach: float  # how far left of the plot the first label reaches
    step: int  # label every step-th bar (1: every bar); more bars than fit get every 2nd, 3rd, ...


def _label_layout(
    plot_left: float, count: int, widest_label: int, view_width: float = VIEW_WIDTH
) -> _LabelLayout:
    """Bar labels go horizontal when the widest fits under its bar, else rotated by ROTATION and sized
    so that neighbouring labels (slot * sin 60° apart, measured across the text) do not overlap."""
    slot = (view_width - plot_left - MARGIN_RIGHT) / max(count, 1)
    if _text_width(widest_label, FONT_SIZE) <= slot * 0.95:
        return _LabelLayout(slot, False, float(FONT_SIZE), 0.0, 1)
    room = slot * _SIN * 0.9
    font = max(MIN_FONT_SIZE, min(FONT_SIZE, room))
    step = 1 if room >= MIN_FONT_SIZE else math.ceil(MIN_FONT_SIZE / room)
    # Anchored at its end under the bar centre, a rotated label runs down and to the left.
    reach = _text_width(widest_label, font) * _COS - slot / 2 + GAP / 2
    return _LabelLayout(slot, True, font, reach, step)


def _attrs(**attributes: str | float) -> str:
    parts = []
    for name, value in attributes.items():
        text = _num(value) if isinstance(value, int | float) else value
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{escape(text)}"')
    return " ".join(parts)


class _ValueLayout(NamedTuple):
    rotate: bool  # whether the numbers above the bars read upwards
    font: float  # their font size
    extent: float  # how far above the bars they reach
    step: int  # a number above every step-th bar


class _ChartLayout(NamedTuple):
    """Where everything of one chart goes, in viewBox units."""

    view_width: float  # of the whole drawing
    plot_height: float
    scale_max: float  # the value at the top of the plot
    ticks: list[str]  # the axis numbers, bottom to top
    plot_left: float
    plot_width: float
    top: float  # of the plot
    plot_bottom: float
    labels_bottom: float
    height: float  # of the whole drawing
    bar_width: float
    labels: _LabelLayout
    values: _ValueLayout

    @property
    def plot_right(self) -> float:
        return self.plot_left + self.plot_width


def bar_chart_svg(
    *,
    title: str,
    description: str,
    labels: list[str],
    values: list[float],
    max_value: float,
    value_labels: list[str],
    x_label: str,
    y_label: str,
    chart_id: str,
    whole_numbers: bool = False,
    number_format: Callable[[float], str] | None = None,
    view_width: int = VIEW_WIDTH,
    plot_height: int = PLOT_HEIGHT,
) -> Markup:
    """Render a vertical bar chart as an accessible inline ``<svg>`` element, safe to put in a page.

    Bars are scaled to 0..max_value (values outside are clipped to it) and every text is escaped; long
    label lists get narrower bars and rotated, smaller labels so that they still fit. A chart of
    counts (`whole_numbers`) ticks its axis at whole numbers only; `number_format` writes the axis
    numbers the page's way (its locale), plain digits by default. A smaller drawing
    (`view_width`, `plot_height`) shows its text larger at the same width: the projector's charts.
    """
    _check_chart_input(labels, values, value_labels, max_value, chart_id)
    scale_max = _scale_max(max_value, whole_numbers)
    write = number_format or _tick
    ticks = [write(scale_max * step / GRIDLINES) for step in range(GRIDLINES + 1)]
    shown_labels = [_shorten(label) for label in labels]
    layout = _chart_layout(scale_max, ticks, shown_labels, value_labels, (view_width, plot_height))
    out = [
        *_svg_opening(layout, chart_id, title, description),
        *_grid(layout),
        *_bars(layout, labels, shown_labels, values, value_labels),
        *_axes(layout, x_label, y_label),
        "</svg>",
    ]
    return Markup("".join(out))


def _check_chart_input(
    labels: list[str],
    values: list[float],
    value_labels: list[str],
    max_value: float,
    chart_id: str,
) -> None:
    """Refuse a chart that cannot be drawn: one label, value and value label per bar, an id that
    is safe in an attribute, finite numbers."""
    if not (len(labels) == len(values) == len(value_labels)):
        raise ValueError(
            f"{len(labels)} labels, {len(values)} values and {len(value_labels)} value labels"
            " were given; there must be one of each per bar"
        )
    if not _CHART_ID.match(chart_id):
        raise ValueError(
            f"chart_id {chart_id!r} must start with a letter and hold only letters, digits, - and _"
        )
    if not math.isfinite(max_value) or any(not math.isfinite(v) for v in values):
        raise ValueError("max_value and the values must be finite numbers")


def _scale_max(max_value: float, whole_numbers: bool) -> float:
    """The value at the top of the axis; a chart of counts ends at a multiple of GRIDLINES."""
    # Nothing to scale against (e.g. no learners yet): an empty 0-5 axis, whole numbers on it.
    scale_max = max_value if max_value > 0 else float(GRIDLINES)
    if whole_numbers:
        scale_max = float(GRIDLINES * math.ceil(scale_max / GRIDLINES))
    return scale_max


def _plot_left(ticks: list[str], count: int, widest_label: int, view_width: float) -> float:
    """Room on the left for the y-axis title and numbers, and for the first bar label when rotated
    labels hang down and to the left of their bar."""
    widest_tick = max(_text_width(len(tick), FONT_SIZE) for tick in ticks)
    # A wider margin narrows the bars, which can shrink the label font, so a few rounds settle the
    # layout (the same input always gives the same result).
    tick_margin = math.ceil(AXIS_TITLE_FONT_SIZE + GAP + widest_tick + GAP)
    plot_left = tick_margin
    for _ in range(5):
        layout = _label_layout(plot_left, count, widest_label, view_width)
        wanted = max(tick_margin, math.ceil(layout.reach))
        if wanted <= plot_left:
            break
        plot_left = wanted
    return plot_left


def _value_layout(widest_value: int, slot: float) -> _ValueLayout:
    """Value labels: horizontal above the bar when they fit its slot, else vertical (reading
    upwards), every second or third one when even that is too narrow."""
    value_font = float(VALUE_FONT_SIZE)
    rotate_values = _text_width(widest_value, value_font) > slot * 0.95
    value_step = 1
    if rotate_values:
        value_font = max(MIN_FONT_SIZE, min(VALUE_FONT_SIZE, slot * 0.9))
        value_extent = _text_width(widest_value, value_font)
        if slot * 0.9 < MIN_FONT_SIZE:
            value_step = math.ceil(MIN_FONT_SIZE / (slot * 0.9))
    else:
        value_extent = value_font
    return _ValueLayout(rotate_values, value_font, value_extent, value_step)


def _chart_layout(
    scale_max: float,
    ticks: list[str],
    shown_labels: list[str],
    value_labels: list[str],
    size: tuple[float, float] = (VIEW_WIDTH, PLOT_HEIGHT),
) -> _ChartLayout:
    """The plot's place and size, and how the bar labels and values fit around it (`size`: the
    drawing's width and the plot's height)."""
    view_width, plot_height = size
    count = len(shown_labels)
    widest_label = max((len(label) for label in shown_labels), default=0)
    widest_value = max((len(text) for text in value_labels), default=0)
    plot_left = _plot_left(ticks, count, widest_label, view_width)
    label_layout = _label_layout(plot_left, count, widest_label, view_width)
    slot, label_font = label_layout.slot, label_layout.font
    plot_width = view_width - plot_left - MARGIN_RIGHT
    bar_width = min(slot * 0.7, MAX_BAR_WIDTH)
    if label_layout.rotate:
        label_extent = _text_width(widest_label, label_font) * _SIN + label_font
    else:
        label_extent = label_font
    value_layout = _value_layout(widest_value, slot)
    top = max(FONT_SIZE, value_layout.extent) + GAP + 4
    plot_bottom = top + plot_height
    labels_bottom = plot_bottom + GAP + label_extent
    height = labels_bottom + GAP + AXIS_TITLE_FONT_SIZE + GAP
    return _ChartLayout(
        view_width=view_width,
        plot_height=plot_height,
        scale_max=scale_max,
        ticks=ticks,
        plot_left=plot_left,
        plot_width=plot_width,
        top=top,
        plot_bottom=plot_bottom,
        labels_bottom=labels_bottom,
        height=height,
        bar_width=bar_width,
        labels=label_layout,
        values=value_layout,
    )


def _svg_opening(layout: _ChartLayout, chart_id: str, title: str, description: str) -> list[str]:
    """The ``<svg>`` tag with its accessible name and description."""
    return [
        "<svg "
        + _attrs(
            xmlns="http://www.w3.org/2000/svg",
            class_="bar-chart",
            role="img",
            aria_labelledby=f"{chart_id}-title {chart_id}-desc",
            viewBox=f"0 0 {_num(layout.view_width)} {_num(layout.height)}",
            width="100%",
            preserveAspectRatio="xMidYMid meet",
            font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
            fill=TEXT_COLOUR,
        )
        + ">",
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def _grid(layout: _ChartLayout) -> list[str]:
    """Gridlines and their numbers, 0 at the x axis up to the scale's maximum at the top."""
    out = ['<g class="grid">']
    for step in range(GRIDLINES + 1):
        y = layout.plot_bottom - layout.plot_height * step / GRIDLINES
        if step:
            out.append(
                "<line "
                + _attrs(
                    x1=layout.plot_left,
                    y1=y,
                    x2=layout.plot_right,
                    y2=y,
                    stroke=GRID_COLOUR,
                    stroke_width=1,
                )
                + "/>"
            )
        out.append(
            "<text "
            + _attrs(
                class_="tick",
                x=layout.plot_left - GAP,
                y=y + FONT_SIZE * 0.35,
                font_size=FONT_SIZE,
                text_anchor="end",
            )
            + f">{escape(layout.ticks[step])}</text>"
        )
    out.append("</g>")
    return out


def _bars(
    layout: _ChartLayout,
    labels: list[str],
    shown_labels: list[str],
    values: list[float],
    value_labels: list[str],
) -> list[str]:
    """Each bar (its tooltip naming the full label and value), its value above and its label below."""
    out = ['<g class="bars">']
    for index, (label, value, value_label) in enumerate(
        zip(shown_labels, values, value_labels, strict=True)
    ):
        centre = layout.plot_left + layout.labels.slot * (index + 0.5)
        bar_height = layout.plot_height * min(max(value, 0.0), layout.scale_max) / layout.scale_max
        bar_top = layout.plot_bottom - bar_height
        out.append(
            "<rect "
            + _attrs(
                class_="bar",
                x=centre - layout.bar_width / 2,
                y=bar_top,
                width=layout.bar_width,
                height=bar_height,
                fill=BAR_COLOUR,
                data_value=repr(float(value)),
            )
            + f"><title>{escape(labels[index])}: {escape(value_label)}</title></rect>"
        )
        if index % layout.values.step == 0:
            out.append(_value_text(layout.values, centre, bar_top, value_label))
        if index % layout.labels.step == 0:
            out.append(_bar_label(layout, centre, label))
    out.append("</g>")
    return out


def _value_text(values: _ValueLayout, centre: float, bar_top: float, value_label: str) -> str:
    """The number above a bar: centred, or reading upwards when it is wider than the bar's slot."""
    value_x, value_y = centre, bar_top - GAP / 2
    if values.rotate:  # reads upwards, centred on the bar
        value_x += values.font * 0.35
        placement = {
            "text_anchor": "start",
            "transform": f"rotate(-90 {_num(value_x)} {_num(value_y)})",
        }
    else:
        placement = {"text_anchor": "middle"}
    return (
        "<text "
        + _attrs(class_="value", x=value_x, y=value_y, font_size=values.font, **placement)
        + f">{escape(value_label)}</text>"
    )


def _bar_label(layout: _ChartLayout, centre: float, label: str) -> str:
    """The label under a bar: centred, or rotated when it is wider than the bar's slot."""
    label_font = layout.labels.font
    label_y = layout.plot_bottom + GAP + label_font * 0.8
    if layout.labels.rotate:  # hangs down and to the left, ending under the bar centre
        placement = {
            "text_anchor": "end",
            "transform": f"rotate({ROTATION} {_num(centre)} {_num(label_y)})",
        }
    else:
        placement = {"text_anchor": "middle"}
    return (
        "<text "
        + _attrs(class_="label", x=centre, y=label_y, font_size=label_font, **placement)
        + f">{escape(label)}</text>"
    )


def _axes(layout: _ChartLayout, x_label: str, y_label: str) -> list[str]:
    """The two axes, drawn on top of the gridlines and bars, and their titles."""
    x_title = _attrs(
        class_="axis-title",
        x=layout.plot_left + layout.plot_width / 2,
        y=layout.labels_bottom + GAP + AXIS_TITLE_FONT_SIZE * 0.8,
        font_size=AXIS_TITLE_FONT_SIZE,
        text_anchor="middle",
    )
    y_title_x = AXIS_TITLE_FONT_SIZE
    y_title_y = layout.top + layout.plot_height / 2
    y_title = _attrs(
        class_="axis-title",
        x=y_title_x,
        y=y_title_y,
        font_size=AXIS_TITLE_FONT_SIZE,
        text_anchor="middle",
        transform=f"rotate(-90 {_num(y_title_x)} {_num(y_title_y)})",
    )
    return [
        _axis_line(layout.plot_left, layout.plot_bottom, layout.plot_right, layout.plot_bottom),
        _axis_line(layout.plot_left, layout.top, layout.plot_left, layout.plot_bottom),
        f"<text {x_title}>{escape(x_label)}</text>",
        f"<text {y_title}>{escape(y_label)}</text>",
    ]


def _axis_line(x1: float, y1: float, x2: float, y2: float) -> str:
    attributes = _attrs(
        class_="axis", x1=x1, y1=y1, x2=x2, y2=y2, stroke=TEXT_COLOUR, stroke_width=1
    )
    return f"<line {attributes}/>"
