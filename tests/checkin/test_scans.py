"""The scan endpoint the phone talks to: each scan applied once by its device-made id, every bad
badge a clear red result with the reason (never a 500, nothing recorded twice), conflicts of
scans queued offline reported, the roster holding hashes and nothing secret, the kiosk telling
the attendee about their badge, and the manual search checking in at the gate."""

from __future__ import annotations

import hashlib
import json
import uuid

from sqlalchemy import func, select

from showcase.badges.models import BadgeLayout, PrintReason
from showcase.badges.services import printing
from showcase.checkin.models import Scan, ScanResult
from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.registration.services import organiser
from tests import factories
from tests.badges.helpers import confirmed_people
from tests.checkin.helpers import make_gate, payload, scan_json, send
from tests.forms import RenderedForm


def count(**where) -> int:
    query = select(func.count()).select_from(Scan)
    for name, value in where.items():
        query = query.where(getattr(Scan, name) == value)
    return db.session.scalar(query)


def test_a_scan_checks_a_person_in_and_the_same_scan_sent_again_is_applied_once(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate = make_gate(event, "Gate 1", "main")
    login("checkin")
    scan = scan_json(gate, payload(somchai))

    first = send(client, event, scan).get_json()["results"][0]
    again = send(client, event, scan).get_json()["results"][0]

    assert first["result"] == "admitted" and first["repeated"] is False
    assert first["person"] == {
        "en": "Somchai Jaidee",
        "th": "สมชาย ใจดี",
        "category": "City delegate",
        "head": False,
        "vip": False,
        "city": "Khon Kaen",
    }
    assert again["result"] == "admitted" and again["repeated"] is True
    assert count() == 1 and count(result=ScanResult.ADMITTED) == 1


def test_bad_badges_get_a_red_result_with_the_reason_and_never_a_server_error(ctx, client, login):
    event = factories.event()
    other = factories.event("wscs2028", starts_on=factories.event_values()["starts_on"])
    somchai, pim, *_ = confirmed_people(event)
    (stranger,) = confirmed_people(
        other,
        people=(
            (
                "Haruto Sato",
                "ฮารุโตะ ซาโต้",
                "haruto@yokohama.example",
                ("Yokohama", "โยโกฮามา", "JP"),
            ),
        ),
    )
    with unit_of_work(lock=True):
        organiser.cancel(event, pim.id, "organiser@showcase.example", "no longer comes")
    gate = make_gate(event, "Gate 1", "main")
    login("checkin")
    good = payload(somchai)
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    scans = [
        scan_json(gate, "https://example.org/not-a-badge"),
        scan_json(gate, payload(stranger)),
        scan_json(gate, tampered),
        scan_json(gate, payload(pim)),
        scan_json(gate, "R" + "9" * 40 + "-AAAAAAAAAAAA"),
    ]

    response = send(client, event, *scans)

    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [result["result"] for result in results] == ["refused"] * 5
    not_ours = "Not a badge of this event: it was issued for another event, or it was altered."
    assert [result["message"] for result in results] == [
        not_ours,
        not_ours,
        not_ours,
        "Not let in: this registration is cancelled.",
        not_ours,
    ]
    assert count(result=ScanResult.REFUSED) == 5 and count(result=ScanResult.ADMITTED) == 0


def test_malformed_scans_are_answered_each_and_nothing_is_recorded(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate = make_gate(event, "Gate 1", "main")
    login("checkin")
    body = [
        scan_json(gate, payload(somchai), scan_id="short"),
        {"scan_id": uuid.uuid4().hex, "gate": 10**12, "payload": payload(somchai)},
        {"scan_id": uuid.uuid4().hex, "gate": "1; DROP TABLE checkin_scan", "payload": 7},
        "not a scan",
    ]
    results = send(client, event, *body).get_json()["results"]
    assert [result["result"] for result in results] == ["error"] * 4
    assert results[0]["message"] == "The scan has no valid id."
    assert results[1]["message"] == "Choose one of this event's check-in points."
    assert count() == 0
    token_page = client.get(f"/manage/{event.acronym}/checkin/scan?gate={gate.id}")
    assert token_page.status_code == 200
    for bad in ({"scans": []}, {"scans": "x"}, [1, 2], {"scans": [{}] * 201}):
        response = client.post(f"/manage/{event.acronym}/checkin/scans", json=bad)
        assert response.status_code == 400


def test_a_badge_replaced_by_a_reprint_is_refused_at_the_door_with_the_time(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    old = payload(somchai)
    with unit_of_work():
        printing.reprint(event, somchai.id, PrintReason.LOST, BadgeLayout.A6, "desk@x.example")
    db.session.refresh(somchai)
    gate = make_gate(event, "Gate 1", "main")
    login("checkin")

    refused, admitted = send(
        client, event, scan_json(gate, old), scan_json(gate, payload(somchai))
    ).get_json()["results"]

    assert refused["result"] == "refused"
    assert refused["message"].startswith("Badge replaced at ")
    assert "reported lost" in refused["message"]
    assert admitted["result"] == "admitted"
    # The roster knows the old badge too, so a phone offline says the same.
    roster = client.get(f"/manage/{event.acronym}/checkin/roster.json").get_json()
    assert hashlib.sha256(old.encode()).hexdigest() in roster["replaced"]


def test_the_roster_holds_hashes_of_the_badges_and_nothing_that_makes_one(ctx, client, login):
    event = factories.event()
    people = confirmed_people(event)
    with unit_of_work(lock=True):
        organiser.cancel(event, people[1].id, "organiser@showcase.example", "")
    make_gate(event, "Gate 1", "main")
    login("checkin")

    response = client.get(f"/manage/{event.acronym}/checkin/roster.json")

    roster = response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    assert set(roster) == {"version", "event", "timezone", "gates", "people", "replaced"}
    assert roster["timezone"] == "Asia/Bangkok"
    hashes = {hashlib.sha256(payload(p).encode()).hexdigest(): p for p in people}
    assert set(roster["people"]) == set(hashes)
    entry = roster["people"][hashlib.sha256(payload(people[0]).encode()).hexdigest()]
    assert entry["en"] == "Somchai Jaidee" and entry["state"] == "confirmed"
    assert (
        roster["people"][hashlib.sha256(payload(people[1]).encode()).hexdigest()]["state"]
        == "cancelled"
    )
    text = json.dumps(roster)
    for person in people:
        assert payload(person) not in text and person.badge_code not in text
        assert person.email not in text
    assert roster["gates"][0]["kind"] == "main"


def test_scans_queued_offline_report_what_the_server_decided_otherwise(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate_1 = make_gate(event, "Gate 1", "main")
    gate_3 = make_gate(event, "Gate 3", "main")
    login("checkin")
    send(client, event, scan_json(gate_3, payload(somchai)))

    (late,) = send(
        client,
        event,
        scan_json(gate_1, payload(somchai), offline=True, local="admitted"),
    ).get_json()["results"]

    assert late["result"] == "warned" and late["conflict"] is True
    assert late["message"].startswith("Already in today at ") and "Gate 3" in late["message"]
    assert count(result=ScanResult.ADMITTED) == 1


def test_the_kiosk_tells_the_attendee_about_their_badge(ctx, client, login):
    event = factories.event()
    somchai, pim, *_ = confirmed_people(event)
    with unit_of_work():
        printing.print_run(
            event,
            printing.BadgeFilters(category_id=somchai.category_id),
            BadgeLayout.A6,
            "organiser@x.example",
        )
    with unit_of_work():
        db.session.get(type(pim), pim.id).full_name = "Pimchanok Srisuk-Wong"
    gate = make_gate(event, "Entrance", "main")
    login("checkin")
    page = client.get(f"/manage/{event.acronym}/checkin/kiosk?gate={gate.id}")
    assert page.status_code == 200 and 'data-kiosk="yes"' in page.get_data(as_text=True)

    printed, changed = send(
        client, event, scan_json(gate, payload(somchai)), scan_json(gate, payload(pim)), kiosk=True
    ).get_json()["results"]

    assert printed["badge"] == "Your badge is printed: collect it at the badge desk."
    assert changed["badge"].startswith("Your badge is queued for printing")
    assert count(kiosk=True) == 2


def test_the_manual_search_checks_a_person_in_at_the_gate_once(ctx, client, login):
    event = factories.event()
    confirmed_people(event)
    gate = make_gate(event, "Gate 1", "main")
    login("checkin")
    form = RenderedForm.get(
        client, f"/manage/{event.acronym}/checkin/scan?gate={gate.id}&q=somchai", form="scan?gate="
    )

    first = form.submit()
    second = form.submit()  # pressed twice: the same scan id

    assert first.status_code == 200 and second.status_code == 200
    assert "Welcome" in first.get_data(as_text=True)
    assert "Somchai Jaidee" in first.get_data(as_text=True)
    assert count() == 1


def test_signing_out_clears_what_the_phone_kept(ctx, client, login):
    login("checkin")
    response = client.post("/manage/logout")
    assert response.status_code == 303

    signed_out = client.get(response.headers["Location"]).get_data(as_text=True)
    later = client.get("/manage/login").get_data(as_text=True)

    assert "js/checkin/forget.js" in signed_out
    assert "js/checkin/forget.js" not in later


def test_a_scan_from_a_phone_with_a_stale_roster_is_judged_afresh_and_reported(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate = make_gate(event, "Gate 1", "main")
    login("checkin")
    client.get(f"/manage/{event.acronym}/checkin/roster.json")  # the phone's roster, then…
    with unit_of_work(lock=True):
        organiser.cancel(event, somchai.id, "organiser@showcase.example", "")  # …cancelled

    (answer,) = send(
        client, event, scan_json(gate, payload(somchai), offline=True, local="admitted")
    ).get_json()["results"]

    assert answer["result"] == "refused" and answer["conflict"] is True
    assert answer["message"] == "Not let in: this registration is cancelled."
    assert count(result=ScanResult.ADMITTED) == 0


def test_the_result_is_told_in_the_readers_language(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate = make_gate(event, "ประตู 1", "main")
    login("checkin")
    first = scan_json(gate, payload(somchai))
    send(client, event, first)
    page = client.get(f"/manage/{event.acronym}/checkin/scan?gate={gate.id}")
    token = page.get_data(as_text=True).split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    (again,) = client.post(
        f"/manage/{event.acronym}/checkin/scans",
        json={"scans": [scan_json(gate, payload(somchai))]},
        headers={"X-CSRFToken": token, "Accept-Language": "th"},
    ).get_json()["results"]
    assert again["result"] == "warned"
    assert again["message"].startswith("เข้างานแล้ววันนี้เมื่อ ")
    assert again["person"]["category"] == "ผู้แทนเมือง"


def test_the_persons_data_download_says_where_their_badge_was_shown(ctx, client, login):
    from showcase.registration.services.registrations import personal_data

    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate = make_gate(event, "Gate 1", "main")
    login("checkin")
    send(client, event, scan_json(gate, payload(somchai)))

    (entry,) = personal_data(somchai)["check_ins"]

    assert (entry["gate"], entry["result"]) == ("Gate 1", "admitted")
