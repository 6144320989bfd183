"""Exhibitor leads: the badge scans of booth staff, and the visitor's consent to share.

- ``registrations.share_with_exhibitors`` (and ``shared_with_exhibitors_at``): whether exhibitors
  whose booth scans the badge receive the person's name, organisation, job title and email.
- ``exhibitor_lead``: one row per exhibitor and visitor (unique), with the first and the latest
  scan, who scanned, the exhibitor's note, rating (1–5) and tags, and when it was withdrawn.

Revision ID: 0029
Revises: 0025
Create Date: 2026-12-03

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "registrations",
        sa.Column("share_with_exhibitors", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "registrations",
        sa.Column("shared_with_exhibitors_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "exhibitor_lead",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("first_scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scanned_by", sa.String(length=120), nullable=False),
        sa.Column("scanned_by_registration_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("tags", sa.String(length=400), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rating IS NULL OR (rating >= 1 AND rating <= 5)",
            name=op.f("ck_exhibitor_lead_rating_range"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["booth_application.id"],
            name=op.f("fk_exhibitor_lead_application_id_booth_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_exhibitor_lead_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_exhibitor_lead_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scanned_by_registration_id"],
            ["registrations.id"],
            name=op.f("fk_exhibitor_lead_scanned_by_registration_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibitor_lead")),
        sa.UniqueConstraint(
            "application_id",
            "registration_id",
            name=op.f("uq_exhibitor_lead_application_id_registration_id"),
        ),
    )
    with op.batch_alter_table("exhibitor_lead") as batch_op:
        batch_op.create_index(
            "ix_exhibitor_lead_event_scanned", ["event_id", "first_scanned_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_exhibitor_lead_registration_id"), ["registration_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("exhibitor_lead") as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibitor_lead_registration_id"))
        batch_op.drop_index("ix_exhibitor_lead_event_scanned")
    op.drop_table("exhibitor_lead")
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.drop_column("shared_with_exhibitors_at")
        batch_op.drop_column("share_with_exhibitors")
