"""Outbox workers report in: each running worker writes, now and then, where it runs, whether it
delivers mail and through which server. The outbox page shows what the workers said, since the
web server's own settings tell nothing about the processes that actually send.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from showcase.core.db import unit_of_work, utcnow
from showcase.extensions import db
from showcase.mail.models import OutboxWorker

# A worker reports at most this often while it runs (and when it starts and stops).
REPORT_EVERY = timedelta(seconds=30)
# Reports older than this are forgotten.
FORGET_AFTER = timedelta(days=7)


def live_window() -> timedelta:
    """How recent a report must be for its worker to count as running."""
    poll = current_app.config.get("OUTBOX_POLL_SECONDS", 5)
    return max(timedelta(seconds=120), 3 * timedelta(seconds=poll) + REPORT_EVERY)


def mail_server_label() -> str:
    config = current_app.config
    return f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"[:300]


def report_in(name: str, started_at: datetime, stopped: bool = False) -> None:
    """Record this worker's settings and that it is alive (or has stopped), in its own unit of
    work."""
    with unit_of_work():
        _write_report(name, started_at, stopped)


def _write_report(name: str, started_at: datetime, stopped: bool) -> None:
    now = utcnow()
    worker = db.session.scalar(select(OutboxWorker).where(OutboxWorker.name == name))
    if worker is None:
        db.session.execute(delete(OutboxWorker).where(OutboxWorker.seen_at < now - FORGET_AFTER))
        worker = OutboxWorker(name=name[:100], started_at=started_at)
        db.session.add(worker)
    worker.host = socket.gethostname()[:100]
    worker.delivery = bool(current_app.config["MAIL_DELIVERY"])
    worker.mail_server = mail_server_label()
    worker.seen_at = now
    worker.stopped_at = now if stopped else None


@dataclass(frozen=True)
class WorkerStatus:
    """What the outbox page says about delivery."""

    running: list[OutboxWorker]
    last: OutboxWorker | None

    @property
    def delivering(self) -> list[OutboxWorker]:
        return [worker for worker in self.running if worker.delivery]

    @property
    def state(self) -> str:
        """``delivering``, ``running_without_delivery``, ``stopped_without_delivery``,
        ``stopped`` or ``never``."""
        if self.delivering:
            return "delivering"
        if self.running:
            return "running_without_delivery"
        if self.last is None:
            return "never"
        return "stopped" if self.last.delivery else "stopped_without_delivery"

    @property
    def servers(self) -> list[str]:
        return sorted({worker.mail_server for worker in self.delivering})


def worker_status(now: datetime | None = None) -> WorkerStatus:
    now = now or utcnow()
    since = now - live_window()
    running = list(
        db.session.scalars(
            select(OutboxWorker)
            .where(OutboxWorker.seen_at >= since, OutboxWorker.stopped_at.is_(None))
            .order_by(OutboxWorker.seen_at.desc())
        )
    )
    last = db.session.scalar(select(OutboxWorker).order_by(OutboxWorker.seen_at.desc()).limit(1))
    return WorkerStatus(running=running, last=last)
