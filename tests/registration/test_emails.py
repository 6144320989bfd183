"""Every registration email exists in English and Thai, as text and HTML, with its links."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.registration import emails
from showcase.registration.models import RegistrationState
from tests.forms import RenderedForm
from tests.helpers import email_html, email_text, links_in
from tests.registration.helpers import add_city, category, register

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
        greeting = "เรียน คุณสมชาย ใจดี" if language == "th" else "Hello Somchai Jaidee,"
        for message in messages:
            assert message.body_text.strip() and "<p>" in message.body_html
            assert message.body_text.splitlines()[0] == greeting, message.template
            assert (
                "/register/confirm/" in message.body_text or "/registration/" in message.body_text
            )
        db.session.rollback()


def test_waiting_because_the_city_is_full_is_said_in_the_email(app, reg_event):
    from showcase.registration.services.settings import update_settings

    with app.app_context():
        ev = get_event(reg_event)
        with unit_of_work(lock=True):
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


@pytest.mark.parametrize(
    ("language", "full_name", "full_name_th", "greeting"),
    [
        ("th", "Somchai Jaidee", "สมชาย ใจดี", "เรียน คุณสมชาย ใจดี"),
        ("th", "Kanya Srisuk", "นางสาวกันยา ศรีสุข", "เรียน นางสาวกันยา ศรีสุข"),
        ("th", "Prasert Wongsa", "ดร.ประเสริฐ วงศ์ษา", "เรียน ดร.ประเสริฐ วงศ์ษา"),
        ("th", "Wichai Boonmee", "รศ. วิชัย บุญมี", "เรียน รศ. วิชัย บุญมี"),
        ("th", "Mei Lin Tan", "", "เรียน คุณ Mei Lin Tan"),
        ("th", "Dr. Mei Lin Tan", "", "เรียน Dr. Mei Lin Tan"),
        ("en", "Somchai Jaidee", "สมชาย ใจดี", "Hello Somchai Jaidee,"),
    ],
)
def test_emails_greet_by_the_thai_name_and_never_double_a_title(
    mail_app, reg_event, smtp_server, deliver, language, full_name, full_name_th, greeting
):
    with mail_app.app_context():
        ev = get_event(reg_event)
        register(
            ev,
            add_city("Phuket"),
            category(ev, "visitor"),
            confirm=True,
            language=language,
            full_name=full_name,
            full_name_th=full_name_th,
        )
    deliver()
    for message in smtp_server.wait_for(2):  # the confirmation link, then "you are registered"
        assert email_text(message).splitlines()[0] == greeting
        assert f"<p>{greeting}</p>" in email_html(message)
        assert "คุณนางสาว" not in email_text(message) and "คุณดร." not in email_text(message)


def test_an_internationalised_domain_registers_and_its_mail_is_delivered(
    mail_app, client, reg_event, smtp_server, deliver
):
    form = RenderedForm.get(client, f"/{reg_event}/register")
    form.fill("Full name", "Somchai Jaidee").fill("Email", "somchai@ตัวอย่าง.ไทย")
    form.choose("City", "Phuket").choose("Registration category", "Visitor").check("I agree")
    assert form.submit().status_code == 303
    deliver()
    [message] = smtp_server.wait_for(1)
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["somchai@xn--72c1a1bt4awk9o.xn--o3cw4h"]
    assert message["Subject"] == "Confirm your registration for World Smart City Showcase 2027"
    assert any("/register/confirm/" in link for link in links_in(message))


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "Privacy notice (version November 2026)"),
        ("th", "พฤศจิกายน 2569"),
    ],
)
def test_privacy_notice_version_is_a_date_in_the_readers_era(client, reg_event, lang, shown):
    page = client.get(f"/{reg_event}/register", headers={"Accept-Language": lang}).text
    assert shown in page
    assert "2026-11" not in page
