"""The bar chart SVG: well-formed, accessible, escaped, free of inline styles, bars to scale."""

import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from quizapp.charts import bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
SCRIPT = "<script>alert(1)</script>"


def chart(**overrides) -> str:
    arguments = {
        "title": "Score distribution",
        "description": "How many learners scored in each band of 10 %.",
        "labels": ["0–10 %", "10–20 %", "20–30 %", "30–40 %"],
        "values": [2.0, 5.0, 0.0, 10.0],
        "max_value": 10.0,
        "value_labels": ["2", "5", "0", "10"],
        "x_label": "Score",
        "y_label": "Learners",
        "chart_id": "score-chart",
    }
    arguments.update(overrides)
    return bar_chart_svg(**arguments)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(root: ET.Element, class_name: str) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("class") == class_name]


def test_is_an_inline_svg_element_that_parses():
    svg = chart()
    assert isinstance(svg, Markup)  # Jinja puts it in the page as is, without escaping it again
    assert svg.startswith("<svg ")  # an element, not a document: no XML declaration
    assert "<?xml" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))


def test_is_an_image_named_by_its_title_and_desc():
    root = parse(chart())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "score-chart-title score-chart-desc"
    first, second = list(root)[:2]
    assert first.tag == f"{SVG}title" and first.get("id") == "score-chart-title"
    assert first.text == "Score distribution"
    assert second.tag == f"{SVG}desc" and second.get("id") == "score-chart-desc"
    assert second.text == "How many learners scored in each band of 10 %."
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for referenced in root.get("aria-labelledby").split():
        assert referenced in ids


def test_one_bar_per_value_with_heights_proportional_to_the_values():
    values = [2.0, 5.0, 0.0, 10.0]
    root = parse(chart(values=values))
    rects = bars(root)
    assert len(rects) == 4
    heights = [float(rect.get("height")) for rect in rects]
    full = heights[3]  # the value equal to max_value spans the whole plot height
    assert full > 0
    for value, height in zip(values, heights, strict=True):
        assert height == pytest.approx(full * value / 10.0, abs=0.01)
    # Bars stand on the same baseline and are equally wide.
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 2) for r in rects}
    assert len(bottoms) == 1
    assert len({r.get("width") for r in rects}) == 1
    # Left to right in the order given.
    xs = [float(r.get("x")) for r in rects]
    assert xs == sorted(xs)


def test_values_outside_the_axis_are_clipped():
    root = parse(chart(values=[-3.0, 5.0, 0.0, 25.0]))
    heights = [float(rect.get("height")) for rect in bars(root)]
    assert heights[0] == 0
    assert heights[3] == pytest.approx(2 * heights[1], abs=0.01)  # 25 drawn as 10, twice 5


def test_labels_values_and_axis_titles_are_shown():
    root = parse(chart())
    assert texts(root, "label") == ["0–10 %", "10–20 %", "20–30 %", "30–40 %"]
    assert texts(root, "value") == ["2", "5", "0", "10"]
    assert texts(root, "axis-title") == ["Score", "Learners"]


def test_y_axis_has_five_gridlines_and_their_numbers():
    root = parse(chart(max_value=100.0, values=[10.0, 20.0, 30.0, 40.0]))
    assert texts(root, "tick") == ["0", "20", "40", "60", "80", "100"]
    grid = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "grid")
    assert len(list(grid.iter(f"{SVG}line"))) == 5


def test_script_in_a_label_comes_out_as_text():
    svg = chart(
        title=SCRIPT,
        description=SCRIPT,
        labels=[SCRIPT, "b", "c", "d"],
        value_labels=[SCRIPT, "5", "0", "10"],
        x_label=SCRIPT,
        y_label='"><script>alert(2)</script>',
    )
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == SCRIPT
    assert root.find(f"{SVG}desc").text == SCRIPT
    assert all(
        element.tag != "script" and not element.tag.endswith("}script") for element in root.iter()
    )
    bar_title = bars(root)[0].find(f"{SVG}title")
    assert bar_title.text == f"{SCRIPT}: {SCRIPT}"
    assert SCRIPT in texts(root, "value")
    assert SCRIPT in texts(root, "axis-title")


def test_no_inline_styles_anywhere():
    for svg in (chart(), chart(labels=[SCRIPT] * 4), many_bars()):
        root = parse(svg)
        for element in root.iter():
            assert "style" not in element.attrib
            assert element.tag != f"{SVG}style"
        assert "style" not in svg.replace("font-size", "").replace("font-family", "")


def test_colours_have_enough_contrast():
    root = parse(chart())
    assert {rect.get("fill") for rect in bars(root)} == {"#0b57a4"}
    assert root.get("fill") == "#1b1b1b"  # inherited by every text


def many_bars(count: int = 36) -> str:
    values = [float(i * 100 // count) for i in range(count)]
    return chart(
        labels=[str(i + 1) for i in range(count)],
        values=values,
        max_value=100.0,
        value_labels=[f"{v:.0f} %" for v in values],
        chart_id="facility",
    )


def test_many_bars_fit_inside_the_drawing():
    root = parse(many_bars(36))
    width = float(root.get("viewBox").split()[2])
    rects = bars(root)
    assert len(rects) == 36
    for left, right in zip(rects[:-1], rects[1:], strict=True):  # no overlap between neighbours
        assert float(left.get("x")) + float(left.get("width")) < float(right.get("x"))
    assert float(rects[0].get("x")) > 0
    assert float(rects[-1].get("x")) + float(rects[-1].get("width")) <= width
    # Two-digit labels do not fit under bars this narrow side by side: they are rotated -60°.
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert len(labels) == 36
    assert all(t.get("transform", "").startswith("rotate(-60 ") for t in labels)


def test_few_short_labels_stay_horizontal():
    root = parse(chart(labels=["a", "b", "c", "d"]))
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert all("transform" not in t.attrib for t in labels)


def test_very_many_bars_label_every_other_bar():
    root = parse(many_bars(80))
    assert len(bars(root)) == 80
    shown = texts(root, "label")
    assert 1 < len(shown) < 80
    assert shown[0] == "1"


def test_same_input_same_output():
    assert chart() == chart()
    assert many_bars() == many_bars()


def test_empty_chart_and_zero_axis():
    root = parse(chart(labels=[], values=[], value_labels=[]))
    assert bars(root) == []
    root = parse(chart(values=[0.0] * 4, max_value=0.0))
    assert [float(r.get("height")) for r in bars(root)] == [0.0] * 4


def test_bad_input_is_rejected():
    with pytest.raises(ValueError):
        chart(values=[1.0, 2.0])  # four labels, two values
    with pytest.raises(ValueError):
        chart(chart_id='x" onload="alert(1)')
    with pytest.raises(ValueError):
        chart(chart_id="two words")
    with pytest.raises(ValueError):
        chart(max_value=float("nan"))


def test_a_smaller_drawing_keeps_its_text_size_so_it_reads_larger_at_the_same_width():
    """view_width and plot_height shrink the drawing, not the text (the projector's charts):
    everything stays inside it, the bars still to scale."""
    small = parse(chart(view_width=320, plot_height=120))
    width, height = (float(n) for n in small.get("viewBox").split()[2:])
    assert width == 320 and height < float(parse(chart()).get("viewBox").split()[3])
    assert float(bars(small)[3].get("height")) == pytest.approx(120)
    for rect in bars(small):
        assert float(rect.get("x")) + float(rect.get("width")) <= width
    sizes = {t.get("font-size") for t in small.iter(f"{SVG}text") if t.get("class") == "tick"}
    assert sizes == {
        t.get("font-size") for t in parse(chart()).iter(f"{SVG}text") if t.get("class") == "tick"
    }
