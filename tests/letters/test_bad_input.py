"""Bad input on the visa-letter request, as a person sends it from the rendered form, on SQLite
and on PostgreSQL: an impossible date of birth, a passport number with odd characters, travel
dates outside the event's window (14 days either side), an empty embassy, a nationality that
does not exist. Each gets a clear message in the reader's language against its field (400),
nothing is saved, and everything typed comes back in the form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.letters.models import VisaLetter
from tests import factories
from tests.forms import RenderedForm, field_errors
from tests.letters.helpers import delegate, manage_secret

LABELS = {
    "en": {
        "name": "Name exactly as in the passport",
        "number": "Passport number",
        "nationality": "Nationality",
        "sweden": "Sweden",
        "born": "Date of birth",
        "arrival": "Arrival in Thailand",
        "departure": "Departure from Thailand",
        "embassy": "Embassy or consulate where you apply",
    },
    "th": {
        "name": "ชื่อตามที่ปรากฏในหนังสือเดินทาง",
        "number": "เลขที่หนังสือเดินทาง",
        "nationality": "สัญชาติ",
        "sweden": "สวีเดน",
        "born": "วันเกิด",
        "arrival": "วันเดินทางถึงประเทศไทย",
        "departure": "วันเดินทางออกจากประเทศไทย",
        "embassy": "สถานเอกอัครราชทูตหรือสถานกงสุลที่ยื่นขอวีซ่า",
    },
}

# (case, field, value: str or function of the event, field id, message in en, message in th)
CASES = [
    (
        "born in the future",
        "born",
        "2099-05-01",
        "date_of_birth",
        "This date of birth is not possible: check the year.",
        "วันเกิดนี้เป็นไปไม่ได้ โปรดตรวจสอบปี",
    ),
    (
        "born too long ago",
        "born",
        "1850-05-01",
        "date_of_birth",
        "This date of birth is not possible: check the year.",
        "วันเกิดนี้เป็นไปไม่ได้ โปรดตรวจสอบปี",
    ),
    (
        "no such day",
        "born",
        "1985-02-30",
        "date_of_birth",
        "Give a date such as 1985-04-30 (year, month, day).",
        "โปรดระบุวันที่ในรูปแบบ 1985-04-30 (ปี ค.ศ.-เดือน-วัน)",
    ),
    (
        "odd characters in the passport number",
        "number",
        "AB#1234/5",
        "passport_number",
        "A passport number has 5 to 20 letters A–Z and digits 0–9",
        "เลขที่หนังสือเดินทางประกอบด้วยตัวอักษร A–Z และตัวเลข 0–9",
    ),
    (
        "full-width digits in the passport number",
        "number",
        "ＡＢ１２３４５６",
        "passport_number",
        "A passport number has 5 to 20 letters A–Z and digits 0–9",
        "เลขที่หนังสือเดินทางประกอบด้วยตัวอักษร A–Z และตัวเลข 0–9",
    ),
    (
        "a passport number far too long",
        "number",
        "9" * 40,
        "passport_number",
        "A passport number has 5 to 20 letters A–Z and digits 0–9",
        "เลขที่หนังสือเดินทางประกอบด้วยตัวอักษร A–Z และตัวเลข 0–9",
    ),
    (
        "arrival 15 days before the event",
        "arrival",
        lambda event: (event.starts_on - timedelta(days=15)).isoformat(),
        "arrives_on",
        "Arrival must be between 12 January 2027 and the event's last day",
        "วันเดินทางถึงต้องอยู่ระหว่าง 12 มกราคม 2570",
    ),
    (
        "departure 15 days after the event",
        "departure",
        lambda event: (event.ends_on + timedelta(days=15)).isoformat(),
        "departs_on",
        "Departure must be between the event's first day, 26 January 2027, and 11 February 2027",
        "วันเดินทางออกต้องอยู่ระหว่างวันแรกของงาน 26 มกราคม 2570 ถึง 11 กุมภาพันธ์ 2570",
    ),
    (
        "embassy left empty",
        "embassy",
        "   ",
        "embassy",
        "Name the embassy or consulate where you apply for the visa",
        "โปรดระบุสถานเอกอัครราชทูตหรือสถานกงสุลที่ท่านยื่นขอวีซ่า",
    ),
    (
        "a name with digits",
        "name",
        "LINDQVIST ERIK 2",
        "passport_name",
        "Write the name as it is printed in the passport",
        "โปรดเขียนชื่อตามที่พิมพ์ในหนังสือเดินทาง",
    ),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """PostgreSQL refuses what SQLite accepts: each case runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'showcase-test.db'}"
    return request.getfixturevalue("postgres_url")


def filled_form(client, event, secret: str, lang: str) -> RenderedForm:
    words = LABELS[lang]
    form = RenderedForm.get(
        client, f"/{event.acronym}/registration/{secret}/visa-letter", language=lang
    )
    form.fill(words["name"], "LINDQVIST ERIK JOHAN")
    form.fill(words["number"], "AA1234567")
    form.choose(words["nationality"], words["sweden"])
    form.fill(words["born"], "1981-03-14")
    form.fill(words["arrival"], (event.starts_on - timedelta(days=2)).isoformat())
    form.fill(words["departure"], (event.ends_on + timedelta(days=1)).isoformat())
    form.fill(words["embassy"], "Royal Thai Embassy, Stockholm")
    return form


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize(
    ("case", "field", "value", "field_id", "en", "th"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_letter_request_gets_a_clear_message_and_loses_nothing(
    ctx, client, lang, case, field, value, field_id, en, th
):
    event = factories.event()
    secret = manage_secret(delegate(event))
    form = filled_form(client, event, secret, lang)
    form.fill(LABELS[lang][field], value(event) if callable(value) else value)

    response = form.submit()

    assert response.status_code == 400, case
    errors = field_errors(response)
    assert errors[field_id].startswith(en if lang == "en" else th), errors
    assert db.session.scalar(select(func.count()).select_from(VisaLetter)) == 0
    again = RenderedForm.from_response(client, response, form.url, language=lang)
    words = LABELS[lang]
    kept = {
        "name": "LINDQVIST ERIK JOHAN",
        "number": "AA1234567",
        "embassy": "Royal Thai Embassy, Stockholm",
    }
    for key, typed in kept.items():
        if key != field:
            assert again.value(words[key]) == typed
    if field != "born":
        assert again.value(words["born"]) == "1981-03-14"


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_nationality_that_does_not_exist_is_refused(ctx, client, lang):
    event = factories.event()
    secret = manage_secret(delegate(event))
    form = filled_form(client, event, secret, lang)
    data = form.payload()
    data["nationality"] = "XX"  # not offered by the form: sent by hand or by a stale page

    response = client.post(form.action, data=data, headers={"Accept-Language": lang})

    assert response.status_code == 400
    message = {"en": "Choose your nationality from the list.", "th": "โปรดเลือกสัญชาติจากรายการ"}
    assert field_errors(response)["nationality"] == message[lang]
    assert db.session.scalar(select(func.count()).select_from(VisaLetter)) == 0


def test_thai_nationals_are_told_they_need_no_visa(ctx, client):
    event = factories.event()
    secret = manage_secret(delegate(event))
    form = filled_form(client, event, secret, "en")
    form.choose("Nationality", "Thailand")

    response = form.submit()

    assert response.status_code == 400
    assert field_errors(response)["nationality"] == (
        "Citizens of Thailand need no visa for an event held there."
    )


def test_a_good_request_is_saved_and_shows_its_state(ctx, client):
    event = factories.event()
    secret = manage_secret(delegate(event))
    form = filled_form(client, event, secret, "en")
    form.fill("Passport number", "aa 123 4567")

    response = form.submit()

    assert response.status_code == 303
    letter = db.session.scalar(select(VisaLetter))
    assert letter.passport_number == "AA1234567"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "the organisers are checking it" in page
    assert "ending in 4567" in page
