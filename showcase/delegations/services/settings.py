"""The delegation settings of an event: whether requests are open and the substitution
deadline set by the organisers (none: a member may be replaced at any time)."""

from __future__ import annotations

from datetime import datetime

from showcase.core.db import utcnow
from showcase.core.models import settings_of, stored_settings_of
from showcase.delegations.models import DelegationSettings
from showcase.events.models import Event


def current_settings(event: Event) -> DelegationSettings:
    """The settings to read: the stored row or the defaults (reading never writes)."""
    return settings_of(DelegationSettings, event.id, requests_open=True)


def update_settings(event: Event, requests_open: bool, deadline: datetime | None) -> None:
    settings = stored_settings_of(DelegationSettings, event.id, requests_open=True)
    settings.requests_open = bool(requests_open)
    settings.substitution_deadline = deadline


def substitution_deadline(event: Event) -> datetime | None:
    return current_settings(event).substitution_deadline


def substitutions_open(event: Event, now: datetime | None = None) -> bool:
    deadline = substitution_deadline(event)
    return deadline is None or (now or utcnow()) < deadline
