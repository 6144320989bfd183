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
from showcase.core.db import unit_of_work
from showcase.core.roles import Role
from showcase.core.time import zone
from showcase.events import services as events
from showcase.events.models import CityKind, Event

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

# name_en, name_th, region, country code, City Possible member, website, continent
INTERNATIONAL_CITIES = (
    # Asia
    ("Singapore", "สิงคโปร์", "", "SG", True, "https://www.smartnation.gov.sg", "Asia"),
    ("Seoul", "โซล", "", "KR", True, "https://english.seoul.go.kr", "Asia"),
    ("Yokohama", "โยโกฮามา", "Kanagawa", "JP", False, "https://www.city.yokohama.lg.jp", "Asia"),
    ("Kuala Lumpur", "กัวลาลัมเปอร์", "", "MY", True, "https://www.dbkl.gov.my", "Asia"),
    ("Jakarta", "จาการ์ตา", "", "ID", False, "https://jakarta.go.id", "Asia"),
    ("Ho Chi Minh City", "นครโฮจิมินห์", "", "VN", False, "https://hochiminhcity.gov.vn", "Asia"),
    ("Dubai", "ดูไบ", "", "AE", True, "https://www.dubai.ae", "Asia"),
    ("Vientiane", "เวียงจันทน์", "", "LA", False, "https://www.vientianecapital.gov.la", "Asia"),
    ("Phnom Penh", "พนมเปญ", "", "KH", False, "https://phnompenh.gov.kh", "Asia"),
    ("Taipei", "ไทเป", "", "TW", True, "https://english.gov.taipei", "Asia"),
    ("Bengaluru", "เบงกาลูรู", "Karnataka", "IN", False, "https://bbmp.gov.in", "Asia"),
    ("Manila", "มะนิลา", "Metro Manila", "PH", False, "https://manila.gov.ph", "Asia"),
    # Europe
    ("Barcelona", "บาร์เซโลนา", "Catalonia", "ES", True, "https://www.barcelona.cat", "Europe"),
    ("Helsinki", "เฮลซิงกิ", "Uusimaa", "FI", False, "https://www.hel.fi", "Europe"),
    ("Amsterdam", "อัมสเตอร์ดัม", "North Holland", "NL", True, "https://www.amsterdam.nl", "Europe"),
    ("Vienna", "เวียนนา", "", "AT", True, "https://www.wien.gv.at", "Europe"),
    ("Copenhagen", "โคเปนเฮเกน", "", "DK", False, "https://www.kk.dk", "Europe"),
    ("Tallinn", "ทาลลินน์", "Harju", "EE", True, "https://www.tallinn.ee", "Europe"),
    ("Lisbon", "ลิสบอน", "", "PT", False, "https://www.lisboa.pt", "Europe"),
    ("Dublin", "ดับลิน", "", "IE", True, "https://www.dublincity.ie", "Europe"),
    ("Lyon", "ลียง", "Auvergne-Rhône-Alpes", "FR", False, "https://www.lyon.fr", "Europe"),
    ("Hamburg", "ฮัมบูร์ก", "", "DE", False, "https://www.hamburg.de", "Europe"),
    # Oceania
    (
        "Melbourne",
        "เมลเบิร์น",
        "Victoria",
        "AU",
        False,
        "https://www.melbourne.vic.gov.au",
        "Oceania",
    ),
    ("Auckland", "โอ๊คแลนด์", "", "NZ", True, "https://www.aucklandcouncil.govt.nz", "Oceania"),
    # The Americas
    ("Toronto", "โทรอนโต", "Ontario", "CA", True, "https://www.toronto.ca", "Americas"),
    ("New York City", "นครนิวยอร์ก", "New York", "US", True, "https://www.nyc.gov", "Americas"),
    ("Mexico City", "เม็กซิโกซิตี", "", "MX", False, "https://www.cdmx.gob.mx", "Americas"),
    ("Medellín", "เมเดยิน", "Antioquia", "CO", True, "https://www.medellin.gov.co", "Americas"),
    ("São Paulo", "เซาเปาลู", "São Paulo", "BR", False, "https://www.capital.sp.gov.br", "Americas"),
    ("Montevideo", "มอนเตวิเดโอ", "", "UY", True, "https://montevideo.gub.uy", "Americas"),
    # Africa
    ("Kigali", "คิกาลี", "", "RW", True, "https://www.kigalicity.gov.rw", "Africa"),
    ("Cape Town", "เคปทาวน์", "Western Cape", "ZA", True, "https://www.capetown.gov.za", "Africa"),
    ("Nairobi", "ไนโรบี", "", "KE", False, "https://nairobi.go.ke", "Africa"),
    (
        "Casablanca",
        "คาซาบลังกา",
        "Casablanca-Settat",
        "MA",
        False,
        "https://www.casablanca.ma",
        "Africa",
    ),
)


@dataclass(frozen=True)
class DemoResult:
    event: Event
    lines: list[str]


DEMO_TIMEZONE = "Asia/Bangkok"


def demo_today() -> date:
    """Today at the venue (the demo event's zone), which is not always today in UTC."""
    return datetime.now(zone(DEMO_TIMEZONE)).date()


def demo_dates(today: date, live: bool = False) -> tuple[date, date]:
    """Three days, Tuesday to Thursday, about two months after ``today``; or, for a live demo,
    yesterday to tomorrow, so that the event is running today."""
    if live:
        return today - timedelta(days=1), today + timedelta(days=1)
    start = today + timedelta(days=60)
    start += timedelta(days=(1 - start.weekday()) % 7)
    return start, start + timedelta(days=2)


def _at(day: date, hour: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone(tz)).astimezone(UTC)


def demo_acronym(start: date) -> str:
    return f"wscs{start.year}"


def load_event(today: date, live: bool = False) -> tuple[Event, bool]:
    start, end = demo_dates(today, live)
    acronym = demo_acronym(start)
    existing = events.get_event(acronym)
    if existing is not None:
        return existing, False
    tz = DEMO_TIMEZONE
    if live:
        # The event is on: registration stays open for walk-ins until its last evening, the
        # call for sessions closed weeks ago.
        windows = {
            "registration_opens_at": _at(today - timedelta(days=45), 9, tz),
            "registration_closes_at": _at(end, 18, tz),
            "cfp_opens_at": _at(today - timedelta(days=120), 9, tz),
            "cfp_closes_at": _at(today - timedelta(days=45), 18, tz),
        }
    else:
        windows = {
            "registration_opens_at": _at(today - timedelta(days=14), 9, tz),
            "registration_closes_at": _at(start - timedelta(days=1), 18, tz),
            "cfp_opens_at": _at(today - timedelta(days=30), 9, tz),
            "cfp_closes_at": _at(today + timedelta(days=21), 18, tz),
        }
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
            "ทั้งเจ็ดมิติ พร้อมแลกเปลี่ยนประสบการณ์กับผู้นำเมือง ภาคธุรกิจ ภาควิชาการ "
            "และภาครัฐจากทั่วโลก"
        ),
        starts_on=start,
        ends_on=end,
        timezone=tz,
        venue_en="Queen Sirikit National Convention Center, Bangkok",
        venue_th="ศูนย์การประชุมแห่งชาติสิริกิติ์ กรุงเทพมหานคร",
        address_en="60 Ratchadaphisek Road, Khlong Toei, Bangkok 10110",
        address_th="60 ถนนรัชดาภิเษก แขวงคลองเตย เขตคลองเตย กรุงเทพมหานคร 10110",
        contact_email="showcase@depa.example",
        **windows,
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
    for name_en, name_th, region, code, member, website, _continent in INTERNATIONAL_CITIES:
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
    "showcase.delegations.demo:load_demo",
    "showcase.letters.demo:load_demo",
    "showcase.registration.passes_demo:load_demo",
    "showcase.questions.demo:load_demo",
    "showcase.travel.demo:load_demo",
    "showcase.badges.demo:load_demo",
    "showcase.checkin.demo:load_demo",
    "showcase.leads.demo:load_demo",
    "showcase.schedule.demo:load_demo",
    "showcase.mail.demo:load_demo",
    "showcase.reports.demo:load_demo",
    "showcase.announcements.demo:load_demo",
    "showcase.cooperation.demo:load_demo",
    "showcase.audit.demo:load_demo",
]


def _step(path: str) -> Callable[[Event], str | None]:
    module_name, _, function = path.partition(":")
    return getattr(importlib.import_module(module_name), function)


class DemoDatedOtherwise(Exception):
    """The database already holds the demo event, on other dates than the ones asked for."""


def load_demo(today: date | None = None, live: bool = False) -> DemoResult:
    """Load the demo event: about two months ahead, or with ``live`` running today.

    Loading again adds only what is missing. A live demo needs the event dated around today:
    if the database holds the demo event on other dates, ``DemoDatedOtherwise`` is raised
    before anything is written.
    """
    today = today or demo_today()
    if live:
        start, _end = demo_dates(today, live=True)
        existing = events.get_event(demo_acronym(start))
        if existing is not None and existing.starts_on != start:
            raise DemoDatedOtherwise(
                f"the demo event {existing.acronym} is already in this database, from "
                f"{existing.starts_on.isoformat()} to {existing.ends_on.isoformat()}; a live "
                "demo starts from an empty database (make demo-live uses one of its own)."
            )
    lines = []
    with unit_of_work():
        event, created = load_event(today, live)
        cities, users = load_cities(), load_users()
    lines.append(
        f"Event {event.acronym}: {'created' if created else 'already there'} "
        f"({event.starts_on.isoformat()} to {event.ends_on.isoformat()})"
    )
    lines.append(f"Cities: {cities} created")
    lines.append(f"Organiser accounts: {users} created")
    for path in DEMO_STEPS:
        line = _step(path)(event)  # each step writes in units of work of its own
        if line:
            lines.append(line)
    return DemoResult(event=event, lines=lines)
