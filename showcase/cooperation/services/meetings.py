"""Meetings in real slots: the organisers' programme, who is free when, and booking.

The guarantee "nobody in two places at once, no table hosting two meetings at once" belongs to
the database: a confirmed meeting writes one ``MeetingSeat`` per person and slot and one
``MeetingTableSlot`` for its place, each under a UNIQUE constraint, inside a savepoint. When
two bookings race, the database lets one in and the other gets "That slot has just been taken"
(the same on SQLite and PostgreSQL). Seats are deleted when a meeting is cancelled or declined.
The rules a database cannot see are checked in ``refusal``, the one function that both lists a
slot as unavailable and refuses a booking into it: outside the meeting hours, with oneself, to a
party that opted out, and over one of the person's own confirmed stage sessions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from showcase.cooperation import emails
from showcase.cooperation.models import (
    BOOKED_STATES,
    CooperationProfile,
    Meeting,
    MeetingAttendee,
    MeetingDay,
    MeetingSeat,
    MeetingState,
    MeetingTable,
    MeetingTableSlot,
)
from showcase.cooperation.services.profiles import people_of, settings
from showcase.cooperation.services.states import MACHINE, Actor
from showcase.core.db import event_rows, require_unit_of_work
from showcase.core.errors import Conflict, DomainError
from showcase.core.time import zone
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration

M = MeetingState
TAKEN = _l("That slot has just been taken. Choose another one.")
OUTSIDE_HOURS = _l("Choose one of the meeting slots: this time is outside the meeting hours.")
TABLES_FULL = _l("Every table is taken in that slot. Choose another one.")


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime


# The programme ------------------------------------------------------------------------------


def days_of(event: Event) -> list[MeetingDay]:
    return event_rows(MeetingDay, event, MeetingDay.day)


def tables_of(event: Event) -> list[MeetingTable]:
    return event_rows(MeetingTable, event, MeetingTable.number)


def slots_of_day(event: Event, day: MeetingDay) -> list[Slot]:
    tz = zone(event.timezone)
    start = datetime.combine(day.day, day.starts, tz)
    end = datetime.combine(day.day, day.ends, tz)
    step = timedelta(minutes=day.slot_minutes)
    slots = []
    while start + step <= end:
        slots.append(Slot(start.astimezone(UTC), (start + step).astimezone(UTC)))
        start += step
    return slots


def slots_of(event: Event) -> list[Slot]:
    return [slot for day in days_of(event) for slot in slots_of_day(event, day)]


def slot_at(event: Event, starts_at: datetime) -> Slot | None:
    return next((slot for slot in slots_of(event) if slot.starts_at == starts_at), None)


def save_day(event: Event, values: dict, day: MeetingDay | None = None) -> MeetingDay:
    require_unit_of_work()
    starts, ends, minutes = values.get("starts"), values.get("ends"), values.get("slot_minutes")
    if values.get("day") is None or not event.starts_on <= values["day"] <= event.ends_on:
        raise DomainError(_l("Choose a day of the event."), field="day")
    if starts is None or ends is None or ends <= starts:
        raise DomainError(_l("The meetings must end after they start."), field="ends")
    if minutes is None or not 5 <= minutes <= 240:
        raise DomainError(_l("A slot lasts between 5 and 240 minutes."), field="slot_minutes")
    if day is None:
        taken = db.session.scalar(
            select(MeetingDay).where(
                MeetingDay.event_id == event.id, MeetingDay.day == values["day"]
            )
        )
        if taken is not None:
            raise DomainError(_l("That day already has meeting hours."), field="day")
        day = MeetingDay(event_id=event.id)
        db.session.add(day)
    day.day, day.starts, day.ends, day.slot_minutes = values["day"], starts, ends, minutes
    db.session.flush()
    return day


def delete_day(event: Event, day: MeetingDay) -> None:
    require_unit_of_work()
    db.session.delete(day)
    db.session.flush()


def save_table(event: Event, values: dict) -> MeetingTable:
    require_unit_of_work()
    number, capacity = values.get("number"), values.get("capacity")
    if number is None or not 1 <= number <= 9999:
        raise DomainError(_l("Give a table number from 1 to 9999."), field="number")
    if capacity is None or not 1 <= capacity <= 100:
        raise DomainError(_l("A table seats 1 to 100 people."), field="capacity")
    if db.session.scalar(
        select(MeetingTable).where(MeetingTable.event_id == event.id, MeetingTable.number == number)
    ):
        raise DomainError(_l("There is already a table with this number."), field="number")
    table = MeetingTable(
        event_id=event.id,
        number=number,
        capacity=capacity,
        place_en=(values.get("place_en") or "Meeting lounge").strip()[:120],
        place_th=(values.get("place_th") or "").strip()[:120],
    )
    db.session.add(table)
    db.session.flush()
    return table


# Who is busy when ----------------------------------------------------------------------------


def _people_ids(*profiles: CooperationProfile) -> list[int]:
    return [person.id for profile in profiles for person in people_of(profile)]


def busy_starts(event: Event, registration_ids: Iterable[int]) -> set[datetime]:
    ids = list(registration_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(MeetingSeat.slot_start).where(
                MeetingSeat.event_id == event.id, MeetingSeat.registration_id.in_(ids)
            )
        )
    )


def stage_sessions(
    event: Event, registration_ids: Iterable[int]
) -> list[tuple[datetime, datetime]]:
    """The placed confirmed sessions of the speakers among these people (their own stage time)."""
    from showcase.program.models import ProgramSession, SessionState, session_speakers
    from showcase.schedule.models import SchedulePlacement

    ids = list(registration_ids)
    if not ids:
        return []
    speaker_ids = [
        item
        for item in db.session.scalars(
            select(Registration.speaker_id).where(
                Registration.id.in_(ids), Registration.speaker_id.is_not(None)
            )
        )
    ]
    if not speaker_ids:
        return []
    rows = db.session.execute(
        select(SchedulePlacement.starts_at, ProgramSession.duration_minutes)
        .join(ProgramSession, ProgramSession.id == SchedulePlacement.session_id)
        .join(session_speakers, session_speakers.c.session_id == ProgramSession.id)
        .where(
            SchedulePlacement.event_id == event.id,
            ProgramSession.state == SessionState.CONFIRMED,
            session_speakers.c.speaker_id.in_(speaker_ids),
        )
    )
    return [(start, start + timedelta(minutes=minutes)) for start, minutes in rows]


def refusal(
    event: Event,
    requester: CooperationProfile,
    host: CooperationProfile,
    starts_at: datetime,
) -> DomainError | None:
    """Why a meeting of these two at this start cannot be, or None: the one rule behind the
    slots offered and the booking refused."""
    if requester.id == host.id:
        return DomainError(_l("You cannot meet yourself: choose another party."))
    if not host.visible or not requester.visible:
        return DomainError(_l("This party does not take meeting requests at the moment."))
    slot = slot_at(event, starts_at)
    if slot is None:
        return DomainError(
            OUTSIDE_HOURS,
            field="slot",
        )
    ids = _people_ids(requester, host)
    if not _people_ids(host):
        return DomainError(_l("This party has named nobody who can meet yet."))
    if starts_at in busy_starts(event, ids):
        return Conflict(TAKEN, field="slot")
    for start, end in stage_sessions(event, ids):
        if start < slot.ends_at and slot.starts_at < end:
            return DomainError(
                _l("One of the people is speaking on stage at that time. Choose another slot."),
                field="slot",
            )
    return None


def free_slots(event: Event, requester: CooperationProfile, host: CooperationProfile) -> list[Slot]:
    ids = _people_ids(requester, host)
    busy = busy_starts(event, ids)
    stage = stage_sessions(event, ids)
    return [
        slot
        for slot in slots_of(event)
        if slot.starts_at not in busy
        and not any(start < slot.ends_at and slot.starts_at < end for start, end in stage)
    ]


# Booking -------------------------------------------------------------------------------------


def _free_table(event: Event, starts_at: datetime, people: int) -> MeetingTable | None:
    taken = set(
        db.session.scalars(
            select(MeetingTableSlot.table_id).where(
                MeetingTableSlot.event_id == event.id,
                MeetingTableSlot.slot_start == starts_at,
                MeetingTableSlot.table_id.is_not(None),
            )
        )
    )
    tables = tables_of(event)
    fitting = [table for table in tables if table.capacity >= people] or tables
    return next((table for table in fitting if table.id not in taken), None)


def booth_of(profile: CooperationProfile) -> int | None:
    """The booth of a city's profile on the floor plan (its approved application's), if any."""
    from showcase.booths.models import BoothApplication

    if profile.city_id is None:
        return None
    return db.session.scalar(
        select(BoothApplication.booth_id)
        .where(
            BoothApplication.event_id == profile.event_id,
            BoothApplication.city_id == profile.city_id,
            BoothApplication.booth_id.is_not(None),
        )
        .order_by(BoothApplication.id)
        .limit(1)
    )


def host_booth_id(meeting: Meeting) -> int | None:
    """The booth of the host city on the floor plan, if any."""
    return booth_of(meeting.host)


def _book(meeting: Meeting, table: MeetingTable | None = None) -> None:
    """Write the meeting's seats and its place for its slot; the database refuses a double."""
    work = require_unit_of_work()
    event = meeting.event
    if table is None and meeting.booth_id is None:
        table = meeting.table or _free_table(event, meeting.starts_at, len(meeting.attendees))
        if table is None:
            # Every lounge table is taken: the host city's own booth, when it has one.
            meeting.booth_id = host_booth_id(meeting)
            if meeting.booth_id is None:
                raise Conflict(TABLES_FULL, field="slot")
    if table is not None:
        meeting.table = table
    try:
        with work.savepoint():
            for attendee in meeting.attendees:
                db.session.add(
                    MeetingSeat(
                        event_id=event.id,
                        meeting_id=meeting.id,
                        registration_id=attendee.registration_id,
                        slot_start=meeting.starts_at,
                    )
                )
            db.session.add(
                MeetingTableSlot(
                    event_id=event.id,
                    meeting_id=meeting.id,
                    table_id=None if meeting.booth_id else meeting.table.id,
                    booth_id=meeting.booth_id or None,
                    slot_start=meeting.starts_at,
                )
            )
            db.session.flush()
    except IntegrityError:
        raise Conflict(TAKEN, field="slot") from None


def _release(meeting: Meeting) -> None:
    db.session.execute(sa.delete(MeetingSeat).where(MeetingSeat.meeting_id == meeting.id))
    db.session.execute(sa.delete(MeetingTableSlot).where(MeetingTableSlot.meeting_id == meeting.id))
    emails.cancel_reminders(meeting)


def _new_meeting(event, requester, host, starts_at, message, booked_by="") -> Meeting:
    problem = refusal(event, requester, host, starts_at)
    if problem is not None:
        raise problem
    slot = slot_at(event, starts_at)
    meeting = Meeting(
        event_id=event.id,
        event=event,
        requester=requester,
        host=host,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        message=(message or "").strip()[:2000],
        booked_by=booked_by,
    )
    for person_id in dict.fromkeys(_people_ids(requester, host)):
        meeting.attendees.append(MeetingAttendee(registration_id=person_id))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def request_meeting(
    event: Event,
    requester: CooperationProfile | None,
    host: CooperationProfile,
    starts_at: datetime | None,
    message: str = "",
) -> Meeting:
    require_unit_of_work(lock=True)
    if requester is None:
        raise DomainError(_l("Make your cooperation profile first: meetings are between profiles."))
    if starts_at is None:
        raise DomainError(_l("Choose a slot."), field="slot")
    if len(message or "") > 2000:
        raise DomainError(_l("Keep the message under 2,000 characters."), field="message")
    meeting = _new_meeting(event, requester, host, starts_at, message)
    MACHINE.start(meeting, Actor.REQUESTER)
    emails.meeting_email(meeting, "cooperation/requested", host)
    return meeting


def actor_of(meeting: Meeting, profile: CooperationProfile | None) -> Actor:
    if profile is not None and profile.id == meeting.host_id:
        return Actor.HOST
    if profile is not None and profile.id == meeting.requester_id:
        return Actor.REQUESTER
    raise DomainError(_l("This meeting is not yours."))


def accept(meeting: Meeting, actor: Actor, by: str = "", at_booth: bool = False) -> Meeting:
    """Confirm a requested meeting: at a free lounge table, or ``at_booth`` at the host city's
    own booth on the floor plan (the booth, like a table, hosts one meeting a slot)."""
    require_unit_of_work(lock=True)
    MACHINE.check(meeting, M.ACCEPTED, actor)
    problem = refusal(meeting.event, meeting.requester, meeting.host, meeting.starts_at)
    if problem is not None:
        raise problem
    if at_booth:
        meeting.booth_id = host_booth_id(meeting)
        if meeting.booth_id is None:
            raise DomainError(_l("Your city has no booth on the floor plan to meet at."))
        meeting.table = None
    _book(meeting)
    MACHINE.apply(meeting, M.ACCEPTED, actor, by=by)
    emails.queue_reminders(meeting, settings(meeting.event).reminder_minutes)
    return meeting


def decline(meeting: Meeting, actor: Actor, note: str = "", by: str = "") -> Meeting:
    require_unit_of_work(lock=True)
    MACHINE.apply(meeting, M.DECLINED, actor, by=by, note=(note or "")[:1000])
    _release(meeting)
    return meeting


def cancel(meeting: Meeting, actor: Actor, note: str = "", by: str = "") -> Meeting:
    require_unit_of_work(lock=True)
    MACHINE.apply(meeting, M.CANCELLED, actor, by=by, note=(note or "")[:1000])
    _release(meeting)
    return meeting


def counter(meeting: Meeting, actor: Actor, starts_at: datetime | None, note: str = "") -> Meeting:
    """The host proposes another slot; the requester then accepts or declines it."""
    require_unit_of_work(lock=True)
    MACHINE.check(meeting, M.COUNTER, actor)
    if starts_at is None:
        raise DomainError(_l("Choose a slot."), field="slot")
    problem = refusal(meeting.event, meeting.requester, meeting.host, starts_at)
    if problem is not None:
        raise problem
    slot = slot_at(meeting.event, starts_at)
    meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
    meeting.proposed_by_host = True
    MACHINE.apply(meeting, M.COUNTER, actor, note=(note or "")[:1000])
    return meeting


def book_for(
    event: Event,
    requester: CooperationProfile,
    host: CooperationProfile,
    starts_at: datetime | None,
    table: MeetingTable | None,
    by: str,
    message: str = "",
) -> Meeting:
    """An organiser books a confirmed meeting at once (for VIPs)."""
    require_unit_of_work(lock=True)
    if starts_at is None:
        raise DomainError(_l("Choose a slot."), field="slot")
    meeting = _new_meeting(event, requester, host, starts_at, message, booked_by=by)
    MACHINE.start(meeting, Actor.ORGANISER, by=by)
    _book(meeting, table)
    MACHINE.apply(meeting, M.ACCEPTED, Actor.ORGANISER, by=by)
    emails.queue_reminders(meeting, settings(event).reminder_minutes)
    return meeting


def move(
    meeting: Meeting, starts_at: datetime | None, table: MeetingTable | None, by: str
) -> Meeting:
    """An organiser moves a confirmed meeting to another slot or table."""
    require_unit_of_work(lock=True)
    if meeting.state != M.ACCEPTED:
        raise Conflict(_l("Only a confirmed meeting can be moved."))
    if starts_at is None:
        raise DomainError(_l("Choose a slot."), field="slot")
    _release(meeting)
    db.session.flush()
    slot = slot_at(meeting.event, starts_at)
    if slot is None:
        raise DomainError(
            OUTSIDE_HOURS,
            field="slot",
        )
    if starts_at in busy_starts(meeting.event, [a.registration_id for a in meeting.attendees]):
        raise Conflict(TAKEN, field="slot")
    meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
    meeting.table = None
    meeting.booth_id = None
    _book(meeting, table)
    MACHINE.record(meeting, Actor.ORGANISER, by=by, note="moved")
    emails.queue_reminders(meeting, settings(meeting.event).reminder_minutes)
    for profile in (meeting.requester, meeting.host):
        emails.meeting_email(meeting, "cooperation/accepted", profile)
    return meeting


def mark_held(meeting: Meeting, by: str) -> Meeting:
    """An organiser records a meeting held (seen at the lounge's desk)."""
    require_unit_of_work(lock=True)
    MACHINE.apply(meeting, M.HELD, Actor.ORGANISER, by=by)
    return meeting


def mark_missed(meeting: Meeting, by: str) -> Meeting:
    require_unit_of_work(lock=True)
    MACHINE.apply(meeting, M.MISSED, Actor.ORGANISER, by=by)
    return meeting


def record_scan(meeting: Meeting, actor: Actor, badge_code: str, by: str = "") -> Meeting:
    """A badge shown at the table: one of the other side's people is there, so it is held."""
    require_unit_of_work(lock=True)
    code = "".join((badge_code or "").split()).upper()[:64]
    if not code:
        raise DomainError(_l("Scan or type the badge code."), field="badge_code")
    if meeting.state == M.HELD:
        raise Conflict(_l("This meeting is already recorded as held."), field="badge_code")
    from showcase.registration.services.badges import looks_like_payload, registration_from_payload

    if looks_like_payload(code):
        person_id = registration_from_payload(meeting.event, code).id
    else:
        person_id = next(
            (a.registration_id for a in meeting.attendees if a.registration.badge_code == code),
            None,
        )
    if person_id not in {a.registration_id for a in meeting.attendees}:
        raise DomainError(
            _l("This badge is not one of the people of this meeting."), field="badge_code"
        )
    MACHINE.apply(meeting, M.HELD, actor, by=by, note=code)
    return meeting


# Reading ---------------------------------------------------------------------------------------


def meetings_of_profile(profile: CooperationProfile) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .where(sa.or_(Meeting.requester_id == profile.id, Meeting.host_id == profile.id))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def meetings_of_person(event: Event, registration: Registration) -> list[Meeting]:
    """The confirmed meetings a person attends (their agenda)."""
    return list(
        db.session.scalars(
            select(Meeting)
            .join(MeetingAttendee)
            .where(
                Meeting.event_id == event.id,
                MeetingAttendee.registration_id == registration.id,
                Meeting.state.in_(BOOKED_STATES),
            )
            .order_by(Meeting.starts_at)
        )
    )


def meetings_of(event: Event) -> list[Meeting]:
    return event_rows(Meeting, event, Meeting.starts_at, Meeting.id)
