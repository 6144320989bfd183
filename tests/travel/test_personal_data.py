"""Travel details are personal data: in the person's data download, erased with the person,
purged by ``flask showcase purge`` when the event's retention ends (the registration itself
stays), and shown only to organisers and administrators."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.registration.models import Registration
from showcase.travel.models import TravelPlan
from showcase.travel.services.plans import plan_of
from showcase.travel.services.settings import purge_date, update_settings
from tests import factories
from tests.forms import RenderedForm
from tests.registration.helpers import manage_secret
from tests.travel.helpers import give_plan


def test_data_download_holds_the_travel_details(client, trip):
    give_plan(trip.aiko, hotel="other", hotel_other="Novotel Bangkok Sukhumvit 20")
    secret = manage_secret(trip.aiko)
    response = client.get(f"/{trip.event.acronym}/registration/{secret}/data.json")
    travel = json.loads(response.get_data(as_text=True))["travel"]
    assert travel["arrival"] == {
        "date": "2027-01-25",
        "time_utc": "2027-01-25T08:40:00+00:00",
        "flight": "TG661",
        "airport": "BKK",
        "airport_other": None,
        "transfer": True,
    }
    assert travel["departure"]["flight"] == "TG682"
    assert (travel["hotel"], travel["given_by"]) == ("Novotel Bangkok Sukhumvit 20", "registrant")


def test_data_download_without_travel_says_none(client, trip):
    secret = manage_secret(trip.aiko)
    response = client.get(f"/{trip.event.acronym}/registration/{secret}/data.json")
    assert json.loads(response.get_data(as_text=True))["travel"] is None


def test_erasing_the_registration_erases_the_travel_details(client, trip):
    give_plan(trip.aiko, hotel=str(trip.sheraton.id))
    secret = manage_secret(trip.aiko)
    form = RenderedForm.get(client, f"/{trip.event.acronym}/registration/{secret}/erase")
    form.check("Yes, I am sure")
    response = form.submit()
    assert response.status_code == 200
    assert plan_of(db.session.get(Registration, trip.aiko.id)) is None
    assert db.session.scalar(select(func.count()).select_from(TravelPlan)) == 0


def test_purge_after_retention_deletes_travel_and_keeps_the_registrations(app, runner, trip):
    # Last October's event (6-8 October 2026), kept ten days: its travel details are due.
    past = factories.event("wscs2026", starts_on=date(2026, 10, 6))
    delegate = factories.registration_category(past, "delegate")
    went = [
        factories.registration(
            past,
            trip.yokohama,
            delegate,
            confirm=True,
            email=f"{name}@yokohama.example",
            full_name=name.title(),
        )
        for name in ("aiko", "kenji")
    ]
    for registration in went:
        give_plan(registration, arrival_date=date(2026, 10, 5), departure_date=date(2026, 10, 9))
    with unit_of_work():
        update_settings(past, 10)
    assert purge_date(past) == date(2026, 10, 19)  # 8 October + 10 days, then the next day
    # The coming event's travel details stay.
    give_plan(trip.aiko)
    # The test database's tables come from the models; the command wants a migrated one.
    assert runner.invoke(args=["db", "stamp", "head"]).exit_code == 0

    result = runner.invoke(args=["showcase", "purge"])

    assert result.exit_code == 0, result.output
    assert "Travel details: 2 purged" in result.output
    db.session.expire_all()
    assert [plan_of(db.session.get(Registration, r.id)) for r in went] == [None, None]
    assert plan_of(db.session.get(Registration, trip.aiko.id)) is not None
    kenji = db.session.get(Registration, went[1].id)
    assert (kenji.full_name, kenji.state.value, kenji.email) == (
        "Kenji",
        "confirmed",
        "kenji@yokohama.example",
    )
    assert "Travel details: 0 purged" in runner.invoke(args=["showcase", "purge"]).output


def test_purge_keeps_travel_until_the_retention_has_ended(trip):
    from datetime import UTC, datetime

    from showcase.travel.services.settings import purge_travel

    give_plan(trip.aiko)
    with unit_of_work():
        update_settings(trip.event, 30)
    # 27 February 2027 is the 30th day after the event's end: still kept, in Bangkok as in UTC.
    with unit_of_work():
        assert purge_travel(datetime(2027, 2, 27, 16, 59, tzinfo=UTC)) == 0
    with unit_of_work():
        assert purge_travel(datetime(2027, 2, 27, 17, 0, tzinfo=UTC)) == 1  # 28 Feb 00:00 ICT


def test_retention_setting_is_kept_and_refuses_nonsense(client, trip, login):
    login("organiser")
    url = f"/manage/{trip.event.acronym}/travel/settings"
    form = RenderedForm.get(client, url)
    assert form.value("Keep travel details for this many days after the event") == "30"
    form.fill("Keep travel details for this many days after the event", "-5")
    response = form.submit()
    assert response.status_code == 400
    assert "Give a number of days from 0 to 3650." in response.get_data(as_text=True)
    again = RenderedForm.from_response(client, response, url)
    again.fill("Keep travel details for this many days after the event", "14")
    response = again.submit()
    assert response.status_code == 303
    assert "travel details are deleted from 12 February 2027" in client.get(url).get_data(
        as_text=True
    )


def test_only_organisers_and_admins_see_travel_details(app, trip, login):
    give_plan(trip.aiko, hotel=str(trip.sheraton.id))
    pages = [
        f"/manage/{trip.event.acronym}/travel/",
        f"/manage/{trip.event.acronym}/travel/arrivals",
        f"/manage/{trip.event.acronym}/travel/arrivals.csv",
        f"/manage/{trip.event.acronym}/travel/hotels",
        f"/manage/{trip.event.acronym}/travel/registrations/{trip.aiko.id}",
    ]
    for role, status in (("checkin", 403), ("reviewer", 403), ("organiser", 200), ("admin", 200)):
        client = app.test_client()
        login(role, target=client)
        assert [client.get(page).status_code for page in pages] == [status] * len(pages), role


def test_a_substituted_members_travel_goes_with_them(trip):
    from showcase.delegations.models import Delegation
    from showcase.delegations.services import members
    from tests.delegations.helpers import add, approved_delegation

    delegation = approved_delegation(trip.event, trip.yokohama)
    member = add(delegation, trip.delegate, "Takeharu Yamanaka")
    give_plan(member, "coordinator", hotel=str(trip.sheraton.id))
    with unit_of_work(lock=True):
        members.substitute(
            db.session.get(Delegation, delegation.id),
            member.id,
            {"full_name": "Kenji Sato", "language": "en"},
        )
    replaced = db.session.get(Registration, member.id)
    assert replaced.full_name == "Kenji Sato"
    assert plan_of(replaced) is None
