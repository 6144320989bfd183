"""Helpers for the door's tests: gates made through the organisers' form, people with badges,
and scans sent to the scan endpoint as the phone sends them."""

from __future__ import annotations

import uuid

from showcase.checkin.models import Gate
from showcase.checkin.services import gates
from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.registration.services.badges import badge_payload
from tests.forms import RenderedForm


def add_gate(
    client, event, name: str, kind: str, room: str | None = None, categories=(), full=None
):
    """A check-in point made through the organisers' form (signed in as an organiser)."""
    form = RenderedForm.get(client, f"/manage/{event.acronym}/checkin/gates/new", form=0)
    form.fill("Name (English)", name)
    form.choose("Kind and rule", kind)
    if room:
        form.choose("Room", room)
    if full:
        form.choose("When the room is full", full)
    if categories:
        form.choose("Categories admitted to the VIP lounge", *categories)
    response = form.submit()
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return db.session.scalars(db.select(Gate).where(Gate.name_en == name)).one()


def make_gate(event, name: str, kind: str, **values) -> Gate:
    """A check-in point made through the service (for tests that are not about the form)."""
    with unit_of_work():
        return gates.save_gate(event, {"name_en": name, "kind": kind, **values})


def scan_json(gate, payload: str, scan_id: str | None = None, **extra) -> dict:
    return {
        "scan_id": scan_id or uuid.uuid4().hex,
        "gate": gate.id,
        "payload": payload,
        **extra,
    }


def send(client, event, *scans, kiosk: bool = False):
    """POST the scans as the phone does (JSON, CSRF token in X-CSRFToken)."""
    page = client.get(f"/manage/{event.acronym}/checkin/scan?gate={scans[0]['gate']}")
    token = page.get_data(as_text=True).split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    return client.post(
        f"/manage/{event.acronym}/checkin/scans",
        json={"scans": list(scans), "kiosk": kiosk},
        headers={"X-CSRFToken": token},
    )


def payload(registration) -> str:
    return badge_payload(registration)
