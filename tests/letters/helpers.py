"""Helpers for visa-letter tests: what a delegate types, requests made and letters issued
through the services, each step in its own unit of work as a request runs it."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.letters.models import VisaLetter
from showcase.letters.services import issuing, requests
from tests import factories

ORGANISER = "organiser@showcase.example"
PASSPORT_NUMBER = "AA1234567"


def letter_values(event, **overrides) -> dict:
    """Erik Lindqvist's request: two days before the event to one day after it."""
    data = {
        "passport_name": "LINDQVIST ERIK JOHAN",
        "passport_number": PASSPORT_NUMBER,
        "nationality": "SE",
        "date_of_birth": date(1981, 3, 14),
        "arrives_on": event.starts_on - timedelta(days=2),
        "departs_on": event.ends_on + timedelta(days=1),
        "embassy": "Royal Thai Embassy, Stockholm",
        "with_thai": False,
    }
    data.update(overrides)
    return data


def visitor_category(event):
    """The event's Visitor category, made the first time."""
    from sqlalchemy import select

    from showcase.registration.models import RegistrationCategory

    found = db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event.id, RegistrationCategory.code == "visitor"
        )
    )
    return found or factories.registration_category(event, "visitor", name_en="Visitor")


def delegation_category(event):
    return factories.registration_category(
        event, "delegation", name_en="City delegation", open_to_delegations=True
    )


def delegate(event, language: str = "en", email: str = "erik.lindqvist@goteborg.example"):
    """A confirmed international delegate (Gothenburg, Sweden)."""
    return factories.registration(
        event,
        category=visitor_category(event),
        confirm=True,
        full_name="Erik Lindqvist",
        full_name_th="",
        email=email,
        other_country="SE",
        other_city="Gothenburg",
        organisation="City of Gothenburg",
        language=language,
    )


def request_letter(registration, by: str = "registrant", **overrides) -> VisaLetter:
    with unit_of_work(lock=True):
        letter = requests.request_letter(
            registration, letter_values(registration.event, **overrides), by
        )
    return db.session.get(VisaLetter, letter.id)


def issue(letter: VisaLetter) -> VisaLetter:
    with unit_of_work(lock=True):
        issuing.issue(letter.id, ORGANISER)
    db.session.expire_all()
    return db.session.get(VisaLetter, letter.id)


def issued_letter(registration, **overrides) -> VisaLetter:
    return issue(request_letter(registration, **overrides))


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def manage_secret(registration) -> str:
    return factories.registration_link(registration, "manage")
