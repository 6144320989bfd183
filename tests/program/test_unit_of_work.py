"""The programme on the one unit of work: reading a page writes nothing, a refused change leaves
nothing behind, and a move outside a unit of work fails loudly."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from showcase.core.db import UnitOfWorkError
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.program.models import ProgramSession, ProgramSettings, SessionState
from showcase.program.services.transitions import Actor, apply_transition
from tests.program.helpers import propose, the_event


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_settings_page_is_read_without_writing(client, app, event, login):
    login("organiser")
    page = client.get(f"/manage/{event}/program/settings")
    assert page.status_code == 200
    assert 'value="30"' in page.get_data(as_text=True)
    with app.app_context():
        assert count(ProgramSettings) == 0
    saved = client.post(
        f"/manage/{event}/program/settings",
        data={
            "keynote_minutes": "45",
            "panel_minutes": "60",
            "talk_minutes": "30",
            "workshop_minutes": "90",
            "demo_minutes": "20",
            "ceremony_minutes": "45",
            "break_minutes": "30",
        },
    )
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(ProgramSettings.keynote_minutes)) == 45


def test_a_refused_session_edit_leaves_nothing_behind(client, app, event, login):
    with app.app_context():
        code = propose(the_event(event)).code
        before = db.session.scalar(select(ProgramSession.title_en))
    login("organiser")
    refused = client.post(
        f"/manage/{event}/program/sessions/{code}/edit",
        data={
            "title_en": "A title that must not be saved",
            "abstract_en": "x",
            "session_type": "talk",
            "language": "en",
            "duration_minutes": "30",
            "speaker_codes": "NOSUCH",
        },
    )
    assert refused.status_code == 400
    assert "There is no speaker with the code NOSUCH." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ProgramSession.title_en)) == before


def test_a_move_outside_a_unit_of_work_fails_loudly(app, event):
    with app.app_context():
        session = propose(the_event(event))
        before = count(OutboxMessage)
        with pytest.raises(UnitOfWorkError):
            apply_transition(session, SessionState.ACCEPTED, Actor.ORGANISER, "o@x.example")
        db.session.rollback()
        assert db.session.get(ProgramSession, session.id).state == SessionState.SUBMITTED
        assert count(OutboxMessage) == before
