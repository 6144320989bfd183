"""A person's travel plan (one per registration), the event's partner hotels and the travel
settings (how long travel details are kept after the event).

The plan keeps each journey as the local date in the event's zone (``arrival_on``) and, once the
time is known, the moment in UTC (``arrival_at``): people often know the day before the flight,
and the manifest is by local day. The database backs the rules: one plan per registration, a
time only with its date, a partner hotel or a named other hotel, never both.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime
from showcase.core.i18n import localized_property
from showcase.core.models import TimestampMixin
from showcase.extensions import db
from showcase.registration.models import Registration

# Days kept after the event's last day, unless the organisers choose otherwise.
DEFAULT_RETENTION_DAYS = 30


class TravelSettings(TimestampMixin, db.Model):
    """The travel options of one event: days after its last day until travel details go."""

    __tablename__ = "travel_settings"
    __table_args__ = (
        sa.CheckConstraint("retention_days BETWEEN 0 AND 3650", name="retention_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    retention_days: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_DAYS)


class PartnerHotel(TimestampMixin, db.Model):
    """A hotel the organisers recommend (a negotiated rate, shuttles to the venue)."""

    __tablename__ = "partner_hotel"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "name_en", name="uq_partner_hotel_event_name"),
        sa.CheckConstraint("length(name_en) > 0", name="name_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_th: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # How people get from the hotel to the venue ("MRT Sukhumvit, 2 stops; 10 minutes by car").
    to_venue: Mapped[str] = mapped_column(sa.String(200), default="")
    position: Mapped[int] = mapped_column(default=0)

    name = localized_property("name")

    def __repr__(self) -> str:
        return f"<PartnerHotel {self.id} {self.name_en!r}>"


class TravelPlan(TimestampMixin, db.Model):
    """One person's arrival, departure, hotel and airport transfers."""

    __tablename__ = "travel_plan"
    __table_args__ = (
        sa.CheckConstraint(
            "arrival_at IS NULL OR arrival_on IS NOT NULL", name="arrival_time_has_date"
        ),
        sa.CheckConstraint(
            "departure_at IS NULL OR departure_on IS NOT NULL", name="departure_time_has_date"
        ),
        sa.CheckConstraint("hotel_id IS NULL OR hotel_other = ''", name="partner_or_other_hotel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )
    arrival_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    arrival_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrival_flight: Mapped[str] = mapped_column(sa.String(8), default="")
    # An IATA code of the list in services/plans.py, "other", or empty.
    arrival_airport: Mapped[str] = mapped_column(sa.String(5), default="")
    arrival_airport_other: Mapped[str] = mapped_column(sa.String(120), default="")
    arrival_transfer: Mapped[bool] = mapped_column(default=False)
    departure_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departure_flight: Mapped[str] = mapped_column(sa.String(8), default="")
    departure_airport: Mapped[str] = mapped_column(sa.String(5), default="")
    departure_airport_other: Mapped[str] = mapped_column(sa.String(120), default="")
    departure_transfer: Mapped[bool] = mapped_column(default=False)
    hotel_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("partner_hotel.id", ondelete="RESTRICT"), index=True
    )
    hotel_other: Mapped[str] = mapped_column(sa.String(200), default="")
    # Who gave the details last: "registrant", "coordinator" or an organiser's email.
    updated_by: Mapped[str] = mapped_column(sa.String(254), default="")

    registration: Mapped[Registration] = relationship()
    hotel: Mapped[PartnerHotel | None] = relationship()

    def __repr__(self) -> str:
        return f"<TravelPlan {self.id} of registration {self.registration_id}>"
