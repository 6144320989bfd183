"""The desk (a USB scanner typing the badge, or a name search) checks people in at the event's
main entrance when it has one: its check-ins are scans there under the gate's rule, counted in
the live arrivals like the phones' scans, and an undo takes today's arrival back."""

from __future__ import annotations

from sqlalchemy import select

from showcase.checkin.models import Scan, ScanResult
from showcase.checkin.services.arrivals import total_arrivals
from showcase.extensions import db
from tests import factories
from tests.badges.helpers import confirmed_people
from tests.checkin.helpers import make_gate, payload


def scans_of(registration) -> list[Scan]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Scan).where(Scan.registration_id == registration.id).order_by(Scan.id)
        )
    )


def test_a_desk_check_in_is_a_scan_at_the_main_entrance_and_counts_as_an_arrival(
    ctx, client, login
):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate = make_gate(event, "Gate 1", "main")
    make_gate(event, "Gate 2", "main")  # the first main entrance is the desk's
    login("checkin")

    first = client.post(f"/manage/{event.acronym}/checkin/", data={"payload": payload(somchai)})
    assert first.status_code == 200
    (scan,) = scans_of(somchai)
    assert (scan.gate_id, scan.result, scan.scan_id[:5]) == (gate.id, ScanResult.ADMITTED, "desk-")
    assert scan.scanned_by.startswith("checkin")
    db.session.refresh(somchai)
    assert somchai.checked_in_at == scan.scanned_at
    assert total_arrivals(event) == 1

    again = client.post(f"/manage/{event.acronym}/checkin/", data={"payload": payload(somchai)})
    assert again.status_code == 409
    assert "Already in today at" in again.get_data(as_text=True)
    assert "by Gate 1" in again.get_data(as_text=True)
    assert len(scans_of(somchai)) == 1  # a refused second check-in is not recorded
    assert total_arrivals(event) == 1


def test_undoing_a_desk_check_in_takes_back_todays_arrival_and_the_desk_can_check_in_again(
    ctx, client, login
):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    make_gate(event, "Gate 1", "main")
    login("checkin")
    client.post(f"/manage/{event.acronym}/checkin/", data={"payload": payload(somchai)})

    undo = client.post(f"/manage/{event.acronym}/checkin/{somchai.id}/undo")
    assert undo.status_code == 303
    db.session.refresh(somchai)
    assert somchai.checked_in_at is None
    assert total_arrivals(event) == 0
    assert [s.result for s in scans_of(somchai)] == [ScanResult.ADMITTED]  # kept on record

    again = client.post(f"/manage/{event.acronym}/checkin/{somchai.id}")
    assert again.status_code == 200
    db.session.refresh(somchai)
    assert somchai.checked_in_at is not None
    assert total_arrivals(event) == 1


def test_without_check_in_points_the_desk_checks_in_as_before(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    login("checkin")
    response = client.post(f"/manage/{event.acronym}/checkin/", data={"payload": payload(somchai)})
    assert response.status_code == 200
    db.session.refresh(somchai)
    assert somchai.checked_in_at is not None
    assert scans_of(somchai) == []
