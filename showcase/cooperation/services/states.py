"""The meeting's state machine (core.states): the requester asks, the host accepts, declines
or proposes another slot (which the requester then accepts or declines); either side or an
organiser cancels; a badge scan at the table (or an organiser) records it held, an organiser
marks a no-show missed. Booking and releasing the seats happen in services/meetings.py around
``MACHINE.apply``, which writes the history and queues the email of the state reached."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from showcase.cooperation import emails
from showcase.cooperation.models import Meeting, MeetingHistory, MeetingState
from showcase.core.labels import LabelledEnum
from showcase.core.states import StateMachine, Step

M = MeetingState


class Actor(LabelledEnum):
    REQUESTER = "requester", _l("the side who asked")
    HOST = "host", _l("the side who was asked")
    ORGANISER = "organiser", _l("an organiser")
    SYSTEM = "system", _l("Showcase")


BOTH = frozenset({Actor.REQUESTER, Actor.HOST, Actor.ORGANISER})
TRANSITIONS: dict[tuple[MeetingState, MeetingState], frozenset[Actor]] = {
    (M.REQUESTED, M.ACCEPTED): frozenset({Actor.HOST, Actor.ORGANISER}),
    (M.REQUESTED, M.DECLINED): frozenset({Actor.HOST, Actor.ORGANISER}),
    (M.REQUESTED, M.COUNTER): frozenset({Actor.HOST}),
    (M.REQUESTED, M.CANCELLED): frozenset({Actor.REQUESTER, Actor.ORGANISER}),
    (M.COUNTER, M.ACCEPTED): frozenset({Actor.REQUESTER, Actor.ORGANISER}),
    (M.COUNTER, M.DECLINED): frozenset({Actor.REQUESTER}),
    (M.COUNTER, M.CANCELLED): BOTH,
    (M.ACCEPTED, M.CANCELLED): BOTH | {Actor.SYSTEM},
    (M.ACCEPTED, M.HELD): frozenset({Actor.HOST, Actor.ORGANISER}),
    (M.ACCEPTED, M.MISSED): frozenset({Actor.ORGANISER}),
    (M.MISSED, M.HELD): frozenset({Actor.ORGANISER}),
}


def _enter(meeting: Meeting, step: Step) -> None:
    if step.after == M.HELD:
        meeting.held_at = step.at


def _recipients(meeting: Meeting, step: Step):
    """Who hears of the step: the side that did not make it (both when an organiser did)."""
    if step.after == M.REQUESTED or (step.after == M.COUNTER and step.actor == Actor.REQUESTER):
        return [meeting.host]
    if step.after == M.ACCEPTED:
        return [meeting.requester, meeting.host]
    if step.actor == Actor.HOST:
        return [meeting.requester]
    if step.actor == Actor.REQUESTER:
        return [meeting.host]
    return [meeting.requester, meeting.host]


def _send(meeting: Meeting, step: Step, template: str) -> None:
    for profile in _recipients(meeting, step):
        emails.meeting_email(meeting, template, profile, note=step.note)


MACHINE: StateMachine[Meeting, MeetingState, Actor] = StateMachine(
    transitions=TRANSITIONS,
    history=MeetingHistory,
    owner="meeting",
    emails={
        M.REQUESTED: "cooperation/requested",
        M.ACCEPTED: "cooperation/accepted",
        M.DECLINED: "cooperation/declined",
        M.COUNTER: "cooperation/counter",
        M.CANCELLED: "cooperation/cancelled",
    },
    send=_send,
    enter=_enter,
)
