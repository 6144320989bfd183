"""Badges and the check-in desk.

The badge's QR code carries a short payload, ``R<id>-<signature>``: the registration's number and
an HMAC of the event, the number and the badge's random code (core.tokens), in upper-case base32
so that a hand scanner typing it like a keyboard gets it right. Altering a character, or making
up a badge for another number, gives a payload the desk refuses. A badge reprinted because it
was lost has a new code; the old one is refused with the time it was replaced (badges/).

Checking in is one conditional UPDATE, so two desks scanning the same badge at once check the
person in once; the second is told when the first did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import segno
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, or_, select, update

from showcase.badges.models import RetiredBadgeCode
from showcase.core.db import utcnow
from showcase.core.errors import Conflict, DomainError
from showcase.core.time import format_day_time, format_time, to_local
from showcase.core.tokens import sign_code, verify_code
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services.states import MACHINE, Actor

S = RegistrationState
PURPOSE = "badge"
SIGNATURE_LENGTH = 12
PAYLOAD = re.compile(rf"^R(\d{{1,10}})-([A-Z2-7]{{{SIGNATURE_LENGTH}}})$")


class BadgeRefused(DomainError):
    status_code = 400

    def __init__(self, message, replaced_at: datetime | None = None) -> None:
        super().__init__(message)
        # When the badge was replaced by a reprint, for a badge refused for that reason.
        self.replaced_at = replaced_at


class AlreadyCheckedIn(Conflict):
    def __init__(self, message, registration: Registration, gate_said: str = "") -> None:
        super().__init__(message)
        self.registration = registration
        # What the main entrance said, when the desk checked in there ("Already in today at …").
        self.gate_said = gate_said


def _signed_text(registration: Registration, code: str | None = None) -> str:
    return f"{registration.event_id}:{registration.id}:{code or registration.badge_code}"


def badge_payload(registration: Registration, code: str | None = None) -> str:
    """What the badge's QR code says; ``code``: of a badge code it held before (a reprint)."""
    signature = sign_code(_signed_text(registration, code), PURPOSE, SIGNATURE_LENGTH)
    return f"R{registration.id}-{signature}"


def qr_svg(payload: str) -> Markup:
    """The payload as an inline SVG QR code (no XML declaration, scales with CSS)."""
    qr = segno.make_qr(payload, error="m")
    svg = qr.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=True)
    return Markup(svg)  # nosec B704 # noqa: S704 - segno's SVG of our own payload


def looks_like_payload(text: str) -> bool:
    """Whether the desk's input is a scanned badge (else it is a name to search for)."""
    return re.match(r"^R\d+-\S+$", "".join((text or "").split()).upper()) is not None


def registration_from_payload(event: Event, payload: str) -> Registration:
    """The registration a scanned badge names; ``BadgeRefused`` for anything forged or altered."""
    text = "".join((payload or "").split()).upper()
    match = PAYLOAD.match(text)
    forged = BadgeRefused(
        _l("This badge code is not valid: it was not issued for this event or has been altered.")
    )
    if match is None:
        raise forged
    registration = db.session.get(Registration, int(match.group(1)))
    if registration is None or registration.event_id != event.id:
        raise forged
    if not verify_code(_signed_text(registration), match.group(2), PURPOSE, SIGNATURE_LENGTH):
        replaced_at = _replaced_at(registration, match.group(2))
        if replaced_at is not None:
            raise BadgeRefused(
                _l(
                    "Badge replaced at %(time)s: it was reported lost and a new badge was "
                    "printed, so this one no longer works.",
                    time=_moment(replaced_at, event),
                ),
                replaced_at=replaced_at,
            )
        raise forged
    return registration


def _replaced_at(registration: Registration, signature: str) -> datetime | None:
    """When the badge code that ``signature`` signs was retired by a reprint (badges/), if it
    is one of the registration's old codes."""
    retired = db.session.scalars(
        select(RetiredBadgeCode).where(RetiredBadgeCode.registration_id == registration.id)
    )
    for old in retired:
        text = f"{registration.event_id}:{registration.id}:{old.badge_code}"
        if verify_code(text, signature, PURPOSE, SIGNATURE_LENGTH):
            return old.replaced_at
    return None


def _moment(when: datetime, event: Event) -> str:
    """'10:05' when it was today in the event's timezone, else the day too."""
    if to_local(when, event.timezone).date() == to_local(utcnow(), event.timezone).date():
        return format_time(when, event.timezone)
    return format_day_time(when, event.timezone)


@dataclass
class CheckInResult:
    registration: Registration
    checked_in_at: datetime


def check_in(event: Event, registration_id: int, by: str) -> CheckInResult:
    """Check a confirmed registrant in; refuse anyone else with the reason."""
    now = utcnow()
    result = db.session.execute(
        update(Registration)
        .where(
            Registration.id == registration_id,
            Registration.event_id == event.id,
            Registration.state == S.CONFIRMED,
            Registration.checked_in_at.is_(None),
        )
        .values(checked_in_at=now, checked_in_by=by)
        .execution_options(synchronize_session=False)
    )
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.event_id != event.id:
        raise BadgeRefused(_l("There is no such registration."))
    if result.rowcount == 1:
        MACHINE.record(registration, Actor.ORGANISER, by=by, note="checked in")
        return CheckInResult(registration, now)
    if registration.state != S.CONFIRMED:
        raise BadgeRefused(
            _l(
                "Not checked in: this registration is %(state)s.",
                state=registration.state.label.lower(),
            )
        )
    raise AlreadyCheckedIn(_l("Already checked in."), registration)


def undo_check_in(event: Event, registration_id: int, by: str) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise BadgeRefused(_l("There is no such registration."))
    if registration.checked_in_at is None:
        raise Conflict(_l("This person is not checked in."))
    registration.checked_in_at = None
    registration.checked_in_by = ""
    MACHINE.record(registration, Actor.ORGANISER, by=by, note="check-in undone")
    return registration


def search_people(event: Event, query: str, limit: int = 20) -> list[Registration]:
    """Registrations whose name, Thai name, email or organisation contains ``query``."""
    words = (query or "").strip()[:100]
    if len(words) < 2:
        return []
    pattern = f"%{words.lower()}%"
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.erased_at.is_(None),
                or_(
                    func.lower(Registration.full_name).like(pattern),
                    Registration.full_name_th.like(f"%{words}%"),
                    Registration.email.like(pattern),
                    func.lower(Registration.organisation).like(pattern),
                ),
            )
            .order_by(Registration.full_name)
            .limit(limit)
        )
    )
