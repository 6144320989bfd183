"""The audit log: one append-only entry per organiser change, sign-in, export and bulk email.

- ``audit_entry``: who (account id, a copy of its email and role), when, from which address,
  the request id, the object (table, id, label), the action, the changed fields with their old
  and new values (JSON). No foreign keys: an entry outlives what it names.
- On PostgreSQL a trigger refuses ``UPDATE``, ``DELETE`` and ``TRUNCATE`` of the table, except
  a ``DELETE`` in a transaction that set ``showcase.audit_purge`` to ``on`` (the retention purge).

Revision ID: 0025
Revises: 0026
Create Date: 2026-12-03

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0026"
branch_labels = None
depends_on = None

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('showcase.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def upgrade():
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=254), nullable=False),
        sa.Column("user_role", sa.String(length=16), nullable=False),
        sa.Column("remote_addr", sa.String(length=45), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "create",
                "update",
                "delete",
                "sign-in",
                "sign-in-failed",
                "sign-out",
                "role-change",
                "export",
                "bulk-email",
                name="audit_action",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("object_kind", sa.String(length=60), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("object_label", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_event_at", ["event_id", "at"], unique=False)
        batch_op.create_index("ix_audit_entry_object", ["object_kind", "object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_user_id"), ["user_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_user_id"))
        batch_op.drop_index("ix_audit_entry_object")
        batch_op.drop_index("ix_audit_entry_event_at")
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))
    op.drop_table("audit_entry")
