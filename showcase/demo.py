"""The demo event: what ``flask showcase demo`` loads, through the same services as real data.

Loading is idempotent: what exists is left alone and only what is missing is created, so running
the command twice changes nothing. Each feature adds its part as one step in ``DEMO_STEPS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from showcase.accounts import services as accounts
from showcase.core.db import utcnow
from showcase.core.roles import Role
from showcase.core.time import zone
from showcase.events import services as events
from showcase.events.models import CityKind, Event
from showcase.extensions import db

DEMO_PASSWORD = "showcase-demo"  # noqa: S105 - the demo's published sign-in, refused in production
DEMO_USERS = (
    ("admin@showcase.example", Role.ADMIN, "Demo Administrator"),
    ("organiser@showcase.example", Role.ORGANISER, "Demo Organiser"),
    ("reviewer@showcase.example", Role.REVIEWER, "Demo Reviewer"),
    ("checkin@showcase.example", Role.CHECKIN, "Demo Check-in Desk"),
)

# name_en, name_th, province_en, province_th
THAI_MEMBER_CITIES = (
    ("Bangkok", "กรุงเทพมหานคร", "Bangkok", "กรุงเทพมหานคร"),
    ("Phuket", "ภูเก็ต", "Phuket", "ภูเก็ต"),
    ("Khon Kaen", "ขอนแก่น", "Khon Kaen", "ขอนแก่น"),
    ("Chon Buri", "ชลบุรี", "Chon Buri", "ชลบุรี"),
    ("Rayong", "ระยอง", "Rayong", "ระยอง"),
    ("Chachoengsao", "ฉะเชิงเทรา", "Chachoengsao", "ฉะเชิงเทรา"),
    ("Chiang Mai", "เชียงใหม่", "Chiang Mai", "เชียงใหม่"),
    ("Nakhon Ratchasima", "นครราชสีมา", "Nakhon Ratchasima", "นครราชสีมา"),
    ("Udon Thani", "อุดรธานี", "Udon Thani", "อุดรธานี"),
    ("Hat Yai", "หาดใหญ่", "Songkhla", "สงขลา"),
    ("Nakhon Sawan", "นครสวรรค์", "Nakhon Sawan", "นครสวรรค์"),
    ("Phitsanulok", "พิษณุโลก", "Phitsanulok", "พิษณุโลก"),
    ("Chiang Rai", "เชียงราย", "Chiang Rai", "เชียงราย"),
    ("Lampang", "ลำปาง", "Lampang", "ลำปาง"),
    ("Nonthaburi", "นนทบุรี", "Nonthaburi", "นนทบุรี"),
    ("Samut Prakan", "สมุทรปราการ", "Samut Prakan", "สมุทรปราการ"),
    ("Surat Thani", "สุราษฎร์ธานี", "Surat Thani", "สุราษฎร์ธานี"),
    ("Krabi", "กระบี่", "Krabi", "กระบี่"),
    ("Trang", "ตรัง", "Trang", "ตรัง"),
    ("Yala", "ยะลา", "Yala", "ยะลา"),
    ("Nakhon Si Thammarat", "นครศรีธรรมราช", "Nakhon Si Thammarat", "นครศรีธรรมราช"),
    ("Ubon Ratchathani", "อุบลราชธานี", "Ubon Ratchathani", "อุบลราชธานี"),
    ("Roi Et", "ร้อยเอ็ด", "Roi Et", "ร้อยเอ็ด"),
    ("Sakon Nakhon", "สกลนคร", "Sakon Nakhon", "สกลนคร"),
    ("Nan", "น่าน", "Nan", "น่าน"),
    ("Mae Sot", "แม่สอด", "Tak", "ตาก"),
    ("Hua Hin", "หัวหิน", "Prachuap Khiri Khan", "ประจวบคีรีขันธ์"),
)

# name_en, name_th, region, country code, City Possible member, website
INTERNATIONAL_CITIES = (
    ("Singapore", "สิงคโปร์", "", "SG", True, "https://www.smartnation.gov.sg"),
    ("Seoul", "โซล", "", "KR", True, "https://english.seoul.go.kr"),
    ("Yokohama", "โยโกฮามา", "Kanagawa", "JP", False, "https://www.city.yokohama.lg.jp"),
    ("Kuala Lumpur", "กัวลาลัมเปอร์", "", "MY", True, "https://www.dbkl.gov.my"),
    ("Jakarta", "จาการ์ตา", "", "ID", False, "https://jakarta.go.id"),
    ("Ho Chi Minh City", "นครโฮจิมินห์", "", "VN", False, "https://hochiminhcity.gov.vn"),
    ("Barcelona", "บาร์เซโลนา", "Catalonia", "ES", True, "https://www.barcelona.cat"),
    ("Helsinki", "เฮลซิงกิ", "Uusimaa", "FI", False, "https://www.hel.fi"),
    ("Amsterdam", "อัมสเตอร์ดัม", "North Holland", "NL", True, "https://www.amsterdam.nl"),
    ("Melbourne", "เมลเบิร์น", "Victoria", "AU", False, "https://www.melbourne.vic.gov.au"),
    ("Dubai", "ดูไบ", "", "AE", True, "https://www.dubai.ae"),
)


@dataclass(frozen=True)
class DemoResult:
    event: Event
    lines: list[str]


def demo_dates(today: date) -> tuple[date, date]:
    """Three days, Tuesday to Thursday, about two months after ``today``."""
    start = today + timedelta(days=60)
    start += timedelta(days=(1 - start.weekday()) % 7)
    return start, start + timedelta(days=2)


def _at(day: date, hour: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone(tz)).astimezone(UTC)


def load_event(today: date) -> tuple[Event, bool]:
    start, end = demo_dates(today)
    acronym = f"wscs{start.year}"
    existing = events.get_event(acronym)
    if existing is not None:
        return existing, False
    tz = "Asia/Bangkok"
    event = events.create_event(
        acronym,
        name_en=f"World Smart City Showcase {start.year}",
        name_th=f"มหกรรมเมืองอัจฉริยะโลก {start.year + 543}",
        description_en=(
            "depa and the cities of the City Possible network show what Thailand's smart-city "
            "programmes have built, across seven dimensions, with city leaders, businesses, "
            "academia and government from around the world."
        ),
        description_th=(
            "ดีป้าและเมืองในเครือข่าย City Possible ร่วมนำเสนอผลงานเมืองอัจฉริยะของประเทศไทย "
            "ทั้งเจ็ดด้าน พร้อมแลกเปลี่ยนประสบการณ์กับผู้นำเมือง ภาคธุรกิจ ภาควิชาการ "
            "และภาครัฐจากทั่วโลก"
        ),
        starts_on=start,
        ends_on=end,
        timezone=tz,
        venue_en="Queen Sirikit National Convention Center, Bangkok",
        venue_th="ศูนย์การประชุมแห่งชาติสิริกิติ์ กรุงเทพมหานคร",
        address="60 Ratchadaphisek Road, Khlong Toei, Bangkok 10110",
        contact_email="showcase@depa.example",
        registration_opens_at=_at(today - timedelta(days=14), 9, tz),
        registration_closes_at=_at(start - timedelta(days=1), 18, tz),
        cfp_opens_at=_at(today - timedelta(days=30), 9, tz),
        cfp_closes_at=_at(today + timedelta(days=21), 18, tz),
    )
    return event, True


def load_cities() -> int:
    created = 0
    for name_en, name_th, province_en, province_th in THAI_MEMBER_CITIES:
        if events.find_city(name_en, "TH") is None:
            events.create_city(
                name_en=name_en,
                name_th=name_th,
                province_en=province_en,
                province_th=province_th,
                country_code="TH",
                kind=CityKind.THAI_MEMBER,
                city_possible_member=True,
            )
            created += 1
    for name_en, name_th, region, code, member, website in INTERNATIONAL_CITIES:
        if events.find_city(name_en, code) is None:
            events.create_city(
                name_en=name_en,
                name_th=name_th,
                province_en=region,
                country_code=code,
                kind=CityKind.INTERNATIONAL,
                city_possible_member=member,
                website=website,
            )
            created += 1
    return created


def load_users() -> int:
    created = 0
    for email, role, name in DEMO_USERS:
        if accounts.get_user_by_email(email) is None:
            accounts.create_user(email, role, DEMO_PASSWORD, name)
            created += 1
    return created


# Each later feature adds "package.module:function", called with the event; it returns a line
# for the console or None.
DEMO_STEPS: list[str] = [
    "showcase.booths.demo:load_demo",
    "showcase.program.demo:load_demo",
    "showcase.registration.demo:load_demo",
    "showcase.schedule.demo:load_demo",
    "showcase.mail.demo:load_demo",
]


def _step(path: str) -> Callable[[Event], str | None]:
    module_name, _, function = path.partition(":")
    return getattr(importlib.import_module(module_name), function)


def load_demo(today: date | None = None) -> DemoResult:
    today = today or utcnow().date()
    lines = []
    event, created = load_event(today)
    lines.append(
        f"Event {event.acronym}: {'created' if created else 'already there'} "
        f"({event.starts_on.isoformat()} to {event.ends_on.isoformat()})"
    )
    lines.append(f"Cities: {load_cities()} created")
    lines.append(f"Organiser accounts: {load_users()} created")
    db.session.commit()
    for path in DEMO_STEPS:
        line = _step(path)(event)
        db.session.commit()
        if line:
            lines.append(line)
    return DemoResult(event=event, lines=lines)
