"""The registration state machine: who may move a registration from what to what.

``MACHINE.apply`` (``core.states``) is the only way ``Registration.state`` changes: it checks
``TRANSITIONS``, sets the timestamps that go with the new state (``_enter``), writes the step to
the registration's history and queues the email of the state reached, in the caller's unit of
work. ``MACHINE.record`` writes the history of a step that is not a move (details changed, a
check-in, an erasure). Freeing a seat is the caller's business (``registrations.cancel``
promotes from the waiting list in the same unit of work).
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from showcase.core.errors import Conflict
from showcase.core.states import StateMachine, Step
from showcase.registration import emails
from showcase.registration.models import (
    NOTE_LABELS,
    Registration,
    RegistrationHistory,
    RegistrationState,
)

S = RegistrationState


class Actor(enum.StrEnum):
    REGISTRANT = "registrant"
    ORGANISER = "organiser"
    SYSTEM = "system"  # seat-taking and the waiting list


REG, ORG, SYS = Actor.REGISTRANT, Actor.ORGANISER, Actor.SYSTEM

TRANSITIONS: dict[tuple[RegistrationState, RegistrationState], frozenset[Actor]] = {
    # Organisers confirm a person they register on their behalf (a walk-in, an invitee).
    (S.PENDING_EMAIL, S.CONFIRMED): frozenset({SYS, ORG}),
    (S.PENDING_EMAIL, S.WAITLISTED): frozenset({SYS, ORG}),
    (S.PENDING_EMAIL, S.AWAITING_APPROVAL): frozenset({SYS}),
    (S.PENDING_EMAIL, S.CANCELLED): frozenset({REG, ORG}),
    # Showcase: a speaker's or staff pass given to a person already awaiting approval.
    (S.AWAITING_APPROVAL, S.CONFIRMED): frozenset({ORG, SYS}),
    (S.AWAITING_APPROVAL, S.WAITLISTED): frozenset({ORG, SYS}),
    (S.AWAITING_APPROVAL, S.REJECTED): frozenset({ORG}),
    (S.AWAITING_APPROVAL, S.CANCELLED): frozenset({REG, ORG}),
    (S.WAITLISTED, S.CONFIRMED): frozenset({SYS, ORG}),
    (S.WAITLISTED, S.REJECTED): frozenset({ORG}),
    (S.WAITLISTED, S.CANCELLED): frozenset({REG, ORG}),
    # Showcase cancels a pass whose reason is gone (no confirmed session, no booth).
    (S.CONFIRMED, S.CANCELLED): frozenset({REG, ORG, SYS}),
    (S.WAITLISTED, S.OFFERED): frozenset({SYS, ORG}),
    # The registrant accepts; Showcase: the person's registration became a speaker's pass.
    (S.OFFERED, S.CONFIRMED): frozenset({REG, SYS}),
    # Showcase: the offer expired; the registrant declined; an organiser took it back.
    (S.OFFERED, S.CANCELLED): frozenset({SYS, REG, ORG}),
}


def _enter(registration: Registration, step: Step) -> None:
    """The timestamps and decision that go with the state reached."""
    if step.after == S.WAITLISTED:
        registration.waitlisted_at = registration.waitlisted_at or step.at
    if step.after != S.CONFIRMED:
        registration.checked_in_at = None
    if step.after != S.OFFERED:
        registration.offer_expires_at = None
    if step.actor == Actor.ORGANISER:
        registration.decided_at = step.at
        registration.decision_reason = step.note


def _email_of(registration: Registration, step: Step) -> str | None:
    """The template of the state reached: chosen after the seat locks, when the state is known."""
    return emails.STATE_TEMPLATES.get(step.after)


def _send(registration: Registration, step: Step, template: str) -> None:
    # The reason of a cancellation Showcase made goes out in the recipient's language.
    note = NOTE_LABELS.get(step.note, step.note) if step.after == S.CANCELLED else step.note
    emails.state_email(registration, step.after, promoted=step.before == S.WAITLISTED, note=note)


def _refusal(registration: Registration, target, actor, allowed) -> Conflict:
    return Conflict(
        _l(
            "This registration is %(state)s; that step is not possible now.",
            state=registration.state.label.lower(),
        )
    )


MACHINE: StateMachine[Registration, RegistrationState, Actor] = StateMachine(
    transitions=TRANSITIONS,
    history=RegistrationHistory,
    owner="registration",
    emails=_email_of,
    send=_send,
    enter=_enter,
    refusal=_refusal,
)
