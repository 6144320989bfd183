"""The issued letter as a PDF: its text (read back with pypdf) carries the name as in the
passport, the letter's number, the travel dates and the check code; the Thai page extracts as
the right Thai characters with Buddhist-era years; the organisers' text and placeholders."""

from __future__ import annotations

import unicodedata

import pytest

from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError
from showcase.letters.document import letter_pdf
from showcase.letters.services.settings import check_template, current_settings, save_settings
from tests import factories
from tests.letters.helpers import delegate, issued_letter, pdf_text

LETTERHEAD = {
    "requests_open": True,
    "organisation_en": "Digital Economy Promotion Agency (depa)",
    "organisation_th": "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
    "address_en": "80 Lat Phrao Soi 4, Bangkok 10900",
    "address_th": "80 ซอยลาดพร้าว 4 กรุงเทพมหานคร 10900",
    "signatory_name": "Dr Nuttapon Nimmanphatcharin",
    "signatory_name_th": "ดร.ณัฐพล นิ่มมณีพัชรินทร์",
    "signatory_title_en": "President and CEO",
    "signatory_title_th": "ผู้อำนวยการใหญ่",
    "body_en": "",
    "body_th": "",
    "retention_days": 30,
}


def test_letter_pdf_text_has_the_name_number_dates_and_check_code(ctx):
    event = factories.event()
    with unit_of_work():
        save_settings(event, LETTERHEAD)
    letter = issued_letter(delegate(event))

    pages = pdf_text(letter_pdf(letter))

    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert letter.number == "WSCS2027-0001"
    assert "Letter No. WSCS2027-0001" in text
    assert "LINDQVIST ERIK JOHAN" in text
    assert "AA1234567" in text
    assert "24 January 2027" in text and "29 January 2027" in text  # arrival, departure
    assert "14 March 1981" in text
    assert "Sweden" in text and "Royal Thai Embassy, Stockholm" in text
    assert letter.check_code in text
    assert "Digital Economy Promotion Agency (depa)" in text
    assert "Dr Nuttapon Nimmanphatcharin" in text
    assert "http://showcase.test/wscs2027/letters/WSCS2027-0001" in text


def nfkc(text: str) -> str:
    """Thai as the PDF's text layer carries it: ำ written out as ํ + า (core/pdf.py)."""
    return unicodedata.normalize("NFKC", text)


def test_thai_page_extracts_as_thai_with_buddhist_era_dates(ctx):
    event = factories.event()
    with unit_of_work():
        save_settings(event, LETTERHEAD)
    letter = issued_letter(delegate(event), with_thai=True)

    english, thai = pdf_text(letter_pdf(letter))

    thai = " ".join(thai.split())
    assert "งาน" in thai and "งำน" not in thai  # า never extracts as ำ
    assert nfkc("สำนักงานส่งเสริมเศรษฐกิจดิจิทัล") in nfkc(thai)
    assert "ขอเรียนเชิญ LINDQVIST ERIK JOHAN สัญชาติ สวีเดน" in thai
    assert "24 มกราคม 2570" in thai  # 2027 CE is 2570 BE
    assert "ดร.ณัฐพล นิ่มมณีพัชรินทร์" in thai
    assert "WSCS2027-0001" in thai
    assert "2570" not in english


def test_organisers_text_fills_placeholders_with_escaped_values(ctx):
    event = factories.event()
    with unit_of_work():
        save_settings(
            event,
            {
                **LETTERHEAD,
                "body_en": "Dear {embassy},\n\nPlease admit {name} ({nationality}) from {arrival}.",
            },
        )
    letter = issued_letter(delegate(event), embassy="Consulate <b>General</b> of Thailand")

    text = " ".join(pdf_text(letter_pdf(letter))[0].split())

    assert "Dear Consulate <b>General</b> of Thailand," in text
    assert "Please admit LINDQVIST ERIK JOHAN (Sweden) from 24 January 2027." in text
    assert current_settings(event).body_en.startswith("Dear {embassy}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello {nmae}", "“{nmae}” is not a placeholder of the letter."),
        ("Hello {name!r}", "“{name}” is not a placeholder of the letter."),
        ("Hello {name:>30}", "“{name}” is not a placeholder of the letter."),
        ("Hello {name", "Write each placeholder as {name}, with its two braces"),
        ("Hello }", "Write each placeholder as {name}, with its two braces"),
    ],
)
def test_a_letter_text_with_a_wrong_placeholder_is_refused(ctx, text, message):
    with pytest.raises(DomainError) as refused:
        check_template(text, "body_en")
    assert str(refused.value.message).startswith(message)
    assert refused.value.field == "body_en"
