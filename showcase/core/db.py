"""Database helpers every feature shares: UTC timestamps, string enums, and write transactions.

Times are stored in UTC. ``UTCDateTime`` makes SQLite (which keeps no zone) and PostgreSQL
(``timestamptz``) both hand back aware UTC datetimes, so code never compares naive with aware.

``write_transaction`` is how a service takes a lock for a capacity check: on PostgreSQL the caller
locks rows with ``SELECT … FOR UPDATE`` inside it; on SQLite it opens the transaction with
``BEGIN IMMEDIATE`` so that the database-wide write lock is held from the first read.
"""

from __future__ import annotations

import contextlib
import enum
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from showcase.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored in UTC on every backend."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_class: type[enum.Enum], name: str, length: int = 24) -> sa.Enum:
    """A string column limited to the enum's values by a CHECK constraint on every backend."""
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )


def is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


# True while the current context opens a transaction that must hold SQLite's write lock.
_immediate: ContextVar[bool] = ContextVar("showcase_immediate_transaction", default=False)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy emit BEGIN itself (see _begin_sqlite), so BEGIN IMMEDIATE is possible.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # An in-memory database has no journal file to switch; nothing to do then.
    with contextlib.suppress(sqlite3.OperationalError):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection: sa.Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block as one transaction that commits at the end and rolls back on error.

    Whatever the session held before is committed first, so the block starts a fresh
    transaction: on SQLite an immediate one (the write lock is held from the first statement),
    on PostgreSQL a normal one in which the block takes row locks with ``with_for_update()``.
    """
    db.session.commit()
    token = _immediate.set(True)
    try:
        db.session.connection()  # begins the transaction while the flag is set
        _immediate.reset(token)
        token = None
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        if token is not None:
            _immediate.reset(token)
