"""One confirmation link clicked twice at the same moment (two tabs, two app servers) on
PostgreSQL: the application is confirmed once and its "received" email is queued once."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from sqlalchemy import func, select

from showcase.booths.models import ApplicationState, BoothApplication
from showcase.booths.services.applications import confirm_application
from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from tests.hardening.world import build_world
from tests.helpers import run_threads

pytestmark = pytest.mark.postgres


def test_simultaneous_clicks_confirm_and_email_once(pg_app):
    world = build_world(pg_app)
    secret = world.secrets["unconfirmed_confirm"]
    with pg_app.app_context():
        before = db.session.scalar(select(func.count(OutboxMessage.id)))
    clicks = 4
    barrier = threading.Barrier(clicks)
    outcomes: list[object] = [None] * clicks

    def click(index: int) -> None:
        with pg_app.app_context():
            event = get_event(world.event)
            db.session.commit()
            barrier.wait()
            try:
                with unit_of_work(lock=True):
                    _, _, confirmed_now = confirm_application(event, secret)
                outcomes[index] = confirmed_now
            except Exception as error:  # reported below
                outcomes[index] = error
            finally:
                db.session.remove()

    run_threads(*(partial(click, index) for index in range(clicks)))
    assert sorted(outcomes, key=str) == [False, False, False, True], outcomes
    with pg_app.app_context():
        application = db.session.scalar(
            select(BoothApplication).where(BoothApplication.contact_email == "new@phuket.example")
        )
        assert application.state == ApplicationState.SUBMITTED
        after = db.session.scalar(select(func.count(OutboxMessage.id)))
        assert after - before == 1  # one "we have received" email
