"""The organisers' decisions on visa letters: issue (a number per event and a check code),
decline, revoke, and correct (revoke the old number and issue a new letter that replaces it,
both steps in the history). Numbers are taken under a lock on the event's letter settings row,
so two organisers approving at once never get the same number (the unique constraint on
``(event_id, number)`` holds the rule too). Lock order: the letter, then the settings row.

The check code printed beside the QR code is what an embassy types on the verification page;
it is random (10 characters of Crockford's base 32: about 50 bits) and stored encrypted.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.core.db import lock_row
from showcase.core.errors import Conflict
from showcase.core.models import stored_settings_of
from showcase.events.models import Event
from showcase.extensions import db
from showcase.letters.models import DEFAULT_RETENTION_DAYS, LetterSettings, LetterState, VisaLetter
from showcase.letters.services.requests import clean_details
from showcase.letters.services.states import MACHINE, Actor

L = LetterState
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 10
# What people mistype for Crockford's letters.
_CODE_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_check_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    return "".join(char for char in (code or "").upper() if char.isalnum()).translate(_CODE_FIXES)


def codes_match(given: str, stored: str) -> bool:
    return hmac.compare_digest(normalise_code(given).encode(), normalise_code(stored).encode())


def letter_number(event: Event, sequence: int) -> str:
    return f"{event.acronym.upper()}-{sequence:04d}"


def lock_numbers(event_id: int) -> LetterSettings:
    """The event's settings row, created if need be and locked: the numbers are taken from it.
    Called before the letter moves to ``issued`` (making the row flushes the session)."""
    stored_settings_of(LetterSettings, event_id, retention_days=DEFAULT_RETENTION_DAYS)
    return lock_row(select(LetterSettings).where(LetterSettings.event_id == event_id))


def give_number(letter: VisaLetter, at: datetime) -> None:
    """The next number of the event, a check code, and the time of issue (``MACHINE``'s hook,
    after ``lock_numbers``)."""
    # The state is already ``issued`` in the session: nothing may be flushed before the number.
    with db.session.no_autoflush:
        settings = db.session.scalar(
            select(LetterSettings).where(LetterSettings.event_id == letter.event_id)
        )
        settings.last_sequence += 1
        letter.number = letter_number(letter.event, settings.last_sequence)
        letter.check_code = new_check_code()
        letter.issued_at = at


def _locked(letter_id: int) -> VisaLetter:
    letter = lock_row(select(VisaLetter).where(VisaLetter.id == letter_id))
    if letter is None:
        raise Conflict(_l("This letter no longer exists."))
    return letter


def _must_have_passport_data(letter: VisaLetter) -> None:
    if letter.purged_at is not None:
        raise Conflict(_l("This letter's passport data was deleted after the event."))


def issue(letter_id: int, by: str, note: str = "") -> VisaLetter:
    letter = _locked(letter_id)
    _must_have_passport_data(letter)
    lock_numbers(letter.event_id)
    MACHINE.apply(letter, L.ISSUED, Actor.ORGANISER, by=by, note=note)
    return letter


def reject(letter_id: int, by: str, reason: str) -> VisaLetter:
    letter = _locked(letter_id)
    MACHINE.apply(letter, L.REJECTED, Actor.ORGANISER, by=by, note=reason)
    return letter


def revoke(letter_id: int, by: str, reason: str) -> VisaLetter:
    letter = _locked(letter_id)
    MACHINE.apply(letter, L.REVOKED, Actor.ORGANISER, by=by, note=reason)
    return letter


def correct(letter_id: int, values: dict[str, Any], by: str) -> VisaLetter:
    """Revoke an issued letter and issue a corrected one under a new number; returns the new."""
    old = _locked(letter_id)
    _must_have_passport_data(old)
    if old.state != L.ISSUED:
        raise Conflict(_l("Only an issued letter can be corrected."))
    details = clean_details(old.event, values)
    lock_numbers(old.event_id)
    reason = (values.get("reason") or "").strip()
    MACHINE.apply(old, L.REVOKED, Actor.ORGANISER, by=by, note=reason or "corrected", email=False)
    db.session.flush()  # the old one leaves the open states before the new one joins them
    new = VisaLetter(
        event_id=old.event_id,
        event=old.event,
        registration=old.registration,
        requested_by=old.requested_by,
        state=L.REQUESTED,
        replaces=old,
        **details,
    )
    db.session.add(new)
    db.session.flush()
    MACHINE.start(new, Actor.ORGANISER, by=by, note=f"correction of {old.number}")
    MACHINE.apply(new, L.ISSUED, Actor.ORGANISER, by=by, note=reason)
    MACHINE.record(old, Actor.ORGANISER, by=by, note=f"replaced by {new.number}")
    return new


def verify(event: Event, number: str, code: str) -> VisaLetter | None:
    """The letter with this number and check code, or None: a wrong code and an unknown number
    answer the same (and take about as long), so the page tells a forger nothing."""
    letter = db.session.scalar(
        select(VisaLetter).where(
            VisaLetter.event_id == event.id,
            VisaLetter.number == (number or "").strip().upper()[:32],
            VisaLetter.number.is_not(None),
        )
    )
    stored = letter.check_code if letter is not None and letter.check_code else new_check_code()
    matches = codes_match(code, stored)
    return letter if letter is not None and matches else None


def queue(event: Event, state: LetterState | None = None) -> list[VisaLetter]:
    """The organisers' list: requests waiting first (oldest first), then the others."""
    query = select(VisaLetter).where(VisaLetter.event_id == event.id)
    if state is not None:
        query = query.where(VisaLetter.state == state)
    letters = list(db.session.scalars(query.order_by(VisaLetter.id)))
    waiting = [letter for letter in letters if letter.state == L.REQUESTED]
    others = [letter for letter in letters if letter.state != L.REQUESTED]
    return waiting + others[::-1]
