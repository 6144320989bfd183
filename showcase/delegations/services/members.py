"""A delegation's members: added, edited, removed and replaced by the coordinator.

A member is a registration of the delegation's city. Adding one takes a seat through the
registration's one seat rule, under the same locks in the same order as a single registration
(the category's row, then the city's lock row, then the registration: ``registration/services/
seats.py``), so coordinators and individuals who register at once are never confirmed beyond a
category's capacity or the city cap; who does not fit waits on the same waiting list.

A substitution keeps the seat: the registration stays, the person's fields are replaced and the
badge gets a new random code, so the old badge's signature no longer matches and the check-in
desk refuses it; the old person's links are revoked, the new person gets their own, and
``Substitution`` keeps both names with the badge codes before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from showcase.core.db import require_unit_of_work, utcnow
from showcase.core.errors import Conflict, DomainError, ErrorCollector, NotAllowed
from showcase.core.links import revoke_links
from showcase.core.time import format_datetime
from showcase.core.tokens import random_code
from showcase.core.values import form_language, form_text
from showcase.delegations import emails
from showcase.delegations.models import Delegation, Substitution
from showcase.delegations.services.settings import substitution_deadline, substitutions_open
from showcase.delegations.services.states import MACHINE as DELEGATION_MACHINE
from showcase.delegations.services.states import Actor as DelegationActor
from showcase.events.models import Event
from showcase.extensions import db
from showcase.letters.services.requests import PERSON_REPLACED, close_letters
from showcase.registration.models import (
    ACTIVE_STATES,
    Registration,
    RegistrationCategory,
    RegistrationLink,
    RegistrationState,
)
from showcase.registration.services import organiser, seats
from showcase.registration.services.registrations import cancel, clean_email
from showcase.registration.services.settings import privacy_version
from showcase.registration.services.states import MACHINE, Actor
from showcase.travel.services.plans import erase_travel

S = RegistrationState
LIMITS = {
    "honorific": 60,
    "full_name": 120,
    "full_name_th": 120,
    "job_title": 120,
    "organisation": 200,
    "phone": 40,
}
REMOVED = "removed by the coordinator"
SUBSTITUTED = "substituted"


class MemberError(DomainError):
    pass


class EmailTaken(Conflict):
    """The address already has an active registration for the event (whose is not said)."""


class SubstitutionClosed(Conflict):
    pass


@dataclass
class PersonValues:
    honorific: str
    full_name: str
    full_name_th: str
    job_title: str
    organisation: str
    email: str | None
    phone: str
    language: str

    def apply_to(self, registration: Registration) -> None:
        for name, value in self.__dict__.items():
            setattr(registration, name, value)


def _text(values: dict[str, Any], name: str, missing: Any = None) -> str:
    return form_text(values, name, LIMITS[name], MemberError, missing=missing)


def _email(values: dict[str, Any]) -> str | None:
    text = str(values.get("email") or "").strip()
    return clean_email(text) if text else None


def clean_person(values: dict[str, Any]) -> PersonValues:
    """A member's person fields, checked field by field; every problem reported at once."""
    problems = ErrorCollector()
    full_name = problems.attempt(
        _text, values, "full_name", _l("Give the member's name in English.")
    )
    texts = {
        name: problems.attempt(_text, values, name)
        for name in ("honorific", "full_name_th", "job_title", "organisation", "phone")
    }
    email = problems.attempt(_email, values)
    language = problems.attempt(form_language, values, MemberError)
    problems.raise_any()
    return PersonValues(full_name=full_name, email=email, language=language, **texts)


def delegation_categories(event: Event) -> list[RegistrationCategory]:
    """The categories a delegation's members may take: open ones that are open to delegations."""
    return list(
        db.session.scalars(
            select(RegistrationCategory)
            .where(
                RegistrationCategory.event_id == event.id,
                RegistrationCategory.is_open,
                RegistrationCategory.open_to_delegations,
            )
            .order_by(RegistrationCategory.position, RegistrationCategory.id)
        )
    )


def choose_category(event: Event, category_id: Any) -> RegistrationCategory:
    try:
        wanted = int(str(category_id or ""))
    except (TypeError, ValueError, OverflowError):
        wanted = None
    for category in delegation_categories(event):
        if category.id == wanted:
            return category
    raise MemberError(
        _l("This category is not open to delegations. Choose one from the list."),
        field="category",
    )


def _working(delegation: Delegation) -> None:
    if not delegation.is_working:
        raise NotAllowed(
            _l(
                "This delegation is %(state)s; its members cannot be changed.",
                state=delegation.state.label.lower(),
            )
        )


def _taken(event: Event, email: str | None, except_id: int | None = None) -> None:
    if email is None:
        return
    query = select(Registration.id).where(
        Registration.event_id == event.id,
        Registration.email == email,
        Registration.state.in_(ACTIVE_STATES),
    )
    if except_id is not None:
        query = query.where(Registration.id != except_id)
    if db.session.scalar(query) is not None:
        raise _email_taken()


def _email_taken() -> EmailTaken:
    return EmailTaken(
        _l(
            "This email address already has a registration for this event, and one person can "
            "hold only one. Leave the email empty or give another address."
        ),
        field="email",
    )


def _flush_person(registration: Registration) -> None:
    """Write the person's fields; the database's unique indexes decide between two at once
    (the same address, two heads of delegation)."""
    try:
        with require_unit_of_work().savepoint():
            db.session.add(registration)
            db.session.flush()
    except IntegrityError as error:
        text = str(error.orig)
        if (
            "head" in text or "delegation_id" in text
        ):  # PostgreSQL names the index, SQLite the column
            raise Conflict(
                _l("Another member was marked head of delegation just now. Try again."),
                field="is_head",
            ) from None
        raise _email_taken() from None


def _clear_head(delegation: Delegation, keep_id: int | None = None) -> None:
    query = update(Registration).where(
        Registration.delegation_id == delegation.id, Registration.is_head.is_(True)
    )
    if keep_id is not None:
        query = query.where(Registration.id != keep_id)
    db.session.execute(query.values(is_head=False).execution_options(synchronize_session="fetch"))


def confirm_privacy(delegation: Delegation, by: str) -> None:
    """The coordinator's one confirmation that the members agreed to the privacy notice."""
    _working(delegation)
    delegation.privacy_version = privacy_version(delegation.event)
    delegation.privacy_confirmed_at = utcnow()
    DELEGATION_MACHINE.record(
        delegation, DelegationActor.COORDINATOR, by=by, note="privacy notice confirmed"
    )


def add_member(delegation: Delegation, values: dict[str, Any]) -> Registration:
    """Add a member: a registration of the city that takes a seat (or waits, or awaits the
    organisers' approval) under the seat locks. Call inside ``unit_of_work(lock=True)``."""
    _working(delegation)
    if delegation.privacy_confirmed_at is None:
        raise Conflict(
            _l("First confirm that the members agreed to the privacy notice."), field="consent"
        )
    event = delegation.event
    problems = ErrorCollector()
    person = problems.attempt(clean_person, values)
    category = problems.attempt(choose_category, event, values.get("category"))
    problems.raise_any()
    _taken(event, person.email)
    with db.session.no_autoflush:
        category = seats.lock_category(category.id)  # categories before registrations
    member = Registration(
        event_id=event.id,
        event=event,
        category=category,
        delegation_id=delegation.id,
        city_id=delegation.city_id,
        state=S.PENDING_EMAIL,
        consent_version=delegation.privacy_version,
        consent_at=utcnow(),
        badge_code=random_code(8),
        is_vip=bool(values.get("is_vip")),
    )
    person.apply_to(member)
    if values.get("is_head"):
        _clear_head(delegation)
        member.is_head = True
    _flush_person(member)
    MACHINE.record(member, Actor.REGISTRANT, by=delegation.coordinator_name, new=True)
    seats.place_locked(member, category, Actor.SYSTEM, email=False)
    emails.member_notice(member, delegation)
    return member


def member_of(delegation: Delegation, member_id: Any) -> Registration:
    try:
        member = db.session.get(Registration, int(member_id))
    except (TypeError, ValueError, OverflowError):
        member = None
    if member is None or member.delegation_id != delegation.id:
        raise MemberError(_l("There is no such member in this delegation."))
    return member


def _active(member: Registration) -> None:
    if member.state not in ACTIVE_STATES:
        raise Conflict(
            _l(
                "This member's registration is %(state)s; it can no longer be changed.",
                state=member.state.label.lower(),
            )
        )


def update_member(delegation: Delegation, member_id: Any, values: dict[str, Any]) -> None:
    """Change a member's details and marks (the category stays: it holds the seat)."""
    _working(delegation)
    member = member_of(delegation, member_id)
    _active(member)
    person = clean_person(values)
    _taken(delegation.event, person.email, except_id=member.id)
    new_address = person.email != member.email
    person.apply_to(member)
    member.is_vip = bool(values.get("is_vip"))
    if values.get("is_head") and not member.is_head:
        _clear_head(delegation, keep_id=member.id)
        member.is_head = True
    elif not values.get("is_head"):
        member.is_head = False
    _flush_person(member)
    MACHINE.record(member, Actor.REGISTRANT, by=delegation.coordinator_name, note="details changed")
    if new_address:
        # The links sent to the old address stop working; the new address gets its own.
        revoke_links(RegistrationLink, RegistrationLink.registration_id == member.id)
        emails.member_notice(member, delegation)


def remove_member(delegation: Delegation, member_id: Any) -> Registration:
    """Cancel a member's registration; a freed seat goes to the next person waiting. Call
    inside ``unit_of_work(lock=True)``."""
    _working(delegation)
    member = member_of(delegation, member_id)
    _active(member)
    member = cancel(member.id, Actor.REGISTRANT, by=delegation.coordinator_name, reason=REMOVED)
    member.is_head = False
    return member


def substitute(
    delegation: Delegation, member_id: Any, values: dict[str, Any], now=None
) -> Registration:
    """Replace a member by another person on the same seat, until the organisers' deadline.
    Locks the member's category and then the registration, as a cancellation does, so a
    substitution and a cancellation of the same member happen one after the other."""
    _working(delegation)
    event = delegation.event
    if not substitutions_open(event, now):
        raise SubstitutionClosed(
            _l(
                "Members could be replaced until %(deadline)s; that deadline has passed. "
                "Write to the organisers.",
                deadline=format_datetime(substitution_deadline(event), event.timezone),
            )
        )
    found = member_of(delegation, member_id)
    person = clean_person(values)
    with db.session.no_autoflush:
        seats.lock_category(found.category_id)
        member = seats.lock_registration(found.id)
    _active(member)
    if member.checked_in_at is not None:
        raise Conflict(_l("This member has already checked in and cannot be replaced."))
    _taken(event, person.email, except_id=member.id)
    # The letters named the person who no longer comes; the revocation reaches them.
    close_letters(member, PERSON_REPLACED)
    record = Substitution(
        delegation_id=delegation.id,
        registration=member,
        by=delegation.coordinator_name,
        old_name=member.full_name,
        old_name_th=member.full_name_th,
        old_email=member.email or "",
        old_badge_code=member.badge_code,
    )
    person.apply_to(member)
    member.badge_code = random_code(8)
    member.email_confirmed_at = None
    record.new_name = member.full_name
    record.new_name_th = member.full_name_th
    record.new_badge_code = member.badge_code
    db.session.add(record)
    _flush_person(member)
    revoke_links(RegistrationLink, RegistrationLink.registration_id == member.id)
    # The flights and hotel were the person's who no longer comes: the new one gives their own.
    erase_travel(member.id)
    MACHINE.record(member, Actor.REGISTRANT, by=delegation.coordinator_name, note=SUBSTITUTED)
    emails.substitution_notice(member, delegation, replaced=record.old_name)
    return member


def decide_pending(event: Event, delegation: Delegation, approve: bool, by: str, reason="") -> int:
    """Approve (each takes a seat under the locks, or waits) or reject every member of the
    delegation who awaits the organisers' approval. Call inside ``unit_of_work(lock=True)``."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise MemberError(_l("Give the coordinator a reason."), field="reason")
    seats.lock_all_categories(event.id)  # every category first, in their order
    pending = [member for member in delegation.members if member.state == S.AWAITING_APPROVAL]
    for member in pending:
        if approve:
            organiser.approve(event, member.id, by)
        else:
            organiser.reject(event, member.id, by, reason)
    return len(pending)
