"""The organisers' travel lists: the arrivals manifest and the departures by local day and
airport (the event's zone decides the day and the time shown, on the page and in the CSV), who
stays at which hotel and for how many nights, the transfer totals, and the marks of what is
missing on a registration's organiser page."""

from __future__ import annotations

import csv
import io
from datetime import date, time

from bs4 import BeautifulSoup

from tests import factories
from tests.delegations.helpers import add, approved_delegation
from tests.travel.helpers import give_plan


def _people(trip):
    """Four travellers: Aiko (delegate, Yokohama, TG 661 at 15:40 on the 25th at BKK, Banyan
    Tree), the Yokohama mayor (delegation, NH 805 at 05:35 on the 25th at BKK, Sheraton), Budi
    (FD 3101 at 00:20 on the 26th at DMK: just after midnight, still the 25th in UTC; another
    hotel) and Erik (by road from Vientiane on the 24th; no hotel)."""
    delegation = approved_delegation(trip.event, trip.yokohama)
    mayor = add(
        delegation,
        trip.delegate,
        "Takeharu Yamanaka",
        honorific="H.E.",
        full_name_th="ทาเคฮารุ ยามานากะ",
        is_head=True,
    )
    budi = factories.registration(
        trip.event,
        None,
        trip.delegate,
        confirm=True,
        full_name="Budi Santoso",
        full_name_th="",
        email="budi@jakarta.example",
        other_country="ID",
        other_city="Jakarta",
    )
    erik = factories.registration(
        trip.event,
        None,
        trip.delegate,
        confirm=True,
        full_name="Erik Lindqvist",
        full_name_th="",
        email="erik@goteborg.example",
        other_country="SE",
        other_city="Gothenburg",
    )
    give_plan(trip.aiko, hotel=str(trip.banyan.id))
    give_plan(
        mayor,
        "coordinator",
        arrival_flight="NH805",
        arrival_time=time(5, 35),
        departure_date=date(2027, 1, 30),
        departure_flight="NH806",
        departure_time=time(6, 35),
        departure_transfer=True,
        hotel=str(trip.sheraton.id),
    )
    give_plan(
        budi,
        arrival_date=date(2027, 1, 26),
        arrival_time=time(0, 20),
        arrival_flight="FD3101",
        arrival_airport="DMK",
        departure_flight="",
        departure_time=None,
        hotel="other",
        hotel_other="Novotel Bangkok Sukhumvit 20",
    )
    give_plan(
        erik,
        arrival_date=date(2027, 1, 24),
        arrival_time=None,
        arrival_flight="",
        arrival_airport="other",
        arrival_airport_other="By road from Vientiane",
        arrival_transfer=False,
        departure_date=None,
        departure_time=None,
        departure_flight="",
        departure_airport="",
    )
    return mayor, budi, erik


def _rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all("td")]
        for row in soup.select("table.manifest tbody tr")
    ]


def _headings(response) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [
        " ".join(h.get_text(" ").split()) for h in soup.select(".manifest-day h2, .manifest-day h3")
    ]


def test_arrivals_manifest_of_a_day_lists_each_airport_in_time_order_in_bangkok_time(
    client, trip, login
):
    _people(trip)
    login("organiser")
    response = client.get(f"/manage/{trip.event.acronym}/travel/arrivals?day=2027-01-25")
    assert response.status_code == 200
    assert _headings(response) == [
        "Monday 25 January 2027 · 2 people · 2 transfers",
        "BKK Bangkok Suvarnabhumi · 2 people",
    ]
    assert _rows(response) == [
        [
            "05:35",
            "NH805",
            "H.E. Takeharu Yamanaka",
            "ทาเคฮารุ ยามานากะ",
            "Yokohama (delegation)",
            "Sheraton Grande Sukhumvit",
            "Yes",
        ],
        ["15:40", "TG661", "Aiko Tanaka", "ไอโกะ ทานากะ", "Yokohama", "Banyan Tree Bangkok", "Yes"],
    ]
    body = response.get_data(as_text=True)
    assert "css/travel-print.css" in body
    assert "Times in ICT (UTC+7), the event's time." in body


def test_arrivals_manifest_of_every_day_groups_by_day_then_airport(client, trip, login):
    _people(trip)
    login("organiser")
    response = client.get(f"/manage/{trip.event.acronym}/travel/arrivals")
    assert _headings(response) == [
        "Sunday 24 January 2027 · 1 person · 0 transfers",
        "Other airports and by road · 1 person",
        "Monday 25 January 2027 · 2 people · 2 transfers",
        "BKK Bangkok Suvarnabhumi · 2 people",
        "Tuesday 26 January 2027 · 1 person · 1 transfer",
        "DMK Bangkok Don Mueang · 1 person",
    ]
    assert _rows(response)[0] == [
        "—",
        "By road from Vientiane",
        "Erik Lindqvist",
        "",
        "Gothenburg, Sweden",
        "—",
        "No",
    ]


def test_arrivals_csv_of_a_day_has_the_same_rows_with_date_time_and_zone(client, trip, login):
    _people(trip)
    login("organiser")
    response = client.get(f"/manage/{trip.event.acronym}/travel/arrivals.csv?day=2027-01-26")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="wscs2027-arrivals-2027-01-26.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [
        [
            "date",
            "time",
            "zone",
            "airport",
            "flight",
            "name",
            "name_th",
            "delegation_or_city",
            "hotel",
            "transfer",
            "state",
        ],
        [
            "2027-01-26",
            "00:20",
            "ICT (UTC+7)",
            "DMK Bangkok Don Mueang",
            "FD3101",
            "Budi Santoso",
            "",
            "Jakarta, Indonesia",
            "Novotel Bangkok Sukhumvit 20",
            "yes",
            "confirmed",
        ],
    ]


def test_departures_list_and_csv_by_day(client, trip, login):
    _people(trip)
    login("organiser")
    response = client.get(f"/manage/{trip.event.acronym}/travel/departures")
    assert _headings(response) == [
        "Friday 29 January 2027 · 2 people · 0 transfers",
        "BKK Bangkok Suvarnabhumi · 2 people",
        "Saturday 30 January 2027 · 1 person · 1 transfer",
        "BKK Bangkok Suvarnabhumi · 1 person",
    ]
    assert [row[:3] for row in _rows(response)] == [
        ["22:10", "TG682", "Aiko Tanaka"],
        ["—", "—", "Budi Santoso"],
        ["06:35", "NH806", "H.E. Takeharu Yamanaka"],
    ]
    exported = client.get(f"/manage/{trip.event.acronym}/travel/departures.csv")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(row[0], row[1], row[4], row[5]) for row in rows[1:]] == [
        ("2027-01-29", "22:10", "TG682", "Aiko Tanaka"),
        ("2027-01-29", "", "", "Budi Santoso"),
        ("2027-01-30", "06:35", "NH806", "Takeharu Yamanaka"),
    ]


def test_a_day_that_is_no_date_is_answered_with_a_message(client, trip, login):
    login("organiser")
    response = client.get(f"/manage/{trip.event.acronym}/travel/arrivals?day=2027-02-30")
    assert response.status_code == 400
    assert "Give the day as a date such as 2027-01-25." in response.get_data(as_text=True)
    exported = client.get(f"/manage/{trip.event.acronym}/travel/arrivals.csv?day=tomorrow")
    assert exported.status_code == 400


def test_hotel_lists_say_who_stays_where_and_for_how_many_nights(client, trip, login):
    _people(trip)
    login("organiser")
    response = client.get(f"/manage/{trip.event.acronym}/travel/hotels")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    lists = {
        " ".join(section.h2.get_text(" ").split()): [
            [" ".join(td.get_text(" ").split()) for td in row.find_all("td")]
            for row in section.select("tbody tr")
        ]
        for section in soup.select("section.hotel-list")
    }
    assert lists == {
        "Sheraton Grande Sukhumvit Partner hotel · 1 guest · 5 nights": [
            [
                "Takeharu Yamanaka",
                "ทาเคฮารุ ยามานากะ",
                "Yokohama (delegation)",
                "Mon 25 Jan",
                "Sat 30 Jan",
                "5",
            ],
        ],
        "Banyan Tree Bangkok Partner hotel · 1 guest · 4 nights": [
            ["Aiko Tanaka", "ไอโกะ ทานากะ", "Yokohama", "Mon 25 Jan", "Fri 29 Jan", "4"],
        ],
        "Novotel Bangkok Sukhumvit 20 · 1 guest · 3 nights": [
            ["Budi Santoso", "", "Jakarta, Indonesia", "Tue 26 Jan", "Fri 29 Jan", "3"],
        ],
        "No hotel given · 1 guest · 0 nights · 1 guest's nights unknown": [
            ["Erik Lindqvist", "", "Gothenburg, Sweden", "Sun 24 Jan", "—", "—"],
        ],
    }
    exported = client.get(f"/manage/{trip.event.acronym}/travel/hotels.csv")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [
        "hotel",
        "partner_hotel",
        "name",
        "name_th",
        "delegation_or_city",
        "check_in",
        "check_out",
        "nights",
    ]
    assert rows[1] == [
        "Sheraton Grande Sukhumvit",
        "yes",
        "Takeharu Yamanaka",
        "ทาเคฮารุ ยามานากะ",
        "Yokohama (delegation)",
        "2027-01-25",
        "2027-01-30",
        "5",
    ]


def test_transfer_totals_count_each_day_and_airport_both_ways(client, trip, login):
    _people(trip)
    login("organiser")
    response = client.get(f"/manage/{trip.event.acronym}/travel/")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    table = soup.select_one("table.transfer-totals")
    rows = [
        [" ".join(c.get_text(" ").split()) for c in tr.find_all(["td", "th"])]
        for tr in table.select("tbody tr, tfoot tr")
    ]
    assert rows == [
        ["Mon 25 Jan", "BKK Bangkok Suvarnabhumi", "2", "0"],
        ["Tue 26 Jan", "DMK Bangkok Don Mueang", "1", "0"],
        ["Sat 30 Jan", "BKK Bangkok Suvarnabhumi", "0", "1"],
        ["In all", "3", "1"],
    ]


def test_a_cancelled_registration_leaves_the_lists(client, trip, login):
    from showcase.core.db import unit_of_work
    from showcase.registration.services import registrations
    from showcase.registration.services.states import Actor

    _people(trip)
    with unit_of_work(lock=True):
        registrations.cancel(trip.aiko.id, Actor.REGISTRANT)
    login("organiser")
    response = client.get(f"/manage/{trip.event.acronym}/travel/arrivals?day=2027-01-25")
    assert [row[2] for row in _rows(response)] == ["H.E. Takeharu Yamanaka"]


def test_registration_page_marks_what_is_missing(client, trip, login):
    mayor, budi, erik = _people(trip)
    login("organiser")

    def marks(registration) -> str:
        page = client.get(f"/manage/{trip.event.acronym}/registrations/{registration.id}/")
        assert page.status_code == 200
        found = BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
            ".registration-travel .travel-missing"
        )
        return " ".join(found.get_text(" ").split()) if found else ""

    assert marks(trip.aiko) == ""
    assert marks(mayor) == ""
    assert marks(budi) == "Missing: No departure flight"
    assert marks(erik) == "Missing: No departure date, No hotel"
    with_transfer_only = factories.registration(
        trip.event,
        trip.yokohama,
        trip.delegate,
        confirm=True,
        email="kenji@yokohama.example",
        full_name="Kenji Sato",
    )
    give_plan(
        with_transfer_only,
        arrival_time=None,
        arrival_flight="",
        arrival_airport="",
        arrival_transfer=True,
        hotel=str(trip.sheraton.id),
    )
    assert marks(with_transfer_only) == (
        "Missing: No arrival flight, Transfer wanted but no arrival time, "
        "Transfer wanted but no arrival airport"
    )
    nobody = factories.registration(
        trip.event, trip.yokohama, trip.delegate, confirm=True, email="nobody@yokohama.example"
    )
    assert marks(nobody) == "Missing: No travel details given"
