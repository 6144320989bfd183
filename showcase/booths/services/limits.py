"""How many booths each city holds against the limit of the booth settings.

A city's approved applications each hold one numbered slot (``city_slot``, see models.py); the
count of a city's slots is what the limit is checked against, when an organiser approves and when
a city applies (a city at its limit may still apply, for the waiting list).
"""

from __future__ import annotations

from sqlalchemy import func, select

from showcase.booths.models import BoothApplication
from showcase.booths.services.settings import find_settings
from showcase.events.models import Event
from showcase.extensions import db


def booth_limit(event: Event) -> int:
    settings = find_settings(event)
    return settings.booths_per_city if settings is not None else 1


def slots_held(event: Event, city_id: int, except_application_id: int | None = None) -> set[int]:
    """The slot numbers a city's approved applications hold (one per booth)."""
    query = select(BoothApplication.city_slot).where(
        BoothApplication.event_id == event.id,
        BoothApplication.city_id == city_id,
        BoothApplication.city_slot.is_not(None),
    )
    if except_application_id is not None:
        query = query.where(BoothApplication.id != except_application_id)
    return set(db.session.scalars(query))


def booths_held_by_city(event: Event) -> dict[int, int]:
    """city id → number of booths it holds, for every city that holds one."""
    rows = db.session.execute(
        select(BoothApplication.city_id, func.count())
        .where(BoothApplication.event_id == event.id, BoothApplication.city_slot.is_not(None))
        .group_by(BoothApplication.city_id)
    ).all()
    return {city_id: count for city_id, count in rows}


def cities_at_limit(event: Event) -> dict[int, int]:
    """city id → booths held, for the cities that hold as many as a city may."""
    limit = booth_limit(event)
    return {city: held for city, held in booths_held_by_city(event).items() if held >= limit}
