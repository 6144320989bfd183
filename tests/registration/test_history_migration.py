"""Migration 0013 reshapes the registration log into the registration history of the state-machine
kit and keeps every row: the time, the states and the note as they were; an organiser's address,
which the log kept as the actor, becomes actor "organiser" with the address in ``by``."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import bindparam, select, text

from showcase.core.db import UTCDateTime, unit_of_work
from showcase.events.services import create_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationHistory
from showcase.registration.services.states import MACHINE, Actor
from tests.helpers import make_app

LOG_ROWS = [
    # created_at, actor, from_state, to_state, note
    (datetime(2026, 11, 20, 3, 0, tzinfo=UTC), "registrant", "", "pending_email", ""),
    (
        datetime(2026, 11, 20, 3, 5, tzinfo=UTC),
        "system",
        "pending_email",
        "waitlisted",
        "category full",
    ),
    (
        datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
        "organiser@city.example",
        "waitlisted",
        "confirmed",
        "",
    ),
    (
        datetime(2026, 11, 22, 1, 0, tzinfo=UTC),
        "desk@city.example",
        "confirmed",
        "confirmed",
        "checked in",
    ),
]


def insert_as_stored(table_name: str, **values) -> int:
    """Insert a row into the table as the database has it now (reflected, not the model), the
    required columns not given filled with a neutral value; its id."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=db.session.connection())
    now = datetime(2026, 11, 20, 3, tzinfo=UTC)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        if column.server_default is not None:
            continue
        python_type = column.type.python_type
        values[column.name] = (
            now
            if python_type is datetime
            else False
            if python_type is bool
            else 0
            if python_type is int
            else ""
        )
    for name, value in values.items():
        if isinstance(value, datetime) and db.engine.dialect.name == "sqlite":
            values[name] = value.replace(tzinfo=None)
    return db.session.execute(table.insert().values(**values)).inserted_primary_key[0]


def migrate(app, revision: str) -> None:
    result = app.test_cli_runner().invoke(args=["db", "upgrade", revision])
    assert result.exit_code == 0, result.output


def test_registration_log_rows_become_history_rows_on_sqlite(tmp_path):
    check_log_rows_become_history_rows(make_app(f"sqlite:///{tmp_path / 'history.db'}"))


@pytest.mark.postgres
def test_registration_log_rows_become_history_rows_on_postgres(postgres_url):
    check_log_rows_become_history_rows(make_app(postgres_url))


def check_log_rows_become_history_rows(app):
    migrate(app, "0012")
    with app.app_context():
        with unit_of_work():
            event = create_event(
                "hist2027",
                name_en="History",
                starts_on=date(2027, 1, 26),
                ends_on=date(2027, 1, 28),
            )
            # Rows written as the schema of 0012 has them (later columns do not exist yet).
            category_id = insert_as_stored(
                "registration_categories",
                event_id=event.id,
                code="delegate",
                name_en="Delegate",
            )
            registration_id = insert_as_stored(
                "registrations",
                event_id=event.id,
                category_id=category_id,
                state="pending_email",
                email="somchai@khonkaen.example",
                full_name="Somchai Jaidee",
                consent_version="2026-11",
                consent_at=datetime(2026, 11, 20, 3, tzinfo=UTC),
                badge_code="ABCD2345",
                language="en",
            )
            for created_at, actor, before, after, note in LOG_ROWS:
                db.session.execute(
                    text(
                        "INSERT INTO registration_log "
                        "(registration_id, created_at, actor, from_state, to_state, note) "
                        "VALUES (:rid, :at, :actor, :before, :after, :note)"
                    ).bindparams(bindparam("at", type_=UTCDateTime)),
                    {
                        "rid": registration_id,
                        "at": created_at,
                        "actor": actor,
                        "before": before,
                        "after": after,
                        "note": note,
                    },
                )
        db.session.remove()
    migrate(app, "head")
    with app.app_context():
        rows = db.session.scalars(select(RegistrationHistory).order_by(RegistrationHistory.id))
        assert [
            (row.registration_id, row.at, row.actor, row.by, row.from_state, row.to_state, row.note)
            for row in rows
        ] == [
            (
                registration_id,
                datetime(2026, 11, 20, 3, 0, tzinfo=UTC),
                "registrant",
                "",
                "",
                "pending_email",
                "",
            ),
            (
                registration_id,
                datetime(2026, 11, 20, 3, 5, tzinfo=UTC),
                "system",
                "",
                "pending_email",
                "waitlisted",
                "category full",
            ),
            (
                registration_id,
                datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
                "organiser",
                "organiser@city.example",
                "waitlisted",
                "confirmed",
                "",
            ),
            (
                registration_id,
                datetime(2026, 11, 22, 1, 0, tzinfo=UTC),
                "organiser",
                "desk@city.example",
                "confirmed",
                "confirmed",
                "checked in",
            ),
        ]
        # The page's words for each step still read as before.
        assert [row.actor_label for row in db.session.get(Registration, registration_id).history][
            2:
        ] == ["organiser@city.example", "desk@city.example"]
        # New steps follow the copied ones (on PostgreSQL the id sequence was moved on).
        with unit_of_work():
            entry = MACHINE.record(
                db.session.get(Registration, registration_id),
                Actor.REGISTRANT,
                note="details changed",
            )
            assert entry.id == len(LOG_ROWS) + 1
        db.session.remove()
        db.engine.dispose()
