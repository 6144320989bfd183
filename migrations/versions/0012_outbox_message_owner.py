"""Outbox messages know the record they are about (owner kind and id, indexed), replacing the
lookup by a pattern on the de-duplication key. Registration messages queued before are filed
under their registration from that key.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(
            sa.Column("owner_kind", sa.String(length=40), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_index("ix_outbox_message_owner", ["owner_kind", "owner_id"])
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, dedup_key FROM outbox_message WHERE dedup_key LIKE 'registration:%'")
    ).all()
    for message_id, key in rows:
        parts = key.split(":")
        if len(parts) >= 2 and parts[1].isdigit():
            connection.execute(
                sa.text(
                    "UPDATE outbox_message SET owner_kind = 'registrations', owner_id = :owner "
                    "WHERE id = :id"
                ),
                {"owner": int(parts[1]), "id": message_id},
            )
    with op.batch_alter_table("outbox_message") as batch:
        batch.alter_column("owner_kind", server_default=None)


def downgrade():
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_index("ix_outbox_message_owner")
        batch.drop_column("owner_id")
        batch.drop_column("owner_kind")
