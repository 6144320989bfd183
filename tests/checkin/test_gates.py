"""The rule of each gate: once per day at the main entrance (across midnight in the event's
timezone), a room counted against its capacity (refusing or warning when full), the VIP lounge
admitting its chosen categories (and people marked VIP) only. Gates are made through the
organisers' form; scans go through the service as every path does."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from showcase.checkin.models import Scan, ScanResult
from showcase.checkin.services import scans
from showcase.checkin.services.gates import room_fills
from showcase.core.db import unit_of_work
from showcase.extensions import db
from tests import factories
from tests.badges.helpers import confirmed_people
from tests.checkin.helpers import add_gate, make_gate, payload


def apply(event, gate, registration, at: datetime, scan_id: str | None = None):
    entry = scans.ScanInput(
        scan_id=scan_id or f"test-{at.timestamp():.0f}-{registration.id}-{gate.id}",
        gate_id=gate.id,
        payload=payload(registration),
        scanned_at=at,
    )
    with unit_of_work(lock=True):
        outcome = scans.apply_scan(event, entry, "desk@showcase.example", now=at)
        return outcome.scan.result, scans.message(outcome.scan)


def test_main_entrance_admits_once_per_day_across_midnight_in_the_event_timezone(
    ctx, client, login
):
    event = factories.event()  # Asia/Bangkok, UTC+7
    somchai, *_ = confirmed_people(event)
    login("organiser")
    gate_1 = add_gate(client, event, "Gate 1", "Main entrance (once per day)")
    gate_2 = add_gate(client, event, "Gate 2", "Main entrance (once per day)")

    # 26 January, 09:12 in Bangkok (02:12 UTC): in.
    assert apply(event, gate_2, somchai, datetime(2027, 1, 26, 2, 12, tzinfo=UTC)) == (
        ScanResult.ADMITTED,
        "",
    )
    # The same evening at the other gate, 23:50 in Bangkok: a warning with the first entry.
    result, message = apply(event, gate_1, somchai, datetime(2027, 1, 26, 16, 50, tzinfo=UTC))
    assert result == ScanResult.WARNED
    assert "Already in today at" in message and "09:12" in message and "Gate 2" in message
    # 00:10 in Bangkok on the 27th is 17:10 UTC on the 26th: a new day at the venue, in again.
    result, _ = apply(event, gate_1, somchai, datetime(2027, 1, 26, 17, 10, tzinfo=UTC))
    assert result == ScanResult.ADMITTED
    result, message = apply(event, gate_2, somchai, datetime(2027, 1, 26, 17, 40, tzinfo=UTC))
    assert result == ScanResult.WARNED and "00:10" in message and "Gate 1" in message

    days = db.session.scalars(
        select(Scan.entry_day).where(Scan.entry_day.is_not(None)).order_by(Scan.entry_day)
    ).all()
    assert [day.isoformat() for day in days] == ["2027-01-26", "2027-01-27"]
    # The first entry checks the person in, as the desk does.
    db.session.refresh(somchai)
    assert somchai.checked_in_at == datetime(2027, 1, 26, 2, 12, tzinfo=UTC)


def test_room_entries_are_counted_against_its_capacity_and_a_full_room_refuses(ctx, client, login):
    event = factories.event()
    people = confirmed_people(event)
    factories.room(event, "Mekong Room", capacity=3)
    login("organiser")
    gate = add_gate(
        client, event, "Mekong door", "Room (counted against its capacity)", room="Mekong Room"
    )
    at = datetime(2027, 1, 26, 3, 0, tzinfo=UTC)

    results = [apply(event, gate, person, at)[0] for person in people[:3]]
    again = apply(event, gate, people[0], at, scan_id="again-the-first")
    full = apply(event, gate, people[3], at)

    assert results == [ScanResult.ADMITTED] * 3
    assert again[0] == ScanResult.WARNED  # the same person counts once
    assert full == (ScanResult.REFUSED, "Room full: 3 people are in.")
    (fill,) = room_fills(event, at)
    assert (fill.fill, fill.capacity, fill.is_full) == (3, 3, True)
    # The organisers' page shows the live fill.
    page = client.get(f"/manage/{event.acronym}/checkin/gates/").get_data(as_text=True)
    assert "3 of 3" in page


def test_a_full_room_that_warns_lets_the_gate_decide(ctx, client, login):
    event = factories.event()
    people = confirmed_people(event)
    factories.room(event, "Chao Phraya Room", capacity=1)
    login("organiser")
    gate = add_gate(
        client,
        event,
        "Chao Phraya door",
        "Room (counted against its capacity)",
        room="Chao Phraya Room",
        full="Warn, and let the gate decide",
    )
    at = datetime(2027, 1, 26, 3, 0, tzinfo=UTC)
    assert apply(event, gate, people[0], at)[0] == ScanResult.ADMITTED
    result, message = apply(event, gate, people[1], at)
    assert result == ScanResult.WARNED
    assert message == "The room is full (1 of 1): let in only if there is a seat."


def test_vip_lounge_admits_its_categories_and_refuses_the_others(ctx, client, login):
    event = factories.event()
    guests = factories.registration_category(event, "vip-guest", name_en="VIP guest")
    delegate, *_ = confirmed_people(event)
    (guest,) = confirmed_people(
        event,
        guests,
        people=(
            (
                "Anong Wongsa",
                "อนงค์ วงศา",
                "anong@bangkok.example",
                ("Bangkok", "กรุงเทพมหานคร", "TH"),
            ),
        ),
    )
    login("organiser")
    lounge = add_gate(
        client, event, "VIP lounge", "VIP lounge (chosen categories only)", categories=["VIP guest"]
    )
    at = datetime(2027, 1, 26, 3, 0, tzinfo=UTC)

    assert apply(event, lounge, guest, at)[0] == ScanResult.ADMITTED
    assert apply(event, lounge, delegate, at) == (
        ScanResult.REFUSED,
        "City delegate badges do not open this lounge.",
    )
    # A person marked VIP is admitted whatever the category.
    with unit_of_work():
        db.session.get(type(delegate), delegate.id).is_vip = True
    assert apply(event, lounge, delegate, at, scan_id="vip-now-1")[0] == ScanResult.ADMITTED


def test_a_gate_form_refuses_a_room_gate_without_its_room(ctx, client, login):
    from tests.forms import RenderedForm, page_errors

    event = factories.event()
    login("organiser")
    form = RenderedForm.get(client, f"/manage/{event.acronym}/checkin/gates/new", form=0)
    form.fill("Name (English)", "Somewhere")
    form.choose("Kind and rule", "Room (counted against its capacity)")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response)["Room"] == ["A room's check-in point needs its room."]
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 0
    assert make_gate(event, "Gate 1", "main").kind.value == "main"


def test_a_room_line_of_now_and_next_shows_how_full_the_room_is(ctx, client):
    from tests.schedule.helpers import add_session, at, place, publish

    event = factories.event()
    people = confirmed_people(event)
    room = factories.room(event, "Mekong Room", capacity=3)
    with unit_of_work():
        session = add_session(event, "MK01", "Smart buses of Khon Kaen", minutes=60)
    place(ctx, event.acronym, session.id, room.id, at(1, 10))
    publish(ctx, event.acronym, "1.0")
    gate = make_gate(event, "Mekong door", "room", room=room.id)
    for person in people[:2]:
        apply(event, gate, person, at(1, 10, 5))

    page = client.get(
        f"/{event.acronym}/schedule/now/", query_string={"at": at(1, 10, 15).isoformat()}
    ).get_data(as_text=True)

    assert "Smart buses of Khon Kaen" in page
    assert "2 of 3 seats taken" in page


def test_an_organiser_changes_a_gate_on_its_page(ctx, client, login):
    from bs4 import BeautifulSoup

    from tests.forms import RenderedForm

    event = factories.event()
    factories.registration_category(event, "vip-guest", name_en="VIP guest")
    login("organiser")
    gate = add_gate(client, event, "Gate 9", "Main entrance (once per day)")
    form = RenderedForm.get(client, f"/manage/{event.acronym}/checkin/gates/{gate.id}", form=0)
    form.fill("Name (English)", "Lounge")
    form.fill("Name (Thai)", "ห้องรับรอง")
    form.choose("Kind and rule", "VIP lounge (chosen categories only)")
    form.choose("Categories admitted to the VIP lounge", "VIP guest")

    response = form.submit()

    assert response.status_code == 303
    db.session.refresh(gate)
    assert (gate.name_en, gate.name_th, gate.kind.value) == ("Lounge", "ห้องรับรอง", "vip")
    assert [category.name_en for category in gate.categories] == ["VIP guest"]
    page = BeautifulSoup(
        client.get(f"/manage/{event.acronym}/checkin/gates/{gate.id}").data, "html.parser"
    )
    assert page.select_one('input[name="kind"][checked]')["value"] == "vip"
    assert [box["value"] for box in page.select('input[name="categories"][checked]')] == [
        str(gate.categories[0].id)
    ]
