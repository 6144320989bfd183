"""Requesting, inviting and deciding delegations, and the coordinator's secret link.

A city office requests a delegation through the public form (``requested``; the organisers
approve or reject it), or the organisers invite a coordinator by email (``invited``). Either way
the coordinator receives a link to the delegation's page, where the members are arranged. A
city has at most one delegation per event: the database's unique constraint decides between two
requests sent at once, and the second is told the city already has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from showcase.core.db import lock_row, require_unit_of_work
from showcase.core.errors import Conflict, DomainError, ErrorCollector, NotAllowed
from showcase.core.links import LinkError, LinkPurpose, resolve_link
from showcase.core.values import form_language, form_text, given_reason
from showcase.delegations import emails
from showcase.delegations.models import (
    Delegation,
    DelegationLink,
    DelegationState,
)
from showcase.delegations.services.settings import current_settings
from showcase.delegations.services.states import MACHINE, Actor
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.services.registrations import clean_email

D = DelegationState
LIMITS = {
    "coordinator_name": 120,
    "coordinator_organisation": 200,
    "coordinator_phone": 40,
    "message": 2000,
}


class DelegationError(DomainError):
    pass


class RequestsClosed(NotAllowed):
    pass


@dataclass
class CoordinatorValues:
    city_id: int
    coordinator_name: str
    coordinator_organisation: str
    coordinator_email: str
    coordinator_phone: str
    language: str
    message: str


def _text(values: dict[str, Any], name: str, missing: Any = None) -> str:
    return form_text(
        values, name, LIMITS[name], DelegationError, name != "message", missing=missing
    )


def _city(values: dict[str, Any]) -> int:
    try:
        city = db.session.get(City, int(str(values.get("city") or "")))
    except (TypeError, ValueError, OverflowError):
        city = None
    if city is None:
        raise DelegationError(_l("Choose the city from the list."), field="city")
    return city.id


def clean_coordinator(values: dict[str, Any]) -> CoordinatorValues:
    """The city and the coordinator, checked field by field; every problem reported at once."""
    problems = ErrorCollector()
    city_id = problems.attempt(_city, values)
    name = problems.attempt(_text, values, "coordinator_name", _l("Give the coordinator's name."))
    email = problems.attempt(
        clean_email, values.get("coordinator_email") or "", "coordinator_email"
    )
    texts = {
        field: problems.attempt(_text, values, field)
        for field in ("coordinator_organisation", "coordinator_phone", "message")
    }
    language = problems.attempt(form_language, values, DelegationError)
    problems.raise_any()
    return CoordinatorValues(
        city_id=city_id,
        coordinator_name=name,
        coordinator_email=email,
        language=language,
        **texts,
    )


def _create(event: Event, values: CoordinatorValues, state: D) -> Delegation:
    delegation = Delegation(event_id=event.id, event=event, state=state, **values.__dict__)
    delegation.city = db.session.get(City, values.city_id)
    try:
        with require_unit_of_work().savepoint():
            db.session.add(delegation)
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            _l(
                "%(city)s already has a delegation for this event. Its coordinator can add "
                "members; the organisers can tell you who that is.",
                city=delegation.city.name,
            ),
            field="city",
        ) from None
    return delegation


def request_delegation(event: Event, values: dict[str, Any]) -> Delegation:
    """A city office's request (``requested``); the coordinator is emailed their link."""
    if not current_settings(event).requests_open:
        raise RequestsClosed(_l("Delegation requests for this event are closed."))
    cleaned = clean_coordinator(values)
    delegation = _create(event, cleaned, D.REQUESTED)
    MACHINE.start(delegation, Actor.COORDINATOR, by=cleaned.coordinator_name)
    emails.request_received(delegation)
    return delegation


def invite(event: Event, values: dict[str, Any], by: str) -> Delegation:
    """The organisers invite a city's coordinator: the delegation is ready to work at once."""
    cleaned = clean_coordinator(values)
    delegation = _create(event, cleaned, D.INVITED)
    MACHINE.start(delegation, Actor.ORGANISER, by=by)
    emails.invitation(delegation)
    return delegation


def _locked(event: Event, delegation_id: int) -> Delegation:
    delegation = lock_row(select(Delegation).where(Delegation.id == delegation_id))
    if delegation is None or delegation.event_id != event.id:
        raise DelegationError(_l("There is no such delegation."))
    return delegation


def approve(event: Event, delegation_id: int, by: str) -> Delegation:
    delegation = _locked(event, delegation_id)
    MACHINE.apply(delegation, D.APPROVED, Actor.ORGANISER, by=by)
    return delegation


def reject(event: Event, delegation_id: int, by: str, reason: str) -> Delegation:
    reason = given_reason(reason, _l("Give the coordinator a reason."), DelegationError)
    delegation = _locked(event, delegation_id)
    MACHINE.apply(delegation, D.REJECTED, Actor.ORGANISER, by=by, note=reason[:2000])
    return delegation


def for_link(event: Event, secret: str) -> Delegation:
    """The delegation behind a coordinator's link (``LinkError``: 404, expired: 410)."""
    link = resolve_link(DelegationLink, secret, LinkPurpose.MANAGE)
    delegation = link.delegation
    if delegation.event_id != event.id:
        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    return delegation


def delegations_of(event: Event) -> list[Delegation]:
    return list(
        db.session.scalars(
            select(Delegation)
            .join(City, City.id == Delegation.city_id)
            .where(Delegation.event_id == event.id)
            .order_by(City.kind, City.name_en)
        )
    )
