"""Registration categories, delegates' registrations, their links, history and the lock rows.

The guarantees of the feature are database constraints here:

- one active registration per email per event: a partial unique index on ``(event_id, email)``
  over the states that hold or wait for a place;
- a category never has more confirmed registrations than its capacity, and a city never more
  than the event's city cap: seats are taken by ``services.seats`` under a lock on the
  category's row and the city's lock row (``registration_city_locks``) inside the confirming
  unit of work (SQLite: the database write lock of ``unit_of_work(lock=True)``).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.i18n import country_name, localized_property
from showcase.core.labels import LabelledEnum
from showcase.core.links import SecretLinkMixin
from showcase.core.models import TimestampMixin
from showcase.core.states import HistoryMixin
from showcase.events.models import City, Event
from showcase.extensions import db

PRIVACY_NOTICE_VERSION = "2026-11"


class RegistrationState(LabelledEnum):
    PENDING_EMAIL = "pending_email", _l("Email not confirmed")
    CONFIRMED = "confirmed", _l("Confirmed")
    WAITLISTED = "waitlisted", _l("On the waiting list")
    AWAITING_APPROVAL = "awaiting_approval", _l("Awaiting approval")
    CANCELLED = "cancelled", _l("Cancelled")
    REJECTED = "rejected", _l("Not accepted")
    # Offered a seat from the waiting list, held for them until ``offer_expires_at``.
    OFFERED = "offered", _l("Offered a place")


# States that hold or wait for a place: at most one per email and event.
ACTIVE_STATES = (
    RegistrationState.PENDING_EMAIL,
    RegistrationState.CONFIRMED,
    RegistrationState.WAITLISTED,
    RegistrationState.AWAITING_APPROVAL,
    RegistrationState.OFFERED,
)
_ACTIVE_SQL = (
    "state IN ('pending_email', 'confirmed', 'waitlisted', 'awaiting_approval', 'offered')"
)
# States that hold a seat of the category (and of the city): an open offer holds its seat.
SEAT_STATES = (RegistrationState.CONFIRMED, RegistrationState.OFFERED)


class BadgeKind(LabelledEnum):
    """What a badge's colour band says at a glance (the category's kind; a VIP's badge says VIP
    whatever the category)."""

    DELEGATE = "delegate", _l("Delegate")
    VIP = "vip", _l("VIP")
    SPEAKER = "speaker", _l("Speaker")
    EXHIBITOR = "exhibitor", _l("Exhibitor")
    MEDIA = "media", _l("Media")
    ORGANISER = "organiser", _l("Organiser")


class RegistrationSettings(TimestampMixin, db.Model):
    """The registration options of one event beyond its window: the cap per city."""

    __tablename__ = "registration_settings"
    __table_args__ = (
        sa.CheckConstraint("city_cap IS NULL OR city_cap >= 1", name="city_cap_positive"),
        sa.CheckConstraint(
            "offer_hours IS NULL OR offer_hours BETWEEN 1 AND 720", name="offer_hours_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    # The most confirmed registrations one city may have; none means no cap.
    city_cap: Mapped[int | None]
    privacy_version: Mapped[str] = mapped_column(sa.String(20), default=PRIVACY_NOTICE_VERSION)
    # Hours a person has to accept a seat offered from the waiting list; none means freed
    # seats go to the next person at once (offers are then made only by organisers).
    offer_hours: Mapped[int | None]
    # Organisers choose who gets a freed seat (a promotion or an offer by hand); otherwise the
    # longest-waiting person who fits gets it at once.
    waitlist_by_hand: Mapped[bool] = mapped_column(default=False)


class RegistrationCategory(TimestampMixin, db.Model):
    """A kind of registration (City delegate, Visitor, Media…) with its own seats and rules."""

    __tablename__ = "registration_categories"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "code"),
        sa.UniqueConstraint("event_id", "invitation_code"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.CheckConstraint(
            "NOT invitation_only OR invitation_code IS NOT NULL", name="invitation_has_code"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(32))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    description_en: Mapped[str] = mapped_column(sa.String(500), default="")
    description_th: Mapped[str] = mapped_column(sa.String(500), default="")
    # Seats for confirmed registrations; none means unlimited.
    capacity: Mapped[int | None]
    needs_approval: Mapped[bool] = mapped_column(default=False)
    invitation_only: Mapped[bool] = mapped_column(default=False)
    invitation_code: Mapped[str | None] = mapped_column(sa.String(32))
    is_open: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    # The colour band of its badges, and whether a city's delegation may bring members in it.
    badge_kind: Mapped[BadgeKind] = mapped_column(
        str_enum(BadgeKind, "badge_kind", length=12), default=BadgeKind.DELEGATE
    )
    open_to_delegations: Mapped[bool] = mapped_column(default=False)
    # Who Showcase gives this category to ("speakers", "exhibitor_staff"); such a category is
    # never offered on the public form. Empty for the categories people choose.
    given_to: Mapped[str] = mapped_column(sa.String(20), default="")

    event: Mapped[Event] = relationship()

    name = localized_property("name")
    description = localized_property("description")

    def __repr__(self) -> str:
        return f"<RegistrationCategory {self.code}>"


class Registration(TimestampMixin, db.Model):
    """One person's registration for one event."""

    __tablename__ = "registrations"
    __table_args__ = (
        sa.Index(
            "uq_registrations_active_email",
            "event_id",
            "email",
            unique=True,
            sqlite_where=sa.text(_ACTIVE_SQL),
            postgresql_where=sa.text(_ACTIVE_SQL),
        ),
        sa.Index("ix_registrations_category_state", "category_id", "state"),
        sa.Index("ix_registrations_event_city_state", "event_id", "city_id", "state"),
        sa.UniqueConstraint("event_id", "badge_code"),
        sa.CheckConstraint("language IN ('en', 'th')", name="language_known"),
        sa.CheckConstraint("length(full_name) > 0", name="full_name_given"),
        sa.CheckConstraint("city_id IS NULL OR other_country = ''", name="city_or_other_country"),
        sa.CheckConstraint(
            "state <> 'waitlisted' OR waitlisted_at IS NOT NULL", name="waitlist_has_time"
        ),
        sa.CheckConstraint(
            "checked_in_at IS NULL OR state = 'confirmed'", name="checked_in_only_confirmed"
        ),
        # Only a delegation's member may have no email: their coordinator is reached instead.
        sa.CheckConstraint(
            "email IS NOT NULL OR delegation_id IS NOT NULL", name="email_or_delegation"
        ),
        # One head of each delegation among its active members.
        sa.Index(
            "uq_registrations_delegation_head",
            "delegation_id",
            unique=True,
            sqlite_where=sa.text(f"is_head AND {_ACTIVE_SQL}"),
            postgresql_where=sa.text(f"is_head AND {_ACTIVE_SQL}"),
        ),
        sa.CheckConstraint(
            "state <> 'offered' OR offer_expires_at IS NOT NULL", name="offer_has_expiry"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration_categories.id", ondelete="RESTRICT")
    )
    state: Mapped[RegistrationState] = mapped_column(
        str_enum(RegistrationState, "registration_state"),
        default=RegistrationState.PENDING_EMAIL,
    )
    # None only for a delegation's member who gave none (see ``email_or_delegation``).
    email: Mapped[str | None] = mapped_column(sa.String(254))
    full_name: Mapped[str] = mapped_column(sa.String(120))
    full_name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    job_title: Mapped[str] = mapped_column(sa.String(120), default="")
    city_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("city.id", ondelete="RESTRICT"), index=True
    )
    # For "other": the country (ISO code) and the city's name as written by the person.
    other_country: Mapped[str] = mapped_column(sa.String(2), default="")
    other_city: Mapped[str] = mapped_column(sa.String(120), default="")
    dietary: Mapped[str] = mapped_column(sa.String(500), default="")
    accessibility: Mapped[str] = mapped_column(sa.String(500), default="")
    language: Mapped[str] = mapped_column(sa.String(2), default="en")
    consent_version: Mapped[str] = mapped_column(sa.String(20))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    badge_code: Mapped[str] = mapped_column(sa.String(12))
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_by: Mapped[str] = mapped_column(sa.String(254), default="")
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A member of a city's delegation (showcase/delegations): the delegation, the protocol title
    # ("H.E.", "Dr", "นายกเทศมนตรี"), and the marks of the head of delegation and of a VIP.
    delegation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegation.id", ondelete="RESTRICT"), index=True
    )
    honorific: Mapped[str] = mapped_column(sa.String(60), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    is_head: Mapped[bool] = mapped_column(default=False)
    is_vip: Mapped[bool] = mapped_column(default=False)
    # Until when a seat offered from the waiting list is held (state "offered").
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The organiser who registered this person on their behalf (a walk-in, an invitee).
    registered_by: Mapped[str] = mapped_column(sa.String(254), default="")
    # The speaker or the booth whose pass this registration is (see services/passes.py).
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("speakers.id", ondelete="SET NULL"), index=True
    )
    booth_application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("booth_application.id", ondelete="SET NULL"), index=True
    )
    # Whether exhibitors whose booth scans the badge receive the person's name, organisation,
    # job title and email (showcase/leads), and when that was agreed.
    share_with_exhibitors: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    shared_with_exhibitors_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    category: Mapped[RegistrationCategory] = relationship()
    city: Mapped[City | None] = relationship()
    history: Mapped[list[RegistrationHistory]] = relationship(
        back_populates="registration",
        order_by="RegistrationHistory.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def city_label(self) -> str:
        if self.city is not None:
            return self.city.name
        if self.other_country:
            country = country_name(self.other_country)
            return f"{self.other_city}, {country}" if self.other_city else country
        return ""

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def badge_kind(self) -> BadgeKind:
        return BadgeKind.VIP if self.is_vip else self.category.badge_kind

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.state}>"


class RegistrationHistory(HistoryMixin, db.Model):
    """One step in a registration's life: who moved it from what to what, and why (written only
    by the state machine of ``services/states.py``)."""

    __tablename__ = "registration_history"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )

    registration: Mapped[Registration] = relationship(back_populates="history")

    states = RegistrationState

    @property
    def actor_label(self) -> str:
        """Who took the step: the organiser's address as recorded, or the party in words."""
        if self.by:
            return self.by
        label = ACTOR_LABELS.get(self.actor)
        return str(label) if label is not None else self.actor

    @property
    def note_label(self) -> str:
        """The note in the reader's language when Showcase wrote it; an organiser's reason as
        they wrote it."""
        label = NOTE_LABELS.get(self.note)
        return str(label) if label is not None else self.note


# The actors and notes Showcase itself records in the history, in words.
ACTOR_LABELS = {
    "registrant": _l("the registrant"),
    "organiser": _l("an organiser"),
    "system": _l("Showcase (seats and waiting list)"),
}
NOTE_LABELS = {
    "details changed": _l("details changed"),
    "category full": _l("all places of the category were taken"),
    "city full": _l("all places of the city were taken"),
    "promoted from the waiting list": _l("promoted from the waiting list"),
    "checked in": _l("checked in"),
    "check-in undone": _l("check-in undone"),
    "personal data erased": _l("personal data erased"),
    "substituted": _l("another person took this place"),
    "registered by an organiser": _l("registered by an organiser"),
    "registered from an invitation": _l("registered from an invitation"),
    "changed by an organiser": _l("details changed by an organiser"),
    "offer expired": _l("the offered place was not accepted in time"),
    "offer accepted": _l("the offered place was accepted"),
    "speaker pass": _l("speaker of a confirmed session"),
    "no confirmed session": _l("no longer speaks in a confirmed session"),
    "exhibitor staff pass": _l("named as staff of an exhibitor's booth"),
    "booth lost": _l("the exhibitor's booth was withdrawn or cancelled"),
    "staff pass taken back": _l("the exhibitor took the staff pass back"),
    "badge reprinted: lost": _l("badge reprinted with a new code (the old one was lost)"),
    "badge reprinted: correction": _l("badge reprinted with the same code (details corrected)"),
    "announcement sent": _l("an announcement of the organisers was sent (see the emails)"),
}


class RegistrationLink(SecretLinkMixin, db.Model):
    """Confirmation and manage links of registrations (see core/links.py)."""

    __tablename__ = "registration_links"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    registration: Mapped[Registration] = relationship()


class RegistrationInvitation(db.Model):
    """A person organisers invited (from a CSV file): their personal link opens the form filled
    in with what the organisers know, in the invited category, without its invitation code.
    Only the hash of the link's secret is kept."""

    __tablename__ = "registration_invitations"
    __table_args__ = (sa.UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration_categories.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    full_name: Mapped[str] = mapped_column(sa.String(120))
    full_name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    job_title: Mapped[str] = mapped_column(sa.String(120), default="")
    language: Mapped[str] = mapped_column(sa.String(2), default="en")
    invited_by: Mapped[str] = mapped_column(sa.String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The registration made from it (the link then opens nothing more).
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship()
    category: Mapped[RegistrationCategory] = relationship()


class RegistrationCityLock(db.Model):
    """One row per (event, city) that confirmations of that city lock on PostgreSQL, so that
    counting the city's confirmed registrations and taking a seat happen one at a time."""

    __tablename__ = "registration_city_locks"
    __audit__ = False  # a lock, not data (core/audit.py)

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    city_id: Mapped[int] = mapped_column(
        sa.ForeignKey("city.id", ondelete="CASCADE"), primary_key=True
    )
