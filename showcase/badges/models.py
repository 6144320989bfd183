"""The print log and the retired badge codes.

A ``BadgePrint`` row is written for every badge that leaves the printer, with a fingerprint of
what the badge showed: when a name is corrected afterwards, the fingerprint no longer matches and
the badge counts as "changed since printed". A ``RetiredBadgeCode`` is the code of a badge that
was reported lost: the desk refuses it and says when it was replaced.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.labels import LabelledEnum
from showcase.extensions import db
from showcase.registration.models import Registration


class BadgeLayout(LabelledEnum):
    A6 = "a6", _l("A6, one badge per page")
    A4_SHEET = "a4_sheet", _l("A4 sheets, four A6 badges each, with crop marks")
    CR80 = "cr80", _l("CR80 card (85.6 × 54 mm)")


class PrintReason(LabelledEnum):
    RUN = "run", _l("print run")
    LOST = "lost", _l("reprint: lost, new code")
    TYPO = "typo", _l("reprint: correction, same code")


class BadgePrint(db.Model):
    """One badge printed: for whom, when, in which layout, by whom, why, and what it showed."""

    __tablename__ = "badge_print"
    __table_args__ = (sa.Index("ix_badge_print_event_registration", "event_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    printed_by: Mapped[str] = mapped_column(sa.String(254), default="")
    layout: Mapped[BadgeLayout] = mapped_column(str_enum(BadgeLayout, "badge_layout", length=12))
    reason: Mapped[PrintReason] = mapped_column(
        str_enum(PrintReason, "badge_print_reason", length=12), default=PrintReason.RUN
    )
    # A hash of what the badge showed (names, city, category, marks, code): see
    # services/selection.py ``fingerprint``.
    fingerprint: Mapped[str] = mapped_column(sa.String(32))

    registration: Mapped[Registration] = relationship()


class RetiredBadgeCode(db.Model):
    """The code of a badge reported lost and replaced: it no longer checks in anywhere."""

    __tablename__ = "badge_retired_code"
    __table_args__ = (sa.UniqueConstraint("registration_id", "badge_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE")
    )
    badge_code: Mapped[str] = mapped_column(sa.String(12))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by: Mapped[str] = mapped_column(sa.String(254), default="")
