"""PDFs: Thai shaped and extractable with the fonts Showcase ships, nothing fetched from outside."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from pypdf import PdfReader

from showcase.core.pdf import FONT_DIR, is_allowed, render_pdf


def fonts_of(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_pdf_text_extracts_as_the_thai_and_latin_characters_written():
    pdf = render_pdf("<h1>หนังสือเชิญ นางสาวสมศรี ใจดี</h1><p>Ms Somsri Jaidee, Łódź · ขอนแก่น ๒๕๗๐</p>")
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "หนังสือเชิญ นางสาวสมศรี ใจดี" in text
    assert "Ms Somsri Jaidee, Łódź · ขอนแก่น ๒๕๗๐" in text
    assert fonts_of(reader) == {
        "Sarabun-Thai-Bold",
        "Sarabun-Latin",
        "Sarabun-Latin-Ext",
        "Sarabun-Thai",
    }


def test_pdf_fonts_ship_with_their_licence():
    assert (FONT_DIR / "OFL.txt").read_text().count("SIL Open Font License") >= 1
    assert sorted(p.name for p in FONT_DIR.glob("*.woff2")) == [
        f"sarabun-{subset}-{weight}-normal.woff2"
        for subset in ("latin", "latin-ext", "thai")
        for weight in (400, 700)
    ]


def test_pdf_never_fetches_from_the_network():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        pdf = render_pdf(
            f'<link rel="stylesheet" href="{url}/x.css"><img src="{url}/logo.png"><p>Hello</p>',
            css=f"@import url({url}/more.css); body {{ background: url({url}/bg.png) }}",
        )
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF")
    assert hits == []
    assert not is_allowed(f"{url}/logo.png")
    assert not is_allowed("file:///etc/passwd")
    assert is_allowed((FONT_DIR / "OFL.txt").as_uri())
