"""Demo badge printing: the Khon Kaen delegation printed on A4 sheets and the speakers on CR80
cards by the organiser, one Khon Kaen badge reported lost and reprinted at the desk with a new
code, and a member's job title completed by the coordinator after printing, so that the print
page shows real counts of "not printed yet" and "changed since printed". Nothing is done when
the event already has printed badges, so a second run changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from showcase.badges.models import BadgeLayout, BadgePrint, PrintReason
from showcase.badges.services import printing
from showcase.badges.services.selection import BadgeFilters
from showcase.core.db import unit_of_work
from showcase.delegations.models import Delegation
from showcase.delegations.services import members
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory, RegistrationState

DEMO_ORGANISER = "organiser@showcase.example"
DEMO_DESK = "checkin@showcase.example"


def load_demo(event: Event) -> str | None:
    printed = db.session.scalar(select(BadgePrint.id).where(BadgePrint.event_id == event.id))
    if printed is not None:
        return None
    delegation = db.session.scalar(
        select(Delegation)
        .join(City, City.id == Delegation.city_id)
        .where(Delegation.event_id == event.id, City.name_en == "Khon Kaen")
    )
    speakers = db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event.id, RegistrationCategory.given_to == "speakers"
        )
    )
    count = 0
    if delegation is not None:
        with unit_of_work():
            run = printing.print_run(
                event,
                BadgeFilters(delegation_id=delegation.id),
                BadgeLayout.A4_SHEET,
                DEMO_ORGANISER,
            )
        count += run.count
    if speakers is not None:
        with unit_of_work():
            count += printing.print_run(
                event, BadgeFilters(category_id=speakers.id), BadgeLayout.CR80, DEMO_ORGANISER
            ).count
    if delegation is None:
        return f"Badges: {count} printed"
    confirmed = db.session.scalars(
        select(Registration)
        .where(
            Registration.delegation_id == delegation.id,
            Registration.state == RegistrationState.CONFIRMED,
            Registration.is_head.is_(False),
        )
        .order_by(Registration.id)
    ).all()
    if len(confirmed) >= 2:
        lost, corrected = confirmed[0], confirmed[1]
        with unit_of_work():
            printing.reprint(event, lost.id, PrintReason.LOST, BadgeLayout.A6, DEMO_DESK)
        with unit_of_work(lock=True):
            members.update_member(
                db.session.get(Delegation, delegation.id),
                corrected.id,
                {
                    "honorific": corrected.honorific,
                    "full_name": corrected.full_name,
                    "full_name_th": corrected.full_name_th,
                    # The coordinator completes the job title after the badge was printed.
                    "job_title": f"{corrected.job_title}, Smart City Office".strip(", "),
                    "organisation": corrected.organisation,
                    "email": corrected.email or "",
                    "phone": corrected.phone,
                    "language": corrected.language,
                    "is_head": corrected.is_head,
                    "is_vip": corrected.is_vip,
                },
            )
    return f"Badges: {count} printed, one reprinted as lost, one changed since printed"
