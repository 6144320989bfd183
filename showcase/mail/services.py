"""Queueing email: render a pair of templates in the recipient's language and write an outbox row.

``queue_email`` only adds to the caller's session; the message exists when the caller's
transaction commits and not otherwise, so a rolled-back change sends nothing.

Each message is two templates under ``templates/email/``: ``<name>.txt`` sets ``subject`` at the
top (``{% set subject = _("…") %}``) and renders the plain-text body; ``<name>.html`` renders the
HTML body and usually extends ``email/_layout.html``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from secrets import token_hex
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from showcase.core.db import utcnow
from showcase.extensions import db
from showcase.mail import limits
from showcase.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus, owner_of

log = logging.getLogger("showcase.outbox")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


class InvalidRecipient(ValueError):
    pass


def one_line(value: str, limit: int) -> str:
    """A header value: control characters (CR and LF above all) become spaces."""
    return _CONTROL.sub(" ", value).strip()[:limit]


def clean_recipient(address: str) -> str:
    address = (address or "").strip()
    if _CONTROL.search(address):
        raise InvalidRecipient(address)
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise InvalidRecipient(address) from error


def email_language(language: str | None) -> str:
    languages = current_app.config["LANGUAGES"]
    return language if language in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def render_email(template: str, language: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """Subject, text body and HTML body of ``template`` in ``language``."""
    env = current_app.jinja_env
    values = {"language": language, **context}
    with force_locale(language):
        text_module = env.get_template(f"email/{template}.txt").make_module(values)
        html = env.get_template(f"email/{template}.html").render(values)
        subject = getattr(text_module, "subject", "")
        text = str(text_module)
    if not subject:
        raise ValueError(f"email/{template}.txt does not set a subject")
    return one_line(str(subject), 300), text.strip() + "\n", html


def queue_email(
    template: str,
    to: str,
    *,
    language: str | None,
    context: Mapping[str, Any] | None = None,
    name: str = "",
    event: Any = None,
    dedup_key: str | None = None,
    attachments: Iterable[Attachment] = (),
    reply_to: str = "",
    secrets: Iterable[str] = (),
    asked: bool = False,
    owner: object = None,
    headers: Mapping[str, str] | None = None,
    rendered: tuple[str, str, str] | None = None,
) -> OutboxMessage | None:
    """Queue one message in the current transaction and return its outbox row.

    With a ``dedup_key`` that is already in the outbox the existing row is returned and nothing
    new is queued; the unique index on the key holds the same rule against concurrent callers.
    ``secrets`` are link secrets that appear in the bodies; they are cut out of the stored copy
    once the message has been sent.

    ``asked``: the message exists because somebody typed this address into a public page (a
    registration, an application, a proposal, a lost-link form). It is counted against the
    address's hourly budget (mail/limits.py); once that is spent nothing is queued and None is
    returned, while the page says what it always says.

    ``owner``: the record the message is about (a registration, an application, a speaker); its
    pages, its data download and its erasure find the message through it (``messages_of``).

    ``headers``: headers of this message beyond the usual ones (an announcement's
    ``List-Unsubscribe``); each value is kept to one line.

    ``rendered``: the subject, text and HTML of ``template`` already rendered in ``language``
    by the caller (a bulk sender renders the template once and fills it for each person).
    """
    if dedup_key is not None:
        existing = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedup_key == dedup_key)
        )
        if existing is not None:
            return existing
    recipient = clean_recipient(to)
    if asked and not limits.take_message(recipient):
        log.info("not queueing %s: the recipient's hourly budget is spent", template)
        return None
    language = email_language(language)
    values = {"event": event, **(context or {})}
    if rendered is not None:
        subject, text, html = one_line(rendered[0], 300), rendered[1], rendered[2]
    else:
        subject, text, html = render_email(template, language, values)
    owner_kind, owner_id = ("", None)
    if owner is not None:
        if getattr(owner, "id", None) is None:
            db.session.flush()
        owner_kind, owner_id = owner_of(owner)
    message = OutboxMessage(
        template=template,
        owner_kind=owner_kind,
        owner_id=owner_id,
        recipient=recipient,
        recipient_name=one_line(name or "", 200),
        reply_to=one_line(reply_to or "", 254),
        subject=subject,
        body_text=text,
        body_html=html,
        language=language,
        event_id=getattr(event, "id", None),
        dedup_key=dedup_key,
        status=OutboxStatus.QUEUED,
        attempts=0,
        last_error="",
        claimed_by="",
        secrets=[secret for secret in secrets if secret],
        headers={one_line(key, 60): one_line(value, 2000) for key, value in (headers or {}).items()}
        or None,
    )
    for attachment in attachments:
        message.attachments.append(
            OutboxAttachment(
                filename=one_line(attachment.filename, 200),
                content_type=attachment.content_type,
                data=attachment.data,
            )
        )
    db.session.add(message)
    return message


@dataclass(frozen=True)
class Reader:
    """Whoever an email is for: where it goes, the language it is written in, the name on the
    envelope and the greeting its body opens with (``addressee`` in the templates)."""

    address: str
    language: str
    name: str
    greeting: str


def queue_to(
    reader: Reader, template: str, context: Mapping[str, Any], **options: Any
) -> OutboxMessage | None:
    """``queue_email`` of ``template`` to ``reader``, greeted by name in their language;
    ``options`` are ``queue_email``'s others (``event``, ``owner``, ``secrets``, …)."""
    return queue_email(
        template,
        reader.address,
        language=reader.language,
        name=reader.name,
        context={"addressee": reader.greeting, **context},
        **options,
    )


def set_fresh_key(message: OutboxMessage | None, about: str) -> OutboxMessage | None:
    """Key a queued message that may go again any number of times (each with a new link) as
    ``<about>:<random>``, which says what it is about (``registration:7:…``). Set on the row
    rather than passed to ``queue_email``, which would look the key up first (a fresh random key
    cannot exist yet), and after queueing, which gives a new owner its id."""
    if message is not None:
        message.dedup_key = f"{about}:{token_hex(8)}"
    return message


def messages_of(owner: object) -> list[OutboxMessage]:
    """Every message about ``owner``, oldest first."""
    kind, owner_id = owner_of(owner)
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.owner_kind == kind, OutboxMessage.owner_id == owner_id)
            .order_by(OutboxMessage.id)
        )
    )


def erase_messages_of(owner: object, address: str) -> int:
    """PDPA erasure of the messages about ``owner``: the address replaced by ``address``, name,
    bodies, link secrets and attachments removed, and what had not left yet cancelled. The rows
    stay (with subject and times) so that counts and the outbox's history stay right."""
    messages = messages_of(owner)
    for message in messages:
        message.recipient = address
        message.recipient_name = ""
        message.body_text = ""
        message.body_html = ""
        message.secrets = []
        message.attachments.clear()
        if message.status == OutboxStatus.QUEUED:
            message.status = OutboxStatus.CANCELLED
    return len(messages)


def external_url(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)`` as an absolute link on the configured public address.

    Links in emails must not come from the request's Host header, which a visitor controls.
    """
    public_url = current_app.config["PUBLIC_URL"]
    # The adapter is kept per address: binding the URL map costs more than building a link, and
    # a bulk email builds thousands.
    kept = current_app.extensions.get(_PUBLIC_ADAPTER)
    if kept is None or kept[0] != public_url:
        base = urlsplit(public_url)
        adapter = current_app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
        )
        kept = current_app.extensions[_PUBLIC_ADAPTER] = (public_url, adapter)
    return kept[1].build(endpoint, values, force_external=True)


_PUBLIC_ADAPTER = "showcase.public_url_adapter"


def cancel_message(message: OutboxMessage) -> bool:
    if message.status not in (OutboxStatus.QUEUED, OutboxStatus.FAILED):
        return False
    message.status = OutboxStatus.CANCELLED
    return True


def retry_message(message: OutboxMessage) -> bool:
    """Queue a failed, cancelled or uncertain message again (an organiser's decision)."""
    if message.status not in (OutboxStatus.FAILED, OutboxStatus.CANCELLED, OutboxStatus.UNCERTAIN):
        return False
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = utcnow()
    message.claimed_by = ""
    message.claimed_at = None
    message.handed_at = None
    return True


def mark_sent(message: OutboxMessage) -> bool:
    """An organiser's decision about an uncertain message: it did arrive, do not send it again."""
    if message.status != OutboxStatus.UNCERTAIN:
        return False
    message.status = OutboxStatus.SENT
    message.sent_at = message.handed_at or utcnow()
    message.claimed_by = ""
    message.last_error = ""
    message.redact_secrets()
    return True
