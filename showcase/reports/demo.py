"""The demo's registrations arrive over the weeks registration has been open, as they would (a
few at first, more as the event comes closer), so that the charts show a history."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import select

from showcase.core.db import unit_of_work, utcnow
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState


def load_demo(event: Event) -> str | None:
    now = utcnow()
    opened = event.registration_opens_at
    if opened is None or opened >= now - timedelta(days=2):
        return None
    with unit_of_work():
        fresh = list(
            db.session.scalars(
                select(Registration)
                .where(
                    Registration.event_id == event.id,
                    Registration.created_at >= now - timedelta(hours=6),
                )
                .order_by(Registration.id)
            )
        )
        if not fresh:
            return None
        # Categories were loaded one after the other: mix them (the same way every time), and
        # the waiting list last, as those people came when their category was full.
        waiting = [r for r in fresh if r.state == RegistrationState.WAITLISTED]
        others = sorted(
            (r for r in fresh if r.state != RegistrationState.WAITLISTED),
            key=lambda r: (r.id * 7919) % 1009,
        )
        fresh = others + waiting
        span = (now - opened).total_seconds()
        for index, registration in enumerate(fresh):
            # The square root of an even spread: registrations come faster as time goes on.
            share = math.sqrt((index + 1) / (len(fresh) + 1))
            registration.created_at = opened + timedelta(seconds=span * share)
    return f"Registrations spread over {(now - opened).days} days of registration"
