"""Helpers for travel tests: partner hotels and travel plans made through the services, each in
its own unit of work as a request runs it (the ``trip`` fixture is in ``conftest.py``)."""

from __future__ import annotations

from datetime import date, time

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.registration.models import Registration
from showcase.travel.models import PartnerHotel, TravelPlan
from showcase.travel.services.hotels import save_hotel
from showcase.travel.services.plans import plan_of, save_plan


def add_hotel(event, name_en: str, name_th: str = "", position: int = 0) -> PartnerHotel:
    with unit_of_work():
        return save_hotel(event, {"name_en": name_en, "name_th": name_th, "position": position})


def plan_values(**overrides) -> dict:
    """An arrival on Monday 25 January 2027 at 15:40 (Bangkok) on TG 661 at Suvarnabhumi with a
    transfer, a departure on Friday 29 January at 22:10 on TG 682, no hotel."""
    data = {
        "arrival_date": date(2027, 1, 25),
        "arrival_time": time(15, 40),
        "arrival_flight": "TG 661",
        "arrival_airport": "BKK",
        "arrival_airport_other": "",
        "arrival_transfer": True,
        "departure_date": date(2027, 1, 29),
        "departure_time": time(22, 10),
        "departure_flight": "TG682",
        "departure_airport": "BKK",
        "departure_airport_other": "",
        "departure_transfer": False,
        "hotel": "",
        "hotel_other": "",
    }
    data.update(overrides)
    return data


def give_plan(registration: Registration, by: str = "registrant", **overrides) -> TravelPlan:
    with unit_of_work():
        save_plan(db.session.get(Registration, registration.id), plan_values(**overrides), by)
    return plan_of(db.session.get(Registration, registration.id))
