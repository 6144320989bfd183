"""Schedule fixtures: an event with rooms, speakers and sessions; helpers to place and publish."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

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

# The export schemas live beside the spec, in ../shared/formats of the main checkout.
_ROOT = Path(__file__).resolve().parents[2]
FORMATS = next(
    (
        path
        for path in (_ROOT.parent / "shared" / "formats", Path("/work/shared/formats"))
        if (path / "schedule.schema.json").exists()
    ),
    _ROOT.parent / "shared" / "formats",
)


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


@pytest.fixture
def program(app, event):
    """Three rooms, three speakers and five sessions (one a break, one only accepted)."""
    with app.app_context():
        ev = get_event(event)
        rooms = [
            add_room(ev, "Main Hall", "ห้องประชุมใหญ่", 500, 0),
            add_room(ev, "Room B", "ห้อง บี", 80, 1),
            add_room(ev, "Room C", "ห้อง ซี", 40, 2),
        ]
        ana = add_speaker(ev, "SPKANA", "Ana Lim", "ana@example.org")
        somchai = add_speaker(
            ev, "SPKSOM", "Somchai Jaidee", "somchai@example.org", "th", "สมชาย ใจดี"
        )
        kenji = add_speaker(ev, "SPKKEN", "Kenji Sato", "kenji@example.org")
        mobility = next(t for t in ev.tracks if t.slug == ev.tracks[0].slug)
        sessions = {
            "opening": add_session(
                ev,
                "OPEN01",
                "Opening keynote",
                "ปาฐกถาเปิดงาน",
                [ana],
                45,
                kind=SessionType.KEYNOTE,
                track=mobility,
            ),
            "rail": add_session(
                ev,
                "RAIL02",
                "Khon Kaen light rail",
                "รถไฟฟ้ารางเบาขอนแก่น",
                [somchai],
                30,
                track=mobility,
                language=SessionLanguage.TH,
            ),
            "grid": add_session(ev, "GRID03", "Smart grids in Phuket", "", [ana, kenji], 60),
            "lunch": add_session(
                ev, "LUNCH4", "Lunch", "พักรับประทานอาหารกลางวัน", [], 60, kind=SessionType.BREAK
            ),
            "maybe": add_session(
                ev, "MAYBE5", "Data for cities", "", [kenji], 30, state=SessionState.ACCEPTED
            ),
        }
        db.session.commit()
        return {
            "event": event,
            "rooms": {room.name_en: room.id for room in rooms},
            "speakers": {"ana": ana.id, "somchai": somchai.id, "kenji": kenji.id},
            "sessions": {key: session.id for key, session in sessions.items()},
        }


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
