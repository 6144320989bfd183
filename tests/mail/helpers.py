"""Helpers for the outbox tests: the public registration form filled in as a person would."""

from __future__ import annotations

from tests.forms import RenderedForm

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
