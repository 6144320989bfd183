"""Exact capacity: many confirmations arriving at once, each on a connection of its own, never
give a category or a city one person too many; cancelling promotes exactly one. Run on
PostgreSQL (row locks) and on SQLite (the immediate write transaction)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.events.services import create_event, get_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services import registrations
from showcase.registration.services.settings import update_settings
from tests.registration.helpers import add_category, add_city, confirm_secret, register

S = RegistrationState


def prepare(app, people: int, capacity: int | None, cities: int = 1, city_cap=None):
    """An event with one category and ``people`` unconfirmed registrations spread over
    ``cities`` cities; returns the confirmation secrets."""
    with app.app_context():
        now = datetime.now(UTC)
        event = create_event(
            "race2027",
            name_en="Race",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            registration_opens_at=now - timedelta(hours=1),
            registration_closes_at=now + timedelta(days=1),
        )
        db.session.commit()
        if city_cap is not None:
            with unit_of_work(lock=True):
                update_settings(event, city_cap, "2026-11")
        category = add_category(event, "delegate", capacity=capacity)
        places = [add_city(f"City {n}") for n in range(cities)]
        db.session.commit()
        secrets = []
        for n in range(people):
            registration = register(
                event, places[n % cities], category, email=f"person{n}@race.example"
            )
            secrets.append(confirm_secret(registration))
        return secrets


def race(app, secrets: list[str]) -> list[str]:
    barrier = threading.Barrier(len(secrets))
    outcomes = [""] * len(secrets)

    def confirm(index: int, secret: str) -> None:
        with app.app_context():
            event = get_event("race2027")
            db.session.commit()
            barrier.wait()
            try:
                with unit_of_work(lock=True):
                    registration, _manage, _now = registrations.confirm(event, secret)
                outcomes[index] = registration.state.value
            except Exception as error:
                outcomes[index] = f"error: {error!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm, args=(i, s)) for i, s in enumerate(secrets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def stored_states(app) -> Counter:
    with app.app_context():
        return Counter(s.value for s in db.session.scalars(select(Registration.state)))


def check_category_race(app):
    secrets = prepare(app, people=50, capacity=10)
    outcomes = race(app, secrets)
    assert Counter(outcomes) == {"confirmed": 10, "waitlisted": 40}
    assert stored_states(app) == {"confirmed": 10, "waitlisted": 40}


def check_city_cap_race(app):
    secrets = prepare(app, people=50, capacity=None, cities=2, city_cap=7)
    outcomes = race(app, secrets)
    assert Counter(outcomes) == {"confirmed": 14, "waitlisted": 36}
    with app.app_context():
        per_city = Counter(
            r.city_id
            for r in db.session.scalars(
                select(Registration).where(Registration.state == S.CONFIRMED)
            )
        )
        assert sorted(per_city.values()) == [7, 7]


def check_cancellations_promote_exactly_one_each(app):
    secrets = prepare(app, people=12, capacity=4)
    race(app, secrets)
    with app.app_context():
        confirmed = db.session.scalars(
            select(Registration.id).where(Registration.state == S.CONFIRMED)
        ).all()
        first_waiting = db.session.scalars(
            select(Registration.id)
            .where(Registration.state == S.WAITLISTED)
            .order_by(Registration.waitlisted_at, Registration.id)
        ).all()[:2]
    barrier = threading.Barrier(2)

    def cancel(registration_id):
        with app.app_context():
            barrier.wait()
            with unit_of_work(lock=True):
                registrations.cancel(registration_id, registrations.Actor.REGISTRANT)
            db.session.remove()

    threads = [threading.Thread(target=cancel, args=(rid,)) for rid in confirmed[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert stored_states(app) == {"confirmed": 4, "cancelled": 2, "waitlisted": 6}
    with app.app_context():
        promoted = db.session.scalars(
            select(Registration.id).where(
                Registration.state == S.CONFIRMED, Registration.id.in_(first_waiting)
            )
        ).all()
        assert sorted(promoted) == sorted(first_waiting)


@pytest.mark.postgres
def test_fifty_confirmations_at_once_fill_ten_seats_exactly_on_postgres(pg_app):
    check_category_race(pg_app)


@pytest.mark.postgres
def test_city_cap_holds_under_concurrent_confirmations_on_postgres(pg_app):
    check_city_cap_race(pg_app)


@pytest.mark.postgres
def test_concurrent_cancellations_promote_the_longest_waiting_on_postgres(pg_app):
    check_cancellations_promote_exactly_one_each(pg_app)


def test_fifty_confirmations_at_once_fill_ten_seats_exactly_on_sqlite(app):
    check_category_race(app)


def test_city_cap_holds_under_concurrent_confirmations_on_sqlite(app):
    check_city_cap_race(app)


def test_concurrent_cancellations_promote_the_longest_waiting_on_sqlite(app):
    check_cancellations_promote_exactly_one_each(app)
