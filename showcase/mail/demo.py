"""Demo outbox: what an organiser meets on the outbox page after a rough night.

An outbox worker stopped (killed, say) just after handing one message to the mail server, so
that message is "delivery uncertain" and waits for an organiser's decision; and two speakers have
asked for their lost links, which wait for the outbox worker (``make worker``) to become
messages. The speakers are ones no public page has emailed lately, so the per-address limits of
mail/limits.py let their links go. Done with the worker's own functions; nothing happens when the
outbox already holds an uncertain message, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from showcase.core.db import unit_of_work, utcnow
from showcase.events.models import Event
from showcase.extensions import db
from showcase.mail.limits import address_hash
from showcase.mail.models import OutboxMessage, OutboxStatus, RecipientBudget
from showcase.mail.worker import claim_due_messages, release_stale_claims

STOPPED_WORKER = "showcase-worker-2:4711:1"


def load_demo(event: Event) -> str | None:
    from showcase.program.models import Speaker
    from showcase.program.services import proposals

    uncertain = select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.UNCERTAIN)
    if db.session.scalar(uncertain.limit(1)) is not None:
        return None
    claimed = claim_due_messages(STOPPED_WORKER, limit=1)
    if claimed:
        with unit_of_work():
            message = db.session.get(OutboxMessage, claimed[0])
            message.claimed_at = message.handed_at = utcnow() - timedelta(minutes=20)
        release_stale_claims()
    speakers = db.session.scalars(
        select(Speaker.email).where(Speaker.event_id == event.id).order_by(Speaker.id)
    ).all()
    budgets = set(db.session.scalars(select(RecipientBudget.address_hash)))
    emails = [email for email in speakers if address_hash(email) not in budgets][:2]
    with unit_of_work():
        for email in emails:
            proposals.resend_link(event, email)
    return (
        f"Outbox: {len(claimed)} message left 'delivery uncertain' by a stopped worker, "
        f"{len(emails)} lost-link requests waiting for the outbox worker"
    )
