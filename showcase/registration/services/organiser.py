"""What organisers do: categories, the list of registrations, decisions, the export and counts.

Everything that changes runs in the caller's ``unit_of_work(lock=True)`` (seats are counted under
the locks of ``seats``); nothing here commits.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError

from showcase.core.db import event_row, event_rows, require_unit_of_work
from showcase.core.errors import DomainError
from showcase.core.i18n import LANGUAGE_NAMES, country_name
from showcase.core.time import format_local_stamp, format_utc_stamp
from showcase.core.values import given_reason
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import (
    BadgeKind,
    Registration,
    RegistrationCategory,
    RegistrationState,
)
from showcase.registration.services import seats
from showcase.registration.services.states import MACHINE, Actor
from showcase.registration.services.waitlist import QUEUE_ORDER

S = RegistrationState
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
INVITATION = re.compile(r"^[A-Za-z0-9-]{4,32}$")


class CategoryError(DomainError):
    pass


# Categories -----------------------------------------------------------------------------------


def list_categories(event: Event) -> list[RegistrationCategory]:
    return event_rows(
        RegistrationCategory, event, RegistrationCategory.position, RegistrationCategory.id
    )


def get_category(event: Event, category_id: int) -> RegistrationCategory | None:
    return event_row(RegistrationCategory, event, category_id)


def save_category(
    event: Event, values: dict[str, Any], category: RegistrationCategory | None = None
) -> RegistrationCategory:
    """Create or change a category. A larger capacity lets people in from the waiting list, in
    the same unit of work: if that fails, the category is left as it was."""
    work = require_unit_of_work(lock=True)
    code = (values.get("code") or "").strip().lower()
    if not CODE.match(code):
        raise CategoryError(
            _l("Use lower-case letters, digits and hyphens (up to 32)."), field="code"
        )
    name_en = (values.get("name_en") or "").strip()
    if not name_en or len(name_en) > 120:
        raise CategoryError(_l("Give a name of up to 120 characters."), field="name_en")
    capacity = values.get("capacity")
    if capacity is not None and not 0 <= capacity <= 1_000_000:
        raise CategoryError(_l("Give a whole number from 0, or leave it empty."), field="capacity")
    invitation_only = bool(values.get("invitation_only"))
    invitation_code = (values.get("invitation_code") or "").strip() or None
    if invitation_code is not None and not INVITATION.match(invitation_code):
        raise CategoryError(_l("Use 4 to 32 letters, digits and hyphens."), field="invitation_code")
    if invitation_only and invitation_code is None:
        raise CategoryError(
            _l("An invitation-only category needs an invitation code."), field="invitation_code"
        )
    is_new = category is None
    if category is None:
        category = RegistrationCategory(event_id=event.id)
        db.session.add(category)
    category.code = code
    category.name_en = name_en
    category.name_th = (values.get("name_th") or "").strip()[:120]
    category.description_en = (values.get("description_en") or "").strip()[:500]
    category.description_th = (values.get("description_th") or "").strip()[:500]
    category.capacity = capacity
    category.needs_approval = bool(values.get("needs_approval"))
    category.invitation_only = invitation_only
    category.invitation_code = invitation_code
    category.is_open = bool(values.get("is_open", True))
    category.position = int(values.get("position") or 0)
    category.open_to_delegations = bool(values.get("open_to_delegations"))
    kind = str(values.get("badge_kind") or BadgeKind.DELEGATE.value)
    if kind not in {member.value for member in BadgeKind}:
        raise CategoryError(_l("Choose a badge colour from the list."), field="badge_kind")
    category.badge_kind = BadgeKind(kind)
    try:
        with work.savepoint():
            db.session.flush()
    except IntegrityError:
        raise CategoryError(
            _l("Another category of this event already uses this code."), field="code"
        ) from None
    if not is_new:
        seats.fill_from_waitlist(event.id)
    return category


# The list -------------------------------------------------------------------------------------


def registrations_query(
    event: Event,
    q: str = "",
    state: str = "",
    category_id: int | None = None,
    city: str = "",
) -> Select:
    query = select(Registration).where(Registration.event_id == event.id)
    words = (q or "").strip()[:100]
    if words:
        pattern = f"%{words.lower()}%"
        query = query.where(
            or_(
                func.lower(Registration.full_name).like(pattern),
                Registration.full_name_th.like(f"%{words}%"),
                Registration.email.like(pattern),
                func.lower(Registration.organisation).like(pattern),
            )
        )
    if state in {s.value for s in S}:
        query = query.where(Registration.state == S(state))
    if category_id:
        query = query.where(Registration.category_id == category_id)
    if city == "other":
        query = query.where(Registration.city_id.is_(None))
    elif city.isdigit():
        query = query.where(Registration.city_id == int(city))
    if state == S.WAITLISTED.value:
        # The waiting list as it is served: by category, longest waiting first.
        return query.join(RegistrationCategory).order_by(
            RegistrationCategory.position, RegistrationCategory.id, *QUEUE_ORDER
        )
    return query.order_by(Registration.created_at.desc(), Registration.id.desc())


def _count_per(column: Any, event: Event, *conditions: Any) -> dict[Any, int]:
    """How many of the event's registrations (those that meet ``conditions``) have each value
    of ``column``."""
    return dict(
        db.session.execute(
            select(column, func.count())
            .where(Registration.event_id == event.id, *conditions)
            .group_by(column)
        ).all()
    )


def counts(event: Event) -> dict[str, Any]:
    """Counts by state, by category (confirmed / capacity) and by city (confirmed)."""
    by_state = _count_per(Registration.state, event)
    per_category = _count_per(Registration.category_id, event, Registration.state == S.CONFIRMED)
    waiting = _count_per(Registration.category_id, event, Registration.state == S.WAITLISTED)
    cities = db.session.execute(
        select(City, func.count())
        .join(Registration, Registration.city_id == City.id)
        .where(Registration.event_id == event.id, Registration.state == S.CONFIRMED)
        .group_by(City.id)
        .order_by(func.count().desc(), City.name_en)
        .limit(10)
    ).all()
    checked_in = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.event_id == event.id, Registration.checked_in_at.is_not(None))
    )
    return {
        "states": [(state, by_state.get(state, 0)) for state in S],
        "categories": [
            (category, per_category.get(category.id, 0), waiting.get(category.id, 0))
            for category in list_categories(event)
        ],
        "cities": cities,
        "checked_in": checked_in,
        "total": sum(by_state.values()),
    }


# Decisions ------------------------------------------------------------------------------------


def approve(event: Event, registration_id: int, by: str) -> Registration:
    """Approve a registration awaiting approval (or let a waitlisted one in if a seat is free):
    it takes a seat under the locks, or goes to the waiting list when none is free."""
    found = db.session.get(Registration, registration_id)
    if found is None or found.event_id != event.id:
        raise DomainError(_l("There is no such registration."))
    category = seats.lock_category(found.category_id)  # categories before registrations
    registration = _locked(event, registration_id)
    if registration.state == S.WAITLISTED:
        if not seats.has_seat(registration, category):
            raise DomainError(_l("There is no free seat for this registration."))
        MACHINE.apply(registration, S.CONFIRMED, Actor.ORGANISER, by=by)
    else:
        MACHINE.check(registration, S.CONFIRMED, Actor.ORGANISER)
        seats.place_locked(registration, category, Actor.ORGANISER, by, approved=True)
    return registration


def reject(event: Event, registration_id: int, by: str, reason: str) -> None:
    reason = given_reason(reason, _l("Give the registrant a reason."))
    registration = _locked(event, registration_id)
    MACHINE.apply(registration, S.REJECTED, Actor.ORGANISER, by=by, note=reason[:2000])


def cancel(event: Event, registration_id: int, by: str, reason: str) -> None:
    from showcase.registration.services.registrations import cancel as cancel_registration

    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise DomainError(_l("There is no such registration."))
    cancel_registration(registration_id, Actor.ORGANISER, by, (reason or "").strip()[:2000])


def _locked(event: Event, registration_id: int) -> Registration:
    registration = seats.lock_registration(registration_id)
    if registration is None or registration.event_id != event.id:
        raise DomainError(_l("There is no such registration."))
    return registration


# Export ---------------------------------------------------------------------------------------

CSV_HEADER = (
    "id",
    "state",
    "category",
    "full_name",
    "full_name_th",
    "email",
    "organisation",
    "job_title",
    "city",
    "country",
    "dietary",
    "accessibility",
    "language",
    "registered_at",
    "registered_at_utc",
    "checked_in_at",
    "checked_in_at_utc",
)


def csv_rows(event: Event):
    """One row per registration as organisers read it: states, categories, countries and
    languages by their names in the organiser's language, times in the event's zone with the
    zone named, and each time again in UTC (ISO 8601) for programs."""
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.erased_at.is_(None))
        .order_by(Registration.id)
        .execution_options(yield_per=500)
    )
    cities = {city.id: city for city in db.session.scalars(select(City))}
    categories = {category.id: category for category in list_categories(event)}
    for registration in rows:
        city = cities.get(registration.city_id)
        yield (
            registration.id,
            registration.state.label,
            categories[registration.category_id].name,
            registration.full_name,
            registration.full_name_th,
            registration.email or "",
            registration.organisation,
            registration.job_title,
            city.name if city else registration.other_city,
            country_name(city.country_code if city else registration.other_country),
            registration.dietary,
            registration.accessibility,
            LANGUAGE_NAMES.get(registration.language, registration.language),
            format_local_stamp(registration.created_at, event.timezone),
            format_utc_stamp(registration.created_at),
            format_local_stamp(registration.checked_in_at, event.timezone),
            format_utc_stamp(registration.checked_in_at),
        )
