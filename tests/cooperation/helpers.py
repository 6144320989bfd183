"""Helpers for cooperation tests: a Thai city's delegation and an international company's
representative, each with a profile, and a meeting lounge with two tables on the event's first
day, all made through the services, each step in its own unit of work as a request runs it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import select

from showcase.cooperation.models import CooperationProfile, Meeting
from showcase.cooperation.services import meetings, profiles
from showcase.cooperation.services.profiles import Keeper
from showcase.core.db import unit_of_work
from showcase.delegations.models import Delegation
from showcase.events.models import Track
from showcase.extensions import db
from showcase.registration.models import Registration
from tests import factories
from tests.delegations.helpers import add, approved_delegation
from tests.letters.helpers import delegation_category, visitor_category

ORGANISER = "organiser@showcase.example"


def track(event, slug: str) -> Track:
    return db.session.scalar(select(Track).where(Track.event_id == event.id, Track.slug == slug))


def profile_values(event, offers=(), seeks=(), **overrides) -> dict:
    """A profile's form values; ``offers``/``seeks``: (track slug, text) pairs."""
    data = {
        "display_name": "Khon Kaen",
        "country": "TH",
        "languages": ["th", "en"],
        "tags": "light rail, open data",
        "about": "",
        "visible": True,
        "consent": True,
        "writing_language": "en",
        "member_ids": [],
        "kind": "organisation",
    }
    for slug, text in offers:
        data[f"offer_{track(event, slug).id}"] = text
    for slug, text in seeks:
        data[f"seek_{track(event, slug).id}"] = text
    data.update(overrides)
    return data


def save(keeper: Keeper, values: dict) -> CooperationProfile:
    with unit_of_work():
        profile = profiles.save_profile(keeper, values)
    return db.session.get(CooperationProfile, profile.id)


def lounge(event, tables: int = 2, day=None, starts=time(10, 0), ends=time(12, 0)):
    with unit_of_work():
        meetings.save_day(
            event,
            {"day": day or event.starts_on, "starts": starts, "ends": ends, "slot_minutes": 20},
        )
        for number in range(1, tables + 1):
            meetings.save_table(event, {"number": number, "capacity": 4})


@dataclass
class World:
    event: object
    city_profile: CooperationProfile
    company_profile: CooperationProfile
    delegation: Delegation
    coordinator_member: Registration
    representative: Registration

    def first_slot(self) -> datetime:
        return meetings.slots_of(self.event)[0].starts_at


def city_delegation(
    event, name="Khon Kaen", name_th="ขอนแก่น", member="Nattapong Srisuk", language="en"
):
    city = factories.city(name, name_th)
    delegation = approved_delegation(event, city, language=language)
    from showcase.registration.models import RegistrationCategory

    category = db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event.id, RegistrationCategory.code == "delegation"
        )
    ) or delegation_category(event)
    person = add(delegation, category, member, email=f"{member.split()[0].lower()}@city.example")
    return db.session.get(Delegation, delegation.id), person


def solargrid(event, languages, language: str = "en") -> tuple[Registration, CooperationProfile]:
    """Kenji Watanabe of SolarGrid Japan, registered, and the company's profile: it offers
    Energy financing and seeks Mobility data."""
    representative = factories.registration(
        event,
        category=visitor_category(event),
        confirm=True,
        full_name="Kenji Watanabe",
        email="kenji@solargrid.example",
        other_country="JP",
        other_city="Yokohama",
        organisation="SolarGrid Japan",
        language=language,
    )
    profile = save(
        Keeper(event, registration=representative),
        profile_values(
            event,
            display_name="SolarGrid Japan",
            country="JP",
            languages=list(languages),
            offers=[("energy", "solar-rooftop financing")],
            seeks=[("mobility", "bus ridership data")],
        ),
    )
    return representative, profile


def world(event=None, language: str = "en") -> World:
    """Khon Kaen seeks Energy financing and offers Mobility; SolarGrid Japan offers Energy
    financing and seeks Mobility data: a complementary pair sharing English."""
    event = event or factories.event()
    lounge(event)
    delegation, member = city_delegation(event, language=language)
    city_profile = save(
        Keeper(event, delegation=delegation),
        profile_values(
            event,
            offers=[("mobility", "bus rapid transit data")],
            seeks=[("energy", "solar-rooftop financing")],
            member_ids=[member.id],
        ),
    )
    representative, company_profile = solargrid(event, ["en", "ja"], language=language)
    return World(
        db.session.get(type(event), event.id),
        city_profile,
        company_profile,
        delegation,
        member,
        db.session.get(Registration, representative.id),
    )


def request(world: World, starts_at=None, message: str = "Shall we talk financing?") -> Meeting:
    with unit_of_work(lock=True):
        meeting = meetings.request_meeting(
            world.event,
            db.session.get(CooperationProfile, world.company_profile.id),
            db.session.get(CooperationProfile, world.city_profile.id),
            starts_at or world.first_slot(),
            message,
        )
    return db.session.get(Meeting, meeting.id)


def accept(meeting_id: int) -> Meeting:
    from showcase.cooperation.services.states import Actor

    with unit_of_work(lock=True):
        meetings.accept(db.session.get(Meeting, meeting_id), Actor.HOST)
    return db.session.get(Meeting, meeting_id)


def at(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def partner(event, name: str, email: str, offer: str = "x") -> CooperationProfile:
    """A Singaporean firm's profile (offering Energy: ``offer``), kept by its registered
    representative."""
    person = factories.registration(
        event,
        category=visitor_category(event),
        confirm=True,
        full_name=name,
        email=email,
        other_country="SG",
        other_city="Singapore",
    )
    return save(
        Keeper(event, registration=person),
        profile_values(
            event, display_name=name, country="SG", languages=["en"], offers=[("energy", offer)]
        ),
    )
