"""A person who no longer comes takes their letters with them: cancelling the registration
revokes an issued letter (its verification page then says revoked) and withdraws a request still
waiting; a delegation member replaced by another person has their letter revoked too."""

from __future__ import annotations

from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.letters.document import verification_url
from showcase.letters.models import LetterState, VisaLetter
from showcase.mail.models import OutboxMessage
from showcase.registration.services import registrations
from showcase.registration.services.states import Actor
from tests import factories
from tests.letters.helpers import delegate, issued_letter, request_letter
from tests.letters.test_verification import page_text, path_of


def cancel(registration) -> None:
    with unit_of_work(lock=True):
        registrations.cancel(registration.id, Actor.REGISTRANT, reason="Cannot travel")
    db.session.expire_all()


def test_cancelling_revokes_the_issued_letter_and_its_page_says_revoked(ctx, client):
    event = factories.event()
    person = delegate(event)
    letter = issued_letter(person)
    url = path_of(verification_url(letter))
    assert "Valid" in page_text(client.get(url))

    cancel(person)

    letter = db.session.get(VisaLetter, letter.id)
    assert letter.state == LetterState.REVOKED
    assert letter.revoked_at is not None
    assert letter.history[-1].to_state == "revoked"
    assert letter.history[-1].note == "The registration was cancelled."
    text = page_text(client.get(url))
    assert "Revoked" in text and "no longer valid" in text
    subjects = db.session.scalars(
        select(OutboxMessage.subject).where(OutboxMessage.recipient == person.email)
    ).all()
    assert f"Visa invitation letter {letter.number} is revoked" in subjects


def test_cancelling_withdraws_a_request_not_yet_decided(ctx):
    event = factories.event()
    person = delegate(event)
    letter = request_letter(person)

    cancel(person)

    letter = db.session.get(VisaLetter, letter.id)
    assert letter.state == LetterState.WITHDRAWN
    assert letter.number is None
    assert [(e.from_state, e.to_state) for e in letter.history][-1] == ("requested", "withdrawn")


def test_a_letter_already_declined_stays_as_it_was(ctx):
    from showcase.letters.services import issuing
    from tests.letters.helpers import ORGANISER

    event = factories.event()
    person = delegate(event)
    letter = request_letter(person)
    with unit_of_work(lock=True):
        issuing.reject(letter.id, ORGANISER, "Dates outside the event")
    db.session.expire_all()
    entries = len(db.session.get(VisaLetter, letter.id).history)

    cancel(person)

    letter = db.session.get(VisaLetter, letter.id)
    assert letter.state == LetterState.REJECTED
    assert len(letter.history) == entries
