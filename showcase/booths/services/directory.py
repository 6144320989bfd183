"""Exhibitors (approved applications with a booth), occupancy figures and the exports."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from showcase.booths.models import (
    ApplicationState,
    Booth,
    BoothApplication,
    BoothState,
    Hall,
    application_dimension,
)
from showcase.booths.services.layout import list_halls
from showcase.core.exports import Table, columns
from showcase.events.models import City, CityKind, Event, Track
from showcase.extensions import db


def exhibitor_query(event: Event):
    return (
        select(BoothApplication)
        .join(Booth, BoothApplication.booth_id == Booth.id)
        .join(Hall, Booth.hall_id == Hall.id)
        .join(City, BoothApplication.city_id == City.id)
        .where(
            BoothApplication.event_id == event.id,
            BoothApplication.state == ApplicationState.APPROVED,
        )
        .options(
            selectinload(BoothApplication.city),
            selectinload(BoothApplication.booth).selectinload(Booth.hall),
            selectinload(BoothApplication.booth).selectinload(Booth.track),
            selectinload(BoothApplication.dimensions),
            selectinload(BoothApplication.logo),
        )
    )


def list_exhibitors(
    event: Event, dimension: str | None = None, city_id: int | None = None
) -> list[BoothApplication]:
    """Exhibitors, Thai member cities first, then by city name and booth."""
    query = exhibitor_query(event)
    if dimension:
        query = query.where(
            BoothApplication.id.in_(
                select(application_dimension.c.application_id)
                .join(Track, Track.id == application_dimension.c.track_id)
                .where(Track.slug == dimension, Track.event_id == event.id)
            )
        )
    if city_id:
        query = query.where(BoothApplication.city_id == city_id)
    query = query.order_by(City.kind != CityKind.THAI_MEMBER, City.name_en, Booth.code)
    return list(db.session.scalars(query))


def get_exhibitor(event: Event, application_id: int) -> BoothApplication | None:
    return db.session.scalar(exhibitor_query(event).where(BoothApplication.id == application_id))


def exhibitor_cities(event: Event) -> list[City]:
    """Cities with at least one exhibitor, for the directory's filter."""
    return list(
        db.session.scalars(
            select(City)
            .where(
                City.id.in_(
                    select(BoothApplication.city_id).where(
                        BoothApplication.event_id == event.id,
                        BoothApplication.state == ApplicationState.APPROVED,
                    )
                )
            )
            .order_by(City.kind != CityKind.THAI_MEMBER, City.name_en)
        )
    )


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "exhibitor"


def exhibitor_ref(application: BoothApplication) -> str:
    """The last part of an exhibitor's address: its number and its city, e.g. ``12-khon-kaen``."""
    return f"{application.id}-{slugify(application.city.name_en)}"


def parse_exhibitor_ref(ref: str) -> int | None:
    match = re.match(r"^(\d{1,9})(?:-[a-z0-9-]*)?$", ref or "")
    return int(match.group(1)) if match else None


# Occupancy --------------------------------------------------------------------------------


@dataclass
class Occupancy:
    label: str
    total: int = 0
    assigned: int = 0
    held: int = 0
    blocked: int = 0
    colour: str = ""
    slug: str = ""

    @property
    def free(self) -> int:
        return self.total - self.assigned - self.held - self.blocked

    @property
    def percent(self) -> int:
        usable = self.total - self.blocked
        return round(100 * self.assigned / usable) if usable else 0

    def count(self, booth: Booth) -> None:
        self.total += 1
        state = booth.state
        if state == BoothState.ASSIGNED:
            self.assigned += 1
        elif state == BoothState.HELD:
            self.held += 1
        elif state == BoothState.BLOCKED:
            self.blocked += 1


@dataclass
class OccupancyReport:
    halls: list[Occupancy] = field(default_factory=list)
    zones: list[Occupancy] = field(default_factory=list)
    total: Occupancy | None = None
    waiting: int = 0


GENERAL_COLOUR = "#e9ecef"


def occupancy(event: Event) -> OccupancyReport:
    report = OccupancyReport(total=Occupancy(gettext("All halls")))
    zones: dict[str, Occupancy] = {
        track.slug: Occupancy(track.name, colour=track.colour, slug=track.slug)
        for track in event.tracks
    }
    zones["general"] = Occupancy(gettext("General"), colour=GENERAL_COLOUR, slug="general")
    for hall in list_halls(event):
        row = Occupancy(hall.name)
        for booth in hall.booths:
            row.count(booth)
            report.total.count(booth)
            zones[booth.zone_slug].count(booth)
        report.halls.append(row)
    report.zones = [zone for zone in zones.values() if zone.total]
    report.waiting = db.session.scalar(
        select(func.count())
        .select_from(BoothApplication)
        .where(
            BoothApplication.event_id == event.id,
            BoothApplication.state == ApplicationState.SUBMITTED,
        )
    )
    return report


# Exports ----------------------------------------------------------------------------------

EXHIBITOR_COLUMNS = columns(
    "booth",
    "hall",
    "zone",
    "city_en",
    "city_th",
    "country",
    "country_code",
    "kind",
    "title_en",
    "title_th",
    "dimensions",
    "contact_name",
    "contact_email",
    "contact_phone",
    "organisation",
    "space_sqm",
    "needs_power",
    "needs_internet",
    "requirements",
    "approved_at",
    moments=("approved_at",),
)


def yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def exhibitor_table(event: Event) -> Table:
    """The exhibitors' export (CSV and Excel)."""
    return Table(gettext("Exhibitors"), EXHIBITOR_COLUMNS, exhibitor_rows(event), event.timezone)


def exhibitor_rows(event: Event) -> Iterable[list[Any]]:
    """One row per exhibitor, as people read it (names and labels in the reader's language)."""
    for application in list_exhibitors(event):
        booth = application.booth
        city = application.city
        yield [
            booth.code,
            booth.hall.code,
            booth.track.name if booth.track is not None else gettext("General"),
            city.name_en,
            city.name_th,
            city.country,
            city.country_code,
            city.kind.label,
            application.title_en,
            application.title_th,
            "; ".join(track.name for track in application.dimensions),
            application.contact_name,
            application.contact_email,
            application.contact_phone,
            application.organisation,
            application.space_sqm,
            yes_no(application.needs_power),
            yes_no(application.needs_internet),
            application.requirements,
            application.decided_at,
        ]
