"""Helpers for lead tests: an exhibitor with an approved booth and a staff member, visitors who
do and do not share their details, and scans sent through the booth's rendered scan form."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from showcase.booths.models import BoothApplicationLink
from showcase.booths.services import decisions, layout
from showcase.core.db import unit_of_work
from showcase.core.links import LinkPurpose, mint_link
from showcase.extensions import db
from showcase.registration.models import RegistrationCategory
from showcase.registration.services import passes
from showcase.registration.services.badges import badge_payload
from tests import factories
from tests.forms import RenderedForm


@dataclass
class Booth:
    event: object
    application: object
    secret: str  # the contact's application link
    staff: object
    staff_secret: str  # the staff member's registration link

    @property
    def leads_url(self) -> str:
        return f"/{self.event.acronym}/booths/application/{self.secret}/leads/"

    @property
    def staff_url(self) -> str:
        return f"/{self.event.acronym}/registration/{self.staff_secret}/booth-leads/"


def exhibitor(event, city_name=("Khon Kaen", "ขอนแก่น"), code="A-01", email=None) -> Booth:
    """An approved exhibitor at booth ``code`` (hall A is made on first use), its contact's
    link, and one named staff member with their registration link."""
    factories.open_booth_applications(event, booths_per_city=2)
    with unit_of_work(lock=True):
        hall = next(iter(layout.list_halls(event)), None) or layout.create_hall(
            event, code="A", name_en="Hall A", name_th="ฮอลล์ A", width=30, depth=20
        )
        number = int(code.split("-")[1])
        booth = layout.create_booth(
            event, code=code, hall=hall, x=3 * number, y=2, width=3, depth=3, zone="mobility"
        )
    city = factories.city(*city_name)
    application = factories.booth_application(
        event, city, contact_email=email or f"contact-{code.lower()}@booth.example"
    )
    with unit_of_work(lock=True):
        decisions.approve_application(event, application.id, booth.id, "setup@showcase.example")
        secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.MANAGE)
    with unit_of_work(lock=True):
        staff = passes.name_staff(
            application,
            {
                "full_name": f"Staff {code}",
                "email": f"staff-{code.lower()}@booth.example",
                "language": "en",
            },
        )
    staff_secret = factories.registration_link(staff, "manage")
    return Booth(event, application, secret, staff, staff_secret)


def visitor(event, name: str, email: str, share: bool, **overrides):
    """A confirmed visitor, registered through the public form's service with or without the
    consent to share their details with exhibitors."""
    category = db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event.id, RegistrationCategory.code == "visitor"
        )
    ) or factories.registration_category(event, "visitor", name_en="Visitor")
    details = {
        "category": category,
        "full_name_th": "",
        "other_country": "DE",
        "other_city": "Berlin",
        **overrides,
    }
    return factories.registration(
        event, confirm=True, full_name=name, email=email, share_with_exhibitors=share, **details
    )


def scan(client, url: str, code: str):
    """Type ``code`` into the booth page's badge-code field and send it, as staff do."""
    form = RenderedForm.get(client, url, form="lead-scan-form")
    form.fill("Badge code (scanned or typed)", code)
    return form.submit()


def payload(registration) -> str:
    return badge_payload(registration)
