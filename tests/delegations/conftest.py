"""Fixtures for delegation tests (their helpers are in ``tests/delegations/helpers.py``)."""

from __future__ import annotations

import pytest

from showcase.events.services import get_event
from showcase.extensions import db
from tests import factories


@pytest.fixture
def deleg_event(app, event):
    """The test event with a City delegate category of 3 seats and a VIP category without
    limit (both open to delegations), a Media category that needs approval (open to
    delegations) and a Visitor category that is not open to delegations; three cities."""
    with app.app_context():
        ev = get_event(event)
        factories.registration_category(
            ev,
            "delegate",
            name_en="City delegate",
            name_th="ผู้แทนเมือง",
            capacity=3,
            open_to_delegations=True,
        )
        factories.registration_category(
            ev,
            "vip",
            name_en="VIP guest",
            name_th="แขกวีไอพี",
            open_to_delegations=True,
            badge_kind="vip",
            position=1,
        )
        factories.registration_category(
            ev,
            "media",
            name_en="Media",
            name_th="สื่อมวลชน",
            needs_approval=True,
            open_to_delegations=True,
            badge_kind="media",
            position=2,
        )
        factories.registration_category(ev, "visitor", name_en="Visitor", name_th="ผู้เข้าชม")
        factories.city("Khon Kaen", "ขอนแก่น")
        factories.city("Phuket", "ภูเก็ต")
        factories.city("Yokohama", "โยโกฮามา", "JP")
        db.session.commit()
    return event
