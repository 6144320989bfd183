"""The programme settings of an event: one row per event, stored the first time it is saved
(until then, reading gives the defaults)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from showcase.core.errors import DomainError
from showcase.core.models import settings_of, stored_settings_of
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import MAX_DURATION, MIN_DURATION, ProgramSettings, SessionType

# What a session of each type lasts unless the event's settings or the session say otherwise.
DEFAULT_DURATIONS = {
    SessionType.KEYNOTE: 30,
    SessionType.PANEL: 60,
    SessionType.TALK: 30,
    SessionType.WORKSHOP: 90,
    SessionType.DEMO: 20,
    SessionType.CEREMONY: 45,
    SessionType.BREAK: 30,
}


def _defaults() -> dict:
    return {
        "anonymous_reviews": False,
        **{f"{kind.value}_minutes": minutes for kind, minutes in DEFAULT_DURATIONS.items()},
    }


def get_settings(event: Event) -> ProgramSettings:
    """The event's settings: the stored row, or unsaved defaults (reading never writes)."""
    return settings_of(ProgramSettings, event.id, **_defaults())


def default_duration(event: Event, session_type: SessionType) -> int:
    return get_settings(event).default_duration(session_type)


def update_settings(event: Event, values: dict) -> ProgramSettings:
    settings = stored_settings_of(ProgramSettings, event.id, **_defaults())
    for kind in SessionType:
        key = f"{kind.value}_minutes"
        if key in values:
            value = values[key]
            if not isinstance(value, int) or not MIN_DURATION <= value <= MAX_DURATION:
                raise DomainError(
                    _l(
                        "A session lasts from %(min)d to %(max)d minutes.",
                        min=MIN_DURATION,
                        max=MAX_DURATION,
                    ),
                    field=key,
                )
            setattr(settings, key, value)
    if "anonymous_reviews" in values:
        settings.anonymous_reviews = bool(values["anonymous_reviews"])
    db.session.flush()
    return settings
