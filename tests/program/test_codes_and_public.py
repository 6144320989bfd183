"""Session and speaker codes (format, uniqueness, stability, retry on collision) and what the
public speaker pages show: only speakers of confirmed sessions."""

from __future__ import annotations

import re

from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState, Speaker
from showcase.program.services import codes, proposals
from tests.program.helpers import proposal_values, propose, session_in_state, the_event


def test_codes_are_six_characters_unique_and_never_change(app, event):
    with app.app_context():
        current = the_event(event)
        made = [
            propose(current, email=f"p{i}@x.example", co1_name="", co1_email="") for i in range(25)
        ]
        session_codes = [s.code for s in made]
        guids = [s.guid for s in made]
        assert all(re.fullmatch(r"[0-9A-Z]{6}", code) for code in session_codes)
        assert len(set(session_codes)) == 25 and len(set(guids)) == 25
        speaker_codes = db.session.scalars(select(Speaker.code)).all()
        assert len(set(speaker_codes)) == len(speaker_codes) == 25
        first = made[0]
        with unit_of_work(lock=True):
            proposals.update_proposal(
                first, proposal_values(title_en="A new title", session_type="workshop")
            )
        again = db.session.get(ProgramSession, first.id)
        assert (again.code, again.guid) == (session_codes[0], guids[0])
        assert again.duration_minutes == 90  # the workshop default follows the new type


def test_a_code_collision_draws_again(app, event):
    with app.app_context():
        current = the_event(event)
        taken = propose(current, co1_name="", co1_email="").code
        draws = iter([taken, taken, "ZZZ999"])
        assert codes.new_code(ProgramSession, current.id, lambda: next(draws)) == "ZZZ999"
        # The unique index is the last word: add_with_code retries when the row is refused.
        session = ProgramSession(
            event_id=current.id, title_en="X", session_type="talk", duration_minutes=30
        )
        calls = iter([taken, "ABC123"])

        def draw():
            return next(calls)

        original = codes.new_code
        try:
            # Skip the pre-check so that the insert itself collides.
            codes.new_code = lambda model, event_id, draw=draw, taken=(): draw()
            with unit_of_work():
                codes.add_with_code(session, draw)
        finally:
            codes.new_code = original
        assert session.code == "ABC123"


def test_public_pages_show_only_speakers_of_confirmed_sessions(client, app, event):
    with app.app_context():
        current = the_event(event)
        shown = session_in_state(
            current,
            SessionState.CONFIRMED,
            name="Shown Speaker",
            email="shown@x.example",
            co1_name="",
            co1_email="",
        )
        hidden = {}
        for state in (
            SessionState.SUBMITTED,
            SessionState.ACCEPTED,
            SessionState.REJECTED,
            SessionState.WITHDRAWN,
            SessionState.CANCELLED,
        ):
            session = session_in_state(
                current,
                state,
                name=f"Hidden {state.value}",
                email=f"{state.value}@x.example",
                co1_name="",
                co1_email="",
                title_en=f"Secret {state.value} title",
            )
            hidden[state] = session.speakers[0].code
        shown_code = shown.speakers[0].code
    listing = client.get(f"/{event}/speakers/").get_data(as_text=True)
    assert "Shown Speaker" in listing
    assert "Hidden" not in listing
    page = client.get(f"/{event}/speakers/{shown_code}/")
    assert page.status_code == 200
    assert "Light rail for a mid-sized city" in page.get_data(as_text=True)
    assert "shown@x.example" not in page.get_data(as_text=True)
    for code in hidden.values():
        assert client.get(f"/{event}/speakers/{code}/").status_code == 404
    assert client.get(f"/{event}/speakers/{shown_code.lower()}/").status_code == 301
    assert client.get(f"/{event}/speakers/NOPE!!/").status_code == 404


def test_a_speakers_page_lists_only_their_confirmed_sessions(client, app, event):
    with app.app_context():
        current = the_event(event)
        for state, title in (
            (SessionState.CONFIRMED, "Kept on the page"),
            (SessionState.WITHDRAWN, "Withdrawn talk"),
            (SessionState.REJECTED, "Rejected talk"),
            (SessionState.ACCEPTED, "Not yet confirmed talk"),
        ):
            session_in_state(current, state, title_en=title, co1_name="", co1_email="")
        code = db.session.scalar(select(Speaker.code))
    page = client.get(f"/{event}/speakers/{code}/").get_data(as_text=True)
    assert "Kept on the page" in page
    for hidden in ("Withdrawn talk", "Rejected talk", "Not yet confirmed talk"):
        assert hidden not in page
