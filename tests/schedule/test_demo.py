"""The demo schedule: two releases, every public session in every export, a welcome reception the
evening before the event, and the moved sessions' calendar SEQUENCE."""

from __future__ import annotations

import json
import re

import icalendar
from sqlalchemy import select

from showcase.extensions import db
from showcase.schedule.models import ScheduleRelease


def test_demo_schedule_is_whole_in_every_export(demo):
    app, output = demo
    event = output.split("Event ")[1].split(":")[0]
    with app.app_context():
        first, second = db.session.scalars(
            select(ScheduleRelease).order_by(ScheduleRelease.sequence)
        ).all()
        assert (first.version, second.version) == ("1.0", "1.1")
        moved = {item["code"] for item in second.changes["moved"]}
        assert moved
        count = second.session_count
        starts_on = second.payload["event"]["starts_on"]
    client = app.test_client()
    document = json.loads(client.get(f"/{event}/schedule.json").get_data())
    days = document["schedule"]["conference"]["days"]
    in_json = [e for day in days for entries in day["rooms"].values() for e in entries]
    xml = client.get(f"/{event}/schedule.xml").get_data(as_text=True)
    in_xml = re.findall(r'<event guid="[^"]+" id="\d+" code="([A-Z0-9]{6})"', xml)
    calendar = icalendar.Calendar.from_ical(client.get(f"/{event}/schedule.ics").get_data())
    in_ics = calendar.walk("VEVENT")
    assert len(in_json) == len(in_xml) == len(in_ics) == count
    # The evening before the first day is a day of the schedule of its own.
    assert days[0]["date"] < starts_on
    [reception] = [e for entries in days[0]["rooms"].values() for e in entries]
    assert reception["title"] == "Welcome reception for city delegations"
    assert reception["start"] == "18:30"
    sequences = {str(e["URL"]).rstrip("/").rsplit("/", 1)[1]: int(e["SEQUENCE"]) for e in in_ics}
    assert {code for code, sequence in sequences.items() if sequence} == moved
    assert {sequences[code] for code in moved} == {1}
