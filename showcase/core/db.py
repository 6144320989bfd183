"""Database helpers every feature shares: UTC timestamps, string enums, and the unit of work.

Times are stored in UTC. ``UTCDateTime`` makes SQLite (which keeps no zone) and PostgreSQL
(``timestamptz``) both hand back aware UTC datetimes, so code never compares naive with aware.

``unit_of_work`` is the one owner of transactions: views (through the form-submit helper), CLI
commands, the demo, the outbox worker and tests open one; services only flush, raise domain
errors and take row locks with ``lock_rows``/``lock_row``, which refuse to run outside a unit of
work opened with ``lock=True`` (on SQLite it begins ``IMMEDIATE``, so the database-wide write lock
is held from the first read; on PostgreSQL rows are locked with ``SELECT … FOR UPDATE``).
"""

from __future__ import annotations

import contextlib
import enum
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from showcase.extensions import db

RowT = TypeVar("RowT")


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
    # In WAL mode NORMAL cannot corrupt the database and loses nothing when the process dies
    # (only a power cut may undo the last commits); FULL would wait for the disk at every commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection: sa.Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


class UnitOfWorkError(RuntimeError):
    """A unit of work was used the wrong way: a programming error, never a person's."""


# The unit of work open in this context, if any (one per request, command or worker step).
_current: ContextVar[UnitOfWork | None] = ContextVar("showcase_unit_of_work", default=None)


@dataclass
class UnitOfWork:
    lock: bool

    def savepoint(self) -> sa.orm.SessionTransaction:
        """A savepoint for a change the caller expects the database may refuse (an
        ``IntegrityError`` inside it rolls back only the savepoint)."""
        return db.session.begin_nested()


def _has_pending_writes(session: sa.orm.Session) -> bool:
    return bool(session.new or session.dirty or session.deleted) or bool(session.info.get(_FLUSHED))


_FLUSHED = "showcase_flushed_outside_unit_of_work"


@event.listens_for(sa.orm.Session, "after_flush")
def _note_flush_outside_unit_of_work(session: sa.orm.Session, context: Any) -> None:
    if _current.get() is None:
        session.info[_FLUSHED] = True


@event.listens_for(sa.orm.Session, "after_transaction_end")
def _forget_flush(session: sa.orm.Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_FLUSHED, None)


@contextmanager
def unit_of_work(lock: bool = False) -> Iterator[UnitOfWork]:
    """Run the block as one transaction: commit at the end, roll back on any error.

    This is the only place that commits or rolls back. It refuses to start while the session
    holds changes made outside a unit of work (they would be committed by accident) and inside
    another unit of work (one change, one transaction). A read-only transaction left open by
    earlier reads is ended first, so that the block starts afresh. With ``lock=True`` the block
    may take row locks (``lock_rows``): on SQLite the transaction begins ``IMMEDIATE`` and holds
    the database's write lock from its first statement; on PostgreSQL the block locks rows with
    ``SELECT … FOR UPDATE``.
    """
    if _current.get() is not None:
        raise UnitOfWorkError("a unit of work is already open; services must not open another")
    session = db.session()
    if _has_pending_writes(session):
        raise UnitOfWorkError(
            "the session holds changes made outside a unit of work: "
            f"new={list(session.new)!r} dirty={list(session.dirty)!r}"
        )
    if session.in_transaction():
        session.rollback()  # a read-only transaction: nothing is lost
    work = UnitOfWork(lock=lock)
    token = _current.set(work)
    immediate = _immediate.set(lock)
    try:
        session.connection()  # begins the transaction (BEGIN IMMEDIATE on SQLite when locking)
        _immediate.reset(immediate)
        immediate = None
        yield work
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        if immediate is not None:
            _immediate.reset(immediate)
        _current.reset(token)


def current_unit_of_work() -> UnitOfWork | None:
    return _current.get()


def require_unit_of_work(lock: bool = False) -> UnitOfWork:
    """The open unit of work; refuses (loudly) when there is none, or when a lock is needed and
    the unit of work was not opened for locking."""
    work = _current.get()
    if work is None:
        raise UnitOfWorkError("this needs a unit of work: call it inside unit_of_work()")
    if lock and not work.lock:
        raise UnitOfWorkError("row locks need unit_of_work(lock=True)")
    return work


def event_row(model: type[RowT], owner: Any, row_id: int) -> RowT | None:
    """The ``model`` row ``row_id`` if it belongs to the event ``owner``, else None: the one
    lookup behind every "get this event's hall / room / category" of the services."""
    row = db.session.get(model, row_id)
    return row if row is not None and row.event_id == owner.id else None


def event_rows(
    model: type[RowT], owner: Any, *order_by: Any, options: Sequence[Any] = ()
) -> list[RowT]:
    """Every ``model`` row of the event ``owner`` in ``order_by`` order, with ``options`` (what
    to load with them): the list twin of ``event_row``, behind every "this event's halls /
    rooms / categories" of the services."""
    statement = sa.select(model).where(model.event_id == owner.id).order_by(*order_by)
    if options:
        statement = statement.options(*options)
    return list(db.session.scalars(statement))


def lock_rows(statement: sa.Select, skip_locked: bool = False) -> list[Any]:
    """The rows of ``statement``, locked until the unit of work ends (``SELECT … FOR UPDATE``
    on PostgreSQL; SQLite's write lock is already held) and read afresh from the database.

    Lock in one fixed order everywhere (the feature's module says which) so that two units of
    work never wait for each other in a circle. ``skip_locked``: leave out the rows another
    unit of work holds instead of waiting for them (a worker taking a batch of a queue)."""
    require_unit_of_work(lock=True)
    return list(
        db.session.scalars(
            statement.with_for_update(skip_locked=skip_locked).execution_options(
                populate_existing=True
            )
        ).unique()
    )


def lock_row(statement: sa.Select) -> Any | None:
    """The one row of ``statement``, locked as ``lock_rows`` does, or None."""
    rows = lock_rows(statement)
    return rows[0] if rows else None


def discard_changes() -> None:
    """Throw away whatever the session holds (an error page is about to be shown)."""
    with contextlib.suppress(Exception):
        db.session.rollback()
