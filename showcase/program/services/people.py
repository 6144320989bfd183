"""Speaker profiles, their availability windows (and the rule every window keeps), and the
public speaker pages. Rooms are in ``rooms.py``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from showcase.core.db import utcnow
from showcase.core.errors import DomainError
from showcase.core.images import store_image
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.program.models import (
    SessionState,
    Speaker,
    SpeakerAvailability,
)

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PROFILE_LIMITS = {
    "name": 120,
    "name_th": 120,
    "organisation": 200,
    "job_title": 200,
    "bio_en": 5000,
    "bio_th": 5000,
    "links": 2000,
}
MAX_LINKS = 5


def check_text(values: dict, limits: dict[str, int]) -> dict[str, str]:
    cleaned = {}
    for name, limit in limits.items():
        if name not in values:
            continue
        value = (values.get(name) or "").strip()
        if len(value) > limit:
            raise DomainError(_l("Write at most %(max)d characters.", max=limit), field=name)
        cleaned[name] = value
    return cleaned


def check_links(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise DomainError(_l("Give at most %(num)d links.", num=MAX_LINKS), field="links")
    for line in lines:
        if not line.lower().startswith(("https://", "http://")) or " " in line:
            raise DomainError(
                _l("Give each link as a web address starting with https://, one a line."),
                field="links",
            )
    return "\n".join(lines)


def update_profile(speaker: Speaker, values: dict[str, Any], photo: bytes | None = None) -> None:
    """Save a speaker's profile; the photo (if any) is checked by content and size first."""
    cleaned = check_text(values, PROFILE_LIMITS)
    if "name" in cleaned and not cleaned["name"]:
        raise DomainError(_l("Fill in this field."), field="name")
    if "links" in cleaned:
        cleaned["links"] = check_links(cleaned["links"])
    if "city" in values:
        city_id = values.get("city")
        if city_id in (None, ""):
            speaker.city_id = None
        else:
            city = db.session.get(City, int(city_id)) if str(city_id).isdigit() else None
            if city is None:
                raise DomainError(_l("Choose a city from the list."), field="city")
            speaker.city_id = city.id
    if values.get("language") in ("en", "th"):
        speaker.language = values["language"]
    if photo is not None:
        image = store_image(photo, PHOTO_MAX_BYTES)
        db.session.flush()
        speaker.photo_id = image.uuid
    elif values.get("remove_photo"):
        speaker.photo_id = None
    for name, value in cleaned.items():
        setattr(speaker, name, value if name != "name_th" else (value or None))
    speaker.profile_updated_at = utcnow()
    db.session.flush()


def check_window(event: Event, starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None or ends_at is None:
        raise DomainError(_l("Give both the start and the end."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_l("The end must be after the start."), field="ends_at")
    if ends_at - starts_at > timedelta(days=31):
        raise DomainError(_l("A window lasts at most 31 days."), field="ends_at")


def add_window(owner, window_model: type, starts_at: datetime, ends_at: datetime) -> None:
    """A time window on ``owner``'s availability (a speaker's or a room's), checked once."""
    check_window(owner.event, starts_at, ends_at)
    owner.availability.append(window_model(starts_at=starts_at, ends_at=ends_at))
    db.session.flush()


def remove_window(owner, window_id: int) -> None:
    for window in list(owner.availability):
        if window.id == window_id:
            owner.availability.remove(window)
            db.session.flush()
            return
    raise DomainError(_l("There is no such time window."))


def add_speaker_window(speaker: Speaker, starts_at: datetime, ends_at: datetime) -> None:
    add_window(speaker, SpeakerAvailability, starts_at, ends_at)


def remove_speaker_window(speaker: Speaker, window_id: int) -> None:
    remove_window(speaker, window_id)


def public_speakers(event: Event) -> list[Speaker]:
    """Speakers of at least one confirmed session, by name."""
    from showcase.program.models import ProgramSession, session_speakers

    confirmed = (
        select(session_speakers.c.speaker_id)
        .join(ProgramSession, ProgramSession.id == session_speakers.c.session_id)
        .where(ProgramSession.state == SessionState.CONFIRMED)
    )
    return list(
        db.session.scalars(
            select(Speaker)
            .where(Speaker.event_id == event.id, Speaker.id.in_(confirmed))
            .order_by(Speaker.name)
            .options(selectinload(Speaker.city))
        )
    )


def public_speaker_count(event: Event) -> int:
    from showcase.program.models import ProgramSession, session_speakers

    return db.session.scalar(
        select(func.count(func.distinct(session_speakers.c.speaker_id)))
        .join(ProgramSession, ProgramSession.id == session_speakers.c.session_id)
        .where(
            ProgramSession.event_id == event.id,
            ProgramSession.state == SessionState.CONFIRMED,
        )
    )


def public_speaker(event: Event, code: str) -> Speaker | None:
    speaker = db.session.scalar(
        select(Speaker).where(Speaker.event_id == event.id, Speaker.code == (code or "").upper())
    )
    if speaker is None or not confirmed_sessions(speaker):
        return None
    return speaker


def confirmed_sessions(speaker: Speaker):
    return [session for session in speaker.sessions if session.state == SessionState.CONFIRMED]
