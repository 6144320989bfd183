"""Check-in points: the organisers define them, each with its rule, and see a room's live fill.

A room gate counts against the capacity of the programme room it is linked to; a VIP lounge
names the registration categories it admits (people marked VIP are admitted too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from showcase.checkin.models import Gate, GateKind, WhenFull
from showcase.checkin.services.scans import room_capacity, room_fill
from showcase.core.db import event_row, event_rows, utcnow
from showcase.core.errors import DomainError, ErrorCollector
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import Room
from showcase.registration.models import RegistrationCategory


class GateError(DomainError):
    status_code = 400


def list_gates(event: Event) -> list[Gate]:
    return event_rows(Gate, event, Gate.position, Gate.id)


def get_gate(event: Event, gate_id: int) -> Gate | None:
    return event_row(Gate, event, gate_id)


def _choice(enum_class, value, default):
    try:
        return enum_class(value or default)
    except ValueError:
        return None


def save_gate(event: Event, values: dict[str, Any], gate: Gate | None = None) -> Gate:
    """Create or change a gate; every problem of the form reported at once."""
    problems = ErrorCollector()
    name_en = " ".join(str(values.get("name_en") or "").split())
    if not name_en or len(name_en) > 80:
        problems.add(GateError(_l("Give a name of up to 80 characters."), field="name_en"))
    name_th = " ".join(str(values.get("name_th") or "").split())
    if len(name_th) > 80:
        problems.add(GateError(_l("Give a name of up to 80 characters."), field="name_th"))
    kind = _choice(GateKind, values.get("kind"), GateKind.MAIN)
    if kind is None:
        problems.add(GateError(_l("Choose what kind of check-in point this is."), field="kind"))
    when_full = _choice(WhenFull, values.get("when_full"), WhenFull.REFUSE)
    if when_full is None:
        problems.add(GateError(_l("Choose what happens when the room is full."), field="when_full"))
    room = None
    if values.get("room"):
        room = event_row(Room, event, values["room"]) if isinstance(values["room"], int) else None
        if room is None:
            problems.add(GateError(_l("Choose one of this event's rooms."), field="room"))
    if kind == GateKind.ROOM and room is None and not problems.errors:
        problems.add(GateError(_l("A room's check-in point needs its room."), field="room"))
    categories = []
    for category_id in values.get("categories") or []:
        category = event_row(RegistrationCategory, event, category_id)
        if category is None:
            problems.add(GateError(_l("Choose categories of this event."), field="categories"))
            break
        categories.append(category)
    if kind == GateKind.VIP and not categories and not problems.errors:
        problems.add(
            GateError(_l("Choose the categories the VIP lounge admits."), field="categories")
        )
    problems.raise_any()
    if gate is None:
        gate = Gate(event_id=event.id)
        db.session.add(gate)
    gate.name_en = name_en
    gate.name_th = name_th
    gate.kind = kind
    gate.room = room if kind == GateKind.ROOM else None
    gate.when_full = when_full
    gate.categories = categories if kind == GateKind.VIP else []
    gate.position = int(values.get("position") or 0)
    db.session.flush()
    return gate


def start_new_count(gate: Gate, now: datetime | None = None) -> Gate:
    """A room's count starts again (between two sessions)."""
    if gate.kind != GateKind.ROOM:
        raise GateError(_l("Only a room's check-in point keeps a count."))
    gate.counted_since = now or utcnow()
    return gate


@dataclass(frozen=True)
class RoomFill:
    gate: Gate
    fill: int
    capacity: int | None

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.fill >= self.capacity


def room_fills(event: Event, now: datetime | None = None) -> list[RoomFill]:
    """The live fill of every room gate."""
    return [
        RoomFill(gate, room_fill(gate, now), room_capacity(gate))
        for gate in list_gates(event)
        if gate.kind == GateKind.ROOM
    ]


def fills_by_room(event: Event, now: datetime | None = None) -> dict[str, RoomFill]:
    """The live fill of each room that has a gate, by the room's GUID (as the published
    schedule names rooms), for the room's line in "now and next"."""
    return {
        str(fill.gate.room.guid): fill
        for fill in room_fills(event, now)
        if fill.gate.room is not None
    }
