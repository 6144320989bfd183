"""Who an announcement goes to: each kind of condition, all or any of them, one message per
address however it is written, and the placeholders of each kind of person (their booth, their
sessions in the event's zone with the Buddhist-era year in Thai)."""

from __future__ import annotations

import pytest

from showcase.announcements.services import audience, personal, sending
from showcase.booths.services import decisions, layout
from showcase.core.db import unit_of_work
from showcase.core.roles import Role
from showcase.events.models import CityKind
from showcase.events.services import create_city
from showcase.extensions import db
from showcase.program.models import SessionState, SessionType
from showcase.schedule.services import placement, publishing
from tests import factories
from tests.delegations.helpers import approved_delegation
from tests.schedule.helpers import add_room, add_session, add_speaker, at


def find(event, *conditions, match_all=True):
    people = audience.find_recipients(event, Role.ADMIN, match_all, conditions)
    return {person.address: person for person in people}


@pytest.fixture
def people(ctx):
    event = factories.event()
    factories.open_booth_applications(event)
    delegate = factories.registration_category(event, "delegate", name_en="City delegate")
    visitor = factories.registration_category(event, "visitor", name_en="Visitor")
    khon_kaen = factories.city()
    with unit_of_work():
        yokohama = create_city(
            name_en="Yokohama", name_th="โยโกฮามา", country_code="JP", kind=CityKind.INTERNATIONAL
        )
    somchai = factories.registration(
        event, city=khon_kaen, category=delegate, confirm=True, language="th"
    )
    aiko = factories.registration(
        event,
        city=yokohama,
        category=delegate,
        confirm=True,
        email="aiko@yokohama.example",
        full_name="Aiko Tanaka",
    )
    walk_in = factories.registration(
        event,
        city=None,
        category=visitor,
        confirm=True,
        email="lee@sg.example",
        full_name="Lee",
        other_city="Singapore",
    )
    with unit_of_work(lock=True):
        hall = layout.create_hall(
            event, code="A", name_en="Hall A", name_th="ฮอลล์ เอ", width=30, depth=20
        )
        booth = layout.create_booth(
            event, code="A-01", hall=hall, x=1, y=1, width=3, depth=3, zone="mobility"
        )
    application = factories.booth_application(
        event, khon_kaen, contact_email="booth@khonkaen.example", contact_name="Wichai"
    )
    with unit_of_work(lock=True):
        decisions.approve_application(event, application.id, booth.id, "organiser@example.org")
    with unit_of_work(lock=True):
        room = add_room(event, "Main Hall", "ห้องประชุมใหญ่")
        # The same person as the registrant Somchai, written in capitals.
        speaker = add_speaker(
            event, "SOMCH1", "Somchai Jaidee", "SOMCHAI@KhonKaen.example", language="th"
        )
        talk = add_session(
            event,
            "TALK01",
            "Light rail",
            "รถไฟฟ้ารางเบา",
            [speaker],
            kind=SessionType.TALK,
            track=event.tracks[0],
        )
        add_session(
            event,
            "WITHD1",
            "Withdrawn",
            "",
            [add_speaker(event, "GONE01", "Gone", "gone@x.example")],
            state=SessionState.WITHDRAWN,
        )
    with unit_of_work(lock=True):
        placement.place_session(event, talk.id, room.id, at(1, 9, 30))
        publishing.publish_release(event, "1.0")
    delegation = approved_delegation(event, yokohama)
    return {
        "event": event,
        "delegate": delegate,
        "visitor": visitor,
        "somchai": somchai,
        "aiko": aiko,
        "walk_in": walk_in,
        "hall": hall,
        "application": application,
        "speaker": speaker,
        "talk": talk,
        "delegation": delegation,
    }


def test_each_kind_of_condition_finds_its_people(people):
    event = people["event"]
    assert set(find(event, "registration_state:confirmed")) == {
        "somchai@khonkaen.example",
        "aiko@yokohama.example",
        "lee@sg.example",
    }
    assert set(find(event, "registration_city_kind:thai_member")) == {"somchai@khonkaen.example"}
    assert set(find(event, "registration_city_kind:international")) == {"aiko@yokohama.example"}
    assert set(find(event, "registration_city_kind:other")) == {"lee@sg.example"}
    assert set(find(event, f"registration_category:{people['visitor'].id}")) == {"lee@sg.example"}
    assert set(find(event, "registration_checked_in:yes")) == set()
    assert len(find(event, "registration_checked_in:no")) == 3
    assert set(find(event, "session_type:talk")) == {"somchai@khonkaen.example"}
    assert set(find(event, f"session_track:{event.tracks[0].id}")) == {"somchai@khonkaen.example"}
    assert set(find(event, "session_state:withdrawn")) == {"gone@x.example"}
    assert set(find(event, "booth_state:approved")) == {"booth@khonkaen.example"}
    assert set(find(event, f"booth_hall:{people['hall'].id}")) == {"booth@khonkaen.example"}
    assert set(find(event, "coordinators:all")) == {"ir@yokohama.example"}


def test_all_and_any_combine_the_conditions(people):
    event, delegate = people["event"], people["delegate"]
    both = find(event, f"registration_category:{delegate.id}", "registration_city_kind:thai_member")
    assert set(both) == {"somchai@khonkaen.example"}
    either = find(event, "registration_city_kind:other", "booth_state:approved", match_all=False)
    assert set(either) == {"lee@sg.example", "booth@khonkaen.example"}
    across = find(event, "registration_city_kind:thai_member", "session_type:talk")
    assert set(across) == {"somchai@khonkaen.example"}


def test_one_address_written_twice_gets_one_message_about_the_registration(people):
    event = people["event"]
    found = find(event, "registration_city_kind:thai_member", "session_type:talk", match_all=False)
    assert list(found) == ["somchai@khonkaen.example"]
    assert found["somchai@khonkaen.example"].kind == audience.REGISTRATION
    assert found["somchai@khonkaen.example"].name == "คุณสมชาย ใจดี"


def test_an_unknown_condition_is_refused(people):
    event = people["event"]
    assert audience.check_conditions(
        event, Role.ADMIN, ["registration_state:nonsense", "nothing:1", "booth_hall:x"]
    ) == ["registration_state:nonsense", "nothing:1", "booth_hall:x"]


def test_the_composer_offers_every_kind_of_condition(people):
    offered = dict(audience.condition_choices(people["event"], Role.ORGANISER))
    assert offered["registration_city_kind:thai_member"] == "City kind: Thai member city"
    assert offered[f"booth_hall:{people['hall'].id}"] == "Booth applicants, hall: Hall A"
    assert offered["coordinators:all"].startswith("Delegation coordinators")
    assert "session_state:confirmed" in offered


def test_speakers_get_their_sessions_in_the_event_zone_and_exhibitors_their_booth(people):
    event = people["event"]
    speaker, application = people["speaker"], people["application"]
    owners = personal.Owners.load(
        event, [(audience.SPEAKER, speaker.id), (audience.BOOTH, application.id)]
    )
    used = {"sessions", "booth"}
    thai, _ = personal.values_for(owners, audience.SPEAKER, speaker, "x", "th", used, mint=False)
    english, _ = personal.values_for(owners, audience.SPEAKER, speaker, "x", "en", used, False)
    assert thai["sessions"].lines == ("รถไฟฟ้ารางเบา — อังคาร 26 ม.ค. 2570, 09:30 ICT, ห้องประชุมใหญ่",)
    assert english["sessions"].lines == ("Light rail — Tue 26 Jan, 09:30 ICT, Main Hall",)
    booth, _ = personal.values_for(owners, audience.BOOTH, application, "x", "th", used, False)
    assert booth["booth"].text == "A-01, ฮอลล์ เอ"


def test_a_registrant_gets_the_sessions_they_starred(people):
    from showcase.schedule.services import agenda, releases

    event, aiko = people["event"], people["aiko"]
    with unit_of_work():
        agenda.set_star(aiko, releases.latest(event), "TALK01", True)
    assert set(find(event, f"starred:{people['talk'].id}")) == {"aiko@yokohama.example"}
    owners = personal.Owners.load(event, [(audience.REGISTRATION, aiko.id)])
    values, _ = personal.values_for(
        owners, audience.REGISTRATION, aiko, "Aiko", "en", {"sessions"}, mint=False
    )
    assert values["sessions"].lines == ("Light rail — Tue 26 Jan, 09:30 ICT, Main Hall",)


def test_an_erased_registrant_leaves_no_address_in_the_announcements(people, mail_app):
    from showcase.announcements.models import AnnouncementRecipient
    from showcase.registration.services import registrations
    from tests.announcements.helpers import send, settings, write

    event, somchai = people["event"], people["somchai"]
    settings(event)
    author = factories.user("organiser")
    send(event, write(event, author, conditions=["registration_city_kind:thai_member"]), author)
    sending.send_due_announcements()
    with unit_of_work(lock=True):
        registrations.erase(somchai.id)
    row = db.session.query(AnnouncementRecipient).one()
    assert row.address.endswith("@erased.invalid") and row.name == ""
