"""Fixtures for schedule tests (their helpers are in ``tests/schedule/helpers.py``)."""

from __future__ import annotations

import pytest

from showcase.events.services import get_event
from showcase.extensions import db
from showcase.program.models import SessionLanguage, SessionState, SessionType
from tests.schedule.helpers import add_room, add_session, add_speaker


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
