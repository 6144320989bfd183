"""A delegation's badges as one PDF: A6 cards, one per page, with the category's colour band, the
name in both scripts, the city and the head-of-delegation mark (core/pdf.py renders it with the
shipped Thai fonts, nothing fetched from outside)."""

from __future__ import annotations

from flask import render_template

from showcase.core.pdf import render_pdf

BADGE_CSS = """
@page { size: A6 portrait; margin: 5mm; }
body { margin: 0; color: #111; }
.badge-card { page-break-after: always; text-align: center; border: 2px solid #0b3d66;
  border-radius: 6px; padding: 0 4mm 3mm; height: 128mm; box-sizing: border-box; }
.badge-card:last-child { page-break-after: auto; }
.badge-band { margin: 0 -4mm 3mm; padding: 2mm; color: #fff; font-weight: 700;
  text-transform: uppercase; letter-spacing: 0.05em; background: #0b3d66; }
.badge-kind-vip .badge-band { background: #8a1538; }
.badge-kind-speaker .badge-band { background: #5b2a86; }
.badge-kind-exhibitor .badge-band { background: #1e5e2f; }
.badge-kind-media .badge-band { background: #8a4500; }
.badge-kind-organiser .badge-band { background: #222; }
.badge-event { font-size: 9pt; color: #0b3d66; margin: 0 0 2mm; }
.badge-honorific { font-size: 10pt; margin: 0; }
.badge-name { font-size: 18pt; margin: 0 0 1mm; }
.badge-name-th { font-size: 14pt; margin: 0 0 1mm; }
.badge-line { font-size: 10pt; margin: 0 0 1mm; }
.badge-head { display: inline-block; border: 2px solid #8a1538; color: #8a1538;
  font-weight: 700; padding: 0.5mm 3mm; margin: 1mm 0; }
.badge-category { display: inline-block; background: #0b3d66; color: #fff; font-weight: 700;
  padding: 1mm 3mm; margin: 1mm 0; }
.badge-qr { width: 36mm; margin: 2mm auto 0; }
.badge-qr svg { width: 36mm; height: 36mm; }
.badge-payload { font-size: 8pt; margin: 0; }
"""


def badges_pdf(delegation, cards) -> bytes:
    """``cards``: (member, payload, QR SVG) of each confirmed member, in protocol order."""
    html = render_template("delegations/badges_pdf.html", delegation=delegation, cards=cards)
    return render_pdf(html, BADGE_CSS)
