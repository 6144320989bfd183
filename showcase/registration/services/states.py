"""The registration state machine: who may move a registration from what to what.

``change_state`` is the only function that changes ``Registration.state``. It checks
``TRANSITIONS``, sets the timestamps that go with the new state, records the step in the
registration's log and queues the email of that state in the same transaction. Freeing a seat
is the caller's business (``seats.cancel`` promotes from the waiting list in the same
transaction).
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from showcase.core.db import utcnow
from showcase.core.errors import Conflict
from showcase.extensions import db
from showcase.registration import emails
from showcase.registration.models import Registration, RegistrationLog, RegistrationState

S = RegistrationState


class Actor(enum.StrEnum):
    REGISTRANT = "registrant"
    ORGANISER = "organiser"
    SYSTEM = "system"  # seat-taking and the waiting list


REG, ORG, SYS = Actor.REGISTRANT, Actor.ORGANISER, Actor.SYSTEM

TRANSITIONS: dict[tuple[RegistrationState, RegistrationState], frozenset[Actor]] = {
    (S.PENDING_EMAIL, S.CONFIRMED): frozenset({SYS}),
    (S.PENDING_EMAIL, S.WAITLISTED): frozenset({SYS}),
    (S.PENDING_EMAIL, S.AWAITING_APPROVAL): frozenset({SYS}),
    (S.PENDING_EMAIL, S.CANCELLED): frozenset({REG, ORG}),
    (S.AWAITING_APPROVAL, S.CONFIRMED): frozenset({ORG}),
    (S.AWAITING_APPROVAL, S.WAITLISTED): frozenset({ORG}),
    (S.AWAITING_APPROVAL, S.REJECTED): frozenset({ORG}),
    (S.AWAITING_APPROVAL, S.CANCELLED): frozenset({REG, ORG}),
    (S.WAITLISTED, S.CONFIRMED): frozenset({SYS, ORG}),
    (S.WAITLISTED, S.REJECTED): frozenset({ORG}),
    (S.WAITLISTED, S.CANCELLED): frozenset({REG, ORG}),
    (S.CONFIRMED, S.CANCELLED): frozenset({REG, ORG}),
}


def may_move(registration: Registration, to: RegistrationState, actor: Actor) -> bool:
    return actor in TRANSITIONS.get((registration.state, to), frozenset())


def check_step(registration: Registration, to: RegistrationState, actor: Actor) -> None:
    if not may_move(registration, to, actor):
        raise Conflict(
            _l(
                "This registration is %(state)s; that step is not possible now.",
                state=registration.state.label.lower(),
            )
        )


def change_state(
    registration: Registration,
    to: RegistrationState,
    actor: Actor,
    by: str = "",
    note: str = "",
    send_email: bool = True,
) -> RegistrationLog:
    """Move ``registration`` to ``to`` if the table lets ``actor``; log it; queue the email."""
    check_step(registration, to, actor)
    before = registration.state
    now = utcnow()
    registration.state = to
    if to == S.WAITLISTED:
        registration.waitlisted_at = registration.waitlisted_at or now
    if to != S.CONFIRMED:
        registration.checked_in_at = None
    if actor == Actor.ORGANISER:
        registration.decided_at = now
        registration.decision_reason = note
    entry = RegistrationLog(
        registration=registration,
        actor=by or actor.value,
        from_state=before.value,
        to_state=to.value,
        note=note,
    )
    db.session.add(entry)
    db.session.flush()
    if send_email:
        emails.state_changed(registration, promoted=before == S.WAITLISTED, note=note)
    return entry
