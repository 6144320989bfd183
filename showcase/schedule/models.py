"""The draft schedule (where each session is placed) and the published releases.

A ``SchedulePlacement`` is the organisers' working draft: one row per placed session (unique
session), a room and a start time in UTC; its end follows from the session's duration. The public
never reads placements.

A ``ScheduleRelease`` is a frozen snapshot made by ``publish_release``: the payload every public
page is rendered from, what changed since the previous release, and the exports (JSON, XML,
iCalendar) rendered once at publish time with the ETag they are served with. Releases are never
changed or deleted once written; the ORM refuses it and the version is unique per event.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, utcnow
from showcase.extensions import db


class SchedulePlacement(db.Model):
    __tablename__ = "schedule_placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("program_sessions.id", ondelete="CASCADE"), unique=True
    )
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    session = relationship("ProgramSession")
    room = relationship("Room")

    def __repr__(self) -> str:
        return f"<SchedulePlacement session={self.session_id} room={self.room_id}>"


class ScheduleRelease(db.Model):
    __tablename__ = "schedule_release"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "version"),
        sa.UniqueConstraint("event_id", "sequence"),
        sa.CheckConstraint("sequence > 0", name="sequence_positive"),
        sa.CheckConstraint("version <> ''", name="version_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int]
    version: Mapped[str] = mapped_column(sa.String(40))
    comment_en: Mapped[str] = mapped_column(sa.Text, default="")
    comment_th: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    changes: Mapped[dict] = mapped_column(sa.JSON)
    session_count: Mapped[int] = mapped_column(default=0)
    etag: Mapped[str] = mapped_column(sa.String(64))
    # The large parts are loaded only when asked for (the changelog needs none of them).
    payload: Mapped[dict] = mapped_column(sa.JSON, deferred=True)
    export_json: Mapped[str] = mapped_column(sa.Text, deferred=True)
    export_xml: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    export_ics: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)

    event = relationship("Event")
    created_by = relationship("User")

    def __repr__(self) -> str:
        return f"<ScheduleRelease {self.version}>"


@sa_event.listens_for(ScheduleRelease, "before_update")
def _releases_are_immutable(mapper, connection, target) -> None:
    raise ValueError("a published schedule release cannot be changed")


@sa_event.listens_for(ScheduleRelease, "before_delete")
def _releases_are_kept(mapper, connection, target) -> None:
    raise ValueError("a published schedule release cannot be deleted")


class RegistrationStar(db.Model):
    """A session a registrant starred through their manage link: it joins their personal
    calendar feed, and they hear when it moves or is cancelled."""

    __tablename__ = "registration_stars"
    __table_args__ = (sa.UniqueConstraint("registration_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("program_sessions.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration = relationship("Registration")
