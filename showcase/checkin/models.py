"""Check-in points and scans.

A ``Gate`` is a place where badges are scanned, with its rule: the main entrance admits a person
once per day (in the event's timezone), a room counts its entries against the room's capacity,
the VIP lounge admits chosen categories only. A ``Scan`` is one badge shown at one gate: its id
is made by the device that scanned it (so a scan sent twice, or queued offline and sent again, is
applied once), and it keeps the result and the reason the person at the gate was shown.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.i18n import localized_property
from showcase.core.labels import LabelledEnum
from showcase.core.models import TimestampMixin
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import Room
from showcase.registration.models import Registration, RegistrationCategory


class GateKind(LabelledEnum):
    MAIN = "main", _l("Main entrance (once per day)")
    ROOM = "room", _l("Room (counted against its capacity)")
    VIP = "vip", _l("VIP lounge (chosen categories only)")


class WhenFull(LabelledEnum):
    REFUSE = "refuse", _l("Refuse entry")
    WARN = "warn", _l("Warn, and let the gate decide")


class ScanResult(enum.StrEnum):
    ADMITTED = "admitted"
    WARNED = "warned"
    REFUSED = "refused"


gate_category = sa.Table(
    "checkin_gate_category",
    db.metadata,
    sa.Column("gate_id", sa.ForeignKey("checkin_gate.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "category_id",
        sa.ForeignKey("registration_categories.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class Gate(TimestampMixin, db.Model):
    """A check-in point of an event, defined by the organisers."""

    __tablename__ = "checkin_gate"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(sa.String(80))
    name_th: Mapped[str] = mapped_column(sa.String(80), default="")
    kind: Mapped[GateKind] = mapped_column(str_enum(GateKind, "checkin_gate_kind", length=8))
    room_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rooms.id", ondelete="SET NULL"), index=True
    )
    when_full: Mapped[WhenFull] = mapped_column(
        str_enum(WhenFull, "checkin_when_full", length=8), default=WhenFull.REFUSE
    )
    # A room's entries are counted from here (the start of its day, or a new count started by
    # the organisers between sessions), whichever is later.
    counted_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship()
    categories: Mapped[list[RegistrationCategory]] = relationship(
        secondary=gate_category, order_by=RegistrationCategory.position
    )

    name = localized_property("name")

    def __repr__(self) -> str:
        return f"<Gate {self.name_en} {self.kind}>"


class Scan(db.Model):
    """One badge shown at one gate, applied once (``scan_id`` is made by the device)."""

    __tablename__ = "checkin_scan"
    __table_args__ = (
        # Once per day at the main entrance, kept by the database too: ``entry_day`` is set only
        # on a main-entrance scan that admitted the person.
        sa.UniqueConstraint("event_id", "registration_id", "entry_day"),
        sa.Index("ix_checkin_scan_gate_result", "gate_id", "result"),
        sa.Index("ix_checkin_scan_registration", "registration_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    gate_id: Mapped[int] = mapped_column(sa.ForeignKey("checkin_gate.id", ondelete="CASCADE"))
    scan_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE")
    )
    result: Mapped[ScanResult] = mapped_column(str_enum(ScanResult, "checkin_scan_result", 10))
    reason: Mapped[str] = mapped_column(sa.String(24), default="")
    # What the reason's message needs (a time, a gate's name, a count), as plain values.
    detail: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # When the badge was shown (the device's clock, for a scan queued offline) and when the
    # server applied it.
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entry_day: Mapped[date | None] = mapped_column(sa.Date)
    scanned_by: Mapped[str] = mapped_column(sa.String(254), default="")
    offline: Mapped[bool] = mapped_column(default=False)
    kiosk: Mapped[bool] = mapped_column(default=False)

    gate: Mapped[Gate] = relationship()
    registration: Mapped[Registration | None] = relationship()
