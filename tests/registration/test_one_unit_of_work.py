"""A change and everything it sets off are one unit of work: when the waiting-list step of a
category change fails, the category is left as it was; reading the settings page writes nothing;
and seats are counted by one counter for a single confirmation and for a batch promotion."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from showcase.core.db import UnitOfWorkError, unit_of_work
from showcase.core.errors import DomainError
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.mail.services import messages_of
from showcase.registration import emails
from showcase.registration.models import (
    Registration,
    RegistrationCategory,
    RegistrationSettings,
    RegistrationState,
)
from showcase.registration.services import registrations, seats
from showcase.registration.services.settings import update_settings
from tests.registration.helpers import add_city, category, register

S = RegistrationState


def three_delegates(app, reg_event) -> list[int]:
    """Two confirmed delegates (the category's 2 seats) and one waiting."""
    with app.app_context():
        ev = get_event(reg_event)
        delegate = category(ev, "delegate")
        kk = add_city("Khon Kaen")
        return [
            register(ev, kk, delegate, confirm=True, email=f"d{n}@kk.example").id for n in range(3)
        ]


def stored_category(app, reg_event) -> tuple[int | None, str]:
    with app.app_context():
        db.session.remove()
        row = category(get_event(reg_event), "delegate")
        return row.capacity, row.name_en


def test_category_change_leaves_nothing_behind_when_the_waiting_list_step_fails(
    app, client, login, reg_event, monkeypatch
):
    ids = three_delegates(app, reg_event)
    with app.app_context():
        delegate_id = category(get_event(reg_event), "delegate").id
        messages_before = db.session.scalar(select(func.count()).select_from(OutboxMessage))

    def refuse(*args, **kwargs):
        raise DomainError("The waiting list could not be served just now.")

    # The promotion of the waiting delegate (which a larger capacity sets off) is refused.
    monkeypatch.setattr(emails, "state_email", refuse)
    login("organiser")
    response = client.post(
        f"/manage/{reg_event}/registration/categories/{delegate_id}",
        data={"code": "delegate", "name_en": "Delegates", "capacity": "3", "is_open": "y"},
    )
    assert response.status_code == 400
    assert "The waiting list could not be served just now." in response.text
    assert stored_category(app, reg_event) == (2, "City delegate")
    with app.app_context():
        assert db.session.get(Registration, ids[2]).state == S.WAITLISTED
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == (
            messages_before
        )


def test_category_change_and_its_promotion_are_saved_together(app, client, login, reg_event):
    ids = three_delegates(app, reg_event)
    with app.app_context():
        delegate_id = category(get_event(reg_event), "delegate").id
    login("organiser")
    response = client.post(
        f"/manage/{reg_event}/registration/categories/{delegate_id}",
        data={"code": "delegate", "name_en": "Delegates", "capacity": "3", "is_open": "y"},
    )
    assert response.status_code == 303
    assert stored_category(app, reg_event) == (3, "Delegates")
    with app.app_context():
        assert db.session.get(Registration, ids[2]).state == S.CONFIRMED


def test_the_settings_page_writes_nothing_when_read(app, client, login, reg_event):
    login("organiser")
    assert client.get(f"/manage/{reg_event}/registration/settings").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RegistrationSettings)) == 0


def test_seats_are_locked_only_inside_a_unit_of_work_opened_for_locking(app, reg_event):
    with app.app_context():
        delegate = category(get_event(reg_event), "delegate")
        with pytest.raises(UnitOfWorkError, match="unit of work"):
            seats.lock_category(delegate.id)
        with pytest.raises(UnitOfWorkError, match="lock=True"), unit_of_work():
            seats.fill_from_waitlist(delegate.event_id)


# One seat counter -------------------------------------------------------------------------------


def test_one_counter_refuses_a_single_confirmation_by_category_and_by_city(app, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        kk, phuket = add_city("Khon Kaen"), add_city("Phuket")
        delegate = category(ev, "delegate")
        with unit_of_work(lock=True):
            update_settings(ev, 1, "2026-11")
        first = register(ev, kk, delegate, confirm=True, email="a@kk.example")
        same_city = register(ev, kk, delegate, email="b@kk.example")
        other_city = register(ev, phuket, delegate, email="c@phuket.example")
        with unit_of_work(lock=True):
            locked = seats.lock_category(delegate.id)
            counter = seats.SeatCounter.count(ev.id, [locked], [kk.id, phuket.id])
            assert counter.by_category == {delegate.id: 1}
            assert counter.by_city == {kk.id: 1}
            assert counter.refusal(db.session.get(Registration, same_city.id)) == seats.CITY_FULL
            candidate = db.session.get(Registration, other_city.id)
            assert counter.refusal(candidate) is None
            assert seats.seat_refusal(candidate, locked) is None
            counter.take(candidate)
            # The category's two seats are now counted as taken.
            assert counter.refusal(candidate) == seats.CATEGORY_FULL
        assert db.session.get(Registration, first.id).state == S.CONFIRMED


def test_one_counter_serves_a_batch_promotion_in_waiting_order(app, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        kk, phuket = add_city("Khon Kaen"), add_city("Phuket")
        delegate = category(ev, "delegate")
        with unit_of_work(lock=True):
            update_settings(ev, 1, "2026-11")
        register(ev, kk, delegate, confirm=True, email="a@kk.example")
        waiting = [
            register(ev, city, delegate, confirm=True, email=f"w{n}@x.example").id
            for n, city in enumerate([kk, phuket, phuket])
        ]
        assert [db.session.get(Registration, rid).state for rid in waiting] == [
            S.WAITLISTED,
            S.CONFIRMED,
            S.WAITLISTED,
        ]
        with unit_of_work(lock=True):
            db.session.get(RegistrationCategory, delegate.id).capacity = 10
            db.session.flush()
            promoted = seats.fill_from_waitlist(ev.id)
            # Khon Kaen and Phuket each hold their one seat: nobody fits.
            assert promoted == []
        with unit_of_work(lock=True):
            update_settings(ev, 2, "2026-11")
        # A cap of 2 per city: the longest-waiting of each city comes in, in waiting order.
        assert [db.session.get(Registration, rid).state for rid in waiting] == [
            S.CONFIRMED,
            S.CONFIRMED,
            S.CONFIRMED,
        ]


def test_a_confirmation_queues_only_the_email_of_the_place_it_got(app, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        kk = add_city("Khon Kaen")
        delegate = category(ev, "delegate")
        made = [
            register(ev, kk, delegate, confirm=True, email=f"e{n}@kk.example") for n in range(3)
        ]
        templates = [
            [message.template for message in messages_of(registration)] for registration in made
        ]
        assert templates == [
            ["registration/confirm", "registration/confirmed"],
            ["registration/confirm", "registration/confirmed"],
            ["registration/confirm", "registration/waitlisted"],
        ]
        assert registrations.find_active(ev, "e2@kk.example").state == S.WAITLISTED
