"""Fixtures for the outbox tests: an event open for registration (filling its public form as a
person would is ``tests.mail.helpers.register_through_the_form``)."""

from __future__ import annotations

import pytest

from showcase.events.services import get_event
from showcase.extensions import db
from tests.registration.helpers import add_category, add_city


@pytest.fixture
def open_event(app, event) -> str:
    """The test event with an open Visitor category and Khon Kaen in its city list."""
    with app.app_context():
        ev = get_event(event)
        add_category(ev, "visitor", name_en="Visitor", name_th="ผู้เข้าชม")
        add_city("Khon Kaen", "ขอนแก่น")
        db.session.commit()
    return event
