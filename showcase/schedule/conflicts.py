"""Conflict rules of the agenda: plain functions over small records, each returning data.

Every rule takes the placed slots (and what it needs about rooms, speakers and the event) and
returns a list of ``Conflict`` records; ``find_conflicts`` runs them all. Nothing here touches the
database, so the rules are tested at their boundaries without HTTP or models.

Times are aware UTC datetimes and intervals are half-open: ``[10:00, 11:00)`` and
``[11:00, 12:00)`` do not clash. Availability windows that touch or overlap count as one
(``merge_windows``): a speaker available 09:00–13:00 and 13:00–14:00 is available 12:30–13:30.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import combinations

from flask_babel import lazy_gettext as _l

from showcase.core.time import format_date, zone_label

ERROR = "error"
WARNING = "warning"

ROOM_OVERLAP = "room_overlap"
SPEAKER_OVERLAP = "speaker_overlap"
SPEAKER_UNAVAILABLE = "speaker_unavailable"
ROOM_UNAVAILABLE = "room_unavailable"
OUTSIDE_EVENT = "outside_event"
OVER_CAPACITY = "over_capacity"

KIND_LABELS = {
    ROOM_OVERLAP: _l("Two sessions in one room"),
    SPEAKER_OVERLAP: _l("Speaker in two places"),
    SPEAKER_UNAVAILABLE: _l("Speaker unavailable"),
    ROOM_UNAVAILABLE: _l("Room unavailable"),
    OUTSIDE_EVENT: _l("Outside the event's hours"),
    OVER_CAPACITY: _l("Room too small"),
}


@dataclass(frozen=True)
class Interval:
    starts_at: datetime
    ends_at: datetime

    def contains(self, starts_at: datetime, ends_at: datetime) -> bool:
        return self.starts_at <= starts_at and ends_at <= self.ends_at


@dataclass(frozen=True)
class Slot:
    """A session placed in a room at a time."""

    session_id: int
    code: str
    title: str
    room_id: int
    starts_at: datetime
    ends_at: datetime
    speaker_ids: tuple[int, ...] = ()
    expected_audience: int | None = None


@dataclass(frozen=True)
class RoomInfo:
    id: int
    name: str
    capacity: int | None = None
    # No availability recorded means the room is open whenever the event is.
    availability: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class SpeakerInfo:
    id: int
    name: str
    availability: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class EventHours:
    """The event's days and daily opening hours, in the event's zone."""

    starts_on: date
    ends_on: date
    tz: tzinfo
    day_starts: time = time(8, 0)
    day_ends: time = time(20, 0)

    def days(self) -> list[date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + timedelta(days=offset) for offset in range(max(count, 0))]

    def windows(self) -> list[Interval]:
        return [
            Interval(
                datetime.combine(day, self.day_starts, tzinfo=self.tz),
                datetime.combine(day, self.day_ends, tzinfo=self.tz),
            )
            for day in self.days()
        ]


@dataclass(frozen=True)
class Conflict:
    kind: str
    severity: str
    session_ids: tuple[int, ...]
    codes: tuple[str, ...]
    message: str
    subject_id: int | None = field(default=None, compare=True)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "severity": self.severity,
            "session_ids": list(self.session_ids),
            "codes": list(self.codes),
            "message": self.message,
        }


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals overlap when each starts before the other ends."""
    return a_start < b_end and b_start < a_end


def _pair(kind: str, severity: str, a: Slot, b: Slot, message: str, subject=None) -> Conflict:
    first, second = sorted((a, b), key=lambda slot: (slot.starts_at, slot.session_id))
    return Conflict(
        kind,
        severity,
        (first.session_id, second.session_id),
        (first.code, second.code),
        message,
        subject,
    )


def room_overlaps(slots: Iterable[Slot], rooms: dict[int, RoomInfo]) -> list[Conflict]:
    by_room: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_room[slot.room_id].append(slot)
    found = []
    for room_id, placed in by_room.items():
        room = rooms.get(room_id)
        ordered = sorted(placed, key=lambda s: s.starts_at)
        for index, a in enumerate(ordered):
            for b in room_clashes_for(a, ordered[index + 1 :]):
                message = _l(
                    "“%(first)s” and “%(second)s” are both in %(room)s at the same time.",
                    first=a.title,
                    second=b.title,
                    room=room.name if room else "?",
                )
                found.append(_pair(ROOM_OVERLAP, ERROR, a, b, str(message), room_id))
    return found


def speaker_overlaps(slots: Iterable[Slot], speakers: dict[int, SpeakerInfo]) -> list[Conflict]:
    by_speaker: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        for speaker_id in set(slot.speaker_ids):
            by_speaker[speaker_id].append(slot)
    found = []
    for speaker_id, placed in by_speaker.items():
        speaker = speakers.get(speaker_id)
        for a, b in combinations(sorted(placed, key=lambda s: s.starts_at), 2):
            if overlaps(a.starts_at, a.ends_at, b.starts_at, b.ends_at):
                message = _l(
                    "%(speaker)s speaks in “%(first)s” and “%(second)s” at the same time.",
                    speaker=speaker.name if speaker else "?",
                    first=a.title,
                    second=b.title,
                )
                found.append(_pair(SPEAKER_OVERLAP, WARNING, a, b, str(message), speaker_id))
    return found


def merge_windows(windows: Iterable[Interval]) -> tuple[Interval, ...]:
    """The windows in time order, those that touch or overlap joined into one."""
    merged: list[Interval] = []
    for window in sorted(windows, key=lambda w: (w.starts_at, w.ends_at)):
        if merged and window.starts_at <= merged[-1].ends_at:
            last = merged[-1]
            merged[-1] = Interval(last.starts_at, max(last.ends_at, window.ends_at))
        else:
            merged.append(window)
    return tuple(merged)


def _inside_any(windows: Sequence[Interval], slot: Slot) -> bool:
    return any(window.contains(slot.starts_at, slot.ends_at) for window in merge_windows(windows))


MAX_WINDOWS_TOLD = 4


def describe_windows(windows: Sequence[Interval], tz: tzinfo) -> str:
    """'Tue 26 Jan 09:00–14:00 ICT; Wed 27 Jan 13:00–17:00 ICT' in the reader's language (the
    first few merged windows; a window over midnight names both days)."""
    parts = []
    merged = merge_windows(windows)
    for window in merged[:MAX_WINDOWS_TOLD]:
        start, end = window.starts_at.astimezone(tz), window.ends_at.astimezone(tz)
        zone_name = zone_label(start).split(" ")[0]
        at_midnight = end.time() == time(0) and end.date() == start.date() + timedelta(days=1)
        if start.date() == end.date() or at_midnight:
            until = "24:00" if at_midnight else end.strftime("%H:%M")
            parts.append(
                f"{format_date(start, 'weekday')} {start.strftime('%H:%M')}–{until} {zone_name}"
            )
        else:
            parts.append(
                f"{format_date(start, 'weekday')} {start.strftime('%H:%M')} – "
                f"{format_date(end, 'weekday')} {end.strftime('%H:%M')} {zone_name}"
            )
    if len(merged) > MAX_WINDOWS_TOLD:
        parts.append("…")
    return "; ".join(parts)


def _single(kind: str, slot: Slot, message, subject=None) -> Conflict:
    return Conflict(kind, WARNING, (slot.session_id,), (slot.code,), str(message), subject)


def speakers_unavailable(
    slots: Iterable[Slot], speakers: dict[int, SpeakerInfo], tz: tzinfo = UTC
) -> list[Conflict]:
    """A speaker who gave availability must be available for the whole session; the warning
    says when they are (in the event's zone ``tz``)."""
    found = []
    for slot in slots:
        for speaker_id in slot.speaker_ids:
            speaker = speakers.get(speaker_id)
            if speaker is None or not speaker.availability:
                continue
            if not _inside_any(speaker.availability, slot):
                message = _l(
                    "%(speaker)s is not available for “%(title)s” at this time. "
                    "Available: %(windows)s.",
                    speaker=speaker.name,
                    title=slot.title,
                    windows=describe_windows(speaker.availability, tz),
                )
                found.append(_single(SPEAKER_UNAVAILABLE, slot, message, speaker_id))
    return found


def rooms_unavailable(
    slots: Iterable[Slot], rooms: dict[int, RoomInfo], tz: tzinfo = UTC
) -> list[Conflict]:
    """The same rule for rooms that gave availability."""
    found = []
    for slot in slots:
        room = rooms.get(slot.room_id)
        if room is None or not room.availability:
            continue
        if not _inside_any(room.availability, slot):
            message = _l(
                "%(room)s is not available for “%(title)s” at this time. Available: %(windows)s.",
                room=room.name,
                title=slot.title,
                windows=describe_windows(room.availability, tz),
            )
            found.append(_single(ROOM_UNAVAILABLE, slot, message, room.id))
    return found


def outside_event(slots: Iterable[Slot], hours: EventHours) -> list[Conflict]:
    windows = hours.windows()
    found = []
    for slot in slots:
        if not _inside_any(windows, slot):
            message = _l(
                "“%(title)s” is outside the event's days or hours.",
                title=slot.title,
            )
            found.append(_single(OUTSIDE_EVENT, slot, message))
    return found


def over_capacity(slots: Iterable[Slot], rooms: dict[int, RoomInfo]) -> list[Conflict]:
    found = []
    for slot in slots:
        room = rooms.get(slot.room_id)
        if room is None or room.capacity is None or slot.expected_audience is None:
            continue
        if slot.expected_audience > room.capacity:
            message = _l(
                "“%(title)s” expects %(audience)d people but %(room)s seats %(capacity)d.",
                title=slot.title,
                audience=slot.expected_audience,
                room=room.name,
                capacity=room.capacity,
            )
            found.append(_single(OVER_CAPACITY, slot, message, room.id))
    return found


def find_conflicts(
    slots: Sequence[Slot],
    rooms: dict[int, RoomInfo],
    speakers: dict[int, SpeakerInfo],
    hours: EventHours | None,
) -> list[Conflict]:
    """Every conflict of the placed slots: room overlaps (errors) first, then warnings."""
    tz = hours.tz if hours is not None else UTC
    found = [
        *room_overlaps(slots, rooms),
        *speaker_overlaps(slots, speakers),
        *speakers_unavailable(slots, speakers, tz),
        *rooms_unavailable(slots, rooms, tz),
        *over_capacity(slots, rooms),
    ]
    if hours is not None:
        found.extend(outside_event(slots, hours))
    order = {ERROR: 0, WARNING: 1}
    return sorted(found, key=lambda c: (order[c.severity], c.kind, c.codes))


def room_clashes_for(slot: Slot, others: Iterable[Slot]) -> list[Slot]:
    """The slots in ``slot``'s room that it overlaps: the one room rule, which lists the room
    overlaps of the draft (``room_overlaps``) and refuses a placement (``place_session``)."""
    return [
        other
        for other in others
        if other.room_id == slot.room_id
        and other.session_id != slot.session_id
        and overlaps(slot.starts_at, slot.ends_at, other.starts_at, other.ends_at)
    ]
