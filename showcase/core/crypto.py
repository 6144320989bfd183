"""Personal data encrypted at rest (passport numbers and the like) with Fernet.

The keys come from the ``DATA_ENCRYPTION_KEY`` setting: a comma-separated list of Fernet keys
(32 url-safe base64 bytes each, ``python -c 'from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())'``). The first key encrypts; every key in the list
decrypts, so a new key is put first, the data re-encrypted with ``flask showcase rotate-key``,
and the old key removed afterwards (see the README). Outside production an unset setting means
a key derived from ``SECRET_KEY``, so development and tests need no configuration; production
refuses to start without one (``config.ProductionConfig.check``).

A column declared ``EncryptedText`` holds Fernet tokens only: a dump, a backup or a look with
``psql`` shows no plaintext. Tokens carry their own random IV, so equal values encrypt
differently and such a column can be neither searched nor indexed by value.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy.types import TypeDecorator

from showcase.extensions import db

# Where the keys of the current app are kept, built once per setting's value.
_CACHE = "showcase.data_encryption"


class EncryptionKeyError(RuntimeError):
    """The encryption keys are missing, malformed, or none of them opens a stored value."""


def derived_key(secret_key: str) -> str:
    """The development and testing key: derived from ``SECRET_KEY``, never used in production."""
    digest = hashlib.sha256(b"showcase data encryption\x00" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def configured_keys(settings) -> list[str]:
    """The keys the settings name, newest first (the derived one when none is set)."""
    raw = settings.get("DATA_ENCRYPTION_KEY") or ""
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    if keys:
        return keys
    return [derived_key(settings.get("SECRET_KEY") or "")]


def _keys() -> MultiFernet:
    keys = tuple(configured_keys(current_app.config))
    cached = current_app.extensions.get(_CACHE)
    if cached is None or cached[0] != keys:
        try:
            cached = (keys, MultiFernet([Fernet(key.encode()) for key in keys]))
        except (ValueError, TypeError) as error:
            raise EncryptionKeyError(
                "DATA_ENCRYPTION_KEY must list Fernet keys (32 url-safe base64 bytes each)"
            ) from error
        current_app.extensions[_CACHE] = cached
    return cached[1]


def encrypt(text: str) -> str:
    return _keys().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as error:
        raise EncryptionKeyError(
            "a stored value opens with none of the keys of DATA_ENCRYPTION_KEY "
            "(was a key removed before `flask showcase rotate-key` ran?)"
        ) from error


def reencrypt(token: str) -> str:
    """The token encrypted again under the newest key (any listed key may open it)."""
    try:
        return _keys().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise EncryptionKeyError(
            "a stored value opens with none of the keys of DATA_ENCRYPTION_KEY"
        ) from error


class EncryptedText(TypeDecorator):
    """Text stored as a Fernet token; reads give the plaintext back (None stays None)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return encrypt(str(value))

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value)


def encrypted_columns() -> list[tuple[sa.Table, list[sa.Column]]]:
    """Every table of the models with its ``EncryptedText`` columns."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, EncryptedText)]
        if columns:
            found.append((table, columns))
    return found


def rotate_all(batch: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value under the newest key, in the caller's unit of work;
    returns the rows rewritten per table. The raw tokens are read and written as plain text,
    so nothing is decrypted into the session."""
    rewritten: dict[str, int] = {}
    for table, columns in encrypted_columns():
        raw = [sa.type_coerce(column, sa.Text).label(column.name) for column in columns]
        key = table.primary_key.columns.values()[0]
        count, last = 0, None
        while True:
            query = sa.select(key, *raw).order_by(key).limit(batch)
            if last is not None:
                query = query.where(key > last)
            rows = db.session.execute(query).all()
            if not rows:
                break
            for row in rows:
                values = {
                    column.name: reencrypt(getattr(row, column.name))
                    for column in columns
                    if getattr(row, column.name) is not None
                }
                if values:
                    db.session.execute(
                        sa.update(table)
                        .where(key == row[0])
                        .values(
                            {name: sa.literal(token, sa.Text) for name, token in values.items()}
                        )
                    )
                    count += 1
            last = rows[-1][0]
        rewritten[table.name] = count
    return rewritten
