"""Halls and booths: creating, editing and importing the layout, with its geometry rules.

Positions and sizes are in metres; a booth's position is its top-left corner, measured from the
top-left corner of its hall. Booths may touch but not overlap, and must lie inside their hall.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from showcase.booths.models import (
    ApplicationState,
    Booth,
    BoothApplication,
    BoothAvailability,
    Hall,
)
from showcase.core.csvio import RowError, read_csv
from showcase.core.db import event_row, event_rows, require_unit_of_work
from showcase.core.errors import Conflict, DomainError
from showcase.core.i18n import localized
from showcase.events.models import Event, Track
from showcase.extensions import db

CODE_PATTERN = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])?$")
GENERAL_ZONE = "general"
# Floating-point slack: booths that touch (share an edge) do not overlap.
EPSILON = 1e-6
MAX_HALL_METRES = 1000.0
MIN_BOOTH_METRES = 0.5
MAX_BOOTH_METRES = 100.0

TRUE_WORDS = {"1", "yes", "y", "true", "x", "ใช่"}
FALSE_WORDS = {"", "0", "no", "n", "false", "ไม่"}

BOOTH_CSV_REQUIRED = ("code", "hall", "x", "y", "width", "depth")
BOOTH_CSV_OPTIONAL = ("zone", "power", "internet", "corner", "availability", "note")
# Columns of the export for people (the booth's status, its exhibitor) that an import ignores, so
# that an exported file can be edited and imported again.
BOOTH_CSV_EXPORT_ONLY = ("status", "exhibitor")


HALL_CODE_TAKEN = _l("Another hall already has this code.")
BOOTH_CODE_TAKEN = _l("Another booth already has this code.")


class LayoutError(DomainError):
    pass


# Reading ------------------------------------------------------------------------------------


def list_halls(event: Event) -> list[Hall]:
    return event_rows(
        Hall,
        event,
        Hall.position,
        Hall.code,
        options=(
            selectinload(Hall.booths)
            .selectinload(Booth.exhibitor)
            .selectinload(BoothApplication.city),
            selectinload(Hall.booths).selectinload(Booth.track),
        ),
    )


def get_hall(event: Event, hall_id: int) -> Hall | None:
    return event_row(Hall, event, hall_id)


def hall_by_code(event: Event, code: str) -> Hall | None:
    return db.session.scalar(
        select(Hall).where(Hall.event_id == event.id, func.upper(Hall.code) == code.upper())
    )


def list_booths(event: Event) -> list[Booth]:
    return list(
        db.session.scalars(
            select(Booth)
            .join(Hall)
            .where(Booth.event_id == event.id)
            .order_by(Hall.position, Hall.code, Booth.code)
            .options(selectinload(Booth.exhibitor), selectinload(Booth.track))
        )
    )


def get_booth(event: Event, booth_id: int) -> Booth | None:
    return event_row(Booth, event, booth_id)


def booth_by_code(event: Event, code: str) -> Booth | None:
    return db.session.scalar(
        select(Booth).where(Booth.event_id == event.id, Booth.code == normalise_code(code))
    )


def booth_is_taken(booth: Booth) -> bool:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(BoothApplication)
            .where(BoothApplication.booth_id == booth.id)
        )
        > 0
    )


def free_booths(event: Event) -> list[Booth]:
    """Booths an organiser may assign: available and not assigned to anybody."""
    taken = select(BoothApplication.booth_id).where(
        BoothApplication.event_id == event.id,
        BoothApplication.state == ApplicationState.APPROVED,
        BoothApplication.booth_id.is_not(None),
    )
    return list(
        db.session.scalars(
            select(Booth)
            .join(Hall)
            .where(
                Booth.event_id == event.id,
                Booth.availability == BoothAvailability.AVAILABLE,
                Booth.id.not_in(taken),
            )
            .order_by(Hall.position, Hall.code, Booth.code)
            .options(selectinload(Booth.track), selectinload(Booth.hall))
        )
    )


# Values ---------------------------------------------------------------------------------------


def normalise_code(code: str | None) -> str:
    return (code or "").strip().upper()


def parse_metres(value: Any, field: str, low: float, high: float) -> float:
    """A length in metres (a comma is read as a decimal point), rounded to centimetres."""
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise LayoutError(_l("Give a number of metres, such as 3 or 4.5."), field=field) from None
    if not math.isfinite(number) or not low <= number <= high:
        raise LayoutError(
            _l("Give a number of metres from %(low)s to %(high)s.", low=low, high=high),
            field=field,
        )
    return round(number, 2)


def zone_track(event: Event, zone: str | None) -> Track | None:
    """The track of a zone slug; ``None`` for the general zone. Raises for an unknown zone."""
    slug = (zone or "").strip().lower() or GENERAL_ZONE
    if slug == GENERAL_ZONE:
        return None
    for track in event.tracks:
        if track.slug == slug:
            return track
    choices = ", ".join([GENERAL_ZONE, *(track.slug for track in event.tracks)])
    raise LayoutError(
        _l("The zone must be one of: %(choices)s.", choices=choices),
        field="zone",
    )


def clean_hall_values(values: dict[str, Any]) -> dict[str, Any]:
    code = normalise_code(values.get("code"))
    if not CODE_PATTERN.match(code):
        raise LayoutError(
            _l("Use 1 to 16 letters, digits and hyphens, such as A or HALL-2."), field="code"
        )
    name_en = (values.get("name_en") or "").strip()
    if not name_en:
        raise LayoutError(_l("The English name is required."), field="name_en")
    return {
        "code": code,
        "name_en": name_en[:120],
        "name_th": (values.get("name_th") or "").strip()[:120],
        "width": parse_metres(values.get("width"), "width", 1, MAX_HALL_METRES),
        "depth": parse_metres(values.get("depth"), "depth", 1, MAX_HALL_METRES),
        "position": int(values.get("position") or 0),
    }


def parse_flag(value: Any, field: str, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return default
    word = str(value).strip().lower()
    if word == "":
        return default
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise LayoutError(_l("Write yes or no, not “%(value)s”.", value=value), field=field)


def parse_availability(value: Any) -> BoothAvailability:
    if isinstance(value, BoothAvailability):
        return value
    word = (str(value or "")).strip().lower() or BoothAvailability.AVAILABLE.value
    try:
        return BoothAvailability(word)
    except ValueError:
        raise LayoutError(
            _l("Availability must be available, held or blocked, not “%(value)s”.", value=value),
            field="availability",
        ) from None


def clean_booth_values(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise a booth's fields; the hall is given as ``hall`` (a Hall)."""
    code = normalise_code(values.get("code"))
    if not CODE_PATTERN.match(code):
        raise LayoutError(
            _l("Use 1 to 16 letters, digits and hyphens, such as A-12."), field="code"
        )
    hall = values.get("hall")
    if not isinstance(hall, Hall) or hall.event_id != event.id:
        raise LayoutError(_l("Choose a hall of this event."), field="hall")
    track = zone_track(event, values.get("zone"))
    return {
        "code": code,
        "hall": hall,
        "x": parse_metres(values.get("x"), "x", 0, MAX_HALL_METRES),
        "y": parse_metres(values.get("y"), "y", 0, MAX_HALL_METRES),
        "width": parse_metres(values.get("width"), "width", MIN_BOOTH_METRES, MAX_BOOTH_METRES),
        "depth": parse_metres(values.get("depth"), "depth", MIN_BOOTH_METRES, MAX_BOOTH_METRES),
        "track": track,
        "has_power": parse_flag(values.get("has_power"), "has_power", True),
        "has_internet": parse_flag(values.get("has_internet"), "has_internet", False),
        "is_corner": parse_flag(values.get("is_corner"), "is_corner", False),
        "availability": parse_availability(values.get("availability")),
        "note": (values.get("note") or "").strip()[:300],
    }


# Geometry -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Footprint:
    """Where a booth stands: its hall and rectangle, and what to call it in a message."""

    code: str
    hall_id: int
    x: float
    y: float
    width: float
    depth: float
    line: int | None = None  # line of an import file; None for a booth already saved

    def overlaps(self, other: Footprint) -> bool:
        return (
            self.hall_id == other.hall_id
            and self.x < other.x + other.width - EPSILON
            and other.x < self.x + self.width - EPSILON
            and self.y < other.y + other.depth - EPSILON
            and other.y < self.y + self.depth - EPSILON
        )

    def fits_in(self, hall: Hall) -> bool:
        return self.fits_within(hall.width, hall.depth)

    def fits_within(self, width: float, depth: float) -> bool:
        return self.x + self.width <= width + EPSILON and self.y + self.depth <= depth + EPSILON


def footprint_of(booth: Booth) -> Footprint:
    return Footprint(booth.code, booth.hall_id, booth.x, booth.y, booth.width, booth.depth)


def outside_message(footprint: Footprint, hall: Hall) -> str:
    return str(
        _l(
            "booth %(code)s (%(x)s–%(right)s m × %(y)s–%(bottom)s m) lies outside hall "
            "%(hall)s (%(width)s × %(depth)s m)",
            code=footprint.code,
            x=format_metres(footprint.x),
            right=format_metres(footprint.x + footprint.width),
            y=format_metres(footprint.y),
            bottom=format_metres(footprint.y + footprint.depth),
            hall=hall.code,
            width=format_metres(hall.width),
            depth=format_metres(hall.depth),
        )
    )


def overlap_message(footprint: Footprint, other: Footprint) -> str:
    if other.line is not None:
        return str(
            _l(
                "booth %(code)s overlaps booth %(other)s on line %(line)d",
                code=footprint.code,
                other=other.code,
                line=other.line,
            )
        )
    return str(
        _l(
            "booth %(code)s overlaps booth %(other)s, which is already on the plan",
            code=footprint.code,
            other=other.code,
        )
    )


def format_metres(value: float) -> str:
    return f"{value:g}"


def find_overlaps(footprints: Iterable[Footprint]) -> list[tuple[Footprint, Footprint]]:
    """Every overlapping pair, found with a sweep along x (each pair once, earlier one first)."""
    ordered = sorted(footprints, key=lambda f: (f.hall_id, f.x))
    pairs = []
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.hall_id != first.hall_id or second.x >= first.x + first.width - EPSILON:
                break
            if first.overlaps(second):
                pairs.append((first, second))
    return pairs


def check_geometry(footprint: Footprint, hall: Hall, others: Iterable[Footprint]) -> None:
    if not footprint.fits_in(hall):
        raise LayoutError(_capitalise(outside_message(footprint, hall)), field="x")
    for other in others:
        if other.code != footprint.code and footprint.overlaps(other):
            raise LayoutError(_capitalise(overlap_message(footprint, other)), field="x")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _planned_footprint(cleaned: dict[str, Any], line: int | None = None) -> Footprint:
    """Where a booth's cleaned values (from the form, or line ``line`` of an import) put it."""
    return Footprint(
        cleaned["code"],
        cleaned["hall"].id,
        cleaned["x"],
        cleaned["y"],
        cleaned["width"],
        cleaned["depth"],
        line,
    )


def hall_footprints(hall_id: int, except_booth_id: int | None = None) -> list[Footprint]:
    query = select(Booth).where(Booth.hall_id == hall_id)
    if except_booth_id is not None:
        query = query.where(Booth.id != except_booth_id)
    return [footprint_of(booth) for booth in db.session.scalars(query)]


# Halls ----------------------------------------------------------------------------------------


def create_hall(event: Event, **values: Any) -> Hall:
    cleaned = clean_hall_values(values)
    _refuse_taken_code(hall_by_code(event, cleaned["code"]), None, HALL_CODE_TAKEN)
    if not values.get("position"):
        count = db.session.scalar(
            select(func.count()).select_from(Hall).where(Hall.event_id == event.id)
        )
        cleaned["position"] = count or 0
    with _unique_code(HALL_CODE_TAKEN):
        hall = Hall(event_id=event.id, **cleaned)
        db.session.add(hall)
    return hall


def update_hall(hall: Hall, **values: Any) -> Hall:
    event = db.session.get(Event, hall.event_id)
    cleaned = clean_hall_values({"position": hall.position, **values})
    _refuse_taken_code(hall_by_code(event, cleaned["code"]), hall, HALL_CODE_TAKEN)
    for footprint in hall_footprints(hall.id):
        if not footprint.fits_within(cleaned["width"], cleaned["depth"]):
            raise LayoutError(
                _l(
                    "Booth %(code)s would lie outside the hall; move it or keep the hall larger.",
                    code=footprint.code,
                ),
                field="width",
            )
    with _unique_code(HALL_CODE_TAKEN):
        _write(hall, cleaned)
    return hall


def delete_hall(hall: Hall) -> None:
    if db.session.scalar(select(func.count()).select_from(Booth).where(Booth.hall_id == hall.id)):
        raise Conflict(_l("Only an empty hall can be deleted: move or delete its booths first."))
    db.session.delete(hall)
    db.session.flush()


# Booths ---------------------------------------------------------------------------------------


def create_booth(event: Event, **values: Any) -> Booth:
    cleaned = clean_booth_values(event, values)
    _refuse_taken_code(booth_by_code(event, cleaned["code"]), None, BOOTH_CODE_TAKEN)
    hall = cleaned["hall"]
    check_geometry(_planned_footprint(cleaned), hall, hall_footprints(hall.id))
    with _unique_code(BOOTH_CODE_TAKEN):
        booth = Booth(event_id=event.id, **cleaned)
        db.session.add(booth)
    return booth


def update_booth(booth: Booth, **values: Any) -> Booth:
    event = db.session.get(Event, booth.event_id)
    cleaned = clean_booth_values(event, values)
    _refuse_taken_code(booth_by_code(event, cleaned["code"]), booth, BOOTH_CODE_TAKEN)
    hall = cleaned["hall"]
    check_geometry(
        _planned_footprint(cleaned), hall, hall_footprints(hall.id, except_booth_id=booth.id)
    )
    if cleaned["availability"] != BoothAvailability.AVAILABLE and booth_is_taken(booth):
        raise Conflict(
            _l(
                "This booth is assigned to an exhibitor. Cancel or move that exhibitor before "
                "holding or blocking the booth."
            ),
            field="availability",
        )
    with _unique_code(BOOTH_CODE_TAKEN):
        _write(booth, cleaned)
    return booth


def delete_booth(booth: Booth) -> None:
    if booth_is_taken(booth):
        raise Conflict(
            _l("This booth is assigned to an exhibitor; cancel or move the exhibitor first.")
        )
    db.session.delete(booth)
    db.session.flush()


def _refuse_taken_code(holder: Hall | Booth | None, row: Hall | Booth | None, message) -> None:
    """Refuse, on the code field, a code that another hall (or booth) of the event has already
    (``row``: the one being changed, None for a new one)."""
    if holder is not None and (row is None or holder.id != row.id):
        raise LayoutError(message, field="code")


def _write(row: Hall | Booth, cleaned: dict[str, Any]) -> None:
    for name, value in cleaned.items():
        setattr(row, name, value)


@contextmanager
def _unique_code(message) -> Iterator[None]:
    """Make the block's changes in a savepoint and flush them: a code that the unique index
    refuses (another request took it meanwhile) becomes a form error on the code."""
    work = require_unit_of_work()
    try:
        with work.savepoint():
            yield
            db.session.flush()
    except IntegrityError as error:
        raise Conflict(message, field="code") from error


# CSV import -----------------------------------------------------------------------------------


@dataclass
class BoothImportResult:
    created: int
    updated: int


def import_booths_csv(event: Event, data: bytes) -> BoothImportResult:
    """Create or update booths (matched by code) from a CSV file: every row or none.

    Refused, with each bad row named by its line: unknown halls or zones, bad numbers, a code
    used twice in the file, booths outside their hall, and booths that overlap one another or a
    booth already on the plan that the file does not move.
    """
    parsed = read_csv(data, BOOTH_CSV_REQUIRED, BOOTH_CSV_OPTIONAL + BOOTH_CSV_EXPORT_ONLY)
    errors: list[RowError] = []
    halls = {hall.code.upper(): hall for hall in list_halls(event)}
    existing = {booth.code: booth for booth in list_booths(event)}
    seen: dict[str, int] = {}
    prepared: list[tuple[int, dict[str, Any]]] = []
    for line, row in parsed.rows:
        code = normalise_code(row.get("code"))
        hall = halls.get((row.get("hall") or "").strip().upper())
        if hall is None:
            known = ", ".join(sorted(halls)) or "—"
            errors.append(
                RowError(
                    line,
                    str(
                        _l(
                            "there is no hall “%(hall)s” (halls: %(known)s)",
                            hall=row.get("hall", ""),
                            known=known,
                        )
                    ),
                )
            )
            continue
        try:
            cleaned = clean_booth_values(
                event,
                {
                    "code": code,
                    "hall": hall,
                    "x": row.get("x"),
                    "y": row.get("y"),
                    "width": row.get("width"),
                    "depth": row.get("depth"),
                    "zone": row.get("zone"),
                    "has_power": row.get("power"),
                    "has_internet": row.get("internet"),
                    "is_corner": row.get("corner"),
                    "availability": row.get("availability"),
                    "note": row.get("note"),
                },
            )
        except LayoutError as error:
            column = {"has_power": "power", "has_internet": "internet", "is_corner": "corner"}
            errors.append(
                RowError(line, f"{column.get(error.field, error.field)}: {error.message}")
            )
            continue
        if code in seen:
            errors.append(
                RowError(
                    line,
                    str(
                        _l(
                            "the code %(code)s is already used on line %(line)d",
                            code=code,
                            line=seen[code],
                        )
                    ),
                )
            )
            continue
        seen[code] = line
        booth = existing.get(code)
        if (
            booth is not None
            and cleaned["availability"] != BoothAvailability.AVAILABLE
            and booth.exhibitor is not None
        ):
            errors.append(
                RowError(
                    line,
                    str(
                        _l(
                            "booth %(code)s is assigned to an exhibitor and cannot be held or "
                            "blocked",
                            code=code,
                        )
                    ),
                )
            )
            continue
        prepared.append((line, cleaned))

    # Geometry: the booths of the file where the file puts them, and every other booth where
    # it stands now.
    footprints = [_planned_footprint(cleaned, line) for line, cleaned in prepared]
    hall_by_id = {hall.id: hall for hall in halls.values()}
    for footprint in footprints:
        hall = hall_by_id[footprint.hall_id]
        if not footprint.fits_in(hall):
            errors.append(RowError(footprint.line, outside_message(footprint, hall)))
    staying = [footprint_of(b) for code, b in existing.items() if code not in seen]
    reported: set[int] = set()
    for first, second in find_overlaps([*footprints, *staying]):
        if first.line is None and second.line is None:
            continue  # two booths already on the plan: not this file's doing
        row, other = (first, second) if first.line is not None else (second, first)
        if second.line is not None and first.line is not None and second.line > first.line:
            row, other = second, first
        if row.line in reported:
            continue
        reported.add(row.line)
        errors.append(RowError(row.line, overlap_message(row, other)))
    if not parsed.rows and not errors and not parsed.errors:
        errors.append(RowError(2, str(_l("the file has a header but no booths"))))
    parsed.raise_if(errors)

    created = updated = 0
    with _unique_code(BOOTH_CODE_TAKEN):
        for _line, cleaned in prepared:
            booth = existing.get(cleaned["code"])
            if booth is None:
                db.session.add(Booth(event_id=event.id, **cleaned))
                created += 1
            else:
                _write(booth, cleaned)
                updated += 1
    return BoothImportResult(created=created, updated=updated)


def booth_csv_rows(event: Event) -> Iterable[list[Any]]:
    """The layout in the import format, so an export can be edited and imported again."""
    for booth in list_booths(event):
        yield [
            booth.code,
            booth.hall.code,
            format_metres(booth.x),
            format_metres(booth.y),
            format_metres(booth.width),
            format_metres(booth.depth),
            booth.zone_slug,
            "yes" if booth.has_power else "no",
            "yes" if booth.has_internet else "no",
            "yes" if booth.is_corner else "no",
            booth.availability.value,
            booth.note,
            booth.state.label,
            localized(booth.exhibitor.city, "name") if booth.exhibitor is not None else "",
        ]
