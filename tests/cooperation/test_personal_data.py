"""Cooperation data is personal data: the representative's own profile and meetings are in their
data download, erased with them (the meeting's seats freed), and purged when retention ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from showcase.cooperation.models import (
    CooperationProfile,
    MeetingAttendee,
    MeetingSeat,
    ProfileMember,
)
from showcase.cooperation.services.profiles import RETENTION_DAYS, purge_cooperation
from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.registration.services import registrations
from tests.cooperation.helpers import accept, request, world


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_data_download_holds_the_profile_and_the_meetings(ctx):
    w = world()
    accept(request(w).id)

    data = registrations.personal_data(w.representative)["cooperation"]

    assert data["profile"]["display_name"] == "SolarGrid Japan"
    assert data["profile"]["languages"] == ["en", "ja"]
    assert data["profile"]["interests"][0]["dimension"] == "energy"
    assert [m["with"] for m in data["meetings"]] == [["SolarGrid Japan", "Khon Kaen"]]
    member = registrations.personal_data(w.coordinator_member)["cooperation"]
    assert member["can_meet_for"] == ["Khon Kaen"]
    assert member["profile"] is None


def test_erasing_the_person_deletes_their_profile_and_frees_the_seats(ctx):
    w = world()
    accept(request(w).id)
    with unit_of_work(lock=True):
        registrations.erase(w.coordinator_member.id)

    members = [m.registration_id for m in db.session.scalars(select(ProfileMember))]
    assert members == [w.representative.id]
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(MeetingSeat)
            .where(MeetingSeat.registration_id == w.coordinator_member.id)
        )
        == 0
    )
    with unit_of_work(lock=True):
        registrations.erase(w.representative.id)
    assert [p.display_name for p in db.session.scalars(select(CooperationProfile))] == ["Khon Kaen"]
    assert _count(MeetingAttendee) == 0


def test_retention_purges_partners_profiles_a_year_after_the_event(ctx):
    w = world()
    accept(request(w).id)
    after = datetime.combine(w.event.ends_on, datetime.min.time(), UTC)

    with unit_of_work():
        assert purge_cooperation(after + timedelta(days=RETENTION_DAYS - 1)) == 0
    with unit_of_work():
        assert purge_cooperation(after + timedelta(days=RETENTION_DAYS + 1)) == 1
    assert [p.display_name for p in db.session.scalars(select(CooperationProfile))] == ["Khon Kaen"]
    assert _count(ProfileMember) == 0
