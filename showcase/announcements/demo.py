"""Demo announcements: a bilingual announcement to every confirmed delegate of a Thai member
city, written by the organiser and sent (its messages wait in the outbox for the worker), and a
draft to the speakers of confirmed sessions with their own times. Nothing is done when the event
already has announcements, so a second run changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from showcase.accounts.services import get_user_by_email
from showcase.announcements.models import Announcement
from showcase.announcements.services import sending
from showcase.core.db import unit_of_work
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import RegistrationCategory

DEMO_AUTHOR = "organiser@showcase.example"

WELCOME = {
    "subject_en": "Welcome to {event}: what to bring",
    "body_en": (
        "Dear {name},\n\n"
        "We look forward to welcoming your city's delegation. Please bring:\n\n"
        "- your badge (print it here: {badge_link})\n"
        "- a business card for the cooperation meetings\n\n"
        "Your registration: [see or change it]({manage_link})\n\n"
        "The programme is online: https://www.depa.or.th/en/smart-city"
    ),
    "subject_th": "ยินดีต้อนรับสู่ {event}: สิ่งที่ควรเตรียม",
    "body_th": (
        "เรียน {name}\n\n"
        "เรายินดีต้อนรับคณะผู้แทนจากเมืองของท่าน โปรดเตรียม:\n\n"
        "- บัตรเข้างาน (พิมพ์ได้ที่ {badge_link})\n"
        "- นามบัตรสำหรับการประชุมความร่วมมือ\n\n"
        "การลงทะเบียนของท่าน: [ดูหรือแก้ไข]({manage_link})\n\n"
        "ดูกำหนดการได้ที่ https://www.depa.or.th/th/smart-city"
    ),
}
REHEARSAL = {
    "subject_en": "Speaker rehearsal at {event}",
    "body_en": (
        "Dear {name},\n\nYour sessions:\n\n{sessions}\n\n"
        "Please come to the room 30 minutes before your slot for a sound check."
    ),
    "subject_th": "การซ้อมของวิทยากร {event}",
    "body_th": ("เรียน {name}\n\nช่วงของท่าน:\n\n{sessions}\n\nโปรดมาที่ห้องก่อนเวลา 30 นาทีเพื่อทดสอบเสียง"),
}


def load_demo(event: Event) -> str | None:
    if db.session.scalar(select(Announcement.id).where(Announcement.event_id == event.id)):
        return None
    author = get_user_by_email(DEMO_AUTHOR)
    delegate = db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event.id, RegistrationCategory.code == "delegate"
        )
    )
    if author is None or delegate is None:
        return None
    welcome = {
        "match": "all",
        "conditions": [
            "registration_state:confirmed",
            "registration_city_kind:thai_member",
            f"registration_category:{delegate.id}",
        ],
        **WELCOME,
    }
    rehearsal = {"match": "all", "conditions": ["session_state:confirmed"], **REHEARSAL}
    with unit_of_work():
        sent = sending.save_draft(event, welcome, author)
        sending.save_draft(event, rehearsal, author)
    with unit_of_work():
        sending.request_send(event, sent, author, None)
    queued = sending.send_due_announcements()
    return f"Announcements: one sent to {queued} Thai member-city delegates, one draft"
