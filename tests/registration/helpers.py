"""Helpers for registration tests: categories, cities and registrations made through the
services (each in its own unit of work, as a request runs it), and a shortcut that confirms a
registration the way its emailed link does (the ``reg_event`` fixture is in ``conftest.py``)."""

from __future__ import annotations

from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.core.links import LinkPurpose, mint_link
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory, RegistrationLink
from showcase.registration.services import registrations
from tests import factories


def add_city(name_en: str, name_th: str = "", country: str = "TH") -> City:
    return factories.city(name_en, name_th, country)


def add_category(event: Event, code: str = "delegate", **values) -> RegistrationCategory:
    return factories.registration_category(event, code, **values)


def values(city: City | None = None, category: RegistrationCategory | None = None, **overrides):
    data = {
        "full_name": "Somchai Jaidee",
        "full_name_th": "สมชาย ใจดี",
        "email": "somchai@khonkaen.example",
        "organisation": "Khon Kaen City Development",
        "job_title": "Director",
        "city": str(city.id) if city is not None else "other",
        "other_country": "" if city is not None else "SG",
        "other_city": "",
        "category": str(category.id) if category is not None else "",
        "invitation_code": "",
        "dietary": "",
        "accessibility": "",
        "language": "en",
        "consent": True,
    }
    data.update(overrides)
    return data


def register(event: Event, city, category, confirm: bool = False, **overrides) -> Registration:
    with unit_of_work(lock=True):
        registration, _new = registrations.register(event, values(city, category, **overrides))
    if confirm:
        confirm_registration(event, registration)
    return registration


def confirm_secret(registration: Registration) -> str:
    with unit_of_work():
        secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.CONFIRM)
    return secret


def confirm_registration(event: Event, registration: Registration) -> Registration:
    secret = confirm_secret(registration)
    with unit_of_work(lock=True):
        confirmed, _manage, _now = registrations.confirm(event, secret)
    return confirmed


def manage_secret(registration: Registration) -> str:
    with unit_of_work():
        secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.MANAGE)
    return secret


def states(event_id: int) -> dict[str, int]:
    from collections import Counter

    return dict(
        Counter(
            r.state.value
            for r in db.session.scalars(
                select(Registration).where(Registration.event_id == event_id)
            )
        )
    )


def category(event: Event, code: str) -> RegistrationCategory:
    return db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event.id, RegistrationCategory.code == code
        )
    )
