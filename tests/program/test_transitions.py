"""The transition table: every allowed move by each actor works, is recorded and emails every
speaker; every other move is refused with a clear message and changes nothing."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.core.errors import Conflict, NotAllowed
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.program.models import ProgramSession, SessionState, SessionStateChange
from showcase.program.services import transitions
from showcase.program.services.transitions import TRANSITIONS, Actor, apply_transition
from tests.program.helpers import session_in_state, the_event

S = SessionState

EXPECTED = {
    (S.SUBMITTED, S.ACCEPTED): {Actor.ORGANISER},
    (S.SUBMITTED, S.REJECTED): {Actor.ORGANISER},
    (S.SUBMITTED, S.WITHDRAWN): {Actor.SPEAKER},
    (S.ACCEPTED, S.CONFIRMED): {Actor.SPEAKER, Actor.ORGANISER},
    (S.ACCEPTED, S.REJECTED): {Actor.ORGANISER},
    (S.ACCEPTED, S.WITHDRAWN): {Actor.SPEAKER},
    (S.ACCEPTED, S.CANCELLED): {Actor.ORGANISER},
    (S.CONFIRMED, S.WITHDRAWN): {Actor.SPEAKER},
    (S.CONFIRMED, S.CANCELLED): {Actor.ORGANISER},
    (S.REJECTED, S.ACCEPTED): {Actor.ORGANISER},
}
MOVES = [
    (frm, to, actor)
    for frm, to in itertools.product(SessionState, SessionState)
    if frm != to
    for actor in Actor
]


def test_the_table_is_exactly_the_documented_one():
    assert {key: set(value) for key, value in TRANSITIONS.items()} == EXPECTED


def outbox(template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)))


@pytest.mark.parametrize(
    ("current", "target", "actor"),
    MOVES,
    ids=[f"{frm.value}->{to.value}-by-{actor.value}" for frm, to, actor in MOVES],
)
def test_every_move_by_every_actor(app, event, current, target, actor):
    with app.app_context():
        session = session_in_state(the_event(event), current)
        assert len(session.speakers) == 2
        before = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        allowed = actor in EXPECTED.get((current, target), set())
        if allowed:
            with unit_of_work(lock=True):
                change = apply_transition(session, target, actor, "someone@showcase.example", "why")
            assert session.state == target
            assert (change.from_state, change.to_state, change.actor, change.by) == (
                current.value,
                target.value,
                actor.value,
                "someone@showcase.example",
            )
            assert change.at is not None
            sent = outbox(transitions.EMAIL_TEMPLATES[target])
            assert sorted(m.recipient for m in sent) == [
                "nok@khonkaen.example",
                "somchai@khonkaen.example",
            ]
        else:
            expected_error = NotAllowed if (current, target) in EXPECTED else Conflict
            with pytest.raises(expected_error) as raised, unit_of_work(lock=True):
                apply_transition(session, target, actor, "someone@showcase.example")
            message = str(raised.value)
            assert target.label in message
            if expected_error is NotAllowed:
                assert raised.value.status_code == 403
                assert ("Only the organisers" in message) == (actor == Actor.SPEAKER)
            else:
                assert raised.value.status_code == 409
                assert current.label in message
            fresh = db.session.get(ProgramSession, session.id)
            assert fresh.state == current
            assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == before
            assert (
                db.session.scalar(
                    select(func.count())
                    .select_from(SessionStateChange)
                    .where(SessionStateChange.session_id == session.id)
                )
                == 0
            )


def test_a_refused_move_over_http_is_a_clear_409_and_changes_nothing(client, app, event, login):
    with app.app_context():
        code = session_in_state(the_event(event), S.WITHDRAWN).code
    login("organiser")
    response = client.post(
        f"/manage/{event}/program/sessions/{code}/decide", data={"state": "accepted"}
    )
    assert response.status_code == 409
    assert "A session that is “Withdrawn” cannot become" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ProgramSession.state)) == S.WITHDRAWN


def test_staged_decisions_are_sent_together(client, app, event, login):
    with app.app_context():
        current = the_event(event)
        first = session_in_state(
            current, S.SUBMITTED, email="a@one.example", co1_email="b@one.example"
        )
        second = session_in_state(
            current, S.SUBMITTED, email="c@two.example", co1_email="d@two.example"
        )
        gone = session_in_state(
            current, S.SUBMITTED, email="e@three.example", co1_name="", co1_email=""
        )
        codes = first.code, second.code, gone.code
    login("organiser")
    for code, state in zip(codes, ("accepted", "rejected", "accepted"), strict=True):
        staged = client.post(
            f"/manage/{event}/program/sessions/{code}/stage", data={"state": state}
        )
        assert staged.status_code == 303
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.template.like("program/accepted"))
            )
            == 0
        )
        # Meanwhile the third proposal is withdrawn by its speaker: its staged decision is dropped.
        third = db.session.scalar(select(ProgramSession).where(ProgramSession.code == codes[2]))
        with unit_of_work(lock=True):
            apply_transition(third, S.WITHDRAWN, Actor.SPEAKER, "e@three.example")
    page = client.get(f"/manage/{event}/program/").get_data(as_text=True)
    assert "1 staged decisions are waiting to be sent." in page or "2 staged" in page
    sent = client.post(f"/manage/{event}/program/staged/send", data={})
    assert sent.status_code == 303
    with app.app_context():
        states = dict(db.session.execute(select(ProgramSession.code, ProgramSession.state)).all())
        assert states == {codes[0]: S.ACCEPTED, codes[1]: S.REJECTED, codes[2]: S.WITHDRAWN}
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(ProgramSession)
                .where(ProgramSession.staged_state.is_not(None))
            )
            == 0
        )
        assert sorted(m.recipient for m in outbox("program/accepted")) == [
            "a@one.example",
            "b@one.example",
        ]
        assert sorted(m.recipient for m in outbox("program/rejected")) == [
            "c@two.example",
            "d@two.example",
        ]


def test_only_acceptance_and_rejection_can_be_staged(app, event):
    from showcase.core.errors import DomainError

    with app.app_context():
        session = session_in_state(the_event(event), S.ACCEPTED)
        with pytest.raises(DomainError, match="Only acceptances and rejections"):
            transitions.stage_decision(session, S.CANCELLED)
