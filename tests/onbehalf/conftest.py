"""Fixtures for the tests of registering on others' behalf (helpers in ``helpers.py``)."""

from __future__ import annotations

import pytest

from showcase.events.services import get_event
from showcase.extensions import db
from tests.onbehalf.helpers import prepare


@pytest.fixture
def desk_event(app, event):
    with app.app_context():
        prepare(get_event(event))
        db.session.commit()
    return event
