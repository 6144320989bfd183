"""Visa invitation letters: requests, issued letters and their history, and each event's
letterhead.

- ``letter_settings``: one row per event (letterhead, signatory, the letter's texts, whether
  requests are open, days after the event until passport data is purged, the last number given);
- ``visa_letter``: one request and, once issued, the letter (number unique per event, one open
  letter per registration by a partial unique index); the passport data and the check code are
  Fernet tokens (``EncryptedText``, stored as text);
- ``visa_letter_history``: the steps of each letter.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

STATES = ("requested", "issued", "rejected", "withdrawn", "revoked")
OPEN = "state IN ('requested', 'issued')"


def upgrade():
    op.create_table(
        "letter_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("requests_open", sa.Boolean(), nullable=False),
        sa.Column("organisation_en", sa.String(length=200), nullable=False),
        sa.Column("organisation_th", sa.String(length=200), nullable=False),
        sa.Column("address_en", sa.String(length=300), nullable=False),
        sa.Column("address_th", sa.String(length=300), nullable=False),
        sa.Column("logo_id", sa.Integer(), nullable=True),
        sa.Column("signatory_name", sa.String(length=120), nullable=False),
        sa.Column("signatory_name_th", sa.String(length=120), nullable=False),
        sa.Column("signatory_title_en", sa.String(length=200), nullable=False),
        sa.Column("signatory_title_th", sa.String(length=200), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("body_th", sa.Text(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "retention_days BETWEEN 0 AND 365",
            name=op.f("ck_letter_settings_retention_days_range"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_letter_settings_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["logo_id"],
            ["stored_image.id"],
            name=op.f("fk_letter_settings_logo_id_stored_image"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_letter_settings_event_id")),
    )
    op.create_table(
        "visa_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("requested_by", sa.String(length=20), nullable=False),
        sa.Column("passport_name", sa.Text(), nullable=True),
        sa.Column("passport_number", sa.Text(), nullable=True),
        sa.Column("birth_date", sa.Text(), nullable=True),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column("arrives_on", sa.Date(), nullable=False),
        sa.Column("departs_on", sa.Date(), nullable=False),
        sa.Column("embassy", sa.String(length=200), nullable=False),
        sa.Column("with_thai", sa.Boolean(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=True),
        sa.Column("check_code", sa.Text(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN (" + ", ".join(f"'{state}'" for state in STATES) + ")",
            name=op.f("ck_visa_letter_visa_letter_state"),
        ),
        sa.CheckConstraint(
            "departs_on >= arrives_on", name=op.f("ck_visa_letter_travel_dates_in_order")
        ),
        sa.CheckConstraint(
            "state <> 'issued' OR (number IS NOT NULL AND issued_at IS NOT NULL)",
            name=op.f("ck_visa_letter_issued_has_number"),
        ),
        sa.CheckConstraint("length(embassy) > 0", name=op.f("ck_visa_letter_embassy_given")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_visa_letter_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_visa_letter_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["visa_letter.id"],
            name=op.f("fk_visa_letter_replaces_id_visa_letter"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visa_letter")),
        sa.UniqueConstraint("event_id", "number", name="uq_visa_letter_event_number"),
    )
    with op.batch_alter_table("visa_letter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visa_letter_registration_id"), ["registration_id"])
    op.create_index(
        "uq_visa_letter_open_per_registration",
        "visa_letter",
        ["registration_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_table(
        "visa_letter_history",
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["visa_letter.id"],
            name=op.f("fk_visa_letter_history_letter_id_visa_letter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visa_letter_history")),
    )
    with op.batch_alter_table("visa_letter_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visa_letter_history_letter_id"), ["letter_id"])


def downgrade():
    with op.batch_alter_table("visa_letter_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visa_letter_history_letter_id"))
    op.drop_table("visa_letter_history")
    op.drop_index("uq_visa_letter_open_per_registration", table_name="visa_letter")
    with op.batch_alter_table("visa_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visa_letter_registration_id"))
    op.drop_table("visa_letter")
    op.drop_table("letter_settings")
