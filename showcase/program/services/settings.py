"""The programme settings of an event: one row per event, created with defaults on first use."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from showcase.core.errors import DomainError
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


def find_settings(event: Event) -> ProgramSettings | None:
    return db.session.scalar(select(ProgramSettings).where(ProgramSettings.event_id == event.id))


def get_settings(event: Event) -> ProgramSettings:
    """The event's settings row, added with defaults the first time (safe against a race)."""
    settings = find_settings(event)
    if settings is not None:
        return settings
    settings = ProgramSettings(
        event_id=event.id,
        anonymous_reviews=False,
        **{f"{kind.value}_minutes": minutes for kind, minutes in DEFAULT_DURATIONS.items()},
    )
    nested = db.session.begin_nested()
    db.session.add(settings)
    try:
        nested.commit()
    except IntegrityError:
        nested.rollback()
        settings = find_settings(event)
    return settings


def default_duration(event: Event, session_type: SessionType) -> int:
    settings = find_settings(event)
    if settings is None:
        return DEFAULT_DURATIONS[SessionType(session_type)]
    return settings.default_duration(session_type)


def update_settings(event: Event, values: dict) -> ProgramSettings:
    settings = get_settings(event)
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
