"""The registration form's rate limits, with the limiter switched on: only accepted registrations
count against a connection and an email address, so a kiosk registers a group and a person may
correct mistakes; a script is still stopped; a refused form keeps what was typed and says when
it may be sent again. (The same limits shared by two app processes over Redis are in
tests/hardening/test_rate_limits.py.)"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.registration.models import Registration
from tests.forms import RenderedForm, page_errors
from tests.helpers import make_app


@pytest.fixture
def app(database_url):
    """The test app with its rate limits on (tests switch them off elsewhere)."""
    app = make_app(database_url, RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def filled(client, reg_event, number: int, *, email: str | None = None, lang: str = "en"):
    labels = {
        "en": ("Full name", "Email", "City", "Phuket", "Registration category", "Visitor"),
        "th": ("ชื่อ-นามสกุล", "อีเมล", "เมือง", "ภูเก็ต", "ประเภทการลงทะเบียน", "ผู้เข้าชม"),
    }[lang]
    name, mail, city, phuket, category, visitor = labels
    form = RenderedForm.get(client, f"/{reg_event}/register", language=lang)
    form.fill(name, f"Kiosk Visitor {number}")
    form.fill(mail, email or f"visitor{number}@kiosk.example")
    form.choose(city, phuket).choose(category, visitor)
    form.check("I agree" if lang == "en" else "ข้าพเจ้ายินยอม")
    return form


def registration_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Registration))


def test_a_kiosk_registers_a_whole_group_and_mistakes_do_not_count(app, client, reg_event):
    limit = int(app.config["REGISTRATION_LIMIT_PER_ADDRESS"].split()[0])
    assert limit >= 100
    for number in range(limit):
        if number % 10 == 0:  # every tenth person first forgets the consent box
            form = filled(client, reg_event, number)
            form.uncheck("I agree")
            assert form.submit().status_code == 400
        response = filled(client, reg_event, number).submit()
        assert response.status_code == 303, (number, page_errors(response))
    assert registration_count(app) == limit

    # One more from the same connection within the hour is refused, with nothing lost.
    form = filled(client, reg_event, limit)
    form.fill("Organisation", "Kiosk at the entrance")
    refused = form.submit()
    assert refused.status_code == 429
    assert refused.headers["Retry-After"].isdigit()
    assert page_errors(refused) == {}  # not an error of the form: a notice above it
    notice = re.sub(r"\s+", " ", refused.text)
    assert "Many registrations have been sent from your connection in the last hour." in notice
    assert "Nothing was lost: what you typed is still in the form below." in notice
    assert re.search(
        r"You can send it again in \d+ minutes?, at \d\d:\d\d ICT \(UTC\+7\)\.", notice
    )
    again = RenderedForm.from_response(client, refused, f"/{reg_event}/register")
    assert again.value("Full name") == f"Kiosk Visitor {limit}"
    assert again.value("Email") == f"visitor{limit}@kiosk.example"
    assert again.value("Organisation") == "Kiosk at the entrance"
    assert again.options("City")[0] == "Choose your city"
    assert again.value("City") != ""
    assert again.value("Registration category") != ""
    assert again.value("I agree that the organisers keep these details") == "on"
    assert registration_count(app) == limit


@pytest.mark.parametrize("lang", ["en", "th"])
def test_one_email_address_cannot_be_registered_again_and_again(app, client, reg_event, lang):
    limit = int(app.config["REGISTRATION_LIMIT_PER_EMAIL"].split()[0])
    for attempt in range(limit):  # the first registers, the next ones re-send its link
        response = filled(client, reg_event, attempt, email="target@victim.example").submit()
        assert response.status_code == 303
    refused = filled(client, reg_event, 99, email="target@victim.example", lang=lang).submit()
    assert refused.status_code == 429
    text = re.sub(r"\s+", " ", refused.text)
    if lang == "en":
        assert "This email address has been registered several times in the last hour." in text
    else:
        assert "อีเมลนี้ถูกใช้ลงทะเบียนหลายครั้งแล้วในหนึ่งชั่วโมงที่ผ่านมา" in text
        assert re.search(r"ส่งอีกครั้งได้ในอีก \d+ นาที เวลา \d\d:\d\d ICT \(UTC\+7\)", text)
    # Another person at the same connection still registers.
    assert filled(client, reg_event, 100).submit().status_code == 303
    assert registration_count(app) == 2


def test_a_script_sending_rubbish_is_stopped(app, client, reg_event):
    app.config["REGISTRATION_ATTEMPTS_PER_ADDRESS"] = "10 per hour"
    form = RenderedForm.get(client, f"/{reg_event}/register")
    statuses = [form.fill("Full name", f"x{n}").submit().status_code for n in range(12)]
    assert statuses == [400] * 10 + [429, 429]
    assert registration_count(app) == 0
