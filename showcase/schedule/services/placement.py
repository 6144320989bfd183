"""The working draft: which sessions can be placed, placing and moving them, and their conflicts.

A room overlap is refused here (409) under a lock on the room, so two organisers dropping
sessions into one room at once cannot both succeed; the refusal asks the rule that lists room
overlaps in the draft (``conflicts.room_clashes_for``). Every other conflict is only a warning,
recomputed from the whole draft by ``conflicts_for``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase.core.db import event_rows, lock_row
from showcase.core.errors import Conflict, DomainError
from showcase.core.i18n import localized
from showcase.core.time import zone
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import ProgramSession, Room, SessionState, SessionType, Speaker
from showcase.schedule import conflicts as rules
from showcase.schedule.models import SchedulePlacement

# The hours of each event day the grid shows and outside which a session is flagged.
DAY_STARTS = time(8, 0)
DAY_ENDS = time(20, 0)
STEP_MINUTES = 5

# Sessions the builder offers: decided ones, and the organisers' own breaks and ceremonies.
PLACEABLE_STATES = (SessionState.ACCEPTED, SessionState.CONFIRMED)
ORGANISER_TYPES = (SessionType.BREAK, SessionType.CEREMONY)
CLOSED_STATES = (SessionState.REJECTED, SessionState.WITHDRAWN, SessionState.CANCELLED)


def is_placeable(session: ProgramSession) -> bool:
    if session.session_type in ORGANISER_TYPES:
        return session.state not in CLOSED_STATES
    return session.state in PLACEABLE_STATES


def is_public(session: ProgramSession) -> bool:
    """Only confirmed sessions and the organisers' breaks and ceremonies reach a release."""
    if session.session_type in ORGANISER_TYPES:
        return session.state not in CLOSED_STATES
    return session.state == SessionState.CONFIRMED


def ends_at(placement: SchedulePlacement) -> datetime:
    return placement.starts_at + timedelta(minutes=placement.session.duration_minutes)


def rooms_of(event: Event) -> list[Room]:
    return event_rows(
        Room, event, Room.position, Room.id, options=(selectinload(Room.availability),)
    )


def placements_of(event: Event) -> list[SchedulePlacement]:
    return event_rows(
        SchedulePlacement,
        event,
        SchedulePlacement.starts_at,
        SchedulePlacement.room_id,
        options=(
            selectinload(SchedulePlacement.session)
            .selectinload(ProgramSession.speakers)
            .selectinload(Speaker.availability),
            selectinload(SchedulePlacement.session).selectinload(ProgramSession.track),
            selectinload(SchedulePlacement.room),
        ),
    )


def unscheduled_sessions(event: Event) -> list[ProgramSession]:
    placed = select(SchedulePlacement.session_id).where(SchedulePlacement.event_id == event.id)
    candidates = db.session.scalars(
        select(ProgramSession)
        .where(ProgramSession.event_id == event.id, ProgramSession.id.not_in(placed))
        .options(selectinload(ProgramSession.speakers), selectinload(ProgramSession.track))
        .order_by(ProgramSession.title_en, ProgramSession.id)
    )
    return [session for session in candidates if is_placeable(session)]


def event_hours(event: Event) -> rules.EventHours:
    return rules.EventHours(
        event.starts_on, event.ends_on, zone(event.timezone), DAY_STARTS, DAY_ENDS
    )


def _windows(items) -> tuple[rules.Interval, ...]:
    return tuple(rules.Interval(item.starts_at, item.ends_at) for item in items)


def slot_of(placement: SchedulePlacement) -> rules.Slot:
    session = placement.session
    return rules.Slot(
        session_id=session.id,
        code=session.code,
        title=localized(session, "title"),
        room_id=placement.room_id,
        starts_at=placement.starts_at,
        ends_at=ends_at(placement),
        speaker_ids=tuple(speaker.id for speaker in session.speakers),
        expected_audience=session.expected_audience,
    )


def room_info(room: Room) -> rules.RoomInfo:
    return rules.RoomInfo(
        room.id, localized(room, "name"), room.capacity, _windows(room.availability)
    )


@dataclass(frozen=True)
class Draft:
    rooms: list[Room]
    placements: list[SchedulePlacement]
    conflicts: list[rules.Conflict]

    @property
    def has_room_conflicts(self) -> bool:
        return any(conflict.severity == rules.ERROR for conflict in self.conflicts)


def conflicts_for(
    placements: list[SchedulePlacement], rooms: list[Room], event: Event
) -> list[rules.Conflict]:
    speakers = {
        speaker.id: rules.SpeakerInfo(speaker.id, speaker.name, _windows(speaker.availability))
        for placement in placements
        for speaker in placement.session.speakers
    }
    return rules.find_conflicts(
        [slot_of(placement) for placement in placements],
        {room.id: room_info(room) for room in rooms},
        speakers,
        event_hours(event),
    )


def load_draft(event: Event) -> Draft:
    """The draft as the builder shows it. A placed session that was since cancelled, withdrawn
    or sent back keeps its row (it returns there if it is decided again) but takes no room."""
    rooms = rooms_of(event)
    placements = [p for p in placements_of(event) if is_placeable(p.session)]
    return Draft(rooms, placements, conflicts_for(placements, rooms, event))


def _session_of(event: Event, session_id: int) -> ProgramSession:
    session = db.session.get(ProgramSession, session_id)
    if session is None or session.event_id != event.id:
        raise DomainError(_l("There is no such session in this event."), field="session")
    return session


def _room_of(event: Event, room_id: int) -> Room:
    """The event's room, locked: placements into it wait for each other."""
    room = lock_row(select(Room).where(Room.id == room_id, Room.event_id == event.id))
    if room is None:
        raise DomainError(_l("Choose one of this event's rooms."), field="room_id")
    return room


def check_start(starts_at: datetime) -> datetime:
    starts_at = starts_at.astimezone(UTC).replace(second=0, microsecond=0)
    if starts_at.minute % STEP_MINUTES:
        raise DomainError(
            _l("Start times are on a %(step)d-minute step.", step=STEP_MINUTES), field="starts_at"
        )
    return starts_at


def room_clashes(session: ProgramSession, room: Room, starts_at: datetime) -> list[rules.Slot]:
    """The placed sessions of ``room`` that ``session`` would overlap at ``starts_at``: the
    same rule (``conflicts.room_clashes_for``) that lists room overlaps in the draft."""
    candidate = rules.Slot(
        session_id=session.id,
        code=session.code,
        title=localized(session, "title"),
        room_id=room.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=session.duration_minutes),
    )
    others = db.session.scalars(
        select(SchedulePlacement)
        .where(SchedulePlacement.room_id == room.id, SchedulePlacement.session_id != session.id)
        .options(selectinload(SchedulePlacement.session))
    )
    return rules.room_clashes_for(
        candidate, [slot_of(other) for other in others if is_placeable(other.session)]
    )


def place_session(
    event: Event, session_id: int, room_id: int, starts_at: datetime
) -> SchedulePlacement:
    """Place a session (or move a placed one) in a room at a time, refusing a room overlap.

    Needs ``unit_of_work(lock=True)``: the room is locked from the first read so that no other
    placement can slip into the same room meanwhile.
    """
    starts_at = check_start(starts_at)
    room = _room_of(event, room_id)
    session = _session_of(event, session_id)
    if not is_placeable(session):
        raise DomainError(
            _l("Only accepted or confirmed sessions and breaks can be placed."),
            field="session",
        )
    clashes = room_clashes(session, room, starts_at)
    if clashes:
        raise Conflict(
            _l(
                "%(room)s already has “%(title)s” at that time.",
                room=localized(room, "name"),
                title=clashes[0].title,
            ),
            field="starts_at",
        )
    placement = db.session.scalar(
        select(SchedulePlacement).where(SchedulePlacement.session_id == session.id)
    )
    if placement is None:
        placement = SchedulePlacement(event_id=event.id, session_id=session.id)
        db.session.add(placement)
    placement.room_id = room.id
    placement.starts_at = starts_at
    db.session.flush()
    return placement


def unschedule_session(event: Event, session_id: int) -> bool:
    """Take a session off the grid; True when it was placed."""
    session = _session_of(event, session_id)
    placement = db.session.scalar(
        select(SchedulePlacement).where(SchedulePlacement.session_id == session.id)
    )
    if placement is None:
        return False
    db.session.delete(placement)
    db.session.flush()
    return True
