"""Helpers for the tests of registering on others' behalf: an event with categories, cities,
booths and an organiser, and shortcuts that run services each in a unit of work of its own."""

from __future__ import annotations

from sqlalchemy import select

from showcase.booths.services import layout
from showcase.core.db import unit_of_work
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from tests import factories
from tests.booths.helpers import open_applications

S = RegistrationState
ORGANISER = "organiser@showcase.example"


def prepare(event: Event) -> None:
    """City delegate (2 seats), Visitor (no limit), an invitation-only Media category, two Thai
    cities, and hall A with booths A-01 (3 × 3 m) and A-02 (6 × 4 m)."""
    factories.registration_category(
        event, "delegate", name_en="City delegate", name_th="ผู้แทนเมือง", capacity=2
    )
    factories.registration_category(event, "visitor", name_en="Visitor", name_th="ผู้เข้าชม")
    factories.registration_category(
        event,
        "media",
        name_en="Media",
        name_th="สื่อมวลชน",
        invitation_only=True,
        invitation_code="PRESS-2027",
    )
    factories.city("Khon Kaen", "ขอนแก่น")
    factories.city("Phuket", "ภูเก็ต")
    with unit_of_work():
        open_applications(event)
        hall = layout.create_hall(event, code="A", name_en="Hall A", width=30, depth=20)
        for code, x, width, depth in (("A-01", 2, 3, 3), ("A-02", 8, 6, 4)):
            layout.create_booth(
                event,
                code=code,
                hall=hall,
                x=x,
                y=2,
                width=width,
                depth=depth,
                zone="general",
                availability="available",
            )


def city(name: str) -> City:
    return db.session.scalar(select(City).where(City.name_en == name))


def person(name: str, email: str, city_name: str = "Khon Kaen", **overrides) -> dict:
    values = {
        "full_name": name,
        "full_name_th": "",
        "email": email,
        "organisation": "",
        "job_title": "",
        "city": str(city(city_name).id),
        "other_country": "",
        "other_city": "",
        "dietary": "",
        "accessibility": "",
        "language": "en",
    }
    values.update(overrides)
    return values


def by_email(event: Event, email: str) -> Registration:
    db.session.expire_all()
    return db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.email == email)
        .order_by(Registration.id.desc())
    )


def waiting(event: Event, category, *emails: str) -> list[Registration]:
    """People on the waiting list of ``category`` (longest waiting first, in the given order)."""
    made = []
    for email in emails:
        registration = factories.registration(
            event, city("Phuket"), category, confirm=True, email=email, full_name=email
        )
        made.append(registration)
    return made
