"""Factories that return objects: each makes its record through the services, inside a unit of
work, as the site does, and hands back the record itself (not its acronym or id).

They need the app context; take the ``ctx`` fixture (tests/conftest.py), which holds it for the
whole test, and the objects stay usable from the first line to the last::

    from tests import factories

    def test_a_confirmed_registration_takes_a_seat(ctx, client):
        event = factories.event()
        visitor = factories.registration_category(event, "visitor", capacity=1)
        somchai = factories.registration(event, category=visitor, confirm=True)

        response = client.get(f"/{event.acronym}/register")   # runs in a context of its own

        assert somchai.state.value == "confirmed"            # read afresh after the request
        assert visitor.capacity == 1

Every argument has a sensible default, and the keyword arguments a factory does not name go to
the service's values (the defaults are the package helpers' ``values``/``application_values``/
``proposal_values``, so a form's fields are written down once). A test that needs a state the
services would not produce sets it on the object inside ``unit_of_work()`` and says why.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from showcase.core.db import unit_of_work
from showcase.extensions import db

PASSWORD = "correct-horse-1"


# Events and people ------------------------------------------------------------------------------


def event_values(**values) -> dict:
    """The values of the test event: World Smart City Showcase 2027, 26-28 January 2027, with
    registration and the call for proposals open from yesterday for thirty days."""
    start = values.pop("starts_on", date(2027, 1, 26))
    now = datetime.now(UTC)
    defaults = {
        "name_en": "World Smart City Showcase 2027",
        "name_th": "มหกรรมเมืองอัจฉริยะโลก 2570",
        "starts_on": start,
        "ends_on": start + timedelta(days=2),
        "venue_en": "Queen Sirikit National Convention Center",
        "venue_th": "ศูนย์การประชุมแห่งชาติสิริกิติ์",
        "contact_email": "showcase@depa.example",
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": now + timedelta(days=30),
        "cfp_opens_at": now - timedelta(days=1),
        "cfp_closes_at": now + timedelta(days=30),
    }
    defaults.update(values)
    return defaults


def event(acronym: str = "wscs2027", **values):
    """An event with its seven tracks (``showcase.events.services.create_event``)."""
    from showcase.events.services import create_event

    with unit_of_work():
        return create_event(acronym, **event_values(**values))


def user(role: str = "admin", email: str | None = None, password: str = PASSWORD, name: str = ""):
    """A staff account of ``role``; its password is ``factories.PASSWORD`` unless given."""
    from showcase.accounts.services import create_user

    email = email or f"{role}-{uuid.uuid4().hex[:8]}@showcase.example"
    with unit_of_work():
        return create_user(email, role, password, name=name or role.title())


def sign_in(client, account, password: str = PASSWORD):
    """Sign ``client`` in as ``account`` (a user from ``user()``) through the login form."""
    response = client.post("/manage/login", data={"email": account.email, "password": password})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
    return response


def city(name_en: str = "Khon Kaen", name_th: str = "ขอนแก่น", country: str = "TH"):
    """A city of the shared city list; the one already there if it is."""
    from showcase.events.models import CityKind
    from showcase.events.services import create_city, find_city

    existing = find_city(name_en, country)
    if existing is not None:
        return existing
    with unit_of_work():
        return create_city(
            name_en=name_en,
            name_th=name_th,
            country_code=country,
            kind=CityKind.THAI_MEMBER if country == "TH" else CityKind.INTERNATIONAL,
            city_possible_member=True,
        )


# Registration -----------------------------------------------------------------------------------


def registration_category(event, code: str = "visitor", **values):
    """A registration category of ``event`` (open, without a seat limit unless ``capacity``)."""
    from showcase.registration.services import organiser

    defaults = {
        "code": code,
        "name_en": code.replace("-", " ").title(),
        "name_th": "",
        "capacity": None,
        "is_open": True,
    }
    defaults.update(values)
    with unit_of_work(lock=True):
        return organiser.save_category(event, defaults)


def registration(event, city=None, category=None, confirm: bool = False, **overrides):
    """A registration as the public form makes it (for Somchai Jaidee unless overridden), in
    ``category`` (a new Visitor category if none); confirmed by its link if ``confirm``."""
    from showcase.registration.services import registrations
    from tests.registration.helpers import values

    if category is None:
        category = registration_category(event, "visitor", name_en="Visitor")
    with unit_of_work(lock=True):
        made, _new = registrations.register(event, values(city, category, **overrides))
    if confirm:
        made = confirm_registration(event, made)
    return made


def registration_link(registration, purpose: str = "confirm") -> str:
    """The secret of a new ``confirm`` or ``manage`` link of ``registration``, as its email
    carries it."""
    from showcase.core.links import LinkPurpose, mint_link
    from showcase.registration.models import RegistrationLink

    with unit_of_work():
        return mint_link(RegistrationLink(registration=registration), LinkPurpose(purpose))


def confirm_registration(event, registration):
    """Confirm ``registration`` the way its emailed link does; returns it."""
    from showcase.registration.services import registrations

    secret = registration_link(registration, "confirm")
    with unit_of_work(lock=True):
        confirmed, _manage, _now = registrations.confirm(event, secret)
    return confirmed


# Booths -----------------------------------------------------------------------------------------


def open_booth_applications(event, booths_per_city: int = 1):
    """Booth applications of ``event`` open from yesterday for ten days."""
    from showcase.booths.services.settings import update_settings

    now = datetime.now(UTC)
    with unit_of_work():
        update_settings(event, now - timedelta(days=1), now + timedelta(days=10), booths_per_city)
    return event


def booth_application(event, city, confirm: bool = True, **overrides):
    """A booth application of ``city`` as the public form makes it (Khon Kaen Light Rail unless
    overridden); its email address confirmed unless ``confirm`` is false."""
    from showcase.booths.services import applications
    from tests.booths.helpers import application_values

    with unit_of_work(lock=True):
        application = applications.submit_application(
            event, city.id, application_values(**overrides), language="en"
        )
        if confirm:
            applications.mark_confirmed(application)
    return application


# Programme --------------------------------------------------------------------------------------


def proposal(event, confirm: bool = True, ui_language: str = "en", **overrides):
    """A proposal sent through the call for proposals (a talk by Somchai Jaidee unless
    overridden), confirmed by its link unless ``confirm`` is false; returns the session."""
    from showcase.program.services import proposals
    from tests.program.helpers import proposal_values

    with unit_of_work(lock=True):
        session, secret = proposals.submit_proposal(
            event, proposal_values(**overrides), ui_language
        )
    if confirm:
        with unit_of_work(lock=True):
            proposals.confirm_proposal(event, secret)
    return session


def room(event, name_en: str = "Main Hall", name_th: str = "", capacity=None, position: int = 0):
    """A room of ``event``'s programme."""
    from showcase.program.models import Room

    with unit_of_work():
        made = Room(
            event_id=event.id,
            name_en=name_en,
            name_th=name_th,
            capacity=capacity,
            position=position,
        )
        db.session.add(made)
    return made
