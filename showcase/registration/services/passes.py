"""Everyone on site has a badge: the registrations Showcase gives to speakers and exhibitor staff.

- A speaker of a confirmed session has a registration in the Speaker category (one, however many
  sessions), with its badge and manage link; when none of their sessions is confirmed any more,
  the registration is cancelled and they are told why. The programme calls ``sessions_changed``
  after every move of a session (``program/services/transitions.py``).
- An approved booth comes with staff passes: the organisers' number for the exhibitor, else the
  number that goes with the booth's size (``STAFF_PASSES_BY_AREA``). The exhibitor's contact
  names the staff on their application page (``name_staff``); each gets an Exhibitor-staff
  registration. When the booth is withdrawn or cancelled the passes are cancelled with notice
  (``booth_lost``, called by the booth state machine).

The Speaker and Exhibitor-staff categories are made on first use (``given_category``) and are
never offered on the public form. A pass is placed by the one seat rule like any registration.
Everything runs in the caller's ``unit_of_work(lock=True)``.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.core.db import utcnow
from showcase.core.errors import Conflict, ErrorCollector
from showcase.core.values import form_language
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import (
    ACTIVE_STATES,
    SEAT_STATES,
    BadgeKind,
    Registration,
    RegistrationCategory,
    RegistrationState,
)
from showcase.registration.services import seats
from showcase.registration.services.onbehalf import new_registration
from showcase.registration.services.registrations import (
    RegistrationError,
    RegistrationValues,
    clean_email,
    find_active,
)
from showcase.registration.services.states import MACHINE, Actor

S = RegistrationState
SPEAKERS = "speakers"
EXHIBITOR_STAFF = "exhibitor_staff"
# kind → (code, English name, Thai name, the colour band of its badges)
GIVEN_CATEGORIES = {
    SPEAKERS: ("speakers", "Speaker", "วิทยากร", BadgeKind.SPEAKER),
    EXHIBITOR_STAFF: ("exhibitor-staff", "Exhibitor staff", "เจ้าหน้าที่บูธ", BadgeKind.EXHIBITOR),
}
# (largest booth area in m², passes): a booth up to 9 m² has 2 passes, up to 18 m² 4, …
STAFF_PASSES_BY_AREA = ((9, 2), (18, 4), (36, 6))
LARGEST_BOOTH_PASSES = 8
SPEAKER_PASS = "speaker pass"  # noqa: S105 - a history note, not a password
NO_SESSION = "no confirmed session"
STAFF_PASS = "exhibitor staff pass"  # noqa: S105 - a history note, not a password
BOOTH_LOST = "booth lost"
STAFF_REMOVED = "staff pass taken back"


def given_category(event: Event | int, kind: str) -> RegistrationCategory:
    """The event's Speaker or Exhibitor-staff category, made the first time it is needed."""
    event_id = event if isinstance(event, int) else event.id
    category = db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event_id, RegistrationCategory.given_to == kind
        )
    )
    if category is not None:
        return category
    code, name_en, name_th, badge_kind = GIVEN_CATEGORIES[kind]
    taken = set(
        db.session.scalars(
            select(RegistrationCategory.code).where(RegistrationCategory.event_id == event_id)
        )
    )
    while code in taken:
        code = f"{code}-pass" if not code.endswith("-pass") else f"{code}s"
    category = RegistrationCategory(
        event_id=event_id,
        code=code[:32],
        name_en=name_en,
        name_th=name_th,
        given_to=kind,
        badge_kind=badge_kind,
        position=100,
    )
    db.session.add(category)
    db.session.flush()
    return category


def _give(
    event: Event,
    kind: str,
    email: str,
    details: RegistrationValues,
    note: str,
    **owner: Any,
) -> Registration:
    """Give a pass: a new registration in the given category, or the person's registration
    already there moved into it; placed by the seat rule and emailed its state's email."""
    category = given_category(event, kind)
    existing = find_active(event, email)
    freed_seat = False
    if existing is None:
        registration = new_registration(
            event, email, category, details, actor=Actor.SYSTEM, note=note
        )
    else:
        # The person registered already (a delegate who now speaks): that registration
        # becomes the pass, and a seat it held in its old category goes to the waiting list.
        seats.lock_all_categories(event.id)
        registration = seats.lock_registration(existing.id)
        if registration.category_id != category.id:
            freed_seat = registration.state in SEAT_STATES
            registration.category = category
            registration.category_id = category.id
        MACHINE.record(registration, Actor.SYSTEM, note=note)
    for name, value in owner.items():
        setattr(registration, name, value)
    db.session.flush()
    if registration.state != S.CONFIRMED:
        registration.email_confirmed_at = registration.email_confirmed_at or utcnow()
        category = seats.lock_category(category.id)
        registration = seats.lock_registration(registration.id)
        if registration.state in (S.WAITLISTED, S.OFFERED):
            if seats.has_seat(registration, category):
                MACHINE.apply(registration, S.CONFIRMED, Actor.SYSTEM, note=note)
        else:
            seats.place_locked(registration, category, Actor.SYSTEM, approved=True)
    if freed_seat:
        seats.fill_from_waitlist(event.id)
    return registration


def _withdraw(registration: Registration, note: str) -> None:
    from showcase.registration.services.registrations import cancel

    if registration.state in ACTIVE_STATES:
        cancel(registration.id, Actor.SYSTEM, reason=note)


# Speakers -------------------------------------------------------------------------------------


def sessions_changed(session) -> None:
    """After a session's move: each of its speakers holds a Speaker pass exactly while at
    least one of their sessions is confirmed."""
    from showcase.program.models import SessionState

    for speaker in session.speakers:
        confirmed = any(other.state == SessionState.CONFIRMED for other in speaker.sessions)
        held = speaker_pass(speaker)
        if confirmed and (held is None or held.state != S.CONFIRMED):
            _give_speaker(speaker)
        elif not confirmed and held is not None:
            _withdraw(held, NO_SESSION)


def speaker_pass(speaker) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.speaker_id == speaker.id, Registration.state.in_(ACTIVE_STATES)
        )
    )


def _give_speaker(speaker) -> Registration:
    details = RegistrationValues(
        full_name=speaker.name[:120],
        full_name_th=(speaker.name_th or "")[:120],
        organisation=(speaker.organisation or "")[:200],
        job_title=(speaker.job_title or "")[:120],
        city_id=None,
        other_country="",
        other_city="",
        dietary="",
        accessibility="",
        language=speaker.language if speaker.language in ("en", "th") else "en",
    )
    return _give(
        speaker.event,
        SPEAKERS,
        speaker.email,
        details,
        SPEAKER_PASS,
        speaker_id=speaker.id,
    )


# Exhibitor staff ------------------------------------------------------------------------------


def staff_passes(application) -> int:
    """How many staff an approved exhibitor may name (none before approval)."""
    from showcase.booths.models import ApplicationState

    if application.state != ApplicationState.APPROVED or application.booth is None:
        return 0
    if application.staff_passes is not None:
        return application.staff_passes
    area = application.booth.area
    for largest, passes in STAFF_PASSES_BY_AREA:
        if area <= largest:
            return passes
    return LARGEST_BOOTH_PASSES


def staff_of(application) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.booth_application_id == application.id,
                Registration.state.in_(ACTIVE_STATES),
            )
            .order_by(Registration.id)
        )
    )


def name_staff(application, values: dict[str, Any]) -> Registration:
    """The exhibitor's contact names one staff member: they get an Exhibitor-staff pass, while
    the booth's passes last. The caller holds the application's row lock."""
    problems = ErrorCollector()
    email = problems.attempt(clean_email, values.get("email") or "")
    full_name = " ".join(str(values.get("full_name") or "").split())
    if not full_name or len(full_name) > 120:
        problems.add(
            RegistrationError(_l("Give a name of up to 120 characters."), field="full_name")
        )
    full_name_th = " ".join(str(values.get("full_name_th") or "").split())
    if len(full_name_th) > 120:
        problems.add(
            RegistrationError(_l("Give a name of up to 120 characters."), field="full_name_th")
        )
    language = problems.attempt(form_language, values, RegistrationError)
    problems.raise_any()
    allowed = staff_passes(application)
    if allowed == 0:
        raise Conflict(_l("Staff passes come with an approved booth."))
    named = staff_of(application)
    if len(named) >= allowed:
        raise Conflict(
            _l(
                "All %(count)d staff passes of this booth are named. Cancel one to name "
                "someone else, or ask the organisers for more.",
                count=allowed,
            )
        )
    if any(member.email == email for member in named):
        raise Conflict(_l("This person already has a pass for this booth."), field="email")
    details = RegistrationValues(
        full_name=full_name,
        full_name_th=full_name_th,
        organisation=(application.organisation or application.city.name_en)[:200],
        job_title="",
        city_id=None,
        other_country="",
        other_city="",
        dietary="",
        accessibility="",
        language=language,
    )
    return _give(
        application.event,
        EXHIBITOR_STAFF,
        email,
        details,
        STAFF_PASS,
        booth_application_id=application.id,
    )


def remove_staff(application, registration_id: int) -> Registration:
    """The contact takes a pass back (its holder is told), freeing it for someone else."""
    for member in staff_of(application):
        if member.id == registration_id:
            _withdraw(member, STAFF_REMOVED)
            return member
    raise Conflict(_l("There is no such staff pass for this booth."))


def set_staff_passes(application, passes: int | None) -> None:
    """The organisers' number of passes for an exhibitor (none: the number of its booth's
    size). Passes already named stay; fewer than named only stops new names."""
    if passes is not None and not 0 <= passes <= 50:
        raise Conflict(_l("Give a whole number from 0 to 50, or leave it empty."), field="passes")
    application.staff_passes = passes


def booth_lost(application) -> None:
    """The booth was withdrawn or cancelled: its passes are cancelled, each holder told."""
    for member in staff_of(application):
        _withdraw(member, BOOTH_LOST)
