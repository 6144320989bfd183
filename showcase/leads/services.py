"""The rules of exhibitor leads: who may scan for a booth, what a scan refuses, what the
exhibitor sees of a visitor, and how a visitor withdraws.

- A booth scans through a secret link: its contact's application link, or the manage link of one
  of its staff passes (registration/services/passes.py). Only an approved booth scans.
- A scan names a registration by its badge payload (registration/services/badges.py). It is
  refused for anything that is not a visitor's badge: a forged or replaced code, a registration
  that is not confirmed, a staff pass of the same booth. Scanning a visitor again updates the
  lead (one per exhibitor and visitor, by the database, also when two phones scan at once).
- The exhibitor sees the visitor's name, organisation, job title and email only while the
  visitor shares them with exhibitors; otherwise the badge code alone. A visitor may withdraw
  from one exhibitor's leads, or withdraw consent, which withdraws every lead: a withdrawn lead
  leaves the list and the exports, and its note, rating and tags are erased.

Every function runs in the caller's unit of work.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from showcase.booths.models import ApplicationState, BoothApplication
from showcase.booths.services.applications import application_for_manage
from showcase.core.db import require_unit_of_work, utcnow
from showcase.core.errors import DomainError, ErrorCollector
from showcase.core.inputs import NumberTooLarge
from showcase.core.time import to_local
from showcase.events.models import Event
from showcase.events.services import events_ended
from showcase.extensions import db
from showcase.leads.models import RATINGS, ExhibitorLead
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services import badges
from showcase.registration.services.registrations import for_manage

NOTE_LIMIT = 2000
TAG_LIMIT = 30
MOST_TAGS = 10
# Leads are deleted this many days after the event's last day (``flask showcase purge``).
RETENTION_DAYS = 180
CONSENT_PURPOSE = _l(
    "Exhibitors whose booth scans your badge receive your name, organisation, job title and email."
)


class LeadRefused(DomainError):
    status_code = 400


class NoSuchLead(DomainError):
    status_code = 404


TRAFFIC_TITLE = _l("Booth traffic")
# The words of the check-in desk's refusal of a forged code (registration/services/badges.py).
NOT_A_BADGE = _l(
    "This badge code is not valid: it was not issued for this event or has been altered."
)
NOT_A_BOOTH = _l("Leads are collected by approved booths only.")


@dataclass(frozen=True)
class Scanner:
    """Who scans for which exhibitor: the booth's contact, or one of its staff."""

    application: BoothApplication
    name: str
    registration_id: int | None = None


def contact_scanner(event: Event, secret: str) -> Scanner:
    application = application_for_manage(event, secret)
    if application.state != ApplicationState.APPROVED or application.booth is None:
        raise LeadRefused(NOT_A_BOOTH)
    return Scanner(application, application.contact_name)


def staff_scanner(event: Event, secret: str) -> Scanner:
    registration = for_manage(event, secret)
    application = (
        db.session.get(BoothApplication, registration.booth_application_id)
        if registration.booth_application_id
        else None
    )
    if (
        application is None
        or registration.state != RegistrationState.CONFIRMED
        or application.state != ApplicationState.APPROVED
        or application.booth is None
    ):
        raise LeadRefused(NOT_A_BOOTH)
    return Scanner(application, registration.full_name, registration.id)


# Scanning ------------------------------------------------------------------------------------


def visitor_of(scanner: Scanner, payload: str) -> Registration:
    """The visitor a scanned badge names, or ``LeadRefused`` with why it is not one."""
    text = "".join((payload or "").split()).upper()[:200]
    if not text:
        raise LeadRefused(_l("Scan a badge or type its code."), field="payload")
    application = scanner.application
    try:
        registration = badges.registration_from_payload(application.event, text)
    except badges.BadgeRefused as refused:
        raise LeadRefused(refused.message, field="payload") from None
    except NumberTooLarge:  # a made-up registration number past what an id can be
        raise LeadRefused(NOT_A_BADGE, field="payload") from None
    if registration.booth_application_id == application.id:
        raise LeadRefused(
            _l("This is the badge of your own booth's staff, not a visitor's."), field="payload"
        )
    if registration.state != RegistrationState.CONFIRMED or registration.erased_at is not None:
        raise LeadRefused(
            _l("This badge is not a visitor's: its registration is not confirmed."),
            field="payload",
        )
    return registration


def scan(scanner: Scanner, payload: str, now: datetime | None = None) -> tuple[ExhibitorLead, bool]:
    """Keep the lead of the visitor whose badge was scanned; (lead, whether it is new)."""
    work = require_unit_of_work()
    visitor = visitor_of(scanner, payload)
    now = now or utcnow()
    lead = _lead_of(scanner.application.id, visitor.id)
    created = False
    if lead is None:
        lead = ExhibitorLead(
            event_id=scanner.application.event_id,
            application_id=scanner.application.id,
            registration_id=visitor.id,
            first_scanned_at=now,
            scanned_at=now,
        )
        try:
            with work.savepoint():
                db.session.add(lead)
                db.session.flush()
            created = True
        except IntegrityError:
            # Another phone of the booth scanned the same visitor a moment ago.
            lead = _lead_of(scanner.application.id, visitor.id)
            if lead is None:
                raise
    if lead.withdrawn_at is not None:
        raise LeadRefused(_l("This visitor has asked not to be among your leads."), field="payload")
    lead.scanned_at = now
    lead.scanned_by = scanner.name[:120]
    lead.scanned_by_registration_id = scanner.registration_id
    db.session.flush()
    return lead, created


def _lead_of(application_id: int, registration_id: int) -> ExhibitorLead | None:
    return db.session.scalar(
        select(ExhibitorLead)
        .where(
            ExhibitorLead.application_id == application_id,
            ExhibitorLead.registration_id == registration_id,
        )
        .execution_options(populate_existing=True)
    )


# The exhibitor's list ------------------------------------------------------------------------


def leads_of(application: BoothApplication) -> list[ExhibitorLead]:
    """The exhibitor's leads that are not withdrawn, the latest scan first."""
    return list(
        db.session.scalars(
            select(ExhibitorLead)
            .where(
                ExhibitorLead.application_id == application.id,
                ExhibitorLead.withdrawn_at.is_(None),
            )
            .order_by(ExhibitorLead.scanned_at.desc(), ExhibitorLead.id.desc())
        )
    )


def lead_for(scanner: Scanner, lead_id: int) -> ExhibitorLead:
    lead = db.session.get(ExhibitorLead, lead_id)
    if lead is None or lead.application_id != scanner.application.id or lead.withdrawn_at:
        raise NoSuchLead(_l("There is no such lead."))
    return lead


@dataclass(frozen=True)
class LeadCard:
    """What the exhibitor may know of a lead: the visitor's details only with their consent."""

    lead: ExhibitorLead
    badge_code: str
    shared: bool
    full_name: str = ""
    organisation: str = ""
    job_title: str = ""
    email: str = ""


def card(lead: ExhibitorLead) -> LeadCard:
    registration = lead.registration
    if not lead.shares_details:
        return LeadCard(lead, registration.badge_code, False)
    return LeadCard(
        lead,
        registration.badge_code,
        True,
        registration.full_name,
        registration.organisation,
        registration.job_title,
        registration.email or "",
    )


def cards_of(application: BoothApplication) -> list[LeadCard]:
    return [card(lead) for lead in leads_of(application)]


def clean_tags(text: str) -> str:
    tags: list[str] = []
    for part in str(text or "").replace("\n", ",").split(","):
        tag = " ".join("".join(ch for ch in part if ch.isprintable()).split())
        if not tag:
            continue
        if len(tag) > TAG_LIMIT:
            raise LeadRefused(
                _l("A tag may have at most %(limit)d characters.", limit=TAG_LIMIT), field="tags"
            )
        if tag.casefold() not in {known.casefold() for known in tags}:
            tags.append(tag)
    if len(tags) > MOST_TAGS:
        raise LeadRefused(_l("Give at most %(most)d tags.", most=MOST_TAGS), field="tags")
    return ",".join(tags)


def clean_rating(value: Any) -> int | None:
    if value in (None, "", "0", 0):
        return None
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if rating not in RATINGS:
        raise LeadRefused(_l("Choose a rating from 1 to 5 stars."), field="rating")
    return rating


def update_lead(scanner: Scanner, lead_id: int, values: dict[str, Any]) -> ExhibitorLead:
    """The booth's note, rating and tags of a lead."""
    lead = lead_for(scanner, lead_id)
    problems = ErrorCollector()
    note = str(values.get("note") or "").replace("\x00", "").strip()
    if len(note) > NOTE_LIMIT:
        problems.add(
            LeadRefused(
                _l("This is longer than %(limit)d characters.", limit=NOTE_LIMIT), field="note"
            )
        )
    rating = problems.attempt(clean_rating, values.get("rating"))
    tags = problems.attempt(clean_tags, values.get("tags"))
    problems.raise_any()
    lead.note = note
    lead.rating = rating
    lead.tags = tags
    db.session.flush()
    return lead


# The visitor's side --------------------------------------------------------------------------


def scans_of(registration: Registration) -> list[ExhibitorLead]:
    """The exhibitors who keep the person as a lead (withdrawn ones left out)."""
    return list(
        db.session.scalars(
            select(ExhibitorLead)
            .where(
                ExhibitorLead.registration_id == registration.id,
                ExhibitorLead.withdrawn_at.is_(None),
            )
            .order_by(ExhibitorLead.first_scanned_at)
        )
    )


def _erase_lead(lead: ExhibitorLead, now: datetime) -> None:
    lead.withdrawn_at = now
    lead.note = ""
    lead.rating = None
    lead.tags = ""
    lead.scanned_by = ""
    lead.scanned_by_registration_id = None


def withdraw_lead(registration: Registration, lead_id: int) -> ExhibitorLead:
    """The visitor leaves one exhibitor's leads."""
    lead = db.session.get(ExhibitorLead, lead_id)
    if lead is None or lead.registration_id != registration.id:
        raise NoSuchLead(_l("There is no such lead."))
    if lead.withdrawn_at is None:
        _erase_lead(lead, utcnow())
    db.session.flush()
    return lead


def withdraw_all(registration_id: int, now: datetime | None = None) -> int:
    now = now or utcnow()
    leads = db.session.scalars(
        select(ExhibitorLead).where(
            ExhibitorLead.registration_id == registration_id,
            ExhibitorLead.withdrawn_at.is_(None),
        )
    ).all()
    for lead in leads:
        _erase_lead(lead, now)
    db.session.flush()
    return len(leads)


def set_sharing(registration: Registration, share: bool) -> int:
    """The visitor gives or withdraws consent; withdrawing it withdraws every lead (how many)."""
    if registration.erased_at is not None:
        raise LeadRefused(_l("This registration's data has been erased."))
    withdrawn = 0
    if share and not registration.share_with_exhibitors:
        registration.share_with_exhibitors = True
        registration.shared_with_exhibitors_at = utcnow()
    elif not share:
        registration.share_with_exhibitors = False
        registration.shared_with_exhibitors_at = None
        withdrawn = withdraw_all(registration.id)
    db.session.flush()
    return withdrawn


# Personal data -------------------------------------------------------------------------------


def personal_data(registration: Registration) -> dict[str, Any]:
    """For the person's data.json: the consent, and each exhibitor that scanned the badge with
    what it wrote about them (the staff member's name is the exhibitor's data and stays out)."""
    leads = db.session.scalars(
        select(ExhibitorLead)
        .where(ExhibitorLead.registration_id == registration.id)
        .order_by(ExhibitorLead.first_scanned_at)
    )
    return {
        "share_with_exhibitors": registration.share_with_exhibitors,
        "shared_with_exhibitors_at": registration.shared_with_exhibitors_at.isoformat()
        if registration.shared_with_exhibitors_at
        else None,
        "leads": [
            {
                "exhibitor": lead.application.city.name_en,
                "booth": lead.application.booth.code if lead.application.booth else None,
                "first_scanned_at": lead.first_scanned_at.isoformat(),
                "scanned_at": lead.scanned_at.isoformat(),
                "note": lead.note,
                "rating": lead.rating,
                "tags": lead.tag_list,
                "withdrawn_at": lead.withdrawn_at.isoformat() if lead.withdrawn_at else None,
            }
            for lead in leads
        ],
    }


def erase_person(registration_id: int) -> None:
    """Erasure: the person's leads go, and so does their name on the scans they made as staff."""
    db.session.execute(
        delete(ExhibitorLead)
        .where(ExhibitorLead.registration_id == registration_id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(ExhibitorLead)
        .where(ExhibitorLead.scanned_by_registration_id == registration_id)
        .values(scanned_by="", scanned_by_registration_id=None)
        .execution_options(synchronize_session=False)
    )
    registration = db.session.get(Registration, registration_id)
    if registration is not None:
        registration.share_with_exhibitors = False
        registration.shared_with_exhibitors_at = None


def purge_leads(now: datetime) -> int:
    """The retention rule: the leads of every event whose last day is ``RETENTION_DAYS``
    behind are deleted; how many."""
    require_unit_of_work()
    ended = events_ended(now, RETENTION_DAYS)
    result = db.session.execute(
        delete(ExhibitorLead)
        .where(ExhibitorLead.event_id.in_(ended))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# Booth traffic -------------------------------------------------------------------------------


@dataclass
class Traffic:
    """Visitors scanned per booth per hour (the event's local time), counted at the first
    scan of each visitor at each booth; withdrawn leads still count as a visit."""

    hours: list[datetime]
    by_booth: dict[str, Counter]
    totals: Counter

    def count(self, code: str, hour: datetime) -> int:
        return self.by_booth.get(code, Counter())[hour]


def traffic(event: Event) -> Traffic:
    rows = db.session.execute(
        select(ExhibitorLead.first_scanned_at, BoothApplication)
        .join(BoothApplication, ExhibitorLead.application_id == BoothApplication.id)
        .where(ExhibitorLead.event_id == event.id, BoothApplication.booth_id.is_not(None))
    ).all()
    by_booth: dict[str, Counter] = {}
    totals: Counter = Counter()
    hours: set[datetime] = set()
    for scanned_at, application in rows:
        hour = to_local(scanned_at, event.timezone).replace(minute=0, second=0, microsecond=0)
        code = application.booth.code
        by_booth.setdefault(code, Counter())[hour] += 1
        totals[code] += 1
        hours.add(hour)
    return Traffic(sorted(hours), by_booth, totals)
