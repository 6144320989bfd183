"""Migration 0013 reshapes the registration log into the registration history of the state-machine
kit and keeps every row: the time, the states and the note as they were; an organiser's address,
which the log kept as the actor, becomes actor "organiser" with the address in ``by``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
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
            db.session.flush()
            # Plain SQL: the schema is 0012's, which later models' columns are not part of.
            db.session.execute(
                text(
                    "INSERT INTO registration_categories (event_id, code, name_en, name_th, "
                    "description_en, description_th, needs_approval, invitation_only, is_open, "
                    "position, created_at, updated_at) VALUES (:event, 'delegate', 'Delegate', "
                    "'', '', '', false, false, true, 0, :at, :at)"
                ).bindparams(bindparam("at", type_=UTCDateTime)),
                {"event": event.id, "at": datetime(2026, 11, 20, 3, tzinfo=UTC)},
            )
            category_id = db.session.scalar(text("SELECT id FROM registration_categories"))
            db.session.execute(
                text(
                    "INSERT INTO registrations (event_id, category_id, state, email, full_name, "
                    "full_name_th, organisation, job_title, other_country, other_city, dietary, "
                    "accessibility, language, consent_version, consent_at, decision_reason, "
                    "badge_code, checked_in_by, created_at, updated_at) VALUES (:event, "
                    ":category, 'pending_email', 'somchai@khonkaen.example', 'Somchai Jaidee', "
                    "'', '', '', '', '', '', '', 'en', '2026-11', :at, '', 'ABCD2345', '', :at, "
                    ":at)"
                ).bindparams(bindparam("at", type_=UTCDateTime)),
                {
                    "event": event.id,
                    "category": category_id,
                    "at": datetime(2026, 11, 20, 3, tzinfo=UTC),
                },
            )
            registration = SimpleNamespace(
                id=db.session.scalar(text("SELECT id FROM registrations"))
            )
            for created_at, actor, before, after, note in LOG_ROWS:
                db.session.execute(
                    text(
                        "INSERT INTO registration_log "
                        "(registration_id, created_at, actor, from_state, to_state, note) "
                        "VALUES (:rid, :at, :actor, :before, :after, :note)"
                    ).bindparams(bindparam("at", type_=UTCDateTime)),
                    {
                        "rid": registration.id,
                        "at": created_at,
                        "actor": actor,
                        "before": before,
                        "after": after,
                        "note": note,
                    },
                )
        registration_id = registration.id
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
