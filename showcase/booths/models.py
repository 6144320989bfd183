"""Halls, booths, booth applications (an approved one is an exhibitor) and the booth settings.

The two guarantees of the feature live here as database constraints:

- a booth is assigned to at most one exhibitor: ``booth_application.booth_id`` is unique;
- a city holds at most the configured number of booths: an approved application takes a
  numbered slot of its city (``city_slot``), unique per (event, city). The service picks the slot
  under a lock after counting against the configured limit; the unique index is what still holds
  when two approvals race. With the default limit of one, the index alone enforces the rule.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.i18n import localized_property
from showcase.core.images import StoredImage
from showcase.core.labels import LabelledEnum
from showcase.core.links import SecretLinkMixin
from showcase.core.models import TimestampMixin
from showcase.core.states import HistoryMixin
from showcase.events.models import City, Event, Track
from showcase.extensions import db

# The most booths the settings allow a city; also the bound of the slot numbers in the database.
MAX_BOOTHS_PER_CITY = 20


class BoothSettings(TimestampMixin, db.Model):
    """The booth options of one event: the application window and the booths a city may hold."""

    __tablename__ = "booth_settings"
    __table_args__ = (
        sa.CheckConstraint(
            f"booths_per_city BETWEEN 1 AND {MAX_BOOTHS_PER_CITY}", name="booths_per_city_range"
        ),
        sa.CheckConstraint(
            "applications_close_at IS NULL OR applications_open_at IS NULL "
            "OR applications_close_at > applications_open_at",
            name="application_window_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    applications_open_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    applications_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    booths_per_city: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship()

    def applications_are_open(self, now: datetime | None = None) -> bool:
        return Event.window_is_open(self.applications_open_at, self.applications_close_at, now)


class Hall(TimestampMixin, db.Model):
    """An exhibition hall: a rectangle of ``width`` × ``depth`` metres that holds booths."""

    __tablename__ = "booth_hall"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "code"),
        sa.CheckConstraint("width > 0 AND depth > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(16))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    width: Mapped[float] = mapped_column(sa.Float)
    depth: Mapped[float] = mapped_column(sa.Float)
    position: Mapped[int] = mapped_column(default=0)

    booths: Mapped[list[Booth]] = relationship(
        back_populates="hall", order_by="Booth.code", passive_deletes=True
    )

    name = localized_property("name")

    @property
    def area(self) -> float:
        return self.width * self.depth

    def __repr__(self) -> str:
        return f"<Hall {self.code}>"


class BoothAvailability(LabelledEnum):
    """What organisers decided about a booth; whether it is assigned comes from the applications."""

    AVAILABLE = "available", _l("Available")
    # kept back by the organisers (a sponsor, their own stand); not offered
    HELD = "held", _l("Held by the organisers")
    BLOCKED = "blocked", _l("Blocked")  # cannot be assigned (a pillar, a fire exit, a stage)


class BoothState(LabelledEnum):
    """A booth's state on the organisers' floor plan."""

    FREE = "free", _l("Free")
    HELD = "held", _l("Held")
    ASSIGNED = "assigned", _l("Assigned")
    BLOCKED = "blocked", _l("Blocked")


class Booth(TimestampMixin, db.Model):
    """A booth: where it is in its hall (metres from the hall's top-left corner) and its zone."""

    __tablename__ = "booth"
    # The audit log names a booth by its code (core/audit.py).
    __audit_label__ = staticmethod(lambda booth: booth.code)
    __table_args__ = (
        sa.UniqueConstraint("event_id", "code"),
        sa.CheckConstraint("width > 0 AND depth > 0", name="size_positive"),
        sa.CheckConstraint("x >= 0 AND y >= 0", name="position_in_hall"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booth_hall.id", ondelete="RESTRICT"), index=True
    )
    code: Mapped[str] = mapped_column(sa.String(16))
    x: Mapped[float] = mapped_column(sa.Float)
    y: Mapped[float] = mapped_column(sa.Float)
    width: Mapped[float] = mapped_column(sa.Float)
    depth: Mapped[float] = mapped_column(sa.Float)
    # The smart-city dimension of the zone; none means the general zone.
    track_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("track.id", ondelete="SET NULL"), index=True
    )
    has_power: Mapped[bool] = mapped_column(default=True)
    has_internet: Mapped[bool] = mapped_column(default=False)
    is_corner: Mapped[bool] = mapped_column(default=False)
    availability: Mapped[BoothAvailability] = mapped_column(
        str_enum(BoothAvailability, "booth_availability", length=16),
        default=BoothAvailability.AVAILABLE,
    )
    note: Mapped[str] = mapped_column(sa.String(300), default="")

    hall: Mapped[Hall] = relationship(back_populates="booths")
    track: Mapped[Track | None] = relationship()
    # The approved application holding this booth (the unique booth_id makes it at most one).
    exhibitor: Mapped[BoothApplication | None] = relationship(
        primaryjoin="Booth.id == BoothApplication.booth_id", uselist=False, viewonly=True
    )

    @property
    def area(self) -> float:
        return self.width * self.depth

    @property
    def state(self) -> BoothState:
        if self.exhibitor is not None:
            return BoothState.ASSIGNED
        if self.availability == BoothAvailability.BLOCKED:
            return BoothState.BLOCKED
        if self.availability == BoothAvailability.HELD:
            return BoothState.HELD
        return BoothState.FREE

    @property
    def zone_slug(self) -> str:
        return self.track.slug if self.track is not None else "general"

    def __repr__(self) -> str:
        return f"<Booth {self.code}>"


class ApplicationState(LabelledEnum):
    UNCONFIRMED = "unconfirmed", _l("Email not confirmed")  # the email address is not confirmed yet
    SUBMITTED = "submitted", _l("Submitted")
    APPROVED = "approved", _l("Approved")  # a booth is assigned: the application is an exhibitor
    WAITLISTED = "waitlisted", _l("On the waiting list")
    REJECTED = "rejected", _l("Not accepted")
    WITHDRAWN = "withdrawn", _l("Withdrawn")  # by the applicant
    CANCELLED = "cancelled", _l("Cancelled")  # by the organisers, after approval


application_dimension = sa.Table(
    "booth_application_dimension",
    db.metadata,
    sa.Column(
        "application_id",
        sa.ForeignKey("booth_application.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("track_id", sa.ForeignKey("track.id", ondelete="CASCADE"), primary_key=True),
)


class BoothApplication(TimestampMixin, db.Model):
    """A city's application for a booth; once approved with a booth it is an exhibitor."""

    __tablename__ = "booth_application"
    __table_args__ = (
        # A booth belongs to at most one exhibitor.
        sa.UniqueConstraint("booth_id"),
        # A city's approved applications take distinct numbered slots (see the module docstring).
        sa.UniqueConstraint("event_id", "city_id", "city_slot"),
        sa.CheckConstraint(
            "(state = 'approved') = (booth_id IS NOT NULL)", name="booth_only_when_approved"
        ),
        sa.CheckConstraint("(booth_id IS NULL) = (city_slot IS NULL)", name="slot_with_booth"),
        sa.CheckConstraint(
            f"city_slot IS NULL OR city_slot BETWEEN 1 AND {MAX_BOOTHS_PER_CITY}",
            name="city_slot_range",
        ),
        sa.CheckConstraint("space_sqm BETWEEN 1 AND 1000", name="space_range"),
        sa.CheckConstraint(
            "staff_passes IS NULL OR staff_passes BETWEEN 0 AND 50", name="staff_passes_range"
        ),
        sa.Index("ix_booth_application_event_state", "event_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id", ondelete="RESTRICT"), index=True)
    state: Mapped[ApplicationState] = mapped_column(
        str_enum(ApplicationState, "booth_application_state", length=16),
        default=ApplicationState.UNCONFIRMED,
    )
    contact_name: Mapped[str] = mapped_column(sa.String(120))
    contact_email: Mapped[str] = mapped_column(sa.String(254), index=True)
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    language: Mapped[str] = mapped_column(sa.String(2), default="en")
    title_en: Mapped[str] = mapped_column(sa.String(200), default="")
    title_th: Mapped[str] = mapped_column(sa.String(200), default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    description_th: Mapped[str] = mapped_column(sa.Text, default="")
    # The zone the city would like; none means no preference (see ``prefers_general``).
    preferred_track_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("track.id", ondelete="SET NULL")
    )
    prefers_general: Mapped[bool] = mapped_column(default=False)
    preferred_booths: Mapped[str] = mapped_column(sa.String(200), default="")
    space_sqm: Mapped[int] = mapped_column(default=9)
    needs_power: Mapped[bool] = mapped_column(default=True)
    needs_internet: Mapped[bool] = mapped_column(default=False)
    requirements: Mapped[str] = mapped_column(sa.Text, default="")
    logo_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stored_image.id", ondelete="SET NULL")
    )
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    booth_id: Mapped[int | None] = mapped_column(sa.ForeignKey("booth.id", ondelete="RESTRICT"))
    city_slot: Mapped[int | None]
    # Staff passes the organisers set for this exhibitor; none means the number that goes
    # with the booth's size (registration/services/passes.py).
    staff_passes: Mapped[int | None]

    event: Mapped[Event] = relationship()
    city: Mapped[City] = relationship()
    booth: Mapped[Booth | None] = relationship()
    logo: Mapped[StoredImage | None] = relationship()
    preferred_track: Mapped[Track | None] = relationship(foreign_keys=[preferred_track_id])
    dimensions: Mapped[list[Track]] = relationship(
        secondary=application_dimension, order_by="Track.position"
    )
    history: Mapped[list[BoothApplicationHistory]] = relationship(
        back_populates="application",
        order_by="BoothApplicationHistory.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    title = localized_property("title")
    description = localized_property("description")

    def __repr__(self) -> str:
        return f"<BoothApplication {self.id} {self.state}>"


class BoothApplicationHistory(HistoryMixin, db.Model):
    """One step in an application's life (see core/states.py): written only by the state
    machine of services/applications.py."""

    __tablename__ = "booth_application_history"

    # The notes of the two steps that are not moves: the application was sent, or changed.
    APPLIED = "applied"
    EDITED = "edited"

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booth_application.id", ondelete="CASCADE"), index=True
    )

    application: Mapped[BoothApplication] = relationship(back_populates="history")

    states = ApplicationState

    @property
    def actor_label(self) -> str:
        """Who made the step: the organiser's address, or "Applicant"."""
        if self.actor == "applicant":
            return str(_l("Applicant"))
        return self.by or self.actor


class BoothApplicationLink(SecretLinkMixin, db.Model):
    """Confirmation and manage links of booth applications (see core/links.py)."""

    __tablename__ = "booth_application_link"

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booth_application.id", ondelete="CASCADE"), index=True
    )
    application: Mapped[BoothApplication] = relationship()
