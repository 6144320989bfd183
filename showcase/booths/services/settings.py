"""The booth settings of an event: one row per event, created with defaults on first change
(reading never writes: ``current_settings`` hands back unsaved defaults before that)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.booths.models import MAX_BOOTHS_PER_CITY, BoothSettings
from showcase.core.errors import DomainError
from showcase.core.models import settings_of, stored_settings_of
from showcase.events.models import Event
from showcase.extensions import db


class SettingsError(DomainError):
    pass


def find_settings(event: Event) -> BoothSettings | None:
    return db.session.scalar(select(BoothSettings).where(BoothSettings.event_id == event.id))


def current_settings(event: Event) -> BoothSettings:
    """The settings to show: the stored row, or unsaved defaults."""
    return settings_of(BoothSettings, event.id, booths_per_city=1)


def get_settings(event: Event) -> BoothSettings:
    """The event's settings row to change or lock, added with defaults the first time (needs a
    unit of work; two requests creating it at once both end up with the winner's row)."""
    return stored_settings_of(BoothSettings, event.id, booths_per_city=1)


def applications_are_open(event: Event, now: datetime | None = None) -> bool:
    settings = find_settings(event)
    return settings is not None and settings.applications_are_open(now)


def update_settings(
    event: Event,
    applications_open_at: datetime | None,
    applications_close_at: datetime | None,
    booths_per_city: int,
) -> BoothSettings:
    if (applications_open_at is None) != (applications_close_at is None):
        raise SettingsError(
            _l("Give both the opening and the closing time, or neither."),
            field="applications_close_at",
        )
    if (
        applications_open_at is not None
        and applications_close_at is not None
        and applications_close_at <= applications_open_at
    ):
        raise SettingsError(
            _l("The closing time must come after the opening time."),
            field="applications_close_at",
        )
    if not 1 <= booths_per_city <= MAX_BOOTHS_PER_CITY:
        raise SettingsError(
            _l("A city may hold from 1 to %(most)d booths.", most=MAX_BOOTHS_PER_CITY),
            field="booths_per_city",
        )
    settings = get_settings(event)
    settings.applications_open_at = applications_open_at
    settings.applications_close_at = applications_close_at
    settings.booths_per_city = booths_per_city
    return settings
