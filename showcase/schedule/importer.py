"""Import a frab/c3voc schedule (``schedule.json`` or ``schedule.xml``, as pretalx and frab export
them) into an event: rooms, tracks, speakers and confirmed sessions placed in the draft.

GUIDs from the file are kept when this database does not use them yet, so an export imported
into a fresh system exports the same schedule again. XML is parsed with defusedxml.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from defusedxml import ElementTree
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from showcase.core.errors import DomainError
from showcase.events.models import Event, Track
from showcase.extensions import db
from showcase.program.models import (
    MAX_DURATION,
    MIN_DURATION,
    ProgramSession,
    Room,
    SessionLanguage,
    SessionState,
    SessionType,
    Speaker,
)
from showcase.program.services.codes import is_code, new_code
from showcase.schedule.emails import NO_EMAIL_SUFFIX
from showcase.schedule.exporters import slugify
from showcase.schedule.models import SchedulePlacement

LANGUAGES = {
    "en": SessionLanguage.EN,
    "th": SessionLanguage.TH,
    "th,en": SessionLanguage.BOTH,
    "en,th": SessionLanguage.BOTH,
    "both": SessionLanguage.BOTH,
}
THAI = re.compile(r"[\u0E00-\u0E7F]")


@dataclass
class ImportedPerson:
    name: str
    guid: str | None = None
    code: str | None = None


@dataclass
class ImportedSession:
    title: str
    room: str
    starts_at: datetime
    minutes: int
    guid: str | None = None
    code: str | None = None
    subtitle: str = ""
    kind: str = "talk"
    language: str = "en"
    track: str | None = None
    abstract: str = ""
    description: str = ""
    persons: list[ImportedPerson] = field(default_factory=list)


@dataclass
class ImportedSchedule:
    rooms: list[tuple[str, str | None, int | None]]  # name, guid, capacity
    tracks: list[tuple[str, str | None]]  # name, colour
    sessions: list[ImportedSession]


@dataclass
class ImportResult:
    rooms: int = 0
    tracks: int = 0
    speakers: int = 0
    sessions: int = 0


def _minutes(text: str) -> int:
    parts = [int(part) for part in (text or "0:30").split(":")]
    hours, minutes = parts[0], parts[1] if len(parts) > 1 else 0
    return hours * 60 + minutes


def _when(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise DomainError(_l("Every time in the file needs a UTC offset."))
    return moment.astimezone(UTC)


def parse_json(text: str) -> ImportedSchedule:
    document = json.loads(text)
    conference = document["schedule"]["conference"]
    rooms: dict[str, tuple] = {}
    for room in conference.get("rooms", []):
        rooms[room["name"]] = (room["name"], room.get("guid"), room.get("capacity"))
    tracks = [(t["name"], t.get("color")) for t in conference.get("tracks", []) if t.get("name")]
    sessions = []
    for day in conference.get("days", []):
        for room_name, events in day.get("rooms", {}).items():
            rooms.setdefault(room_name, (room_name, None, None))
            for item in events:
                sessions.append(
                    ImportedSession(
                        title=item.get("title") or "",
                        subtitle=item.get("subtitle") or "",
                        room=room_name,
                        starts_at=_when(item["date"]),
                        minutes=_minutes(item.get("duration")),
                        guid=item.get("guid"),
                        code=item.get("code"),
                        kind=item.get("type") or "talk",
                        language=(item.get("language") or "en").lower(),
                        track=item.get("track"),
                        abstract=item.get("abstract") or "",
                        description=item.get("description") or "",
                        persons=[
                            ImportedPerson(
                                p.get("name") or p.get("public_name") or "",
                                p.get("guid"),
                                p.get("code"),
                            )
                            for p in item.get("persons", [])
                        ],
                    )
                )
    return ImportedSchedule(list(rooms.values()), tracks, sessions)


def parse_xml(data: bytes) -> ImportedSchedule:
    root = ElementTree.fromstring(data)
    tracks = [
        (element.get("name") or (element.text or "").strip(), element.get("color"))
        for element in root.iterfind("conference/track")
    ]
    rooms: dict[str, tuple] = {}
    sessions = []
    for day in root.iterfind("day"):
        for room in day.iterfind("room"):
            name = room.get("name", "")
            rooms.setdefault(name, (name, room.get("guid"), None))
            for item in room.iterfind("event"):

                def text(tag: str, item=item) -> str:
                    return (item.findtext(tag) or "").strip()

                sessions.append(
                    ImportedSession(
                        title=text("title"),
                        subtitle=text("subtitle"),
                        room=name,
                        starts_at=_when(text("date")),
                        minutes=_minutes(text("duration")),
                        guid=item.get("guid"),
                        code=item.get("code"),
                        kind=text("type") or "talk",
                        language=(text("language") or "en").lower(),
                        track=text("track") or None,
                        abstract=text("abstract"),
                        description=text("description"),
                        persons=[
                            ImportedPerson((p.text or "").strip(), p.get("guid"))
                            for p in item.iterfind("persons/person")
                        ],
                    )
                )
    return ImportedSchedule(list(rooms.values()), tracks, sessions)


def parse(data: bytes) -> ImportedSchedule:
    """Either format, told apart by its first character."""
    stripped = data.lstrip()
    try:
        if stripped.startswith(b"{"):
            return parse_json(stripped.decode("utf-8"))
        if stripped.startswith(b"<"):
            return parse_xml(stripped)
    except (KeyError, ValueError, TypeError, ElementTree.ParseError) as error:
        raise DomainError(
            _l(
                "This is not a schedule.json or schedule.xml that can be read (%(problem)s).",
                problem=error.__class__.__name__,
            )
        ) from error
    raise DomainError(_l("Give a schedule.json or schedule.xml file."))


def _free_guid(model, value: str | None) -> uuid.UUID:
    try:
        candidate = uuid.UUID(value) if value else None
    except ValueError:
        candidate = None
    if candidate is None or db.session.scalar(select(model.id).where(model.guid == candidate)):
        return uuid.uuid4()
    return candidate


def _session_type(kind: str) -> SessionType:
    try:
        return SessionType(kind.lower())
    except ValueError:
        return SessionType.TALK


def _split_title(item: ImportedSession) -> tuple[str, str]:
    """Our own exports put the Thai title in the subtitle; a Thai-only title goes to Thai."""
    if THAI.search(item.title) and not item.subtitle:
        return "", item.title[:200]
    if item.subtitle and THAI.search(item.subtitle):
        return item.title[:200], item.subtitle[:200]
    return item.title[:200], ""


def _split_text(value: str) -> tuple[str, str]:
    return (
        ("", value) if THAI.search(value) and not re.search(r"[A-Za-z]{4}", value) else (value, "")
    )


def import_schedule(event: Event, schedule: ImportedSchedule) -> ImportResult:
    """Create what the file describes in ``event``; flushes, the caller commits."""
    result = ImportResult()
    rooms: dict[str, Room] = {
        room.name_en: room
        for room in db.session.scalars(select(Room).where(Room.event_id == event.id))
    }
    position = len(rooms)
    for name, guid, capacity in schedule.rooms:
        if name in rooms:
            continue
        room = Room(
            event_id=event.id,
            guid=_free_guid(Room, guid),
            name_en=name[:120],
            name_th="",
            capacity=int(capacity) if capacity else None,
            position=position,
        )
        db.session.add(room)
        rooms[name] = room
        position += 1
        result.rooms += 1
    tracks: dict[str, Track] = {}
    for track in event.tracks:
        tracks[track.name_en.casefold()] = track
        tracks[track.slug] = track
    for name, colour in schedule.tracks:
        if name.casefold() in tracks or slugify(name) in tracks:
            continue
        slug = (slugify(name) or f"track-{len(tracks)}")[:32]
        track = Track(
            event_id=event.id,
            slug=slug,
            name_en=name[:100],
            name_th=name[:100],
            colour=colour if colour and re.match(r"^#[0-9a-fA-F]{6}$", colour) else "#607d8b",
            position=len(event.tracks),
        )
        event.tracks.append(track)
        tracks[name.casefold()] = tracks[slug] = track
        result.tracks += 1
    db.session.flush()

    speakers: dict[str, Speaker] = {}
    for speaker in db.session.scalars(select(Speaker).where(Speaker.event_id == event.id)):
        speakers[str(speaker.guid)] = speaker
        speakers[speaker.name.casefold()] = speaker
    taken_speaker_codes: set[str] = set()
    taken_session_codes: set[str] = set()
    for item in schedule.sessions:
        people = []
        for person in item.persons:
            speaker = speakers.get(person.guid or "") or speakers.get(person.name.casefold())
            if speaker is None:
                code = person.code if person.code and is_code(person.code) else None
                if (
                    code is None
                    or code in taken_speaker_codes
                    or db.session.scalar(
                        select(Speaker.id).where(Speaker.event_id == event.id, Speaker.code == code)
                    )
                ):
                    code = new_code(Speaker, event.id, taken=taken_speaker_codes)
                taken_speaker_codes.add(code)
                speaker = Speaker(
                    event_id=event.id,
                    code=code,
                    guid=_free_guid(Speaker, person.guid),
                    name=(person.name or code)[:120],
                    email=f"{code.lower()}{NO_EMAIL_SUFFIX}",
                    language="en",
                )
                db.session.add(speaker)
                speakers[str(speaker.guid)] = speakers[speaker.name.casefold()] = speaker
                result.speakers += 1
            if speaker not in people:
                people.append(speaker)
        code = item.code if item.code and is_code(item.code) else None
        if (
            code is None
            or code in taken_session_codes
            or db.session.scalar(
                select(ProgramSession.id).where(
                    ProgramSession.event_id == event.id, ProgramSession.code == code
                )
            )
        ):
            code = new_code(ProgramSession, event.id, taken=taken_session_codes)
        taken_session_codes.add(code)
        title_en, title_th = _split_title(item)
        abstract_en, abstract_th = _split_text(item.abstract)
        description_en, description_th = _split_text(item.description)
        track = tracks.get((item.track or "").casefold()) if item.track else None
        session = ProgramSession(
            event_id=event.id,
            code=code,
            guid=_free_guid(ProgramSession, item.guid),
            title_en=title_en,
            title_th=title_th or ("" if title_en else code),
            abstract_en=abstract_en,
            abstract_th=abstract_th,
            description_en=description_en,
            description_th=description_th,
            session_type=_session_type(item.kind),
            track=track,
            language=LANGUAGES.get(item.language.replace(" ", ""), SessionLanguage.EN),
            duration_minutes=min(max(item.minutes, MIN_DURATION), MAX_DURATION),
            state=SessionState.CONFIRMED,
        )
        session.speakers = people
        db.session.add(session)
        db.session.flush()
        db.session.add(
            SchedulePlacement(
                event_id=event.id,
                session_id=session.id,
                room_id=rooms[item.room].id,
                starts_at=item.starts_at,
            )
        )
        result.sessions += 1
    db.session.flush()
    return result
