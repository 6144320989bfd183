"""Organiser accounts sign in with a second factor, reset a forgotten password, and see where
they are signed in.

- ``user_account``: the TOTP secret, when it was turned on, the last time step used;
- ``user_recovery_code``: one-time codes for a lost phone (hashes);
- ``user_password_reset``: short-lived single-use links that set a new password (hashes);
- ``account_policy``: whether every account must have a second factor;
- ``user_session``: the browser's description and address.

Revision ID: 0023
Revises: 0017
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("require_second_factor", sa.Boolean(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_by", sa.String(length=254), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_policy")),
    )
    op.create_table(
        "user_password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_password_reset_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_password_reset")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_password_reset_token_hash")),
    )
    with op.batch_alter_table("user_password_reset", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_password_reset_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "user_recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_recovery_code_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_recovery_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_user_recovery_code_code_hash")),
    )
    with op.batch_alter_table("user_recovery_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_recovery_code_user_id"), ["user_id"], unique=False
        )

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("user_agent", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("ip_address", sa.String(length=45), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("ip_address")
        batch_op.drop_column("user_agent")

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_secret")

    with op.batch_alter_table("user_recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_recovery_code_user_id"))

    op.drop_table("user_recovery_code")
    with op.batch_alter_table("user_password_reset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_password_reset_user_id"))

    op.drop_table("user_password_reset")
    op.drop_table("account_policy")
