"""How much mail one address may get because somebody asked for it on a public page.

Registration, booth applications, session proposals (and their co-speakers) and the lost-link
forms all email whatever address was typed in, so anybody can make the site write to a stranger.
Two rules, both here, whichever form was used:

- ``MAIL_RECIPIENT_HOURLY_LIMIT``: at most this many such messages to one address per hour.
  ``queue_email(..., asked=True)`` takes one from the address's budget, or queues nothing.
- ``MAIL_RESEND_MINUTES``: a link asked for again within this many minutes of the last such
  message to the address is not sent again (the outbox worker asks ``may_send_link_again``
  before it resolves a re-send request).

The pages answer the same whatever these rules decide. Messages organisers cause (decisions,
schedule changes) are not counted. The budget row is locked while it is read and written, so
concurrent requests on several app servers cannot go past the cap.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from showcase.core.db import is_postgres, utcnow
from showcase.extensions import db
from showcase.mail.models import RecipientBudget

WINDOW = timedelta(hours=1)


def address_hash(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()


def _locked_budget(address: str, now: datetime) -> RecipientBudget:
    """The address's budget row, created if new, locked until the caller's transaction ends.

    It takes its lock itself rather than through ``core.db.lock_row``: an email is asked for in
    units of work opened without ``lock=True`` (a public form that locks nothing else), and the
    insert before it has already taken SQLite's write lock, so the row lock holds either way."""
    digest = address_hash(address)
    dialect = postgresql if is_postgres() else sqlite
    db.session.execute(
        dialect.insert(RecipientBudget)
        .values(address_hash=digest, window_started_at=now, messages_in_window=0)
        .on_conflict_do_nothing(index_elements=["address_hash"])
    )
    return db.session.scalar(
        select(RecipientBudget)
        .where(RecipientBudget.address_hash == digest)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def take_message(address: str, now: datetime | None = None) -> bool:
    """Count one asked-for message to ``address``; False (and nothing counted) once this hour's
    budget is spent."""
    now = now or utcnow()
    budget = _locked_budget(address, now)
    if budget.window_started_at <= now - WINDOW:
        budget.window_started_at = now
        budget.messages_in_window = 0
    if budget.messages_in_window >= current_app.config["MAIL_RECIPIENT_HOURLY_LIMIT"]:
        return False
    budget.messages_in_window += 1
    budget.last_message_at = now
    return True


def may_send_link_again(address: str, now: datetime | None = None) -> bool:
    """False within ``MAIL_RESEND_MINUTES`` of the last asked-for message to ``address``."""
    now = now or utcnow()
    budget = _locked_budget(address, now)
    interval = timedelta(minutes=current_app.config["MAIL_RESEND_MINUTES"])
    return budget.last_message_at is None or budget.last_message_at <= now - interval


def forget_old_budgets(now: datetime | None = None) -> int:
    """Delete budgets no rule needs any more (nothing asked for in the last day)."""
    cutoff = (now or utcnow()) - timedelta(days=1)
    result = db.session.execute(
        delete(RecipientBudget).where(
            func.coalesce(RecipientBudget.last_message_at, RecipientBudget.window_started_at)
            < cutoff
        )
    )
    return result.rowcount or 0
