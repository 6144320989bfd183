"""The organisers' travel lists, built from the plans of the event's active registrations:
the arrivals manifest and the departures list (by local day and airport, in time order), who
stays at which hotel and for how many nights, and the airport transfers to arrange. The page
and the CSV export of each list read the same rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from showcase.core.time import to_local, zone_label
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import ACTIVE_STATES, Registration
from showcase.travel.models import TravelPlan
from showcase.travel.services.hotels import hotels_of
from showcase.travel.services.plans import AIRPORTS, OTHER, airport_name, missing


def plans_of(event: Event) -> list[TravelPlan]:
    """The plans of the event's active registrations (cancelled and erased people travel no
    more)."""
    return list(
        db.session.scalars(
            select(TravelPlan)
            .join(Registration, Registration.id == TravelPlan.registration_id)
            .where(
                Registration.event_id == event.id,
                Registration.state.in_(ACTIVE_STATES),
                Registration.erased_at.is_(None),
            )
            .options(
                joinedload(TravelPlan.registration).joinedload(Registration.city),
                joinedload(TravelPlan.hotel),
            )
        ).unique()
    )


def delegation_label(registration: Registration) -> str:
    """'Yokohama (delegation)' for a delegation's member, else the person's city."""
    city = registration.city_label
    if registration.delegation_id is not None:
        return str(_l("%(city)s (delegation)", city=city))
    return city


def hotel_label(plan: TravelPlan) -> str:
    if plan.hotel is not None:
        return plan.hotel.name
    return plan.hotel_other


@dataclass
class Movement:
    """One person arriving or leaving: a line of the manifest."""

    plan: TravelPlan
    day: date
    at: datetime | None
    airport: str
    flight: str
    transfer: bool
    kind: str = "arrival"

    @property
    def registration(self) -> Registration:
        return self.plan.registration

    def time(self, tz: str) -> str:
        return to_local(self.at, tz).strftime("%H:%M") if self.at else ""

    @property
    def airport_label(self) -> str:
        if self.airport == OTHER:
            return self.other
        return airport_name(self.airport) if self.airport else ""

    @property
    def other(self) -> str:
        return getattr(self.plan, f"{self.kind}_airport_other")


@dataclass
class AirportGroup:
    airport: str
    label: str
    movements: list[Movement] = field(default_factory=list)

    @property
    def transfers(self) -> int:
        return sum(1 for movement in self.movements if movement.transfer)


@dataclass
class DayGroup:
    day: date
    airports: list[AirportGroup] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(len(group.movements) for group in self.airports)

    @property
    def transfers(self) -> int:
        return sum(group.transfers for group in self.airports)


def movements(plans: list[TravelPlan], kind: str) -> list[Movement]:
    """Each plan's arrival (``kind="arrival"``) or departure, when its day is known."""
    found = []
    for plan in plans:
        day = getattr(plan, f"{kind}_on")
        if day is None:
            continue
        found.append(
            Movement(
                plan=plan,
                day=day,
                at=getattr(plan, f"{kind}_at"),
                airport=getattr(plan, f"{kind}_airport"),
                flight=getattr(plan, f"{kind}_flight"),
                transfer=getattr(plan, f"{kind}_transfer"),
                kind=kind,
            )
        )
    return found


def _airport_order(code: str) -> tuple[int, str]:
    # The listed airports first (Suvarnabhumi, Don Mueang, …), then other ways, then unknown.
    codes = [known for known, _en, _th in AIRPORTS]
    if code in codes:
        return (codes.index(code), code)
    return (len(codes) + (0 if code == OTHER else 1), code)


def by_day_and_airport(found: list[Movement]) -> list[DayGroup]:
    """Days in order; in each, airports in the list's order; in each, people by time (unknown
    times last), then by flight and name."""
    days: dict[date, dict[str, AirportGroup]] = {}
    for movement in found:
        airports = days.setdefault(movement.day, {})
        code = movement.airport or ""
        if code not in airports:
            if code and code != OTHER:
                label = airport_name(code)
            elif code:
                label = str(_l("Other airports and by road"))
            else:
                label = str(_l("Airport not given"))
            airports[code] = AirportGroup(code, label)
        airports[code].movements.append(movement)
    groups = []
    for day in sorted(days):
        airports = [days[day][code] for code in sorted(days[day], key=_airport_order)]
        for group in airports:
            group.movements.sort(
                key=lambda m: (
                    m.at is None,
                    m.at.timestamp() if m.at else 0,
                    m.flight,
                    m.registration.full_name.casefold(),
                )
            )
        groups.append(DayGroup(day, airports))
    return groups


def manifest(plans: list[TravelPlan], kind: str, day: date | None = None) -> list[DayGroup]:
    """The arrivals (``kind="arrival"``) or departures, of one local day or of all."""
    found = [m for m in movements(plans, kind) if day is None or m.day == day]
    return by_day_and_airport(found)


def days_of(plans: list[TravelPlan], kind: str) -> list[tuple[date, int]]:
    counts = Counter(movement.day for movement in movements(plans, kind))
    return sorted(counts.items())


# Exports ----------------------------------------------------------------------------------------

MANIFEST_HEADER = (
    "date",
    "time",
    "zone",
    "airport",
    "flight",
    "name",
    "name_th",
    "delegation_or_city",
    "hotel",
    "transfer",
    "state",
)


def manifest_rows(event: Event, groups: list[DayGroup]):
    for day_group in groups:
        for airport_group in day_group.airports:
            for movement in airport_group.movements:
                registration = movement.registration
                local = to_local(movement.at, event.timezone) if movement.at else None
                yield (
                    movement.day.isoformat(),
                    movement.time(event.timezone),
                    zone_label(local) if local else "",
                    movement.airport_label or movement.airport,
                    movement.flight,
                    registration.full_name,
                    registration.full_name_th,
                    delegation_label(registration),
                    hotel_label(movement.plan),
                    movement.transfer,
                    registration.state.value,
                )


# Hotels -----------------------------------------------------------------------------------------


@dataclass
class Guest:
    plan: TravelPlan

    @property
    def registration(self) -> Registration:
        return self.plan.registration

    @property
    def check_in(self) -> date | None:
        return self.plan.arrival_on

    @property
    def check_out(self) -> date | None:
        return self.plan.departure_on

    @property
    def nights(self) -> int | None:
        if self.check_in is None or self.check_out is None:
            return None
        return (self.check_out - self.check_in).days


@dataclass
class HotelList:
    name: str
    partner: bool
    guests: list[Guest] = field(default_factory=list)
    address: str = ""

    @property
    def nights(self) -> int:
        return sum(guest.nights or 0 for guest in self.guests)

    @property
    def unknown_nights(self) -> int:
        return sum(1 for guest in self.guests if guest.nights is None)


def hotel_lists(event: Event, plans: list[TravelPlan]) -> list[HotelList]:
    """Each partner hotel (in the organisers' order, even with no guest), then the other
    hotels people named (by name), then the people who gave no hotel; guests by name. Nights
    are from the arrival's day to the departure's day."""
    partner = {
        hotel.id: HotelList(hotel.name, True, address=hotel.address) for hotel in hotels_of(event)
    }
    others: dict[str, HotelList] = {}
    unknown = HotelList(str(_l("No hotel given")), False)
    for plan in plans:
        guest = Guest(plan)
        if plan.hotel_id in partner:
            partner[plan.hotel_id].guests.append(guest)
        elif plan.hotel_other:
            key = " ".join(plan.hotel_other.split()).casefold()
            others.setdefault(key, HotelList(plan.hotel_other, False)).guests.append(guest)
        else:
            unknown.guests.append(guest)
    lists = [*partner.values(), *(others[key] for key in sorted(others))]
    if unknown.guests:
        lists.append(unknown)
    for hotel in lists:
        hotel.guests.sort(key=lambda g: g.registration.full_name.casefold())
    return lists


HOTEL_HEADER = (
    "hotel",
    "partner_hotel",
    "name",
    "name_th",
    "delegation_or_city",
    "check_in",
    "check_out",
    "nights",
)


def hotel_rows(lists: list[HotelList]):
    for hotel in lists:
        for guest in hotel.guests:
            registration = guest.registration
            yield (
                hotel.name,
                hotel.partner,
                registration.full_name,
                registration.full_name_th,
                delegation_label(registration),
                guest.check_in,
                guest.check_out,
                "" if guest.nights is None else guest.nights,
            )


# Transfers --------------------------------------------------------------------------------------


@dataclass
class TransferTotal:
    day: date
    airport: str
    label: str
    arrivals: int = 0
    departures: int = 0


def transfer_totals(plans: list[TravelPlan]) -> list[TransferTotal]:
    """How many people want a transfer, per local day and airport, arriving and leaving."""
    totals: dict[tuple[date, str], TransferTotal] = {}
    for kind in ("arrival", "departure"):
        days = by_day_and_airport([m for m in movements(plans, kind) if m.transfer])
        for day_group in days:
            for group in day_group.airports:
                key = (day_group.day, group.airport)
                total = totals.setdefault(
                    key, TransferTotal(day_group.day, group.airport, group.label)
                )
                if kind == "arrival":
                    total.arrivals += len(group.movements)
                else:
                    total.departures += len(group.movements)
    return [totals[key] for key in sorted(totals, key=lambda k: (k[0], _airport_order(k[1])))]


def summary(plans: list[TravelPlan]) -> dict[str, Any]:
    """How many people gave travel details, and how many of their plans lack something."""
    return {
        "plans": len(plans),
        "incomplete": sum(1 for plan in plans if missing(plan)),
    }
