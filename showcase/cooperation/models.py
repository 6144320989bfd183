"""Cooperation at the showcase: who offers and seeks what, meetings in real slots, and what
came of them.

- ``CooperationProfile``: a party (a city, an organisation or a person) of one event, with its
  own PDPA consent; a city's is linked to the City and kept by its delegation's coordinator, an
  organisation's or a person's by the registered person who made it (``owner``).
- ``CooperationInterest``: one thing a profile offers or seeks along one dimension (a Track).
- ``CooperationPin``: a match the organisers recommend (for VIP delegations).
- ``MeetingDay`` and ``MeetingTable``: the organisers' meeting programme and the lounge.
- ``Meeting`` (with ``MeetingHistory``): one meeting, one slot long, at a table or a booth.
- ``MeetingSeat`` and ``MeetingTableSlot``: the database's guarantee that nobody is in two
  meetings at once and no table hosts two: one row per person and slot, and per table and slot,
  each UNIQUE, written when a meeting is confirmed and deleted when it is cancelled or declined.
- ``MeetingOutcome``: what each side says came of a held meeting.
"""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.i18n import country_name
from showcase.core.labels import LabelledEnum
from showcase.core.models import TimestampMixin
from showcase.core.states import HistoryMixin
from showcase.events.models import City, Event, Track
from showcase.extensions import db
from showcase.registration.models import Registration


class ProfileKind(LabelledEnum):
    CITY = "city", _l("City")
    ORGANISATION = "organisation", _l("Organisation")
    PERSON = "person", _l("Person")


class Side(LabelledEnum):
    OFFER = "offer", _l("Offers")
    SEEK = "seek", _l("Seeks")


class MeetingState(LabelledEnum):
    REQUESTED = "requested", _l("Requested")
    COUNTER = "counter", _l("Another slot proposed")
    ACCEPTED = "accepted", _l("Confirmed")
    DECLINED = "declined", _l("Declined")
    CANCELLED = "cancelled", _l("Cancelled")
    HELD = "held", _l("Held")
    MISSED = "missed", _l("Missed")


# A meeting in these states holds its seats and its table.
BOOKED_STATES = (MeetingState.ACCEPTED, MeetingState.HELD)
OPEN_STATES = (MeetingState.REQUESTED, MeetingState.COUNTER, MeetingState.ACCEPTED)


class OutcomeResult(LabelledEnum):
    FOLLOW_UP = "follow_up", _l("Follow-up planned")
    PILOT = "pilot", _l("Pilot discussed")
    MOU = "mou", _l("Memorandum of understanding intended")
    NOTHING = "nothing", _l("Nothing further")

    @property
    def is_next_step(self) -> bool:
        return self is not OutcomeResult.NOTHING


class CooperationSettings(TimestampMixin, db.Model):
    """Whether one event's directory of profiles is public or for registrants only."""

    __tablename__ = "cooperation_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    directory_public: Mapped[bool] = mapped_column(default=True)
    # How long before a meeting its reminder goes out.
    reminder_minutes: Mapped[int] = mapped_column(default=60)


class CooperationProfile(TimestampMixin, db.Model):
    __tablename__ = "cooperation_profile"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "city_id", name="uq_cooperation_profile_city"),
        sa.UniqueConstraint("event_id", "owner_id", name="uq_cooperation_profile_owner"),
        sa.CheckConstraint("(kind = 'city') = (city_id IS NOT NULL)", name="city_profile_has_city"),
        sa.CheckConstraint("kind = 'city' OR owner_id IS NOT NULL", name="party_profile_has_owner"),
        sa.CheckConstraint("length(display_name) > 0", name="display_name_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    kind: Mapped[ProfileKind] = mapped_column(str_enum(ProfileKind, "cooperation_profile_kind"))
    city_id: Mapped[int | None] = mapped_column(sa.ForeignKey("city.id", ondelete="CASCADE"))
    # The registered person who keeps an organisation's or a person's profile.
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    display_name: Mapped[str] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2))
    # ISO 639-1 codes separated by commas ("en,th,ja").
    languages: Mapped[str] = mapped_column(sa.String(100), default="")
    tags: Mapped[str] = mapped_column(sa.String(300), default="")
    about_en: Mapped[str] = mapped_column(sa.Text, default="")
    about_th: Mapped[str] = mapped_column(sa.Text, default="")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visible: Mapped[bool] = mapped_column(default=True)

    event: Mapped[Event] = relationship()
    city: Mapped[City | None] = relationship()
    owner: Mapped[Registration | None] = relationship(foreign_keys=[owner_id])
    interests: Mapped[list[CooperationInterest]] = relationship(
        back_populates="profile",
        order_by="(CooperationInterest.side, CooperationInterest.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    members: Mapped[list[ProfileMember]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def language_codes(self) -> list[str]:
        return [code for code in (self.languages or "").split(",") if code]

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in (self.tags or "").split(",") if tag.strip()]

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def offers(self) -> list[CooperationInterest]:
        return [item for item in self.interests if item.side == Side.OFFER]

    def seeks(self) -> list[CooperationInterest]:
        return [item for item in self.interests if item.side == Side.SEEK]

    def __repr__(self) -> str:
        return f"<CooperationProfile {self.id} {self.kind} {self.display_name!r}>"


class ProfileMember(db.Model):
    """A person who can meet for a profile."""

    __tablename__ = "cooperation_profile_member"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "registration_id", name="uq_cooperation_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cooperation_profile.id", ondelete="CASCADE")
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )

    profile: Mapped[CooperationProfile] = relationship(back_populates="members")
    registration: Mapped[Registration] = relationship()


class CooperationInterest(db.Model):
    __tablename__ = "cooperation_interest"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cooperation_profile.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[Side] = mapped_column(str_enum(Side, "cooperation_side", length=8))
    track_id: Mapped[int] = mapped_column(sa.ForeignKey("track.id", ondelete="CASCADE"))
    description_en: Mapped[str] = mapped_column(sa.String(300), default="")
    description_th: Mapped[str] = mapped_column(sa.String(300), default="")

    profile: Mapped[CooperationProfile] = relationship(back_populates="interests")
    track: Mapped[Track] = relationship()


class CooperationPin(db.Model):
    """A match the organisers recommend; pinned matches come first and need no shared language."""

    __tablename__ = "cooperation_pin"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "partner_id", name="uq_cooperation_pin"),
        sa.CheckConstraint("profile_id <> partner_id", name="pin_not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cooperation_profile.id", ondelete="CASCADE")
    )
    partner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cooperation_profile.id", ondelete="CASCADE")
    )
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    profile: Mapped[CooperationProfile] = relationship(foreign_keys=[profile_id])
    partner: Mapped[CooperationProfile] = relationship(foreign_keys=[partner_id])


class MeetingDay(db.Model):
    __tablename__ = "meeting_day"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "day", name="uq_meeting_day"),
        sa.CheckConstraint("ends > starts", name="meeting_hours_in_order"),
        sa.CheckConstraint("slot_minutes BETWEEN 5 AND 240", name="slot_minutes_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date)
    # Wall-clock hours in the event's timezone.
    starts: Mapped[time] = mapped_column(sa.Time)
    ends: Mapped[time] = mapped_column(sa.Time)
    slot_minutes: Mapped[int] = mapped_column(default=20)


class MeetingTable(db.Model):
    __tablename__ = "meeting_table"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "number", name="uq_meeting_table_number"),
        sa.CheckConstraint("number BETWEEN 1 AND 9999", name="table_number_range"),
        sa.CheckConstraint("capacity BETWEEN 1 AND 100", name="table_capacity_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    capacity: Mapped[int] = mapped_column(default=4)
    place_en: Mapped[str] = mapped_column(sa.String(120), default="Meeting lounge")
    place_th: Mapped[str] = mapped_column(sa.String(120), default="")


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "meeting"
    __table_args__ = (
        sa.CheckConstraint("requester_id <> host_id", name="meeting_not_self"),
        sa.CheckConstraint("ends_at > starts_at", name="meeting_times_in_order"),
        sa.CheckConstraint("state <> 'held' OR held_at IS NOT NULL", name="held_has_time"),
        sa.Index("ix_meeting_event_start", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cooperation_profile.id", ondelete="CASCADE"), index=True
    )
    host_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cooperation_profile.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[MeetingState] = mapped_column(
        str_enum(MeetingState, "meeting_state"), default=MeetingState.REQUESTED
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    table_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting_table.id", ondelete="SET NULL")
    )
    booth_id: Mapped[int | None] = mapped_column(sa.ForeignKey("booth.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    # Which side proposed the slot now on the table (the other side answers).
    proposed_by_host: Mapped[bool] = mapped_column(default=False)
    booked_by: Mapped[str] = mapped_column(sa.String(254), default="")
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    requester: Mapped[CooperationProfile] = relationship(foreign_keys=[requester_id])
    host: Mapped[CooperationProfile] = relationship(foreign_keys=[host_id])
    table: Mapped[MeetingTable | None] = relationship()
    booth = relationship("Booth")
    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    history: Mapped[list[MeetingHistory]] = relationship(
        back_populates="meeting",
        order_by="MeetingHistory.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    outcomes: Mapped[list[MeetingOutcome]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )

    def other(self, profile: CooperationProfile) -> CooperationProfile:
        return self.host if profile.id == self.requester_id else self.requester

    def outcome_of(self, profile: CooperationProfile) -> MeetingOutcome | None:
        return next((item for item in self.outcomes if item.profile_id == profile.id), None)

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.state}>"


class MeetingAttendee(db.Model):
    __tablename__ = "meeting_attendee"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "registration_id", name="uq_meeting_attendee"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    registration: Mapped[Registration] = relationship()


class MeetingHistory(HistoryMixin, db.Model):
    __tablename__ = "meeting_history"

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    meeting: Mapped[Meeting] = relationship(back_populates="history")

    states = MeetingState


class MeetingSeat(db.Model):
    """One person in one slot: the UNIQUE row that keeps anybody out of two places at once."""

    __tablename__ = "meeting_seat"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "registration_id", "slot_start", name="uq_meeting_seat"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingTableSlot(db.Model):
    """One table (or booth) in one slot: the UNIQUE row that keeps a place to one meeting."""

    __tablename__ = "meeting_table_slot"
    __table_args__ = (
        # A lounge table or a booth, never both; each unique per slot (NULLs do not collide).
        sa.CheckConstraint("(table_id IS NULL) <> (booth_id IS NULL)", name="one_place"),
        sa.UniqueConstraint("event_id", "table_id", "slot_start", name="uq_meeting_table_slot"),
        sa.UniqueConstraint("event_id", "booth_id", "slot_start", name="uq_meeting_booth_slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    table_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting_table.id", ondelete="CASCADE")
    )
    booth_id: Mapped[int | None] = mapped_column(sa.ForeignKey("booth.id", ondelete="CASCADE"))
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingOutcome(TimestampMixin, db.Model):
    __tablename__ = "meeting_outcome"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "profile_id", name="uq_meeting_outcome_side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cooperation_profile.id", ondelete="CASCADE")
    )
    result: Mapped[OutcomeResult] = mapped_column(
        str_enum(OutcomeResult, "meeting_outcome_result", length=12)
    )
    track_id: Mapped[int | None] = mapped_column(sa.ForeignKey("track.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.String(1000), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="outcomes")
    profile: Mapped[CooperationProfile] = relationship()
    track: Mapped[Track | None] = relationship()
