"""A session's history takes the columns every history table shares (core.states.HistoryMixin):
``created_at`` becomes ``at``, the person ``actor`` becomes ``by`` and the kind of party
``actor_role`` becomes ``actor``; the state columns take the shared length. Every row is kept.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("session_state_change") as batch:
        batch.alter_column("created_at", new_column_name="at")
        batch.alter_column("actor", new_column_name="by")
    with op.batch_alter_table("session_state_change") as batch:
        batch.alter_column(
            "actor_role",
            new_column_name="actor",
            existing_type=sa.String(length=16),
            type_=sa.String(length=20),
            existing_nullable=False,
        )
        for name in ("from_state", "to_state"):
            batch.alter_column(
                name,
                existing_type=sa.String(length=16),
                type_=sa.String(length=24),
                existing_nullable=False,
            )


def downgrade():
    with op.batch_alter_table("session_state_change") as batch:
        for name in ("from_state", "to_state"):
            batch.alter_column(
                name,
                existing_type=sa.String(length=24),
                type_=sa.String(length=16),
                existing_nullable=False,
            )
        batch.alter_column(
            "actor",
            new_column_name="actor_role",
            existing_type=sa.String(length=20),
            type_=sa.String(length=16),
            existing_nullable=False,
        )
    with op.batch_alter_table("session_state_change") as batch:
        batch.alter_column("by", new_column_name="actor")
        batch.alter_column("at", new_column_name="created_at")
