"""Fixtures for booth tests (their helpers are in ``tests/booths/helpers.py``)."""

from __future__ import annotations

import pytest

from showcase.booths.services import layout
from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from tests.booths.helpers import add_city, open_applications


@pytest.fixture
def booth_event(app, event):
    """The event with applications open, hall A (30 × 20 m) and booths A-01 to A-04 (3 × 3 m,
    A-01 and A-02 in the mobility zone, A-03 general, A-04 blocked), and two cities."""
    with app.app_context(), unit_of_work():
        current = get_event(event)
        open_applications(current)
        hall = layout.create_hall(
            current, code="A", name_en="Hall A", name_th="ฮอลล์ A", width=30, depth=20
        )
        for number, (x, zone, availability) in enumerate(
            [
                (2, "mobility", "available"),
                (5, "mobility", "available"),
                (8, "general", "available"),
                (11, "energy", "blocked"),
            ],
            start=1,
        ):
            layout.create_booth(
                current,
                code=f"A-0{number}",
                hall=hall,
                x=x,
                y=2,
                width=3,
                depth=3,
                zone=zone,
                availability=availability,
            )
        add_city("Khon Kaen", "ขอนแก่น")
        add_city("Phuket", "ภูเก็ต")
    return event
