"""The travel settings of an event, and the retention rule of travel details: they are purged
``retention_days`` after the event's last day (in the event's zone), by ``flask showcase purge``
(registered in the application factory), leaving the rest of each registration as it was."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from showcase.core.db import require_unit_of_work
from showcase.core.errors import DomainError
from showcase.core.models import settings_of, stored_settings_of
from showcase.core.time import to_local
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration
from showcase.travel.models import DEFAULT_RETENTION_DAYS, TravelPlan, TravelSettings

LONGEST_RETENTION = 3650


def current_settings(event: Event) -> TravelSettings:
    return settings_of(TravelSettings, event.id, retention_days=DEFAULT_RETENTION_DAYS)


def update_settings(event: Event, retention_days: int | None) -> TravelSettings:
    if retention_days is None or not 0 <= retention_days <= LONGEST_RETENTION:
        raise DomainError(
            _l("Give a number of days from 0 to %(most)d.", most=LONGEST_RETENTION),
            field="retention_days",
        )
    settings = stored_settings_of(TravelSettings, event.id, retention_days=DEFAULT_RETENTION_DAYS)
    settings.retention_days = retention_days
    db.session.flush()
    return settings


def purge_date(event: Event):
    """The first day (in the event's zone) on which the event's travel details are purged."""
    return event.ends_on + timedelta(days=current_settings(event).retention_days + 1)


def purge_travel(now: datetime) -> int:
    """The retention rule: delete the travel plans of every event whose retention has ended."""
    require_unit_of_work()
    purged = 0
    for event in db.session.scalars(select(Event)):
        if to_local(now, event.timezone).date() < purge_date(event):
            continue
        people = select(Registration.id).where(Registration.event_id == event.id)
        result = db.session.execute(
            delete(TravelPlan).where(TravelPlan.registration_id.in_(people))
        )
        purged += result.rowcount or 0
    return purged
