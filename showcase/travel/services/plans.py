"""A person's travel plan: given by the person from their registration's page, by their
delegation's coordinator, or by an organiser; checked here, all problems at once.

Dates are the local dates of the event's zone and must fall in the travel window: from
``WINDOW_DAYS`` days before the event's first day to ``WINDOW_DAYS`` days after its last.
Times are wall-clock times in the event's zone (the arrival airports are all in Thailand),
stored in UTC. Flight numbers are an airline's IATA code (two letters or a letter and a digit)
or ICAO code (three letters) followed by one to four digits and maybe a letter, stored without
spaces ("TG 661" is kept as "TG661").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from showcase.core.db import require_unit_of_work
from showcase.core.errors import Conflict, DomainError, ErrorCollector
from showcase.core.i18n import current_language
from showcase.core.time import format_date, local_datetime_to_utc, to_local
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import ACTIVE_STATES, Registration
from showcase.travel.models import PartnerHotel, TravelPlan

WINDOW_DAYS = 7
OTHER = "other"

# IATA code, name in English, name in Thai: the airports delegates fly into for a showcase in
# Bangkok and its member cities (the EEC's U-Tapao among them). Anything else is "other".
AIRPORTS = (
    ("BKK", "Bangkok Suvarnabhumi", "สุวรรณภูมิ กรุงเทพฯ"),
    ("DMK", "Bangkok Don Mueang", "ดอนเมือง กรุงเทพฯ"),
    ("CNX", "Chiang Mai", "เชียงใหม่"),
    ("CEI", "Chiang Rai", "เชียงราย"),
    ("HKT", "Phuket", "ภูเก็ต"),
    ("KKC", "Khon Kaen", "ขอนแก่น"),
    ("UTH", "Udon Thani", "อุดรธานี"),
    ("UTP", "U-Tapao Rayong–Pattaya", "อู่ตะเภา ระยอง–พัทยา"),
    ("HDY", "Hat Yai", "หาดใหญ่"),
    ("KBV", "Krabi", "กระบี่"),
    ("USM", "Samui", "สมุย"),
)
AIRPORT_CODES = frozenset(code for code, _en, _th in AIRPORTS)

FLIGHT = re.compile(r"^(?:[A-Z]{2}|[A-Z][0-9]|[0-9][A-Z]|[A-Z]{3})[0-9]{1,4}[A-Z]?$")
LIMITS = {"airport_other": 120, "hotel_other": 200}

JOURNEYS = ("arrival", "departure")


def airport_name(code: str, lang: str | None = None) -> str:
    """'BKK Bangkok Suvarnabhumi' (Thai: 'BKK สุวรรณภูมิ กรุงเทพฯ'); other codes as they are."""
    lang = lang or current_language()
    for known, name_en, name_th in AIRPORTS:
        if known == code:
            return f"{code} {name_th if lang == 'th' else name_en}"
    return code


def travel_window(event: Event) -> tuple[date, date]:
    return (
        event.starts_on - timedelta(days=WINDOW_DAYS),
        event.ends_on + timedelta(days=WINDOW_DAYS),
    )


def normalise_flight(value: str | None) -> str:
    """'tg 661' → 'TG661'; ``DomainError`` for text that is no flight number."""
    text = re.sub(r"[\s\-]", "", (value or "").upper())
    if not text:
        return ""
    if len(text) > 8 or not FLIGHT.match(text):
        raise DomainError(
            _l(
                "Give the flight number as on your ticket, such as TG 661 or FD 3101: the "
                "airline's code and up to four digits."
            )
        )
    return text


def plan_of(registration: Registration) -> TravelPlan | None:
    return db.session.scalar(
        select(TravelPlan).where(TravelPlan.registration_id == registration.id)
    )


def may_change(registration: Registration) -> bool:
    return registration.state in ACTIVE_STATES and registration.erased_at is None


# Saving -----------------------------------------------------------------------------------------


@dataclass
class Journey:
    on: date | None = None
    at: datetime | None = None
    flight: str = ""
    airport: str = ""
    airport_other: str = ""
    transfer: bool = False


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def _journey(event: Event, values: dict[str, Any], kind: str, errors: ErrorCollector) -> Journey:
    journey = Journey(transfer=bool(values.get(f"{kind}_transfer")))
    day, moment = values.get(f"{kind}_date"), values.get(f"{kind}_time")
    first, last = travel_window(event)
    if isinstance(day, datetime):
        day = day.date()
    if isinstance(day, date):
        if not first <= day <= last:
            errors.add(
                DomainError(
                    _l(
                        "Give a date from %(first)s to %(last)s: from a week before the event "
                        "to a week after it.",
                        first=format_date(first),
                        last=format_date(last),
                    ),
                    field=f"{kind}_date",
                )
            )
        else:
            journey.on = day
    try:
        journey.flight = normalise_flight(_text(values, f"{kind}_flight"))
    except DomainError as error:
        errors.add(DomainError(error.message, field=f"{kind}_flight"))
    airport = _text(values, f"{kind}_airport")
    if airport and airport != OTHER and airport not in AIRPORT_CODES:
        errors.add(DomainError(_l("Choose the airport from the list."), field=f"{kind}_airport"))
    else:
        journey.airport = airport
    if airport == OTHER:
        other = _text(values, f"{kind}_airport_other")
        if not other:
            errors.add(
                DomainError(
                    _l("Name the airport, or say how you travel (by road from Vientiane…)."),
                    field=f"{kind}_airport_other",
                )
            )
        elif len(other) > LIMITS["airport_other"]:
            errors.add(DomainError(_l("This is too long."), field=f"{kind}_airport_other"))
        journey.airport_other = other
    given = isinstance(moment, time) or journey.flight or journey.airport
    if day is None and given:
        errors.add(
            DomainError(
                _l("Give the date of the arrival too.")
                if kind == "arrival"
                else _l("Give the date of the departure too."),
                field=f"{kind}_date",
            )
        )
    if journey.on is not None and isinstance(moment, time):
        journey.at = local_datetime_to_utc(
            datetime.combine(journey.on, moment.replace(second=0, microsecond=0)),
            event.timezone,
        )
    return journey


def _hotel(event: Event, values: dict[str, Any], errors: ErrorCollector):
    choice = _text(values, "hotel")
    if not choice:
        return None, ""
    if choice == OTHER:
        name = _text(values, "hotel_other")
        if not name:
            errors.add(DomainError(_l("Give the name of your hotel."), field="hotel_other"))
        elif len(name) > LIMITS["hotel_other"]:
            errors.add(DomainError(_l("This is too long."), field="hotel_other"))
        return None, name
    hotel = None
    if choice.isdigit() and len(choice) < 10:
        hotel = db.session.get(PartnerHotel, int(choice))
    if hotel is None or hotel.event_id != event.id:
        errors.add(DomainError(_l("Choose the hotel from the list."), field="hotel"))
        return None, ""
    return hotel, ""


def save_plan(registration: Registration, values: dict[str, Any], by: str) -> TravelPlan:
    """Record the person's travel as given (empty fields empty what they held). Refuses a
    closed registration; reports every problem of the form at once."""
    require_unit_of_work()
    if not may_change(registration):
        raise Conflict(
            _l("This registration is closed; its travel details can no longer be changed.")
        )
    event = registration.event
    errors = ErrorCollector()
    arrival = _journey(event, values, "arrival", errors)
    departure = _journey(event, values, "departure", errors)
    hotel, hotel_other = _hotel(event, values, errors)
    if arrival.on and departure.on:
        early = departure.on < arrival.on or (
            arrival.at is not None and departure.at is not None and departure.at <= arrival.at
        )
        if early:
            errors.add(
                DomainError(
                    _l("The departure must come after the arrival."), field="departure_date"
                )
            )
    errors.raise_any()
    plan = plan_of(registration)
    if plan is None:
        plan = TravelPlan(registration_id=registration.id)
        db.session.add(plan)
    for kind, journey in (("arrival", arrival), ("departure", departure)):
        setattr(plan, f"{kind}_on", journey.on)
        setattr(plan, f"{kind}_at", journey.at)
        setattr(plan, f"{kind}_flight", journey.flight)
        setattr(plan, f"{kind}_airport", journey.airport)
        setattr(plan, f"{kind}_airport_other", journey.airport_other)
        setattr(plan, f"{kind}_transfer", journey.transfer)
    plan.hotel_id = hotel.id if hotel is not None else None
    plan.hotel = hotel
    plan.hotel_other = hotel_other
    plan.updated_by = by
    db.session.flush()
    return plan


def form_values(plan: TravelPlan | None, event: Event) -> dict[str, Any]:
    """What the form shows for a stored plan (times in the event's zone)."""
    if plan is None:
        return {}
    values: dict[str, Any] = {}
    for kind in JOURNEYS:
        moment = getattr(plan, f"{kind}_at")
        values[f"{kind}_date"] = getattr(plan, f"{kind}_on")
        values[f"{kind}_time"] = to_local(moment, event.timezone).time() if moment else None
        for name in ("flight", "airport", "airport_other", "transfer"):
            values[f"{kind}_{name}"] = getattr(plan, f"{kind}_{name}")
    values["hotel"] = str(plan.hotel_id) if plan.hotel_id else (OTHER if plan.hotel_other else "")
    values["hotel_other"] = plan.hotel_other
    return values


# What is missing --------------------------------------------------------------------------------


def missing(plan: TravelPlan | None) -> list[Any]:
    """What the organisers still need to know of this person's travel (empty: nothing)."""
    if plan is None:
        return [_l("No travel details given")]
    marks = []
    for kind in JOURNEYS:
        on, at = getattr(plan, f"{kind}_on"), getattr(plan, f"{kind}_at")
        flight, airport = getattr(plan, f"{kind}_flight"), getattr(plan, f"{kind}_airport")
        transfer = getattr(plan, f"{kind}_transfer")
        arriving = kind == "arrival"
        if on is None:
            marks.append(_l("No arrival date") if arriving else _l("No departure date"))
        elif airport != OTHER and not flight:
            marks.append(_l("No arrival flight") if arriving else _l("No departure flight"))
        if transfer and at is None:
            marks.append(
                _l("Transfer wanted but no arrival time")
                if arriving
                else _l("Transfer wanted but no departure time")
            )
        if transfer and not airport:
            marks.append(
                _l("Transfer wanted but no arrival airport")
                if arriving
                else _l("Transfer wanted but no departure airport")
            )
    if plan.hotel_id is None and not plan.hotel_other:
        marks.append(_l("No hotel"))
    return marks


# Personal data ----------------------------------------------------------------------------------


def travel_data(registration: Registration) -> dict[str, Any] | None:
    """The person's travel details for their data download (None: none given)."""
    plan = plan_of(registration)
    if plan is None:
        return None
    data: dict[str, Any] = {}
    for kind in JOURNEYS:
        on, at = getattr(plan, f"{kind}_on"), getattr(plan, f"{kind}_at")
        data[kind] = {
            "date": on.isoformat() if on else None,
            "time_utc": at.isoformat() if at else None,
            "flight": getattr(plan, f"{kind}_flight") or None,
            "airport": getattr(plan, f"{kind}_airport") or None,
            "airport_other": getattr(plan, f"{kind}_airport_other") or None,
            "transfer": getattr(plan, f"{kind}_transfer"),
        }
    data["hotel"] = plan.hotel.name_en if plan.hotel else (plan.hotel_other or None)
    data["given_by"] = plan.updated_by
    data["updated_at"] = plan.updated_at.isoformat()
    return data


def erase_travel(registration_id: int) -> int:
    """Delete the person's travel details (their erasure, or the end of retention)."""
    require_unit_of_work()
    result = db.session.execute(
        delete(TravelPlan).where(TravelPlan.registration_id == registration_id)
    )
    return result.rowcount or 0
