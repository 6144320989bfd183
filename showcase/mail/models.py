"""The email outbox.

Every message is a row written in the transaction of the change that causes it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.labels import LabelledEnum
from showcase.extensions import db

REDACTED = "[removed-after-sending]"


class OutboxStatus(LabelledEnum):
    QUEUED = "queued", _l("Queued")
    SENDING = "sending", _l("Sending")
    SENT = "sent", _l("Sent")
    FAILED = "failed", _l("Failed")
    CANCELLED = "cancelled", _l("Cancelled")
    # A worker handed the message to SMTP and stopped before it could write down the answer:
    # it may or may not have left. Only an organiser can decide (mark it sent, or send again).
    UNCERTAIN = "uncertain", _l("Delivery uncertain")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    # The bodies hold personal details and, until sent, working links (core/audit.py).
    __audit_masked__ = frozenset({"body_text", "body_html"})
    __table_args__ = (
        # The worker's query: due messages in order.
        sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),
        # A record's messages (its history page, its data download, its erasure).
        sa.Index("ix_outbox_message_owner", "owner_kind", "owner_id"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    template: Mapped[str] = mapped_column(sa.String(100))
    # What the message is about: the owning record's table and id (a registration, a booth
    # application, a speaker), so that its pages and its erasure find it (see owner_of below).
    owner_kind: Mapped[str] = mapped_column(sa.String(40), default="")
    owner_id: Mapped[int | None]
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    recipient_name: Mapped[str] = mapped_column(sa.String(200), default="")
    reply_to: Mapped[str] = mapped_column(sa.String(254), default="")
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(2))
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, "outbox_status", length=12), default=OutboxStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    # A key the caller derives from what the message is about (e.g. "registration:42:confirmed"),
    # so that the same message is never queued twice, whatever retries or races happen.
    dedup_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    # Secrets of links in the bodies: kept only until the message is sent, then cut out of the
    # stored copy (see core/links.py), so the database does not keep working links.
    secrets: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Headers of this message beyond the usual ones (an announcement's List-Unsubscribe).
    headers: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    claimed_by: Mapped[str] = mapped_column(sa.String(100), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Written just before the worker hands the message to SMTP: a claimed message without it
    # was never handed over and can safely go back to the queue.
    handed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="OutboxAttachment.id"
    )

    def redact_secrets(self) -> None:
        for secret in self.secrets or []:
            self.body_text = self.body_text.replace(secret, REDACTED)
            self.body_html = self.body_html.replace(secret, REDACTED)
        self.secrets = []

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.template} {self.status}>"


class OutboxAttachment(db.Model):
    __tablename__ = "outbox_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")


class OutboxWorker(db.Model):
    """What an outbox worker last reported: where it runs, whether it delivers, and where to.

    The outbox page reads this rather than its own settings, because the web server and the
    workers may run with different settings (``MAIL_DELIVERY`` above all).
    """

    __tablename__ = "outbox_worker"
    __audit__ = False  # a heartbeat, not data (core/audit.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    host: Mapped[str] = mapped_column(sa.String(100), default="")
    delivery: Mapped[bool] = mapped_column(default=True)
    mail_server: Mapped[str] = mapped_column(sa.String(300), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxWorker {self.name}>"


class MailRequest(db.Model):
    """An email asked for on a public page (a lost link, a notice), resolved by the outbox worker.

    The page only writes this row, whoever the address belongs to; the worker then finds what the
    address has and queues the email(s), or nothing. So the page costs the same for a known and
    an unknown address and tells nobody which is which (see mail/requests.py).
    """

    __tablename__ = "mail_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    address: Mapped[str] = mapped_column(sa.String(254))
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(sa.String(2), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecipientBudget(db.Model):
    """How much mail one address got lately because someone asked on a public page (see
    mail/limits.py). Keyed by a hash of the address, so no address is kept here."""

    __tablename__ = "mail_recipient_budget"
    __audit__ = False  # a counter, not data (core/audit.py)

    address_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    messages_in_window: Mapped[int] = mapped_column(default=0)
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


def owner_of(record: object) -> tuple[str, int]:
    """The (kind, id) a message about ``record`` is filed under: the record's table and id."""
    kind = getattr(type(record), "__tablename__", None)
    record_id = getattr(record, "id", None)
    if not kind or record_id is None:
        raise ValueError(f"{record!r} cannot own messages (no table or no id yet)")
    return kind, record_id
