"""The event's partner hotels, kept by the organisers: listed on the travel form in their order;
a hotel someone stays at cannot be removed (the plan would lose where they stay)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from showcase.core.db import event_row, event_rows, require_unit_of_work
from showcase.core.errors import Conflict, DomainError, ErrorCollector
from showcase.events.models import Event
from showcase.extensions import db
from showcase.travel.models import PartnerHotel, TravelPlan

LIMITS = {"name_en": 200, "name_th": 200, "address": 300, "phone": 40, "to_venue": 200}


def hotels_of(event: Event) -> list[PartnerHotel]:
    return event_rows(PartnerHotel, event, PartnerHotel.position, PartnerHotel.name_en)


def hotel_of(event: Event, hotel_id: int) -> PartnerHotel | None:
    return event_row(PartnerHotel, event, hotel_id)


def guests_count(hotel: PartnerHotel) -> int:
    return db.session.scalar(
        select(func.count()).select_from(TravelPlan).where(TravelPlan.hotel_id == hotel.id)
    )


def save_hotel(event: Event, values: dict[str, Any], hotel: PartnerHotel | None = None):
    """Add a partner hotel, or change ``hotel``; every problem at once."""
    require_unit_of_work()
    errors = ErrorCollector()
    cleaned = {}
    for name, limit in LIMITS.items():
        value = values.get(name)
        text = value.strip() if isinstance(value, str) else ""
        if len(text) > limit:
            errors.add(DomainError(_l("This is too long."), field=name))
        cleaned[name] = text
    if not cleaned["name_en"]:
        errors.add(DomainError(_l("Give the hotel's name in English."), field="name_en"))
    position = values.get("position")
    errors.raise_any()
    if hotel is None:
        hotel = PartnerHotel(event_id=event.id)
        db.session.add(hotel)
    for name, text in cleaned.items():
        setattr(hotel, name, text)
    hotel.position = position if isinstance(position, int) else 0
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            _l("There is already a partner hotel of this name."), field="name_en"
        ) from None
    return hotel


def delete_hotel(event: Event, hotel_id: int) -> str:
    require_unit_of_work()
    hotel = hotel_of(event, hotel_id)
    if hotel is None:
        raise DomainError(_l("There is no such partner hotel."))
    guests = guests_count(hotel)
    if guests:
        raise Conflict(
            _nl(
                "%(num)d person stays at %(hotel)s, so it stays on the list.",
                "%(num)d people stay at %(hotel)s, so it stays on the list.",
                guests,
                hotel=hotel.name_en,
            )
        )
    name = hotel.name_en
    db.session.delete(hotel)
    db.session.flush()
    return name
