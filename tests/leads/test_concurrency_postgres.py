"""Two phones of one booth scanning the same visitor at the same moment, each on a connection of
its own, on PostgreSQL: one lead (the unique exhibitor and visitor), one phone told it is new and
the other that it was updated, never an error."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.leads import services
from showcase.leads.models import ExhibitorLead
from tests import factories
from tests.helpers import run_threads
from tests.leads.helpers import exhibitor, payload, visitor

pytestmark = pytest.mark.postgres


def test_two_phones_scanning_one_visitor_at_once_keep_one_lead(pg_app):
    with pg_app.app_context():
        event = factories.event()
        booth = exhibitor(event)
        badges = [
            payload(visitor(event, f"Visitor {n}", f"v{n}@example.org", share=True))
            for n in range(4)
        ]
        secrets = (booth.secret, booth.staff_secret)
    outcomes = []
    for badge in badges:
        barrier = threading.Barrier(2)
        results: list[object] = [None, None]

        def phone(index, badge=badge, results=results, barrier=barrier):
            with pg_app.app_context():
                event = get_event("wscs2027")
                finder = services.contact_scanner if index == 0 else services.staff_scanner
                scanner = finder(event, secrets[index])
                db.session.commit()
                barrier.wait()
                try:
                    with unit_of_work(lock=True):
                        _lead, created = services.scan(scanner, badge)
                    results[index] = "new" if created else "updated"
                except Exception as error:
                    results[index] = repr(error)
                db.session.remove()

        run_threads(*(partial(phone, index) for index in range(2)))
        outcomes.append(sorted(results))
    assert outcomes == [["new", "updated"]] * len(badges)
    with pg_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExhibitorLead)) == len(badges)
