"""Approvals racing on PostgreSQL, each organiser on a connection of its own: the database
guarantees hold (one exhibitor per booth; a city's booth limit)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import func, select

from showcase.booths.models import ApplicationState, BoothApplication
from showcase.booths.services import decisions as decisions_rules
from showcase.booths.services import layout as layout_rules
from showcase.core.db import unit_of_work
from showcase.core.errors import Conflict
from showcase.events.services import create_event, get_event
from showcase.extensions import db
from tests.booths.helpers import InUnitsOfWork, add_city, open_applications, submit
from tests.helpers import run_threads

decisions = InUnitsOfWork(decisions_rules)
layout = InUnitsOfWork(layout_rules)

pytestmark = pytest.mark.postgres


def prepare(app, cities: list[str], booths: int) -> tuple[list[int], list[int]]:
    """An event with ``booths`` free booths and one confirmed application per entry of
    ``cities`` (a name may repeat: several applications of one city)."""
    with app.app_context(), unit_of_work():
        now = datetime.now(UTC)
        event = create_event(
            "race2027",
            name_en="Race",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            registration_opens_at=now,
            registration_closes_at=now + timedelta(days=1),
        )
        open_applications(event)
        hall = layout.create_hall(event, code="A", name_en="Hall A", width=40, depth=10)
        booth_ids = [
            layout.create_booth(
                event, code=f"A-{n:02d}", hall=hall, x=3 * n, y=1, width=3, depth=3
            ).id
            for n in range(booths)
        ]
        known = {}
        application_ids = []
        for number, name in enumerate(cities):
            if name not in known:
                known[name] = add_city(name)
            application = submit(event, known[name], contact_email=f"contact{number}@city.example")
            application_ids.append(application.id)
        return application_ids, booth_ids


def race(app, attempts: list[tuple[int, int]]) -> list[str]:
    """Run every (application, booth) approval at the same moment; return each outcome."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = [""] * len(attempts)

    def approve(index: int, application_id: int, booth_id: int) -> None:
        with app.app_context():
            event = get_event("race2027")
            db.session.commit()  # each thread has its own session and connection
            barrier.wait()
            try:
                decisions.approve_application(event, application_id, booth_id, f"org{index}")
                outcomes[index] = "approved"
            except Conflict as error:
                outcomes[index] = str(error.message)
            finally:
                db.session.remove()

    run_threads(
        *(
            partial(approve, index, application_id, booth_id)
            for index, (application_id, booth_id) in enumerate(attempts)
        )
    )
    return outcomes


def test_four_organisers_approving_the_same_booth_at_once_one_wins(pg_app):
    applications, booths = prepare(pg_app, ["Khon Kaen", "Phuket", "Rayong", "Nan"], booths=2)
    outcomes = race(pg_app, [(application, booths[0]) for application in applications])
    assert Counter(outcome == "approved" for outcome in outcomes) == {True: 1, False: 3}
    for outcome in outcomes:
        if outcome != "approved":
            assert outcome.startswith("Booth A-00 was just given to ")
            assert outcome.endswith(". Choose another booth.")
    with pg_app.app_context():
        holders = db.session.scalars(
            select(BoothApplication).where(BoothApplication.booth_id == booths[0])
        ).all()
        assert len(holders) == 1
        statuses = Counter(db.session.scalars(select(BoothApplication.state)).all())
        assert statuses == {ApplicationState.APPROVED: 1, ApplicationState.SUBMITTED: 3}


def test_one_city_approved_for_two_booths_at_once_gets_only_its_limit(pg_app):
    applications, booths = prepare(pg_app, ["Khon Kaen", "Khon Kaen", "Khon Kaen"], booths=3)
    outcomes = race(pg_app, list(zip(applications, booths, strict=True)))
    assert sorted(outcomes) == [
        "Khon Kaen already has 1 booth, the most a city may have.",
        "Khon Kaen already has 1 booth, the most a city may have.",
        "approved",
    ]
    with pg_app.app_context():
        approved = db.session.scalar(
            select(func.count())
            .select_from(BoothApplication)
            .where(BoothApplication.state == ApplicationState.APPROVED)
        )
        assert approved == 1
