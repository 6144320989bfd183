"""Fixtures for the outbox tests: an event open for registration, and its public form filled in
as a person would."""

from __future__ import annotations

import pytest

from showcase.events.services import get_event
from showcase.extensions import db
from tests.forms import RenderedForm
from tests.registration.conftest import add_category, add_city

REGISTRATION_LABELS = {
    "en": {
        "name": "Full name",
        "email": "Email",
        "city": ("City", "Khon Kaen"),
        "category": ("Registration category", "Visitor"),
        "language": "Language for emails",
        "consent": "I agree that the organisers keep these details",
    },
    "th": {
        "name": "ชื่อ-นามสกุล",
        "email": "อีเมล",
        "city": ("เมือง", "ขอนแก่น"),
        "category": ("ประเภทการลงทะเบียน", "ผู้เข้าชม"),
        "language": "ภาษาของอีเมล",
        "consent": "ข้าพเจ้ายินยอมให้ผู้จัดงานเก็บข้อมูลเหล่านี้",
    },
}


@pytest.fixture
def open_event(app, event) -> str:
    """The test event with an open Visitor category and Khon Kaen in its city list."""
    with app.app_context():
        ev = get_event(event)
        add_category(ev, "visitor", name_en="Visitor", name_th="ผู้เข้าชม")
        add_city("Khon Kaen", "ขอนแก่น")
        db.session.commit()
    return event


def register_through_the_form(client, event: str, name: str, email: str, language: str = "en"):
    """Fill the public registration form by its labels, in ``language``, and send it."""
    labels = REGISTRATION_LABELS[language]
    form = RenderedForm.get(client, f"/{event}/register", language=language)
    form.fill(labels["name"], name).fill(labels["email"], email)
    form.choose(*labels["city"]).choose(*labels["category"])
    form.choose(labels["language"], "ไทย" if language == "th" else "English")
    form.check(labels["consent"])
    response = form.submit()
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return response
