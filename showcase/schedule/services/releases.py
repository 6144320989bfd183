"""Reading published releases, the only thing public pages read.

A release never changes, so once loaded its payload, indexes and exports are kept in this
process (``PublishedSchedule``, bounded) and every later request costs one small query for the
latest release id and the work of sending bytes.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from showcase.events.models import Event
from showcase.extensions import db
from showcase.schedule.models import ScheduleRelease
from showcase.schedule.payload import parse_time, schedule_days, session_day

CACHE_SIZE = 32


@dataclass(frozen=True)
class ReleaseInfo:
    id: int
    event_id: int
    sequence: int
    version: str
    etag: str
    created_at: datetime
    comment_en: str
    comment_th: str
    session_count: int
    # Only the changelog reads what changed; the other pages leave it unloaded.
    changes: dict | None = None


@dataclass
class PublishedSchedule:
    """A release with its payload indexed for the public pages, and its stored exports."""

    info: ReleaseInfo
    payload: dict
    export_json: bytes
    export_xml: bytes
    export_ics: bytes
    tz: ZoneInfo = field(init=False)
    rooms: dict = field(init=False)
    tracks: dict = field(init=False)
    by_code: dict = field(init=False)
    # ISO dates of the days the pages show: the event's and any other a session belongs to.
    day_names: list = field(init=False)
    # Rendered HTML fragments of this release, keyed by what they depend on (e.g. language).
    fragments: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.payload["event"]["timezone"])
        self.rooms = {room["guid"]: room for room in self.payload["rooms"]}
        self.tracks = {track["slug"]: track for track in self.payload["tracks"]}
        self.by_code = {entry["code"]: entry for entry in self.payload["sessions"]}
        for entry in self.payload["sessions"]:
            entry.setdefault("_start", parse_time(entry["starts_at"]))
            entry.setdefault("_end", parse_time(entry["ends_at"]))
            entry.setdefault("_day", session_day(entry["_start"], self.tz).isoformat())
        self.day_names = schedule_days(self.payload)

    @property
    def sessions(self) -> list[dict]:
        return self.payload["sessions"]

    @property
    def days(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.day_names]

    def sessions_on(self, day: str) -> list[dict]:
        return [entry for entry in self.sessions if entry["_day"] == day]

    def compressed(self, key: str, body: bytes) -> bytes:
        """``body`` gzipped once and kept: exports are large and compress about tenfold."""
        found = self.fragments.get(("gzip", key))
        if found is None:
            found = gzip.compress(body, compresslevel=6, mtime=0)
            self.fragments[("gzip", key)] = found
        return found

    def sessions_of_speaker(self, code: str) -> list[dict]:
        return [
            entry
            for entry in self.sessions
            if any(speaker["code"] == code for speaker in entry["speakers"])
        ]


_cache: OrderedDict[tuple, PublishedSchedule] = OrderedDict()
_lock = threading.Lock()

INFO_COLUMNS = (
    ScheduleRelease.id,
    ScheduleRelease.event_id,
    ScheduleRelease.sequence,
    ScheduleRelease.version,
    ScheduleRelease.etag,
    ScheduleRelease.created_at,
    ScheduleRelease.comment_en,
    ScheduleRelease.comment_th,
    ScheduleRelease.session_count,
)


def _info(row) -> ReleaseInfo:
    return ReleaseInfo(*row)


# The latest release of each event, remembered for a moment so that a busy public page does not
# ask the database on every request; publishing in this process forgets it at once, and other
# processes see a new release within LATEST_SECONDS.
LATEST_SECONDS = 2.0
_latest: dict[tuple[str, int], tuple[float, ReleaseInfo | None]] = {}


def _latest_key(event_id: int) -> tuple[str, int]:
    return (str(db.engine.url), event_id)


def latest_info(event: Event) -> ReleaseInfo | None:
    now = time.monotonic()
    key = _latest_key(event.id)
    remembered = _latest.get(key)
    if remembered is not None and now - remembered[0] < LATEST_SECONDS:
        return remembered[1]
    row = db.session.execute(
        select(*INFO_COLUMNS)
        .where(ScheduleRelease.event_id == event.id)
        .order_by(ScheduleRelease.sequence.desc())
        .limit(1)
    ).first()
    info = _info(row) if row else None
    _latest[key] = (now, info)
    return info


def forget_latest(event_id: int) -> None:
    _latest.pop(_latest_key(event_id), None)


def info_by_version(event: Event, version: str) -> ReleaseInfo | None:
    row = db.session.execute(
        select(*INFO_COLUMNS).where(
            ScheduleRelease.event_id == event.id, ScheduleRelease.version == version
        )
    ).first()
    return _info(row) if row else None


def list_releases(event: Event) -> list[ReleaseInfo]:
    """Every release, newest first, with what each changed."""
    rows = db.session.execute(
        select(*INFO_COLUMNS, ScheduleRelease.changes)
        .where(ScheduleRelease.event_id == event.id)
        .order_by(ScheduleRelease.sequence.desc())
    )
    return [_info(row) for row in rows]


def _key(info: ReleaseInfo) -> tuple:
    # The etag is a digest of the exports (which hold GUIDs), so a key never names two releases.
    return (info.event_id, info.id, info.etag)


def load(info: ReleaseInfo) -> PublishedSchedule:
    with _lock:
        cached = _cache.get(_key(info))
        if cached is not None:
            _cache.move_to_end(_key(info))
            return cached
    row = db.session.execute(
        select(
            ScheduleRelease.payload,
            ScheduleRelease.export_json,
            ScheduleRelease.export_xml,
            ScheduleRelease.export_ics,
        ).where(ScheduleRelease.id == info.id)
    ).one()
    published = PublishedSchedule(
        info=info,
        payload=row.payload,
        export_json=row.export_json.encode(),
        export_xml=bytes(row.export_xml),
        export_ics=bytes(row.export_ics),
    )
    with _lock:
        _cache[_key(info)] = published
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return published


def latest(event: Event) -> PublishedSchedule | None:
    info = latest_info(event)
    return load(info) if info else None
