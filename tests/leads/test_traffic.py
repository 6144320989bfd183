"""Booth traffic for the organisers: visitors scanned per booth per hour (the event's time), on
the floor plan and in a table; a visitor scanned twice at a booth counts once."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bs4 import BeautifulSoup

from showcase.core.db import unit_of_work
from showcase.leads import services
from tests import factories
from tests.leads.helpers import exhibitor, payload, visitor


def test_traffic_counts_visitors_per_booth_per_hour_on_the_plan_and_in_the_table(
    ctx, client, login
):
    event = factories.event()
    khon_kaen = exhibitor(event)
    phuket = exhibitor(event, ("Phuket", "ภูเก็ต"), code="A-02")
    exhibitor(event, ("Rayong", "ระยอง"), code="A-03")  # scanned nobody
    people = [
        visitor(event, f"Visitor {n}", f"visitor{n}@example.org", share=n % 2 == 0)
        for n in range(4)
    ]
    contact = services.contact_scanner(event, khon_kaen.secret)
    other = services.contact_scanner(event, phuket.secret)
    nine = datetime(2027, 1, 26, 2, 10, tzinfo=UTC)  # 09:10 in Bangkok
    ten = datetime(2027, 1, 26, 3, 40, tzinfo=UTC)  # 10:40
    for scanner, person, moment in (
        (contact, people[0], nine),
        (contact, people[1], nine),
        (contact, people[2], ten),
        (contact, people[0], ten),  # again: the same visit
        (other, people[3], ten),
    ):
        with unit_of_work():
            services.scan(scanner, payload(person), now=moment)
    counts = services.traffic(event)
    assert [hour.strftime("%H:%M") for hour in counts.hours] == ["09:00", "10:00"]
    assert {code: dict(by_hour) for code, by_hour in counts.by_booth.items()} == {
        "A-01": {counts.hours[0]: 2, counts.hours[1]: 1},
        "A-02": {counts.hours[1]: 1},
    }

    login("organiser")
    response = client.get(f"/manage/{event.acronym}/booths/traffic/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    plan = soup.select_one("svg.floorplan-svg")
    numbers = {
        group["data-code"]: group.select_one("text.booth-count").get_text()
        for group in plan.select("g.booth")
    }
    assert numbers == {"A-01": "3", "A-02": "1", "A-03": "0"}
    assert "3 visitors scanned" in plan.select_one("#traffic-booth-A-01 title").get_text()
    table = soup.select_one("table.traffic-table")
    rows = [
        [re.sub(r"\s+", " ", cell.get_text()).strip() for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]
    assert rows == [["A-01", "Khon Kaen", "2", "1", "3"], ["A-02", "Phuket", "", "1", "1"]]
    headers = [cell.get_text() for cell in table.select("thead th")][2:4]
    assert all(header.endswith(("09:00 ICT", "10:00 ICT")) for header in headers)


def test_traffic_is_for_organisers_only(ctx, client, login):
    event = factories.event()
    url = f"/manage/{event.acronym}/booths/traffic/"
    assert client.get(url).status_code == 302
    login("checkin")
    assert client.get(url).status_code == 403
