"""The one state machine every session goes through, declared on the shared kit
(``core.states.StateMachine``).

``TRANSITIONS`` says which moves exist and who may make each: a speaker of the session or an
organiser. ``apply_transition`` is the only function that changes ``ProgramSession.state``: it
locks the session, refuses a move that is not in the table (``Conflict``, 409) or that belongs
to the other actor (``NotAllowed``, 403), records the move (who, when, from, to) and queues the
email of the state reached to every speaker of the session in their own language, all in the
caller's unit of work (opened with ``lock=True``).

Organisers may also *stage* decisions (accept or reject) and send them later in one go with
``send_staged``; each staged decision then goes through ``apply_transition`` like any other.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.core.db import lock_row, lock_rows
from showcase.core.errors import Conflict, DomainError, NotAllowed
from showcase.core.labels import LabelledEnum
from showcase.core.states import StateMachine, Step
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program import emails
from showcase.program.models import ProgramSession, SessionState, SessionStateChange

S = SessionState


class Actor(LabelledEnum):
    SPEAKER = "speaker", _l("Speaker")
    ORGANISER = "organiser", _l("Organiser")


SPEAKER = frozenset({Actor.SPEAKER})
ORGANISER = frozenset({Actor.ORGANISER})
EITHER = SPEAKER | ORGANISER

# Every move a session can make and who may make it. Nothing else is possible.
TRANSITIONS: dict[tuple[SessionState, SessionState], frozenset[Actor]] = {
    (S.SUBMITTED, S.ACCEPTED): ORGANISER,
    (S.SUBMITTED, S.REJECTED): ORGANISER,
    (S.SUBMITTED, S.WITHDRAWN): SPEAKER,
    (S.ACCEPTED, S.CONFIRMED): EITHER,  # the speaker by link, or organisers on their behalf
    (S.ACCEPTED, S.REJECTED): ORGANISER,  # a decision taken back before the speaker confirmed
    (S.ACCEPTED, S.WITHDRAWN): SPEAKER,
    (S.ACCEPTED, S.CANCELLED): ORGANISER,
    (S.CONFIRMED, S.WITHDRAWN): SPEAKER,
    (S.CONFIRMED, S.CANCELLED): ORGANISER,
    (S.REJECTED, S.ACCEPTED): ORGANISER,  # a second look after all
}

# The email every speaker of the session receives after each move (by the state reached).
EMAIL_TEMPLATES = {
    S.ACCEPTED: "program/accepted",
    S.REJECTED: "program/rejected",
    S.CONFIRMED: "program/confirmed",
    S.WITHDRAWN: "program/withdrawn",
    S.CANCELLED: "program/cancelled",
}

# Decisions organisers may stage and send later.
STAGEABLE = frozenset({S.ACCEPTED, S.REJECTED})
# Moves that are an organiser's decision (their time is the session's ``decided_at``).
DECISIONS = frozenset({S.ACCEPTED, S.REJECTED, S.CANCELLED})


def _refusal(
    session: ProgramSession, target: SessionState, actor: Actor, actors: frozenset[Actor]
) -> DomainError:
    if not actors:
        return Conflict(
            _l(
                "A session that is “%(current)s” cannot become “%(target)s”.",
                current=session.state.label,
                target=target.label,
            ),
            field="state",
        )
    if actor == Actor.SPEAKER:
        message = _l("Only the organisers can make this session “%(target)s”.", target=target.label)
    else:
        message = _l("Only a speaker of the session can make it “%(target)s”.", target=target.label)
    return NotAllowed(message, field="state")


def _enter(session: ProgramSession, step: Step) -> None:
    session.staged_state = None
    if step.actor == Actor.ORGANISER and step.after in DECISIONS:
        session.decided_at = step.at


MACHINE: StateMachine[ProgramSession, SessionState, Actor] = StateMachine(
    transitions=TRANSITIONS,
    history=SessionStateChange,
    owner="session",
    emails=EMAIL_TEMPLATES,
    send=emails.session_state_email,
    enter=_enter,
    refusal=_refusal,
)


def may_move(session: ProgramSession, target: SessionState, actor: Actor) -> bool:
    return MACHINE.may(session, SessionState(target), actor)


def moves_for(session: ProgramSession, actor: Actor) -> list[SessionState]:
    return MACHINE.moves(session, actor)


def check_move(session: ProgramSession, target: SessionState, actor: Actor) -> None:
    MACHINE.check(session, SessionState(target), actor)


def _lock(session: ProgramSession) -> None:
    """Lock the session's row and read it afresh, so that two moves at once (an organiser's
    decision and a speaker's withdrawal) queue behind each other and the second sees the first."""
    lock_row(select(ProgramSession).where(ProgramSession.id == session.id))


def apply_transition(
    session: ProgramSession, target: SessionState, actor: Actor, by: str, note: str = ""
) -> SessionStateChange:
    """Move ``session`` to ``target``, record the move and queue every speaker's email."""
    _lock(session)
    entry = MACHINE.apply(session, SessionState(target), actor, by=by, note=note)
    _speaker_passes(session, entry)
    return entry


def _speaker_passes(session: ProgramSession, entry: SessionStateChange) -> None:
    """Confirming a session gives its speakers their registrations; leaving "confirmed" takes
    back the registration of a speaker who has no other confirmed session (registration's
    service, called here so that the programme's models need not know registrations)."""
    if S.CONFIRMED.value in (entry.from_state, entry.to_state):
        from showcase.registration.services import passes

        passes.sessions_changed(session)


def lock_session(event: Event, session_id: int) -> ProgramSession:
    session = lock_row(
        select(ProgramSession).where(
            ProgramSession.id == session_id, ProgramSession.event_id == event.id
        )
    )
    if session is None:
        raise DomainError(_l("There is no such session."), field="session")
    return session


def stage_decision(session: ProgramSession, target: SessionState | None) -> None:
    """Keep a decision to send later (``None`` forgets a staged one)."""
    if target is None:
        session.staged_state = None
        return
    target = SessionState(target)
    if target not in STAGEABLE:
        raise DomainError(_l("Only acceptances and rejections can be staged."), field="state")
    check_move(session, target, Actor.ORGANISER)
    session.staged_state = target


def staged_sessions(event: Event) -> list[ProgramSession]:
    return list(
        db.session.scalars(
            select(ProgramSession)
            .where(ProgramSession.event_id == event.id, ProgramSession.staged_state.is_not(None))
            .order_by(ProgramSession.id)
        )
    )


def send_staged(event: Event, by: str) -> tuple[int, list[ProgramSession]]:
    """Apply every staged decision of the event; returns (how many sent, those no longer valid).

    A staged decision that the table no longer allows (the speaker withdrew meanwhile) is dropped
    and reported instead of sent.
    """
    sent = 0
    skipped: list[ProgramSession] = []
    for session in lock_rows(
        select(ProgramSession)
        .where(ProgramSession.event_id == event.id, ProgramSession.staged_state.is_not(None))
        .order_by(ProgramSession.id)
    ):
        target = session.staged_state
        if target is None or not may_move(session, target, Actor.ORGANISER):
            session.staged_state = None
            skipped.append(session)
            continue
        MACHINE.apply(session, target, Actor.ORGANISER, by=by)
        sent += 1
    return sent, skipped
