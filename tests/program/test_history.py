"""A session's history on the shared kit: the shared columns, migration 0015 keeping the rows
written before it, an organiser's new session starting its history, and no import cycle between
the emails and the state machine."""

from __future__ import annotations

import ast
import inspect as source
from datetime import date

import pytest
from sqlalchemy import select, text

from showcase.core.db import unit_of_work
from showcase.events.services import create_event
from showcase.extensions import db
from showcase.program import emails
from showcase.program.models import SessionState, SessionStateChange
from showcase.program.services import proposals
from showcase.program.services.transitions import Actor, apply_transition
from tests.helpers import make_app
from tests.program.helpers import the_event


def test_history_has_the_columns_every_history_table_shares():
    assert set(SessionStateChange.__table__.columns.keys()) == {
        "id",
        "session_id",
        "at",
        "from_state",
        "to_state",
        "actor",
        "by",
        "note",
    }


def test_emails_do_not_import_the_state_machine():
    tree = ast.parse(source.getsource(emails))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any("transitions" in name for name in imported)


def test_an_organisers_session_starts_its_history(app, event):
    with app.app_context():
        with unit_of_work():
            session = proposals.create_session(
                the_event(event),
                {"title_en": "Opening", "session_type": "ceremony"},
                "organiser@showcase.example",
            )
        [entry] = session.history
        assert (entry.from_state, entry.to_state, entry.actor, entry.by) == (
            "",
            "confirmed",
            "organiser",
            "organiser@showcase.example",
        )


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def history_rows(app) -> list[tuple]:
    with app.app_context():
        rows = [
            (e.at, e.actor, e.by, e.from_state, e.to_state, e.note)
            for e in db.session.scalars(select(SessionStateChange).order_by(SessionStateChange.id))
        ]
        db.session.remove()
        return rows


@pytest.mark.parametrize("backend", BACKENDS)
def test_migration_0015_keeps_every_history_row(tmp_path, backend, request):
    url = (
        f"sqlite:///{tmp_path / 'history.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    app = make_app(url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        event = create_event(
            "mig2027", name_en="Migration", starts_on=date(2027, 1, 26), ends_on=date(2027, 1, 28)
        )
        db.session.commit()
        with unit_of_work(lock=True):
            session = proposals.create_session(
                event, {"title_en": "Opening", "session_type": "ceremony"}, "a@showcase.example"
            )
            apply_transition(
                session, SessionState.CANCELLED, Actor.ORGANISER, "b@showcase.example", "Rain"
            )
        db.session.remove()
    before = history_rows(app)
    assert [row[1:] for row in before] == [
        ("organiser", "a@showcase.example", "", "confirmed", ""),
        ("organiser", "b@showcase.example", "confirmed", "cancelled", "Rain"),
    ]
    down = runner.invoke(args=["db", "downgrade", "0012"])
    assert down.exit_code == 0, down.output
    with app.app_context():
        old = db.session.execute(
            text(
                "SELECT actor_role, actor, from_state, to_state, note FROM session_state_change"
                " ORDER BY id"
            )
        ).all()
        db.session.remove()
    assert [tuple(row) for row in old] == [row[1:] for row in before]
    up = runner.invoke(args=["db", "upgrade"])
    assert up.exit_code == 0, up.output
    assert history_rows(app) == before
    with app.app_context():
        db.engine.dispose()
