"""The roster a phone keeps for the door when the connection is lost.

Only what the door needs: for each badge of the event, the SHA-256 of its QR payload (the device
hashes what it scans and looks it up, so no key that makes or checks badges is on the device),
the names in both scripts, the category, the marks (head of delegation, VIP), the city and the
state; the badges that reprints replaced, with the time; and the gates with their rules. The
roster's version is a hash of its content: a device whose version differs holds a stale roster
and fetches it again (the server judges every scan anyway when it is synced).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase.badges.models import RetiredBadgeCode
from showcase.checkin.models import Gate
from showcase.checkin.services.gates import list_gates
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services.badges import badge_payload

# The states a badge can be in at the door: a confirmed person is let in, a cancelled one is
# refused with the reason; other states have no badge.
ROSTER_STATES = (RegistrationState.CONFIRMED, RegistrationState.CANCELLED)


def payload_hash(payload: str) -> str:
    """What the roster keeps of a badge's QR payload (the device computes the same)."""
    text = "".join((payload or "").split()).upper()
    return hashlib.sha256(text.encode()).hexdigest()


def _gate(gate: Gate) -> dict[str, Any]:
    return {
        "id": gate.id,
        "en": gate.name_en,
        "th": gate.name_th,
        "kind": gate.kind.value,
        "categories": [category.id for category in gate.categories],
    }


def _person(registration: Registration) -> dict[str, Any]:
    category = registration.category
    return {
        "id": registration.id,
        "en": registration.full_name,
        "th": registration.full_name_th,
        "category": category.id,
        "category_en": category.name_en,
        "category_th": category.name_th,
        "head": registration.is_head,
        "vip": registration.is_vip,
        "city": registration.city_label,
        "state": registration.state.value,
    }


def build_roster(event: Event) -> dict[str, Any]:
    registrations = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.state.in_(ROSTER_STATES),
            Registration.erased_at.is_(None),
        )
        .options(selectinload(Registration.category), selectinload(Registration.city))
        .order_by(Registration.id)
    ).all()
    people = {payload_hash(badge_payload(r)): _person(r) for r in registrations}
    by_id = {r.id: r for r in registrations}
    retired = {}
    for old in db.session.scalars(
        select(RetiredBadgeCode)
        .where(RetiredBadgeCode.registration_id.in_(list(by_id)))
        .order_by(RetiredBadgeCode.id)
    ):
        payload = badge_payload(by_id[old.registration_id], old.badge_code)
        retired[payload_hash(payload)] = old.replaced_at.isoformat()
    content = {
        "event": event.acronym,
        "timezone": event.timezone,
        "gates": [_gate(gate) for gate in list_gates(event)],
        "people": people,
        "replaced": retired,
    }
    version = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:16]
    return {"version": version, **content}
