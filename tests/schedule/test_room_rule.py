"""A room overlap is one rule: the placement that ``place_session`` refuses is exactly the one the
draft's conflict list (``conflicts.room_overlaps``) would report, at every boundary."""

from __future__ import annotations

from datetime import timedelta

import pytest

from showcase.core.db import unit_of_work
from showcase.core.errors import Conflict
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.program.models import ProgramSession, Room
from showcase.schedule import conflicts as rules
from showcase.schedule.services import placement
from tests.schedule.helpers import at, place
from tests.schedule.test_conflicts import INTERVALS, ROOMS, slot


def listed(slots) -> set[tuple[int, int]]:
    return {c.session_ids for c in rules.room_overlaps(slots, ROOMS)}


@pytest.mark.parametrize(("a_start", "a_end", "b_start", "b_end", "clash"), INTERVALS)
def test_refusing_and_listing_agree_at_every_boundary(a_start, a_end, b_start, b_end, clash):
    placed = slot(1, a_start, a_end)
    moving = slot(2, b_start, b_end)
    refused = bool(rules.room_clashes_for(moving, [placed]))
    assert refused == bool(listed([placed, moving])) == clash


# Where the 45-minute keynote goes in the Main Hall, with the 60-minute grid session at 10:00.
STARTS = [(9, 0), (9, 15), (9, 30), (9, 45), (10, 0), (10, 30), (10, 55), (11, 0), (11, 30)]


@pytest.mark.parametrize(("hour", "minute"), STARTS, ids=[f"{h}:{m:02d}" for h, m in STARTS])
def test_place_session_refuses_what_the_draft_would_list(app, program, hour, minute):
    s, r = program["sessions"], program["rooms"]
    place(app, program["event"], s["grid"], r["Main Hall"], at(1, 10))
    with app.app_context():
        event = get_event(program["event"])
        keynote = db.session.get(ProgramSession, s["opening"])
        grid = db.session.get(ProgramSession, s["grid"])
        room = db.session.get(Room, r["Main Hall"])
        starts = at(1, hour, minute)
        would_list = bool(
            rules.room_overlaps(
                [
                    slot(grid.id, at(1, 10), at(1, 10) + timedelta(minutes=grid.duration_minutes)),
                    slot(keynote.id, starts, starts + timedelta(minutes=keynote.duration_minutes)),
                ],
                {1: rules.RoomInfo(1, room.name_en)},
            )
        )
        try:
            with unit_of_work(lock=True):
                placement.place_session(event, keynote.id, room.id, starts)
        except Conflict as error:
            refused = True
            assert error.status_code == 409
        else:
            refused = False
        assert refused == would_list == ((minute in (30, 45) and hour == 9) or hour == 10)
        conflicts = placement.load_draft(event).conflicts
        assert not any(c.kind == rules.ROOM_OVERLAP for c in conflicts)  # never both
