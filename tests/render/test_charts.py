"""SVG charts: well-formed, accessible, bar sizes proportional to values, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from hazchem.render import charts

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (0.3, 0.5), (1, 1), (7, 10), (12, 20), (450, 500), (1001, 2000)]
)
def test_nice_max(value, top):
    assert charts.nice_max(value) == pytest.approx(top)


def test_stacked_columns_heights_follow_values():
    svg = charts.stacked_columns(
        ["1月", "2月"],
        [charts.Series("HW08", [100, 50]), charts.Series("HW34 <酸>", [100, 0])],
        title="产生量",
        unit="t",
    )
    root = parse(svg)
    assert root.get("role") == "img" and root.find("s:title", NS).text == "产生量"
    assert "1月: 200 t" in root.find("s:desc", NS).text
    bars = [r for r in root.findall("s:rect", NS) if r.find("s:title", NS) is not None]
    # Three non-zero values, one rect each (zeros draw nothing); 100 is twice 50.
    assert len(bars) == 3
    heights = {r.find("s:title", NS).text: float(r.get("height")) for r in bars}
    assert heights["1月 HW08: 100 t"] == pytest.approx(2 * heights["2月 HW08: 50 t"], abs=0.2)
    assert "HW34 <酸>" in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_stacked_columns_refuse_ragged_series():
    with pytest.raises(ValueError):
        charts.stacked_columns(["a", "b"], [charts.Series("x", [1])], title="t", unit="t")


def test_empty_chart_is_still_valid():
    root = parse(charts.stacked_columns([], [], title="空", unit="t"))
    assert root.find("s:desc", NS).text == "—"
    root = parse(charts.horizontal_bars([], title="空"))
    assert root.find("s:title", NS).text == "空"


def test_horizontal_bars_scale_warn_and_threshold():
    svg = charts.horizontal_bars(
        [charts.Bar("甲库", 0.5, "50 %"), charts.Bar("乙库 & 丙", 0.9, "90 %", warn=True)],
        title="库容",
        scale_max=1.0,
        threshold=0.8,
    )
    root = parse(svg)
    rects = root.findall("s:rect", NS)
    # Background and value rect per bar; the values keep their ratio.
    values = [float(r.get("width")) for r in rects[1::2]]
    assert values[1] / values[0] == pytest.approx(0.9 / 0.5, rel=0.01)
    assert rects[3].get("fill") == charts.WARNING_COLOUR and rects[1].get("fill") == charts.PALETTE[0]
    assert root.find("s:line", NS).get("stroke-dasharray") == "4 3"
    assert "乙库 & 丙: 90 %" in root.find("s:desc", NS).text


def test_values_past_the_scale_are_clipped():
    root = parse(charts.horizontal_bars([charts.Bar("x", 2.5, "250 %")], title="t", scale_max=1.0))
    background, value = root.findall("s:rect", NS)
    assert value.get("width") == background.get("width")
