"""The issued letter as a PDF (core/pdf.py, WeasyPrint): the event's letterhead (logo,
organisation, address), the number and date of issue, the organisers' text with its placeholders
filled in, the signatory, and a QR code with the verification page's address and the check code.
An English page always, a Thai page after it when the delegate asked for one; Thai dates carry
the Buddhist-era year."""

from __future__ import annotations

import base64

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup, escape

from showcase.core.i18n import country_name, localized
from showcase.core.pdf import qr_png_data_uri, render_pdf
from showcase.core.time import format_date, format_date_range, to_local
from showcase.letters.models import LetterSettings, VisaLetter
from showcase.letters.services.settings import body_of, current_settings
from showcase.mail.services import external_url

PDF_CSS = """
@page { size: A4; margin: 22mm 20mm 20mm 20mm; }
body { font-size: 11pt; line-height: 1.5; color: #111; }
.letter { page-break-after: always; }
.letter:last-child { page-break-after: auto; }
.letterhead { border-bottom: 2px solid #0b3d66; padding-bottom: 6mm; margin-bottom: 8mm; }
.letterhead img { max-height: 22mm; max-width: 60mm; float: right; }
.letterhead .organisation { font-size: 15pt; font-weight: 700; color: #0b3d66; }
.letterhead .address { font-size: 9.5pt; }
.meta { margin-bottom: 6mm; }
.body p { margin: 0 0 4mm 0; text-align: justify; }
.signature { margin-top: 14mm; }
.verify { margin-top: 12mm; border-top: 1px solid #999; padding-top: 4mm; font-size: 9pt; }
.verify img {
  width: 30mm; height: 30mm; float: left; margin-right: 5mm; image-rendering: pixelated;
}
"""


def verification_url(letter: VisaLetter) -> str:
    return external_url(
        "letters.verify", event=letter.event.acronym, number=letter.number, code=letter.check_code
    )


def _logo_uri(settings: LetterSettings) -> str:
    if settings.logo is None:
        return ""
    return f"data:{settings.logo.content_type};base64," + base64.b64encode(
        settings.logo.data
    ).decode("ascii")


def placeholder_values(letter: VisaLetter, settings: LetterSettings, lang: str) -> dict[str, str]:
    event = letter.event
    return {
        "name": letter.passport_name or "",
        "nationality": country_name(letter.nationality, lang),
        "passport_number": letter.passport_number or "",
        "date_of_birth": format_date(letter.date_of_birth, lang=lang) if letter.birth_date else "",
        "arrival": format_date(letter.arrives_on, lang=lang),
        "departure": format_date(letter.departs_on, lang=lang),
        "embassy": letter.embassy,
        "event": localized(event, "name", lang),
        "event_dates": format_date_range(event.starts_on, event.ends_on, lang),
        "venue": ", ".join(
            part
            for part in (localized(event, "venue", lang), localized(event, "address", lang))
            if part
        ),
        "organisation": localized(settings, "organisation", lang),
        "number": letter.number or "",
    }


def letter_body(text: str, values: dict[str, str]) -> Markup:
    """The organisers' text as paragraphs, every placeholder filled with an escaped value."""
    escaped = {name: escape(value) for name, value in values.items()}
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    html = "".join(
        "<p>" + str(escape(paragraph)).format_map(escaped).replace("\n", "<br>") + "</p>"
        for paragraph in paragraphs
    )
    return Markup(html)  # nosec B704 # noqa: S704 - every part escaped above


def _page(letter: VisaLetter, settings: LetterSettings, lang: str, url: str, qr: str) -> Markup:
    html = render_template(
        "letters/letter_page.html",
        letter=letter,
        lang=lang,
        body=letter_body(body_of(settings, lang), placeholder_values(letter, settings, lang)),
        organisation=localized(settings, "organisation", lang)
        or localized(letter.event, "name", lang),
        address=localized(settings, "address", lang),
        signatory=(settings.signatory_name_th if lang == "th" else "") or settings.signatory_name,
        signatory_title=localized(settings, "signatory_title", lang),
        issued_on=format_date(to_local(letter.issued_at, letter.event.timezone), lang=lang),
        logo=_logo_uri(settings),
        qr=qr,
        url=url,
    )
    return Markup(html)  # nosec B704 # noqa: S704 - rendered by our own template, escaped there


def letter_pdf(letter: VisaLetter) -> bytes:
    settings = current_settings(letter.event)
    url = verification_url(letter)
    qr = qr_png_data_uri(url)  # one code for both pages (segno's choice of mask costs ~0.1 s)
    pages = []
    for lang in ("en", "th") if letter.with_thai else ("en",):
        with force_locale(lang):
            pages.append(_page(letter, settings, lang, url, qr))
    html = render_template("letters/letter_pdf.html", pages=pages, letter=letter)
    return render_pdf(html, PDF_CSS)
