"""Badge printing: the print log and the badge codes retired by a reprint.

- ``badge_print``: every badge printed (for whom, when, in which layout, by whom, why, and a
  fingerprint of what it showed, so that a badge changed since printed can be found);
- ``badge_retired_code``: the code of a badge reported lost and reprinted with a new code,
  refused at the gates with the time it was replaced.

Revision ID: 0022
Revises: 0020
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "badge_print",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_by", sa.String(length=254), nullable=False),
        sa.Column(
            "layout",
            sa.Enum(
                "a6",
                "a4_sheet",
                "cr80",
                name="badge_layout",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column(
            "reason",
            sa.Enum(
                "run",
                "lost",
                "typo",
                name="badge_print_reason",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_badge_print_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_badge_print_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_print")),
    )
    with op.batch_alter_table("badge_print", schema=None) as batch_op:
        batch_op.create_index("ix_badge_print_event_registration", ["event_id", "registration_id"])
        batch_op.create_index(batch_op.f("ix_badge_print_registration_id"), ["registration_id"])

    op.create_table(
        "badge_retired_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("badge_code", sa.String(length=12), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_badge_retired_code_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_retired_code")),
        sa.UniqueConstraint(
            "registration_id",
            "badge_code",
            name=op.f("uq_badge_retired_code_registration_id_badge_code"),
        ),
    )


def downgrade():
    op.drop_table("badge_retired_code")
    with op.batch_alter_table("badge_print", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_badge_print_registration_id"))
        batch_op.drop_index("ix_badge_print_event_registration")
    op.drop_table("badge_print")
