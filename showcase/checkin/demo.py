"""Demo check-in points: two main-entrance gates, the Plenary Hall's door (counted against its
1,200 seats) and the VIP lounge (the VIP-guest and speaker categories, and anyone marked VIP).
On a live demo the event is on today: about half of the confirmed people came in this morning
through the two gates, some went on to the Plenary Hall and a few VIPs to the lounge, so the
arrivals page and the room's fill show real numbers. Nothing is added when the event has gates."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from showcase.checkin.models import Gate
from showcase.checkin.services import gates, scans
from showcase.core.db import unit_of_work, utcnow
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import Room
from showcase.registration.demo import event_has_started
from showcase.registration.models import Registration, RegistrationCategory, RegistrationState

DEMO_DESK = "checkin@showcase.example"
VIP_CATEGORIES = ("vip", "speakers")


def load_demo(event: Event) -> str | None:
    if db.session.scalar(select(Gate.id).where(Gate.event_id == event.id)) is not None:
        return None
    plenary = db.session.scalar(
        select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
    )
    vip_categories = db.session.scalars(
        select(RegistrationCategory.id).where(
            RegistrationCategory.event_id == event.id,
            RegistrationCategory.code.in_(VIP_CATEGORIES),
        )
    ).all()
    with unit_of_work():
        made = [
            gates.save_gate(event, {"name_en": "Gate 1", "name_th": "ประตู 1", "kind": "main"}),
            gates.save_gate(event, {"name_en": "Gate 2", "name_th": "ประตู 2", "kind": "main"}),
        ]
        if plenary is not None:
            made.append(
                gates.save_gate(
                    event,
                    {
                        "name_en": f"{plenary.name_en} door",
                        "name_th": f"ประตู{plenary.name_th}",
                        "kind": "room",
                        "room": plenary.id,
                        "position": 2,
                    },
                )
            )
        if vip_categories:
            made.append(
                gates.save_gate(
                    event,
                    {
                        "name_en": "VIP lounge",
                        "name_th": "ห้องรับรองวีไอพี",
                        "kind": "vip",
                        "categories": list(vip_categories),
                        "position": 3,
                    },
                )
            )
        gate_ids = [gate.id for gate in made]
    if not event_has_started(event) or utcnow().date() > event.ends_on:
        return f"Check-in points: {len(gate_ids)}"
    return f"Check-in points: {len(gate_ids)}; {_scan_the_morning(event, gate_ids)} scans today"


def _scan_the_morning(event: Event, gate_ids: list[int]) -> int:
    """Half of the confirmed people in through the two gates since the start of today (or
    their desk check-in time), spread over the morning so far; some on to the rooms."""
    now = utcnow()
    start = max(scans.day_start(event, scans.local_day(event, now)), now - timedelta(hours=3))
    people = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.state == RegistrationState.CONFIRMED,
        )
        .order_by(Registration.id)
    ).all()
    chosen = [person for index, person in enumerate(people) if index % 2 == 0]
    span = (now - start) / max(1, len(chosen))
    count = 0
    for index, person in enumerate(chosen):
        moment = person.checked_in_at or start + span * index
        for gate_id in (
            (gate_ids[index % 2], *gate_ids[2:]) if index % 5 == 0 else (gate_ids[index % 2],)
        ):
            entry = scans.ScanInput(
                scan_id=uuid.uuid4().hex,
                gate_id=gate_id,
                payload="",
                registration_id=person.id,
                scanned_at=moment,
            )
            with unit_of_work(lock=True):
                scans.apply_scan(event, entry, DEMO_DESK, now=now)
            moment += timedelta(minutes=7)
            count += 1
    return count
