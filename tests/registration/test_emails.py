"""Every registration email exists in English and Thai, as text and HTML, with its links."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.registration import emails
from showcase.registration.models import RegistrationState
from tests.registration.conftest import add_city, category, register

S = RegistrationState
SUBJECTS = {
    ("confirm", "en"): "Confirm your registration for World Smart City Showcase 2027",
    ("confirm", "th"): "ยืนยันการลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570",
    ("manage_link", "en"): "Your registration for World Smart City Showcase 2027",
    ("manage_link", "th"): "การลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 ของคุณ",
    ("confirmed", "en"): "You are registered for World Smart City Showcase 2027",
    ("confirmed", "th"): "คุณได้ลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 แล้ว",
    ("waitlisted", "en"): "You are on the waiting list for World Smart City Showcase 2027",
    ("waitlisted", "th"): "คุณอยู่ในรายชื่อสำรองของ มหกรรมเมืองอัจฉริยะโลก 2570",
    ("awaiting_approval", "en"): (
        "Your registration for World Smart City Showcase 2027 is waiting for approval"
    ),
    ("awaiting_approval", "th"): "การลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 ของคุณกำลังรอการอนุมัติ",
    ("rejected", "en"): "Your registration for World Smart City Showcase 2027 was not accepted",
    ("rejected", "th"): "การลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 ของคุณไม่ได้รับการอนุมัติ",
    ("cancelled", "en"): "Your registration for World Smart City Showcase 2027 is cancelled",
    ("cancelled", "th"): "การลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 ของคุณถูกยกเลิกแล้ว",
}


@pytest.mark.parametrize("language", ["en", "th"])
def test_every_registration_email_in_both_languages(app, reg_event, language):
    with app.app_context(), app.test_request_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Phuket"), category(ev, "visitor"), language=language)
        emails.manage_link(registration)
        registration.waitlisted_at = registration.created_at
        for state in (S.CONFIRMED, S.WAITLISTED, S.AWAITING_APPROVAL, S.REJECTED, S.CANCELLED):
            registration.state = state
            emails.state_changed(registration, note="Because")
        db.session.flush()
        messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        got = {(m.template.split("/")[1], m.language): m.subject for m in messages}
        expected = {key: value for key, value in SUBJECTS.items() if key[1] == language}
        assert got == expected
        for message in messages:
            assert message.body_text.strip() and "<p>" in message.body_html
            assert (
                "/register/confirm/" in message.body_text or "/registration/" in message.body_text
            )
        db.session.rollback()


def test_waiting_because_the_city_is_full_is_said_in_the_email(app, reg_event):
    from showcase.registration.services.settings import update_settings

    with app.app_context():
        ev = get_event(reg_event)
        update_settings(ev, 1, "2026-11")
        phuket = add_city("Phuket")
        visitor = category(ev, "visitor")
        register(ev, phuket, visitor, confirm=True, email="first@phuket.example")
        second = register(ev, phuket, visitor, confirm=True, email="second@phuket.example")
        assert db.session.get(type(second), second.id).state == S.WAITLISTED
        message = db.session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id.desc())
        ).first()
        assert message.recipient == "second@phuket.example"
        assert "all places for Phuket are taken just now" in message.body_text
        templates = db.session.scalars(
            select(OutboxMessage.template).where(OutboxMessage.recipient == message.recipient)
        ).all()
        assert templates == ["registration/confirm", "registration/waitlisted"]
