"""Which badges to print: the confirmed registrations of an event, narrowed by category, city and
delegation, and by what was printed already ("not printed yet", "changed since printed").

A badge has changed since it was printed when its fingerprint (a hash of everything the badge
shows: names in both scripts, protocol title, job, organisation, city, category, colour band,
head-of-delegation mark and the code) differs from the one its last print recorded. An edit
that the badge does not show (an email address, a dietary need, a check-in) changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from showcase.badges.models import BadgePrint
from showcase.core.labels import LabelledEnum
from showcase.delegations.models import Delegation
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState


class Printed(LabelledEnum):
    """The filter on what was printed already ("" is every badge)."""

    ANY = "", _l("Every badge")
    NOT_YET = "not_printed", _l("Not printed yet")
    CHANGED = "changed", _l("Changed since printed")
    UNCHANGED = "printed", _l("Printed and unchanged")


@dataclass(frozen=True)
class BadgeFilters:
    category_id: int | None = None
    city_id: int | None = None
    delegation_id: int | None = None
    printed: Printed = Printed.ANY


def fingerprint(registration: Registration) -> str:
    """A hash of what the badge of ``registration`` shows, in no particular language."""
    category = registration.category
    parts = (
        registration.honorific,
        registration.full_name,
        registration.full_name_th,
        registration.job_title,
        registration.organisation,
        str(registration.city_id or ""),
        registration.other_country,
        registration.other_city,
        str(registration.category_id),
        category.name_en,
        category.name_th,
        registration.badge_kind.value,
        "head" if registration.is_head else "",
        registration.badge_code,
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class BadgeRow:
    """A registration whose badge may be printed, with its last print (if any)."""

    registration: Registration
    last_print: BadgePrint | None
    fingerprint: str

    @property
    def printed(self) -> Printed:
        if self.last_print is None:
            return Printed.NOT_YET
        if self.last_print.fingerprint != self.fingerprint:
            return Printed.CHANGED
        return Printed.UNCHANGED


def last_prints(event: Event) -> dict[int, BadgePrint]:
    """The last print of each registration of ``event`` that has one."""
    latest = (
        select(func.max(BadgePrint.id))
        .where(BadgePrint.event_id == event.id)
        .group_by(BadgePrint.registration_id)
    )
    prints = db.session.scalars(select(BadgePrint).where(BadgePrint.id.in_(latest)))
    return {entry.registration_id: entry for entry in prints}


def badge_rows(event: Event, filters: BadgeFilters) -> list[BadgeRow]:
    """Every confirmed registration of ``event`` within the category, city and delegation of
    ``filters`` (whatever was printed), by city, head of delegation first, then by name."""
    query = (
        select(Registration)
        .outerjoin(City, City.id == Registration.city_id)
        .where(
            Registration.event_id == event.id,
            Registration.state == RegistrationState.CONFIRMED,
            Registration.erased_at.is_(None),
        )
        .options(selectinload(Registration.category), selectinload(Registration.city))
        .order_by(
            City.name_en.is_(None),
            City.name_en,
            Registration.is_head.desc(),
            Registration.full_name,
            Registration.id,
        )
    )
    if filters.category_id is not None:
        query = query.where(Registration.category_id == filters.category_id)
    if filters.city_id is not None:
        query = query.where(Registration.city_id == filters.city_id)
    if filters.delegation_id is not None:
        query = query.where(Registration.delegation_id == filters.delegation_id)
    prints = last_prints(event)
    return [
        BadgeRow(registration, prints.get(registration.id), fingerprint(registration))
        for registration in db.session.scalars(query)
    ]


def select_badges(event: Event, filters: BadgeFilters) -> list[BadgeRow]:
    """The badges ``filters`` choose, what was printed included."""
    rows = badge_rows(event, filters)
    if filters.printed == Printed.ANY:
        return rows
    return [row for row in rows if row.printed == filters.printed]


def printed_counts(rows: list[BadgeRow]) -> dict[Printed, int]:
    """How many of ``rows`` each "printed" filter would choose."""
    counts = dict.fromkeys(Printed, 0)
    counts[Printed.ANY] = len(rows)
    for row in rows:
        counts[row.printed] += 1
    return counts


def event_delegations(event: Event) -> list[Delegation]:
    """The delegations of ``event`` that have a confirmed member, for the filter."""
    return list(
        db.session.scalars(
            select(Delegation)
            .join(City, City.id == Delegation.city_id)
            .where(
                Delegation.event_id == event.id,
                Delegation.id.in_(
                    select(Registration.delegation_id).where(
                        Registration.event_id == event.id,
                        Registration.state == RegistrationState.CONFIRMED,
                    )
                ),
            )
            .options(selectinload(Delegation.city))
            .order_by(City.name_en)
        )
    )
