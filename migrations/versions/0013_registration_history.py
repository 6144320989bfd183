"""The registration log becomes the registration history of the state-machine kit: one column set
(at, from_state, to_state, actor, by, note). Every row is kept: ``created_at`` becomes ``at``; an
actor that was an organiser's address becomes actor "organiser" with the address in ``by``.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _restart_ids(table: str) -> None:
    """Rows were copied with their ids: on PostgreSQL the id sequence continues after them."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - constant
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
        )


def upgrade():
    op.create_table(
        "registration_history",
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_history_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_history")),
    )
    with op.batch_alter_table("registration_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_history_registration_id"), ["registration_id"]
        )
    op.execute(
        "INSERT INTO registration_history "
        '(id, registration_id, at, from_state, to_state, actor, "by", note) '
        "SELECT id, registration_id, created_at, from_state, to_state, "
        "CASE WHEN actor IN ('registrant', 'organiser', 'system') THEN actor "
        "ELSE 'organiser' END, "
        "CASE WHEN actor IN ('registrant', 'organiser', 'system') THEN '' ELSE actor END, "
        "note FROM registration_log"
    )
    _restart_ids("registration_history")
    with op.batch_alter_table("registration_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_log_registration_id"))
    op.drop_table("registration_log")


def downgrade():
    op.create_table(
        "registration_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_log_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_log")),
    )
    with op.batch_alter_table("registration_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_log_registration_id"), ["registration_id"], unique=False
        )
    op.execute(
        "INSERT INTO registration_log "
        "(id, registration_id, created_at, actor, from_state, to_state, note) "
        'SELECT id, registration_id, at, CASE WHEN "by" <> \'\' THEN "by" ELSE actor END, '
        "from_state, to_state, note FROM registration_history"
    )
    _restart_ids("registration_log")
    with op.batch_alter_table("registration_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_history_registration_id"))
    op.drop_table("registration_history")
