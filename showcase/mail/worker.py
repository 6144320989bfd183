"""The outbox worker: claims due messages, hands them to SMTP, and records what happened.

Several workers may run at once on several hosts. A worker claims a batch by moving rows from
``queued`` to ``sending`` in one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, an
immediate transaction on SQLite), so no two workers ever hold the same row, then sends each and
marks it ``sent`` at once. A message is never handed to SMTP twice: a row left in ``sending`` by
a worker that died is not re-sent blindly but marked failed with an explanation, for an organiser
to retry if it did not arrive.

Temporary failures (refused or lost connections, timeouts, 4xx replies) are retried with growing
delays; permanent ones (5xx replies) fail at once.
"""

from __future__ import annotations

import logging
import os
import signal
import smtplib
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

import flask_mail
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from showcase.core.db import is_postgres, utcnow, write_transaction
from showcase.extensions import db
from showcase.mail.heartbeat import REPORT_EVERY, report_in
from showcase.mail.models import OutboxMessage, OutboxStatus

log = logging.getLogger("showcase.outbox")

# A row still 'sending' after this long belongs to a worker that stopped mid-send.
STALE_CLAIM = timedelta(minutes=15)
BATCH_SIZE = 20


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.errors.extend(other.errors)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after the first, second, third failure, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def classify(error: BaseException) -> Exception:
    """Turn what smtplib raised into a temporary or a permanent failure."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        text = "; ".join(f"{code} {msg!r}" for code, msg in error.recipients.values())
        if codes and all(400 <= code < 500 for code in codes):
            return TemporaryFailure(f"recipient refused for now: {text}")
        return PermanentFailure(f"recipient refused: {text}")
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        text = f"{error.smtp_code} {message}"
        if 400 <= error.smtp_code < 500:
            return TemporaryFailure(f"server said {text}")
        if 500 <= error.smtp_code < 600:
            return PermanentFailure(f"server said {text}")
        return TemporaryFailure(f"server said {text}")
    if isinstance(error, smtplib.SMTPServerDisconnected | OSError | TimeoutError):
        return TemporaryFailure(f"{error.__class__.__name__}: {error}")
    return PermanentFailure(f"{error.__class__.__name__}: {error}")


class SMTPConnection(flask_mail.Connection):
    """Flask-Mail's connection with a timeout, so a silent server cannot hang the worker."""

    def configure_host(self) -> smtplib.SMTP:
        timeout = current_app.config["MAIL_TIMEOUT"]
        host: smtplib.SMTP
        if self.mail.use_ssl:
            host = smtplib.SMTP_SSL(self.mail.server, self.mail.port, timeout=timeout)
        else:
            host = smtplib.SMTP(self.mail.server, self.mail.port, timeout=timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host

    def close(self) -> None:
        if self.host is None:
            return
        try:
            self.host.quit()
        except (smtplib.SMTPException, OSError):
            self.host.close()
        self.host = None


class OutboxMail(flask_mail.Message):
    """A Flask-Mail message built with the standard library's modern email API.

    Flask-Mail assembles headers with the legacy API and re-folds them for SMTP, which breaks
    long encoded Thai display names; ``EmailMessage`` with the SMTP policy encodes them right.
    """

    display_to: str = ""

    def _message(self) -> EmailMessage:
        message = EmailMessage(policy=policy.SMTP)
        message["Subject"] = self.subject or ""
        message["From"] = self.sender
        message["To"] = self.display_to or ", ".join(self.recipients)
        message["Date"] = formatdate(self.date, localtime=False)
        message["Message-ID"] = self.msgId
        if self.reply_to:
            message["Reply-To"] = self.reply_to
        for name, value in (self.extra_headers or {}).items():
            message[name] = value
        message.set_content(self.body or "", charset="utf-8")
        if self.html:
            message.add_alternative(self.html, subtype="html", charset="utf-8")
        for attachment in self.attachments:
            maintype, _, subtype = attachment.content_type.partition("/")
            message.add_attachment(
                attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        return message


def build_mail(message: OutboxMessage) -> OutboxMail:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    mail_message = OutboxMail(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        sender=sender,
        reply_to=message.reply_to or None,
        charset="utf-8",
        extra_headers={"Auto-Submitted": "auto-generated", "Content-Language": message.language},
    )
    mail_message.display_to = str(
        Address(display_name=message.recipient_name, addr_spec=message.recipient)
    )
    domain = parseaddr(sender)[1].rpartition("@")[2] or "showcase"
    mail_message.msgId = f"<{message.uuid}@{domain}>"
    for attachment in message.attachments:
        mail_message.attach(attachment.filename, attachment.content_type, attachment.data)
    return mail_message


def release_stale_claims(now: datetime | None = None) -> int:
    """Mark rows a dead worker left in 'sending' as failed, never as queued (see module doc)."""
    now = now or utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_at < now - STALE_CLAIM,
        )
        .values(
            status=OutboxStatus.FAILED,
            last_error=(
                "The worker stopped while sending this message; it may or may not have left. "
                "Retry it if the recipient did not receive it."
            ),
        )
    )
    db.session.commit()
    return result.rowcount or 0


def claim_due_messages(worker: str, limit: int = BATCH_SIZE) -> list[int]:
    """Move up to ``limit`` due messages to 'sending' for ``worker`` and return their ids."""
    now = utcnow()
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    with write_transaction():
        if is_postgres():
            query = query.with_for_update(skip_locked=True)
        ids = list(db.session.scalars(query))
        if not ids:
            return []
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.QUEUED)
            .values(status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=now)
        )
        # Only what this worker now holds (an organiser may have cancelled one meanwhile).
        claimed = select(OutboxMessage.id).where(
            OutboxMessage.id.in_(ids),
            OutboxMessage.claimed_by == worker,
            OutboxMessage.status == OutboxStatus.SENDING,
        )
        return list(db.session.scalars(claimed.order_by(OutboxMessage.id)))


def _record(message_id: int, worker: str, error: Exception | None, report: DeliveryReport) -> None:
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.claimed_by != worker:
        return
    now = utcnow()
    message.attempts += 1
    message.claimed_by = ""
    if error is None:
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.last_error = ""
        message.redact_secrets()
        report.sent += 1
    elif (
        isinstance(error, TemporaryFailure)
        and message.attempts < current_app.config["OUTBOX_MAX_ATTEMPTS"]
    ):
        message.status = OutboxStatus.QUEUED
        message.next_attempt_at = now + retry_delay(message.attempts)
        message.last_error = str(error)[:2000]
        report.retrying += 1
        report.errors.append(str(error))
    else:
        message.status = OutboxStatus.FAILED
        message.last_error = str(error)[:2000]
        report.failed += 1
        report.errors.append(str(error))
    db.session.commit()


def release_claims(ids: list[int], worker: str) -> None:
    """Give back claimed messages that were not attempted (the worker is stopping)."""
    if not ids:
        return
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(ids),
            OutboxMessage.claimed_by == worker,
            OutboxMessage.status == OutboxStatus.SENDING,
        )
        .values(status=OutboxStatus.QUEUED, claimed_by="", claimed_at=None)
    )
    db.session.commit()


def send_due_messages(
    limit: int = BATCH_SIZE, worker: str | None = None, stop: threading.Event | None = None
) -> DeliveryReport:
    """Claim one batch of due messages and try to deliver each; returns what happened."""
    worker = worker or worker_name()
    report = DeliveryReport()
    ids = claim_due_messages(worker, limit)
    if not ids:
        return report
    connection = SMTPConnection(current_app.extensions["mail"])
    connection.host = None
    try:
        for position, message_id in enumerate(ids):
            if stop is not None and stop.is_set():
                release_claims(ids[position:], worker)
                break
            message = db.session.get(OutboxMessage, message_id)
            if message is None or message.claimed_by != worker:
                continue
            error: Exception | None = None
            try:
                mail_message = build_mail(message)
                if connection.host is None:
                    connection.host = connection.configure_host()
                connection.send(mail_message)
            except Exception as raised:
                error = classify(raised)
                connection.close()
                log.warning("outbox message %s not sent: %s", message_id, error)
            _record(message_id, worker, error, report)
    finally:
        connection.close()
    return report


def work(once: bool = False, stop: threading.Event | None = None) -> DeliveryReport:
    """Send due messages: with ``once`` until none is left that is due now, else until stopped.

    A long-running worker outlives a database outage: it logs, waits and tries again.
    """
    stop = stop or threading.Event()
    worker = worker_name()
    total = DeliveryReport()
    poll = current_app.config["OUTBOX_POLL_SECONDS"]
    started_at = utcnow()
    next_stale_check = next_report = 0.0
    while not stop.is_set():
        try:
            if time.monotonic() >= next_report:
                report_in(worker, started_at)
                next_report = time.monotonic() + REPORT_EVERY.total_seconds()
            if time.monotonic() >= next_stale_check:
                release_stale_claims()
                next_stale_check = time.monotonic() + 60
            report = send_due_messages(worker=worker, stop=stop)
        except DBAPIError as error:
            if once:
                raise
            log.warning("outbox worker cannot reach the database: %s", error.__class__.__name__)
            db.session.rollback()
            stop.wait(poll)
            continue
        total.add(report)
        if report.sent + report.failed == 0:
            # Nothing was due, or only retries that wait for later.
            if once:
                break
            stop.wait(poll)
    try:
        report_in(worker, started_at, stopped=True)
    except DBAPIError:
        db.session.rollback()
    return total


def install_signal_handlers(stop: threading.Event) -> None:
    def request_stop(signum: int, frame: object) -> None:
        log.info("outbox worker stopping after the current message (signal %s)", signum)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
