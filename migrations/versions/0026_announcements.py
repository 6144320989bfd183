"""Announcements: the bulk email composer.

- ``announcement``: audience, subject and body in English and Thai, when it goes, author and
  approver, progress;
- ``announcement_history``: its steps (the state-machine kit's history);
- ``announcement_recipient``: one row per address it goes to, with the outbox message;
- ``announcement_unsubscribe``: hashes of addresses that want no more announcements of an event;
- ``announcement_settings``: approval threshold and rate per minute of an event;
- ``outbox_message.headers``: extra headers of a message (List-Unsubscribe).

Revision ID: 0026
Revises: 0024
Create Date: 2026-12-03

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "awaiting_approval",
                "scheduled",
                "sending",
                "sent",
                "cancelled",
                name="announcement_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "match",
            sa.Enum(
                "all",
                "any",
                name="announcement_match",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("subject_en", sa.String(length=200), nullable=False),
        sa.Column("subject_th", sa.String(length=200), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("body_th", sa.Text(), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=254), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.String(length=254), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("queued_count", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state <> 'scheduled' OR send_at IS NOT NULL",
            name=op.f("ck_announcement_scheduled_has_time"),
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["user_account.id"],
            name=op.f("fk_announcement_approved_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_announcement_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_announcement_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_announcement_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement")),
    )
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.create_index("ix_announcement_due", ["state", "send_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_announcement_event_id"), ["event_id"], unique=False)

    op.create_table(
        "announcement_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("approval_threshold", sa.Integer(), nullable=False),
        sa.Column("rate_per_minute", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "approval_threshold BETWEEN 0 AND 1000000",
            name=op.f("ck_announcement_settings_approval_threshold_range"),
        ),
        sa.CheckConstraint(
            "rate_per_minute BETWEEN 0 AND 100000",
            name=op.f("ck_announcement_settings_rate_per_minute_range"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_announcement_settings_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_announcement_settings_event_id")),
    )
    op.create_table(
        "announcement_unsubscribe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_announcement_unsubscribe_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_unsubscribe")),
        sa.UniqueConstraint(
            "event_id",
            "address_hash",
            name=op.f("uq_announcement_unsubscribe_event_id_address_hash"),
        ),
    )
    op.create_table(
        "announcement_history",
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcement.id"],
            name=op.f("fk_announcement_history_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_history")),
    )
    with op.batch_alter_table("announcement_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_announcement_history_announcement_id"), ["announcement_id"], unique=False
        )

    op.create_table(
        "announcement_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("owner_kind", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("skipped", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcement.id"],
            name=op.f("fk_announcement_recipient_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox_message.id"],
            name=op.f("fk_announcement_recipient_message_id_outbox_message"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_recipient")),
        sa.UniqueConstraint(
            "announcement_id",
            "address",
            name=op.f("uq_announcement_recipient_announcement_id_address"),
        ),
    )
    with op.batch_alter_table("announcement_recipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_announcement_recipient_message_id"), ["message_id"], unique=False
        )
        batch_op.create_index(
            "ix_announcement_recipient_order", ["announcement_id", "position"], unique=False
        )

    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headers", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("headers")

    with op.batch_alter_table("announcement_recipient", schema=None) as batch_op:
        batch_op.drop_index("ix_announcement_recipient_order")
        batch_op.drop_index(batch_op.f("ix_announcement_recipient_message_id"))

    op.drop_table("announcement_recipient")
    with op.batch_alter_table("announcement_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_history_announcement_id"))

    op.drop_table("announcement_history")
    op.drop_table("announcement_unsubscribe")
    op.drop_table("announcement_settings")
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_event_id"))
        batch_op.drop_index("ix_announcement_due")

    op.drop_table("announcement")
