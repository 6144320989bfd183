"""The waiting list by hand: organisers promote a chosen person or offer them a seat that
expires; an offer accepted in time confirms, one accepted too late is refused and passes to the
next person, with emails both ways in the person's language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from showcase.core.db import unit_of_work, utcnow
from showcase.core.errors import Conflict
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.registration.services import offers, registrations
from tests import factories
from tests.onbehalf.helpers import ORGANISER, S, by_email, city, waiting
from tests.registration.helpers import category


def full_delegates(event, *waiting_emails):
    """City delegate's two seats taken, and people waiting in the given order."""
    delegate = category(event, "delegate")
    taken = waiting(event, delegate, "first@x.example", "second@x.example")
    return taken, waiting(event, delegate, *waiting_emails)


def by_hand(event, offer_hours=None):
    with unit_of_work(lock=True):
        offers.update_waitlist_settings(event, offer_hours, by_hand=True)


def test_organiser_promotes_a_chosen_person_into_a_free_seat(ctx, desk_event):
    event = get_event(desk_event)
    by_hand(event)
    (first, _second), (_early, chosen) = full_delegates(event, "early@x.example", "late@x.example")
    with pytest.raises(Conflict), unit_of_work(lock=True):
        offers.promote(event, chosen.id, ORGANISER)  # no seat is free yet
    with unit_of_work(lock=True):
        registrations.cancel(first.id, registrations.Actor.REGISTRANT)
    assert by_email(event, "early@x.example").state == S.WAITLISTED  # organisers choose
    with unit_of_work(lock=True):
        offers.promote(event, chosen.id, ORGANISER)
    assert by_email(event, "late@x.example").state == S.CONFIRMED
    assert by_email(event, "early@x.example").state == S.WAITLISTED
    assert by_email(event, "late@x.example").history[-1].by == ORGANISER


def test_organiser_offers_a_chosen_person_a_seat_for_some_hours(ctx, desk_event):
    event = get_event(desk_event)
    by_hand(event)
    (first, _second), (_early, chosen) = full_delegates(event, "early@x.example", "late@x.example")
    with unit_of_work(lock=True):
        registrations.cancel(first.id, registrations.Actor.REGISTRANT)
    with unit_of_work(lock=True):
        offers.offer(event, chosen.id, 24, ORGANISER)
    held = by_email(event, "late@x.example")
    assert held.state == S.OFFERED
    assert timedelta(hours=23) < held.offer_expires_at - utcnow() <= timedelta(hours=24)
    # Expired, it passes to the next person waiting, by hand or not.
    with unit_of_work(lock=True):
        assert offers.expire_due_offers(utcnow() + timedelta(hours=25)) == 1
    assert by_email(event, "early@x.example").state == S.OFFERED


def test_offer_accepted_in_time_confirms(ctx, desk_event):
    event = get_event(desk_event)
    (first, _second), (_offered, _next) = full_delegates(event, "w1@x.example", "w2@x.example")
    with unit_of_work(lock=True):
        offers.update_waitlist_settings(event, 48, by_hand=False)
    with unit_of_work(lock=True):
        registrations.cancel(first.id, registrations.Actor.REGISTRANT)
    held = by_email(event, "w1@x.example")
    assert held.state == S.OFFERED
    assert timedelta(hours=47) < held.offer_expires_at - utcnow() <= timedelta(hours=48)
    assert by_email(event, "w2@x.example").state == S.WAITLISTED
    with unit_of_work(lock=True):
        accepted = offers.accept(held.id)
    assert accepted.accepted
    assert by_email(event, "w1@x.example").state == S.CONFIRMED


def test_offer_accepted_after_expiry_is_refused_and_passes_to_the_next(ctx, desk_event):
    event = get_event(desk_event)
    (first, _second), _waiting = full_delegates(event, "w1@x.example", "w2@x.example")
    with unit_of_work(lock=True):
        offers.update_waitlist_settings(event, 48, by_hand=False)
    with unit_of_work(lock=True):
        registrations.cancel(first.id, registrations.Actor.REGISTRANT)
    held = by_email(event, "w1@x.example")
    with unit_of_work(lock=True):
        late = offers.accept(held.id, now=utcnow() + timedelta(hours=49))
    assert not late.accepted
    assert by_email(event, "w1@x.example").state == S.CANCELLED
    assert by_email(event, "w1@x.example").history[-1].note == "offer expired"
    assert by_email(event, "w2@x.example").state == S.OFFERED


def test_expire_due_offers_passes_each_seat_on(ctx, desk_event):
    event = get_event(desk_event)
    (first, _second), _waiting = full_delegates(event, "w1@x.example", "w2@x.example")
    with unit_of_work(lock=True):
        offers.update_waitlist_settings(event, 2, by_hand=False)
    with unit_of_work(lock=True):
        registrations.cancel(first.id, registrations.Actor.REGISTRANT)
    with unit_of_work(lock=True):
        assert offers.expire_due_offers(utcnow() + timedelta(hours=1)) == 0
    with unit_of_work(lock=True):
        assert offers.expire_due_offers(utcnow() + timedelta(hours=3)) == 1
    assert by_email(event, "w1@x.example").state == S.CANCELLED
    assert by_email(event, "w2@x.example").state == S.OFFERED


def test_offer_holds_its_seat_against_a_new_confirmation(ctx, desk_event):
    event = get_event(desk_event)
    (first, _second), _waiting = full_delegates(event, "w1@x.example")
    with unit_of_work(lock=True):
        offers.update_waitlist_settings(event, 48, by_hand=False)
    with unit_of_work(lock=True):
        registrations.cancel(first.id, registrations.Actor.REGISTRANT)
    newcomer = factories.registration(
        event, city("Phuket"), category(event, "delegate"), confirm=True, email="new@x.example"
    )
    assert newcomer.state == S.WAITLISTED


def test_the_outbox_worker_expires_offers_whose_time_is_up(app, ctx, desk_event):
    from sqlalchemy import update

    from showcase.mail.worker import work
    from showcase.registration.models import Registration

    event = get_event(desk_event)
    (first, _second), _waiting = full_delegates(event, "w1@x.example", "w2@x.example")
    with unit_of_work(lock=True):
        offers.update_waitlist_settings(event, 2, by_hand=False)
    with unit_of_work(lock=True):
        registrations.cancel(first.id, registrations.Actor.REGISTRANT)
    held = by_email(event, "w1@x.example")
    assert held.state == S.OFFERED
    work(once=True, deliver=False)  # the offer still stands: nothing changes
    assert by_email(event, "w1@x.example").state == S.OFFERED
    with unit_of_work():
        db.session.execute(
            update(Registration)
            .where(Registration.id == held.id)
            .values(offer_expires_at=utcnow() - timedelta(minutes=1))
        )
    work(once=True, deliver=False)
    assert by_email(event, "w1@x.example").state == S.CANCELLED
    assert by_email(event, "w2@x.example").state == S.OFFERED
