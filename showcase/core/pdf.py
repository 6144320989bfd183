"""PDFs made on the server (letters, badges) with WeasyPrint, whose Pango and HarfBuzz shape Thai
correctly, and the fonts Showcase ships, so that a PDF looks the same on every machine.

The fonts are Sarabun (the typeface of Thai official documents; SIL Open Font License, from the
npm package @fontsource/sarabun 5.3.0, see static/fonts/sarabun/OFL.txt) in three families by
script: "Sarabun Latin", "Sarabun Latin Ext" and "Sarabun Thai". Keeping one family per file gives
each embedded font its own name, so that the text of the PDF extracts as the right characters.

Thai SARA AM (ำ) is written out as NIKHAHIT + SARA AA (its Unicode compatibility decomposition)
before rendering: HarfBuzz draws ำ with the glyph of SARA AA, and WeasyPrint maps each glyph to
the first text it drew, so one ำ would make every later า extract as ำ. Written out, each glyph
maps to its own character and the text extracts as the NFKC form of what was written.

Rendering never touches the network: the only resources a document may load are files under
``static/`` and ``data:`` URIs; anything else is refused.
"""

from __future__ import annotations

import atexit
import base64
import io
import re
import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from PIL import Image

STATIC = Path(__file__).resolve().parent.parent / "static"
FONT_DIR = STATIC / "fonts" / "sarabun"
FONT_STACK = '"Sarabun Latin", "Sarabun Latin Ext", "Sarabun Thai"'
QR_BORDER = 2  # modules of white around a QR code (the quiet zone)
_FAMILIES = {"Sarabun Latin": "latin", "Sarabun Latin Ext": "latin-ext", "Sarabun Thai": "thai"}
_WEIGHTS = (400, 700)

# One document at a time per process: the font configuration is shared between renders.
_render_lock = threading.Lock()


# Tone marks between the consonant and ำ go after NIKHAHIT, where HarfBuzz's Thai shaper puts them.
_SARA_AM = re.compile("([\u0e48-\u0e4b]*)\u0e33")


def decompose_sara_am(text: str) -> str:
    return _SARA_AM.sub("\u0e4d\\1\u0e32", text)


class ResourceRefused(ValueError):
    """A document asked for something other than a shipped file or a data: URI."""


def font_face_css() -> str:
    rules = []
    for family, subset in _FAMILIES.items():
        for weight in _WEIGHTS:
            path = FONT_DIR / f"sarabun-{subset}-{weight}-normal.woff2"
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'font-style: normal; src: url("{path.as_uri()}") format("woff2"); }}'
            )
    return "\n".join(rules) + f"\nhtml {{ font-family: {FONT_STACK}; }}\n"


def is_allowed(url: str) -> bool:
    """Only shipped files and data: URIs may go into a PDF."""
    if url.startswith("data:"):
        return True
    if url.startswith("file://"):
        path = Path(unquote(urlsplit(url).path)).resolve()
        return path.is_relative_to(STATIC) and path.is_file()
    return False


@cache
def _fetcher():
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not is_allowed(url):
                raise ResourceRefused(f"a PDF may not load {url[:100]!r}")
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols=("file", "data"), allow_redirects=False)


@cache
def _fonts():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    return config, CSS(string=font_face_css(), font_config=config, url_fetcher=_fetcher())


# Drop the font configuration while the interpreter is still whole (its clean-up needs it).
atexit.register(_fonts.cache_clear)


def render_pdf(html: str, css: str = "") -> bytes:
    """The PDF of an HTML document, with the shipped fonts and an optional style sheet."""
    from weasyprint import CSS, HTML

    html = decompose_sara_am(html)
    with _render_lock:
        config, fonts = _fonts()
        sheets = [fonts]
        if css:
            sheets.append(CSS(string=css, font_config=config, url_fetcher=_fetcher()))
        document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=_fetcher())
        return document.write_pdf(stylesheets=sheets, font_config=config)


def pdf_response(data: bytes, filename: str, *, inline: bool = False):
    """A PDF for the browser to save as ``filename``, or with ``inline`` to show it."""
    from flask import Response

    response = Response(data, mimetype="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def qr_png_data_uri(payload: str, mask: int | None = None) -> str:
    """The payload's QR code as a PNG ``data:`` URI, one pixel a module with a quiet zone of
    ``QR_BORDER`` modules, for an ``<img>`` that CSS scales up with ``image-rendering:
    pixelated``. A raster keeps the code a barcode reader (and a test) can read from the PDF;
    a fixed ``mask`` saves segno choosing the best of eight when thousands are drawn."""
    qr = segno.make_qr(payload, error="m", mask=mask)
    size = len(qr.matrix) + 2 * QR_BORDER
    white = bytes([255]) * size
    margin = bytes([255]) * QR_BORDER
    rows = [white] * QR_BORDER
    for row in qr.matrix:
        rows.append(margin + bytes(0 if dark else 255 for dark in row) + margin)
    rows.extend([white] * QR_BORDER)
    buffer = io.BytesIO()
    Image.frombytes("L", (size, size), b"".join(rows)).convert("1").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
