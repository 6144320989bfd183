"""Bookings at the same moment, on real PostgreSQL and on SQLite: two acceptances for the only
table in a slot, and two meetings of the same person in one slot, accepted at once: exactly one
wins, the other is told "That slot has just been taken". Threads released by a barrier."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from showcase.cooperation.models import (
    CooperationProfile,
    Meeting,
    MeetingSeat,
    MeetingState,
    MeetingTableSlot,
)
from showcase.cooperation.services import meetings
from showcase.cooperation.services.states import Actor
from showcase.core.db import unit_of_work
from showcase.extensions import db
from tests import factories
from tests.cooperation.helpers import lounge, partner, world
from tests.letters.test_concurrency_postgres import run_together

TAKEN = "refused: That slot has just been taken. Choose another one."
TABLES_FULL = "refused: Every table is taken in that slot. Choose another one."


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'showcase-test.db'}"
    return request.getfixturevalue("postgres_url")


def _request(event, requester, host, starts_at) -> int:
    with unit_of_work(lock=True):
        meeting = meetings.request_meeting(
            event,
            db.session.get(CooperationProfile, requester.id),
            db.session.get(CooperationProfile, host.id),
            starts_at,
        )
    return meeting.id


def accept_job(meeting_id: int):
    def job():
        with unit_of_work(lock=True):
            meeting = db.session.get(Meeting, meeting_id)
            meetings.accept(meeting, Actor.HOST)
            return "accepted"

    return job


def test_two_acceptances_for_the_only_table_in_a_slot_book_one(app):
    with app.app_context():
        event = factories.event()
        lounge(event, tables=1)
        first = partner(event, "Sembcorp Urban", "a@sembcorp.example", offer="microgrids")
        second = partner(event, "ST Engineering", "b@stengg.example", offer="microgrids")
        third = partner(event, "Keppel Infrastructure", "c@keppel.example", offer="microgrids")
        fourth = partner(event, "Surbana Jurong", "d@sj.example", offer="microgrids")
        slot = meetings.slots_of(event)[0].starts_at
        ids = [_request(event, first, second, slot), _request(event, third, fourth, slot)]
        db.session.remove()

    outcomes = run_together(app, [accept_job(meeting_id) for meeting_id in ids])

    assert sorted(outcomes) in (["accepted", TAKEN], ["accepted", TABLES_FULL]), outcomes
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MeetingTableSlot)) == 1
        states = sorted(m.state.value for m in db.session.scalars(select(Meeting)))
        assert states == ["accepted", "requested"]
        db.session.remove()


def test_two_meetings_of_one_person_in_one_slot_accepted_at_once_book_one(app):
    with app.app_context():
        w = world()
        other = partner(w.event, "Hitachi Asia", "e@hitachi.example", offer="microgrids")
        slot = w.first_slot()
        ids = [
            _request(w.event, w.company_profile, w.city_profile, slot),
            _request(w.event, other, w.city_profile, slot),
        ]
        db.session.remove()

    outcomes = run_together(app, [accept_job(meeting_id) for meeting_id in ids])

    assert sorted(outcomes) == ["accepted", TAKEN], outcomes
    with app.app_context():
        accepted = db.session.scalars(
            select(Meeting).where(Meeting.state == MeetingState.ACCEPTED)
        ).all()
        assert len(accepted) == 1
        seats = db.session.scalar(select(func.count()).select_from(MeetingSeat))
        assert seats == len(accepted[0].attendees)
        db.session.remove()
