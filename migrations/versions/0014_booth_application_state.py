"""Booth applications speak of their "state" and keep their steps in the history table of the
state-machine kit (core/states.py): ``booth_application.status`` becomes ``state`` and
``booth_application_log`` becomes ``booth_application_history`` (at, from_state, to_state, actor,
by, note), every row kept. An old row's actor was "applicant" or the organiser's email address; it
becomes actor "applicant", or actor "organiser" with the address in ``by``; the first row of an
application (from nothing to "unconfirmed") becomes the kit's record of a step that is no move,
noted "applied".

Booth emails queued before are filed under their application (``owner_kind``/``owner_id`` of
0012): by the application id in the de-duplication key of a step's email, else (links, booth
moves) by the contact address when exactly one application of the event has it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _rename_state_column(old: str, new: str) -> None:
    # Both PostgreSQL and SQLite (3.25+) rename a column in place, and carry the rename into
    # the CHECK constraints and indexes that name it.
    op.execute(sa.text(f"ALTER TABLE booth_application RENAME COLUMN {old} TO {new}"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            sa.text(
                "ALTER TABLE booth_application RENAME CONSTRAINT "
                f"ck_booth_application_booth_application_{old} "
                f"TO ck_booth_application_booth_application_{new}"
            )
        )
    op.drop_index(f"ix_booth_application_event_{old}", table_name="booth_application")
    op.create_index(f"ix_booth_application_event_{new}", "booth_application", ["event_id", new])


def upgrade():
    _rename_state_column("status", "state")

    op.create_table(
        "booth_application_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["booth_application.id"],
            name=op.f("fk_booth_application_history_application_id_booth_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_application_history")),
    )
    op.create_index(
        op.f("ix_booth_application_history_application_id"),
        "booth_application_history",
        ["application_id"],
    )
    op.execute(
        sa.text(
            "INSERT INTO booth_application_history "
            '(id, application_id, at, from_state, to_state, actor, "by", note) '
            "SELECT id, application_id, created_at, "
            # The first row (from nothing) is the kit's record of a step that is no move.
            "CASE WHEN from_status = '' THEN to_status ELSE from_status END, to_status, "
            "CASE WHEN actor = 'applicant' THEN 'applicant' ELSE 'organiser' END, "
            "CASE WHEN actor IN ('applicant', 'organiser') THEN '' ELSE actor END, "
            "CASE WHEN from_status = '' THEN 'applied' ELSE note END "
            "FROM booth_application_log"
        )
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('booth_application_history', 'id'), "
                "COALESCE((SELECT MAX(id) FROM booth_application_history), 0) + 1, false)"
            )
        )
    op.drop_index(
        op.f("ix_booth_application_log_application_id"), table_name="booth_application_log"
    )
    op.drop_table("booth_application_log")
    _file_booth_messages()


def _file_booth_messages() -> None:
    connection = op.get_bind()
    owners = {}
    for application_id, event_id, email in connection.execute(
        sa.text("SELECT id, event_id, lower(contact_email) FROM booth_application")
    ):
        owners.setdefault((event_id, email), []).append(application_id)
    rows = connection.execute(
        sa.text(
            "SELECT id, event_id, lower(recipient), dedup_key FROM outbox_message "
            "WHERE owner_kind = '' AND template LIKE 'booths/%'"
        )
    ).all()
    for message_id, event_id, recipient, key in rows:
        parts = (key or "").split(":")
        if len(parts) >= 3 and parts[:2] == ["booths", "application"] and parts[2].isdigit():
            owner = int(parts[2])
        elif len(owners.get((event_id, recipient), [])) == 1:
            owner = owners[(event_id, recipient)][0]
        else:
            continue
        connection.execute(
            sa.text(
                "UPDATE outbox_message SET owner_kind = 'booth_application', owner_id = :owner "
                "WHERE id = :id"
            ),
            {"owner": owner, "id": message_id},
        )


def downgrade():
    op.execute(
        sa.text(
            "UPDATE outbox_message SET owner_kind = '', owner_id = NULL "
            "WHERE owner_kind = 'booth_application'"
        )
    )
    op.create_table(
        "booth_application_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["booth_application.id"],
            name=op.f("fk_booth_application_log_application_id_booth_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_application_log")),
    )
    op.create_index(
        op.f("ix_booth_application_log_application_id"),
        "booth_application_log",
        ["application_id"],
    )
    op.execute(
        sa.text(
            "INSERT INTO booth_application_log "
            "(id, application_id, created_at, actor, from_status, to_status, note) "
            "SELECT id, application_id, at, "
            'CASE WHEN "by" <> \'\' THEN "by" ELSE actor END, '
            "CASE WHEN note = 'applied' THEN '' ELSE from_state END, to_state, "
            "CASE WHEN note = 'applied' THEN '' ELSE note END "
            "FROM booth_application_history"
        )
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('booth_application_log', 'id'), "
                "COALESCE((SELECT MAX(id) FROM booth_application_log), 0) + 1, false)"
            )
        )
    op.drop_index(
        op.f("ix_booth_application_history_application_id"),
        table_name="booth_application_history",
    )
    op.drop_table("booth_application_history")
    _rename_state_column("state", "status")
