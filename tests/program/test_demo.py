"""The demo programme: rooms, speakers and sessions over every track, type, language and state."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from showcase.extensions import db
from showcase.program.models import (
    ProgramSession,
    Room,
    SessionReview,
    SessionState,
    SessionType,
    Speaker,
    SpeakerAvailability,
)


def test_demo_programme(demo):
    app, output = demo
    assert "Programme: 8 rooms, 150 speakers" in output
    with app.app_context():
        rooms = db.session.scalars(select(Room).order_by(Room.position)).all()
        assert len(rooms) == 8
        assert len({room.capacity for room in rooms}) == 8
        assert all(room.availability for room in rooms)
        sessions = db.session.scalars(select(ProgramSession)).all()
        proposed = [s for s in sessions if s.submitted_by_id is not None]
        assert len(proposed) == 120
        assert {s.session_type for s in proposed} == {
            SessionType.KEYNOTE,
            SessionType.PANEL,
            SessionType.TALK,
            SessionType.WORKSHOP,
            SessionType.DEMO,
        }
        assert len({s.track_id for s in proposed}) == 7
        assert {s.language.value for s in proposed} == {"th", "en", "both"}
        states = Counter(s.state for s in proposed)
        assert states[SessionState.CONFIRMED] > 60
        assert states[SessionState.ACCEPTED] >= 5
        assert states[SessionState.SUBMITTED] >= 10
        assert states[SessionState.REJECTED] >= 3 and states[SessionState.WITHDRAWN] >= 2
        breaks = [s for s in sessions if s.is_break]
        assert {s.title_en for s in breaks} >= {"Lunch", "Coffee break"}
        assert all(s.speakers == [] for s in breaks)
        ceremonies = {s.title_en for s in sessions if s.session_type == SessionType.CEREMONY}
        assert ceremonies == {
            "Opening ceremony",
            "Closing ceremony",
            "Welcome reception for city delegations",
        }
        assert db.session.scalar(select(func.count()).select_from(Speaker)) == 150
        assert db.session.scalar(select(func.count()).select_from(SpeakerAvailability)) >= 10
        assert db.session.scalar(select(func.count()).select_from(SessionReview)) >= 10
        codes = [s.code for s in sessions]
        assert len(set(codes)) == len(codes)
        panel = next(s for s in proposed if s.session_type == SessionType.PANEL)
        assert len(panel.speakers) == 3
    client = app.test_client()
    event = output.split("Event ")[1].split(":")[0]
    listing = client.get(f"/{event}/speakers/")
    assert listing.status_code == 200
    assert listing.get_data(as_text=True).count('class="speaker-card"') > 80
