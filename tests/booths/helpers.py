"""Helpers for booth tests: an event with open applications, cities and applications made
through the services (the ``booth_event`` fixture is in ``conftest.py``)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from PIL import Image
from sqlalchemy import select

from showcase.booths.models import BoothApplication
from showcase.booths.services import applications
from showcase.booths.services.settings import update_settings
from showcase.events.models import City, CityKind, Event
from showcase.events.services import create_city
from showcase.extensions import db


def open_applications(event: Event, booths_per_city: int = 1) -> None:
    now = datetime.now(UTC)
    update_settings(event, now - timedelta(days=1), now + timedelta(days=10), booths_per_city)


def add_city(name_en: str, name_th: str = "", country: str = "TH") -> City:
    city = create_city(
        name_en=name_en,
        name_th=name_th,
        country_code=country,
        kind=CityKind.THAI_MEMBER if country == "TH" else CityKind.INTERNATIONAL,
        city_possible_member=True,
    )
    return city


def application_values(**overrides) -> dict:
    values = {
        "contact_name": "Somchai Jaidee",
        "contact_email": "somchai@khonkaen.example",
        "contact_phone": "+66 43 123 456",
        "organisation": "Khon Kaen City Development",
        "title_en": "Khon Kaen Light Rail",
        "title_th": "รถไฟฟ้ารางเบาขอนแก่น",
        "description_en": "The city's light rail, built by five municipalities.",
        "description_th": "รถไฟฟ้ารางเบาของเมือง สร้างโดยเทศบาลห้าแห่ง",
        "dimensions": ["mobility"],
        "preferred_zone": "mobility",
        "preferred_booths": "",
        "space_sqm": 9,
        "needs_power": True,
        "needs_internet": False,
        "requirements": "",
        "consent": True,
    }
    values.update(overrides)
    return values


def submit(event: Event, city: City, confirm: bool = True, **overrides) -> BoothApplication:
    application = applications.submit_application(
        event, city.id, application_values(**overrides), language="en"
    )
    if confirm:
        applications.mark_confirmed(application)
    db.session.commit()
    return application


def png_bytes(width: int = 40, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def get(app, model, **where):
    with app.app_context():
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)
