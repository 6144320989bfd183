"""A letter's personal data over its life: in the delegate's data download, erased with the
person, and purged when the event's retention ends (``purge_passport_data``, registered with
``core.retention`` and run by ``flask showcase purge``).

Purging empties the passport data (name as in the passport, its number, the date of birth) and
stamps ``purged_at``; the number, state, nationality and travel dates stay, so the verification
page can still say that the letter existed and the organisers keep their counts. The rest of the
registration is not touched.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from showcase.core.db import lock_rows, utcnow
from showcase.core.time import to_local
from showcase.events.models import Event
from showcase.extensions import db
from showcase.letters.models import DEFAULT_RETENTION_DAYS, LetterSettings, LetterState, VisaLetter
from showcase.letters.services.requests import PERSON_ERASED, letters_of
from showcase.letters.services.states import MACHINE, Actor
from showcase.mail.services import erase_messages_of, messages_of
from showcase.registration.models import Registration


def purge_date(event: Event, settings: LetterSettings | None) -> date:
    """The first day on which the event's passport data is purged."""
    days = settings.retention_days if settings is not None else DEFAULT_RETENTION_DAYS
    return event.ends_on + timedelta(days=days + 1)


def purge_passport_data(now: datetime) -> int:
    """Empty the passport data of every letter whose event's retention has ended."""
    rows = db.session.execute(
        select(Event, LetterSettings)
        .join(LetterSettings, LetterSettings.event_id == Event.id, isouter=True)
        .where(Event.id.in_(select(VisaLetter.event_id).where(VisaLetter.purged_at.is_(None))))
    ).all()
    purged = 0
    for event, settings in rows:
        if to_local(now, event.timezone).date() < purge_date(event, settings):
            continue
        letters = lock_rows(
            select(VisaLetter)
            .where(VisaLetter.event_id == event.id, VisaLetter.purged_at.is_(None))
            .order_by(VisaLetter.id)
        )
        for letter in letters:
            letter.passport_name = None
            letter.passport_number = None
            letter.birth_date = None
            letter.purged_at = now
            MACHINE.record(letter, Actor.SYSTEM, note="passport data purged after the event")
            purged += 1
    return purged


def letters_data(registration: Registration) -> list[dict[str, Any]]:
    """The registrant's letters for their data download (``personal_data``)."""
    return [
        {
            "state": letter.state.value,
            "number": letter.number,
            "requested_by": letter.requested_by,
            "name_in_passport": letter.passport_name,
            "passport_number": letter.passport_number,
            "date_of_birth": letter.birth_date,
            "nationality": letter.nationality,
            "arrives_on": letter.arrives_on.isoformat(),
            "departs_on": letter.departs_on.isoformat(),
            "embassy": letter.embassy,
            "thai_version": letter.with_thai,
            "requested_at": letter.created_at.isoformat(),
            "issued_at": letter.issued_at.isoformat() if letter.issued_at else None,
            "revoked_at": letter.revoked_at.isoformat() if letter.revoked_at else None,
            "passport_data_purged_at": letter.purged_at.isoformat() if letter.purged_at else None,
            "history": [
                {"at": entry.at.isoformat(), "from": entry.from_state, "to": entry.to_state}
                for entry in letter.history
            ],
            "emails": [
                {"at": message.created_at.isoformat(), "subject": message.subject}
                for message in messages_of(letter)
            ],
        }
        for letter in letters_of(registration)
    ]


def erase_letters(registration: Registration, address: str) -> int:
    """PDPA erasure, in the caller's unit of work. A letter that never had a number is deleted
    with its history. A numbered letter keeps what its verification page needs (number, check
    code, nationality, dates) and nothing that names the person: an issued one is revoked, so an
    embassy checking it later reads "revoked" rather than "no such letter". Every history note
    and decision reason is emptied and the stored emails about the letters are emptied too.
    Returns how many letters were deleted or emptied."""
    letters = letters_of(registration)
    now = utcnow()
    for letter in reversed(letters):  # a correction before the letter it replaces
        erase_messages_of(letter, address)
        if letter.number is None:
            db.session.delete(letter)
            continue
        for entry in letter.history:
            entry.note = ""
            entry.by = ""
        letter.decision_reason = ""
        if letter.state == LetterState.ISSUED:
            MACHINE.apply(
                letter, LetterState.REVOKED, Actor.SYSTEM, note=str(PERSON_ERASED), email=False
            )
        letter.passport_name = None
        letter.passport_number = None
        letter.birth_date = None
        letter.purged_at = letter.purged_at or now
    db.session.flush()
    return len(letters)
