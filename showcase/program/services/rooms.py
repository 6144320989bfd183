"""The rooms of an event and their availability windows."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from showcase.core.db import event_row, event_rows
from showcase.core.errors import DomainError
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import Room, RoomAvailability
from showcase.program.services.people import add_window, check_text, remove_window


def list_rooms(event: Event) -> list[Room]:
    return event_rows(Room, event, Room.position, Room.id)


def get_room(event: Event, room_id: int) -> Room | None:
    return event_row(Room, event, room_id)


ROOM_LIMITS = {"name_en": 120, "name_th": 120, "description_en": 300, "description_th": 300}


def room_values(values: dict) -> dict:
    cleaned = check_text(values, ROOM_LIMITS)
    if not cleaned.get("name_en"):
        raise DomainError(_l("Fill in this field."), field="name_en")
    capacity = values.get("capacity")
    if capacity not in (None, "") and (
        not isinstance(capacity, int) or not 1 <= capacity <= 100000
    ):
        raise DomainError(_l("Give a capacity between 1 and 100,000."), field="capacity")
    position = values.get("position") or 0
    if not isinstance(position, int) or not 0 <= position <= 1000:
        raise DomainError(_l("Give a position between 0 and 1,000."), field="position")
    return {**cleaned, "capacity": capacity or None, "position": position}


def create_room(event: Event, values: dict) -> Room:
    room = Room(event_id=event.id, **room_values(values))
    db.session.add(room)
    db.session.flush()
    return room


def update_room(room: Room, values: dict) -> None:
    for name, value in room_values(values).items():
        setattr(room, name, value)
    db.session.flush()


def delete_room(room: Room) -> None:
    db.session.delete(room)
    db.session.flush()


def add_room_window(room: Room, starts_at: datetime, ends_at: datetime) -> None:
    add_window(room, RoomAvailability, starts_at, ends_at)


def remove_room_window(room: Room, window_id: int) -> None:
    remove_window(room, window_id)
