"""Two phones scanning the same badge at the same moment, each on a connection of its own, on
PostgreSQL: one check-in and one "already", never two entries."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from sqlalchemy import func, select

from showcase.checkin.models import Scan, ScanResult
from showcase.checkin.services import scans
from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from tests import factories
from tests.badges.helpers import confirmed_people
from tests.checkin.helpers import make_gate, payload
from tests.helpers import run_threads

pytestmark = pytest.mark.postgres


def test_two_phones_scanning_one_badge_at_once_check_in_once(pg_app):
    with pg_app.app_context():
        event = factories.event()
        badges = [payload(person) for person in confirmed_people(event)]
        gates = [make_gate(event, "Gate 1", "main").id, make_gate(event, "Gate 2", "main").id]
    outcomes: list[list[str]] = []
    for round_number, badge in enumerate(badges):
        barrier = threading.Barrier(2)
        results = ["", ""]

        def phone(index, round_number=round_number, badge=badge, results=results, barrier=barrier):
            with pg_app.app_context():
                event = get_event("wscs2027")
                db.session.commit()
                entry = scans.ScanInput(
                    scan_id=f"round{round_number}-phone{index}",
                    gate_id=gates[index],
                    payload=badge,
                )
                barrier.wait()
                with unit_of_work(lock=True):
                    outcome = scans.apply_scan(event, entry, f"phone{index}@showcase.example")
                    results[index] = outcome.scan.result.value
                db.session.remove()

        run_threads(*(partial(phone, index) for index in range(2)))
        outcomes.append(sorted(results))

    # Every badge: exactly one phone let the person in, the other was told "already".
    assert outcomes == [["admitted", "warned"]] * len(badges)
    with pg_app.app_context():
        admitted = db.session.scalar(
            select(func.count(func.distinct(Scan.registration_id))).where(
                Scan.result == ScanResult.ADMITTED
            )
        )
        assert admitted == len(badges)
        assert db.session.scalar(select(func.count()).select_from(Scan)) == 2 * len(badges)
