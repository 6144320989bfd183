"""The last seat under contention: an organiser's offer and people confirming their email at the
same moment, each on a connection of its own, never hold more seats than the category has. Run
on PostgreSQL (row locks) and on SQLite (the immediate write transaction)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.registration.models import Registration
from showcase.registration.services import offers, registrations
from tests import factories
from tests.onbehalf.helpers import ORGANISER, city, prepare, waiting
from tests.registration.helpers import category, confirm_secret

NEWCOMERS = 5


def last_seat(app) -> tuple[int, list[str]]:
    """City delegate (2 seats) with one seat free, organisers choosing by hand, one person
    waiting, and newcomers about to confirm; returns the waiting id and their secrets."""
    with app.app_context():
        event = factories.event()
        prepare(event)
        db.session.commit()
        with unit_of_work(lock=True):
            offers.update_waitlist_settings(event, None, by_hand=True)
        delegate = category(event, "delegate")
        first, _second = waiting(event, delegate, "a@x.example", "b@x.example")
        (waiting_one,) = waiting(event, delegate, "w@x.example")
        with unit_of_work(lock=True):
            registrations.cancel(first.id, registrations.Actor.REGISTRANT)
        secrets = []
        for n in range(NEWCOMERS):
            newcomer = factories.registration(
                event, city("Phuket"), delegate, email=f"new{n}@x.example"
            )
            secrets.append(confirm_secret(newcomer))
        return waiting_one.id, secrets


def race(app, waiting_id: int, secrets: list[str]) -> list[str]:
    barrier = threading.Barrier(len(secrets) + 1)
    outcomes = [""] * (len(secrets) + 1)

    def run(index: int, step) -> None:
        with app.app_context():
            event = get_event("wscs2027")
            db.session.commit()
            barrier.wait()
            try:
                with unit_of_work(lock=True):
                    outcomes[index] = step(event).state.value
            except Exception as error:  # the refusal of the offer when the seat went first
                outcomes[index] = type(error).__name__
            finally:
                db.session.remove()

    steps = [lambda event: offers.offer(event, waiting_id, 48, ORGANISER)] + [
        (lambda event, secret=secret: registrations.confirm(event, secret)[0]) for secret in secrets
    ]
    threads = [threading.Thread(target=run, args=(i, step)) for i, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def check_last_seat(app) -> None:
    waiting_id, secrets = last_seat(app)
    outcomes = race(app, waiting_id, secrets)
    assert "" not in outcomes
    with app.app_context():
        held = Counter(
            state.value
            for state in db.session.scalars(
                select(Registration.state).where(Registration.state.in_(["confirmed", "offered"]))
            )
        )
    assert sum(held.values()) == 2
    offer_outcome, confirmations = outcomes[0], Counter(outcomes[1:])
    if offer_outcome == "offered":
        assert confirmations == {"waitlisted": NEWCOMERS}
        assert held == {"confirmed": 1, "offered": 1}
    else:
        assert offer_outcome == "Conflict"
        assert confirmations == {"confirmed": 1, "waitlisted": NEWCOMERS - 1}
        assert held == {"confirmed": 2}


@pytest.mark.postgres
def test_an_offer_and_confirmations_for_the_last_seat_never_exceed_it_on_postgres(pg_app):
    check_last_seat(pg_app)


def test_an_offer_and_confirmations_for_the_last_seat_never_exceed_it_on_sqlite(app):
    check_last_seat(app)
