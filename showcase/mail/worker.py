"""The outbox worker: claims due messages, hands them to SMTP, and records what happened.

Several workers may run at once on several hosts. A worker claims a batch by moving rows from
``queued`` to ``sending`` in one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, an
immediate transaction on SQLite), so no two workers ever hold the same row. Then, one message at
a time, it writes ``handed_at``, hands the message to SMTP, notes SMTP's answer in its ledger (in
memory) and writes the answer to the database. Nothing reaches SMTP before the database knows.

When the database goes away in the middle of a batch, the worker stops handing messages over and
keeps its ledger. When the database is back, it writes down what the ledger holds (sent, to be
retried, failed) and gives every other message it had claimed back to the queue: none of those
was handed to SMTP. An outage thus loses no message and sends none twice.

Only a worker that dies between SMTP's answer and the write leaves a message whose fate nobody
knows. After ``STALE_CLAIM`` such a row (claimed, ``handed_at`` written) becomes ``uncertain``
and waits for an organiser's decision on the outbox page; a row claimed by a dead worker without
``handed_at`` goes back to the queue.

Temporary failures (refused or lost connections, timeouts, 4xx replies) are retried with growing
delays; permanent ones (5xx replies) fail at once.

Every write of the worker is a unit of work of its own (core/db.py): a claim, a hand-over, an
answer, a settlement. They are kept this short on purpose, since what one has written must stay
written whatever happens to the next (SMTP's answer above all); only the loop of ``work`` turns a
database failure into a wait, after throwing away what the session held (``discard_changes``).
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

import flask_mail
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from showcase.core.db import discard_changes, lock_rows, unit_of_work, utcnow
from showcase.extensions import db
from showcase.mail import limits
from showcase.mail.heartbeat import REPORT_EVERY, report_in
from showcase.mail.mime import build_mail
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.mail.requests import resolve_requests

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


@dataclass
class Ledger:
    """What one worker knows that the database may not: SMTP's answers not yet written down, and
    whether a database failure left claimed messages to give back."""

    answers: dict[int, Exception | None] = field(default_factory=dict)
    unsettled: bool = False

    def describe(self) -> str:
        return ", ".join(
            f"{message_id}: {'accepted' if error is None else error}"
            for message_id, error in self.answers.items()
        )


UNCERTAIN_NOTE = (
    "The worker stopped after handing this message to the mail server and before it could write "
    "down the answer: it may or may not have left. Mark it as sent, or send it again."
)


def release_stale_claims(now: datetime | None = None) -> int:
    """Deal with rows a dead worker left in 'sending' (see the module's docstring), in a unit of
    work of its own."""
    now = now or utcnow()
    stale = (
        OutboxMessage.status == OutboxStatus.SENDING,
        OutboxMessage.claimed_at < now - STALE_CLAIM,
    )
    with unit_of_work():
        never_handed = db.session.execute(
            update(OutboxMessage)
            .where(*stale, OutboxMessage.handed_at.is_(None))
            .values(status=OutboxStatus.QUEUED, claimed_by="", claimed_at=None)
        )
        uncertain = db.session.execute(
            update(OutboxMessage)
            .where(*stale, OutboxMessage.handed_at.is_not(None))
            .values(status=OutboxStatus.UNCERTAIN, last_error=UNCERTAIN_NOTE)
        )
    if uncertain.rowcount:
        log.error(
            "%s outbox message(s) may or may not have been sent; an organiser must decide",
            uncertain.rowcount,
        )
    return (never_handed.rowcount or 0) + (uncertain.rowcount or 0)


def claim_due_messages(worker: str, limit: int = BATCH_SIZE) -> list[int]:
    """Move up to ``limit`` due messages to 'sending' for ``worker`` and return their ids."""
    now = utcnow()
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    with unit_of_work(lock=True):
        # Rows another worker is claiming at this moment are left to it.
        ids = lock_rows(query, skip_locked=True)
        if not ids:
            return []
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.QUEUED)
            .values(status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=now, handed_at=None)
        )
        # Only what this worker now holds (an organiser may have cancelled one meanwhile).
        claimed = select(OutboxMessage.id).where(
            OutboxMessage.id.in_(ids),
            OutboxMessage.claimed_by == worker,
            OutboxMessage.status == OutboxStatus.SENDING,
        )
        return list(db.session.scalars(claimed.order_by(OutboxMessage.id)))


def _record(message_id: int, worker: str, error: Exception | None, report: DeliveryReport) -> None:
    with unit_of_work():
        _write_answer(message_id, worker, error, report)


def _write_answer(
    message_id: int, worker: str, error: Exception | None, report: DeliveryReport
) -> None:
    message = db.session.get(OutboxMessage, message_id)
    if (
        message is None
        or message.claimed_by != worker
        # 'uncertain': another worker took this one for dead during a long outage; this worker
        # knows the answer, so it is written down after all.
        or message.status not in (OutboxStatus.SENDING, OutboxStatus.UNCERTAIN)
    ):
        return
    now = utcnow()
    message.attempts += 1
    message.claimed_by = ""
    if error is None:
        message.status = OutboxStatus.SENT
        message.sent_at = message.handed_at or now
        message.last_error = ""
        message.redact_secrets()
        report.sent += 1
    elif (
        isinstance(error, TemporaryFailure)
        and message.attempts < current_app.config["OUTBOX_MAX_ATTEMPTS"]
    ):
        message.status = OutboxStatus.QUEUED
        message.next_attempt_at = now + retry_delay(message.attempts)
        message.handed_at = None
        message.last_error = str(error)[:2000]
        report.retrying += 1
        report.errors.append(str(error))
    else:
        message.status = OutboxStatus.FAILED
        message.last_error = str(error)[:2000]
        report.failed += 1
        report.errors.append(str(error))


def write_answers(ledger: Ledger, worker: str, report: DeliveryReport) -> None:
    """Write down SMTP's answers from the ledger; each leaves the ledger once committed."""
    for message_id, error in list(ledger.answers.items()):
        _record(message_id, worker, error, report)
        del ledger.answers[message_id]


def settle(ledger: Ledger, worker: str, report: DeliveryReport) -> None:
    """After a database failure: write down the answers this worker holds, then give back every
    other message it had claimed (it handed none of them to SMTP)."""
    if not ledger.unsettled and not ledger.answers:
        return
    write_answers(ledger, worker, report)
    with unit_of_work():
        given_back = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.claimed_by == worker, OutboxMessage.status == OutboxStatus.SENDING)
            .values(status=OutboxStatus.QUEUED, claimed_by="", claimed_at=None, handed_at=None)
        )
    ledger.unsettled = False
    if given_back.rowcount:
        log.info("outbox worker gave %s unsent message(s) back to the queue", given_back.rowcount)


def release_claims(ids: list[int], worker: str) -> None:
    """Give back claimed messages that were not attempted (the worker is stopping)."""
    if not ids:
        return
    with unit_of_work():
        db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.claimed_by == worker,
                OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.handed_at.is_(None),
            )
            .values(status=OutboxStatus.QUEUED, claimed_by="", claimed_at=None)
        )


def _hand_over(message: OutboxMessage) -> None:
    """The database knows before SMTP does: ``handed_at`` is written first."""
    with unit_of_work():
        message.handed_at = utcnow()


def send_due_messages(
    limit: int = BATCH_SIZE,
    worker: str | None = None,
    stop: threading.Event | None = None,
    ledger: Ledger | None = None,
) -> DeliveryReport:
    """Claim one batch of due messages and try to deliver each; returns what happened.

    A database failure propagates (``DBAPIError``) and leaves what the worker knows in
    ``ledger``; the next call with the same ledger writes it down before claiming anything.
    """
    worker = worker or worker_name()
    ledger = ledger if ledger is not None else Ledger()
    report = DeliveryReport()
    settle(ledger, worker, report)
    ledger.unsettled = True  # until the batch is done: a failure from here leaves claims
    ids = claim_due_messages(worker, limit)
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
            try:
                mail_message = build_mail(message)
            except DBAPIError:
                raise  # the database, not the message: it stays claimed and is given back
            except Exception as raised:  # a message that cannot be built never will be
                ledger.answers[message_id] = PermanentFailure(
                    f"{raised.__class__.__name__}: {raised}"
                )
                log.warning("outbox message %s cannot be built: %s", message_id, raised)
                write_answers(ledger, worker, report)
                continue
            _hand_over(message)
            error: Exception | None = None
            try:
                if connection.host is None:
                    connection.host = connection.configure_host()
                connection.send(mail_message)
            except Exception as raised:
                error = classify(raised)
                connection.close()
                log.warning("outbox message %s not sent: %s", message_id, error)
            ledger.answers[message_id] = error
            write_answers(ledger, worker, report)
    finally:
        connection.close()
    ledger.unsettled = False
    return report


# The app's key for the chores other features give the worker (``register_chore``).
CHORES = "showcase.worker_chores"


def register_chore(app, chore) -> None:
    """Have the worker run ``chore()`` once a minute, in a locking unit of work of its own (e.g.
    registration's expiry of waiting-list offers): the worker runs anyway, so no cron is needed."""
    app.extensions.setdefault(CHORES, []).append(chore)


# The app's key for the tasks other features give the worker at every poll (``register_task``).
TASKS = "showcase.worker_tasks"


def register_task(app, task) -> None:
    """Have the worker run ``task()`` at every poll, before it sends: a task that turns due
    work into queued messages (announcements) and opens its own units of work, so a large one
    is written in chunks rather than in one transaction."""
    app.extensions.setdefault(TASKS, []).append(task)


def run_tasks() -> None:
    for task in current_app.extensions.get(TASKS, []):
        done = task()
        if done:
            log.info("worker task %s: %s", task.__name__, done)


def housekeeping() -> None:
    release_stale_claims()
    with unit_of_work():
        limits.forget_old_budgets()
    for chore in current_app.extensions.get(CHORES, []):
        with unit_of_work(lock=True):
            done = chore()
        if done:
            log.info("worker chore %s: %s", chore.__name__, done)


def work(
    once: bool = False, stop: threading.Event | None = None, deliver: bool = True
) -> DeliveryReport:
    """Resolve mail requests and send due messages: with ``once`` until none is left that is due
    now, else until stopped. With ``deliver`` false (``MAIL_DELIVERY=false``) requests become
    queued messages and nothing is handed to SMTP.

    A long-running worker outlives a database outage: it logs, waits and tries again, and then
    writes down what it sent meanwhile (see the module's docstring).
    """
    stop = stop or threading.Event()
    worker = worker_name()
    ledger = Ledger()
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
                housekeeping()
                next_stale_check = time.monotonic() + 60
            resolve_requests()
            run_tasks()
            report = (
                send_due_messages(worker=worker, stop=stop, ledger=ledger)
                if deliver
                else DeliveryReport()
            )
        except DBAPIError as error:
            discard_changes()
            if once:
                _log_unwritten(ledger)
                raise
            log.warning("outbox worker cannot reach the database: %s", error.__class__.__name__)
            stop.wait(poll)
            continue
        total.add(report)
        if report.sent + report.failed == 0:
            # Nothing was due, or only retries that wait for later.
            if once:
                break
            stop.wait(poll)
    try:
        settle(ledger, worker, total)
        report_in(worker, started_at, stopped=True)
    except DBAPIError:
        discard_changes()
        _log_unwritten(ledger)
    return total


def _log_unwritten(ledger: Ledger) -> None:
    if ledger.answers:
        log.error(
            "outbox worker stops without writing down these answers of the mail server "
            "(they will show as 'delivery uncertain'): %s",
            ledger.describe(),
        )


def install_signal_handlers(stop: threading.Event) -> None:
    def request_stop(signum: int, frame: object) -> None:
        log.info("outbox worker stopping after the current message (signal %s)", signum)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
