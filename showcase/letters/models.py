"""Visa invitation letters, their history and the event's letterhead.

A ``VisaLetter`` row is one request and, once approved, the letter issued for it: its number
(unique per event), its check code and its state. Correcting an issued letter revokes it and
issues a new row with a new number that ``replaces`` it, so every number an embassy may be shown
stays verifiable. The database backs the rules: one number per event (a unique constraint), one
open letter (requested or issued) per registration (a partial unique index), dates in order.

The passport data (the name as in the passport, its number, the date of birth) and the check
code are ``EncryptedText``: the raw columns hold Fernet tokens only.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.crypto import EncryptedText
from showcase.core.db import UTCDateTime, str_enum
from showcase.core.i18n import country_name
from showcase.core.images import StoredImage
from showcase.core.labels import LabelledEnum
from showcase.core.models import TimestampMixin
from showcase.core.states import HistoryMixin
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration


class LetterState(LabelledEnum):
    REQUESTED = "requested", _l("Requested")
    ISSUED = "issued", _l("Issued")
    REJECTED = "rejected", _l("Not issued")
    WITHDRAWN = "withdrawn", _l("Withdrawn")
    REVOKED = "revoked", _l("Revoked")


# A registration has at most one letter in these states.
OPEN_STATES = (LetterState.REQUESTED, LetterState.ISSUED)
_OPEN_SQL = "state IN ('requested', 'issued')"

DEFAULT_RETENTION_DAYS = 30


class LetterSettings(TimestampMixin, db.Model):
    """The letterhead and rules of one event's visa letters."""

    __tablename__ = "letter_settings"
    __table_args__ = (
        sa.CheckConstraint("retention_days BETWEEN 0 AND 365", name="retention_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    requests_open: Mapped[bool] = mapped_column(default=True)
    # The letterhead: the issuing organisation and its address, and the logo above them.
    organisation_en: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_th: Mapped[str] = mapped_column(sa.String(200), default="")
    address_en: Mapped[str] = mapped_column(sa.String(300), default="")
    address_th: Mapped[str] = mapped_column(sa.String(300), default="")
    logo_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stored_image.id", ondelete="SET NULL")
    )
    signatory_name: Mapped[str] = mapped_column(sa.String(120), default="")
    signatory_name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    signatory_title_en: Mapped[str] = mapped_column(sa.String(200), default="")
    signatory_title_th: Mapped[str] = mapped_column(sa.String(200), default="")
    # The letter's text with placeholders such as {name} (see letters/templates.py).
    body_en: Mapped[str] = mapped_column(sa.Text, default="")
    body_th: Mapped[str] = mapped_column(sa.Text, default="")
    # Days after the event's last day until the passport data is purged.
    retention_days: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_DAYS)
    # The last letter number given (numbers are taken under a lock on this row).
    last_sequence: Mapped[int] = mapped_column(default=0)

    logo: Mapped[StoredImage | None] = relationship()


class VisaLetter(TimestampMixin, db.Model):
    """One request for a visa invitation letter and, once issued, the letter itself."""

    __tablename__ = "visa_letter"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "number", name="uq_visa_letter_event_number"),
        sa.Index(
            "uq_visa_letter_open_per_registration",
            "registration_id",
            unique=True,
            sqlite_where=sa.text(_OPEN_SQL),
            postgresql_where=sa.text(_OPEN_SQL),
        ),
        sa.CheckConstraint("departs_on >= arrives_on", name="travel_dates_in_order"),
        sa.CheckConstraint(
            "state <> 'issued' OR (number IS NOT NULL AND issued_at IS NOT NULL)",
            name="issued_has_number",
        ),
        sa.CheckConstraint("length(embassy) > 0", name="embassy_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[LetterState] = mapped_column(
        str_enum(LetterState, "visa_letter_state"), default=LetterState.REQUESTED
    )
    # Who asked: the delegate on their manage page or their delegation's coordinator.
    requested_by: Mapped[str] = mapped_column(sa.String(20), default="registrant")
    passport_name: Mapped[str | None] = mapped_column(EncryptedText)
    passport_number: Mapped[str | None] = mapped_column(EncryptedText)
    birth_date: Mapped[str | None] = mapped_column(EncryptedText)  # ISO date, encrypted
    nationality: Mapped[str] = mapped_column(sa.String(2))
    arrives_on: Mapped[date] = mapped_column(sa.Date)
    departs_on: Mapped[date] = mapped_column(sa.Date)
    embassy: Mapped[str] = mapped_column(sa.String(200))
    with_thai: Mapped[bool] = mapped_column(default=False)
    number: Mapped[str | None] = mapped_column(sa.String(32))
    check_code: Mapped[str | None] = mapped_column(EncryptedText)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the passport data was purged (retention) — the number and dates stay verifiable.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaces_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("visa_letter.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship()
    registration: Mapped[Registration] = relationship()
    replaces: Mapped[VisaLetter | None] = relationship(remote_side=[id])
    history: Mapped[list[LetterHistory]] = relationship(
        back_populates="letter",
        order_by="LetterHistory.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def date_of_birth(self) -> date | None:
        return date.fromisoformat(self.birth_date) if self.birth_date else None

    @property
    def passport_last_four(self) -> str:
        return (self.passport_number or "")[-4:]

    @property
    def nationality_name(self) -> str:
        return country_name(self.nationality)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def __repr__(self) -> str:
        return f"<VisaLetter {self.id} {self.state} {self.number or '-'}>"


class LetterHistory(HistoryMixin, db.Model):
    """One step in a letter's life (written only by its state machine)."""

    __tablename__ = "visa_letter_history"

    letter_id: Mapped[int] = mapped_column(
        sa.ForeignKey("visa_letter.id", ondelete="CASCADE"), index=True
    )
    letter: Mapped[VisaLetter] = relationship(back_populates="history")

    states = LetterState
