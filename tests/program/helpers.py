"""Factories for programme tests: proposals made through the services, speakers and sessions."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.events.models import Event
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState
from showcase.program.services import proposals


def proposal_values(**overrides) -> dict:
    values = {
        "name": "Somchai Jaidee",
        "email": "somchai@khonkaen.example",
        "organisation": "Khon Kaen City Development",
        "job_title": "Director",
        "city": "",
        "title_en": "Light rail for a mid-sized city",
        "title_th": "",
        "abstract_en": "How five municipalities built a light rail together.",
        "abstract_th": "",
        "description_en": "",
        "description_th": "",
        "session_type": "talk",
        "track": "mobility",
        "language": "en",
        "expected_audience": 80,
        "notes": "",
        "co1_name": "Nok Srisuk",
        "co1_email": "nok@khonkaen.example",
    }
    values.update(overrides)
    return values


def propose(event: Event, confirm: bool = True, ui_language: str = "en", **overrides):
    """A proposal from the services; confirmed by its link unless ``confirm`` is false."""
    with unit_of_work():
        session, secret = proposals.submit_proposal(
            event, proposal_values(**overrides), ui_language
        )
        if confirm:
            proposals.confirm_proposal(event, secret)
    return session


def session_in_state(event: Event, state: SessionState, **overrides) -> ProgramSession:
    session = propose(event, **overrides)
    session.state = state  # set directly: the transition tests need every starting state
    db.session.commit()
    return session


def the_event(acronym: str) -> Event:
    return get_event(acronym)


def png_bytes(width: int = 40, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def form_data(**overrides) -> dict:
    values = proposal_values(**overrides)
    data = {key: ("" if value is None else str(value)) for key, value in values.items()}
    data["consent"] = "y"
    return data


def by_code(code: str) -> ProgramSession:
    return db.session.scalar(select(ProgramSession).where(ProgramSession.code == code))
