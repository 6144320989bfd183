"""Which audit entries an event's page lists: the event's own and those of no event (signing
in and out, accounts), newest first, narrowed by the filter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from showcase.core.audit import AuditAction, AuditEntry
from showcase.core.exports import Table, columns
from showcase.core.time import local_datetime_to_utc
from showcase.events.models import Event
from showcase.extensions import db


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""
    action: AuditAction | None = None
    kind: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


def _start_of(day: date, event: Event) -> datetime:
    return local_datetime_to_utc(datetime.combine(day, time()), event.timezone)


def entries_query(event: Event, filters: AuditFilters) -> sa.Select:
    query = sa.select(AuditEntry).where(
        sa.or_(AuditEntry.event_id == event.id, AuditEntry.event_id.is_(None))
    )
    if filters.person:
        query = query.where(AuditEntry.user_email.icontains(filters.person, autoescape=True))
    if filters.action is not None:
        query = query.where(AuditEntry.action == filters.action)
    if filters.kind:
        query = query.where(AuditEntry.object_kind == filters.kind)
    if filters.object_id:
        query = query.where(AuditEntry.object_id == filters.object_id)
    if filters.since:
        query = query.where(AuditEntry.at >= _start_of(filters.since, event))
    if filters.until:
        query = query.where(AuditEntry.at < _start_of(filters.until + timedelta(days=1), event))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


CSV_COLUMNS = columns(
    "at",
    "user_email",
    "user_role",
    "action",
    "object_kind",
    "object_id",
    "object_label",
    "changes",
    "remote_addr",
    "request_id",
    moments=("at",),
)


def _rows(query: sa.Select) -> Iterator[list]:
    for entry in db.session.scalars(query.execution_options(yield_per=500)):
        yield [
            entry.at,
            entry.user_email,
            entry.user_role,
            entry.action.value,
            entry.object_kind,
            entry.object_id,
            entry.object_label,
            json.dumps(entry.changes or {}, ensure_ascii=False, sort_keys=True),
            entry.remote_addr,
            entry.request_id,
        ]


def audit_table(event: Event, filters: AuditFilters) -> Table:
    return Table("Audit log", CSV_COLUMNS, _rows(entries_query(event, filters)), event.timezone)
