"""Announcements, their history, their recipients, the unsubscribed addresses and the settings.

The rules the database holds:

- an address gets an announcement at most once: one ``AnnouncementRecipient`` per address and
  announcement (a unique constraint on the lower-cased address), and one outbox message per
  recipient (its ``dedup_key`` in the outbox is unique);
- an address unsubscribes once per event (a unique constraint on the hash of the address; the
  address itself is not kept there).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.labels import LabelledEnum
from showcase.core.models import TimestampMixin
from showcase.core.states import HistoryMixin
from showcase.events.models import Event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage

DEFAULT_APPROVAL_THRESHOLD = 500
DEFAULT_RATE_PER_MINUTE = 300


class AnnouncementState(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _l("Waiting for a second organiser's approval")
    SCHEDULED = "scheduled", _l("Scheduled")
    SENDING = "sending", _l("Being queued")
    SENT = "sent", _l("Queued for everyone")
    CANCELLED = "cancelled", _l("Stopped")


class Match(enum.StrEnum):
    ALL = "all"
    ANY = "any"


class AnnouncementSettings(TimestampMixin, db.Model):
    """An event's rules for announcements: from how many recipients a second organiser must
    approve (0: never), and how many messages may leave per minute (0: no limit)."""

    __tablename__ = "announcement_settings"
    __table_args__ = (
        sa.CheckConstraint(
            "approval_threshold BETWEEN 0 AND 1000000", name="approval_threshold_range"
        ),
        sa.CheckConstraint("rate_per_minute BETWEEN 0 AND 100000", name="rate_per_minute_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    approval_threshold: Mapped[int] = mapped_column(default=DEFAULT_APPROVAL_THRESHOLD)
    rate_per_minute: Mapped[int] = mapped_column(default=DEFAULT_RATE_PER_MINUTE)


class Announcement(TimestampMixin, db.Model):
    """One bulk email of an event: to whom, what (in English and Thai), when, and how far it got."""

    __tablename__ = "announcement"
    __table_args__ = (
        sa.Index("ix_announcement_due", "state", "send_at"),
        sa.CheckConstraint(
            "state <> 'scheduled' OR send_at IS NOT NULL", name="scheduled_has_time"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    state: Mapped[AnnouncementState] = mapped_column(
        str_enum(AnnouncementState, "announcement_state"), default=AnnouncementState.DRAFT
    )
    # The audience: conditions such as "registration_state:confirmed", all or any of them.
    match: Mapped[Match] = mapped_column(
        str_enum(Match, "announcement_match", 8), default=Match.ALL
    )
    conditions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    subject_en: Mapped[str] = mapped_column(sa.String(200), default="")
    subject_th: Mapped[str] = mapped_column(sa.String(200), default="")
    body_en: Mapped[str] = mapped_column(sa.Text, default="")
    body_th: Mapped[str] = mapped_column(sa.Text, default="")
    # When it goes (scheduled), or went (sending, sent).
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    author: Mapped[str] = mapped_column(sa.String(254), default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    approved_by: Mapped[str] = mapped_column(sa.String(254), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many people the snapshot of the audience found, and how many are queued so far.
    recipient_count: Mapped[int] = mapped_column(default=0)
    queued_count: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    history: Mapped[list[AnnouncementHistory]] = relationship(
        back_populates="announcement",
        order_by="AnnouncementHistory.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def subject(self, lang: str) -> str:
        return (self.subject_th if lang == "th" else self.subject_en) or ""

    def body(self, lang: str) -> str:
        return (self.body_th if lang == "th" else self.body_en) or ""

    @property
    def title(self) -> str:
        return self.subject_en or self.subject_th

    def __repr__(self) -> str:
        return f"<Announcement {self.id} {self.state}>"


class AnnouncementHistory(HistoryMixin, db.Model):
    """One step of an announcement (written only by its state machine)."""

    __tablename__ = "announcement_history"

    announcement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("announcement.id", ondelete="CASCADE"), index=True
    )
    announcement: Mapped[Announcement] = relationship(back_populates="history")

    states = AnnouncementState


class AnnouncementRecipient(db.Model):
    """One address an announcement goes to, as the audience was when it started to go: whom it
    is about (a registration, a speaker, a booth application, a delegation), in which language,
    and the outbox message once queued (or why none was)."""

    __tablename__ = "announcement_recipient"
    __table_args__ = (
        sa.UniqueConstraint("announcement_id", "address"),
        sa.Index("ix_announcement_recipient_order", "announcement_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("announcement.id", ondelete="CASCADE")
    )
    position: Mapped[int]
    # Lower-cased: the same person written twice is one address.
    address: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    language: Mapped[str] = mapped_column(sa.String(2), default="en")
    owner_kind: Mapped[str] = mapped_column(sa.String(40))
    owner_id: Mapped[int]
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outbox_message.id", ondelete="SET NULL"), index=True
    )
    # Set when no message was queued: "unsubscribed" (the address asked for none) or "invalid".
    skipped: Mapped[str] = mapped_column(sa.String(20), default="")

    announcement: Mapped[Announcement] = relationship()
    message: Mapped[OutboxMessage | None] = relationship()


class AnnouncementUnsubscribe(db.Model):
    """An address that wants no more announcements of the event (transactional emails still go).
    Only the hash of the address is kept (``mail.limits.address_hash``)."""

    __tablename__ = "announcement_unsubscribe"
    __table_args__ = (sa.UniqueConstraint("event_id", "address_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    address_hash: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
