"""The waiting list by hand: organisers promote a chosen person, or offer them a seat that they
accept within a time (pretix's waiting-list vouchers).

An offer is the registration's state ``offered``: it holds a seat of the category (and city)
until ``offer_expires_at`` (the seat rule counts it, ``models.SEAT_STATES``). The person accepts
on their manage page; an offer not accepted in time is cancelled (they are emailed why) and its
seat passes to the next person waiting, as a new offer for the same number of hours. Expiry is
found by ``expire_due_offers``, which the outbox worker runs once a minute (and
``flask showcase expire-offers`` on demand), and, lazily, when the person clicks accept too
late. When the event's ``offer_hours`` is set, seats freed by cancellations are offered this way
too (``seats.fill_from_waitlist``).

Everything runs in the caller's ``unit_of_work(lock=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.core.db import utcnow
from showcase.core.errors import Conflict, DomainError
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationSettings, RegistrationState
from showcase.registration.services import seats
from showcase.registration.services.states import MACHINE, Actor

S = RegistrationState
DEFAULT_OFFER_HOURS = 48
EXPIRED = "offer expired"
ACCEPTED = "offer accepted"


def _waiting(event: Event, registration_id: int):
    found = db.session.get(Registration, registration_id)
    if found is None or found.event_id != event.id:
        raise DomainError(_l("There is no such registration."))
    category = seats.lock_category(found.category_id)
    registration = seats.lock_registration(registration_id)
    if registration.state != S.WAITLISTED:
        raise Conflict(
            _l(
                "Only a person on the waiting list can be promoted; this registration is "
                "%(state)s.",
                state=registration.state.label.lower(),
            )
        )
    if not seats.has_seat(registration, category):
        raise Conflict(
            _l(
                "There is no free place in %(category)s for this person. Free a place or raise "
                "the capacity first.",
                category=category.name,
            )
        )
    return registration


def promote(event: Event, registration_id: int, by: str) -> Registration:
    """Confirm a chosen person from the waiting list into a free seat, whatever their place."""
    registration = _waiting(event, registration_id)
    MACHINE.apply(registration, S.CONFIRMED, Actor.ORGANISER, by=by, note=seats.PROMOTED)
    return registration


def offer(event: Event, registration_id: int, hours: int, by: str) -> Registration:
    """Hold a free seat for a chosen person on the waiting list for ``hours``."""
    if not 1 <= (hours or 0) <= 720:
        raise DomainError(_l("Give a number of hours from 1 to 720."), field="hours")
    registration = _waiting(event, registration_id)
    seats.make_offer(registration, hours, Actor.ORGANISER, by)
    return registration


def update_waitlist_settings(event: Event, offer_hours: int | None, by_hand: bool) -> None:
    """How freed seats are given: at once to the longest waiting, as offers of ``offer_hours``,
    or (``by_hand``) by organisers only."""
    from showcase.registration.services.settings import get_settings

    if offer_hours is not None and not 1 <= offer_hours <= 720:
        raise DomainError(_l("Give a number of hours from 1 to 720."), field="offer_hours")
    settings = get_settings(event)
    settings.offer_hours = offer_hours
    settings.waitlist_by_hand = bool(by_hand)
    db.session.flush()
    seats.fill_from_waitlist(event.id)


def offer_hours(event_id: int) -> int:
    hours = db.session.scalar(
        select(RegistrationSettings.offer_hours).where(RegistrationSettings.event_id == event_id)
    )
    return hours or DEFAULT_OFFER_HOURS


def _expire_locked(registration: Registration) -> None:
    """Cancel an offer that ran out (its person is told) and pass the seat on."""
    MACHINE.apply(registration, S.CANCELLED, Actor.SYSTEM, note=EXPIRED)
    seats.fill_from_waitlist(registration.event_id, offer_hours(registration.event_id))


@dataclass
class Acceptance:
    registration: Registration
    accepted: bool


def accept(registration_id: int, now: datetime | None = None) -> Acceptance:
    """The person accepts their offer: confirmed while it stands; after its time it expires
    here (and passes on) and ``accepted`` is false, for the caller to say so after the unit of
    work is saved."""
    now = now or utcnow()
    found = db.session.get(Registration, registration_id)
    seats.lock_all_categories(found.event_id)
    registration = seats.lock_registration(registration_id)
    if registration.state == S.CONFIRMED:
        return Acceptance(registration, True)
    if registration.state != S.OFFERED:
        raise Conflict(
            _l(
                "There is no offer to accept: this registration is %(state)s.",
                state=registration.state.label.lower(),
            )
        )
    if registration.offer_expires_at <= now:
        _expire_locked(registration)
        return Acceptance(registration, False)
    MACHINE.apply(registration, S.CONFIRMED, Actor.REGISTRANT, note=ACCEPTED)
    return Acceptance(registration, True)


def expire_due_offers(now: datetime | None = None) -> int:
    """Expire every offer whose time is up, event by event; how many expired."""
    now = now or utcnow()
    due = db.session.execute(
        select(Registration.id, Registration.event_id)
        .where(Registration.state == S.OFFERED, Registration.offer_expires_at <= now)
        .order_by(Registration.event_id, Registration.offer_expires_at, Registration.id)
    ).all()
    expired = 0
    for registration_id, event_id in due:
        seats.lock_all_categories(event_id)
        registration = seats.lock_registration(registration_id)
        if registration.state == S.OFFERED and registration.offer_expires_at <= now:
            _expire_locked(registration)
            expired += 1
    return expired
