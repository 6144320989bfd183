"""Organisers keep the partner hotels: add, change (every problem at once), remove one nobody
stays at; a hotel someone stays at stays on the list. The travel form offers them in order."""

from __future__ import annotations

from sqlalchemy import select

from showcase.extensions import db
from showcase.travel.models import PartnerHotel
from tests.forms import RenderedForm, page_errors
from tests.registration.helpers import manage_secret
from tests.travel.helpers import give_plan


def _names(event) -> list[str]:
    return list(
        db.session.scalars(
            select(PartnerHotel.name_en)
            .where(PartnerHotel.event_id == event.id)
            .order_by(PartnerHotel.position, PartnerHotel.name_en)
        )
    )


def test_organiser_adds_a_partner_hotel_that_the_travel_form_then_offers(client, trip, login):
    login("organiser")
    form = RenderedForm.get(client, f"/manage/{trip.event.acronym}/travel/partner-hotels/new")
    form.fill("Name in English", "Grande Centre Point Terminal 21")
    form.fill("Name in Thai", "แกรนด์ เซ็นเตอร์ พอยต์ เทอร์มินอล 21")
    form.fill("Address", "2 Sukhumvit Soi 19, Bangkok 10110")
    form.fill("Getting to the venue", "MRT Sukhumvit, 1 stop")
    form.fill("Position in the list", "0")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    listing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Grande Centre Point Terminal 21 is on the list." in listing
    assert _names(trip.event) == [
        "Grande Centre Point Terminal 21",
        "Sheraton Grande Sukhumvit",
        "Banyan Tree Bangkok",
    ]
    travel = RenderedForm.get(
        client, f"/{trip.event.acronym}/registration/{manage_secret(trip.aiko)}/travel"
    )
    assert travel.options("Hotel") == [
        "Not decided yet",
        "Grande Centre Point Terminal 21",
        "Sheraton Grande Sukhumvit",
        "Banyan Tree Bangkok",
        "Another hotel or place",
    ]
    thai = RenderedForm.get(
        client,
        f"/{trip.event.acronym}/registration/{manage_secret(trip.aiko)}/travel",
        language="th",
    )
    assert thai.options("โรงแรม")[1] == "แกรนด์ เซ็นเตอร์ พอยต์ เทอร์มินอล 21"


def test_a_hotel_without_a_name_or_with_a_name_taken_is_refused(client, trip, login):
    login("organiser")
    form = RenderedForm.get(client, f"/manage/{trip.event.acronym}/travel/partner-hotels/new")
    form.fill("Position in the list", "99999999999")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {
        "Position in the list": ["This number is too large."],
    }
    again = RenderedForm.from_response(
        client, response, f"/manage/{trip.event.acronym}/travel/partner-hotels/new"
    )
    again.fill("Position in the list", "2").fill("Address", "Sathorn")
    response = again.submit()
    assert response.status_code == 400
    assert page_errors(response) == {"Name in English": ["Give the hotel's name in English."]}
    taken = RenderedForm.from_response(
        client, response, f"/manage/{trip.event.acronym}/travel/partner-hotels/new"
    )
    taken.fill("Name in English", "Banyan Tree Bangkok")
    response = taken.submit()
    assert response.status_code == 409
    assert page_errors(response) == {
        "Name in English": ["There is already a partner hotel of this name."]
    }
    assert _names(trip.event) == ["Sheraton Grande Sukhumvit", "Banyan Tree Bangkok"]


def test_organiser_changes_a_hotel(client, trip, login):
    login("organiser")
    url = f"/manage/{trip.event.acronym}/travel/partner-hotels/{trip.banyan.id}/edit"
    form = RenderedForm.get(client, url)
    assert form.value("Name in English") == "Banyan Tree Bangkok"
    form.fill("Phone", "+66 2 679 1200").fill("Position in the list", "-1")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert _names(trip.event) == ["Banyan Tree Bangkok", "Sheraton Grande Sukhumvit"]
    assert db.session.get(PartnerHotel, trip.banyan.id).phone == "+66 2 679 1200"


def test_a_hotel_nobody_stays_at_is_removed_and_one_with_a_guest_stays(client, trip, login):
    give_plan(trip.aiko, hotel=str(trip.sheraton.id))
    login("organiser")
    base = f"/manage/{trip.event.acronym}/travel/partner-hotels"
    listing = RenderedForm.get(client, f"{base}/", form=f"{trip.banyan.id}/delete")
    response = listing.submit()
    assert response.status_code == 303
    assert "Banyan Tree Bangkok is no longer on the list." in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    # The page offers no removal of a hotel with a guest; sent anyway, it is refused.
    page = client.get(f"{base}/").get_data(as_text=True)
    assert "Remove Sheraton Grande Sukhumvit" not in page
    response = client.post(f"{base}/{trip.sheraton.id}/delete")
    assert response.status_code == 303
    assert "1 person stays at Sheraton Grande Sukhumvit, so it stays on the list." in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert _names(trip.event) == ["Sheraton Grande Sukhumvit"]


def test_another_events_hotel_is_not_found(client, trip, login):
    from tests import factories
    from tests.travel.helpers import add_hotel

    other = factories.event("wscs2028", starts_on=trip.event.starts_on.replace(year=2028))
    elsewhere = add_hotel(other, "Hotel of another year")
    login("organiser")
    url = f"/manage/{trip.event.acronym}/travel/partner-hotels/{elsewhere.id}/edit"
    assert client.get(url).status_code == 404
