"""Emails of a published release, queued in the publishing transaction.

Each speaker of a new or moved session gets exactly one message (whatever the number of their
sessions) listing the new time and room of each, with an ``.ics`` of those sessions attached.
Registrants who starred a changed session get one message listing the changes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from flask import current_app
from sqlalchemy import select

from showcase.core.time import format_date, zone, zone_label
from showcase.events.models import Event
from showcase.extensions import db
from showcase.mail.services import Attachment, external_url, queue_email
from showcase.program.models import ProgramSession, Speaker
from showcase.schedule import exporters
from showcase.schedule.models import ScheduleRelease
from showcase.schedule.payload import parse_time

# Speakers imported from a frab file have no address; theirs ends with this.
NO_EMAIL_SUFFIX = "@speakers.invalid"


def describe(entry: dict, payload: dict, lang: str) -> dict:
    """A session's title, day, time and room as a reader of ``lang`` reads them."""
    tz = zone(payload["event"]["timezone"])
    starts = parse_time(entry["starts_at"]).astimezone(tz)
    ends = parse_time(entry["ends_at"]).astimezone(tz)
    rooms = {room["guid"]: room for room in payload["rooms"]}
    room = rooms.get(entry["room"], {})
    first, second = ("th", "en") if lang == "th" else ("en", "th")
    was = entry.get("was")
    described = {
        "code": entry["code"],
        "title": entry[f"title_{first}"] or entry[f"title_{second}"],
        "day": format_date(starts, "full", lang),
        "time": f"{starts:%H:%M}–{ends:%H:%M} {zone_label(starts)}",
        "room": room.get(f"name_{first}") or room.get(f"name_{second}", ""),
        "url": external_url(
            "schedule.session", event=payload["event"]["acronym"], code=entry["code"]
        ),
        "was": None,
    }
    if was:
        old_room = rooms.get(was["room"], {})
        old_start = parse_time(was["starts_at"]).astimezone(tz)
        described["was"] = {
            "day": format_date(old_start, "full", lang),
            "time": f"{old_start:%H:%M} {zone_label(old_start)}",
            "room": old_room.get(f"name_{first}") or old_room.get(f"name_{second}", ""),
        }
    return described


def notify_speakers(event: Event, release: ScheduleRelease) -> int:
    """One email per speaker of a new or moved session; returns how many were queued."""
    payload = release.payload
    by_guid = {entry["guid"]: entry for entry in payload["sessions"]}
    changed: dict[int, list[tuple[str, dict]]] = defaultdict(list)
    for kind in ("new", "moved"):
        for item in release.changes[kind]:
            entry = by_guid[item["guid"]]
            for speaker in entry["speakers"]:
                changed[speaker["id"]].append((kind, {**entry, "was": item.get("was")}))
    if not changed:
        return 0
    speakers = db.session.scalars(select(Speaker).where(Speaker.id.in_(changed)))
    base = current_app.config["PUBLIC_URL"]
    count = 0
    for speaker in sorted(speakers, key=lambda s: s.id):
        if speaker.email.endswith(NO_EMAIL_SUFFIX):
            continue  # imported from another system without an address
        items = sorted(changed[speaker.id], key=lambda pair: pair[1]["starts_at"])
        lang = speaker.language if speaker.language in ("en", "th") else "en"
        sessions = [(kind, describe(entry, payload, lang)) for kind, entry in items]
        ics = exporters.calendar(
            payload,
            release.version,
            base,
            release.created_at,
            sessions=[entry for _, entry in items],
            name=event.name_en,
        )
        queue_email(
            "schedule/speaker_sessions",
            speaker.email,
            language=lang,
            name=speaker.name,
            event=event,
            dedup_key=f"schedule:release:{release.id}:speaker:{speaker.id}",
            owner=speaker,
            context={
                "speaker": speaker,
                "sessions": sessions,
                "version": release.version,
                "schedule_url": external_url("schedule.schedule", event=event.acronym),
            },
            attachments=[
                Attachment(f"{event.acronym}-sessions.ics", "text/calendar; charset=utf-8", ics)
            ],
        )
        count += 1
    return count


def notify_registrants(event: Event, release: ScheduleRelease, changed_guids: set[str]) -> int:
    """One email per registrant who starred a session that moved or was cancelled."""
    from showcase.schedule.services.agenda import feed_token, registrants_to_notify

    payload = release.payload
    changes = release.changes
    by_id: dict[int, tuple[str, dict]] = {}
    current = {entry["guid"]: entry for entry in payload["sessions"]}
    for kind in ("moved", "cancelled"):
        for item in changes[kind]:
            # A cancelled session is no longer in the payload: its changelog line says enough.
            entry = {**item, **current.get(item["guid"], {}), "was": item.get("was")}
            session_id = _session_id(release, item["guid"])
            if session_id is not None:
                by_id[session_id] = (kind, entry)
    count = 0
    for registration, session_ids in registrants_to_notify(event, set(by_id)):
        if not registration.email:
            continue  # a delegation's member without an address
        lang = registration.language if registration.language in ("en", "th") else "en"
        items = sorted((by_id[sid] for sid in session_ids), key=lambda pair: pair[1]["starts_at"])
        queue_email(
            "schedule/starred_changed",
            registration.email,
            language=lang,
            name=registration.full_name,
            event=event,
            dedup_key=f"schedule:release:{release.id}:registration:{registration.id}",
            owner=registration,
            context={
                "registration": registration,
                "sessions": [(kind, describe(entry, payload, lang)) for kind, entry in items],
                "version": release.version,
                "schedule_url": external_url("schedule.schedule", event=event.acronym),
                "feed_url": external_url(
                    "schedule.agenda_feed", event=event.acronym, token=feed_token(registration)
                ),
            },
        )
        count += 1
    return count


def _session_id(release: ScheduleRelease, guid: str) -> int | None:
    """The session's id, from this release or (for a cancelled one) from the earlier releases."""
    for entry in release.payload["sessions"]:
        if entry["guid"] == guid:
            return entry["id"]
    return db.session.scalar(
        select(ProgramSession.id).where(ProgramSession.guid == uuid.UUID(guid))
    )
