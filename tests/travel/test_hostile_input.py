"""Hostile input at the travel forms, on SQLite and on PostgreSQL (which refuses what SQLite
keeps: NUL bytes, integers past 2^31): each row is what a person or a script sends and the
message that comes back, on its field, with nothing saved; never a 500. What is stored comes
back escaped in the organisers' lists."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from showcase.core.inputs import REFUSED
from showcase.extensions import db
from showcase.travel.models import TravelPlan
from tests.forms import RenderedForm, field_errors
from tests.registration.helpers import manage_secret

BAD_DATE = "Give a date such as 2027-01-25."
WINDOW = (
    "Give a date from 19 January 2027 to 4 February 2027: from a week before the event to a "
    "week after it."
)
BAD_TIME = "Give a time such as 14:35 (24-hour clock)."
FLIGHT = (
    "Give the flight number as on your ticket, such as TG 661 or FD 3101: the airline's code "
    "and up to four digits."
)
NOT_LISTED = "Choose the airport from the list."
NO_HOTEL = "Choose the hotel from the list."
TOO_LONG = "This is too long."
AFTER = "The departure must come after the arrival."

# (what is sent, the field whose error says so, the message); None: a refusal of the request.
CASES = [
    ({"arrival_flight": "TG\x00661"}, None, str(REFUSED)),
    ({"hotel_other": "Novotel\x00Sukhumvit", "hotel": "other"}, None, str(REFUSED)),
    ({"arrival_date": "\x00"}, None, str(REFUSED)),
    ({"hotel": "2147483648"}, "hotel", NO_HOTEL),
    ({"hotel": "9223372036854775808"}, "hotel", NO_HOTEL),
    ({"hotel": "1" + "0" * 40}, "hotel", NO_HOTEL),
    ({"hotel": "-1"}, "hotel", NO_HOTEL),
    ({"arrival_airport": "2147483648"}, "arrival_airport", NOT_LISTED),
    ({"arrival_date": "99999-01-01"}, "arrival_date", BAD_DATE),
    ({"arrival_date": "2027-02-30"}, "arrival_date", BAD_DATE),
    ({"arrival_date": "25/01/2027"}, "arrival_date", BAD_DATE),
    ({"arrival_date": "2147483648"}, "arrival_date", BAD_DATE),
    ({"arrival_date": "0001-01-01"}, "arrival_date", WINDOW),
    ({"arrival_date": "2570-01-25"}, "arrival_date", WINDOW),  # the Buddhist-era year typed
    ({"departure_date": "9999-12-31"}, "departure_date", WINDOW),
    ({"arrival_time": "25:00"}, "arrival_time", BAD_TIME),
    ({"arrival_time": "9223372036854775808"}, "arrival_time", BAD_TIME),
    ({"arrival_time": "12:60"}, "arrival_time", BAD_TIME),
    ({"arrival_flight": "1" + "0" * 40}, "arrival_flight", FLIGHT),
    ({"arrival_flight": "A" * 6000}, "arrival_flight", FLIGHT),
    ({"arrival_flight": "<script>alert(1)</script>"}, "arrival_flight", FLIGHT),
    ({"departure_flight": "TG661; DROP TABLE travel_plan"}, "departure_flight", FLIGHT),
    (
        {"arrival_airport": "other", "arrival_airport_other": "A" * 6000},
        "arrival_airport_other",
        TOO_LONG,
    ),
    ({"hotel": "other", "hotel_other": "A" * 6000}, "hotel_other", TOO_LONG),
    ({"departure_date": "2027-01-20"}, "departure_date", AFTER),
]
VALID = {
    "arrival_date": "2027-01-25",
    "arrival_time": "15:40",
    "arrival_flight": "TG661",
    "arrival_airport": "BKK",
    "departure_date": "2027-01-29",
    "departure_time": "22:10",
    "departure_flight": "TG682",
    "departure_airport": "BKK",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'showcase-test.db'}"
    return request.getfixturevalue("postgres_schema_url")


def _saved() -> int:
    return db.session.scalar(select(func.count()).select_from(TravelPlan))


def test_hostile_travel_values_get_their_message_and_save_nothing(client, trip):
    url = f"/{trip.event.acronym}/registration/{manage_secret(trip.aiko)}/travel"
    RenderedForm.get(client, url)  # the page a person would have opened
    problems = []
    for sent, field, message in CASES:
        response = client.post(url, data={**VALID, **sent})
        body = response.get_data(as_text=True)
        where = f"{sent!r}"
        if response.status_code != 400:
            problems.append(f"{where}: {response.status_code}")
            continue
        if "<script>alert(1)</script>" in body:
            problems.append(f"{where}: came back unescaped")
        if field is None:
            if message not in body:
                problems.append(f"{where}: no refusal message")
        elif field_errors(response).get(field) != message:
            problems.append(f"{where}: {field_errors(response)!r}")
    assert problems == []
    assert _saved() == 0


def test_stored_odd_text_comes_back_escaped_in_the_lists(client, trip, login):
    url = f"/{trip.event.acronym}/registration/{manage_secret(trip.aiko)}/travel"
    RenderedForm.get(client, url)
    payload = '"><script>alert(1)</script>'
    response = client.post(
        url,
        data={
            **VALID,
            "arrival_airport": "other",
            "arrival_airport_other": payload,
            "hotel": "other",
            "hotel_other": '=HYPERLINK("http://evil.example") ' + payload,
        },
    )
    assert response.status_code == 303
    login("organiser")
    for page in ("arrivals", "hotels", f"registrations/{trip.aiko.id}"):
        body = client.get(f"/manage/{trip.event.acronym}/travel/{page}").get_data(as_text=True)
        assert payload not in body and "&lt;script&gt;" in body, page
    exported = client.get(f"/manage/{trip.event.acronym}/travel/hotels.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in exported


def test_hostile_manifest_days_are_refused_with_a_message(client, trip, login):
    login("organiser")
    for day in ("9999999999-01-01", "2147483648", "2027-13-01", "' OR 1=1 --"):
        response = client.get(
            f"/manage/{trip.event.acronym}/travel/arrivals", query_string={"day": day}
        )
        assert response.status_code == 400, day
        assert "Give the day as a date such as 2027-01-25." in response.get_data(as_text=True)
    response = client.get(f"/manage/{trip.event.acronym}/travel/departures?day=%00")
    assert response.status_code == 400
