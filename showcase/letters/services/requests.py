"""Asking for a visa letter: the one check of what a person typed (``clean_details``, also used
for an organiser's correction), the request from the delegate's manage page or from their
coordinator, withdrawing a request not yet decided, and closing a person's letters when they no
longer come (``close_letters``).

Travel dates may start up to ``TRAVEL_MARGIN_DAYS`` before the event's first day and end up to
as many days after its last day (a visa for the event, not for a holiday around it).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.core.db import lock_row
from showcase.core.errors import Conflict, DomainError, ErrorCollector
from showcase.core.i18n import country_codes, country_name
from showcase.core.time import format_date
from showcase.events.models import Event
from showcase.extensions import db
from showcase.letters import emails
from showcase.letters.models import OPEN_STATES, LetterState, VisaLetter
from showcase.letters.services.settings import current_settings
from showcase.letters.services.states import MACHINE, Actor
from showcase.registration.models import ACTIVE_STATES, Registration

TRAVEL_MARGIN_DAYS = 14
OLDEST_AGE_YEARS = 120
PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
NAME_SIGNS = frozenset(" -'.,")


class RequestsClosed(DomainError):
    status_code = 403


def _name_is_letters(name: str) -> bool:
    return all(
        char in NAME_SIGNS or char.isalpha() or unicodedata.category(char).startswith("M")
        for char in name
    )


def clean_details(event: Event, values: dict[str, Any], today: date | None = None) -> dict:
    """What a person typed for a letter, checked and normalised; every problem at once
    (``FieldErrors``), each in the reader's language against its field."""
    today = today or date.today()
    errors = ErrorCollector()
    name = " ".join((values.get("passport_name") or "").split())
    if not name:
        errors.add(
            DomainError(_l("Write your name exactly as in your passport."), field="passport_name")
        )
    elif len(name) > 120 or not _name_is_letters(name):
        errors.add(
            DomainError(
                _l(
                    "Write the name as it is printed in the passport: letters, spaces, hyphens "
                    "and apostrophes only, at most 120 characters."
                ),
                field="passport_name",
            )
        )
    number = re.sub(r"\s+", "", values.get("passport_number") or "").upper()
    if not number:
        errors.add(DomainError(_l("Give your passport number."), field="passport_number"))
    elif not PASSPORT_NUMBER.fullmatch(number):
        errors.add(
            DomainError(
                _l(
                    "A passport number has 5 to 20 letters A–Z and digits 0–9, as printed in "
                    "the passport (no other signs)."
                ),
                field="passport_number",
            )
        )
    nationality = (values.get("nationality") or "").strip().upper()
    if nationality not in country_codes():
        errors.add(DomainError(_l("Choose your nationality from the list."), field="nationality"))
    elif nationality == event.country_code:
        errors.add(
            DomainError(
                _l(
                    "Citizens of %(country)s need no visa for an event held there.",
                    country=country_name(nationality),
                ),
                field="nationality",
            )
        )
    born = values.get("date_of_birth")
    if born is None:
        errors.add(DomainError(_l("Give your date of birth."), field="date_of_birth"))
    elif born >= today or born < date(today.year - OLDEST_AGE_YEARS, 1, 1):
        errors.add(
            DomainError(
                _l("This date of birth is not possible: check the year."), field="date_of_birth"
            )
        )
    _check_travel(event, values.get("arrives_on"), values.get("departs_on"), errors)
    embassy = " ".join((values.get("embassy") or "").split())
    if not embassy:
        errors.add(
            DomainError(
                _l(
                    "Name the embassy or consulate where you apply for the visa, "
                    "e.g. Royal Thai Embassy, Berlin."
                ),
                field="embassy",
            )
        )
    elif len(embassy) > 200:
        errors.add(
            DomainError(_l("At most %(count)d characters, please.", count=200), field="embassy")
        )
    errors.raise_any()
    return {
        "passport_name": name,
        "passport_number": number,
        "nationality": nationality,
        "birth_date": born.isoformat(),
        "arrives_on": values["arrives_on"],
        "departs_on": values["departs_on"],
        "embassy": embassy,
        "with_thai": bool(values.get("with_thai")),
    }


def travel_window(event: Event) -> tuple[date, date]:
    margin = timedelta(days=TRAVEL_MARGIN_DAYS)
    return event.starts_on - margin, event.ends_on + margin


def _check_travel(event: Event, arrives: date | None, departs: date | None, errors) -> None:
    earliest, latest = travel_window(event)
    if arrives is None:
        errors.add(DomainError(_l("Give the day you arrive in Thailand."), field="arrives_on"))
    elif arrives < earliest or arrives > event.ends_on:
        errors.add(
            DomainError(
                _l(
                    "Arrival must be between %(first)s and the event's last day, %(last)s "
                    "(at most %(days)d days before the event).",
                    first=format_date(earliest),
                    last=format_date(event.ends_on),
                    days=TRAVEL_MARGIN_DAYS,
                ),
                field="arrives_on",
            )
        )
    if departs is None:
        errors.add(DomainError(_l("Give the day you leave Thailand."), field="departs_on"))
    elif departs > latest or departs < event.starts_on:
        errors.add(
            DomainError(
                _l(
                    "Departure must be between the event's first day, %(first)s, and %(last)s "
                    "(at most %(days)d days after the event).",
                    first=format_date(event.starts_on),
                    last=format_date(latest),
                    days=TRAVEL_MARGIN_DAYS,
                ),
                field="departs_on",
            )
        )
    elif arrives is not None and departs < arrives:
        errors.add(DomainError(_l("Departure cannot be before arrival."), field="departs_on"))


def open_letter(registration: Registration) -> VisaLetter | None:
    return db.session.scalar(
        select(VisaLetter).where(
            VisaLetter.registration_id == registration.id, VisaLetter.state.in_(OPEN_STATES)
        )
    )


REGISTRATION_CANCELLED = _l("The registration was cancelled.")
PERSON_REPLACED = _l("Another person takes this place in the delegation.")
PERSON_ERASED = _l("The person's data was erased at their request.")


def close_letters(registration: Registration, reason) -> int:
    """The person no longer comes (a cancelled registration, a replaced delegation member): a
    request waiting is withdrawn and an issued letter revoked, so that its verification page
    says revoked. Each step is in the letter's history with ``reason`` and reaches the person by
    email. In the caller's unit of work; returns how many letters changed."""
    changed = 0
    for letter in letters_of(registration):
        if letter.state == LetterState.REQUESTED:
            MACHINE.apply(letter, LetterState.WITHDRAWN, Actor.SYSTEM, note=str(reason))
        elif letter.state == LetterState.ISSUED:
            MACHINE.apply(letter, LetterState.REVOKED, Actor.SYSTEM, note=str(reason))
        else:
            continue
        changed += 1
    return changed


def letters_of(registration: Registration) -> list[VisaLetter]:
    return list(
        db.session.scalars(
            select(VisaLetter)
            .where(VisaLetter.registration_id == registration.id)
            .order_by(VisaLetter.id)
        )
    )


def may_request(registration: Registration) -> bool:
    return (
        registration.state in ACTIVE_STATES
        and registration.erased_at is None
        and current_settings(registration.event).requests_open
    )


def request_letter(
    registration: Registration, values: dict[str, Any], requested_by: str = "registrant"
) -> VisaLetter:
    """The delegate's (or coordinator's) request, into the organisers' queue; emails that it
    was received. Runs in the caller's ``unit_of_work(lock=True)``."""
    event = registration.event
    registration = lock_row(select(Registration).where(Registration.id == registration.id))
    if not current_settings(event).requests_open:
        raise RequestsClosed(_l("The organisers are not taking requests for visa letters now."))
    if registration.state not in ACTIVE_STATES or registration.erased_at is not None:
        raise Conflict(_l("Only an active registration can ask for a visa letter."))
    if open_letter(registration) is not None:
        raise Conflict(
            _l("There is already a visa letter for this registration: see its state below.")
        )
    details = clean_details(event, values)
    letter = VisaLetter(
        event_id=event.id,
        event=event,
        registration=registration,
        requested_by=requested_by,
        state=LetterState.REQUESTED,
        **details,
    )
    db.session.add(letter)
    db.session.flush()
    MACHINE.start(letter, Actor.REQUESTER, by=requested_by)
    emails.letter_email(letter, "letters/received", asked=True)
    return letter


def withdraw(letter: VisaLetter, by: str) -> VisaLetter:
    letter = lock_row(select(VisaLetter).where(VisaLetter.id == letter.id))
    MACHINE.apply(letter, LetterState.WITHDRAWN, Actor.REQUESTER, by=by)
    return letter
