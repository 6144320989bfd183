"""Fixtures for registration tests (their helpers are in ``tests/registration/helpers.py``)."""

from __future__ import annotations

import pytest

from showcase.events.services import get_event
from showcase.extensions import db
from tests.registration.helpers import add_category, add_city


@pytest.fixture
def reg_event(app, event):
    """The test event with a City delegate category of 2 seats, a Visitor category without
    limit, an approval-only Media category and an invitation-only Speaker category."""
    with app.app_context():
        ev = get_event(event)
        add_category(ev, "delegate", name_en="City delegate", name_th="ผู้แทนเมือง", capacity=2)
        add_category(ev, "visitor", name_en="Visitor", name_th="ผู้เข้าชม", position=1)
        add_category(ev, "media", name_en="Media", name_th="สื่อมวลชน", needs_approval=True)
        add_category(
            ev,
            "speaker",
            name_en="Speaker",
            name_th="วิทยากร",
            invitation_only=True,
            invitation_code="STAGE-2027",
        )
        add_city("Khon Kaen", "ขอนแก่น")
        add_city("Phuket", "ภูเก็ต")
        add_city("Singapore", "สิงคโปร์", "SG")
        db.session.commit()
    return event
