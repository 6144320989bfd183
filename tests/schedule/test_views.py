"""The builder's endpoints (JSON with CSRF, the no-JavaScript forms, permissions) and the public
pages in both languages."""

from __future__ import annotations

import re

import pytest

from showcase.core.db import unit_of_work
from showcase.extensions import db
from tests.schedule.helpers import at, place, publish

BUILDER = "/manage/wscs2027/schedule/"


def csrf_from(client) -> str:
    page = client.get(BUILDER).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def test_builder_needs_an_organiser(client, program, login):
    assert client.get(BUILDER).status_code == 302
    login("reviewer")
    assert client.get(BUILDER).status_code == 403
    assert client.post(BUILDER + "api/place", json={}).status_code in (400, 403)


def test_json_place_saves_at_once_and_returns_conflicts(app, client, program, login):
    login("organiser")
    app.config["WTF_CSRF_ENABLED"] = True  # as in production, once signed in
    token = csrf_from(client)
    s, r = program["sessions"], program["rooms"]
    body = {
        "session_id": s["opening"],
        "room_id": r["Main Hall"],
        "starts_at": "2027-01-26T09:00",
        "day": "2027-01-26",
        "step": 15,
    }
    refused = client.post(BUILDER + "api/place", json=body)
    assert refused.status_code == 400  # no CSRF token
    response = client.post(BUILDER + "api/place", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    data = response.get_json()
    assert data["ok"] is True
    assert data["conflicts"] == []
    assert "Opening keynote" in data["html"]["grid"]
    assert "Opening keynote" not in data["html"]["unscheduled"]

    body.update(session_id=s["grid"], room_id=r["Room B"], starts_at="2027-01-26T09:30")
    data = client.post(BUILDER + "api/place", json=body, headers={"X-CSRFToken": token}).get_json()
    assert [(c["kind"], c["severity"], c["codes"]) for c in data["conflicts"]] == [
        ("speaker_overlap", "warning", ["OPEN01", "GRID03"])
    ]

    body.update(session_id=s["rail"], room_id=r["Main Hall"], starts_at="2027-01-26T09:40")
    clash = client.post(BUILDER + "api/place", json=body, headers={"X-CSRFToken": token})
    assert clash.status_code == 409
    assert clash.get_json()["message"] == "Main Hall already has “Opening keynote” at that time."

    body.update(starts_at="2027-01-26T09:42")
    off_step = client.post(BUILDER + "api/place", json=body, headers={"X-CSRFToken": token})
    assert off_step.status_code == 400
    assert off_step.get_json()["message"] == "Start times are on a 5-minute step."

    back = client.post(
        BUILDER + "api/unschedule", json={"session_id": s["grid"]}, headers={"X-CSRFToken": token}
    )
    assert back.get_json()["conflicts"] == []
    assert "Smart grids in Phuket" in back.get_json()["html"]["unscheduled"]


def test_json_place_rejects_nonsense(client, program, login):
    login("organiser")
    for body in (
        {},
        {"session_id": "x"},
        {"session_id": 99999, "room_id": 1, "starts_at": "2027-01-26T09:00"},
        [1, 2],
    ):
        response = client.post(BUILDER + "api/place", json=body)
        assert response.status_code == 400, body
        assert response.get_json()["message"]


def test_no_javascript_form_places_and_unschedules(client, program, login):
    login("organiser")
    s, r = program["sessions"], program["rooms"]
    response = client.post(
        BUILDER + "place?day=2027-01-27&step=15",
        data={"session_id": s["rail"], "room_id": r["Room C"], "starts_at": "2027-01-27T14:00"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"?day=2027-01-27&step=15#placed-{s['rail']}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Placed “Khon Kaen light rail”." in page
    assert "14:00–14:30" in page
    response = client.post(BUILDER + "unschedule?day=2027-01-27", data={"session_id": s["rail"]})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The session is back in the unscheduled list." in page
    assert f'id="placed-{s["rail"]}"' not in page


def test_builder_marks_accepted_sessions_unconfirmed(client, program, login):
    login("organiser")
    page = client.get(BUILDER).get_data(as_text=True)
    card = page[page.index(f'id="card-{program["sessions"]["maybe"]}"') :]
    assert "unconfirmed" in card[: card.index("</details>")]


def test_publish_page_refuses_a_room_conflict_and_shows_warnings(app, client, program, login):
    from showcase.extensions import db
    from showcase.program.models import ProgramSession

    login("organiser")
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    place(app, "wscs2027", s["grid"], r["Main Hall"], at(1, 10))
    with app.app_context():
        db.session.get(ProgramSession, s["opening"]).duration_minutes = 90
        db.session.commit()
    page = client.get(BUILDER + "publish").get_data(as_text=True)
    assert "Fix the room conflicts first" in page
    assert "Two sessions in one room" in page
    response = client.post(BUILDER + "publish", data={"version": "1.0"})
    assert response.status_code == 400
    assert "Fix the room conflicts first" in response.get_data(as_text=True)
    assert client.get("/wscs2027/schedule.json").status_code == 404


def test_publish_page_publishes_with_the_suggested_version(app, client, program, login):
    login("organiser")
    place(app, "wscs2027", program["sessions"]["opening"], program["rooms"]["Main Hall"], at(1, 9))
    assert 'value="1.0"' in client.get(BUILDER + "publish").get_data(as_text=True)
    response = client.post(BUILDER + "publish", data={"version": "1.0", "comment_en": "Hello"})
    assert response.status_code == 303
    page = client.get(BUILDER + "publish").get_data(as_text=True)
    assert "Version 1.0 is published." in page
    assert 'value="1.1"' in page
    again = client.post(BUILDER + "publish", data={"version": "1.0"})
    assert "Version 1.0 is already published." in again.get_data(as_text=True)


@pytest.fixture
def published(app, program):
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    place(app, "wscs2027", s["rail"], r["Room B"], at(1, 10))
    place(app, "wscs2027", s["grid"], r["Room C"], at(2, 14))
    place(app, "wscs2027", s["lunch"], r["Main Hall"], at(1, 12))
    publish(app, "wscs2027", "1.0")
    return program


def test_schedule_page_before_publishing(client, program):
    response = client.get("/wscs2027/schedule/")
    assert response.status_code == 200
    assert "The schedule has not been published yet." in response.get_data(as_text=True)


def test_schedule_grid_and_list(client, published):
    page = client.get("/wscs2027/schedule/?day=2027-01-26").get_data(as_text=True)
    assert "Tuesday 26 January 2027" in page
    assert "09:00–09:45" in page
    assert "Smart grids in Phuket" not in page  # on the second day
    listing = client.get("/wscs2027/schedule/?view=list").get_data(as_text=True)
    assert listing.index("Opening keynote") < listing.index("Khon Kaen light rail")
    assert listing.index("Khon Kaen light rail") < listing.index("Smart grids in Phuket")
    assert "All times are in the event&#39;s timezone (ICT (UTC+7))." in listing.replace(
        "'", "&#39;"
    )
    assert '09:00</time>–<time datetime="2027-01-26T02:45:00+00:00">09:45</time> ICT' in listing


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("track=mobility", ["Opening keynote", "Khon Kaen light rail"]),
        ("type=break", ["Lunch"]),
        ("language=th", ["Khon Kaen light rail"]),
        ("q=phuket", ["Smart grids in Phuket"]),
        ("q=somchai", ["Khon Kaen light rail"]),
        ("q=nothing+like+this", []),
    ],
)
def test_schedule_filters(client, published, query, expected):
    page = client.get(f"/wscs2027/schedule/?view=list&{query}").get_data(as_text=True)
    titles = re.findall(r'class="session-title h6 mb-1"><a [^>]+>([^<]+)</a>', page)
    assert titles == expected


def test_schedule_filter_by_room(client, published):
    import json

    rooms = json.loads(client.get("/wscs2027/schedule.json").get_data())["schedule"]["conference"]
    guid = next(room["guid"] for room in rooms["rooms"] if room["name"] == "Room B")
    page = client.get(f"/wscs2027/schedule/?view=list&room={guid}").get_data(as_text=True)
    assert re.findall(r'class="session-title h6 mb-1"><a [^>]+>([^<]+)</a>', page) == [
        "Khon Kaen light rail"
    ]


def test_unknown_filters_are_ignored(client, published):
    page = client.get("/wscs2027/schedule/?view=list&track=nope&type=<x>&day=1999-01-01")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('class="session-item') == 4


def test_schedule_in_thai(client, published):
    client.set_cookie("showcase_lang", "th")
    page = client.get("/wscs2027/schedule/?view=list").get_data(as_text=True)
    assert "รถไฟฟ้ารางเบาขอนแก่น" in page
    assert "ปาฐกถาเปิดงาน" in page
    session = client.get("/wscs2027/sessions/RAIL02/").get_data(as_text=True)
    assert "สมชาย ใจดี" in session
    assert "ห้อง บี" in session


def test_session_page(client, published):
    page = client.get("/wscs2027/sessions/RAIL02/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Khon Kaen light rail" in text
    assert "Room B" in text
    assert "/wscs2027/sessions/RAIL02.ics" in text
    assert 'href="/wscs2027/speakers/SPKSOM/"' in text
    assert client.get("/wscs2027/sessions/rail02/").status_code == 301
    assert client.get("/wscs2027/sessions/MAYBE5/").status_code == 404  # never public


@pytest.mark.parametrize(
    ("at_time", "now", "upcoming"),
    [
        ("2027-01-26T09:10:00+07:00", ["Opening keynote"], ["Khon Kaen light rail", "Lunch"]),
        ("2027-01-26T09:45:00+07:00", [], ["Khon Kaen light rail", "Lunch"]),
        ("2027-01-26T13:30:00+07:00", [], ["Smart grids in Phuket"]),
        ("2027-01-29T09:00:00+07:00", [], []),
    ],
)
def test_now_and_next(client, published, at_time, now, upcoming):
    from urllib.parse import quote

    page = client.get(f"/wscs2027/schedule/now/?at={quote(at_time)}").get_data(as_text=True)
    on_now, _, up_next = page.partition('id="next-heading"')
    titles = r'class="session-title h6 mb-1"><a [^>]+>([^<]+)</a>'
    assert re.findall(titles, on_now) == now
    assert re.findall(titles, up_next) == upcoming


def test_print_view_lists_every_day(client, published):
    page = client.get("/wscs2027/schedule/print/").get_data(as_text=True)
    assert page.count("<table") == 3
    assert "Smart grids in Phuket" in page


def test_speaker_page_shows_scheduled_sessions(client, published):
    page = client.get("/wscs2027/speakers/SPKANA/").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", page)
    assert "In the schedule" in text
    assert "Tue 26 Jan, 09:00–09:45 ICT" in text
    assert "Opening keynote" in text
    assert "Smart grids in Phuket" in text


def test_signed_in_organisers_never_get_the_anonymous_copy(client, published, login):
    anonymous = client.get("/wscs2027/sessions/RAIL02/").get_data(as_text=True)
    assert "Organiser area" not in anonymous
    assert client.get("/wscs2027/sessions/RAIL02/").get_data(as_text=True) == anonymous
    login("organiser")
    assert "Organiser area" in client.get("/wscs2027/sessions/RAIL02/").get_data(as_text=True)


def test_feed_is_well_formed_atom_with_escaped_comments(app, client, program):
    from defusedxml import ElementTree

    place(app, "wscs2027", program["sessions"]["opening"], program["rooms"]["Main Hall"], at(1, 9))
    publish(app, "wscs2027", "1.0", comment="Rooms <b>&</b> times")
    response = client.get("/wscs2027/schedule/feed.atom")
    root = ElementTree.fromstring(response.get_data())
    atom = "{http://www.w3.org/2005/Atom}"
    [entry] = root.findall(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == "Version 1.0"
    assert entry.findtext(f"{atom}summary") == "1 new, 0 moved, 0 cancelled. Rooms <b>&</b> times"
    assert root.findtext(f"{atom}updated") == entry.findtext(f"{atom}updated")


def test_builder_joins_adjacent_windows_and_says_when_the_speaker_is_available(
    app, client, program, login
):
    from showcase.program.models import Speaker
    from showcase.program.services import people

    s, r = program["sessions"], program["rooms"]
    with app.app_context():
        ana = db.session.get(Speaker, program["speakers"]["ana"])
        with unit_of_work(lock=True):
            people.add_speaker_window(ana, at(1, 13), at(1, 14))
            people.add_speaker_window(ana, at(1, 9), at(1, 13))
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 12, 30))  # 12:30-13:15
    place(app, "wscs2027", s["grid"], r["Room B"], at(1, 14))  # 14:00-15:00
    login("organiser")
    page = client.get(BUILDER).get_data(as_text=True)
    assert "Opening keynote” at this time" not in page
    assert (
        "Ana Lim is not available for “Smart grids in Phuket” at this time. "
        "Available: Tue 26 Jan 09:00–14:00 ICT."
    ) in page
    client.set_cookie("showcase_lang", "th")
    page = client.get(BUILDER).get_data(as_text=True)
    assert (
        "Ana Lim ไม่ว่างสำหรับ “Smart grids in Phuket” ในเวลานี้ ว่างในช่วง: อังคาร 26 ม.ค. 09:00–14:00 ICT"
    ) in page


def test_feed_varies_by_language_so_a_shared_cache_keeps_them_apart(app, client, program):
    place(app, "wscs2027", program["sessions"]["opening"], program["rooms"]["Main Hall"], at(1, 9))
    publish(app, "wscs2027", "1.0")
    thai = client.get("/wscs2027/schedule/feed.atom", headers={"Accept-Language": "th"})
    english = client.get("/wscs2027/schedule/feed.atom", headers={"Accept-Language": "en"})
    assert 'xml:lang="th"' in thai.get_data(as_text=True)
    assert 'xml:lang="en"' in english.get_data(as_text=True)
    for response in (thai, english):
        assert "public" in response.headers["Cache-Control"]
        assert {"Accept-Language", "Cookie"} <= set(response.vary), response.headers


@pytest.mark.parametrize(
    "path",
    [
        "/wscs2027/schedule/",
        "/wscs2027/schedule/?view=list",
        "/wscs2027/schedule/v/1.0/",
        "/wscs2027/sessions/RAIL02/",
    ],
)
def test_whole_page_copies_are_kept_per_language(client, published, path):
    first = client.get(path, headers={"Accept-Language": "th"})
    second = client.get(path, headers={"Accept-Language": "en"})
    again = client.get(path, headers={"Accept-Language": "th"})
    assert '<html lang="th">' in first.get_data(as_text=True)
    assert '<html lang="en">' in second.get_data(as_text=True)
    assert again.get_data() == first.get_data()
    for response in (first, second, again):
        assert "public" in response.headers["Cache-Control"]
        assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_now_and_next_lists_what_is_on_in_time_order(app, client, program):
    from urllib.parse import quote

    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["rail"], r["Main Hall"], at(1, 10, 15))  # first room, later
    place(app, "wscs2027", s["grid"], r["Room C"], at(1, 10))  # last room, earlier
    place(app, "wscs2027", s["opening"], r["Room B"], at(1, 10, 5))
    place(app, "wscs2027", s["lunch"], r["Main Hall"], at(1, 12))
    publish(app, "wscs2027", "1.0")
    moment = quote("2027-01-26T10:20:00+07:00")
    page = client.get(f"/wscs2027/schedule/now/?at={moment}").get_data(as_text=True)
    on_now, _, up_next = page.partition('id="next-heading"')
    titles = r'class="session-title h6 mb-1"><a [^>]+>([^<]+)</a>'
    assert re.findall(titles, on_now) == [
        "Smart grids in Phuket",
        "Opening keynote",
        "Khon Kaen light rail",
    ]
    assert re.findall(titles, up_next) == ["Lunch"]
    assert 'http-equiv="refresh"' not in page


def matches_elsewhere(page: str) -> tuple[str, list[tuple[str, str]]] | None:
    found = re.search(r'<p class="matches-elsewhere[^"]*">(.*?)</p>', page, re.S)
    if not found:
        return None
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', found.group(1))
    return text, [(href.replace("&amp;", "&"), label) for href, label in links]


def test_a_search_in_the_grid_says_what_it_finds_on_other_days(client, published):
    page = client.get("/wscs2027/schedule/?day=2027-01-26&q=phuket").get_data(as_text=True)
    assert "No session matches on this day." in page
    assert matches_elsewhere(page) == (
        "1 match on another day: Wed 27 Jan (1)",
        [("/wscs2027/schedule/?q=phuket&view=grid&day=2027-01-27", "Wed 27 Jan (1)")],
    )
    page = client.get("/wscs2027/schedule/?day=2027-01-28&q=a").get_data(as_text=True)
    assert matches_elsewhere(page) == (
        "4 matches on other days: Tue 26 Jan (3), Wed 27 Jan (1)",
        [
            ("/wscs2027/schedule/?q=a&view=grid&day=2027-01-26", "Tue 26 Jan (3)"),
            ("/wscs2027/schedule/?q=a&view=grid&day=2027-01-27", "Wed 27 Jan (1)"),
        ],
    )
    # The day's own matches are in its grid, the others only counted; no search, no line.
    page = client.get("/wscs2027/schedule/?day=2027-01-26&q=ana").get_data(as_text=True)
    assert "Opening keynote" in page and "Smart grids in Phuket" not in page
    assert matches_elsewhere(page)[0] == "1 match on another day: Wed 27 Jan (1)"
    assert matches_elsewhere(client.get("/wscs2027/schedule/").get_data(as_text=True)) is None
    client.set_cookie("showcase_lang", "th")
    page = client.get("/wscs2027/schedule/?day=2027-01-28&q=a").get_data(as_text=True)
    assert matches_elsewhere(page)[0] == "พบอีก 4 รายการในวันอื่น: อังคาร 26 ม.ค. (3), พุธ 27 ม.ค. (1)"


def test_builder_shows_a_day_outside_the_event_that_has_a_session(app, client, program, login):
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["lunch"], r["Main Hall"], at(0, 18, 30))  # the evening before
    place(app, "wscs2027", s["rail"], r["Room B"], at(2, 0, 30))  # the night after day 1
    login("organiser")
    page = client.get(BUILDER).get_data(as_text=True)
    assert f"{BUILDER}?day=2027-01-25" in page
    assert "Placed on this day (1)" in page  # it opens on the event's first day
    eve = client.get(BUILDER + "?day=2027-01-25").get_data(as_text=True)
    assert "18:30–19:30" in eve and 'id="session-' + str(s["lunch"]) + '"' in eve
    night = client.get(BUILDER + "?day=2027-01-26").get_data(as_text=True)
    assert 'id="session-' + str(s["rail"]) + '"' in night
    assert "00:30–01:00" in night
