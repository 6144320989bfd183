"""The event's venue address in English and Thai (``address`` becomes ``address_en``, with a new
``address_th``), and the reports outbox workers write about themselves (``outbox_worker``: host,
whether they deliver mail and through which server, when they were last seen), which the outbox
page shows instead of the web server's own setting.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.alter_column(
            "address",
            new_column_name="address_en",
            existing_type=sa.String(length=300),
            existing_nullable=False,
        )
        batch_op.add_column(
            sa.Column("address_th", sa.String(length=300), nullable=False, server_default="")
        )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.alter_column("address_th", server_default=None)

    op.create_table(
        "outbox_worker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=100), nullable=False),
        sa.Column("delivery", sa.Boolean(), nullable=False),
        sa.Column("mail_server", sa.String(length=300), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_worker")),
        sa.UniqueConstraint("name", name=op.f("uq_outbox_worker_name")),
    )
    with op.batch_alter_table("outbox_worker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_worker_seen_at"), ["seen_at"], unique=False)


def downgrade():
    with op.batch_alter_table("outbox_worker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_worker_seen_at"))
    op.drop_table("outbox_worker")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("address_th")
        batch_op.alter_column(
            "address_en",
            new_column_name="address",
            existing_type=sa.String(length=300),
            existing_nullable=False,
        )
