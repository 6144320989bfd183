"""Seats: the capacity of a category and the cap per city, counted under a lock.

Every function here runs inside ``unit_of_work(lock=True)``. On PostgreSQL it locks rows with
``SELECT … FOR UPDATE`` in one fixed order so that two units of work never wait for each other in
a circle: category rows first (by id), then city lock rows (by city id), then registrations.
Confirming one registration locks its own category and city; anything that may promote from the
waiting list (a cancellation, an erasure, a larger capacity) locks every category of the event
first, so while it runs no confirmation holds any lock it will need. On SQLite the unit of work
holds the database's write lock from its first statement, which serialises the same work.

``SeatCounter`` is the one place where seats are counted and the one rule of whether a person
fits: a single confirmation (``seat_refusal``) and a batch promotion (``fill_from_waitlist``)
both count through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from showcase.core.db import is_postgres, lock_row, lock_rows, require_unit_of_work, utcnow
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import (
    SEAT_STATES,
    Registration,
    RegistrationCategory,
    RegistrationCityLock,
    RegistrationSettings,
    RegistrationState,
)
from showcase.registration.services.states import MACHINE, Actor
from showcase.registration.services.waitlist import QUEUE_ORDER

S = RegistrationState
# Why a registration waits (the note of its step to the waiting list; its email says which).
CATEGORY_FULL = "category full"
CITY_FULL = "city full"
PROMOTED = "promoted from the waiting list"


def city_cap(event_id: int) -> int | None:
    return db.session.scalar(
        select(RegistrationSettings.city_cap).where(RegistrationSettings.event_id == event_id)
    )


# Locks, in their order ---------------------------------------------------------------------------


def lock_category(category_id: int) -> RegistrationCategory:
    return lock_row(select(RegistrationCategory).where(RegistrationCategory.id == category_id))


def lock_all_categories(event_id: int) -> dict[int, RegistrationCategory]:
    categories = lock_rows(
        select(RegistrationCategory)
        .where(RegistrationCategory.event_id == event_id)
        .order_by(RegistrationCategory.id)
    )
    return {category.id: category for category in categories}


def lock_cities(event_id: int, city_ids: Iterable[int]) -> None:
    """Hold the (event, city) lock rows until the unit of work ends (PostgreSQL; SQLite's write
    lock is already held)."""
    require_unit_of_work(lock=True)
    if not is_postgres():
        return
    for city_id in sorted(set(city_ids)):
        db.session.execute(
            pg_insert(RegistrationCityLock)
            .values(event_id=event_id, city_id=city_id)
            .on_conflict_do_nothing()
        )
        lock_rows(
            select(RegistrationCityLock.city_id).where(
                RegistrationCityLock.event_id == event_id, RegistrationCityLock.city_id == city_id
            )
        )


def lock_registration(registration_id: int) -> Registration | None:
    return lock_row(select(Registration).where(Registration.id == registration_id))


# Counting ---------------------------------------------------------------------------------------


@dataclass
class SeatCounter:
    """The seats taken in some categories and cities of one event (confirmed registrations and
    open offers from the waiting list), counted once under the locks, and the rule of whether
    one more person fits. ``take`` counts a seat given, so that a batch decides each next
    person on the counts as they now are."""

    event_id: int
    cap: int | None
    categories: dict[int, RegistrationCategory]
    by_category: dict[int, int] = field(default_factory=dict)
    by_city: dict[int, int] = field(default_factory=dict)

    @classmethod
    def count(
        cls,
        event_id: int,
        categories: Iterable[RegistrationCategory],
        city_ids: Iterable[int | None] = (),
    ) -> SeatCounter:
        """Count under the locks: the caller holds the categories' locks; this takes the
        cities' (only where a city cap applies)."""
        categories = {category.id: category for category in categories}
        cap = city_cap(event_id)
        counter = cls(event_id, cap, categories)
        counter.by_category = dict(
            db.session.execute(
                select(Registration.category_id, func.count())
                .where(
                    Registration.category_id.in_(list(categories)),
                    Registration.state.in_(SEAT_STATES),
                )
                .group_by(Registration.category_id)
            ).all()
        )
        cities = sorted({city_id for city_id in city_ids if city_id is not None})
        if cap is not None and cities:
            lock_cities(event_id, cities)
            counter.by_city = dict(
                db.session.execute(
                    select(Registration.city_id, func.count())
                    .where(
                        Registration.event_id == event_id,
                        Registration.state.in_(SEAT_STATES),
                        Registration.city_id.in_(cities),
                    )
                    .group_by(Registration.city_id)
                ).all()
            )
        return counter

    def refusal(self, registration: Registration) -> str | None:
        """Why no seat is free for ``registration`` ("category full" or "city full"), or None
        when one is."""
        category = self.categories[registration.category_id]
        if (
            category.capacity is not None
            and self.by_category.get(category.id, 0) >= category.capacity
        ):
            return CATEGORY_FULL
        city_id = registration.city_id
        if (
            self.cap is not None
            and city_id is not None
            and self.by_city.get(city_id, 0) >= self.cap
        ):
            return CITY_FULL
        return None

    def take(self, registration: Registration) -> None:
        self.by_category[registration.category_id] = (
            self.by_category.get(registration.category_id, 0) + 1
        )
        if registration.city_id is not None:
            self.by_city[registration.city_id] = self.by_city.get(registration.city_id, 0) + 1


def seat_refusal(registration: Registration, category: RegistrationCategory) -> str | None:
    """Why no seat is free for one registration, or None. The caller holds the category's lock;
    this takes the city's."""
    counter = SeatCounter.count(registration.event_id, [category], [registration.city_id])
    return counter.refusal(registration)


def has_seat(registration: Registration, category: RegistrationCategory) -> bool:
    return seat_refusal(registration, category) is None


def full_category_ids(event_id: int) -> set[int]:
    """The categories of the event whose seats are all taken just now (someone confirmed in
    them now waits). A reading for the form, not a promise: seats are decided under the lock."""
    confirmed = (
        select(Registration.category_id, func.count().label("taken"))
        .where(Registration.event_id == event_id, Registration.state.in_(SEAT_STATES))
        .group_by(Registration.category_id)
        .subquery()
    )
    return set(
        db.session.scalars(
            select(RegistrationCategory.id)
            .outerjoin(confirmed, confirmed.c.category_id == RegistrationCategory.id)
            .where(
                RegistrationCategory.event_id == event_id,
                RegistrationCategory.capacity.is_not(None),
                func.coalesce(confirmed.c.taken, 0) >= RegistrationCategory.capacity,
            )
        )
    )


# Placing ----------------------------------------------------------------------------------------


def place(registration_id: int, actor: Actor, by: str = "", approved: bool = False):
    """Give a registration whose email is confirmed (or which an organiser approves) its place:
    a seat, the waiting list, or the organisers' approval queue. Call it inside
    ``unit_of_work(lock=True)``."""
    registration = db.session.get(Registration, registration_id)
    category = lock_category(registration.category_id)
    registration = lock_registration(registration_id)
    return place_locked(registration, category, actor, by, approved)


def place_locked(
    registration: Registration,
    category: RegistrationCategory,
    actor: Actor,
    by: str = "",
    approved: bool = False,
    email: bool = True,
):
    """``place`` for a caller that already holds the category's and the registration's locks.
    The state is decided first; only then is the one email of that state rendered (by the
    state machine; ``email=False`` when the caller sends its own, e.g. a delegation's member
    notice)."""
    with db.session.no_autoflush:
        if category.needs_approval and not approved:
            state, note = S.AWAITING_APPROVAL, ""
        else:
            refusal = seat_refusal(registration, category)
            state, note = (S.CONFIRMED, "") if refusal is None else (S.WAITLISTED, refusal)
    return MACHINE.apply(registration, state, actor, by=by, note=note, email=email)


def fill_from_waitlist(event: Event | int, offer_hours: int | None = None) -> list[Registration]:
    """Promote the longest-waiting people who now fit, in waiting order: confirmed at once, or
    offered the seat for ``offer_hours`` (by default the event's setting; see ``offers``, which
    passes an expired offer on with its hours even where organisers otherwise choose by hand).
    Call inside ``unit_of_work(lock=True)``; locks every category of the event first (see the
    module docstring)."""
    event_id = event if isinstance(event, int) else event.id
    if offer_hours is None:
        settings = db.session.execute(
            select(RegistrationSettings.offer_hours, RegistrationSettings.waitlist_by_hand).where(
                RegistrationSettings.event_id == event_id
            )
        ).first()
        if settings is not None and settings.waitlist_by_hand:
            return []
        offer_hours = settings.offer_hours if settings is not None else None
    categories = lock_all_categories(event_id)
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event_id, Registration.state == S.WAITLISTED)
        .order_by(*QUEUE_ORDER)
    ).all()
    if not waiting:
        return []
    counter = SeatCounter.count(
        event_id, categories.values(), [registration.city_id for registration in waiting]
    )
    promoted = []
    for registration in waiting:
        if counter.refusal(registration) is not None:
            continue
        counter.take(registration)
        locked = lock_registration(registration.id)
        if offer_hours:
            make_offer(locked, offer_hours, Actor.SYSTEM)
        else:
            MACHINE.apply(locked, S.CONFIRMED, Actor.SYSTEM, note=PROMOTED)
        promoted.append(locked)
    return promoted


def make_offer(registration: Registration, hours: int, actor: Actor, by: str = "") -> None:
    """Hold a seat for a waiting registration for ``hours`` and email them the offer. The
    caller has counted the seat (under the locks) as free."""
    registration.offer_expires_at = utcnow() + timedelta(hours=hours)
    MACHINE.apply(registration, S.OFFERED, actor, by=by)
