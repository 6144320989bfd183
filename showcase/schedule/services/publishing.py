"""Publishing: freeze the draft into an immutable release, record what changed, tell people.

``publish_release`` refuses while the draft has a room conflict; it builds the payload once,
renders every export from it, stores them with the release, and queues the emails to the
speakers of new and moved sessions and to registrants who starred a changed session, all in the
same transaction.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from showcase.core.db import require_unit_of_work, utcnow
from showcase.core.errors import DomainError
from showcase.events.models import Event
from showcase.extensions import db
from showcase.schedule import exporters
from showcase.schedule.models import ScheduleRelease
from showcase.schedule.payload import (
    PlacedSession,
    build_payload,
    carry_sequences,
    changed_guids,
    diff,
)
from showcase.schedule.services import releases
from showcase.schedule.services.placement import is_public, load_draft

VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\- ]{0,39}$")


def latest_release_row(event: Event) -> ScheduleRelease | None:
    return db.session.scalar(
        select(ScheduleRelease)
        .where(ScheduleRelease.event_id == event.id)
        .order_by(ScheduleRelease.sequence.desc())
        .limit(1)
    )


def suggest_version(event: Event) -> str:
    """'1.0' first, then the last number of the latest version plus one ('1.0' → '1.1')."""
    latest = latest_release_row(event)
    if latest is None:
        return "1.0"
    match = re.match(r"^(.*?)(\d+)$", latest.version)
    candidate = f"{match.group(1)}{int(match.group(2)) + 1}" if match else f"{latest.version}.1"
    taken = set(
        db.session.scalars(
            select(ScheduleRelease.version).where(ScheduleRelease.event_id == event.id)
        )
    )
    while candidate in taken:
        candidate += ".1"
    return candidate


def check_version(event: Event, version: str) -> str:
    version = (version or "").strip()
    if not VERSION_PATTERN.match(version):
        raise DomainError(
            _l("A version is 1 to 40 letters, digits, dots or dashes, such as 1.2."),
            field="version",
        )
    exists = db.session.scalar(
        select(func.count())
        .select_from(ScheduleRelease)
        .where(ScheduleRelease.event_id == event.id, ScheduleRelease.version == version)
    )
    if exists:
        raise DomainError(
            _l("Version %(version)s is already published.", version=version), field="version"
        )
    return version


@dataclass(frozen=True)
class Exports:
    json: str
    xml: bytes
    ics: bytes
    etag: str


def render_exports(payload: dict, version: str, created_at, base_url: str) -> Exports:
    json_text = exporters.frab_json(payload, version, base_url)
    xml = exporters.frab_xml(payload, version, base_url)
    ics = exporters.calendar(payload, version, base_url, created_at)
    digest = hashlib.sha256()
    for part in (version.encode(), json_text.encode(), xml, ics):
        digest.update(part)
    return Exports(json_text, xml, ics, digest.hexdigest()[:32])


def public_payload(event: Event) -> tuple[dict, bool]:
    """The payload the draft would publish now, and whether it has a room conflict."""
    draft = load_draft(event)
    placed = [
        PlacedSession(placement.session, placement.room, placement.starts_at)
        for placement in draft.placements
        if is_public(placement.session)
    ]
    return build_payload(event, draft.rooms, placed), draft.has_room_conflicts


def preview_changes(event: Event) -> dict:
    payload, _ = public_payload(event)
    latest = latest_release_row(event)
    return diff(latest.payload if latest else None, payload)


def publish_release(
    event: Event, version: str, comment_en: str = "", comment_th: str = "", user=None
) -> ScheduleRelease:
    """Freeze the draft as a new release and queue its emails. Needs ``unit_of_work(lock=True)``
    (on SQLite the write lock is held from the first read, so two publications cannot take the
    same sequence); the cached latest release is forgotten once the unit of work commits."""
    from showcase.schedule import emails

    require_unit_of_work(lock=True)
    version = check_version(event, version)
    payload, has_room_conflicts = public_payload(event)
    if has_room_conflicts:
        raise DomainError(
            _l("Two sessions share a room at the same time. Fix the room conflicts first.")
        )
    previous = latest_release_row(event)
    sequence = (previous.sequence + 1) if previous else 1
    changes = diff(previous.payload if previous else None, payload)
    carry_sequences(previous.payload if previous else None, payload, sequence)
    created_at = utcnow().replace(microsecond=0)
    exports = render_exports(payload, version, created_at, current_app.config["PUBLIC_URL"])
    release = ScheduleRelease(
        event_id=event.id,
        sequence=sequence,
        version=version,
        comment_en=(comment_en or "").strip(),
        comment_th=(comment_th or "").strip(),
        created_at=created_at,
        created_by_id=getattr(user, "id", None),
        payload=payload,
        changes=changes,
        session_count=len(payload["sessions"]),
        etag=exports.etag,
        export_json=exports.json,
        export_xml=exports.xml,
        export_ics=exports.ics,
    )
    db.session.add(release)
    db.session.flush()
    emails.notify_speakers(event, release)
    emails.notify_registrants(event, release, changed_guids(changes))
    event_id = event.id
    sa.event.listen(
        db.session(), "after_commit", lambda _session: releases.forget_latest(event_id), once=True
    )
    return release
