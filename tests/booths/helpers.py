"""Helpers for booth tests: an event with open applications, cities and applications made
through the services (the ``booth_event`` fixture is in ``conftest.py``)."""

from __future__ import annotations

import functools
import inspect
import io
from datetime import UTC, datetime, timedelta

from PIL import Image
from sqlalchemy import select

from showcase.booths.models import BoothApplication
from showcase.booths.services import applications
from showcase.booths.services.settings import update_settings
from showcase.core.db import current_unit_of_work, unit_of_work
from showcase.events.models import City, CityKind, Event
from showcase.events.services import create_city
from showcase.extensions import db


def in_unit_of_work(change, lock: bool = False):
    """``change()`` in the unit of work already open, or in one of its own."""
    if current_unit_of_work() is not None:
        return change()
    with unit_of_work(lock=lock):
        return change()


class InUnitsOfWork:
    """A service module whose functions each run in a unit of work of their own (with row
    locks), as they do when a view or a command calls them; classes and constants pass through."""

    def __init__(self, module, lock: bool = True) -> None:
        self._module = module
        self._lock = lock

    def __getattr__(self, name: str):
        value = getattr(self._module, name)
        if not inspect.isfunction(value):
            return value

        @functools.wraps(value)
        def in_its_own(*args, **kwargs):
            return in_unit_of_work(lambda: value(*args, **kwargs), lock=self._lock)

        return in_its_own


def open_applications(event: Event, booths_per_city: int = 1) -> None:
    now = datetime.now(UTC)
    in_unit_of_work(
        lambda: update_settings(
            event, now - timedelta(days=1), now + timedelta(days=10), booths_per_city
        )
    )


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
    def apply() -> BoothApplication:
        application = applications.submit_application(
            event, city.id, application_values(**overrides), language="en"
        )
        if confirm:
            applications.mark_confirmed(application)
        return application

    return in_unit_of_work(apply)


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
