"""Booking meetings through the services: a request, an acceptance that takes the seats and a
table, the refusals (the slot just taken, outside the hours, oneself, an opted-out party, the
person's own stage session), cancelling that frees the slot, and outcomes only after a meeting
that took place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from showcase.cooperation.models import (
    CooperationProfile,
    Meeting,
    MeetingSeat,
    MeetingState,
    MeetingTableSlot,
)
from showcase.cooperation.services import meetings, outcomes
from showcase.cooperation.services.states import Actor
from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError
from showcase.extensions import db
from tests.cooperation.helpers import accept, request, world


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_accepted_request_holds_the_seats_and_a_table(ctx):
    w = world()
    meeting = request(w)
    assert meeting.state == MeetingState.REQUESTED
    assert _count(MeetingSeat) == 0

    meeting = accept(meeting.id)

    assert meeting.state == MeetingState.ACCEPTED
    assert meeting.table.number == 1
    assert _count(MeetingSeat) == 2
    assert _count(MeetingTableSlot) == 1
    assert [entry.to_state for entry in meeting.history] == ["requested", "accepted"]


def test_a_person_already_booked_in_the_slot_is_refused_with_a_clear_message(ctx):
    w = world()
    accept(request(w).id)

    with pytest.raises(DomainError) as refused, unit_of_work(lock=True):
        meetings.request_meeting(
            w.event,
            db.session.get(CooperationProfile, w.company_profile.id),
            db.session.get(CooperationProfile, w.city_profile.id),
            w.first_slot(),
        )
    assert str(refused.value.message) == "That slot has just been taken. Choose another one."


def test_a_request_outside_the_meeting_hours_is_refused(ctx):
    w = world()
    with pytest.raises(DomainError) as refused:
        request(w, starts_at=w.first_slot() - timedelta(hours=3))
    assert "outside the meeting hours" in str(refused.value.message)
    assert _count(Meeting) == 0


def test_a_request_with_oneself_is_refused(ctx):
    w = world()
    with pytest.raises(DomainError) as refused, unit_of_work(lock=True):
        profile = db.session.get(CooperationProfile, w.city_profile.id)
        meetings.request_meeting(w.event, profile, profile, w.first_slot())
    assert str(refused.value.message) == "You cannot meet yourself: choose another party."


def test_a_request_to_a_party_that_opted_out_is_refused(ctx):
    w = world()
    with unit_of_work():
        db.session.get(CooperationProfile, w.city_profile.id).visible = False
    with pytest.raises(DomainError) as refused:
        request(w)
    assert str(refused.value.message) == (
        "This party does not take meeting requests at the moment."
    )


def test_cancelling_frees_the_slot_for_another_meeting(ctx):
    w = world()
    first = accept(request(w).id)
    with unit_of_work(lock=True):
        meetings.cancel(db.session.get(Meeting, first.id), Actor.REQUESTER)
    assert _count(MeetingSeat) == 0

    again = accept(request(w).id)
    assert again.state == MeetingState.ACCEPTED


def test_an_outcome_is_refused_until_the_meeting_took_place(ctx):
    w = world()
    meeting = accept(request(w).id)
    with pytest.raises(DomainError) as refused, unit_of_work():
        outcomes.record_outcome(
            db.session.get(Meeting, meeting.id),
            db.session.get(CooperationProfile, w.city_profile.id),
            {"result": "pilot"},
        )
    assert str(refused.value.message) == (
        "An outcome can only be recorded for a meeting that took place."
    )

    with unit_of_work(lock=True):
        meetings.record_scan(
            db.session.get(Meeting, meeting.id), Actor.HOST, w.representative.badge_code
        )
    with unit_of_work():
        outcome = outcomes.record_outcome(
            db.session.get(Meeting, meeting.id),
            db.session.get(CooperationProfile, w.city_profile.id),
            {"result": "pilot"},
        )
    assert outcome.result.value == "pilot"
    assert db.session.get(Meeting, meeting.id).state == MeetingState.HELD


def test_a_meeting_over_the_persons_own_stage_session_is_refused_and_not_offered(ctx, app):
    from showcase.registration.models import Registration
    from tests.schedule.helpers import add_room, add_session, add_speaker, at, place

    w = world()
    with unit_of_work():
        speaker = add_speaker(w.event, "KENJI", "Kenji Watanabe", "kenji@solargrid.example")
        db.session.get(Registration, w.representative.id).speaker_id = speaker.id
        room = add_room(w.event, "Main Hall")
        keynote = add_session(w.event, "K1", "Solar cities", speakers=[speaker], minutes=30)
        ids = (keynote.id, room.id)
    place(app, w.event.acronym, ids[0], ids[1], at(1, 10, 0))

    with pytest.raises(DomainError) as refused:
        request(w, starts_at=at(1, 10, 20))
    assert str(refused.value.message) == (
        "One of the people is speaking on stage at that time. Choose another slot."
    )
    free = meetings.free_slots(
        w.event,
        db.session.get(CooperationProfile, w.company_profile.id),
        db.session.get(CooperationProfile, w.city_profile.id),
    )
    assert free[0].starts_at == at(1, 10, 40)
    assert request(w, starts_at=at(1, 10, 40)).state == MeetingState.REQUESTED


def test_when_every_table_is_taken_the_host_citys_booth_is_the_place(ctx):
    from showcase.booths.services import decisions, layout
    from showcase.events.models import City
    from tests.booths.helpers import open_applications, submit
    from tests.cooperation.helpers import partner

    w = world()
    with unit_of_work():
        for table in meetings.tables_of(w.event)[1:]:
            db.session.delete(table)
    with unit_of_work(lock=True):
        open_applications(w.event)
        hall = layout.create_hall(w.event, code="A", name_en="Hall A", width=30, depth=20)
        booth = layout.create_booth(
            w.event, code="A-01", hall=hall, x=2, y=2, width=3, depth=3, zone="mobility"
        )
        booth_id = booth.id
    application = submit(w.event, db.session.get(City, w.city_profile.city_id))
    with unit_of_work(lock=True):
        decisions.approve_application(w.event, application.id, booth_id, "setup@example.org")
    first = partner(w.event, "Sembcorp Urban", "a@sembcorp.example")
    second = partner(w.event, "Keppel Infrastructure", "b@keppel.example")
    with unit_of_work(lock=True):
        at_table = meetings.book_for(
            w.event, first, second, w.first_slot(), None, "organiser@showcase.example"
        )
        assert at_table.table.number == 1

    at_booth = accept(request(w).id)

    assert at_booth.table is None
    assert at_booth.booth.code == "A-01"
    assert _count(MeetingTableSlot) == 2


def test_a_host_city_with_a_booth_accepts_a_meeting_at_its_own_booth_from_its_page(ctx, client):
    from showcase.booths.services import decisions, layout
    from showcase.events.models import City
    from tests.booths.helpers import open_applications, submit
    from tests.delegations.helpers import secret_of
    from tests.forms import RenderedForm

    w = world()
    with unit_of_work(lock=True):
        open_applications(w.event)
        hall = layout.create_hall(w.event, code="B", name_en="Hall B", width=30, depth=20)
        booth_id = layout.create_booth(
            w.event, code="B-07", hall=hall, x=2, y=2, width=3, depth=3, zone="energy"
        ).id
    application = submit(w.event, db.session.get(City, w.city_profile.city_id))
    with unit_of_work(lock=True):
        decisions.approve_application(w.event, application.id, booth_id, "setup@example.org")
    asked = request(w)
    home = f"/{w.event.acronym}/cooperation/delegation/{secret_of(w.delegation)}/"

    form = RenderedForm.get(client, home, form=f"/meetings/{asked.id}/accept")
    assert form.submit("Accept, at our booth").status_code == 303

    db.session.expire_all()
    meeting = db.session.get(Meeting, asked.id)
    assert (meeting.state, meeting.table, meeting.booth.code) == (
        MeetingState.ACCEPTED,
        None,
        "B-07",
    )
    assert "Booth B-07" in client.get(home).get_data(as_text=True)


def test_accepting_at_the_booth_without_one_is_refused_and_books_nothing(ctx):
    w = world()
    asked = request(w)
    with pytest.raises(DomainError) as refused, unit_of_work(lock=True):
        meetings.accept(db.session.get(Meeting, asked.id), Actor.HOST, at_booth=True)
    assert str(refused.value.message) == "Your city has no booth on the floor plan to meet at."
    assert (_count(MeetingSeat), _count(MeetingTableSlot)) == (0, 0)
    assert db.session.get(Meeting, asked.id).state == MeetingState.REQUESTED
