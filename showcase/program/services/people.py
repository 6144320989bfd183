"""Speaker profiles, rooms, and the availability windows both have."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from showcase.core.db import utcnow
from showcase.core.errors import DomainError
from showcase.core.images import store_image
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.program.models import (
    Room,
    RoomAvailability,
    SessionState,
    Speaker,
    SpeakerAvailability,
)

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PROFILE_LIMITS = {
    "name": 120,
    "name_th": 120,
    "organisation": 200,
    "job_title": 200,
    "bio_en": 5000,
    "bio_th": 5000,
    "links": 2000,
}
MAX_LINKS = 5


def check_text(values: dict, limits: dict[str, int]) -> dict[str, str]:
    cleaned = {}
    for name, limit in limits.items():
        if name not in values:
            continue
        value = (values.get(name) or "").strip()
        if len(value) > limit:
            raise DomainError(_l("Write at most %(max)d characters.", max=limit), field=name)
        cleaned[name] = value
    return cleaned


def check_links(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise DomainError(_l("Give at most %(num)d links.", num=MAX_LINKS), field="links")
    for line in lines:
        if not line.lower().startswith(("https://", "http://")) or " " in line:
            raise DomainError(
                _l("Give each link as a web address starting with https://, one a line."),
                field="links",
            )
    return "\n".join(lines)


def update_profile(speaker: Speaker, values: dict[str, Any], photo: bytes | None = None) -> None:
    """Save a speaker's profile; the photo (if any) is checked by content and size first."""
    cleaned = check_text(values, PROFILE_LIMITS)
    if "name" in cleaned and not cleaned["name"]:
        raise DomainError(_l("Fill in this field."), field="name")
    if "links" in cleaned:
        cleaned["links"] = check_links(cleaned["links"])
    if "city" in values:
        city_id = values.get("city")
        if city_id in (None, ""):
            speaker.city_id = None
        else:
            city = db.session.get(City, int(city_id)) if str(city_id).isdigit() else None
            if city is None:
                raise DomainError(_l("Choose a city from the list."), field="city")
            speaker.city_id = city.id
    if values.get("language") in ("en", "th"):
        speaker.language = values["language"]
    if photo is not None:
        image = store_image(photo, PHOTO_MAX_BYTES)
        db.session.flush()
        speaker.photo_id = image.uuid
    elif values.get("remove_photo"):
        speaker.photo_id = None
    for name, value in cleaned.items():
        setattr(speaker, name, value if name != "name_th" else (value or None))
    speaker.profile_updated_at = utcnow()
    db.session.flush()


def check_window(event: Event, starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None or ends_at is None:
        raise DomainError(_l("Give both the start and the end."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_l("The end must be after the start."), field="ends_at")
    if ends_at - starts_at > timedelta(days=31):
        raise DomainError(_l("A window lasts at most 31 days."), field="ends_at")


def add_speaker_window(speaker: Speaker, starts_at: datetime, ends_at: datetime) -> None:
    check_window(speaker.event, starts_at, ends_at)
    speaker.availability.append(SpeakerAvailability(starts_at=starts_at, ends_at=ends_at))
    db.session.flush()


def remove_speaker_window(speaker: Speaker, window_id: int) -> None:
    for window in list(speaker.availability):
        if window.id == window_id:
            speaker.availability.remove(window)
            db.session.flush()
            return
    raise DomainError(_l("There is no such time window."))


def list_rooms(event: Event) -> list[Room]:
    return list(
        db.session.scalars(
            select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
        )
    )


def get_room(event: Event, room_id: int) -> Room | None:
    room = db.session.get(Room, room_id)
    return room if room is not None and room.event_id == event.id else None


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
    check_window(room.event, starts_at, ends_at)
    room.availability.append(RoomAvailability(starts_at=starts_at, ends_at=ends_at))
    db.session.flush()


def remove_room_window(room: Room, window_id: int) -> None:
    for window in list(room.availability):
        if window.id == window_id:
            room.availability.remove(window)
            db.session.flush()
            return
    raise DomainError(_l("There is no such time window."))


def public_speakers(event: Event) -> list[Speaker]:
    """Speakers of at least one confirmed session, by name."""
    from showcase.program.models import ProgramSession, session_speakers

    confirmed = (
        select(session_speakers.c.speaker_id)
        .join(ProgramSession, ProgramSession.id == session_speakers.c.session_id)
        .where(ProgramSession.state == SessionState.CONFIRMED)
    )
    return list(
        db.session.scalars(
            select(Speaker)
            .where(Speaker.event_id == event.id, Speaker.id.in_(confirmed))
            .order_by(Speaker.name)
            .options(selectinload(Speaker.city))
        )
    )


def public_speaker_count(event: Event) -> int:
    from showcase.program.models import ProgramSession, session_speakers

    return db.session.scalar(
        select(func.count(func.distinct(session_speakers.c.speaker_id)))
        .join(ProgramSession, ProgramSession.id == session_speakers.c.session_id)
        .where(
            ProgramSession.event_id == event.id,
            ProgramSession.state == SessionState.CONFIRMED,
        )
    )


def public_speaker(event: Event, code: str) -> Speaker | None:
    speaker = db.session.scalar(
        select(Speaker).where(Speaker.event_id == event.id, Speaker.code == (code or "").upper())
    )
    if speaker is None or not confirmed_sessions(speaker):
        return None
    return speaker


def confirmed_sessions(speaker: Speaker):
    return [session for session in speaker.sessions if session.state == SessionState.CONFIRMED]
