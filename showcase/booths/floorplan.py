"""The floor plan as SVG, built from the booth data with ElementTree.

One user unit is one metre (the ``viewBox`` is in metres), so the drawing scales from a phone to a
print-out. Its natural size is ``PIXELS_PER_METRE`` per metre: wide screens fit the plan to the
page, phones show it at that size in a frame that pans, so that booth codes and city names stay
legible on a 360-px screen. A highlighted booth gets a thick ring and a label beside it, drawn
over everything else. Halls are stacked from top to bottom, each with its name above it; booths
are drawn inside their hall with their code, and assigned booths carry the exhibiting city's name
and link to the exhibitor's page. Every booth has a ``<title>`` for screen readers and tooltips.

Text that cities typed is only ever set as element text or attribute values, which ElementTree
escapes; characters XML cannot carry are dropped first. The strict Content-Security-Policy
forbids ``style`` attributes and ``<style>`` elements, so colours and fonts are SVG presentation
attributes (``fill``, ``stroke``, ``font-size``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext, ngettext
from markupsafe import Markup

from showcase.booths.models import Booth, BoothApplication, BoothState, Hall
from showcase.core.i18n import localized

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans Thai', 'Leelawadee UI', sans-serif"
MARGIN = 1.0
HALL_LABEL = 2.0  # room above each hall for its name
HALL_GAP = 1.5
LEGEND_FONT = 0.8
LEGEND_ROW = 1.4
# The plan's natural size: 0.8-m booth codes at 19 px and 0.55-m city names at 13 px.
PIXELS_PER_METRE = 24
HIGHLIGHT_LABEL_FONT = 0.8

DARK_TEXT = "#1d2730"
LIGHT_TEXT = "#ffffff"
GENERAL_FILL = "#e9ecef"
GENERAL_STROKE = "#495057"
UNAVAILABLE_FILL = "#adb5bd"
HALL_FILL = "#f8f9fa"
HALL_STROKE = "#495057"
HIGHLIGHT = "#d6336c"

# Organiser colours by state: (fill, stroke, text).
STATE_COLOURS = {
    BoothState.FREE: ("#d1e7dd", "#146c43", DARK_TEXT),
    BoothState.HELD: ("#fff3cd", "#997404", DARK_TEXT),
    BoothState.ASSIGNED: ("#0b3d66", "#0b3d66", LIGHT_TEXT),
    BoothState.BLOCKED: ("#6c757d", "#495057", LIGHT_TEXT),
}

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can carry (control characters removed)."""
    return _NOT_XML.sub("", str(value))


def metres(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class PlanLinks:
    """Where booths link to; ``None`` for no link."""

    exhibitor: Callable[[BoothApplication], str] | None = None
    booth: Callable[[Booth], str] | None = None


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(
        parent,
        tag,
        {name.rstrip("_").replace("_", "-"): xml_text(value) for name, value in attributes.items()},
    )
    if text is not None:
        element.text = xml_text(text)
    return element


def _outline(parent, class_: str, x: float, y: float, booth, margin: float, stroke, width):
    """A ring ``margin`` metres outside the booth's rectangle (the highlight's two lines)."""
    _el(
        parent,
        "rect",
        class_=class_,
        x=metres(x - margin),
        y=metres(y - margin),
        width=metres(booth.width + 2 * margin),
        height=metres(booth.depth + 2 * margin),
        fill="none",
        stroke=stroke,
        stroke_width=width,
    )


def _fit(text: str, width: float, font_size: float) -> str:
    """Cut ``text`` so that it fits ``width`` metres at ``font_size`` (an estimate)."""
    room = max(1, int((width - 0.3) / (font_size * 0.56)))
    return text if len(text) <= room else text[: max(1, room - 1)].rstrip() + "…"


def _lines(text: str, width: float, font_size: float) -> list[str]:
    """One line, or two split at a space, each cut to fit ``width``."""
    if _fit(text, width, font_size) == text or " " not in text:
        return [_fit(text, width, font_size)]
    words = text.split(" ")
    best = min(
        range(1, len(words)),
        key=lambda cut: abs(len(" ".join(words[:cut])) - len(" ".join(words[cut:]))),
    )
    return [
        _fit(" ".join(words[:best]), width, font_size),
        _fit(" ".join(words[best:]), width, font_size),
    ]


class FloorPlan:
    def __init__(
        self,
        halls: Sequence[Hall],
        tracks: Sequence,
        organiser: bool = False,
        highlight: str | None = None,
        links: PlanLinks | None = None,
        id_prefix: str = "fp",
        counts: Mapping[str, int] | None = None,
    ) -> None:
        # ``counts``: a number per booth code (the booth traffic of showcase/leads), written on
        # each booth under its code and in its title.
        self.counts = counts
        self.halls = list(halls)
        self.tracks = {track.id: track for track in tracks}
        self.track_list = list(tracks)
        self.organiser = organiser
        self.links = links or PlanLinks()
        codes = {booth.code for hall in self.halls for booth in hall.booths}
        self.highlight = highlight.strip().upper() if highlight else None
        if self.highlight not in codes:
            self.highlight = None
        self.id_prefix = id_prefix

    # Colours ----------------------------------------------------------------------------------

    def zone_colour(self, booth: Booth) -> str:
        track = self.tracks.get(booth.track_id)
        return track.colour if track is not None else GENERAL_STROKE

    def zone_name(self, booth: Booth) -> str:
        track = self.tracks.get(booth.track_id)
        return track.name if track is not None else gettext("General")

    def booth_colours(self, booth: Booth) -> tuple[str, str, str]:
        """(fill, stroke, text colour)."""
        state = booth.state
        if self.organiser:
            return STATE_COLOURS[state]
        if state == BoothState.ASSIGNED:
            track = self.tracks.get(booth.track_id)
            if track is None:
                return (GENERAL_STROKE, GENERAL_STROKE, LIGHT_TEXT)
            return (track.colour, track.colour, LIGHT_TEXT)
        if state == BoothState.FREE:
            return ("#ffffff", self.zone_colour(booth), DARK_TEXT)
        return (UNAVAILABLE_FILL, "#6c757d", DARK_TEXT)

    # Text -------------------------------------------------------------------------------------

    def booth_title(self, booth: Booth) -> str:
        hall = booth.hall
        parts = [
            gettext("Booth %(code)s", code=booth.code),
            gettext("%(zone)s zone", zone=self.zone_name(booth)),
            localized(hall, "name"),
            gettext(
                "%(width)s × %(depth)s m", width=metres(booth.width), depth=metres(booth.depth)
            ),
        ]
        state = booth.state
        exhibitor = booth.exhibitor
        if exhibitor is not None:
            city = localized(exhibitor.city, "name")
            title = localized(exhibitor, "title")
            parts.append(f"{city}: {title}" if title else city)
        elif self.organiser or state == BoothState.FREE:
            parts.append(state.label)
        else:
            parts.append(gettext("Not available"))
        if self.organiser and booth.note:
            parts.append(booth.note)
        if self.counts is not None:
            count = self.counts.get(booth.code, 0)
            parts.append(ngettext("%(num)d visitor scanned", "%(num)d visitors scanned", count))
        return " · ".join(parts)

    # Drawing ----------------------------------------------------------------------------------

    def size(self) -> tuple[float, float]:
        width = max([hall.width for hall in self.halls] or [20.0]) + 2 * MARGIN
        height = MARGIN
        for hall in self.halls:
            height += HALL_LABEL + hall.depth + HALL_GAP
        return width, height

    def build(self) -> ET.Element:
        width, plan_height = self.size()
        legend = self.legend_items()
        legend_rows = self._legend_layout(legend, width)
        height = plan_height + len(legend_rows) * LEGEND_ROW + MARGIN
        prefix = self.id_prefix
        root = ET.Element(
            "svg",
            {
                "xmlns": SVG_NS,
                "viewBox": f"0 0 {metres(width)} {metres(height)}",
                "width": metres(width * PIXELS_PER_METRE),
                "height": metres(height * PIXELS_PER_METRE),
                "preserveAspectRatio": "xMidYMin meet",
                "font-family": FONT,
                "class": "floorplan-svg",
                "aria-labelledby": f"{prefix}-title {prefix}-desc",
            },
        )
        booths = [booth for hall in self.halls for booth in hall.booths]
        assigned = sum(1 for booth in booths if booth.state == BoothState.ASSIGNED)
        title = gettext("Floor plan") if not self.organiser else gettext("Floor plan by status")
        _el(root, "title", title, id=f"{prefix}-title")
        description = (
            ngettext("%(num)d hall", "%(num)d halls", len(self.halls))
            + ", "
            + ngettext(
                "%(num)d booth, %(assigned)d with an exhibitor.",
                "%(num)d booths, %(assigned)d with an exhibitor.",
                len(booths),
                assigned=assigned,
            )
        )
        if self.highlight:
            description += " " + gettext("Booth %(code)s is highlighted.", code=self.highlight)
        _el(root, "desc", description, id=f"{prefix}-desc")
        _el(root, "rect", x="0", y="0", width=metres(width), height=metres(height), fill="#ffffff")

        top = MARGIN
        self.highlight_at: tuple[float, float, Booth] | None = None
        for hall in self.halls:
            self.draw_hall(root, hall, MARGIN, top)
            top += HALL_LABEL + hall.depth + HALL_GAP
        self.draw_legend(root, legend_rows, top)
        self.draw_highlight_label(root, width)
        return root

    def draw_highlight_label(self, root: ET.Element, plan_width: float) -> None:
        """The highlighted booth's code in white on the highlight colour, on top of everything:
        above the booth, or below it where the space above is another booth (back-to-back rows)
        or the top of the plan."""
        if self.highlight_at is None:
            return
        x, y, booth = self.highlight_at
        size = HIGHLIGHT_LABEL_FONT
        label_width = len(booth.code) * size * 0.62 + 0.8
        label_height = size * 1.5
        left = min(max(x + booth.width / 2 - label_width / 2, 0.1), plan_width - label_width - 0.1)
        above = y - 0.45 - label_height
        below = y + booth.depth + 0.45
        neighbours = [
            (other.x - booth.x + x, other.y - booth.y + y, other.width, other.depth)
            for other in booth.hall.booths
            if other.id != booth.id
        ]

        def covers_a_booth(top: float) -> bool:
            return any(
                bx < left + label_width
                and left < bx + bw
                and by < top + label_height
                and top < by + bd
                for bx, by, bw, bd in neighbours
            )

        top = above
        if above < 0.1 or (covers_a_booth(above) and not covers_a_booth(below)):
            top = below
        group = _el(root, "g", class_="highlight-label", aria_hidden="true")
        _el(
            group,
            "rect",
            x=metres(left),
            y=metres(top),
            width=metres(label_width),
            height=metres(label_height),
            rx="0.25",
            fill=HIGHLIGHT,
        )
        _el(
            group,
            "text",
            booth.code,
            x=metres(left + label_width / 2),
            y=metres(top + label_height / 2 + size * 0.35),
            font_size=metres(size),
            font_weight="bold",
            text_anchor="middle",
            fill=LIGHT_TEXT,
        )

    def draw_hall(self, root: ET.Element, hall: Hall, left: float, top: float) -> None:
        group = _el(root, "g", class_="hall", data_hall=hall.code)
        _el(
            group,
            "text",
            localized(hall, "name"),
            x=metres(left),
            y=metres(top + HALL_LABEL - 0.5),
            font_size="1.1",
            font_weight="bold",
            fill=DARK_TEXT,
        )
        origin_y = top + HALL_LABEL
        _el(
            group,
            "rect",
            class_="hall-shape",
            x=metres(left),
            y=metres(origin_y),
            width=metres(hall.width),
            height=metres(hall.depth),
            fill=HALL_FILL,
            stroke=HALL_STROKE,
            stroke_width="0.15",
        )
        for booth in hall.booths:
            self.draw_booth(group, booth, left + booth.x, origin_y + booth.y)

    def draw_booth(self, parent: ET.Element, booth: Booth, x: float, y: float) -> None:
        fill, stroke, text_colour = self.booth_colours(booth)
        state = booth.state
        group = _el(
            parent,
            "g",
            class_="booth",
            id=f"{self.id_prefix}-booth-{booth.code}",
            data_code=booth.code,
            data_status=state.value,
            data_zone=booth.zone_slug,
        )
        target = None
        if self.organiser and self.links.booth is not None:
            target = self.links.booth(booth)
        elif booth.exhibitor is not None and self.links.exhibitor is not None:
            target = self.links.exhibitor(booth.exhibitor)
        container = group
        title = self.booth_title(booth)
        if target:
            container = _el(group, "a", href=target, aria_label=title)
        _el(container, "title", title)
        highlighted = booth.code == self.highlight
        if highlighted:
            self.highlight_at = (x, y, booth)
            _outline(container, "highlight-ring", x, y, booth, 0.35, HIGHLIGHT, "0.3")
            # A white line inside the ring, so that it stands out on any zone colour.
            _outline(container, "highlight-halo", x, y, booth, 0.12, LIGHT_TEXT, "0.12")
        _el(
            container,
            "rect",
            class_="booth-shape",
            x=metres(x + 0.05),
            y=metres(y + 0.05),
            width=metres(booth.width - 0.1),
            height=metres(booth.depth - 0.1),
            fill=fill,
            stroke=stroke,
            stroke_width="0.12" if state == BoothState.ASSIGNED else "0.2",
        )
        if self.organiser:
            # The zone as a strip along the top edge, since the fill shows the status.
            _el(
                container,
                "rect",
                class_="zone-strip",
                x=metres(x + 0.05),
                y=metres(y + 0.05),
                width=metres(booth.width - 0.1),
                height=metres(min(0.35, booth.depth / 5)),
                fill=self.zone_colour(booth),
            )
        code_size = min(0.8, booth.width / 3.6, booth.depth / 2.6)
        exhibitor = booth.exhibitor
        name_size = min(0.55, booth.width / 5.5, booth.depth / 4)
        centre_x = x + booth.width / 2
        code_y = y + booth.depth / 2 + (code_size * 0.1 if exhibitor is None else -code_size * 0.2)
        _el(
            container,
            "text",
            booth.code,
            x=metres(centre_x),
            y=metres(code_y),
            font_size=metres(code_size),
            font_weight="bold",
            text_anchor="middle",
            fill=text_colour,
        )
        if self.counts is not None:
            _el(
                container,
                "text",
                str(self.counts.get(booth.code, 0)),
                class_="booth-count",
                x=metres(centre_x),
                y=metres(y + booth.depth - 0.25),
                font_size=metres(name_size),
                font_weight="bold",
                text_anchor="middle",
                fill=text_colour,
            )
        if exhibitor is not None:
            city = localized(exhibitor.city, "name")
            for number, line in enumerate(_lines(city, booth.width, name_size)):
                _el(
                    container,
                    "text",
                    line,
                    class_="booth-city",
                    x=metres(centre_x),
                    y=metres(code_y + name_size * (1.5 + 1.15 * number)),
                    font_size=metres(name_size),
                    text_anchor="middle",
                    fill=text_colour,
                )

    # Legend -----------------------------------------------------------------------------------

    def legend_items(self) -> list[tuple[str, str, str]]:
        """(fill, stroke, label) for each entry."""
        items: list[tuple[str, str, str]] = []
        if self.organiser:
            for state, (fill, stroke, _text) in STATE_COLOURS.items():
                items.append((fill, stroke, state.label))
        else:
            used = {booth.track_id for hall in self.halls for booth in hall.booths}
            for track in self.track_list:
                if track.id in used:
                    items.append((track.colour, track.colour, track.name))
            if None in used:
                items.append((GENERAL_STROKE, GENERAL_STROKE, gettext("General")))
            items.append(
                ("#ffffff", GENERAL_STROKE, gettext("Free booth (outline in zone colour)"))
            )
            items.append((UNAVAILABLE_FILL, "#6c757d", gettext("Not available")))
        if self.highlight:
            items.append(("none", HIGHLIGHT, gettext("Booth %(code)s", code=self.highlight)))
        return items

    def _legend_layout(self, items, width: float) -> list[list[tuple[float, tuple]]]:
        rows: list[list[tuple[float, tuple]]] = [[]]
        cursor = MARGIN
        for item in items:
            item_width = 1.4 + len(item[2]) * LEGEND_FONT * 0.52 + 1.0
            if rows[-1] and cursor + item_width > width - MARGIN:
                rows.append([])
                cursor = MARGIN
            rows[-1].append((cursor, item))
            cursor += item_width
        return rows if rows[0] else []

    def draw_legend(self, root: ET.Element, rows, top: float) -> None:
        if not rows:
            return
        group = _el(root, "g", class_="legend")
        _el(group, "title", gettext("Legend"))
        for index, row in enumerate(rows):
            y = top + index * LEGEND_ROW
            for x, (fill, stroke, label) in row:
                _el(
                    group,
                    "rect",
                    class_="legend-swatch",
                    x=metres(x),
                    y=metres(y),
                    width="1",
                    height="1",
                    fill=fill,
                    stroke=stroke,
                    stroke_width="0.15",
                )
                _el(
                    group,
                    "text",
                    label,
                    x=metres(x + 1.4),
                    y=metres(y + 0.8),
                    font_size=metres(LEGEND_FONT),
                    fill=DARK_TEXT,
                )


def render_floorplan(halls: Sequence[Hall], tracks: Sequence, **options) -> str:
    """The SVG element as a string (without an XML declaration), for a page or a file."""
    root = FloorPlan(halls, tracks, **options).build()
    return ET.tostring(root, encoding="unicode")


def render_floorplan_markup(halls: Sequence[Hall], tracks: Sequence, **options) -> Markup:
    """The SVG for inlining in a page. ElementTree escapes every text and attribute it writes,
    so the string it builds is safe markup; this is the one place that says so."""
    return Markup(render_floorplan(halls, tracks, **options))  # nosec B704 # noqa: S704
