"""A city's delegation to an event, its coordinator's secret links, its history, the event's
delegation settings and the record of every substitution.

The members of a delegation are registrations (``Registration.delegation_id``): they take their
seats through the registration's one seat rule (``registration/services/seats.py``) and move
through the registration's state machine. The database backs the rules: one delegation per event
and city (a unique constraint), one head of delegation among the active members (a partial unique
index on ``registrations``).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.labels import LabelledEnum
from showcase.core.links import SecretLinkMixin
from showcase.core.models import TimestampMixin
from showcase.core.states import HistoryMixin
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import ACTIVE_STATES, Registration


class DelegationState(LabelledEnum):
    REQUESTED = "requested", _l("Requested")
    INVITED = "invited", _l("Invited")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Not accepted")


# States in which the coordinator arranges the members.
WORKING_STATES = (DelegationState.INVITED, DelegationState.APPROVED)


class DelegationSettings(TimestampMixin, db.Model):
    """The delegation options of one event: whether city offices may request a delegation and
    until when a member may be replaced by another person."""

    __tablename__ = "delegation_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    requests_open: Mapped[bool] = mapped_column(default=True)
    substitution_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Delegation(TimestampMixin, db.Model):
    """One city's delegation to one event, arranged by its coordinator."""

    __tablename__ = "delegation"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "city_id", name="uq_delegation_event_city"),
        sa.CheckConstraint("language IN ('en', 'th')", name="language_known"),
        sa.CheckConstraint("length(coordinator_name) > 0", name="coordinator_named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id", ondelete="RESTRICT"))
    state: Mapped[DelegationState] = mapped_column(
        str_enum(DelegationState, "delegation_state"), default=DelegationState.REQUESTED
    )
    coordinator_name: Mapped[str] = mapped_column(sa.String(120))
    coordinator_organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    coordinator_email: Mapped[str] = mapped_column(sa.String(254))
    coordinator_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    language: Mapped[str] = mapped_column(sa.String(2), default="en")
    message: Mapped[str] = mapped_column(sa.Text, default="")
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # The coordinator's one confirmation that the members agreed to the privacy notice; each
    # member added afterwards records this version and the time they were added.
    privacy_version: Mapped[str] = mapped_column(sa.String(20), default="")
    privacy_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    city: Mapped[City] = relationship()
    members: Mapped[list[Registration]] = relationship(
        primaryjoin="Delegation.id == foreign(Registration.delegation_id)",
        order_by="(Registration.is_head.desc(), Registration.is_vip.desc(), Registration.id)",
        viewonly=True,
    )
    history: Mapped[list[DelegationHistory]] = relationship(
        back_populates="delegation",
        order_by="DelegationHistory.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    substitutions: Mapped[list[Substitution]] = relationship(
        order_by="Substitution.id", viewonly=True
    )

    @property
    def is_working(self) -> bool:
        return self.state in WORKING_STATES

    @property
    def active_members(self) -> list[Registration]:
        return [member for member in self.members if member.state in ACTIVE_STATES]

    @property
    def head(self) -> Registration | None:
        return next((member for member in self.active_members if member.is_head), None)

    def __repr__(self) -> str:
        return f"<Delegation {self.id} {self.state}>"


class DelegationHistory(HistoryMixin, db.Model):
    """One step in a delegation's life (written only by its state machine)."""

    __tablename__ = "delegation_history"

    delegation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    delegation: Mapped[Delegation] = relationship(back_populates="history")

    states = DelegationState


class DelegationLink(SecretLinkMixin, db.Model):
    """The coordinator's secret links to the delegation's page (see core/links.py)."""

    __tablename__ = "delegation_link"

    delegation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    delegation: Mapped[Delegation] = relationship()


class Substitution(db.Model):
    """One member replaced by another person on the same seat: who was there, who came, and
    the badge codes before and after (the old badge no longer checks in)."""

    __tablename__ = "delegation_substitution"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(sa.String(254), default="")
    old_name: Mapped[str] = mapped_column(sa.String(120))
    old_name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    old_email: Mapped[str] = mapped_column(sa.String(254), default="")
    old_badge_code: Mapped[str] = mapped_column(sa.String(12))
    new_name: Mapped[str] = mapped_column(sa.String(120))
    new_name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    new_badge_code: Mapped[str] = mapped_column(sa.String(12))

    registration: Mapped[Registration] = relationship()
