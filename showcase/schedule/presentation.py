"""How the public pages read a release: filters, days, grids and labels in the reader's language.

Everything here works on a ``PublishedSchedule`` (the frozen payload), so public pages never
touch the draft or the program tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, url_for
from werkzeug.datastructures import MultiDict

from showcase.core.time import format_date, zone_label
from showcase.program.models import SessionLanguage, SessionType
from showcase.schedule.layout import DayGrid, build_grid
from showcase.schedule.services.placement import DAY_ENDS, DAY_STARTS
from showcase.schedule.services.releases import PublishedSchedule

FILTER_KEYS = ("track", "room", "type", "language", "q")
QUERY_LIMIT = 100


@dataclass(frozen=True)
class Filters:
    track: str = ""
    room: str = ""
    type: str = ""
    language: str = ""
    q: str = ""

    @classmethod
    def empty_for(cls, published: PublishedSchedule | None) -> Filters:
        return cls()

    @classmethod
    def from_args(cls, args: MultiDict, published: PublishedSchedule) -> Filters:
        """Only values that exist in the release are kept; anything else is ignored."""
        track = args.get("track", "")
        room = args.get("room", "")
        kind = args.get("type", "")
        language = args.get("language", "")
        types = {entry["type"] for entry in published.sessions}
        return cls(
            track=track if track in published.tracks else "",
            room=room if room in published.rooms else "",
            type=kind if kind in types else "",
            language=language if SessionLanguage.find(language) is not None else "",
            q=" ".join(args.get("q", "").split())[:QUERY_LIMIT],
        )

    @property
    def empty(self) -> bool:
        return not (self.track or self.room or self.type or self.language or self.q)

    def args(self) -> dict:
        return {key: getattr(self, key) for key in FILTER_KEYS if getattr(self, key)}

    def matches(self, entry: dict) -> bool:
        if self.track and entry["track"] != self.track:
            return False
        if self.room and entry["room"] != self.room:
            return False
        if self.type and entry["type"] != self.type:
            return False
        if self.language and entry["language"] not in (self.language, "both"):
            return False
        if self.q:
            haystack = " ".join(
                [
                    entry["code"],
                    entry["title_en"],
                    entry["title_th"],
                    entry["abstract_en"],
                    entry["abstract_th"],
                    *(s["name"] for s in entry["speakers"]),
                    *(s["name_th"] for s in entry["speakers"]),
                ]
            ).casefold()
            return all(word in haystack for word in self.q.casefold().split())
        return True


def _pick(entry: dict, field: str, lang: str) -> str:
    first, second = ("th", "en") if lang == "th" else ("en", "th")
    return entry.get(f"{field}_{first}") or entry.get(f"{field}_{second}") or ""


class ScheduleView:
    """A release as one reader sees it: their language, the chosen filters and version."""

    def __init__(
        self, published: PublishedSchedule, filters: Filters, lang: str, version: str | None
    ) -> None:
        self.published = published
        self.filters = filters
        self.lang = lang
        self.version = version
        self.tz = published.tz
        self.info = published.info
        self.has_speaker_pages = "program.speaker" in current_app.view_functions

    # Labels --------------------------------------------------------------------------------

    def title(self, entry: dict) -> str:
        return _pick(entry, "title", self.lang)

    def title_lang(self, entry: dict) -> str:
        return self.lang if entry[f"title_{self.lang}"] else ("en" if self.lang == "th" else "th")

    def abstract(self, entry: dict) -> str:
        return _pick(entry, "abstract", self.lang)

    def description(self, entry: dict) -> str:
        return _pick(entry, "description", self.lang)

    def comment(self, info) -> str:
        first, second = ("th", "en") if self.lang == "th" else ("en", "th")
        return getattr(info, f"comment_{first}") or getattr(info, f"comment_{second}")

    def room(self, guid: str) -> dict:
        return self.published.rooms.get(guid, {})

    def room_name(self, guid: str) -> str:
        return _pick(self.room(guid), "name", self.lang)

    @property
    def rooms(self) -> list[dict]:
        return self.published.payload["rooms"]

    @property
    def tracks(self) -> list[dict]:
        return self.published.payload["tracks"]

    def track(self, slug: str | None) -> dict | None:
        return self.published.tracks.get(slug) if slug else None

    def track_name(self, slug: str | None) -> str:
        track = self.track(slug)
        return _pick(track, "name", self.lang) if track else ""

    def type_label(self, kind: str) -> str:
        return SessionType.label_of(kind)

    def language_label(self, language: str) -> str:
        return SessionLanguage.label_of(language)

    @property
    def types(self) -> list[tuple[str, str]]:
        kinds = sorted({entry["type"] for entry in self.published.sessions})
        return [(kind, self.type_label(kind)) for kind in kinds]

    @property
    def languages(self) -> list[tuple[str, str]]:
        return [(language.value, language.label) for language in SessionLanguage]

    def speaker_name(self, speaker: dict) -> str:
        if self.lang == "th" and speaker.get("name_th"):
            return speaker["name_th"]
        return speaker["name"]

    def speaker_url(self, speaker: dict) -> str | None:
        if not self.has_speaker_pages:
            return None
        return url_for("program.speaker", code=speaker["code"])

    # Times ---------------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def clock(self, moment: datetime) -> str:
        return self.local(moment).strftime("%H:%M")

    def zone(self, moment: datetime) -> str:
        return zone_label(self.local(moment)).split(" ")[0]

    def day_label(self, day: date, kind: str = "weekday") -> str:
        return format_date(day, kind, self.lang)

    def day_of(self, entry: dict) -> date:
        return date.fromisoformat(entry["_day"])

    # Days, lists and grids -----------------------------------------------------------------

    @property
    def days(self) -> list[date]:
        return self.published.days

    def pick_day(self, requested: str | None, now: datetime) -> date | None:
        days = self.days
        if not days:
            return None
        if requested:
            try:
                chosen = date.fromisoformat(requested)
            except ValueError:
                chosen = None
            if chosen in days:
                return chosen
        today = now.astimezone(self.tz).date()
        if today in days:
            return today
        first = date.fromisoformat(self.published.payload["event"]["starts_on"])
        return first if first in days else days[0]

    def sessions(self, day: date | None = None) -> list[dict]:
        entries = self.published.sessions_on(day.isoformat()) if day else self.published.sessions
        return [entry for entry in entries if self.filters.matches(entry)]

    def by_day(self) -> list[tuple[date, list[dict]]]:
        return [(day, self.sessions(day)) for day in self.days]

    def matches_elsewhere(self, day: date) -> list[tuple[date, int]]:
        """With a search or filter, the other days that have matches and how many: a day's
        grid shows only its own sessions, so the page says where the others are."""
        if self.filters.empty:
            return []
        counts = [(other, len(self.sessions(other))) for other in self.days if other != day]
        return [(other, count) for other, count in counts if count]

    def grid(self, day: date) -> DayGrid:
        rooms = [room["guid"] for room in self.rooms]
        if self.filters.room:
            rooms = [self.filters.room]
        items = [(e, e["room"], e["_start"], e["_end"]) for e in self.sessions(day)]
        return build_grid(day, self.tz, DAY_STARTS, DAY_ENDS, rooms, items)

    def page_url(self, **values) -> str:
        args = {**self.filters.args(), **values}
        args = {key: value for key, value in args.items() if value}
        if self.version:
            return url_for("schedule.version", version=self.version, **args)
        return url_for("schedule.schedule", **args)

    def export_url(self, kind: str) -> str:
        if self.version:
            return url_for(f"schedule.version_{kind}", version=self.version)
        return url_for(f"schedule.export_{kind}")


def now_and_next(published: PublishedSchedule, moment: datetime) -> tuple[list, list]:
    """Sessions running at ``moment``, and the next session of each room after it (on the day
    of the soonest one, so the evening shows tomorrow morning rather than nothing); both in
    time order, then by room."""
    current = [e for e in published.sessions if e["_start"] <= moment < e["_end"]]
    upcoming: dict[str, dict] = {}
    for entry in published.sessions:
        if entry["_start"] > moment:
            best = upcoming.get(entry["room"])
            if best is None or entry["_start"] < best["_start"]:
                upcoming[entry["room"]] = entry
    order = {room["guid"]: index for index, room in enumerate(published.payload["rooms"])}
    later = sorted(upcoming.values(), key=lambda e: (e["_start"], order.get(e["room"], 0)))
    return (
        sorted(current, key=lambda e: (e["_start"], order.get(e["room"], 0))),
        [e for e in later if e["_day"] == later[0]["_day"]] if later else [],
    )
