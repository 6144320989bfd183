"""Events know their host country (ISO code, Thailand for the events so far), which leads the
list of countries a delegate from a city not listed chooses from.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(
            sa.Column("country_code", sa.String(length=2), server_default="TH", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_column("country_code")
