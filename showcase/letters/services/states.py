"""The visa letter's state machine (core.states): the delegate or their coordinator requests a
letter and may withdraw the request; an organiser issues it (a number and a check code are given
then) or declines it, and revokes an issued letter, which is also the first half of a correction.
``MACHINE.apply`` is the only way ``VisaLetter.state`` changes; it writes the history and queues
the email of the state reached."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from showcase.core.labels import LabelledEnum
from showcase.core.states import StateMachine, Step
from showcase.letters import emails
from showcase.letters.models import LetterHistory, LetterState, VisaLetter

L = LetterState


class Actor(LabelledEnum):
    REQUESTER = "requester", _l("the person who asked")
    ORGANISER = "organiser", _l("an organiser")
    SYSTEM = "system", _l("Showcase")


TRANSITIONS: dict[tuple[LetterState, LetterState], frozenset[Actor]] = {
    (L.REQUESTED, L.ISSUED): frozenset({Actor.ORGANISER}),
    (L.REQUESTED, L.REJECTED): frozenset({Actor.ORGANISER}),
    (L.REQUESTED, L.WITHDRAWN): frozenset({Actor.REQUESTER, Actor.SYSTEM}),
    (L.ISSUED, L.REVOKED): frozenset({Actor.ORGANISER, Actor.SYSTEM}),
}


def _enter(letter: VisaLetter, step: Step) -> None:
    from showcase.letters.services import issuing

    if step.after == L.ISSUED:
        issuing.give_number(letter, step.at)
    elif step.after == L.REVOKED:
        letter.revoked_at = step.at
    if step.actor in (Actor.ORGANISER, Actor.SYSTEM) and step.after in (L.REJECTED, L.REVOKED):
        letter.decision_reason = step.note


def _send(letter: VisaLetter, step: Step, template: str) -> None:
    emails.letter_email(letter, template, note=step.note, by_system=step.actor == Actor.SYSTEM)


MACHINE: StateMachine[VisaLetter, LetterState, Actor] = StateMachine(
    transitions=TRANSITIONS,
    history=LetterHistory,
    owner="letter",
    emails={
        L.ISSUED: "letters/issued",
        L.REJECTED: "letters/rejected",
        L.REVOKED: "letters/revoked",
    },
    send=_send,
    enter=_enter,
)
