"""The delegation's state machine (core.states): a city office requests a delegation and the
organisers approve or reject it, or the organisers invite a coordinator (the delegation starts
``invited``, ready to work). ``MACHINE.apply`` is the only way ``Delegation.state`` changes; it
writes the history and queues the email of the state reached."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from showcase.core.labels import LabelledEnum
from showcase.core.states import StateMachine, Step
from showcase.delegations import emails
from showcase.delegations.models import Delegation, DelegationHistory, DelegationState

D = DelegationState


class Actor(LabelledEnum):
    COORDINATOR = "coordinator", _l("the coordinator")
    ORGANISER = "organiser", _l("an organiser")


TRANSITIONS: dict[tuple[DelegationState, DelegationState], frozenset[Actor]] = {
    (D.REQUESTED, D.APPROVED): frozenset({Actor.ORGANISER}),
    (D.REQUESTED, D.REJECTED): frozenset({Actor.ORGANISER}),
    (D.INVITED, D.APPROVED): frozenset({Actor.ORGANISER}),
    (D.INVITED, D.REJECTED): frozenset({Actor.ORGANISER}),
}


def _enter(delegation: Delegation, step: Step) -> None:
    if step.actor == Actor.ORGANISER:
        delegation.decision_reason = step.note


def _send(delegation: Delegation, step: Step, template: str) -> None:
    emails.state_email(delegation, template, note=step.note)


MACHINE: StateMachine[Delegation, DelegationState, Actor] = StateMachine(
    transitions=TRANSITIONS,
    history=DelegationHistory,
    owner="delegation",
    emails={D.APPROVED: "delegations/approved", D.REJECTED: "delegations/rejected"},
    send=_send,
    enter=_enter,
)
