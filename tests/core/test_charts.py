"""Server-drawn charts: well-formed SVG with its title, one mark per value, escaped labels, and
the same numbers as a table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring
from flask import render_template_string

from showcase.core.charts import Chart, Series

NS = {"svg": "http://www.w3.org/2000/svg"}


def bars_of(chart: Chart) -> list[ET.Element]:
    root = fromstring(str(chart.svg()))
    return [r for r in root.findall("svg:rect", NS) if r.get("width") != "12"]


@pytest.mark.parametrize("kind", ["bar", "column"])
def test_chart_draws_one_bar_per_nonzero_value(kind):
    chart = Chart(
        "Registrations by category",
        ["City delegate", "Visitor", "Media"],
        [Series("Confirmed", [12, 0, 3]), Series("Capacity", [20, 50, 5])],
        kind=kind,
        id="by-category",
    )
    root = fromstring(str(chart.svg()))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "by-category-title by-category-desc"
    assert root.find("svg:title", NS).text == "Registrations by category"
    assert len(bars_of(chart)) == 5  # six values, one of them zero
    assert chart.rows == [("City delegate", [12, 20]), ("Visitor", [0, 50]), ("Media", [3, 5])]
    assert chart.totals == [15, 75]


def test_chart_bars_are_proportional_to_their_values():
    chart = Chart("Booths", ["Hall A", "Hall B"], [Series("Assigned", [10, 5])])
    widths = [float(r.get("width")) for r in bars_of(chart)]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_line_chart_has_one_point_per_label():
    chart = Chart("Over time", ["1 Jan", "2 Jan", "3 Jan"], [Series("All", [1, 4, 9])], kind="line")
    [line] = fromstring(str(chart.svg())).findall("svg:polyline", NS)
    assert len(line.get("points").split()) == 3


def test_chart_escapes_labels_and_refuses_ragged_series():
    chart = Chart("<b>x</b>", ['<script>alert(1)</script>\x00"'], [Series("<i>", [1])])
    svg = str(chart.svg())
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    fromstring(svg)
    with pytest.raises(ValueError, match="one value per label"):
        Chart("x", ["a", "b"], [Series("s", [1])])


def test_chart_macro_shows_the_numbers_as_a_table(app):
    chart = Chart("Check-ins", ["09:00", "10:00"], [Series("Main entrance", [120, 45])], id="c1")
    with app.test_request_context():
        html = render_template_string(
            '{% from "_macros/charts.html" import chart %}{{ chart(c, "Hour") }}', c=chart
        )
    assert '<figure class="chart mb-4" id="c1">' in html
    assert "<svg" in html
    assert '<tr><th scope="row">09:00</th><td class="text-end">120</td></tr>' in html
    assert '<tfoot><tr><th scope="row">Total</th><td class="text-end">165</td></tr></tfoot>' in html
