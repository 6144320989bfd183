"""The TOTP secret of an organiser's second factor is encrypted at rest like the other secrets
(``core.crypto.EncryptedText``): secrets stored in the clear are encrypted under the newest key
of ``DATA_ENCRYPTION_KEY``. The column stays text; only its values change.

Revision ID: 0027
Revises: 0022
Create Date: 2026-12-03

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0022"
branch_labels = None
depends_on = None

ACCOUNTS = sa.table("user_account", sa.column("id", sa.Integer), sa.column("totp_secret", sa.Text))
FERNET_PREFIX = "gAAAAA"  # every Fernet token starts with its version byte 0x80, base64-encoded


def _rewrite(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(ACCOUNTS.c.id, ACCOUNTS.c.totp_secret).where(ACCOUNTS.c.totp_secret.is_not(None))
    ).all()
    for row in rows:
        value = change(row.totp_secret)
        if value != row.totp_secret:
            connection.execute(
                ACCOUNTS.update().where(ACCOUNTS.c.id == row.id).values(totp_secret=value)
            )


def upgrade():
    from showcase.core.crypto import encrypt

    _rewrite(lambda value: value if value.startswith(FERNET_PREFIX) else encrypt(value))


def downgrade():
    from showcase.core.crypto import decrypt

    _rewrite(lambda value: decrypt(value) if value.startswith(FERNET_PREFIX) else value)
