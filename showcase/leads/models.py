"""An exhibitor's lead: a visitor whose badge was scanned at the exhibitor's booth.

The lead holds what the booth staff wrote (note, rating, tags) and when and by whom the badge was
scanned. The visitor's details are not copied: they are read from the registration, and only
while the visitor shares them with exhibitors (``Registration.share_with_exhibitors``); without
that the exhibitor sees the badge code alone. One lead per exhibitor and visitor, by the
database: scanning the badge again updates the lead. A withdrawn lead keeps only when it was
scanned (for the booth-traffic counts); its note, rating and tags are erased.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.booths.models import BoothApplication
from showcase.core.db import UTCDateTime, utcnow
from showcase.core.models import TimestampMixin
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration

RATINGS = range(1, 6)


class ExhibitorLead(TimestampMixin, db.Model):
    __tablename__ = "exhibitor_lead"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "registration_id"),
        sa.CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
        sa.Index("ix_exhibitor_lead_event_scanned", "event_id", "first_scanned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booth_application.id", ondelete="CASCADE")
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    # The first scan counts the visit (booth traffic); the latest one is shown to the exhibitor.
    first_scanned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    scanned_by: Mapped[str] = mapped_column(sa.String(120), default="")
    scanned_by_registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")
    rating: Mapped[int | None]
    tags: Mapped[str] = mapped_column(sa.String(400), default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    application: Mapped[BoothApplication] = relationship()
    registration: Mapped[Registration] = relationship(foreign_keys=[registration_id])

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(",") if tag]

    @property
    def shares_details(self) -> bool:
        """Whether the exhibitor may see the visitor's details (else only the badge code)."""
        registration = self.registration
        return (
            self.withdrawn_at is None
            and registration.share_with_exhibitors
            and registration.erased_at is None
        )

    def __repr__(self) -> str:
        return f"<ExhibitorLead {self.application_id}:{self.registration_id}>"
