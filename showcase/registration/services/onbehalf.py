"""Organisers register people on their behalf and correct any registration.

- ``register_walk_in``: an organiser vouches for the person (no double opt-in): the registration
  takes its place under the seat rule at once (``seats.place_locked``), the person is emailed
  their manage link and badge with the email of the state reached, and a walk-in at the desk
  can be checked in in the same step.
- ``edit_registration``: an organiser changes the details, the address, the category or the
  city of any active registration; a registration holding a seat keeps it only if the seat rule
  (``seats.SeatCounter``) lets it into the new category and city, and the seat it leaves goes
  to the waiting list. Every change is written to the history, field by field.
- ``import_invitations``: invitees from a CSV file, each emailed a personal link
  (``RegistrationInvitation``) that opens the public form filled in, in their category, without
  its invitation code. A file with any bad row is refused, every problem named by line.

Everything runs in the caller's ``unit_of_work(lock=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from showcase.checkin.services.scans import desk_check_in
from showcase.core.csvio import RowError, read_csv
from showcase.core.db import require_unit_of_work, utcnow
from showcase.core.errors import Conflict, DomainError, ErrorCollector
from showcase.core.links import LinkPurpose, mint_link
from showcase.core.tokens import hash_secret, looks_like_secret, new_secret
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration import emails
from showcase.registration.models import (
    ACTIVE_STATES,
    SEAT_STATES,
    Registration,
    RegistrationCategory,
    RegistrationInvitation,
    RegistrationLink,
    RegistrationState,
)
from showcase.registration.services import seats
from showcase.registration.services.registrations import (
    RegistrationError,
    check_consent,
    clean_email,
    clean_values,
    find_active,
    new_pending,
)
from showcase.registration.services.states import MACHINE, Actor

S = RegistrationState
REGISTERED = "registered by an organiser"
FROM_INVITATION = "registered from an invitation"


def organiser_categories(event: Event) -> list[RegistrationCategory]:
    """The categories organisers register people into: every category the event's form has,
    open or closed, invitation-only too (the Speaker and Exhibitor-staff passes are given by
    Showcase, not chosen)."""
    return list(
        db.session.scalars(
            select(RegistrationCategory)
            .where(RegistrationCategory.event_id == event.id, RegistrationCategory.given_to == "")
            .order_by(RegistrationCategory.position, RegistrationCategory.id)
        )
    )


def _category(event: Event, category_id: Any) -> RegistrationCategory:
    try:
        wanted = int(category_id)
    except (TypeError, ValueError):
        wanted = None
    for category in organiser_categories(event):
        if category.id == wanted:
            return category
    raise RegistrationError(_l("Choose a category from the list."), field="category")


def _already_registered() -> Conflict:
    return Conflict(
        _l("This address already has a registration for this event. Find it in the list."),
        field="email",
    )


def new_registration(
    event: Event,
    email: str,
    category: RegistrationCategory,
    details,
    *,
    actor: Actor = Actor.ORGANISER,
    by: str = "",
    note: str = REGISTERED,
) -> Registration:
    """A registration Showcase or an organiser makes for someone (``pending_email`` until the
    caller places it); ``Conflict`` when the address is already registered."""
    registration = new_pending(event, category, email, details, registered_by=by or "")
    try:
        with require_unit_of_work().savepoint():
            db.session.add(registration)
            db.session.flush()
    except IntegrityError:
        raise _already_registered() from None
    MACHINE.record(registration, actor, by=by, note=note, new=True)
    return registration


def register_walk_in(
    event: Event, values: dict[str, Any], by: str, check_in: bool = False
) -> Registration:
    """Register a person at an organiser's word: placed at once (a seat, or the waiting list
    when none is free), emailed their manage link; checked in too when asked and confirmed."""
    problems = ErrorCollector()
    email = problems.attempt(clean_email, values.get("email") or "")
    details = problems.attempt(clean_values, values)
    category = problems.attempt(_category, event, values.get("category"))
    problems.raise_any()
    if find_active(event, email) is not None:
        raise _already_registered()
    registration = new_registration(event, email, category, details, by=by)
    category = seats.lock_category(category.id)
    registration = seats.lock_registration(registration.id)
    seats.place_locked(registration, category, Actor.ORGANISER, by, approved=True)
    if check_in and registration.state == S.CONFIRMED:
        desk_check_in(event, registration.id, by)
    return registration


# Editing --------------------------------------------------------------------------------------

# The fields an organiser's edit compares, with the label its history line uses.
EDITED_FIELDS = {
    "email": _l("Email"),
    "full_name": _l("Full name"),
    "full_name_th": _l("Name in Thai"),
    "organisation": _l("Organisation"),
    "job_title": _l("Job title"),
    "city_label": _l("City"),
    "category_name": _l("Category"),
    "dietary": _l("Dietary needs"),
    "accessibility": _l("Accessibility needs"),
    "language": _l("Language"),
}


def _snapshot(registration: Registration) -> dict[str, str]:
    return {
        **{
            name: str(getattr(registration, name) or "")
            for name in EDITED_FIELDS
            if name not in ("city_label", "category_name")
        },
        "city_label": registration.city_label,
        "category_name": registration.category.name_en,
    }


def edit_registration(
    event: Event, registration_id: int, values: dict[str, Any], by: str
) -> Registration:
    """An organiser's correction of any active registration (see the module docstring)."""
    found = db.session.get(Registration, registration_id)
    if found is None or found.event_id != event.id:
        raise DomainError(_l("There is no such registration."))
    categories = seats.lock_all_categories(event.id)
    registration = seats.lock_registration(registration_id)
    if registration.state not in ACTIVE_STATES:
        raise Conflict(
            _l(
                "This registration is %(state)s; its details can no longer be changed.",
                state=registration.state.label.lower(),
            )
        )
    problems = ErrorCollector()
    email = problems.attempt(clean_email, values.get("email") or "")
    details = problems.attempt(clean_values, values)
    category = problems.attempt(_edited_category, event, registration, values.get("category"))
    problems.raise_any()
    before = _snapshot(registration)
    moves = category.id != registration.category_id or details.city_id != registration.city_id
    moves_seat = moves and registration.state in SEAT_STATES
    if moves_seat:
        _check_seat(event, registration, categories[category.id], details.city_id)
    details.apply_to(registration)
    registration.category = category
    registration.category_id = category.id
    registration.email = email
    try:
        with require_unit_of_work().savepoint():
            db.session.flush()
    except IntegrityError:
        raise _already_registered() from None
    db.session.refresh(registration, ["city"])
    after = _snapshot(registration)
    changes = [
        f"{EDITED_FIELDS[name]}: {before[name] or '—'} → {after[name] or '—'}"
        for name in EDITED_FIELDS
        if before[name] != after[name]
    ]
    if changes:
        MACHINE.record(registration, Actor.ORGANISER, by=by, note="; ".join(changes))
    if moves:
        # A seat left behind, or a waiting person now in a category with a free seat.
        seats.fill_from_waitlist(event.id)
    return registration


def _edited_category(
    event: Event, registration: Registration, category_id: Any
) -> RegistrationCategory:
    """The category chosen; a pass Showcase gave (Speaker, Exhibitor staff) keeps its own."""
    if registration.category.given_to and str(category_id) == str(registration.category_id):
        return registration.category
    return _category(event, category_id)


def _check_seat(
    event: Event, registration: Registration, category: RegistrationCategory, city_id
) -> None:
    """The seat rule for the registration's new category and city, counted under the locks
    without the seat it holds now."""
    counter = seats.SeatCounter.count(event.id, [category], [city_id])
    if registration.category_id in counter.by_category:
        counter.by_category[registration.category_id] -= 1
    if registration.city_id is not None and registration.city_id in counter.by_city:
        counter.by_city[registration.city_id] -= 1
    refusal = counter.refusal(SimpleNamespace(category_id=category.id, city_id=city_id))
    if refusal == seats.CATEGORY_FULL:
        raise Conflict(
            _l(
                "All places of %(category)s are taken, so this registration cannot move there.",
                category=category.name,
            ),
            field="category",
        )
    if refusal == seats.CITY_FULL:
        raise Conflict(
            _l("All places of this city are taken, so this registration cannot move there."),
            field="city",
        )


# Invitations ----------------------------------------------------------------------------------

INVITATION_REQUIRED = ("email", "full_name", "category")
INVITATION_OPTIONAL = ("full_name_th", "organisation", "job_title", "language")


@dataclass
class InvitationResult:
    invited: int


def import_invitations(event: Event, data: bytes, by: str) -> InvitationResult:
    """Invite everyone in the file, or nobody: every bad row is reported by its line."""
    parsed = read_csv(data, INVITATION_REQUIRED, INVITATION_OPTIONAL)
    by_code = {category.code: category for category in organiser_categories(event)}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    invitations = []
    for line, row in parsed.rows:
        problems = []
        try:
            email = clean_email(row.get("email", ""))
        except RegistrationError as error:
            problems.append(f"email: {error.message}")
            email = ""
        if email and email in seen:
            problems.append(
                str(_l("email: the same address is on line %(line)d", line=seen[email]))
            )
        elif email:
            seen[email] = line
            if find_active(event, email) is not None or _invitation_of(event, email):
                problems.append(str(_l("email: this address is already registered or invited")))
        full_name = " ".join(row.get("full_name", "").split())
        if not full_name or len(full_name) > 120:
            problems.append(str(_l("full_name: give a name of up to 120 characters")))
        category = by_code.get(row.get("category", "").strip().lower())
        if category is None:
            problems.append(
                str(
                    _l(
                        "category: use one of %(codes)s",
                        codes=", ".join(sorted(by_code)) or "—",
                    )
                )
            )
        language = (row.get("language") or "en").strip().lower()
        if language not in ("en", "th"):
            problems.append(str(_l("language: use en or th")))
        texts = {}
        for name, limit in (("full_name_th", 120), ("organisation", 200), ("job_title", 120)):
            texts[name] = " ".join((row.get(name) or "").split())
            if len(texts[name]) > limit:
                problems.append(
                    str(
                        _l("%(column)s: longer than %(limit)d characters", column=name, limit=limit)
                    )
                )
        if problems:
            errors.append(RowError(line, "; ".join(problems)))
            continue
        invitations.append(
            RegistrationInvitation(
                event_id=event.id,
                event=event,
                category=category,
                email=email,
                full_name=full_name,
                language=language,
                invited_by=(by or "")[:254],
                **texts,
            )
        )
    parsed.raise_if(errors)
    if not invitations:
        raise DomainError(_l("The file has no invitees."), field="file")
    for invitation in invitations:
        secret, digest = new_secret()
        invitation.token_hash = digest
        db.session.add(invitation)
        db.session.flush()
        emails.invitation_email(invitation, secret)
    return InvitationResult(len(invitations))


def _invitation_of(event: Event, email: str) -> RegistrationInvitation | None:
    return db.session.scalar(
        select(RegistrationInvitation).where(
            RegistrationInvitation.event_id == event.id, RegistrationInvitation.email == email
        )
    )


class InvitationInvalid(DomainError):
    status_code = 404


def invitation_for(event: Event, secret: str) -> RegistrationInvitation:
    """The invitation behind a personal link that has not been used yet."""
    if not secret or not looks_like_secret(secret):
        raise InvitationInvalid(_l("This invitation link is not valid."), field="invitation")
    invitation = db.session.scalar(
        select(RegistrationInvitation).where(
            RegistrationInvitation.token_hash == hash_secret(secret),
            RegistrationInvitation.event_id == event.id,
        )
    )
    if invitation is None:
        raise InvitationInvalid(_l("This invitation link is not valid."), field="invitation")
    if invitation.registration_id is not None:
        raise Conflict(
            _l("This invitation has been used. Your registration link was emailed to you."),
            field="invitation",
        )
    return invitation


def invited_values(invitation: RegistrationInvitation) -> dict[str, str]:
    """What the form is filled in with for an invitee."""
    return {
        "email": invitation.email,
        "full_name": invitation.full_name,
        "full_name_th": invitation.full_name_th,
        "organisation": invitation.organisation,
        "job_title": invitation.job_title,
        "language": invitation.language,
        "category": str(invitation.category_id),
    }


def register_invited(
    event: Event, secret: str, values: dict[str, Any]
) -> tuple[Registration, str | None]:
    """An invitee sends the form of their link: registered in their category without its
    code. The link reached their address, so when they keep that address the registration is
    placed at once (returned with a manage secret for the page that follows); another address
    confirms by email as usual (no secret then)."""
    from showcase.registration.services import registrations

    invitation = invitation_for(event, secret)
    values = {**values, "category": str(invitation.category_id)}
    problems = ErrorCollector()
    email = problems.attempt(clean_email, values.get("email") or "")
    details = problems.attempt(clean_values, values)
    check_consent(values, problems)
    problems.raise_any()
    category = invitation.category
    manage_secret = None
    if email != invitation.email:
        registration, _new = registrations._record(event, email, details, category)
    else:
        if find_active(event, email) is not None:
            raise _already_registered()
        registration = new_registration(
            event, email, category, details, actor=Actor.REGISTRANT, note=FROM_INVITATION
        )
        registration.email_confirmed_at = utcnow()
        category = seats.lock_category(category.id)
        registration = seats.lock_registration(registration.id)
        seats.place_locked(registration, category, Actor.SYSTEM, approved=True)
        manage_secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.MANAGE)
    invitation.registration_id = registration.id
    return registration, manage_secret
