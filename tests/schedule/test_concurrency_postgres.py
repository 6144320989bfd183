"""Organisers dropping sessions into one room at once on PostgreSQL, each on a connection of
its own: the room lock lets exactly one of overlapping placements through."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from functools import partial

import pytest
from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.core.errors import Conflict
from showcase.events.services import create_event, get_event
from showcase.extensions import db
from showcase.schedule.models import SchedulePlacement
from showcase.schedule.services.placement import place_session
from tests.helpers import run_threads
from tests.schedule.helpers import add_room, add_session, at

pytestmark = pytest.mark.postgres


def test_overlapping_placements_in_one_room_race_and_one_wins(pg_app):
    with pg_app.app_context():
        event = create_event(
            "race2027", name_en="Race", starts_on=date(2027, 1, 26), ends_on=date(2027, 1, 28)
        )
        room = add_room(event, "Main Hall", capacity=100)
        sessions = [add_session(event, f"RACE{n:02d}", f"Talk {n}", minutes=30) for n in range(8)]
        db.session.commit()
        room_id, session_ids = room.id, [s.id for s in sessions]

    barrier = threading.Barrier(len(session_ids))
    outcomes = [""] * len(session_ids)

    def drop(index: int, session_id: int) -> None:
        with pg_app.app_context():
            event = get_event("race2027")
            db.session.commit()
            barrier.wait()
            try:
                # Starts five minutes apart: every pair overlaps.
                with unit_of_work(lock=True):
                    place_session(event, session_id, room_id, at(1, 9, 5 * (index % 4)))
                outcomes[index] = "placed"
            except Conflict:
                outcomes[index] = "refused"
            finally:
                db.session.remove()

    run_threads(*(partial(drop, i, sid) for i, sid in enumerate(session_ids)))
    assert Counter(outcomes) == {"placed": 1, "refused": 7}
    with pg_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SchedulePlacement)) == 1
