"""Demo leads: four exhibitors scanned visitors' badges over the first day (most by their
staff, some by the booth contact), with notes, ratings and tags; about two visitors in three
agreed to share their details, so the booths show both full leads and badge codes only, and the
organisers' booth-traffic page has real numbers. Nothing is added when the event has leads."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from showcase.booths.models import ApplicationState, Booth, BoothApplication
from showcase.core.db import unit_of_work
from showcase.core.time import local_datetime_to_utc
from showcase.events.models import Event
from showcase.extensions import db
from showcase.leads import services
from showcase.leads.models import ExhibitorLead
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services.badges import badge_payload

EXHIBITORS = 4
VISITORS_PER_BOOTH = (9, 6, 5, 3)
NOTES = (
    ("Wants a site visit to the operations centre in March.", 5, "follow-up,site-visit"),
    ("Asked about financing for rooftop solar on schools.", 4, "energy,financing"),
    ("Academic partner: student exchange on traffic data.", 3, "university"),
    ("", None, ""),
    ("สนใจระบบจัดการขยะอัจฉริยะ ขอเอกสารเพิ่มเติม", 4, "environment,ส่งเอกสาร"),
)


def load_demo(event: Event) -> str | None:
    if db.session.scalar(select(ExhibitorLead.id).where(ExhibitorLead.event_id == event.id)):
        return None
    exhibitors = db.session.scalars(
        select(BoothApplication)
        .join(Booth, BoothApplication.booth_id == Booth.id)
        .where(
            BoothApplication.event_id == event.id,
            BoothApplication.state == ApplicationState.APPROVED,
        )
        .order_by(Booth.code)
        .limit(EXHIBITORS)
    ).all()
    visitors = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.state == RegistrationState.CONFIRMED,
            Registration.booth_application_id.is_(None),
            Registration.email.is_not(None),
        )
        .order_by(Registration.id)
        .limit(max(VISITORS_PER_BOOTH) * 2)
    ).all()
    if not exhibitors or not visitors:
        return None
    with unit_of_work():
        for index, person in enumerate(visitors):
            if index % 3 != 2:  # two in three share their details with exhibitors
                services.set_sharing(person, True)
    opening = local_datetime_to_utc(datetime.combine(event.starts_on, time(9, 30)), event.timezone)
    made = 0
    for number, application in enumerate(exhibitors):
        staff = db.session.scalar(
            select(Registration)
            .where(
                Registration.booth_application_id == application.id,
                Registration.state == RegistrationState.CONFIRMED,
            )
            .order_by(Registration.id)
        )
        contact = services.Scanner(application, application.contact_name)
        scanner = services.Scanner(application, staff.full_name, staff.id) if staff else contact
        count = VISITORS_PER_BOOTH[number % len(VISITORS_PER_BOOTH)]
        for offset, person in enumerate(visitors[number : number + count]):
            moment = opening + timedelta(minutes=25 * offset + 11 * number)
            with unit_of_work(lock=True):
                lead, _new = services.scan(
                    contact if offset % 4 == 3 else scanner, badge_payload(person), now=moment
                )
                note, rating, tags = NOTES[(offset + number) % len(NOTES)]
                services.update_lead(
                    services.Scanner(application, ""),
                    lead.id,
                    {"note": note, "rating": rating, "tags": tags},
                )
            made += 1
    return f"Exhibitor leads: {made} at {len(exhibitors)} booths"
