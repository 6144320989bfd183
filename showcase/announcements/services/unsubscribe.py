"""One-click unsubscribe from an event's announcements (RFC 8058).

Each announcement message carries a link naming its recipient row and a signature of it
(``core.tokens.sign_code``, keyed from ``SECRET_KEY``), in the ``List-Unsubscribe`` header
(with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, so a mail program may POST to it)
and in the footer (a GET shows a page that asks first). Unsubscribing stores the hash of the
address for the event and cancels the event's announcement messages to it that have not left;
transactional emails (about the person's own registration, booth or session) still go.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from showcase.announcements.models import (
    Announcement,
    AnnouncementRecipient,
    AnnouncementUnsubscribe,
)
from showcase.core.errors import DomainError
from showcase.core.tokens import sign_code, verify_code
from showcase.events.models import Event
from showcase.extensions import db
from showcase.mail.limits import address_hash
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.mail.services import external_url

PURPOSE = "announcement-unsubscribe"
SIGNATURE_LENGTH = 32


class LinkNotValid(DomainError):
    status_code = 404


def _signed(recipient_id: int, address: str) -> str:
    return f"{recipient_id}:{address.lower()}"


def unsubscribe_url(event: Event, recipient: AnnouncementRecipient) -> str:
    token = sign_code(_signed(recipient.id, recipient.address), PURPOSE, SIGNATURE_LENGTH)
    return external_url(
        "announcements.unsubscribe_page",
        event=event.acronym,
        recipient_id=recipient.id,
        token=token,
    )


def list_headers(url: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def recipient_for(event: Event, recipient_id: int, token: str) -> AnnouncementRecipient:
    """The recipient row the link names, or ``LinkNotValid``."""
    refused = LinkNotValid(
        _l("This unsubscribe link is not valid. Check that you copied all of it.")
    )
    if not token or len(token) != SIGNATURE_LENGTH or not token.isalnum():
        raise refused
    recipient = db.session.get(AnnouncementRecipient, recipient_id)
    if recipient is None or recipient.announcement.event_id != event.id:
        raise refused
    if not verify_code(_signed(recipient.id, recipient.address), token, PURPOSE, SIGNATURE_LENGTH):
        raise refused
    return recipient


def is_unsubscribed(event: Event, address: str) -> bool:
    return (
        db.session.scalar(
            select(AnnouncementUnsubscribe.id).where(
                AnnouncementUnsubscribe.event_id == event.id,
                AnnouncementUnsubscribe.address_hash == address_hash(address),
            )
        )
        is not None
    )


def unsubscribed_hashes(event: Event) -> set[str]:
    return set(
        db.session.scalars(
            select(AnnouncementUnsubscribe.address_hash).where(
                AnnouncementUnsubscribe.event_id == event.id
            )
        )
    )


def unsubscribe(event: Event, recipient: AnnouncementRecipient) -> bool:
    """Stop the event's announcements to the recipient's address; False when it already was."""
    digest = address_hash(recipient.address)
    try:
        with db.session.begin_nested():
            db.session.add(AnnouncementUnsubscribe(event_id=event.id, address_hash=digest))
    except IntegrityError:
        return False
    waiting = (
        select(AnnouncementRecipient.message_id)
        .join(Announcement, Announcement.id == AnnouncementRecipient.announcement_id)
        .where(
            Announcement.event_id == event.id,
            AnnouncementRecipient.address == recipient.address,
            AnnouncementRecipient.message_id.is_not(None),
        )
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(waiting), OutboxMessage.status == OutboxStatus.QUEUED)
        .values(status=OutboxStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return True


def erase_registrant(registration_id: int, address: str) -> int:
    """PDPA erasure of a registration: its rows of every announcement keep ``address`` (the
    erased stand-in) and no name; the counts of the announcements stay right."""
    from showcase.announcements.services.audience import REGISTRATION

    result = db.session.execute(
        update(AnnouncementRecipient)
        .where(
            AnnouncementRecipient.owner_kind == REGISTRATION,
            AnnouncementRecipient.owner_id == registration_id,
        )
        .values(address=address, name="")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
