"""Booth applications from the applicant's side, and the one state machine every step goes through.

An application starts ``unconfirmed``; the applicant's click on the emailed link makes it
``submitted``. Organisers then approve it with a booth, put it on the waiting list or reject it
(see ``decisions``); the applicant may withdraw at any time before the event. ``MACHINE`` (the
kit of core/states.py) is the only way an application's state changes: it checks
``TRANSITIONS``, writes the step into the application's history and queues the email of the
state reached, in the caller's unit of work. Steps that change an application are taken under
its row lock (``lock_application``), so the email of a state is chosen after the lock.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from sqlalchemy import func, select

from showcase.booths import emails
from showcase.booths.models import (
    ApplicationState,
    BoothApplication,
    BoothApplicationHistory,
    BoothApplicationLink,
)
from showcase.booths.services.layout import booth_by_code, normalise_code
from showcase.booths.services.settings import applications_are_open
from showcase.core.db import lock_row, utcnow
from showcase.core.errors import Conflict, DomainError, NotAllowed
from showcase.core.images import store_image
from showcase.core.links import LinkError, LinkPurpose, mint_link, resolve_link
from showcase.core.states import StateMachine, Step
from showcase.events.models import City, Event, Track
from showcase.extensions import db
from showcase.mail import requests
from showcase.mail.models import MailRequest
from showcase.mail.services import InvalidRecipient, clean_recipient

S = ApplicationState
LOGO_MAX_BYTES = 2 * 1024 * 1024
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()./-]{6,40}$")
MAX_PREFERRED_BOOTHS = 5


class Actor(enum.StrEnum):
    APPLICANT = "applicant"
    ORGANISER = "organiser"


APPLICANT = frozenset({Actor.APPLICANT})
ORGANISER = frozenset({Actor.ORGANISER})

# Who may move an application from one state to another. Nothing else is possible.
TRANSITIONS: dict[tuple[ApplicationState, ApplicationState], frozenset[Actor]] = {
    (S.UNCONFIRMED, S.SUBMITTED): APPLICANT,
    (S.UNCONFIRMED, S.WITHDRAWN): APPLICANT,
    (S.SUBMITTED, S.WITHDRAWN): APPLICANT,
    (S.WAITLISTED, S.WITHDRAWN): APPLICANT,
    (S.APPROVED, S.WITHDRAWN): APPLICANT,
    (S.SUBMITTED, S.APPROVED): ORGANISER,
    (S.WAITLISTED, S.APPROVED): ORGANISER,
    (S.SUBMITTED, S.WAITLISTED): ORGANISER,
    (S.SUBMITTED, S.REJECTED): ORGANISER,
    (S.WAITLISTED, S.REJECTED): ORGANISER,
    (S.APPROVED, S.CANCELLED): ORGANISER,
}

# States in which the applicant may still change what they sent.
EDITABLE = frozenset({S.SUBMITTED})
# States that hold or wait for a place (shown to organisers as open work).
OPEN_STATES = frozenset({S.SUBMITTED, S.WAITLISTED})


DECIDED = _l(
    "The organisers have already decided on this application; it can no longer be changed "
    "here. Write to them if something is wrong."
)


class ApplicationError(DomainError):
    pass


class ApplicationsClosed(NotAllowed):
    pass


def _refusal(application: BoothApplication, target, actor, actors) -> Conflict:
    return Conflict(
        _l(
            "This application is %(state)s; that step is not possible now.",
            state=application.state.label.lower(),
        )
    )


def _enter(application: BoothApplication, step: Step) -> None:
    """Leaving ``approved`` frees the booth and the city's slot in the same change; an
    organiser's step is the decision."""
    if step.after != S.APPROVED:
        application.booth_id = None
        application.city_slot = None
    if step.before == S.APPROVED and step.after != S.APPROVED:
        # The staff passes go with the booth (their holders are told).
        from showcase.registration.services import passes

        passes.booth_lost(application)
    if step.actor == Actor.ORGANISER:
        application.decided_at = step.at
        application.decision_reason = step.note


MACHINE: StateMachine[BoothApplication, ApplicationState, Actor] = StateMachine(
    transitions=TRANSITIONS,
    history=BoothApplicationHistory,
    owner="application",
    emails=emails.STATE_TEMPLATES,
    send=emails.state_email,
    enter=_enter,
    refusal=_refusal,
)


def may_move(application: BoothApplication, to: ApplicationState, actor: Actor) -> bool:
    return MACHINE.may(application, to, actor)


def organiser_moves(application: BoothApplication) -> set[ApplicationState]:
    return set(MACHINE.moves(application, Actor.ORGANISER))


# Values -------------------------------------------------------------------------------------


@dataclass
class ApplicationValues:
    """What the applicant tells us, checked and normalised."""

    contact_name: str
    contact_email: str
    contact_phone: str
    organisation: str
    title_en: str
    title_th: str
    description_en: str
    description_th: str
    dimensions: list[Track]
    preferred_track: Track | None
    prefers_general: bool
    preferred_booths: str
    space_sqm: int
    needs_power: bool
    needs_internet: bool
    requirements: str

    def apply_to(self, application: BoothApplication) -> None:
        for name, value in self.__dict__.items():
            setattr(application, name, value)


def _text(values: dict[str, Any], name: str, limit: int) -> str:
    value = (values.get(name) or "").strip()
    if len(value) > limit:
        raise ApplicationError(
            _nl(
                "This is longer than %(num)d character.",
                "This is longer than %(num)d characters.",
                limit,
            ),
            field=name,
        )
    return value


def clean_application_values(event: Event, values: dict[str, Any]) -> ApplicationValues:
    contact_name = _text(values, "contact_name", 120)
    if not contact_name:
        raise ApplicationError(_l("Give the name of a contact person."), field="contact_name")
    try:
        contact_email = clean_recipient(values.get("contact_email") or "")
    except InvalidRecipient:
        raise ApplicationError(
            _l("Give an email address such as name@city.go.th."), field="contact_email"
        ) from None
    contact_phone = _text(values, "contact_phone", 40)
    if not PHONE_PATTERN.match(contact_phone):
        raise ApplicationError(
            _l("Give a telephone number, such as +66 2 123 4567."), field="contact_phone"
        )
    title_en = _text(values, "title_en", 200)
    title_th = _text(values, "title_th", 200)
    if not title_en and not title_th:
        raise ApplicationError(
            _l("Give a title in English or in Thai (or both)."), field="title_en"
        )
    description_en = _text(values, "description_en", 5000)
    description_th = _text(values, "description_th", 5000)
    if not description_en and not description_th:
        raise ApplicationError(
            _l("Describe what the city will exhibit, in English or in Thai (or both)."),
            field="description_en",
        )
    tracks = {track.slug: track for track in event.tracks}
    slugs = list(dict.fromkeys(values.get("dimensions") or []))
    if not slugs:
        raise ApplicationError(_l("Choose at least one smart-city dimension."), field="dimensions")
    unknown = [slug for slug in slugs if slug not in tracks]
    if unknown:
        raise ApplicationError(_l("Choose dimensions from the list."), field="dimensions")
    zone = (values.get("preferred_zone") or "").strip()
    if zone and zone != "general" and zone not in tracks:
        raise ApplicationError(_l("Choose a zone from the list."), field="preferred_zone")
    booths = parse_preferred_booths(event, values.get("preferred_booths") or "")
    try:
        space = int(values.get("space_sqm") or 0)
    except (TypeError, ValueError):
        space = 0
    if not 4 <= space <= 1000:
        raise ApplicationError(
            _l("Give the floor space you need in square metres, from 4 to 1000."),
            field="space_sqm",
        )
    return ApplicationValues(
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        organisation=_text(values, "organisation", 200),
        title_en=title_en,
        title_th=title_th,
        description_en=description_en,
        description_th=description_th,
        dimensions=[tracks[slug] for slug in slugs],
        preferred_track=tracks.get(zone),
        prefers_general=zone == "general",
        preferred_booths=booths,
        space_sqm=space,
        needs_power=bool(values.get("needs_power")),
        needs_internet=bool(values.get("needs_internet")),
        requirements=_text(values, "requirements", 2000),
    )


def parse_preferred_booths(event: Event, text: str) -> str:
    codes = [normalise_code(code) for code in re.split(r"[\s,;]+", text) if code.strip()]
    codes = list(dict.fromkeys(codes))
    if len(codes) > MAX_PREFERRED_BOOTHS:
        raise ApplicationError(
            _nl(
                "Name at most %(num)d booth.", "Name at most %(num)d booths.", MAX_PREFERRED_BOOTHS
            ),
            field="preferred_booths",
        )
    unknown = [code for code in codes if booth_by_code(event, code) is None]
    if unknown:
        raise ApplicationError(
            _l(
                "There is no booth %(codes)s on the floor plan.",
                codes=", ".join(unknown),
            ),
            field="preferred_booths",
        )
    return ", ".join(codes)


def preferred_zone_value(application: BoothApplication) -> str:
    if application.preferred_track is not None:
        return application.preferred_track.slug
    return "general" if application.prefers_general else ""


# What applicants do -----------------------------------------------------------------------------


def submit_application(
    event: Event,
    city_id: Any,
    values: dict[str, Any],
    language: str,
    logo: bytes | None = None,
    now: datetime | None = None,
) -> BoothApplication:
    """Record an application (unconfirmed) and email the confirmation link."""
    if not applications_are_open(event, now):
        raise ApplicationsClosed(_l("Booth applications for this event are closed."))
    try:
        city = db.session.get(City, int(city_id))
    except (TypeError, ValueError):
        city = None
    if city is None:
        raise ApplicationError(_l("Choose your city from the list."), field="city")
    cleaned = clean_application_values(event, values)
    if not values.get("consent"):
        raise ApplicationError(
            _l("Please agree to the privacy notice so that we may keep these details."),
            field="consent",
        )
    application = BoothApplication(
        event_id=event.id,
        city=city,
        state=S.UNCONFIRMED,
        language=language if language in ("en", "th") else "en",
        consent_at=utcnow(),
    )
    cleaned.apply_to(application)
    if logo:
        application.logo = store_image(logo, LOGO_MAX_BYTES)
    db.session.add(application)
    MACHINE.record(application, Actor.APPLICANT, note=BoothApplicationHistory.APPLIED)
    secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.CONFIRM)
    emails.confirm_email(application, secret)
    return application


def _link_application(event: Event, secret: str, purpose: LinkPurpose) -> BoothApplication:
    link = resolve_link(BoothApplicationLink, secret, purpose)
    application = link.application
    if application.event_id != event.id:
        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    return application


def confirm_application(event: Event, secret: str) -> tuple[BoothApplication, str, bool]:
    """Confirm the email address behind a confirmation link.

    Returns the application, a fresh manage secret for the page that follows, and whether this
    click confirmed it (false when it was confirmed before).
    """
    application = _link_application(event, secret, LinkPurpose.CONFIRM)
    # The same link clicked twice at once (on two app servers): the row lock makes the second
    # click see the first one's confirmation, so the application is confirmed and emailed once.
    application = lock_application(application.id)
    confirmed_now = mark_confirmed(application)
    manage_secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.MANAGE)
    return application, manage_secret, confirmed_now


def mark_confirmed(application: BoothApplication) -> bool:
    """The applicant has shown they read the contact address: the application goes to the
    organisers. False when it had been confirmed before."""
    if application.state != S.UNCONFIRMED:
        return False
    application.email_confirmed_at = utcnow()
    MACHINE.apply(application, S.SUBMITTED, Actor.APPLICANT)
    return True


def application_for_manage(event: Event, secret: str) -> BoothApplication:
    """The application behind a manage link (``LinkError`` 404 for a wrong one)."""
    return _link_application(event, secret, LinkPurpose.MANAGE)


def update_application(
    application_id: int, values: dict[str, Any], logo: bytes | None = None
) -> BoothApplication:
    """The applicant changes what they sent, while the organisers have not decided (under the
    application's row lock, so a decision taken meanwhile is seen). Needs
    ``unit_of_work(lock=True)``."""
    application = lock_application(application_id)
    if application.state not in EDITABLE:
        raise Conflict(DECIDED)
    cleaned = clean_application_values(application.event, values)
    cleaned.apply_to(application)
    if logo:
        application.logo = store_image(logo, LOGO_MAX_BYTES)
    MACHINE.record(application, Actor.APPLICANT, note=BoothApplicationHistory.EDITED)
    return application


def withdraw_application(application_id: int) -> BoothApplication:
    """The applicant withdraws; an assigned booth becomes free again. Needs
    ``unit_of_work(lock=True)``."""
    application = lock_application(application_id)
    MACHINE.apply(application, S.WITHDRAWN, Actor.APPLICANT)
    return application


def lock_application(application_id: int) -> BoothApplication:
    """The application, locked for the rest of the unit of work and read afresh."""
    application = lock_row(select(BoothApplication).where(BoothApplication.id == application_id))
    if application is None:
        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    return application


LINK_REQUEST = "booth-application-link"


def resend_links(event: Event, email: str) -> None:
    """The lost-link form: fresh links for every application of ``email`` in this event.

    The page does the same work whether or not there is any (it writes a request that the outbox
    worker resolves, mail/requests.py), so nobody learns from it who applied.
    """
    try:
        address = clean_recipient(email)
    except InvalidRecipient:
        raise ApplicationError(
            _l("Give an email address such as name@city.go.th."), field="email"
        ) from None
    requests.request_email(LINK_REQUEST, address, event=event)


@requests.resolver(LINK_REQUEST, resend=True)
def _send_requested_links(request: MailRequest) -> None:
    applications = db.session.scalars(
        select(BoothApplication)
        .where(
            BoothApplication.event_id == request.event_id,
            func.lower(BoothApplication.contact_email) == request.address.lower(),
        )
        .order_by(BoothApplication.id)
    ).all()
    for application in applications:
        if application.state == S.UNCONFIRMED:
            secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.CONFIRM)
            emails.confirm_email(application, secret, again=True)
        else:
            secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.MANAGE)
            emails.manage_link(application, secret)
