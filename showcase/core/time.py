"""Dates and times as people read them: in the event's timezone, labelled, in their language.

Everything is stored in UTC (see ``core.db.UTCDateTime``) and converted here for display. Thai
readers get the Buddhist-era year (CE + 543), which Babel does not produce by itself because it
only knows the Gregorian calendar: the year is put into the pattern as a literal.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import dates as babel_dates
from flask import current_app, g, has_app_context, has_request_context
from flask_babel import get_locale

BUDDHIST_ERA_OFFSET = 543

# Abbreviations people in the region know, for zones whose tz database abbreviation is numeric.
ZONE_ABBREVIATIONS = {
    "Asia/Bangkok": "ICT",
    "Asia/Ho_Chi_Minh": "ICT",
    "Asia/Phnom_Penh": "ICT",
    "Asia/Vientiane": "ICT",
    "Asia/Singapore": "SGT",
    "Asia/Kuala_Lumpur": "MYT",
    "Asia/Jakarta": "WIB",
    "Asia/Manila": "PHT",
    "Asia/Yangon": "MMT",
    "Asia/Dubai": "GST",
}

# Babel patterns per language; {year} is replaced by the quoted year of the right era.
DATE_PATTERNS = {
    "en": {
        "full": "EEEE d MMMM {year}",
        "long": "d MMMM {year}",
        "medium": "d MMM {year}",
        "day_month": "d MMMM",
        "weekday": "EEE d MMM",
        "weekday_year": "EEE d MMM",
        "month": "MMMM {year}",
    },
    "th": {
        "full": "EEEEที่ d MMMM พ.ศ. {year}",
        "long": "d MMMM {year}",
        "medium": "d MMM {year}",
        "day_month": "d MMMM",
        "weekday": "EEE d MMM",
        "weekday_year": "EEE d MMM {year}",
        "month": "MMMM {year}",
    },
}


def is_valid_timezone(name: str) -> bool:
    if not name or name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def language() -> str:
    # Outside a request too (the outbox worker renders emails under force_locale).
    if not has_app_context():
        return "en"
    locale = get_locale()
    return locale.language if locale is not None else "en"


def display_year(year: int, lang: str) -> int:
    return year + BUDDHIST_ERA_OFFSET if lang == "th" else year


def _event_zone(tz: tzinfo | str | None) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    if tz:
        return zone(tz)
    event = g.get("event") if has_request_context() else None
    if event is not None:
        return zone(event.timezone)
    return zone(current_app.config.get("DEFAULT_TIMEZONE", "UTC")) if has_app_context() else UTC


def to_local(value: datetime, tz: tzinfo | str | None = None) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_event_zone(tz))


def utc_offset_label(local: datetime) -> str:
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(local: datetime) -> str:
    """'ICT (UTC+7)', 'CET (UTC+1)' or just 'UTC+5:30' when no short name is known."""
    offset = utc_offset_label(local)
    abbreviation = local.tzname() or ""
    if not abbreviation.isalpha():
        key = getattr(local.tzinfo, "key", "")
        abbreviation = ZONE_ABBREVIATIONS.get(key, "")
    if abbreviation in {"UTC", "GMT"} and offset == "UTC+0":
        return "UTC"
    return f"{abbreviation} ({offset})" if abbreviation else offset


def format_date(value: date | datetime, kind: str = "long", lang: str | None = None) -> str:
    lang = lang or language()
    patterns = DATE_PATTERNS.get(lang, DATE_PATTERNS["en"])
    if isinstance(value, datetime):
        value = value.date()
    pattern = patterns[kind].replace("{year}", f"'{display_year(value.year, lang)}'")
    return babel_dates.format_date(value, pattern, locale=lang)


def format_time(value: datetime, tz: tzinfo | str | None = None, with_zone: bool = False) -> str:
    local = to_local(value, tz)
    text = local.strftime("%H:%M")
    return f"{text} {zone_label(local)}" if with_zone else text


def format_datetime(
    value: datetime, tz: tzinfo | str | None = None, kind: str = "long", lang: str | None = None
) -> str:
    """'20 January 2027, 09:30 ICT (UTC+7)' in the event's zone and the reader's language."""
    local = to_local(value, tz)
    return f"{format_date(local, kind, lang)}, {local.strftime('%H:%M')} {zone_label(local)}"


def format_day_time(
    value: datetime, tz: tzinfo | str | None = None, lang: str | None = None
) -> str:
    """'Tue 2 Feb, 09:12 ICT': the day as well as the time, for a moment that may not be today
    (Thai: 'อังคาร 2 ก.พ. 2570, 09:12 ICT', with the Buddhist-era year)."""
    local = to_local(value, tz)
    label = zone_label(local)
    short = label.split(" (", 1)[0] if "(" in label else label
    return f"{format_date(local, 'weekday_year', lang)}, {local.strftime('%H:%M')} {short}"


def format_local_stamp(value: datetime | None, tz: tzinfo | str | None = None) -> str:
    """'2027-01-26 09:12 ICT (UTC+7)': a sortable local time with its zone named, for exports
    people read; empty for no time."""
    if value is None:
        return ""
    local = to_local(value, tz)
    return f"{local.strftime('%Y-%m-%d %H:%M')} {zone_label(local)}"


def format_utc_stamp(value: datetime | None) -> str:
    """'2027-01-26T02:12:00Z': the machine-readable UTC time (ISO 8601) beside it."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


VERSION_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def format_version_date(version: str, lang: str | None = None) -> str:
    """A version named by its date ('2026-11', '2026-11-03') as the reader writes that date,
    in the Buddhist era for Thai ('พฤศจิกายน 2569'); any other version as it is."""
    match = VERSION_DATE.match(version or "")
    if match is None:
        return version or ""
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        value = date(year, month, day)
    except ValueError:
        return version
    return format_date(value, "long" if match.group(3) else "month", lang)


def format_date_range(start: date, end: date, lang: str | None = None) -> str:
    """'20–22 January 2027' or '30 January – 1 February 2027', with the era of the language."""
    lang = lang or language()
    if start == end:
        return format_date(start, "long", lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, 'long', lang)}"
    if start.year == end.year:
        return f"{format_date(start, 'day_month', lang)} – {format_date(end, 'long', lang)}"
    return f"{format_date(start, 'long', lang)} – {format_date(end, 'long', lang)}"


def local_datetime_to_utc(value: datetime, tz: tzinfo | str) -> datetime:
    """A naive wall-clock time entered in a form, read in the event's zone, as UTC."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    return value.replace(tzinfo=_event_zone(tz)).astimezone(UTC)


def utc_to_local_naive(value: datetime | None, tz: tzinfo | str) -> datetime | None:
    """The inverse of ``local_datetime_to_utc`` for filling a form."""
    if value is None:
        return None
    return to_local(value, tz).replace(tzinfo=None)


def register_template_filters(app) -> None:
    app.jinja_env.filters.update(
        date=format_date,
        time=format_time,
        datetime=format_datetime,
        day_time=format_day_time,
        version_date=format_version_date,
    )
    app.jinja_env.globals.update(
        date_range=format_date_range, zone_label=zone_label, to_local=to_local
    )
