"""Charts drawn on the server as SVG, with their numbers as a table beside them.

A chart is plain data (``Chart``: a title, the category labels and one or more ``Series``); the
page renders it with the ``chart`` macro of ``templates/_macros/charts.html``, which puts the SVG
(``role="img"`` with a title and a one-line summary) and a ``<table>`` of the same numbers side by
side, so that screen readers, printing and people who prefer numbers all get them.

The SVG is built with ElementTree, which escapes every text and attribute, and uses presentation
attributes (``fill``, ``font-size``) only: the Content-Security-Policy forbids inline styles and
scripts. Colours come from one palette that keeps 3:1 contrast against white (WCAG 1.4.11) and
every series is also named in the legend and the table, never told by colour alone.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans Thai', 'Leelawadee UI', sans-serif"
TEXT = "#1d2730"
GRID = "#ced4da"
# Distinct colours, each at least 3:1 against white.
PALETTE = ("#0b5cad", "#c2410c", "#047857", "#7e22ce", "#b91c1c", "#0f766e", "#a16207", "#4338ca")

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


@dataclass
class Series:
    name: str
    values: Sequence[float]
    colour: str = ""


@dataclass
class Chart:
    """One chart: ``kind`` is "bar" (horizontal bars, one row per label), "column" (vertical
    bars, one per label, e.g. per hour) or "line" (e.g. cumulative registrations per day)."""

    title: str
    labels: Sequence[str]
    series: Sequence[Series]
    kind: str = "bar"
    stacked: bool = False
    unit: str = ""
    summary: str = ""
    id: str = ""
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for index, series in enumerate(self.series):
            if not series.colour:
                series.colour = PALETTE[index % len(PALETTE)]
            if len(series.values) != len(self.labels):
                raise ValueError(f"series {series.name!r} has not one value per label")

    @property
    def is_empty(self) -> bool:
        return not self.labels or all(not any(s.values) for s in self.series)

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        """The table: one row per label with the value of each series."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    @property
    def totals(self) -> list[float]:
        return [sum(s.values) for s in self.series]

    @staticmethod
    def format(value: float) -> str:
        return number(value)

    def svg(self) -> Markup:
        if self.kind == "line":
            root = _line(self)
        elif self.kind == "column":
            root = _columns(self)
        else:
            root = _bars(self)
        # ElementTree escapes every text and attribute it writes: this is safe markup.
        return Markup(ET.tostring(root, encoding="unicode"))  # nosec B704 # noqa: S704


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _svg(chart: Chart, width: float, height: float) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width:g} {height:g}",
            "role": "img",
            "class": "chart-svg",
            "font-family": FONT,
            "font-size": "12",
            "aria-labelledby": f"{chart.id}-title {chart.id}-desc" if chart.id else "",
        },
    )
    if not chart.id:
        del root.attrib["aria-labelledby"]
    title = ET.SubElement(root, "title", {"id": f"{chart.id}-title"} if chart.id else {})
    title.text = _text(chart.title)
    desc = ET.SubElement(root, "desc", {"id": f"{chart.id}-desc"} if chart.id else {})
    desc.text = _text(chart.summary or chart.title)
    return root


def _legend_places(chart: Chart, x: float, max_x: float | None) -> list[tuple[float, int]]:
    """Where each series' key goes: its x and its row (a new row when the next would not fit)."""
    places, left, row = [], x, 0
    for series in chart.series:
        width = 16 + 7.5 * len(series.name) + 18
        if max_x is not None and x > left and x + width > max_x:
            x, row = left, row + 1
        places.append((x, row))
        x += width
    return places


def _legend_rows(chart: Chart, x: float, max_x: float | None) -> int:
    if len(chart.series) < 2:
        return 0
    return 1 + max(row for _, row in _legend_places(chart, x, max_x))


def _legend(root: ET.Element, chart: Chart, x: float, y: float, max_x: float | None = None) -> None:
    if len(chart.series) < 2:
        return
    for series, (left, row) in zip(chart.series, _legend_places(chart, x, max_x), strict=True):
        top = y + 18 * row
        ET.SubElement(
            root,
            "rect",
            {
                "x": f"{left:g}",
                "y": f"{top - 10:g}",
                "width": "12",
                "height": "12",
                "fill": series.colour,
            },
        )
        label = ET.SubElement(root, "text", {"x": f"{left + 16:g}", "y": f"{top:g}", "fill": TEXT})
        label.text = _text(series.name)


def _label(root, x, y, text, anchor="start", size="12") -> None:
    element = ET.SubElement(
        root,
        "text",
        {"x": f"{x:g}", "y": f"{y:g}", "fill": TEXT, "text-anchor": anchor, "font-size": size},
    )
    element.text = _text(text)


def _bars(chart: Chart) -> ET.Element:
    """Horizontal bars: labels on the left, one bar (or one bar per series) per row."""
    label_width = min(220, 12 + 7 * max((len(str(label)) for label in chart.labels), default=4))
    plot = 420
    per_row = 1 if chart.stacked else max(1, len(chart.series))
    bar = 14
    row = per_row * bar + 10
    legend = 24 if len(chart.series) > 1 else 0
    height = legend + row * max(1, len(chart.labels)) + 24
    width = label_width + plot + 70
    root = _svg(chart, width, height)
    _legend(root, chart, label_width, 14)
    peak = max(
        (sum(values) if chart.stacked else max(values, default=0) for _, values in chart.rows),
        default=0,
    )
    scale = plot / _nice_max(peak)
    for index, (label, values) in enumerate(chart.rows):
        top = legend + index * row + 4
        _label(root, label_width - 8, top + per_row * bar / 2 + 4, label, anchor="end")
        x = label_width
        for position, (series, value) in enumerate(zip(chart.series, values, strict=True)):
            y = top if chart.stacked else top + position * bar
            length = max(0.0, value * scale)
            if length:
                ET.SubElement(
                    root,
                    "rect",
                    {
                        "x": f"{x:.1f}",
                        "y": f"{y:g}",
                        "width": f"{length:.1f}",
                        "height": f"{bar - 2:g}",
                        "fill": series.colour,
                    },
                )
            if chart.stacked:
                x += length
            else:
                _label(root, x + length + 4, y + bar - 4, number(value), size="11")
        if chart.stacked:
            _label(root, x + 4, top + bar - 4, number(sum(values)), size="11")
    ET.SubElement(
        root,
        "line",
        {
            "x1": f"{label_width}",
            "y1": f"{legend}",
            "x2": f"{label_width}",
            "y2": f"{height - 20:g}",
            "stroke": TEXT,
        },
    )
    return root


def _axis(root, left, top, plot_width, plot_height, peak) -> float:
    top_value = _nice_max(peak)
    for step in range(5):
        value = top_value * step / 4
        y = top + plot_height - plot_height * step / 4
        ET.SubElement(
            root,
            "line",
            {
                "x1": f"{left:g}",
                "y1": f"{y:.1f}",
                "x2": f"{left + plot_width:g}",
                "y2": f"{y:.1f}",
                "stroke": GRID,
            },
        )
        _label(root, left - 6, y + 4, number(value), anchor="end", size="11")
    return plot_height / top_value


def _every(count: int, room: float) -> int:
    """Show every n-th label on the x axis so that labels do not overlap."""
    return max(1, math.ceil(count * 46 / room))


def _columns(chart: Chart) -> ET.Element:
    left, top, plot_height = 48, 28, 200
    count = max(1, len(chart.labels))
    group = max(18.0, min(60.0, 640 / count))
    plot_width = group * count
    width, height = left + plot_width + 16, top + plot_height + 40
    root = _svg(chart, width, height)
    _legend(root, chart, left, 14)
    peak = max(
        (sum(values) if chart.stacked else max(values, default=0) for _, values in chart.rows),
        default=0,
    )
    scale = _axis(root, left, top, plot_width, plot_height, peak)
    bars = 1 if chart.stacked else max(1, len(chart.series))
    each = (group - 4) / bars
    show = _every(count, plot_width)
    for index, (label, values) in enumerate(chart.rows):
        x0 = left + index * group + 2
        base = top + plot_height
        for position, (series, value) in enumerate(zip(chart.series, values, strict=True)):
            length = max(0.0, value * scale)
            x = x0 if chart.stacked else x0 + position * each
            if length:
                ET.SubElement(
                    root,
                    "rect",
                    {
                        "x": f"{x:.1f}",
                        "y": f"{base - length:.1f}",
                        "width": f"{each - 1:.1f}",
                        "height": f"{length:.1f}",
                        "fill": series.colour,
                    },
                )
            if chart.stacked:
                base -= length
        if index % show == 0:
            _label(
                root,
                x0 + (group - 4) / 2,
                top + plot_height + 16,
                label,
                anchor="middle",
                size="11",
            )
    return root


def _line(chart: Chart) -> ET.Element:
    left, plot_height = 48, 200
    count = max(1, len(chart.labels))
    plot_width = max(320.0, min(640.0, 40.0 * count))
    width = left + plot_width + 16
    top = 28 + 18 * max(0, _legend_rows(chart, left, width - 8) - 1)
    height = top + plot_height + 40
    root = _svg(chart, width, height)
    _legend(root, chart, left, 14, max_x=width - 8)
    peak = max((max(s.values, default=0) for s in chart.series), default=0)
    scale = _axis(root, left, top, plot_width, plot_height, peak)
    step = plot_width / max(1, count - 1)
    for series in chart.series:
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_height - value * scale:.1f}"
            for i, value in enumerate(series.values)
        )
        ET.SubElement(
            root,
            "polyline",
            {"points": points, "fill": "none", "stroke": series.colour, "stroke-width": "2.5"},
        )
        if count <= 31:  # few points: each is marked, so that a single day still shows
            for i, value in enumerate(series.values):
                ET.SubElement(
                    root,
                    "circle",
                    {
                        "cx": f"{left + i * step:.1f}",
                        "cy": f"{top + plot_height - value * scale:.1f}",
                        "r": "3",
                        "fill": series.colour,
                    },
                )
    show = _every(count, plot_width)
    for index, label in enumerate(chart.labels):
        # Every ``show``-th label, and the last one, whose neighbour gives way when too close.
        if (index % show == 0 and count - 1 - index >= show) or index == count - 1:
            _label(
                root, left + index * step, top + plot_height + 16, label, anchor="middle", size="11"
            )
    return root
