"""Every email of the meeting flow through a real SMTP server (aiosmtpd), in each recipient's
language: the request to the Thai city's coordinator, another slot proposed back to the company,
the confirmation to both with a calendar entry that parses, the reminder before the start, the
cancellation, and a declined request."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from showcase.cooperation.models import CooperationProfile, Meeting
from showcase.cooperation.services import meetings
from showcase.cooperation.services.states import Actor
from showcase.core.db import unit_of_work, utcnow
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from tests.cooperation.helpers import request, world
from tests.helpers import email_html, email_text

COORDINATOR = "ir@khonkaen.example"
COMPANY = "kenji@solargrid.example"

SUBJECTS = {
    "en": {
        "requested": "Meeting request from SolarGrid Japan",
        "counter": "Khon Kaen proposes another slot",
        "accepted_company": "Meeting confirmed with Khon Kaen",
        "accepted_city": "Meeting confirmed with SolarGrid Japan",
        "reminder": "Reminder: meeting with",
        "cancelled": "Meeting with Khon Kaen cancelled",
        "declined": "Meeting declined by Khon Kaen",
    },
    "th": {
        "requested": "คำขอนัดหมายจาก SolarGrid Japan",
        "counter": "Khon Kaen เสนอช่วงเวลาอื่น",
        "accepted_company": "ยืนยันการนัดหมายกับ Khon Kaen แล้ว",
        "accepted_city": "ยืนยันการนัดหมายกับ SolarGrid Japan แล้ว",
        "reminder": "เตือนความจำ: นัดหมายกับ",
        "cancelled": "การนัดหมายกับ Khon Kaen ถูกยกเลิก",
        "declined": "Khon Kaen ปฏิเสธการนัดหมาย",
    },
}


def subject(message) -> str:
    return " ".join(str(message["Subject"]).split())


def _new(smtp_server, seen: int, count: int):
    return smtp_server.wait_for(seen + count)[seen:]


def _step(action):
    with unit_of_work(lock=True):
        action()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_every_meeting_email_reaches_each_side_in_its_language(
    ctx, mail_app, smtp_server, deliver, lang
):
    w = world(language=lang)
    deliver()
    seen = len(smtp_server.wait_for(0, timeout=0.5))
    words = SUBJECTS[lang]
    slots = meetings.slots_of(w.event)

    meeting = request(w, starts_at=slots[0].starts_at)
    deliver()
    (asked,) = _new(smtp_server, seen, 1)
    seen += 1
    assert asked["To"].addresses[0].addr_spec == COORDINATOR
    assert subject(asked) == words["requested"]
    assert "Shall we talk financing?" in email_text(asked)
    assert "/cooperation/delegation/" in email_text(asked)

    _step(
        lambda: meetings.counter(
            db.session.get(Meeting, meeting.id), Actor.HOST, slots[1].starts_at
        )
    )
    deliver()
    (countered,) = _new(smtp_server, seen, 1)
    seen += 1
    assert countered["To"].addresses[0].addr_spec == COMPANY
    assert subject(countered) == words["counter"]

    _step(lambda: meetings.accept(db.session.get(Meeting, meeting.id), Actor.REQUESTER))
    deliver()
    confirmed = _new(smtp_server, seen, 2)
    seen += 2
    by_address = {m["To"].addresses[0].addr_spec: m for m in confirmed}
    assert subject(by_address[COMPANY]) == words["accepted_company"]
    assert subject(by_address[COORDINATOR]) == words["accepted_city"]
    for message in confirmed:
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "text/calendar"
        calendar = icalendar.Calendar.from_ical(attachment.get_content())
        (entry,) = calendar.walk("VEVENT")
        assert entry.decoded("dtstart") == slots[1].starts_at
        assert entry.decoded("dtend") == slots[1].ends_at
        assert "1" in str(entry["location"])
        assert email_html(message).count("<p>") >= 3

    with unit_of_work():
        reminders = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "cooperation/reminder")
        ).all()
        assert len(reminders) == 2
        assert {r.next_attempt_at for r in reminders} == {slots[1].starts_at - timedelta(hours=1)}
        for reminder in reminders:
            reminder.next_attempt_at = utcnow()
    deliver()
    reminded = _new(smtp_server, seen, 2)
    seen += 2
    assert all(subject(m).startswith(words["reminder"]) for m in reminded)

    _step(lambda: meetings.cancel(db.session.get(Meeting, meeting.id), Actor.HOST))
    deliver()
    (cancelled,) = _new(smtp_server, seen, 1)
    seen += 1
    assert cancelled["To"].addresses[0].addr_spec == COMPANY
    assert subject(cancelled) == words["cancelled"]

    second = request(w, starts_at=slots[2].starts_at)
    _step(lambda: meetings.decline(db.session.get(Meeting, second.id), Actor.HOST, "Busy"))
    deliver()
    asked_again, declined = _new(smtp_server, seen, 2)
    assert asked_again["To"].addresses[0].addr_spec == COORDINATOR
    assert subject(declined) == words["declined"]
    assert declined["To"].addresses[0].addr_spec == COMPANY
    assert db.session.get(CooperationProfile, w.city_profile.id) is not None
