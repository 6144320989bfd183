"""Helpers of the announcement tests: many registrants at once, and an announcement written,
sent and queued through the services."""

from __future__ import annotations

from sqlalchemy import insert

from showcase.announcements.services import sending
from showcase.core.db import unit_of_work, utcnow
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState


def many_registrants(event, category, count: int, start: int = 0, thai_every: int = 2) -> None:
    """``count`` confirmed registrants of ``category``, every ``thai_every``-th one reading Thai.

    Written in one insert: a thousand people through the registration form would take minutes,
    and what is tested here is what happens to them afterwards."""
    now = utcnow()
    rows = [
        {
            "event_id": event.id,
            "category_id": category.id,
            "state": RegistrationState.CONFIRMED,
            "email": f"Person{number}@Delegates.example",
            "full_name": f"Person {number}",
            "full_name_th": f"บุคคล {number}",
            "language": "th" if thai_every and number % thai_every == 0 else "en",
            "consent_version": "2026-11",
            "consent_at": now,
            "email_confirmed_at": now,
            "badge_code": f"B{number:08d}",
        }
        for number in range(start, start + count)
    ]
    with unit_of_work():
        db.session.execute(insert(Registration), rows)


TEXTS = {
    "subject_en": "News for {name}",
    "body_en": "Dear {name},\n\nSee your registration: {manage_link}\n\n- Doors open at 08:00",
    "subject_th": "ข่าวสำหรับ {name}",
    "body_th": "เรียน {name}\n\nดูการลงทะเบียน: {manage_link}\n\n- เปิดประตู 08:00 น.",
}


def write(event, user, conditions=("registration_state:confirmed",), match="all", **texts):
    values = {"match": match, "conditions": list(conditions), **TEXTS, **texts}
    with unit_of_work():
        return sending.save_draft(event, values, user)


def send(event, announcement, user, send_at=None, now=None):
    with unit_of_work():
        return sending.request_send(event, announcement, user, send_at, now=now)


def settings(event, approval_threshold=0, rate_per_minute=0):
    with unit_of_work():
        return sending.save_settings(
            event, {"approval_threshold": approval_threshold, "rate_per_minute": rate_per_minute}
        )
