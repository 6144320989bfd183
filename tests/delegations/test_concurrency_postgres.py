"""Coordinators and individuals taking seats at the same time: the one seat rule under the same
locks holds a category's capacity and the city cap exactly, and a substitution racing a
cancellation of the same member leaves exactly one seat taken. Real PostgreSQL (row locks) and
SQLite (the write lock), threads released together by a barrier."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.core.errors import Conflict
from showcase.delegations.models import Delegation
from showcase.delegations.services import members
from showcase.events.services import create_event, get_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services import registrations
from showcase.registration.services.settings import update_settings
from tests import factories
from tests.delegations.helpers import add, approved_delegation, member_values, person
from tests.registration.helpers import confirm_secret, register

S = RegistrationState
EVENT = "race2027"


def prepare(app, individuals: int, capacity: int | None, city_cap: int | None = None):
    """An event with one category open to delegations, two approved delegations (Khon Kaen,
    Phuket), and ``individuals`` unconfirmed registrations from Khon Kaen."""
    with app.app_context():
        now = datetime.now(UTC)
        event = create_event(
            EVENT,
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
        category = factories.registration_category(
            event, "delegate", capacity=capacity, open_to_delegations=True
        )
        khon_kaen = factories.city("Khon Kaen", "ขอนแก่น")
        phuket = factories.city("Phuket", "ภูเก็ต")
        first = approved_delegation(event, khon_kaen)
        second = approved_delegation(event, phuket)
        secrets = [
            confirm_secret(register(event, khon_kaen, category, email=f"person{n}@race.example"))
            for n in range(individuals)
        ]
        return category.id, first.id, second.id, secrets


def run_together(app, jobs) -> list[str]:
    """Run every job in its own thread and app context, all released at once; their outcomes,
    in order."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [""] * len(jobs)

    def run(index, job):
        with app.app_context():
            try:
                barrier.wait()
                outcomes[index] = job()
            except Exception as error:
                outcomes[index] = f"error: {error!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def individual(app, secret: str):
    def job():
        with app.app_context():
            event = get_event(EVENT)
            with unit_of_work(lock=True):
                registration, _manage, _now = registrations.confirm(event, secret)
            return registration.state.value

    return job


def coordinator(app, delegation_id: int, category_id: int, names: list[str]):
    """A coordinator adding members one after the other, each in its own request."""

    def job():
        states = []
        with app.app_context():
            for name in names:
                with unit_of_work(lock=True):
                    delegation = db.session.get(Delegation, delegation_id)
                    values = member_values(_category(category_id), name)
                    states.append(members.add_member(delegation, values).state.value)
        return ",".join(states)

    return job


def _category(category_id):
    from showcase.registration.models import RegistrationCategory

    return db.session.get(RegistrationCategory, category_id)


def confirmed(app, **where) -> int:
    with app.app_context():
        query = select(func.count()).where(Registration.state == S.CONFIRMED)
        for name, value in where.items():
            query = query.where(getattr(Registration, name) == value)
        return db.session.scalar(query)


def check_two_coordinators_and_twenty_individuals_take_ten_seats(app):
    category_id, first, second, secrets = prepare(app, individuals=20, capacity=10)
    jobs = [individual(app, secret) for secret in secrets] + [
        coordinator(app, first, category_id, [f"Khon Kaen {n}" for n in range(5)]),
        coordinator(app, second, category_id, [f"Phuket {n}" for n in range(5)]),
    ]
    outcomes = run_together(app, jobs)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    states = Counter(state for outcome in outcomes for state in outcome.split(","))
    assert states == {"confirmed": 10, "waitlisted": 20}
    assert confirmed(app, category_id=category_id) == 10


def check_coordinator_and_individuals_of_one_city_stay_under_the_cap(app):
    category_id, first, _second, secrets = prepare(app, individuals=8, capacity=None, city_cap=5)
    with app.app_context():
        city_id = db.session.get(Delegation, first).city_id
    jobs = [individual(app, secret) for secret in secrets] + [
        coordinator(app, first, category_id, [f"Member {n}" for n in range(8)])
    ]
    outcomes = run_together(app, jobs)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    states = Counter(state for outcome in outcomes for state in outcome.split(","))
    assert states == {"confirmed": 5, "waitlisted": 11}
    assert confirmed(app, city_id=city_id) == 5


def check_substitution_racing_a_cancellation_keeps_exactly_one_seat(app):
    category_id, first, _second, _secrets = prepare(app, individuals=0, capacity=1)
    with app.app_context():
        event = get_event(EVENT)
        delegation = db.session.get(Delegation, first)
        member_id = add(delegation, _category(category_id), "Seat Holder").id
        waiting = register(
            event,
            factories.city("Phuket", "ภูเก็ต"),
            _category(category_id),
            email="waiting@race.example",
        )
        waiting_id = waiting.id
        secret = confirm_secret(waiting)
        with unit_of_work(lock=True):
            registrations.confirm(event, secret)

    def substitute():
        with app.app_context():
            try:
                with unit_of_work(lock=True):
                    members.substitute(db.session.get(Delegation, first), member_id, person("New"))
            except Conflict:
                return "refused"
            return "substituted"

    def cancel():
        with app.app_context():
            with unit_of_work(lock=True):
                registrations.cancel(member_id, registrations.Actor.REGISTRANT)
            return "cancelled"

    outcomes = run_together(app, [substitute, cancel])
    assert sorted(outcomes) in (["cancelled", "refused"], ["cancelled", "substituted"])
    assert confirmed(app, category_id=category_id) == 1
    with app.app_context():
        assert db.session.get(Registration, member_id).state == S.CANCELLED
        assert db.session.get(Registration, waiting_id).state == S.CONFIRMED


@pytest.mark.postgres
def test_two_coordinators_and_twenty_individuals_take_exactly_ten_seats_on_postgres(pg_app):
    check_two_coordinators_and_twenty_individuals_take_ten_seats(pg_app)


@pytest.mark.postgres
def test_coordinator_and_individuals_of_one_city_never_pass_the_cap_on_postgres(pg_app):
    check_coordinator_and_individuals_of_one_city_stay_under_the_cap(pg_app)


@pytest.mark.postgres
def test_substitution_racing_a_cancellation_keeps_exactly_one_seat_on_postgres(pg_app):
    check_substitution_racing_a_cancellation_keeps_exactly_one_seat(pg_app)


def test_two_coordinators_and_twenty_individuals_take_exactly_ten_seats_on_sqlite(app):
    check_two_coordinators_and_twenty_individuals_take_ten_seats(app)


def test_coordinator_and_individuals_of_one_city_never_pass_the_cap_on_sqlite(app):
    check_coordinator_and_individuals_of_one_city_stay_under_the_cap(app)


def test_substitution_racing_a_cancellation_keeps_exactly_one_seat_on_sqlite(app):
    check_substitution_racing_a_cancellation_keeps_exactly_one_seat(app)
