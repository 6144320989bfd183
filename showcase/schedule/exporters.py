"""The standard exports of a release, all built from its payload (see payload.py).

- ``frab_json``: the frab/c3voc ``schedule.json`` (formats/schedule.schema.json);
- ``frab_xml``: the frab ``schedule.xml`` (formats/schedule.xml.xsd);
- ``icalendar``: RFC 5545, one VEVENT per session with a UID that never changes.

They run once, when a release is published; the results are stored with the release.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, SubElement, tostring
from zoneinfo import ZoneInfo

import icalendar

from showcase.schedule.payload import parse_time, schedule_days, session_day

GENERATOR = "Showcase"
GENERATOR_VERSION = "1.0"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
UID_DOMAIN = "showcase"
TIMESLOT = "00:05"
LANGUAGE_CODES = {"en": "en", "th": "th", "both": "th,en"}
_ZONE_PATTERN = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def title_of(entry: dict) -> str:
    return entry["title_en"] or entry["title_th"]


def subtitle_of(entry: dict) -> str:
    return entry["title_th"] if entry["title_en"] and entry["title_th"] else ""


def session_slug(acronym: str, entry: dict) -> str:
    words = slugify(entry["title_en"])[:60].strip("-")
    slug = f"{acronym}-{entry['code'].lower()}"
    return f"{slug}-{words}" if words else slug


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours:02d}:{rest:02d}"


def room_name(room: dict) -> str:
    return room["name_en"] or room["name_th"]


def person_name(speaker: dict) -> str:
    return speaker["name"] or speaker["name_th"]


class Urls:
    """Absolute links of the public pages, from the site's public address."""

    def __init__(self, base_url: str, acronym: str) -> None:
        self.base = base_url.rstrip("/")
        self.acronym = acronym

    @property
    def event(self) -> str:
        return f"{self.base}/{self.acronym}/"

    @property
    def schedule(self) -> str:
        return f"{self.base}/{self.acronym}/schedule/"

    def session(self, code: str) -> str:
        return f"{self.base}/{self.acronym}/sessions/{code}/"

    def speaker(self, code: str) -> str:
        return f"{self.base}/{self.acronym}/speakers/{code}/"


def _zone(payload: dict) -> ZoneInfo:
    return ZoneInfo(payload["event"]["timezone"])


def _days(payload: dict) -> list[dict]:
    """Each day of the schedule with its sessions by room, times in the event's zone: the
    event's days and any other day a session belongs to (after midnight, a session is the
    night of the day before until the day change; see payload.py)."""
    tz = _zone(payload)
    rooms = {room["guid"]: room for room in payload["rooms"]}
    by_day: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for entry in payload["sessions"]:
        day = session_day(parse_time(entry["starts_at"]), tz)
        by_day[day.isoformat()][entry["room"]].append(entry)
    days = []
    for index, day in enumerate(schedule_days(payload), start=1):
        sessions = [entry for guid in by_day[day] for entry in by_day[day][guid]]
        start = datetime.fromisoformat(day).replace(hour=8, tzinfo=tz)
        end = start.replace(hour=20)
        if sessions:
            start = min(start, *(parse_time(e["starts_at"]).astimezone(tz) for e in sessions))
            end = max(end, *(parse_time(e["ends_at"]).astimezone(tz) for e in sessions))
        days.append(
            {
                "index": index,
                "date": day,
                "start": start,
                "end": end,
                "rooms": [(rooms[guid], by_day[day].get(guid, [])) for guid in rooms],
            }
        )
    return days


def _track_names(payload: dict) -> dict[str, str]:
    return {track["slug"]: track["name_en"] or track["name_th"] for track in payload["tracks"]}


# JSON ----------------------------------------------------------------------------------------


def _json_event(entry: dict, payload: dict, urls: Urls, room: dict, tracks: dict) -> dict:
    tz = _zone(payload)
    starts = parse_time(entry["starts_at"]).astimezone(tz)
    ends = parse_time(entry["ends_at"]).astimezone(tz)
    return {
        "id": entry["id"],
        "guid": entry["guid"],
        "code": entry["code"],
        "logo": None,
        "date": starts.isoformat(),
        "start": starts.strftime("%H:%M"),
        "end": ends.isoformat(),
        "duration": duration_text(entry["duration_minutes"]),
        "room": room_name(room),
        "slug": session_slug(payload["event"]["acronym"], entry),
        "url": urls.session(entry["code"]),
        "title": title_of(entry),
        "subtitle": subtitle_of(entry),
        "track": tracks.get(entry["track"]) if entry["track"] else None,
        "type": entry["type"],
        "language": LANGUAGE_CODES.get(entry["language"], entry["language"]),
        "abstract": entry["abstract_en"] or entry["abstract_th"],
        "description": entry["description_en"] or entry["description_th"],
        "recording_license": "",
        "do_not_record": True,
        "persons": [
            {
                "code": speaker["code"],
                "name": person_name(speaker),
                "guid": speaker["guid"],
                "url": urls.speaker(speaker["code"]),
                "biography": None,
            }
            for speaker in entry["speakers"]
        ],
        "links": [],
        "attachments": [],
    }


def frab_json(payload: dict, version: str, base_url: str) -> str:
    event = payload["event"]
    urls = Urls(base_url, event["acronym"])
    tracks = _track_names(payload)
    days = _days(payload)
    conference = {
        "acronym": event["acronym"],
        "title": event["name_en"] or event["name_th"],
        "start": days[0]["date"] if days else event["starts_on"],
        "end": days[-1]["date"] if days else event["ends_on"],
        "daysCount": len(days),
        "timeslot_duration": TIMESLOT,
        "url": urls.event,
        "tracks": [
            {
                "name": track["name_en"] or track["name_th"],
                "slug": track["slug"],
                "color": track["colour"],
            }
            for track in payload["tracks"]
        ],
        "rooms": [
            {"name": room_name(room), "guid": room["guid"], "capacity": room["capacity"]}
            for room in payload["rooms"]
        ],
        "days": [
            {
                "index": day["index"],
                "date": day["date"],
                "day_start": day["start"].isoformat(),
                "day_end": day["end"].isoformat(),
                "rooms": {
                    room_name(room): [
                        _json_event(entry, payload, urls, room, tracks) for entry in entries
                    ]
                    for room, entries in day["rooms"]
                },
            }
            for day in days
        ],
    }
    if _ZONE_PATTERN.match(event["timezone"]):
        conference["time_zone_name"] = event["timezone"]
    document = {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR, "version": GENERATOR_VERSION},
        "schedule": {
            "version": version,
            "base_url": urls.base + "/",
            "conference": conference,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


# XML -----------------------------------------------------------------------------------------


def _text(parent: Element, tag: str, value: str | None, **attributes) -> Element:
    element = SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    element.text = value or ""
    return element


def frab_xml(payload: dict, version: str, base_url: str) -> bytes:
    event = payload["event"]
    urls = Urls(base_url, event["acronym"])
    tracks = _track_names(payload)
    tz = _zone(payload)
    days = _days(payload)
    root = Element("schedule")
    SubElement(root, "generator", {"name": GENERATOR, "version": GENERATOR_VERSION})
    _text(root, "url", urls.schedule)
    _text(root, "version", version)
    conference = SubElement(root, "conference")
    _text(conference, "acronym", event["acronym"])
    _text(conference, "title", event["name_en"] or event["name_th"])
    _text(conference, "start", days[0]["date"] if days else event["starts_on"])
    _text(conference, "end", days[-1]["date"] if days else event["ends_on"])
    _text(conference, "days", str(len(days)))
    _text(conference, "timeslot_duration", TIMESLOT)
    _text(conference, "base_url", urls.base + "/")
    _text(conference, "url", urls.event)
    _text(conference, "time_zone_name", event["timezone"])
    for track in payload["tracks"]:
        name = track["name_en"] or track["name_th"]
        _text(conference, "track", name, name=name, color=track["colour"], slug=track["slug"])
    for day in days:
        day_element = SubElement(
            root,
            "day",
            {
                "index": str(day["index"]),
                "date": day["date"],
                "start": day["start"].isoformat(),
                "end": day["end"].isoformat(),
            },
        )
        for room, entries in day["rooms"]:
            room_element = SubElement(
                day_element, "room", {"name": room_name(room), "guid": room["guid"]}
            )
            for entry in entries:
                starts = parse_time(entry["starts_at"]).astimezone(tz)
                item = SubElement(
                    room_element,
                    "event",
                    {"guid": entry["guid"], "id": str(entry["id"]), "code": entry["code"]},
                )
                _text(item, "date", starts.isoformat())
                _text(item, "start", starts.strftime("%H:%M"))
                _text(item, "duration", duration_text(entry["duration_minutes"]))
                _text(item, "room", room_name(room))
                _text(item, "slug", session_slug(event["acronym"], entry))
                _text(item, "url", urls.session(entry["code"]))
                _text(item, "title", title_of(entry))
                _text(item, "subtitle", subtitle_of(entry))
                _text(item, "track", tracks.get(entry["track"], "") if entry["track"] else "")
                _text(item, "type", entry["type"])
                _text(item, "language", LANGUAGE_CODES.get(entry["language"], entry["language"]))
                _text(item, "abstract", entry["abstract_en"] or entry["abstract_th"])
                _text(item, "description", entry["description_en"] or entry["description_th"])
                persons = SubElement(item, "persons")
                for speaker in entry["speakers"]:
                    _text(
                        persons,
                        "person",
                        person_name(speaker),
                        id=str(speaker["id"]),
                        guid=speaker["guid"],
                    )
                SubElement(item, "links")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode()


# iCalendar -----------------------------------------------------------------------------------


def session_uid(entry: dict) -> str:
    return f"{entry['guid']}@{UID_DOMAIN}"


def _vevent(entry: dict, payload: dict, urls: Urls, rooms: dict, tracks: dict, stamp: datetime):
    vevent = icalendar.Event()
    vevent.add("uid", session_uid(entry))
    # Grows whenever a release moves the session (payload.carry_sequences), so calendars that
    # subscribed to an earlier release take the new time.
    vevent.add("sequence", entry.get("sequence", 0))
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", stamp)
    vevent.add("dtstart", parse_time(entry["starts_at"]))
    vevent.add("dtend", parse_time(entry["ends_at"]))
    summary = title_of(entry)
    if subtitle_of(entry):
        summary = f"{summary} / {subtitle_of(entry)}"
    vevent.add("summary", summary)
    room = rooms.get(entry["room"])
    venue = payload["event"]["venue_en"] or payload["event"]["venue_th"]
    location = ", ".join(part for part in (room_name(room) if room else "", venue) if part)
    if location:
        vevent.add("location", location)
    speakers = ", ".join(person_name(speaker) for speaker in entry["speakers"])
    abstract = entry["abstract_en"] or entry["abstract_th"]
    description = "\n\n".join(
        part for part in (speakers, abstract, urls.session(entry["code"])) if part
    )
    vevent.add("description", description)
    vevent.add("url", urls.session(entry["code"]))
    if entry["track"] and tracks.get(entry["track"]):
        vevent.add("categories", [tracks[entry["track"]]])
    return vevent


def calendar(
    payload: dict,
    version: str,
    base_url: str,
    stamp: datetime,
    sessions: list[dict] | None = None,
    name: str | None = None,
) -> bytes:
    """The whole schedule (or ``sessions`` of it) as one VCALENDAR, times in UTC."""
    event = payload["event"]
    urls = Urls(base_url, event["acronym"])
    rooms = {room["guid"]: room for room in payload["rooms"]}
    tracks = _track_names(payload)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{GENERATOR}//{event['acronym']} {version}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or (event["name_en"] or event["name_th"]))
    cal.add("x-wr-timezone", event["timezone"])
    cal.add("x-published-ttl", "PT1H")
    stamp = stamp.astimezone(UTC)
    for entry in payload["sessions"] if sessions is None else sessions:
        cal.add_component(_vevent(entry, payload, urls, rooms, tracks, stamp))
    return cal.to_ical()


def session_calendar(payload: dict, version: str, base_url: str, stamp: datetime, code: str):
    matching = [entry for entry in payload["sessions"] if entry["code"] == code]
    return calendar(payload, version, base_url, stamp, sessions=matching)
