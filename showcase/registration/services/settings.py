"""The registration settings of an event: one row per event, created with defaults on first use."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.core.errors import DomainError
from showcase.core.models import settings_of, stored_settings_of
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import PRIVACY_NOTICE_VERSION, RegistrationSettings


class SettingsError(DomainError):
    pass


def find_settings(event: Event) -> RegistrationSettings | None:
    return db.session.scalar(
        select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)
    )


def get_settings(event: Event) -> RegistrationSettings:
    """The event's settings row to change, added with defaults the first time (see
    ``core.models.stored_settings_of``; needs a unit of work)."""
    return stored_settings_of(
        RegistrationSettings, event.id, privacy_version=PRIVACY_NOTICE_VERSION
    )


def privacy_version(event: Event) -> str:
    settings = find_settings(event)
    return settings.privacy_version if settings is not None else PRIVACY_NOTICE_VERSION


def update_settings(event: Event, city_cap: int | None, privacy_version: str) -> None:
    """Change the city cap (none: no cap) and the privacy notice version; a larger cap lets
    people in from the waiting list at once. Runs in the caller's ``unit_of_work(lock=True)``."""
    from showcase.registration.services.seats import fill_from_waitlist

    if city_cap is not None and not 1 <= city_cap <= 100000:
        raise SettingsError(_l("Give a whole number from 1, or leave it empty."), field="city_cap")
    version = (privacy_version or "").strip()
    if not version or len(version) > 20:
        raise SettingsError(
            _l("Give the version of the privacy notice (up to 20 characters)."),
            field="privacy_version",
        )
    settings = get_settings(event)
    settings.city_cap = city_cap
    settings.privacy_version = version
    db.session.flush()
    fill_from_waitlist(event.id)


def current_settings(event: Event) -> RegistrationSettings:
    """The event's settings to read: the stored row, or the defaults (reading never writes)."""
    return settings_of(RegistrationSettings, event.id, privacy_version=PRIVACY_NOTICE_VERSION)
