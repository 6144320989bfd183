"""Demo visa letters: the event's letterhead (depa's name and address in both languages, its
signatory, the standard texts), a letter issued to Erik Lindqvist of Gothenburg (English and
Thai), and a request that the Yokohama delegation's coordinator made for the city's mayor, still
waiting in the organisers' queue so that it can be approved in the demo.

Through the services, each step in its own unit of work; nothing is done when the event already
has letters, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.events.models import Event
from showcase.extensions import db
from showcase.letters.models import VisaLetter
from showcase.letters.services import issuing, requests
from showcase.letters.services.settings import save_settings
from showcase.registration.models import ACTIVE_STATES, Registration

DEMO_ORGANISER = "organiser@showcase.example"

LETTERHEAD = {
    "requests_open": True,
    "organisation_en": "Digital Economy Promotion Agency (depa)",
    "organisation_th": "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)",
    "address_en": "80 Lat Phrao Soi 4, Chom Phon, Chatuchak, Bangkok 10900, Thailand",
    "address_th": "80 ซอยลาดพร้าว 4 แขวงจอมพล เขตจตุจักร กรุงเทพมหานคร 10900",
    "signatory_name": "Dr Nuttapon Nimmanphatcharin",
    "signatory_name_th": "ดร.ณัฐพล นิ่มมณีพัชรินทร์",
    "signatory_title_en": "President and CEO, Digital Economy Promotion Agency",
    "signatory_title_th": "ผู้อำนวยการใหญ่ สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
    "body_en": "",
    "body_th": "",
    "retention_days": 30,
}

# (registration's name, name as in the passport, passport number, nationality, born, embassy,
#  Thai page, issued)
LETTERS = (
    (
        "Erik Lindqvist",
        "LINDQVIST ERIK JOHAN",
        "AA1234567",
        "SE",
        date(1981, 3, 14),
        "Royal Thai Embassy, Stockholm",
        True,
        True,
    ),
    (
        "Takeharu Yamanaka",
        "YAMANAKA TAKEHARU",
        "TR5550142",
        "JP",
        date(1972, 9, 2),
        "Royal Thai Embassy, Tokyo",
        False,
        False,
    ),
)


def _registration(event: Event, name: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.full_name == name,
            Registration.state.in_(ACTIVE_STATES),
        )
    )


def load_demo(event: Event) -> str | None:
    existing = db.session.scalar(
        select(func.count()).select_from(VisaLetter).where(VisaLetter.event_id == event.id)
    )
    if existing:
        return None
    with unit_of_work():
        save_settings(event, LETTERHEAD)
    made = issued = 0
    for name, passport_name, number, nationality, born, embassy, thai, issue in LETTERS:
        registration = _registration(event, name)
        if registration is None:
            continue
        values = {
            "passport_name": passport_name,
            "passport_number": number,
            "nationality": nationality,
            "date_of_birth": born,
            "arrives_on": event.starts_on - timedelta(days=2),
            "departs_on": event.ends_on + timedelta(days=1),
            "embassy": embassy,
            "with_thai": thai,
        }
        by = "registrant" if registration.email else "coordinator"
        with unit_of_work(lock=True):
            letter_id = requests.request_letter(registration, values, by).id
        made += 1
        if issue:
            with unit_of_work(lock=True):
                issuing.issue(letter_id, DEMO_ORGANISER)
            issued += 1
    return f"Visa letters: {made} requested, {issued} issued (letterhead configured)"
