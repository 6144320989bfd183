"""Organisers' sessions kept on the server (one row per signed-in browser, replacing the
account-wide session token), emails asked for on public pages that the outbox worker resolves,
the per-address budget of such emails, and the outbox's record of when a message was handed to
SMTP with the new 'uncertain' state.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-01

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

OLD_STATUSES = ("queued", "sending", "sent", "failed", "cancelled")
NEW_STATUSES = (*OLD_STATUSES, "uncertain")


def status_check(statuses):
    listed = ", ".join(f"'{status}'" for status in statuses)
    return f"status IN ({listed})"


def upgrade():
    op.create_table(
        "mail_recipient_budget",
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("messages_in_window", sa.Integer(), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("address_hash", name=op.f("pk_mail_recipient_budget")),
    )
    with op.batch_alter_table("mail_recipient_budget", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_recipient_budget_last_message_at"), ["last_message_at"]
        )

    op.create_table(
        "mail_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_mail_request_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_request")),
    )
    with op.batch_alter_table("mail_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_request_event_id"), ["event_id"])

    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_session_token_hash")),
    )
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"])

    # Everybody signs in again: the old cookies carry the account-wide token, which goes.
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_account_session_token"), type_="unique")
        batch_op.drop_column("session_token")

    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_outbox_message_outbox_status"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_message_outbox_status"), status_check(NEW_STATUSES)
        )


def downgrade():
    # The old states know nothing of 'uncertain': such messages become 'failed', as the old
    # worker would have marked them.
    op.execute("UPDATE outbox_message SET status = 'failed' WHERE status = 'uncertain'")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_message_outbox_status"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_message_outbox_status"), status_check(OLD_STATUSES)
        )
        batch_op.drop_column("handed_at")

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    accounts = sa.table("user_account", sa.column("id"), sa.column("session_token"))
    for (account_id,) in connection.execute(sa.select(accounts.c.id)).all():
        connection.execute(
            accounts.update()
            .where(accounts.c.id == account_id)
            .values(session_token=secrets.token_urlsafe(24))
        )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_user_account_session_token"), ["session_token"]
        )

    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))
    op.drop_table("user_session")
    with op.batch_alter_table("mail_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_request_event_id"))
    op.drop_table("mail_request")
    with op.batch_alter_table("mail_recipient_budget", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_recipient_budget_last_message_at"))
    op.drop_table("mail_recipient_budget")
