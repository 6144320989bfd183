"""What registrants do: register, confirm their email, edit, cancel, erase, and get a lost link.

A new registration is ``pending_email`` until the emailed link is opened; then ``seats.place``
gives it a seat, a place on the waiting list or a place in the approval queue. Registering again
with an address that already has an active registration changes nothing on the page: a link
request is written instead, and the outbox worker emails the existing registrant their link
(mail/requests.py), so the page tells a stranger nothing. The lost-link form does the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from showcase.badges.services import printing
from showcase.core.db import require_unit_of_work, utcnow
from showcase.core.errors import Conflict, DomainError, ErrorCollector, NotAllowed
from showcase.core.forms import clean_email_address
from showcase.core.i18n import country_codes
from showcase.core.links import LinkError, LinkPurpose, mint_link, resolve_link, revoke_links
from showcase.core.tokens import random_code
from showcase.core.values import form_language, form_text
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.mail import requests
from showcase.mail.models import MailRequest
from showcase.mail.services import erase_messages_of, messages_of
from showcase.questions.services import answers as question_answers
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
from showcase.registration.services.settings import privacy_version
from showcase.registration.services.states import MACHINE, Actor
from showcase.travel.services.plans import erase_travel, travel_data

S = RegistrationState
OTHER_CITY = "other"
LIMITS = {
    "full_name": 120,
    "full_name_th": 120,
    "organisation": 200,
    "job_title": 120,
    "other_city": 120,
    "dietary": 500,
    "accessibility": 500,
}
# States in which the registrant may still change their details.
EDITABLE = frozenset(ACTIVE_STATES)


class RegistrationError(DomainError):
    pass


class RegistrationClosed(NotAllowed):
    pass


class CategoryUnavailable(RegistrationError):
    status_code = 400


def registration_is_open(event: Event, now: datetime | None = None) -> bool:
    return event.registration_is_open(now)


# Values ---------------------------------------------------------------------------------------


@dataclass
class RegistrationValues:
    full_name: str
    full_name_th: str
    organisation: str
    job_title: str
    city_id: int | None
    other_country: str
    other_city: str
    dietary: str
    accessibility: str
    language: str

    def apply_to(self, registration: Registration) -> None:
        for name, value in self.__dict__.items():
            setattr(registration, name, value)


# The texts a person writes on one line (their white space is folded); the others are trimmed.
ONE_LINE = ("full_name", "full_name_th", "job_title", "other_city")


def _text(values: dict[str, Any], name: str, missing: Any = None) -> str:
    return form_text(
        values, name, LIMITS[name], RegistrationError, name in ONE_LINE, missing=missing
    )


def clean_email(value: str, field: str = "email") -> str:
    """The address in the form Showcase stores and sends to (see ``core.forms``)."""
    try:
        return clean_email_address(value).lower()
    except ValueError as error:
        raise RegistrationError(error.args[0], field=field) from None


def _city(values: dict[str, Any]) -> int | None:
    """The listed city chosen (its id), or None for "Other city"."""
    city_value = str(values.get("city") or "").strip()
    if city_value == OTHER_CITY:
        return None
    try:
        city = db.session.get(City, int(city_value))
    except (TypeError, ValueError, OverflowError):
        city = None
    if city is None:
        raise RegistrationError(
            _l("Choose your city from the list, or “Other city”."), field="city"
        )
    return city.id


def _other_country(values: dict[str, Any]) -> str:
    code = str(values.get("other_country") or "").strip().upper()
    if code not in country_codes():
        raise RegistrationError(_l("Choose your country from the list."), field="other_country")
    return code


def clean_values(values: dict[str, Any]) -> RegistrationValues:
    """The details of a registration, checked field by field; every problem is reported at
    once (``FieldErrors``), each against its field."""
    problems = ErrorCollector()
    full_name = problems.attempt(_text, values, "full_name", _l("Give your full name."))
    city_id = problems.attempt(_city, values)
    other_country = other_city = ""
    if str(values.get("city") or "").strip() == OTHER_CITY:
        other_country = problems.attempt(_other_country, values)
        other_city = problems.attempt(
            _text, values, "other_city", _l("Give the name of your city.")
        )
    texts = {
        name: problems.attempt(_text, values, name)
        for name in ("full_name_th", "organisation", "job_title", "dietary", "accessibility")
    }
    language = problems.attempt(form_language, values, RegistrationError)
    problems.raise_any()
    return RegistrationValues(
        full_name=full_name,
        city_id=city_id,
        other_country=other_country,
        other_city=other_city,
        language=language,
        **texts,
    )


def categories_for(event: Event, invitation_code: str = "") -> list[RegistrationCategory]:
    """The open categories a person may choose: public ones, and the one their code opens."""
    code = (invitation_code or "").strip()
    rows = db.session.scalars(
        select(RegistrationCategory)
        .where(
            RegistrationCategory.event_id == event.id,
            RegistrationCategory.is_open,
            # Speaker and Exhibitor-staff passes are given by Showcase (services/passes.py).
            RegistrationCategory.given_to == "",
        )
        .order_by(RegistrationCategory.position, RegistrationCategory.id)
    ).all()
    return [
        category
        for category in rows
        if not category.invitation_only or (code and category.invitation_code == code)
    ]


def choose_category(event: Event, category_id: Any, invitation_code: str) -> RegistrationCategory:
    if not str(category_id or "").strip():
        raise CategoryUnavailable(_l("Choose a category"), field="category")
    try:
        wanted = int(category_id)
    except (TypeError, ValueError):
        wanted = None
    for category in categories_for(event, invitation_code):
        if category.id == wanted:
            return category
    raise CategoryUnavailable(
        _l("This category is not open for registration. Choose one from the list."),
        field="category",
    )


# Registering and confirming -------------------------------------------------------------------


def check_consent(values: dict[str, Any], problems: ErrorCollector) -> None:
    """A registrant's details are kept only once they agree to the privacy notice."""
    if not values.get("consent"):
        problems.add(
            RegistrationError(
                _l("Please agree to the privacy notice so that we may keep your details."),
                field="consent",
            )
        )


def find_active(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == email,
            Registration.state.in_(ACTIVE_STATES),
        )
    )


def register(
    event: Event,
    values: dict[str, Any],
    now: datetime | None = None,
) -> tuple[Registration, bool]:
    """Record a registration (``pending_email``) and email its confirmation link.

    Returns the registration and whether it is new. For an address that is already registered
    nothing is created: the existing registrant is emailed their link (False is returned).
    """
    if not registration_is_open(event, now):
        raise RegistrationClosed(_l("Registration for this event is closed."))
    problems = ErrorCollector()
    email = problems.attempt(clean_email, values.get("email") or "")
    cleaned = problems.attempt(clean_values, values)
    category = problems.attempt(
        choose_category, event, values.get("category"), values.get("invitation_code") or ""
    )
    answers = problems.attempt(question_answers.clean_answers, event, category, values)
    check_consent(values, problems)
    problems.raise_any()
    registration, new = _record(event, email, cleaned, category)
    if new:  # an address registered before keeps its own answers
        question_answers.save_answers(registration, answers)
        if values.get("share_with_exhibitors"):  # the optional consent of showcase/leads
            registration.share_with_exhibitors = True
            registration.shared_with_exhibitors_at = registration.consent_at
    return registration, new


def new_pending(event, category, email, details, registered_by: str = "") -> Registration:
    """A new registration waiting for its email to be confirmed, with a fresh badge code and the
    event's privacy notice; not yet added to the session."""
    registration = Registration(
        event_id=event.id,
        event=event,
        category=category,
        email=email,
        state=S.PENDING_EMAIL,
        consent_version=privacy_version(event),
        consent_at=utcnow(),
        badge_code=random_code(8),
        registered_by=registered_by[:254],
    )
    details.apply_to(registration)
    return registration


def _record(event, email, cleaned, category) -> tuple[Registration, bool]:
    existing = find_active(event, email)
    if existing is not None:
        request_link(event, email)
        return existing, False
    registration = new_pending(event, category, email, cleaned)
    try:
        with require_unit_of_work().savepoint():
            db.session.add(registration)
            db.session.flush()
    except IntegrityError:
        # Someone registered this address a moment ago: treat it as registered.
        existing = find_active(event, email)
        if existing is None:
            raise
        request_link(event, email)
        return existing, False
    MACHINE.record(registration, Actor.REGISTRANT, new=True)
    secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.CONFIRM)
    emails.confirm_email(registration, secret, asked=True)
    return registration, True


def _from_link(event: Event, secret: str, purpose: LinkPurpose) -> Registration:
    link = resolve_link(RegistrationLink, secret, purpose)
    registration = link.registration
    if registration.event_id != event.id or registration.erased_at is not None:
        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    return registration


def confirm(event: Event, secret: str) -> tuple[Registration, str, bool]:
    """Open a confirmation link: the registration gets its place (under the seat locks).

    Returns the registration, a fresh manage secret for the page that follows, and whether this
    click confirmed it (false when it had been confirmed before). Runs in the caller's
    ``unit_of_work(lock=True)``, which on SQLite holds the write lock from the first read (a read
    transaction that later writes could be refused when another confirmation commits between).
    The place is decided under the seat locks, and only then is its one email rendered.
    """
    registration = _from_link(event, secret, LinkPurpose.CONFIRM)
    confirmed_now = False
    if registration.state == S.PENDING_EMAIL:
        with db.session.no_autoflush:
            category = seats.lock_category(registration.category_id)
            registration = seats.lock_registration(registration.id)
        if registration.state == S.PENDING_EMAIL:
            registration.email_confirmed_at = utcnow()
            seats.place_locked(registration, category, Actor.SYSTEM)
            confirmed_now = True
    manage_secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.MANAGE)
    return registration, manage_secret, confirmed_now


def for_manage(event: Event, secret: str) -> Registration:
    """The registration behind a manage link (``LinkError`` 404 for a wrong one)."""
    return _from_link(event, secret, LinkPurpose.MANAGE)


def send_link(registration: Registration, again: bool = False) -> None:
    """Email the link the registrant needs now: a fresh confirmation link while the address is
    unconfirmed, the manage link afterwards (asked for on a public page: mail/limits.py)."""
    if registration.state == S.PENDING_EMAIL:
        secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.CONFIRM)
        emails.confirm_email(registration, secret, again=again, asked=True)
    else:
        emails.manage_link(registration, asked=True)


LINK_REQUEST = "registration-link"


def request_link(event: Event, address: str) -> None:
    """Ask the outbox worker to email ``address`` its registration link, if it has one."""
    requests.request_email(LINK_REQUEST, address, event=event)


def resend_links(event: Event, email: str) -> None:
    """The lost-link form: the same work whether or not ``email`` is registered (the page says
    the same either way; the outbox worker finds out and sends the link)."""
    request_link(event, clean_email(email))


@requests.resolver(LINK_REQUEST, resend=True)
def _send_requested_link(request: MailRequest) -> None:
    event = db.session.get(Event, request.event_id)
    registration = find_active(event, request.address) if event is not None else None
    if registration is not None:
        send_link(registration, again=True)


# Self-service ---------------------------------------------------------------------------------


def update_details(registration: Registration, values: dict[str, Any]) -> None:
    if registration.state not in EDITABLE:
        raise Conflict(_l("This registration is closed; its details can no longer be changed."))
    cleaned = clean_values(values)
    if cleaned.city_id != registration.city_id and registration.state in SEAT_STATES:
        cap = seats.city_cap(registration.event_id)
        if cap is not None:
            raise Conflict(
                _l(
                    "Places are counted per city, so the city of a confirmed registration "
                    "cannot be changed here. Write to the organisers."
                ),
                field="city",
            )
    cleaned.apply_to(registration)
    MACHINE.record(registration, Actor.REGISTRANT, note="details changed")


def cancel(registration_id: int, actor: Actor, by: str = "", reason: str = "") -> Registration:
    """Cancel a registration; a freed seat goes to the longest-waiting person who fits, in the
    unit of work (the caller's ``unit_of_work(lock=True)``)."""
    registration = db.session.get(Registration, registration_id)
    seats.lock_all_categories(registration.event_id)
    registration = seats.lock_registration(registration_id)
    held_seat = registration.state in SEAT_STATES
    MACHINE.apply(registration, S.CANCELLED, actor, by=by, note=reason)
    from showcase.letters.services.requests import REGISTRATION_CANCELLED, close_letters

    close_letters(registration, REGISTRATION_CANCELLED)  # letters build on registration
    if held_seat:
        seats.fill_from_waitlist(registration.event_id)
    return registration


def personal_data(registration: Registration) -> dict[str, Any]:
    """Everything Showcase keeps about the registrant, for the JSON download."""
    from showcase.checkin.services.scans import personal_data as door_data  # the door too
    from showcase.cooperation.services.profiles import cooperation_data  # builds on registration
    from showcase.leads.services import personal_data as leads_data  # leads build on it
    from showcase.letters.services.retention import letters_data  # letters build on registration

    messages = messages_of(registration)
    return {
        "event": registration.event.acronym,
        "registration": {
            "id": registration.id,
            "state": registration.state.value,
            "category": registration.category.name_en,
            "email": registration.email,
            "full_name": registration.full_name,
            "full_name_th": registration.full_name_th,
            "organisation": registration.organisation,
            "job_title": registration.job_title,
            "city": registration.city.name_en if registration.city else None,
            "other_country": registration.other_country or None,
            "other_city": registration.other_city or None,
            "dietary": registration.dietary,
            "accessibility": registration.accessibility,
            "language": registration.language,
            "consent_version": registration.consent_version,
            "consent_at": registration.consent_at.isoformat(),
            "registered_at": registration.created_at.isoformat(),
            "email_confirmed_at": _iso(registration.email_confirmed_at),
            "checked_in_at": _iso(registration.checked_in_at),
        },
        "answers": question_answers.personal_data(registration),
        "history": [
            {
                "at": entry.at.isoformat(),
                "from": entry.from_state,
                "to": entry.to_state,
                "by": entry.actor,
            }
            for entry in registration.history
        ],
        "emails": [
            {"at": message.created_at.isoformat(), "subject": message.subject}
            for message in messages
        ],
        "visa_letters": letters_data(registration),
        "travel": travel_data(registration),
        "badges_printed": printing.personal_data(registration),
        "check_ins": door_data(registration),
        "exhibitor_leads": leads_data(registration),
        "cooperation": cooperation_data(registration),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def erase(registration_id: int) -> None:
    """PDPA erasure: personal fields anonymised, links revoked, stored emails emptied, the seat
    freed (and given to the next person waiting). The row stays so that counts stay right.
    Runs in the caller's ``unit_of_work(lock=True)``."""
    registration = db.session.get(Registration, registration_id)
    seats.lock_all_categories(registration.event_id)
    registration = seats.lock_registration(registration_id)
    held_seat = registration.state in SEAT_STATES
    if registration.state in ACTIVE_STATES:
        MACHINE.apply(registration, S.CANCELLED, Actor.REGISTRANT, email=False)
    registration.email = f"erased-{registration.id}@erased.invalid"
    registration.full_name = "—"
    for name in ("full_name_th", "organisation", "job_title", "other_city", "dietary"):
        setattr(registration, name, "")
    registration.accessibility = ""
    question_answers.erase_answers(registration)
    registration.erased_at = utcnow()
    for entry in registration.history:
        entry.note = ""
    revoke_links(RegistrationLink, RegistrationLink.registration_id == registration.id)
    # The invitation the person registered from holds their name and address too.
    db.session.execute(
        delete(RegistrationInvitation).where(
            RegistrationInvitation.registration_id == registration.id
        )
    )
    erase_messages_of(registration, registration.email)
    from showcase.letters.services.retention import erase_letters  # letters build on registration

    erase_letters(registration, registration.email)
    from showcase.announcements.services.unsubscribe import erase_registrant  # a later feature

    erase_registrant(registration.id, registration.email)
    erase_travel(registration.id)
    from showcase.cooperation.services.profiles import erase_cooperation  # builds on registration

    erase_cooperation(registration)
    printing.forget(registration)
    from showcase.leads.services import erase_person  # leads build on registration

    erase_person(registration.id)
    MACHINE.record(registration, Actor.REGISTRANT, note="personal data erased")
    if held_seat:
        seats.fill_from_waitlist(registration.event_id)
