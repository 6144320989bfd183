"""Exports validated against the frab/c3voc schemas, iCalendar parsed back, and conditional GETs."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import icalendar
import jsonschema
import pytest
import xmlschema

from tests.schedule.helpers import FORMATS, at, place, publish


@pytest.fixture(scope="module")
def json_schema():
    return json.loads((FORMATS / "schedule.schema.json").read_text())


@pytest.fixture(scope="module")
def xml_schema():
    return xmlschema.XMLSchema(str(FORMATS / "schedule.xml.xsd"))


@pytest.fixture
def published(app, program):
    s, r = program["sessions"], program["rooms"]
    place(app, program["event"], s["opening"], r["Main Hall"], at(1, 9))
    place(app, program["event"], s["rail"], r["Room B"], at(1, 10))
    place(app, program["event"], s["grid"], r["Main Hall"], at(2, 14))
    place(app, program["event"], s["lunch"], r["Main Hall"], at(1, 12))
    publish(app, program["event"], "1.0")
    return program


def test_json_export_is_valid_frab(client, published, json_schema):
    response = client.get("/wscs2027/schedule.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = json.loads(response.get_data())
    jsonschema.validate(
        document, json_schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "wscs2027"
    assert conference["time_zone_name"] == "Asia/Bangkok"
    assert [day["date"] for day in conference["days"]] == ["2027-01-26", "2027-01-27", "2027-01-28"]
    day_one = conference["days"][0]["rooms"]
    assert list(day_one) == ["Main Hall", "Room B", "Room C"]
    opening = day_one["Main Hall"][0]
    assert opening["code"] == "OPEN01"
    assert opening["date"] == "2027-01-26T09:00:00+07:00"
    assert opening["start"] == "09:00"
    assert opening["duration"] == "00:45"
    assert opening["subtitle"] == "ปาฐกถาเปิดงาน"
    assert opening["persons"][0]["name"] == "Ana Lim"
    assert opening["url"].endswith("/wscs2027/sessions/OPEN01/")
    assert conference["days"][1]["rooms"]["Main Hall"][0]["code"] == "GRID03"


def test_xml_export_is_valid_frab(client, published, xml_schema):
    response = client.get("/wscs2027/schedule.xml")
    assert response.mimetype == "application/xml"
    xml_schema.validate(response.get_data(as_text=True))
    document = xml_schema.to_dict(response.get_data(as_text=True))
    assert [day["@index"] for day in document["day"]] == [1, 2, 3]
    events = [e for room in document["day"][0]["room"] for e in room.get("event", [])]
    assert sorted(e["@code"] for e in events) == ["LUNCH4", "OPEN01", "RAIL02"]


def test_ics_export_parses_back_with_the_right_times(client, published):
    response = client.get("/wscs2027/schedule.ics")
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.get_data())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 4
    opening = next(e for e in events.values() if str(e["SUMMARY"]).startswith("Opening"))
    assert opening.decoded("DTSTART") == datetime(2027, 1, 26, 2, 0, tzinfo=UTC)
    assert opening.decoded("DTEND") == datetime(2027, 1, 26, 2, 45, tzinfo=UTC)
    assert "Main Hall" in str(opening["LOCATION"])


def test_uids_and_guids_stay_the_same_across_releases(app, client, published):
    first_ics = icalendar.Calendar.from_ical(client.get("/wscs2027/schedule.ics").get_data())
    first_json = json.loads(client.get("/wscs2027/schedule.json").get_data())
    place(app, "wscs2027", published["sessions"]["rail"], published["rooms"]["Room C"], at(3, 9))
    publish(app, "wscs2027", "1.1")
    second_ics = icalendar.Calendar.from_ical(client.get("/wscs2027/schedule.ics").get_data())
    second_json = json.loads(client.get("/wscs2027/schedule.json").get_data())
    assert {str(e["UID"]) for e in first_ics.walk("VEVENT")} == {
        str(e["UID"]) for e in second_ics.walk("VEVENT")
    }

    def guids(document):
        rooms = {room["name"]: room["guid"] for room in document["schedule"]["conference"]["rooms"]}
        events = {
            e["code"]: e["guid"]
            for day in document["schedule"]["conference"]["days"]
            for entries in day["rooms"].values()
            for e in entries
        }
        return rooms, events

    assert guids(first_json) == guids(second_json)


def test_session_ics_holds_one_event(client, published):
    response = client.get("/wscs2027/sessions/RAIL02.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.get_data())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Khon Kaen light rail / รถไฟฟ้ารางเบาขอนแก่น"
    assert event.decoded("DTSTART") == datetime(2027, 1, 26, 3, 0, tzinfo=UTC)
    assert client.get("/wscs2027/sessions/NOPE99.ics").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/wscs2027/schedule.json",
        "/wscs2027/schedule.xml",
        "/wscs2027/schedule.ics",
        "/wscs2027/sessions/OPEN01.ics",
        "/wscs2027/schedule/v/1.0/schedule.json",
    ],
)
def test_exports_answer_304_to_a_matching_etag(client, published, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert "max-age=" in first.headers["Cache-Control"]
    assert "public" in first.headers["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    since = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_etag_changes_with_a_new_release(app, client, published):
    first = client.get("/wscs2027/schedule.json").headers["ETag"]
    publish(app, "wscs2027", "1.1")
    response = client.get("/wscs2027/schedule.json", headers={"If-None-Match": first})
    assert response.status_code == 200
    assert response.headers["ETag"] != first


def test_exports_are_404_before_anything_is_published(client, program):
    for path in ("/wscs2027/schedule.json", "/wscs2027/schedule.xml", "/wscs2027/schedule.ics"):
        assert client.get(path).status_code == 404
    assert client.get("/wscs2027/schedule/v/9.9/schedule.json").status_code == 404


def test_exports_come_gzipped_to_clients_that_accept_it(client, published):
    import gzip

    plain = client.get("/wscs2027/schedule.json")
    packed = client.get("/wscs2027/schedule.json", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 3
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(
        "/wscs2027/schedule.json",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304


@pytest.fixture
def beyond_the_days(app, program):
    """Sessions before, after and between the event's days (26-28 January): one after midnight
    following the last day, one the day before the event, one two days after it."""
    s, r = program["sessions"], program["rooms"]
    place(app, program["event"], s["opening"], r["Main Hall"], at(1, 9))
    place(app, program["event"], s["rail"], r["Room B"], at(4, 0, 30))  # 29 Jan, 00:30
    place(app, program["event"], s["grid"], r["Main Hall"], at(5, 10))  # 30 Jan
    place(app, program["event"], s["lunch"], r["Main Hall"], at(0, 12))  # 25 Jan
    publish(app, program["event"], "1.0")
    return program


def exported_codes(client) -> dict[str, list[str]]:
    document = json.loads(client.get("/wscs2027/schedule.json").get_data())
    json_codes = [
        e["code"]
        for day in document["schedule"]["conference"]["days"]
        for entries in day["rooms"].values()
        for e in entries
    ]
    xml = client.get("/wscs2027/schedule.xml").get_data(as_text=True)
    import re

    xml_codes = re.findall(r'<event guid="[^"]+" id="\d+" code="([A-Z0-9]{6})"', xml)
    calendar = icalendar.Calendar.from_ical(client.get("/wscs2027/schedule.ics").get_data())
    ics_codes = [str(e["URL"]).rstrip("/").rsplit("/", 1)[1] for e in calendar.walk("VEVENT")]
    return {"json": sorted(json_codes), "xml": sorted(xml_codes), "ics": sorted(ics_codes)}


def test_every_session_is_in_every_export_whatever_its_day(
    app, client, beyond_the_days, json_schema, xml_schema
):
    from sqlalchemy import select

    from showcase.extensions import db
    from showcase.schedule.models import ScheduleRelease

    everything = sorted(["OPEN01", "RAIL02", "GRID03", "LUNCH4"])
    assert exported_codes(client) == {"json": everything, "xml": everything, "ics": everything}
    with app.app_context():
        assert db.session.scalar(select(ScheduleRelease.session_count)) == 4

    document = json.loads(client.get("/wscs2027/schedule.json").get_data())
    jsonschema.validate(
        document, json_schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    conference = document["schedule"]["conference"]
    days = conference["days"]
    assert [day["date"] for day in days] == [
        "2027-01-25",
        "2027-01-26",
        "2027-01-27",
        "2027-01-28",
        "2027-01-30",
    ]
    assert [day["index"] for day in days] == [1, 2, 3, 4, 5]
    assert conference["daysCount"] == 5
    assert (conference["start"], conference["end"]) == ("2027-01-25", "2027-01-30")
    # After midnight and before the day change (04:00), a session belongs to the night before.
    [night] = days[3]["rooms"]["Room B"]
    assert (night["code"], night["date"], night["start"]) == (
        "RAIL02",
        "2027-01-29T00:30:00+07:00",
        "00:30",
    )
    assert days[3]["day_end"] == "2027-01-29T01:00:00+07:00"

    xml = client.get("/wscs2027/schedule.xml").get_data(as_text=True)
    xml_schema.validate(xml)
    parsed = xml_schema.to_dict(xml)
    assert [day["@date"] for day in parsed["day"]] == [day["date"] for day in days]


def test_public_pages_show_sessions_beyond_the_event_days(client, beyond_the_days):
    import re

    listing = client.get("/wscs2027/schedule/?view=list").get_data(as_text=True)
    titles = re.findall(r'class="session-title h6 mb-1"><a [^>]+>([^<]+)</a>', listing)
    assert titles == ["Lunch", "Opening keynote", "Khon Kaen light rail", "Smart grids in Phuket"]
    night = client.get("/wscs2027/schedule/?day=2027-01-28").get_data(as_text=True)
    assert "00:30–01:00" in night and "Khon Kaen light rail" in night
    assert 'href="/wscs2027/schedule/?view=grid&amp;day=2027-01-30"' in night
    # Without a day asked for, the page opens on the event's first day, not the day before.
    assert '<h2 class="h4">Tuesday 26 January 2027</h2>' in client.get(
        "/wscs2027/schedule/"
    ).get_data(as_text=True)
    later = client.get("/wscs2027/schedule/?day=2027-01-30").get_data(as_text=True)
    assert "Saturday 30 January 2027" in later and "Smart grids in Phuket" in later
    printed = client.get("/wscs2027/schedule/print/").get_data(as_text=True)
    assert printed.count("<table") == 5


def test_ics_categories_carry_the_track_name_as_the_json_does(client, published):
    document = json.loads(client.get("/wscs2027/schedule.json").get_data())
    tracks = {
        e["code"]: e["track"]
        for day in document["schedule"]["conference"]["days"]
        for entries in day["rooms"].values()
        for e in entries
    }
    calendar = icalendar.Calendar.from_ical(client.get("/wscs2027/schedule.ics").get_data())
    categories = {
        str(e["URL"]).rstrip("/").rsplit("/", 1)[1]: [str(c) for c in e["CATEGORIES"].cats]
        for e in calendar.walk("VEVENT")
        if "CATEGORIES" in e
    }
    assert tracks["OPEN01"] == tracks["RAIL02"] != "mobility"
    assert categories == {"OPEN01": [tracks["OPEN01"]], "RAIL02": [tracks["RAIL02"]]}


def sequences(client, path="/wscs2027/schedule.ics") -> dict[str, int]:
    calendar = icalendar.Calendar.from_ical(client.get(path).get_data())
    return {
        str(e["URL"]).rstrip("/").rsplit("/", 1)[1]: int(e["SEQUENCE"])
        for e in calendar.walk("VEVENT")
    }


def test_a_moved_sessions_sequence_grows_from_one_release_to_the_next(app, client, published):
    s, r = published["sessions"], published["rooms"]
    assert sequences(client) == {"OPEN01": 0, "RAIL02": 0, "GRID03": 0, "LUNCH4": 0}
    place(app, "wscs2027", s["rail"], r["Room C"], at(1, 10))  # another room
    publish(app, "wscs2027", "1.1")
    assert sequences(client) == {"OPEN01": 0, "RAIL02": 1, "GRID03": 0, "LUNCH4": 0}
    publish(app, "wscs2027", "1.2")  # nothing moved
    assert sequences(client) == {"OPEN01": 0, "RAIL02": 1, "GRID03": 0, "LUNCH4": 0}
    place(app, "wscs2027", s["rail"], r["Room C"], at(1, 15))  # later
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 8))  # earlier
    publish(app, "wscs2027", "1.3")
    moved = sequences(client)
    assert moved["RAIL02"] > 1 and moved["OPEN01"] > 0
    assert (moved["GRID03"], moved["LUNCH4"]) == (0, 0)
    assert sequences(client, "/wscs2027/sessions/RAIL02.ics") == {"RAIL02": moved["RAIL02"]}
    # The older release keeps what it published.
    assert sequences(client, "/wscs2027/schedule/v/1.1/schedule.ics")["RAIL02"] == 1
