"""Events, their tracks and the cities: the rules, apart from any request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from showcase.core.collation import sorted_for_reader
from showcase.core.csvio import RowError, read_csv
from showcase.core.db import utcnow
from showcase.core.errors import DomainError
from showcase.core.i18n import country_codes, country_name, current_language, localized
from showcase.core.time import is_valid_timezone
from showcase.events.models import City, CityKind, Event, Track
from showcase.extensions import db

ACRONYM_PATTERN = re.compile(r"^[a-z0-9]{4,32}$")
# Acronyms are the first part of public URLs; these would collide with fixed paths.
RESERVED_ACRONYMS = frozenset(
    {
        "manage",
        "static",
        "healthz",
        "lang",
        "bootstrap",
        "admin",
        "login",
        "logout",
        "api",
        "users",
        "outbox",
        "events",
        "account",
    }
)


@dataclass(frozen=True)
class Dimension:
    slug: str
    name_en: str
    name_th: str
    description_en: str
    description_th: str
    colour: str


# The seven dimensions of Thai smart-city work; each event gets one track per dimension.
# Colours keep white text at a contrast of 4.5:1 or more.
SEVEN_DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "mobility",
        "Smart Mobility",
        "การเดินทางและขนส่งอัจฉริยะ",
        "Transport that is safe, clean and connected.",
        "การเดินทางและขนส่งที่ปลอดภัย สะอาด และเชื่อมต่อกัน",
        "#1f5fa8",
    ),
    Dimension(
        "people",
        "Smart People",
        "พลเมืองอัจฉริยะ",
        "Skills, inclusion and communities that take part.",
        "ทักษะ ความเท่าเทียม และชุมชนที่มีส่วนร่วม",
        "#7b3fb8",
    ),
    Dimension(
        "economy",
        "Smart Economy",
        "เศรษฐกิจอัจฉริยะ",
        "Digital business, tourism and investment.",
        "ธุรกิจดิจิทัล การท่องเที่ยว และการลงทุน",
        "#00796b",
    ),
    Dimension(
        "environment",
        "Smart Environment",
        "สิ่งแวดล้อมอัจฉริยะ",
        "Clean air and water, waste and climate resilience.",
        "อากาศและน้ำสะอาด การจัดการขยะ และการรับมือสภาพภูมิอากาศ",
        "#2e7d32",
    ),
    Dimension(
        "governance",
        "Smart Governance",
        "การบริหารภาครัฐอัจฉริยะ",
        "Open data and public services online.",
        "ข้อมูลเปิดและบริการภาครัฐออนไลน์",
        "#37474f",
    ),
    Dimension(
        "living",
        "Smart Living",
        "การดำรงชีวิตอัจฉริยะ",
        "Healthy, safe homes and buildings.",
        "ที่อยู่อาศัยและอาคารที่ปลอดภัยและเอื้อต่อสุขภาวะ",
        "#c2185b",
    ),
    Dimension(
        "energy",
        "Smart Energy",
        "พลังงานอัจฉริยะ",
        "Renewable power and efficient grids.",
        "พลังงานหมุนเวียนและการใช้พลังงานอย่างมีประสิทธิภาพ",
        "#b45309",
    ),
)


class EventError(DomainError):
    pass


# Events -------------------------------------------------------------------------------------


def get_event(acronym: str) -> Event | None:
    if not acronym or not ACRONYM_PATTERN.match(acronym):
        return None
    return db.session.scalar(select(Event).where(Event.acronym == acronym))


def current_event(today: date | None = None) -> Event | None:
    """The event to show at '/': the next or running one, else the most recent."""
    today = today or utcnow().date()
    upcoming = db.session.scalar(
        select(Event).where(Event.ends_on >= today).order_by(Event.starts_on, Event.id).limit(1)
    )
    if upcoming is not None:
        return upcoming
    return db.session.scalar(select(Event).order_by(Event.ends_on.desc(), Event.id.desc()).limit(1))


def list_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.starts_on.desc())))


EVENT_FIELDS = (
    "name_en",
    "name_th",
    "description_en",
    "description_th",
    "starts_on",
    "ends_on",
    "timezone",
    "country_code",
    "venue_en",
    "venue_th",
    "address_en",
    "address_th",
    "contact_email",
    "registration_opens_at",
    "registration_closes_at",
    "cfp_opens_at",
    "cfp_closes_at",
)


def events_ended(now: datetime, days: int) -> Select:
    """The ids of the events whose last day is more than ``days`` days behind ``now``: what a
    retention purger (core/retention.py) deletes the data of."""
    return select(Event.id).where(Event.ends_on < (now - timedelta(days=days)).date())


def validate_event_values(values: dict[str, Any]) -> None:
    if values["ends_on"] < values["starts_on"]:
        raise EventError(_l("The event cannot end before it starts."), field="ends_on")
    if not is_valid_timezone(values["timezone"]):
        raise EventError(_l("Choose a timezone from the list."), field="timezone")
    if values.get("country_code") not in country_codes():
        raise EventError(_l("Choose the host country from the list."), field="country_code")
    for opens, closes in (
        ("registration_opens_at", "registration_closes_at"),
        ("cfp_opens_at", "cfp_closes_at"),
    ):
        opens_at: datetime | None = values.get(opens)
        closes_at: datetime | None = values.get(closes)
        if (opens_at is None) != (closes_at is None):
            raise EventError(
                _l("Give both the opening and the closing time, or neither."), field=closes
            )
        if opens_at is not None and closes_at is not None and closes_at <= opens_at:
            raise EventError(_l("The closing time must come after the opening time."), field=closes)


def create_event(acronym: str, **values: Any) -> Event:
    """A new event with its seven tracks."""
    acronym = (acronym or "").strip().lower()
    if not ACRONYM_PATTERN.match(acronym):
        raise EventError(
            _l("The acronym must be 4 to 32 lower-case letters and digits, such as wscs2027."),
            field="acronym",
        )
    if acronym in RESERVED_ACRONYMS:
        raise EventError(_l("This acronym is reserved; choose another."), field="acronym")
    if get_event(acronym) is not None:
        raise EventError(_l("An event with this acronym already exists."), field="acronym")
    values.setdefault("timezone", "Asia/Bangkok")
    values["country_code"] = (values.get("country_code") or "TH").upper()
    full = {field: values.get(field) for field in EVENT_FIELDS}
    full["timezone"] = values["timezone"]
    validate_event_values(full)
    event = Event(acronym=acronym, **{k: v for k, v in full.items() if v is not None})
    for position, dimension in enumerate(SEVEN_DIMENSIONS):
        event.tracks.append(
            Track(
                slug=dimension.slug,
                name_en=dimension.name_en,
                name_th=dimension.name_th,
                description_en=dimension.description_en,
                description_th=dimension.description_th,
                colour=dimension.colour,
                position=position,
            )
        )
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, **values: Any) -> None:
    merged = {field: getattr(event, field) for field in EVENT_FIELDS}
    merged.update({k: v for k, v in values.items() if k in EVENT_FIELDS})
    validate_event_values(merged)
    for field, value in merged.items():
        setattr(event, field, value if value is not None or field.endswith("_at") else "")


# Cities -------------------------------------------------------------------------------------

CITY_FIELDS = (
    "name_en",
    "name_th",
    "province_en",
    "province_th",
    "country_code",
    "kind",
    "city_possible_member",
    "website",
)
CITY_CSV_REQUIRED = ("name_en", "country_code", "kind")
CITY_CSV_OPTIONAL = ("name_th", "province_en", "province_th", "city_possible_member", "website")
WEBSITE_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class CityError(DomainError):
    pass


def clean_city_values(values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the fields of a city; raises ``CityError`` naming the field."""
    cleaned = {field: values.get(field) for field in CITY_FIELDS}
    for field in ("name_en", "name_th", "province_en", "province_th", "website"):
        cleaned[field] = (cleaned[field] or "").strip()
    limits = {
        "name_en": 120,
        "name_th": 120,
        "province_en": 120,
        "province_th": 120,
        "website": 300,
    }
    for field, limit in limits.items():
        if len(cleaned[field]) > limit:
            raise CityError(
                _nl(
                    "This is longer than %(num)d character.",
                    "This is longer than %(num)d characters.",
                    limit,
                ),
                field=field,
            )
    if not cleaned["name_en"]:
        raise CityError(_l("The English name is required."), field="name_en")
    code = (cleaned["country_code"] or "").strip().upper()
    if code not in country_codes():
        raise CityError(
            _l("Use a two-letter ISO country code, such as TH or JP."), field="country_code"
        )
    cleaned["country_code"] = code
    try:
        cleaned["kind"] = CityKind(cleaned["kind"])
    except ValueError as error:
        raise CityError(
            _l("The kind must be thai_member or international."), field="kind"
        ) from error
    if cleaned["kind"] == CityKind.THAI_MEMBER and code != "TH":
        raise CityError(_l("A Thai member city must be in Thailand (TH)."), field="country_code")
    if cleaned["website"] and not WEBSITE_PATTERN.match(cleaned["website"]):
        raise CityError(
            _l("The website must be an address starting with http:// or https://."),
            field="website",
        )
    cleaned["city_possible_member"] = bool(cleaned["city_possible_member"])
    return cleaned


def find_city(name_en: str, country_code: str) -> City | None:
    return db.session.scalar(
        select(City).where(City.name_en == name_en, City.country_code == country_code.upper())
    )


def create_city(**values: Any) -> City:
    cleaned = clean_city_values(values)
    if find_city(cleaned["name_en"], cleaned["country_code"]) is not None:
        raise CityError(_l("This city is already in the list."), field="name_en")
    city = City(**cleaned)
    try:
        with db.session.begin_nested():  # a savepoint: only the new city is taken back
            db.session.add(city)
            db.session.flush()
    except IntegrityError as error:
        raise CityError(_l("This city is already in the list."), field="name_en") from error
    return city


def update_city(city: City, **values: Any) -> None:
    cleaned = clean_city_values(values)
    other = find_city(cleaned["name_en"], cleaned["country_code"])
    if other is not None and other.id != city.id:
        raise CityError(_l("Another city already has this name in this country."), field="name_en")
    for field, value in cleaned.items():
        setattr(city, field, value)


def ordered_cities(lang: str | None = None) -> list[City]:
    """Thai member cities first, then international ones, each group by the names the reader
    reads (Thai names for Thai readers), in the order of the reader's language."""
    lang = lang or current_language()
    everyone = db.session.scalars(select(City)).all()

    def label(city: City) -> str:
        return f"{localized(city, 'name', lang)}, {country_name(city.country_code, lang)}"

    members = [city for city in everyone if city.kind == CityKind.THAI_MEMBER]
    others = [city for city in everyone if city.kind != CityKind.THAI_MEMBER]
    return sorted_for_reader(members, label, lang) + sorted_for_reader(others, label, lang)


TRUE_WORDS = {"1", "yes", "y", "true", "x", "ใช่"}
FALSE_WORDS = {"", "0", "no", "n", "false", "ไม่"}


@dataclass
class CityImportResult:
    created: int
    updated: int


def import_cities_csv(data: bytes) -> CityImportResult:
    """Create or update cities from a CSV file: all rows or none.

    Rows are matched to existing cities by English name and country code. Every bad row is
    reported with its line number and nothing is saved unless every row is good.
    """
    parsed = read_csv(data, CITY_CSV_REQUIRED, CITY_CSV_OPTIONAL)
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    prepared: list[dict[str, Any]] = []
    for line, row in parsed.rows:
        flag = (row.get("city_possible_member") or "").strip().lower()
        if flag not in TRUE_WORDS | FALSE_WORDS:
            errors.append(
                RowError(
                    line,
                    str(_l("city_possible_member must be yes or no, not “%(value)s”", value=flag)),
                )
            )
            continue
        try:
            cleaned = clean_city_values({**row, "city_possible_member": flag in TRUE_WORDS})
        except CityError as error:
            errors.append(RowError(line, f"{error.field}: {error.message}"))
            continue
        key = (cleaned["name_en"].lower(), cleaned["country_code"])
        if key in seen:
            errors.append(
                RowError(
                    line,
                    str(_l("the same city as on line %(line)d", line=seen[key])),
                )
            )
            continue
        seen[key] = line
        prepared.append(cleaned)
    if not parsed.rows and not errors and not parsed.errors:
        errors.append(RowError(2, str(_l("the file has a header but no cities"))))
    parsed.raise_if(errors)
    created = updated = 0
    for cleaned in prepared:
        city = find_city(cleaned["name_en"], cleaned["country_code"])
        if city is None:
            db.session.add(City(**cleaned))
            created += 1
        else:
            for field, value in cleaned.items():
                setattr(city, field, value)
            updated += 1
    db.session.flush()
    return CityImportResult(created=created, updated=updated)
