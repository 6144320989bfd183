"""Seats: the capacity of a category and the cap per city, counted under a lock.

Every function here runs inside ``write_transaction``. On PostgreSQL it locks rows with
``SELECT … FOR UPDATE`` in one fixed order so that two transactions never wait for each other in
a circle: category rows first (by id), then city lock rows. Confirming one registration locks its
own category and city; anything that may promote from the waiting list (a cancellation, an
erasure, a larger capacity) locks every category of the event first, so while it runs no
confirmation holds any lock it will need. On SQLite the transaction holds the database's write
lock from its first statement, which serialises the same work.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from showcase.core.db import is_postgres
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import (
    Registration,
    RegistrationCategory,
    RegistrationCityLock,
    RegistrationSettings,
    RegistrationState,
)
from showcase.registration.services.states import Actor, change_state
from showcase.registration.services.waitlist import QUEUE_ORDER

S = RegistrationState
# Why a registration waits (the note of its step to the waiting list; its email says which).
CATEGORY_FULL = "category full"
CITY_FULL = "city full"


def city_cap(event_id: int) -> int | None:
    return db.session.scalar(
        select(RegistrationSettings.city_cap).where(RegistrationSettings.event_id == event_id)
    )


def lock_category(category_id: int) -> RegistrationCategory:
    return db.session.scalar(
        select(RegistrationCategory)
        .where(RegistrationCategory.id == category_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def lock_all_categories(event_id: int) -> dict[int, RegistrationCategory]:
    categories = db.session.scalars(
        select(RegistrationCategory)
        .where(RegistrationCategory.event_id == event_id)
        .order_by(RegistrationCategory.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return {category.id: category for category in categories}


def lock_city(event_id: int, city_id: int) -> None:
    """Hold the (event, city) lock row until the transaction ends (PostgreSQL only)."""
    if not is_postgres():
        return
    db.session.execute(
        pg_insert(RegistrationCityLock)
        .values(event_id=event_id, city_id=city_id)
        .on_conflict_do_nothing()
    )
    db.session.execute(
        select(RegistrationCityLock.city_id)
        .where(RegistrationCityLock.event_id == event_id, RegistrationCityLock.city_id == city_id)
        .with_for_update()
    )


def confirmed_in_category(category_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.category_id == category_id, Registration.state == S.CONFIRMED)
    )


def confirmed_in_city(event_id: int, city_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == event_id,
            Registration.city_id == city_id,
            Registration.state == S.CONFIRMED,
        )
    )


def full_category_ids(event_id: int) -> set[int]:
    """The categories of the event whose seats are all taken just now (someone confirmed in
    them now waits). A reading for the form, not a promise: seats are decided under the lock."""
    confirmed = (
        select(Registration.category_id, func.count().label("taken"))
        .where(Registration.event_id == event_id, Registration.state == S.CONFIRMED)
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


def lock_registration(registration_id: int) -> Registration | None:
    return db.session.scalar(
        select(Registration)
        .where(Registration.id == registration_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def seat_refusal(
    registration: Registration, category: RegistrationCategory, cap: int | None
) -> str | None:
    """Why no seat is free for ``registration`` ("category full" or "city full"), or None when
    one is. The caller holds the category's lock; this takes the city's."""
    if category.capacity is not None and confirmed_in_category(category.id) >= category.capacity:
        return CATEGORY_FULL
    if cap is not None and registration.city_id is not None:
        lock_city(registration.event_id, registration.city_id)
        if confirmed_in_city(registration.event_id, registration.city_id) >= cap:
            return CITY_FULL
    return None


def has_seat(registration: Registration, category: RegistrationCategory, cap: int | None) -> bool:
    return seat_refusal(registration, category, cap) is None


def place(registration_id: int, actor: Actor, by: str = "", approved: bool = False):
    """Give a registration whose email is confirmed (or which an organiser approves) its place:
    a seat, the waiting list, or the organisers' approval queue. Owns no transaction: call it
    inside ``write_transaction``."""
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
    prepared: dict | None = None,
):
    """``place`` for a caller that already holds the category's and the registration's locks.

    ``prepared`` maps each possible outcome ``(state, note)`` to its email, queued before the
    locks were taken (see ``registrations.confirm``): the one that fits is kept, the others are
    taken out of the session before anything is written.
    """
    with db.session.no_autoflush:
        if category.needs_approval and not approved:
            state, note = S.AWAITING_APPROVAL, ""
        else:
            refusal = seat_refusal(registration, category, city_cap(registration.event_id))
            state, note = (S.CONFIRMED, "") if refusal is None else (S.WAITLISTED, refusal)
    chosen = None
    for outcome, message in (prepared or {}).items():
        if outcome == (state, note):
            chosen = message
        else:
            db.session.expunge(message)
    return change_state(registration, state, actor, by, note=note, send_email=chosen is None)


def discard(prepared: dict) -> None:
    for message in prepared.values():
        db.session.expunge(message)


def fill_from_waitlist(event: Event | int) -> list[Registration]:
    """Promote the longest-waiting people who now fit, in waiting order. Call inside
    ``write_transaction``; locks every category of the event first (see the module docstring)."""
    event_id = event if isinstance(event, int) else event.id
    categories = lock_all_categories(event_id)
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event_id, Registration.state == S.WAITLISTED)
        .order_by(*QUEUE_ORDER)
    ).all()
    if not waiting:
        return []
    cap = city_cap(event_id)
    by_category = dict(
        db.session.execute(
            select(Registration.category_id, func.count())
            .where(Registration.event_id == event_id, Registration.state == S.CONFIRMED)
            .group_by(Registration.category_id)
        ).all()
    )
    by_city: dict[int, int] = {}
    if cap is not None:
        for city_id in sorted({r.city_id for r in waiting if r.city_id is not None}):
            lock_city(event_id, city_id)
        by_city = dict(
            db.session.execute(
                select(Registration.city_id, func.count())
                .where(
                    Registration.event_id == event_id,
                    Registration.state == S.CONFIRMED,
                    Registration.city_id.is_not(None),
                )
                .group_by(Registration.city_id)
            ).all()
        )
    promoted = []
    for registration in waiting:
        category = categories[registration.category_id]
        if category.capacity is not None and by_category.get(category.id, 0) >= category.capacity:
            continue
        if cap is not None and registration.city_id is not None:
            if by_city.get(registration.city_id, 0) >= cap:
                continue
            by_city[registration.city_id] = by_city.get(registration.city_id, 0) + 1
        by_category[category.id] = by_category.get(category.id, 0) + 1
        locked = lock_registration(registration.id)
        change_state(locked, S.CONFIRMED, Actor.SYSTEM, note="promoted from the waiting list")
        promoted.append(locked)
    return promoted
