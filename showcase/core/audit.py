"""The audit log: one append-only entry for every change organisers make.

What is recorded, and when:

- **Every change under ``/manage/``.** A session listener (``after_flush``) turns each row that a
  flush inserts, updates or deletes into an entry written on the same connection, so it commits
  or rolls back with the change itself. An ORM ``UPDATE``/``DELETE`` statement (a bulk change)
  gives one entry for the statement. Outside a request (a CLI command, the demo, a service run by
  a worker) the same happens inside ``audited(actor)``.
- **Events that change no row** (signing in and out, a failed sign-in, an export, a bulk email)
  are written with ``record(action, object_kind, object_id, label, changes)``, in the caller's
  unit of work.

Each entry names who (the account's id and a copy of its email and role, since accounts change),
when, from which address, the request's id (core/logging.py), the object (its table, id and a
label) and the fields that changed with their old and new values. A value that must not be kept
is shown as ``MASKED``: ``EncryptedText`` columns (passport data), names with password, secret,
token, hash, totp or passport in them, the codes that admit or prove something (a badge code,
an invitation code, a letter's check code, a recovery code; not the codes that name a booth, a
session or a country), and the columns a model lists in
``__audit_masked__`` (the answers to registration questions). A model with ``__audit__ = False``
is bookkeeping (signed-in browsers, rate counters) and is not recorded row by row; a model may
name its rows for people with ``__audit_label__`` (a function of the row).

The log is append-only: the ORM refuses to update or delete an entry (``AuditLogIsAppendOnly``),
and on PostgreSQL a trigger refuses ``UPDATE``, ``DELETE`` and ``TRUNCATE`` of ``audit_entry``
unless the transaction set ``showcase.audit_purge`` (only ``purge_audit_entries``, the retention
rule of ``flask showcase purge``, does: ``AUDIT_RETENTION_DAYS``).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from showcase.core.crypto import EncryptedText
from showcase.core.db import (
    UTCDateTime,
    current_unit_of_work,
    is_postgres,
    require_unit_of_work,
    str_enum,
    unit_of_work,
    utcnow,
)
from showcase.core.labels import LabelledEnum
from showcase.extensions import db

MASKED = "•••"
# A column whose name holds one of these keeps its values out of the log.
MASKED_WORDS = ("password", "secret", "token", "hash", "totp", "passport")
# Codes that work as keys: whoever holds one is let in (a badge, an invitation) or believed (a
# letter's check code). The other codes are names (a booth's, a session's, a country's).
SECRET_CODES = ("badge_code", "invitation_code", "check_code", "recovery_code")
# Columns that change on every write and say nothing of their own.
UNRECORDED_COLUMNS = frozenset({"updated_at"})
LONGEST_VALUE = 500
PURGE_SETTING = "showcase.audit_purge"


class AuditAction(LabelledEnum):
    CREATE = "create", _l("Record created")
    UPDATE = "update", _l("Record changed")
    DELETE = "delete", _l("Record deleted")
    SIGN_IN = "sign-in", _l("Sign-in")
    SIGN_IN_FAILED = "sign-in-failed", _l("Failed sign-in")
    SIGN_OUT = "sign-out", _l("Sign-out")
    ROLE_CHANGE = "role-change", _l("Role change")
    EXPORT = "export", _l("Export")
    BULK_EMAIL = "bulk-email", _l("Bulk email")


class AuditLogIsAppendOnly(RuntimeError):
    """Something tried to change or delete an audit entry: a programming error, never allowed."""


class AuditEntry(db.Model):
    """One recorded change. No foreign keys: an entry outlives the account, event or row it
    names (and a cascade would have to change it)."""

    __tablename__ = "audit_entry"
    __audit__ = False
    __table_args__ = (
        sa.Index("ix_audit_entry_event_at", "event_id", "at"),
        sa.Index("ix_audit_entry_object", "object_kind", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    event_id: Mapped[int | None]
    user_id: Mapped[int | None] = mapped_column(index=True)
    user_email: Mapped[str] = mapped_column(sa.String(254), default="")
    user_role: Mapped[str] = mapped_column(sa.String(16), default="")
    remote_addr: Mapped[str] = mapped_column(sa.String(45), default="")
    request_id: Mapped[str] = mapped_column(sa.String(64), default="")
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction, "audit_action"))
    object_kind: Mapped[str] = mapped_column(sa.String(60), default="")
    object_id: Mapped[str] = mapped_column(sa.String(64), default="")
    object_label: Mapped[str] = mapped_column(sa.String(200), default="")
    # {"field": [old, new], …}; MASKED stands for a value that is not kept.
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.object_kind}:{self.object_id}>"


# PostgreSQL: the trigger that keeps the table append-only (the migration creates the same).
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('showcase.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""
APPEND_ONLY_TRIGGERS = (
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
)
for _statement in (APPEND_ONLY_FUNCTION, *APPEND_ONLY_TRIGGERS):
    # DDL formats its text with % (as in %(table)s): the function's own % is doubled.
    _ddl = sa.DDL(_statement.replace("%", "%%")).execute_if(dialect="postgresql")
    event.listen(AuditEntry.__table__, "after_create", _ddl)


# Who is acting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    email: str = ""
    role: str = ""

    @classmethod
    def of(cls, who: Any) -> Actor:
        """An actor from an account, an email or a name such as "demo" or "cli"."""
        if who is None:
            return cls()
        if isinstance(who, Actor):
            return who
        if isinstance(who, str):
            return cls(email=who[:254])
        role = getattr(who, "role", "") or ""
        return cls(getattr(who, "id", None), (getattr(who, "email", "") or "")[:254], str(role))


_scope: ContextVar[Actor | None] = ContextVar("showcase_audit_scope", default=None)
_purging: ContextVar[bool] = ContextVar("showcase_audit_purging", default=False)


@contextmanager
def audited(actor: Any = "system") -> Iterator[None]:
    """Record the changes made inside the block (outside a ``/manage/`` request: a CLI
    command, the demo, a service) as done by ``actor`` (an account or a name)."""
    token = _scope.set(Actor.of(actor))
    try:
        yield
    finally:
        _scope.reset(token)


def _in_manage_request() -> bool:
    return has_request_context() and request.path.startswith("/manage/")


def is_auditing() -> bool:
    """Are changes made now recorded (a ``/manage/`` request or an ``audited`` block)?"""
    return _scope.get() is not None or _in_manage_request()


def _current_actor() -> Actor:
    scoped = _scope.get()
    if scoped is not None:
        return scoped
    if has_request_context() and current_user and current_user.is_authenticated:
        return Actor.of(current_user)
    return Actor()


def _context_values(actor: Actor, event_id: int | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "at": utcnow(),
        "user_id": actor.user_id,
        "user_email": actor.email,
        "user_role": actor.role,
        "remote_addr": "",
        "request_id": "",
        "event_id": event_id,
    }
    if has_request_context():
        values["remote_addr"] = (request.remote_addr or "")[:45]
        values["request_id"] = (g.get("request_id") or "")[:64]
        if event_id is None and getattr(g.get("event"), "id", None) is not None:
            values["event_id"] = g.event.id
    return values


# Explicit entries ---------------------------------------------------------------------------


def record(
    action: AuditAction | str,
    object_kind: str,
    object_id: Any,
    label: str,
    changes: dict[str, Any] | None = None,
    *,
    actor: Any = None,
    event_id: int | None = None,
) -> AuditEntry:
    """Add one entry to the session, so that it commits with the change it records (in the
    open unit of work).

    ``action`` is an ``AuditAction`` (or its value: "sign-in", "export", "bulk-email", …);
    ``object_kind`` a table or thing ("registrations", "export"), ``object_id`` its id (or
    None), ``label`` what a person reads; ``changes`` maps a field to ``[old, new]``. ``actor``
    is the account or name acting when it is not the signed-in one (a sign-in, a failed one);
    ``event_id`` the event when the request names none. A change whose name says it holds a
    secret (a password, a token, a code) is masked here too."""
    who = Actor.of(actor) if actor is not None else _current_actor()
    entry = AuditEntry(
        action=AuditAction(action),
        object_kind=object_kind[:60],
        object_id="" if object_id is None else str(object_id)[:64],
        object_label=(label or "")[:200],
        changes={
            key: [_shown(object, key, None, old), _shown(object, key, None, new)]
            for key, (old, new) in (changes or {}).items()
        },
        **_context_values(who, event_id),
    )
    db.session.add(entry)
    return entry


def record_export(filename: str, rows: int | None = None) -> None:
    """An organiser downloaded a file (``core/csvio.py`` and ``core/xlsx.py`` call this): one
    entry, in the open unit of work or one of its own (an export changes nothing else)."""
    if not is_auditing():
        return
    endpoint = request.endpoint if has_request_context() else ""
    changes = {"rows": [None, rows]} if rows is not None else None
    if current_unit_of_work() is not None:
        record(AuditAction.EXPORT, "export", endpoint, filename, changes)
        return
    with unit_of_work():
        record(AuditAction.EXPORT, "export", endpoint, filename, changes)


# What changed in a flush -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as JSON can hold it, long text cut short."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | timedelta):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"({len(bytes(value))} bytes)"
    if isinstance(value, str):
        return value if len(value) <= LONGEST_VALUE else value[:LONGEST_VALUE] + "…"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = str(value)
    return text if len(text) <= LONGEST_VALUE else text[:LONGEST_VALUE] + "…"


def is_masked(model: type, key: str, column: sa.Column | None) -> bool:
    if column is not None and isinstance(column.type, EncryptedText):
        return True
    name = key.lower()
    if any(word in name for word in MASKED_WORDS + SECRET_CODES):
        return True
    masked = getattr(model, "__audit_masked__", ())
    return masked == "*" or key in masked


def _recorded(obj: Any) -> bool:
    return getattr(type(obj), "__audit__", True) is not False


def _columns(state: sa.orm.InstanceState) -> Iterator[tuple[str, sa.Column | None]]:
    for attr in state.mapper.column_attrs:
        if attr.key in UNRECORDED_COLUMNS:
            continue
        yield attr.key, (attr.columns[0] if attr.columns else None)


def _shown(model: type, key: str, column: sa.Column | None, value: Any) -> Any:
    if value is None:
        return None
    return MASKED if is_masked(model, key, column) else _plain(value)


def _label(obj: Any, state: sa.orm.InstanceState) -> str:
    custom = getattr(type(obj), "__audit_label__", None)
    if callable(custom):
        return str(custom(obj))[:200]
    loaded = state.dict
    for key in LABEL_ATTRIBUTES:
        value = loaded.get(key)
        if value and isinstance(value, str) and not is_masked(type(obj), key, None):
            return value[:200]
    return f"{type(obj).__name__} {_identity(state)}"[:200]


# Attributes that name a row for people, in the order tried.
LABEL_ATTRIBUTES = (
    "name_en",
    "title_en",
    "full_name",
    "name",
    "title",
    "label_en",
    "email",
    "acronym",
    "number",
    "subject",
    "recipient",
    "contact_email",
)


def _identity(state: sa.orm.InstanceState) -> str:
    """The row's primary key as text, read from what is loaded (a flush has just set it)."""
    if state.identity is not None:
        key = state.identity
    else:
        mapper = state.mapper
        key = [state.dict.get(mapper.get_property_by_column(col).key) for col in mapper.primary_key]
    return ",".join("" if part is None else str(part) for part in key)


def _changes_of(state: sa.orm.InstanceState, action: AuditAction) -> dict[str, list[Any]]:
    model = state.class_
    changes: dict[str, list[Any]] = {}
    earlier = _read_before_flush(state)
    for key, column in _columns(state):
        if action is AuditAction.UPDATE:
            history = state.attrs[key].history
            if not history.added and not history.deleted:
                continue
            old = history.deleted[0] if history.deleted else earlier.get(key)
            new = history.added[0] if history.added else None
            if old == new:
                continue
            changes[key] = [_shown(model, key, column, old), _shown(model, key, column, new)]
        else:
            value = state.dict.get(key)
            if value is None:
                continue
            shown = _shown(model, key, column, value)
            changes[key] = [None, shown] if action is AuditAction.CREATE else [shown, None]
    if action is AuditAction.UPDATE:
        changes.update(_collection_changes(state))
    return changes


def _collection_changes(state: sa.orm.InstanceState) -> dict[str, list[Any]]:
    """Many-to-many links (a question's categories): before and after, as the rows' ids."""
    changes = {}
    for relationship in state.mapper.relationships:
        if relationship.secondary is None:
            continue
        history = state.attrs[relationship.key].history
        if not history.added and not history.deleted:
            continue

        def ids(objs):
            return sorted(_identity(sa.inspect(obj)) for obj in objs)

        changes[relationship.key] = [
            ids([*history.unchanged, *history.deleted]),
            ids([*history.unchanged, *history.added]),
        ]
    return changes


def _entry_values(obj: Any, action: AuditAction, actor: Actor) -> dict[str, Any] | None:
    state = sa.inspect(obj)
    changes = _changes_of(state, action)
    if action is AuditAction.UPDATE and not changes:
        return None
    event_id = state.dict.get("event_id")
    values = _context_values(actor, event_id if isinstance(event_id, int) else None)
    values.update(
        action=action,
        object_kind=state.mapper.local_table.name[:60],
        object_id=_identity(state)[:64],
        object_label=_label(obj, state),
        changes=changes,
    )
    return values


# Rows written by a flush, kept on the session until the flush ends (then written together).
_PENDING = "showcase_audit_pending"
# The stored values of fields that were set without being loaded first (a unit of work starts
# afresh, so what a view read before it is expired), read just before the flush writes them.
_EARLIER = "showcase_audit_earlier"


def _unloaded_changes(state: sa.orm.InstanceState) -> list[str]:
    keys = []
    for key, _column in _columns(state):
        history = state.attrs[key].history
        if history.added and not history.deleted:
            keys.append(key)
    return keys


@event.listens_for(sa.orm.Session, "before_flush")
def _read_unloaded_old_values(session: sa.orm.Session, context: Any, instances: Any) -> None:
    if not is_auditing():
        return
    earlier = session.info.setdefault(_EARLIER, {})
    for obj in session.dirty:
        state = sa.inspect(obj)
        if not _recorded(obj) or state.key is None:
            continue
        keys = _unloaded_changes(state)
        if not keys:
            continue
        mapper = state.mapper
        columns = [mapper.get_property(key).columns[0] for key in keys]
        if any(column.table is not mapper.local_table for column in columns):
            continue  # a column of another table (inheritance): its old value stays unknown
        condition = sa.and_(
            *(col == value for col, value in zip(mapper.primary_key, state.key[1], strict=True))
        )
        # The stored values, as they are before this flush writes the new ones (no autoflush:
        # reading must not write what is being recorded).
        with session.no_autoflush:
            row = session.execute(sa.select(*columns).where(condition)).first()
        if row is not None:
            earlier[state.key] = dict(zip(keys, row, strict=True))


def _read_before_flush(state: sa.orm.InstanceState) -> dict[str, Any]:
    session = sa.orm.object_session(state.obj())
    if session is None or state.key is None:
        return {}
    return session.info.get(_EARLIER, {}).get(state.key, {})


def _collect(action: AuditAction):
    def listener(mapper: Any, connection: Any, target: Any) -> None:
        if not _recorded(target) or not is_auditing():
            return
        session = sa.orm.object_session(target)
        if session is None:
            return
        values = _entry_values(target, action, _current_actor())
        if values is not None:
            session.info.setdefault(_PENDING, []).append(values)

    return listener


# Mapper events see every row a flush writes, also those deleted as orphans by a cascade.
event.listen(db.Model, "after_insert", _collect(AuditAction.CREATE), propagate=True)
event.listen(db.Model, "after_update", _collect(AuditAction.UPDATE), propagate=True)
event.listen(db.Model, "after_delete", _collect(AuditAction.DELETE), propagate=True)


@event.listens_for(sa.orm.Session, "after_flush")
def _write_flushed_changes(session: sa.orm.Session, context: Any) -> None:
    rows = session.info.pop(_PENDING, None)
    session.info.pop(_EARLIER, None)
    if rows:
        session.connection().execute(sa.insert(AuditEntry.__table__), rows)


@event.listens_for(sa.orm.Session, "after_rollback")
def _forget_pending(session: sa.orm.Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_EARLIER, None)


@event.listens_for(sa.orm.Session, "do_orm_execute")
def _guard_and_record_statements(state: sa.orm.ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", "")
    if name == AuditEntry.__tablename__:
        if state.is_insert:
            return
        if not (state.is_delete and _purging.get()):
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
        return
    mapper = state.bind_mapper
    if mapper is not None and not _recorded_class(mapper.class_):
        return
    if not is_auditing():
        return
    if state.is_insert:
        # Rows inserted by one statement (a print run's log): how many, not each one.
        action = AuditAction.CREATE
        rows = state.parameters if isinstance(state.parameters, list) else [state.parameters]
        changes = {"rows": [None, len(rows)]}
    else:
        action = AuditAction.UPDATE if state.is_update else AuditAction.DELETE
        values = getattr(state.statement, "_values", None) or {}
        changes = {
            str(getattr(key, "key", key)): [None, _statement_value(mapper, key, value)]
            for key, value in values.items()
        }
    row = _context_values(_current_actor(), None)
    row.update(
        action=action,
        object_kind=name[:60],
        object_id="",
        object_label="",  # the page says "several rows at once"
        changes=changes,
    )
    state.session.connection().execute(sa.insert(AuditEntry.__table__), [row])


def _recorded_class(model: type) -> bool:
    return getattr(model, "__audit__", True) is not False


def _statement_value(mapper: Any, key: Any, value: Any) -> Any:
    name = str(getattr(key, "key", key))
    model = mapper.class_ if mapper is not None else object
    if is_masked(model, name, key if isinstance(key, sa.Column) else None):
        return MASKED
    literal = getattr(value, "value", value)  # a bound parameter holds its value
    return _plain(literal) if not isinstance(literal, sa.ClauseElement) else str(literal)


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper: Any, connection: Any, target: AuditEntry) -> None:
    raise AuditLogIsAppendOnly("audit entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper: Any, connection: Any, target: AuditEntry) -> None:
    raise AuditLogIsAppendOnly("audit entries cannot be deleted")


# Retention ------------------------------------------------------------------------------------


def purge_audit_entries(now: datetime) -> int:
    """Delete the entries older than ``AUDIT_RETENTION_DAYS`` (the retention rule of
    ``flask showcase purge``); returns how many. On PostgreSQL the append-only trigger lets
    this one statement through (``showcase.audit_purge``, for this transaction only)."""
    require_unit_of_work()
    cutoff = now - timedelta(days=current_app.config["AUDIT_RETENTION_DAYS"])
    token = _purging.set(True)
    try:
        if is_postgres():
            db.session.execute(sa.text(f"SET LOCAL {PURGE_SETTING} = 'on'"))
        result = db.session.execute(sa.delete(AuditEntry).where(AuditEntry.at < cutoff))
        if is_postgres():
            db.session.execute(sa.text(f"SET LOCAL {PURGE_SETTING} = 'off'"))
    finally:
        _purging.reset(token)
    return result.rowcount or 0
