"""Helpers for schedule tests: rooms, speakers and sessions, placing and publishing, and the
export schemas (the ``program`` fixture is in ``conftest.py``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.program.models import (
    ProgramSession,
    Room,
    SessionLanguage,
    SessionState,
    SessionType,
    Speaker,
)

BANGKOK = ZoneInfo("Asia/Bangkok")

# The frab / c3voc export schemas, kept in the repository (see tests/schemas/README.md).
FORMATS = Path(__file__).resolve().parents[1] / "schemas"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time on day 1, 2 or 3 of the test event (26-28 January 2027), Bangkok time, in UTC."""
    return datetime(2027, 1, 25 + day, hour, minute, tzinfo=BANGKOK).astimezone(UTC)


def add_room(event, name_en: str, name_th: str = "", capacity=None, position=0) -> Room:
    room = Room(
        event_id=event.id, name_en=name_en, name_th=name_th, capacity=capacity, position=position
    )
    db.session.add(room)
    db.session.flush()
    return room


def add_speaker(event, code: str, name: str, email: str, language: str = "en", name_th=None):
    speaker = Speaker(
        event_id=event.id, code=code, name=name, name_th=name_th, email=email, language=language
    )
    db.session.add(speaker)
    db.session.flush()
    return speaker


def add_session(
    event,
    code: str,
    title_en: str,
    title_th: str = "",
    speakers=(),
    minutes: int = 30,
    state=SessionState.CONFIRMED,
    kind=SessionType.TALK,
    track=None,
    language=SessionLanguage.EN,
    audience=None,
) -> ProgramSession:
    session = ProgramSession(
        event_id=event.id,
        code=code,
        title_en=title_en,
        title_th=title_th,
        abstract_en=f"About {title_en}.",
        session_type=kind,
        language=language,
        duration_minutes=minutes,
        state=state,
        expected_audience=audience,
        track=track,
    )
    session.speakers = list(speakers)
    db.session.add(session)
    db.session.flush()
    return session


def place(app, event: str, session_id: int, room_id: int, starts_at: datetime):
    from showcase.schedule.services.placement import place_session

    with app.app_context(), unit_of_work(lock=True):
        placement = place_session(get_event(event), session_id, room_id, starts_at)
        return placement.id


def publish(app, event: str, version: str, comment: str = ""):
    from showcase.schedule.services.publishing import publish_release

    with app.app_context(), unit_of_work(lock=True):
        release = publish_release(get_event(event), version, comment_en=comment)
        return release.id
