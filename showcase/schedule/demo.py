"""Demo schedule: about 100 sessions of the demo programme placed over the event's three days in
its eight rooms without a room conflict (and a welcome reception the evening before), published
as 1.0; then a few sessions move and one is
cancelled, published as 1.1, so the changelog and the feed have something to show.

Runs once per event: when a release exists it changes nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from showcase.accounts.models import User
from showcase.core.db import unit_of_work
from showcase.core.time import local_datetime_to_utc
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState, SessionType
from showcase.schedule.models import SchedulePlacement, ScheduleRelease
from showcase.schedule.services.placement import is_placeable, rooms_of
from showcase.schedule.services.publishing import publish_release

ORGANISER = "organiser@showcase.example"
# Talk blocks of every day (local time); the breaks fill the gaps between them.
BLOCKS = (
    (time(9, 0), time(10, 30)),
    (time(11, 0), time(12, 30)),
    (time(13, 30), time(15, 0)),
    (time(15, 30), time(17, 0)),
)
BREAKS = {
    "Coffee break": time(10, 30),
    "Lunch": time(12, 30),
    "Afternoon coffee and networking": time(15, 0),
}


def _local(event: Event, day, at: time) -> datetime:
    return local_datetime_to_utc(datetime.combine(day, at), event.timezone)


def _days(event: Event) -> list:
    return [
        event.starts_on + timedelta(days=n)
        for n in range((event.ends_on - event.starts_on).days + 1)
    ]


def plan(event: Event, rooms, sessions) -> list[tuple[ProgramSession, int, datetime]]:
    """(session, room id, start) for every session that fits, with no two in a room at once."""
    days = _days(event)
    plenary = rooms[0]
    placed = []
    breaks = [s for s in sessions if s.session_type == SessionType.BREAK]
    ceremonies = [s for s in sessions if s.session_type == SessionType.CEREMONY]
    talks = [s for s in sessions if s.session_type not in (SessionType.BREAK, SessionType.CEREMONY)]
    # Breaks come in sets of three per day, in the order the programme made them.
    by_title: dict[str, list] = {}
    for session in sorted(breaks, key=lambda s: s.id):
        by_title.setdefault(session.title_en, []).append(session)
    for title, starts in BREAKS.items():
        for day, session in zip(days, by_title.get(title, []), strict=False):
            placed.append((session, plenary.id, _local(event, day, starts)))
    cursors = {}
    for day in days:
        for room in rooms:
            for start, end in BLOCKS:
                cursors[(day, room.id, start)] = [
                    _local(event, day, start),
                    _local(event, day, end),
                ]
    for session in sorted(ceremonies, key=lambda s: s.id):
        if "reception" in session.title_en:
            # The evening before the first day: the schedule gains that day.
            eve = days[0] - timedelta(days=1)
            placed.append((session, plenary.id, _local(event, eve, time(18, 30))))
            continue
        closing = "Closing" in session.title_en
        day, block = (days[-1], BLOCKS[-1][0]) if closing else (days[0], BLOCKS[0][0])
        cursor = cursors[(day, plenary.id, block)]
        if closing:
            # The closing ceremony ends the last block; talks fill the block before it.
            cursor[1] -= timedelta(minutes=session.duration_minutes)
            placed.append((session, plenary.id, cursor[1]))
        else:
            placed.append((session, plenary.id, cursor[0]))
            cursor[0] += timedelta(minutes=session.duration_minutes)
    keys = sorted(cursors, key=lambda key: (key[0], key[2], [r.id for r in rooms].index(key[1])))
    for session in sorted(talks, key=lambda s: (s.session_type != SessionType.KEYNOTE, s.id)):
        length = timedelta(minutes=session.duration_minutes)
        for key in keys:
            cursor = cursors[key]
            if cursor[0] + length <= cursor[1]:
                placed.append((session, key[1], cursor[0]))
                cursor[0] += length
                break
    return placed


def load_demo(event: Event) -> str | None:
    if db.session.scalar(select(ScheduleRelease.id).where(ScheduleRelease.event_id == event.id)):
        return None
    rooms = rooms_of(event)
    if not rooms:
        return None
    sessions = [
        s
        for s in db.session.scalars(
            select(ProgramSession).where(ProgramSession.event_id == event.id)
        )
        if is_placeable(s)
    ]
    with unit_of_work(lock=True):
        placed = plan(event, rooms, sessions)
        for session, room_id, starts_at in placed:
            db.session.add(
                SchedulePlacement(
                    event_id=event.id, session_id=session.id, room_id=room_id, starts_at=starts_at
                )
            )
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    with unit_of_work(lock=True):
        first = publish_release(
            event,
            "1.0",
            "The first full schedule: three days, eight rooms.",
            "กำหนดการฉบับแรก สามวัน แปดห้อง",
            user=organiser,
        )
    with unit_of_work(lock=True):
        _rearrange(event, placed)
    with unit_of_work(lock=True):
        second = publish_release(
            event,
            "1.1",
            "Two talks swap rooms and one session is cancelled.",
            "สองหัวข้อสลับห้อง และยกเลิกหนึ่งหัวข้อ",
            user=organiser,
        )
    changes = second.changes
    return (
        f"Schedule: {len(placed)} sessions placed; published {first.version} "
        f"({first.session_count} public) and {second.version} "
        f"({len(changes['moved'])} moved, {len(changes['cancelled'])} cancelled)"
    )


def _rearrange(event: Event, placed: list) -> None:
    """1.1: two talks swap rooms, one moves later, and one is cancelled."""
    from showcase.program.services.transitions import Actor, apply_transition

    confirmed = [
        (session, room_id, starts_at)
        for session, room_id, starts_at in placed
        if session.state == SessionState.CONFIRMED
        and session.session_type not in (SessionType.BREAK, SessionType.CEREMONY)
    ]
    by_session = {
        p.session_id: p
        for p in db.session.scalars(
            select(SchedulePlacement).where(SchedulePlacement.event_id == event.id)
        )
    }
    pair = next(
        (
            (a, b)
            for i, a in enumerate(confirmed)
            for b in confirmed[i + 1 :]
            if a[2] == b[2] and a[0].duration_minutes == b[0].duration_minutes and a[1] != b[1]
        ),
        None,
    )
    if pair:
        (first_session, first_room, _), (second_session, second_room, _) = pair
        by_session[first_session.id].room_id = second_room
        by_session[second_session.id].room_id = first_room
    cancelled = confirmed[10][0]
    freed = by_session.pop(cancelled.id)
    apply_transition(
        cancelled, SessionState.CANCELLED, Actor.ORGANISER, ORGANISER, "The speaker cannot travel."
    )
    # The last talk of the programme moves into the freed slot when it fits.
    last = confirmed[-1][0]
    if last.duration_minutes <= cancelled.duration_minutes and last.id in by_session:
        by_session[last.id].room_id = freed.room_id
        by_session[last.id].starts_at = freed.starts_at
    db.session.delete(freed)
