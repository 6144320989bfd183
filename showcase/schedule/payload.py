"""The release payload: what the public sees, frozen once at publish as plain JSON-able data.

``build_payload`` turns the draft (rooms, placed sessions and their speakers) into one dict; every
public page and export of a release is made from that dict, never from the draft. ``diff``
compares two payloads: sessions that are new, moved (in time or room) or cancelled.

Times in the payload are UTC ISO strings (``2027-01-26T02:30:00+00:00``).

A session belongs to the day it starts on in the event's zone, except that the day changes at
``DAY_CHANGE`` (04:00) rather than at midnight, as in frab: a session at 00:30 is the night of
the day before. The days of a schedule are the event's days and any other day a session
belongs to (``schedule_days``), so that every published session is on every page and in every
export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

PAYLOAD_FORMAT = 1
DAY_CHANGE = time(4, 0)


@dataclass(frozen=True)
class PlacedSession:
    """One draft session with where and when it is placed (any object with the program model's
    attributes will do for ``session``)."""

    session: Any
    room: Any
    starts_at: datetime


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def _enum_value(value: Any) -> str | None:
    if value is None:
        return None
    return getattr(value, "value", value)


def room_entry(room: Any) -> dict:
    return {
        "id": room.id,
        "guid": str(room.guid),
        "name_en": room.name_en,
        "name_th": room.name_th or "",
        "capacity": room.capacity,
        "position": room.position,
    }


def track_entry(track: Any) -> dict:
    return {
        "id": track.id,
        "slug": track.slug,
        "name_en": track.name_en,
        "name_th": track.name_th,
        "colour": track.colour,
    }


def speaker_entry(speaker: Any) -> dict:
    return {
        "id": speaker.id,
        "code": speaker.code,
        "guid": str(speaker.guid),
        "name": speaker.name,
        "name_th": speaker.name_th or "",
        "organisation": getattr(speaker, "organisation", "") or "",
    }


def session_entry(placed: PlacedSession) -> dict:
    session = placed.session
    starts_at = placed.starts_at.astimezone(UTC)
    ends_at = starts_at + timedelta(minutes=session.duration_minutes)
    track = session.track
    return {
        "id": session.id,
        "code": session.code,
        "guid": str(session.guid),
        "title_en": session.title_en or "",
        "title_th": session.title_th or "",
        "abstract_en": session.abstract_en or "",
        "abstract_th": session.abstract_th or "",
        "description_en": session.description_en or "",
        "description_th": session.description_th or "",
        "type": _enum_value(session.session_type),
        "track": track.slug if track is not None else None,
        "language": _enum_value(session.language),
        "room": str(placed.room.guid),
        "starts_at": iso(starts_at),
        "ends_at": iso(ends_at),
        "duration_minutes": session.duration_minutes,
        "speakers": [speaker_entry(speaker) for speaker in session.speakers],
    }


def event_days(starts_on: date, ends_on: date) -> list[str]:
    count = (ends_on - starts_on).days + 1
    return [(starts_on + timedelta(days=offset)).isoformat() for offset in range(count)]


def session_day(starts_at: datetime, tz: tzinfo) -> date:
    """The day a session starting at ``starts_at`` belongs to (see ``DAY_CHANGE``)."""
    local = starts_at.astimezone(tz)
    if local.time() < DAY_CHANGE:
        return local.date() - timedelta(days=1)
    return local.date()


def payload_zone(payload: dict) -> ZoneInfo:
    return ZoneInfo(payload["event"]["timezone"])


def schedule_days(payload: dict) -> list[str]:
    """The event's days and every other day a session of ``payload`` belongs to, in order."""
    tz = payload_zone(payload)
    days = set(payload["days"])
    days.update(
        session_day(parse_time(entry["starts_at"]), tz).isoformat() for entry in payload["sessions"]
    )
    return sorted(days)


def build_payload(event: Any, rooms: Iterable[Any], placed: Iterable[PlacedSession]) -> dict:
    """The frozen schedule: the event, its days, rooms and tracks, and the placed sessions in
    order of start time then room."""
    rooms = sorted(rooms, key=lambda room: (room.position, room.id))
    order = {room.id: index for index, room in enumerate(rooms)}
    sessions = sorted(
        (session_entry(item) for item in placed),
        key=lambda entry: (entry["starts_at"], order.get(_room_id(rooms, entry["room"]), 0)),
    )
    payload = {
        "format": PAYLOAD_FORMAT,
        "event": {
            "acronym": event.acronym,
            "guid": str(event.guid),
            "name_en": event.name_en,
            "name_th": event.name_th or "",
            "timezone": event.timezone,
            "starts_on": event.starts_on.isoformat(),
            "ends_on": event.ends_on.isoformat(),
            "venue_en": event.venue_en or "",
            "venue_th": event.venue_th or "",
        },
        "days": event_days(event.starts_on, event.ends_on),
        "rooms": [room_entry(room) for room in rooms],
        "tracks": [track_entry(track) for track in event.tracks],
        "sessions": sessions,
    }
    payload["days"] = schedule_days(payload)
    return payload


def _room_id(rooms: list, guid: str) -> int | None:
    for room in rooms:
        if str(room.guid) == guid:
            return room.id
    return None


def brief(entry: dict) -> dict:
    """What a changelog line needs of a session."""
    return {
        "code": entry["code"],
        "guid": entry["guid"],
        "title_en": entry["title_en"],
        "title_th": entry["title_th"],
        "type": entry["type"],
        "room": entry["room"],
        "starts_at": entry["starts_at"],
        "ends_at": entry["ends_at"],
    }


def diff(previous: dict | None, current: dict) -> dict:
    """New, moved (time or room) and cancelled sessions from ``previous`` to ``current``.

    Sessions are matched by GUID, which never changes. A moved entry keeps its old place
    under ``was``.
    """
    before = {entry["guid"]: entry for entry in (previous or {}).get("sessions", [])}
    after = {entry["guid"]: entry for entry in current.get("sessions", [])}
    new = [brief(after[guid]) for guid in after if guid not in before]
    cancelled = [brief(before[guid]) for guid in before if guid not in after]
    moved = []
    for guid, entry in after.items():
        old = before.get(guid)
        if old is None:
            continue
        if _place(old) != _place(entry):
            moved.append(
                {
                    **brief(entry),
                    "was": {
                        "room": old["room"],
                        "starts_at": old["starts_at"],
                        "ends_at": old["ends_at"],
                    },
                }
            )
    by_time = lambda item: (item["starts_at"], item["code"])  # noqa: E731
    return {
        "new": sorted(new, key=by_time),
        "moved": sorted(moved, key=by_time),
        "cancelled": sorted(cancelled, key=by_time),
    }


def _place(entry: dict) -> tuple:
    return (entry["starts_at"], entry["ends_at"], entry["room"])


def carry_sequences(previous: dict | None, current: dict, release_number: int) -> None:
    """Give each session of ``current`` its iCalendar SEQUENCE (kept in its entry): the one it
    had while it stays where it was, else the release's number minus one (0 in the first
    release). It never goes down, so a calendar always takes the newer time, even for a session
    that was cancelled and comes back."""
    before = {entry["guid"]: entry for entry in (previous or {}).get("sessions", [])}
    for entry in current["sessions"]:
        old = before.get(entry["guid"])
        if old is not None and _place(old) == _place(entry):
            entry["sequence"] = old.get("sequence", 0)
        else:
            entry["sequence"] = release_number - 1


def changed_guids(changes: dict) -> set[str]:
    return {item["guid"] for kind in ("new", "moved", "cancelled") for item in changes[kind]}
