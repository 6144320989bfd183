"""A rejection and a withdrawal at the same moment on PostgreSQL, each on a connection of its
own: the second waits for the first, then is refused; one move, one history entry, one email
round. (The organiser's transaction is held open on purpose, so the race is not left to luck.)"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError
from showcase.events.services import create_event
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState, SessionStateChange
from showcase.program.services.transitions import Actor, apply_transition
from tests.helpers import run_threads
from tests.program.helpers import propose, the_event

pytestmark = pytest.mark.postgres


def test_reject_and_withdraw_at_the_same_moment(pg_app):
    with pg_app.app_context():
        now = datetime.now(UTC)
        create_event(
            "race2027",
            name_en="Race",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            cfp_opens_at=now - timedelta(days=1),
            cfp_closes_at=now + timedelta(days=1),
        )
        db.session.commit()
        session_id = propose(the_event("race2027"), co1_name="", co1_email="").id

    moved = threading.Event()
    outcomes: dict[str, str] = {}

    def organiser() -> None:
        with pg_app.app_context():
            with unit_of_work(lock=True):
                session = db.session.get(ProgramSession, session_id)
                apply_transition(session, SessionState.REJECTED, Actor.ORGANISER, "organiser")
                moved.set()
                time.sleep(0.5)  # the speaker tries while this transaction is still open
            outcomes["organiser"] = "done"
            db.session.remove()

    def speaker() -> None:
        with pg_app.app_context():
            session = db.session.get(ProgramSession, session_id)
            assert session.state == SessionState.SUBMITTED  # what the speaker's page showed
            moved.wait(10)
            try:
                with unit_of_work(lock=True):
                    apply_transition(session, SessionState.WITHDRAWN, Actor.SPEAKER, "speaker")
                outcomes["speaker"] = "done"
            except DomainError as error:
                outcomes["speaker"] = str(error.message)
            finally:
                db.session.remove()

    run_threads(organiser, speaker)
    assert outcomes["organiser"] == "done"
    assert outcomes["speaker"] == "A session that is “Not accepted” cannot become “Withdrawn”."
    with pg_app.app_context():
        assert db.session.get(ProgramSession, session_id).state == SessionState.REJECTED
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(SessionStateChange)
                .where(SessionStateChange.session_id == session_id)
            )
            == 1
        )
