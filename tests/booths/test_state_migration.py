"""Migration 0014 renames an application's status to its state and moves its log into the
history table of the state-machine kit, keeping every row (and back again); the booth emails
queued before are filed under their application."""

from __future__ import annotations

import sqlite3

from tests.helpers import make_app

OLD_LOG = [
    # (id, created_at, actor, from_status, to_status, note)
    (1, "2026-11-01 08:00:00", "applicant", "", "unconfirmed", ""),
    (2, "2026-11-01 08:05:00", "applicant", "unconfirmed", "submitted", ""),
    (3, "2026-11-02 09:00:00", "applicant", "submitted", "submitted", "edited"),
    (4, "2026-11-03 10:00:00", "organiser@depa.example", "submitted", "waitlisted", "Hall B"),
]


def _filler(declared: str) -> object:
    declared = declared.upper()
    if "INT" in declared or "BOOL" in declared:
        return 1
    if "FLOAT" in declared or "REAL" in declared or "NUMERIC" in declared:
        return 1.0
    if "DATE" in declared or "TIME" in declared:
        return "2026-11-01 08:00:00"
    return "x"


def insert_row(connection: sqlite3.Connection, table: str, **values) -> None:
    """A row with ``values`` and a plain value in every other column that needs one."""
    for _cid, name, declared, notnull, default, primary in connection.execute(
        f"PRAGMA table_info({table})"
    ):
        if name not in values and notnull and default is None and not primary:
            values[name] = _filler(declared)
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    connection.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))


def test_state_migration_keeps_the_applications_and_their_history(tmp_path):
    path = tmp_path / "booth-state.db"
    app = make_app(f"sqlite:///{path}")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0012"]).exit_code == 0

    with sqlite3.connect(path) as old:  # foreign keys are not checked on this connection
        insert_row(
            old,
            "booth_application",
            id=7,
            event_id=1,
            city_id=1,
            status="waitlisted",
            space_sqm=9,
            booth_id=None,
            city_slot=None,
            contact_email="Somchai@KhonKaen.example",
        )
        for number, (template, recipient, key) in enumerate(
            [
                ("booths/received", "somchai@khonkaen.example", "booths:application:7:step:2"),
                ("booths/confirm", "somchai@khonkaen.example", None),
                ("booths/confirm", "someone.else@city.example", None),
                ("registration/confirmed", "somchai@khonkaen.example", None),
            ],
            start=1,
        ):
            insert_row(
                old,
                "outbox_message",
                id=number,
                uuid=f"{number:032x}",
                event_id=1,
                template=template,
                recipient=recipient,
                dedup_key=key,
                status="sent",
                owner_kind="",
                owner_id=None,
            )
        for row_id, created_at, actor, before, after, note in OLD_LOG:
            old.execute(
                "INSERT INTO booth_application_log "
                "(id, application_id, created_at, actor, from_status, to_status, note) "
                "VALUES (?, 7, ?, ?, ?, ?, ?)",
                (row_id, created_at, actor, before, after, note),
            )
    old.close()

    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    with sqlite3.connect(path) as new:
        assert new.execute("SELECT id, state FROM booth_application").fetchall() == [
            (7, "waitlisted")
        ]
        history = new.execute(
            'SELECT id, application_id, at, from_state, to_state, actor, "by", note '
            "FROM booth_application_history ORDER BY id"
        ).fetchall()
        tables = {row[0] for row in new.execute("SELECT name FROM sqlite_master")}
        owners = new.execute(
            "SELECT id, owner_kind, owner_id FROM outbox_message ORDER BY id"
        ).fetchall()
    new.close()
    assert history == [
        (1, 7, "2026-11-01 08:00:00", "unconfirmed", "unconfirmed", "applicant", "", "applied"),
        (2, 7, "2026-11-01 08:05:00", "unconfirmed", "submitted", "applicant", "", ""),
        (3, 7, "2026-11-02 09:00:00", "submitted", "submitted", "applicant", "", "edited"),
        (
            4,
            7,
            "2026-11-03 10:00:00",
            "submitted",
            "waitlisted",
            "organiser",
            "organiser@depa.example",
            "Hall B",
        ),
    ]
    assert owners == [
        (1, "booth_application", 7),
        (2, "booth_application", 7),
        (3, "", None),
        (4, "", None),
    ]
    assert "booth_application_log" not in tables
    assert "ix_booth_application_event_state" in tables
    assert runner.invoke(args=["db", "check"]).exit_code == 0

    downgraded = runner.invoke(args=["db", "downgrade", "0012"])
    assert downgraded.exit_code == 0, downgraded.output
    with sqlite3.connect(path) as back:
        assert back.execute("SELECT id, status FROM booth_application").fetchall() == [
            (7, "waitlisted")
        ]
        log = back.execute(
            "SELECT id, created_at, actor, from_status, to_status, note "
            "FROM booth_application_log ORDER BY id"
        ).fetchall()
    back.close()
    assert log == OLD_LOG
