"""Badges as one PDF in a chosen layout: the one badge card of ``registration/_badge.html`` (the
same markup as the badge page and the delegation's badges), laid out for A6 pages, for A4 sheets
of four A6 badges with crop marks on the cut lines, or for CR80 cards (85.6 × 54 mm).

A run of thousands of badges is one HTML document rendered once, with the fonts core/pdf.py
loads once per process. Its QR codes are tiny PNG images (one pixel a module, drawn without
smoothing at any size), which WeasyPrint places far faster than it parses an SVG path, and they
are made with a fixed mask pattern: choosing the best of the eight masks costs segno most of its
time, and any mask scans (the payload is short and the error correction medium).

WeasyPrint lays a badge out in some 35 ms of one CPU, so a run of more than ``PART_BADGES``
badges is cut into one part per CPU, each rendered by a process of its own (started afresh, so
no lock or font state is shared with the web server's threads), and the parts are joined into
the one PDF in their order.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from flask import render_template
from markupsafe import Markup
from pypdf import PdfWriter

from showcase.badges.models import BadgeLayout
from showcase.core.pdf import qr_png_data_uri, render_pdf
from showcase.events.models import Event
from showcase.registration.models import Registration


@dataclass(frozen=True)
class BadgeCard:
    """What one printed badge shows: the person, the payload of its QR code, and the QR code
    (drawn by ``badges_pdf`` when none is given)."""

    registration: Registration
    payload: str
    qr: str | None = None


QR_MASK = 2


def qr_image(payload: str) -> Markup:
    """The payload's QR code as an ``<img>`` of a PNG data URI, one pixel a module."""
    return Markup(f'<img src="{qr_png_data_uri(payload, QR_MASK)}" alt="">')  # nosec B704 # noqa: S704 - our own image


CARD_CSS = """
body { margin: 0; color: #111; }
code { font-family: inherit; }
.badge-card { box-sizing: border-box; overflow: hidden; text-align: center; margin: 0;
  hyphens: manual; }
.badge-card p, .badge-card h1, .badge-card h2, .badge-card figure { margin: 0; }
.badge-band { color: #fff; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em;
  border-radius: 2mm; background: #0b3d66; }
.badge-kind-vip .badge-band { background: #8a1538; }
.badge-kind-speaker .badge-band { background: #5b2a86; }
.badge-kind-exhibitor .badge-band { background: #1e5e2f; }
.badge-kind-media .badge-band { background: #8a4500; }
.badge-kind-organiser .badge-band { background: #222; }
.badge-event { color: #0b3d66; }
.badge-name { font-weight: 700; line-height: 1.15; }
.badge-head { border: 0.5mm solid #8a1538; color: #8a1538; font-weight: 700; }
.badge-category { color: #0b3d66; font-weight: 700; border-top: 0.3mm solid #0b3d66;
  border-bottom: 0.3mm solid #0b3d66; }
.badge-qr img { display: block; width: 100%; image-rendering: pixelated; }
"""

A6_CARD_CSS = """
.badge-card { width: 105mm; height: 148mm; padding: 6mm 7mm 5mm; }
.badge-band { padding: 2mm; font-size: 13pt; margin-bottom: 3mm; }
.badge-event { font-size: 9pt; margin-bottom: 3mm; }
.badge-honorific { font-size: 11pt; }
.badge-name { font-size: 22pt; margin-bottom: 1mm; }
.badge-name-th { font-size: 17pt; margin-bottom: 1.5mm; }
.badge-organisation { font-size: 10pt; }
.badge-city { font-size: 12pt; font-weight: 700; margin: 1mm 0; }
.badge-head { padding: 0.5mm 3mm; margin: 1mm 8mm; font-size: 10pt; }
.badge-category { padding: 0.8mm 3mm; margin: 1mm 8mm; font-size: 10pt; }
.badge-qr { width: 36mm; margin: 2mm auto 0.5mm; }
.badge-payload { font-size: 8pt; }
"""

LAYOUT_CSS = {
    BadgeLayout.A6: "@page { size: A6 portrait; margin: 0; }\n"
    + A6_CARD_CSS
    + ".badge-card { page-break-after: always; }\n"
    ".badge-card:last-child { page-break-after: auto; }\n",
    # Four A6 badges fill the A4 sheet exactly; the crop marks sit on the two cut lines.
    BadgeLayout.A4_SHEET: "@page { size: A4 portrait; margin: 0; }\n"
    + A6_CARD_CSS
    + """
.sheet { position: relative; width: 210mm; height: 297mm; page-break-after: always; }
.sheet:last-child { page-break-after: auto; }
.slot { position: absolute; width: 105mm; height: 148.5mm; }
.slot-0 { top: 0; left: 0; } .slot-1 { top: 0; left: 105mm; }
.slot-2 { top: 148.5mm; left: 0; } .slot-3 { top: 148.5mm; left: 105mm; }
.crop { position: absolute; background: #000; }
.crop-top, .crop-bottom, .crop-centre-v { left: 104.9mm; width: 0.2mm; height: 5mm; }
.crop-top { top: 0; } .crop-bottom { top: 292mm; } .crop-centre-v { top: 146mm; }
.crop-left, .crop-right, .crop-centre-h { top: 148.4mm; height: 0.2mm; width: 5mm; }
.crop-left { left: 0; } .crop-right { left: 205mm; } .crop-centre-h { left: 102.5mm; }
""",
    # A credit-card-sized card, landscape: the band across the top, the text on the left, the
    # QR code on the right.
    BadgeLayout.CR80: """
@page { size: 85.6mm 54mm; margin: 0; }
.badge-card { position: relative; width: 85.6mm; height: 54mm; padding: 2.5mm 3mm;
  text-align: left; page-break-after: always; }
.badge-card:last-child { page-break-after: auto; }
.badge-band { padding: 0.8mm 2mm; font-size: 8pt; margin-bottom: 1.2mm; text-align: center; }
.badge-event { font-size: 5.5pt; margin-bottom: 0.8mm; margin-right: 26mm; }
.badge-honorific { font-size: 7pt; margin-right: 26mm; }
.badge-name { font-size: 11pt; margin-right: 26mm; }
.badge-name-th { font-size: 9.5pt; margin-right: 26mm; }
.badge-organisation { font-size: 6pt; margin-right: 26mm; max-height: 5mm; overflow: hidden; }
.badge-city { font-size: 7.5pt; font-weight: 700; margin-right: 26mm; }
.badge-head { padding: 0.2mm 1.5mm; margin: 0.5mm 26mm 0 0; font-size: 6pt; }
.badge-category { padding: 0.3mm 1.5mm; margin: 0.5mm 26mm 0 0; font-size: 6pt; }
.badge-qr { position: absolute; right: 3mm; top: 13mm; width: 24mm; }
.badge-payload { position: absolute; right: 3mm; top: 47.5mm; width: 24mm; font-size: 4.5pt;
  text-align: center; }
""",
}


# Runs of up to this many badges are rendered in the request's own process.
PART_BADGES = 300


def _processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _parts(cards: Sequence[BadgeCard], layout: BadgeLayout) -> list[Sequence[BadgeCard]]:
    """``cards`` in consecutive parts, one per CPU for a long run, each a whole number of
    pages (a sheet holds four badges)."""
    count = min(_processes(), math.ceil(len(cards) / PART_BADGES))
    if count <= 1:
        return [cards]
    per_page = 4 if layout == BadgeLayout.A4_SHEET else 1
    size = math.ceil(len(cards) / count / per_page) * per_page
    return [cards[start : start + size] for start in range(0, len(cards), size)]


def _joined(pdfs: list[bytes]) -> bytes:
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def badges_pdf(event: Event, cards: Sequence[BadgeCard], layout: BadgeLayout, title: str) -> bytes:
    """One PDF of ``cards`` in ``layout`` (in the order given)."""
    css = CARD_CSS + LAYOUT_CSS[layout]
    parts = _parts(cards, layout)
    if len(parts) == 1:
        return render_pdf(_html(event, _with_qr(cards, map), layout, title), css)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(parts), mp_context=context) as pool:
        drawn = _with_qr(cards, lambda draw, payloads: pool.map(draw, payloads, chunksize=200))
        htmls = [_html(event, part, layout, title) for part in _parts(drawn, layout)]
        pdfs = list(pool.map(render_pdf, htmls, [css] * len(htmls)))
    return _joined(pdfs)


def _with_qr(cards: Sequence[BadgeCard], mapper) -> list[BadgeCard]:
    """``cards`` with a QR code each, those missing drawn with ``mapper`` (``map`` or a pool's)."""
    missing = [card.payload for card in cards if card.qr is None]
    drawn = iter(mapper(qr_image, missing))
    return [card if card.qr is not None else replace(card, qr=next(drawn)) for card in cards]


def _html(event: Event, cards: Sequence[BadgeCard], layout: BadgeLayout, title: str) -> str:
    return render_template(
        "badges/sheet_pdf.html", event=event, cards=cards, layout=layout, title=title
    )
