"""Demo cooperation: profiles for most of the Thai member cities (those with a delegation kept by
its coordinator, the others by the organisers) and a dozen partner organisations from Japan,
Korea, Singapore and Europe, each kept by its registered representative; a meeting lounge with
eight tables and 20-minute slots on every day of the event; some meetings requested, some
confirmed, some held with their outcomes, one missed; and a match pinned for a VIP delegation.

Through the services, each step in its own unit of work; nothing is done when the event already
has profiles, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import func, select

from showcase.cooperation.models import CooperationProfile, Meeting, OutcomeResult
from showcase.cooperation.services import meetings, outcomes, profiles
from showcase.cooperation.services.profiles import Keeper
from showcase.core.db import unit_of_work
from showcase.delegations.models import Delegation
from showcase.events.models import City, CityKind, Event, Track
from showcase.extensions import db
from showcase.registration.models import Registration

DEMO_ORGANISER = "organiser@showcase.example"

# What the Thai cities offer and seek: (dimension, English, Thai).
CITY_NEEDS = {
    "Khon Kaen": (
        [
            (
                "mobility",
                "Light rail and bus rapid transit data",
                "ข้อมูลรถไฟฟ้ารางเบาและรถโดยสารด่วนพิเศษ",
            )
        ],
        [("energy", "Solar-rooftop financing", "สินเชื่อโซลาร์รูฟท็อป")],
    ),
    "Phuket": (
        [("economy", "Smart tourism sandbox", "แซนด์บ็อกซ์การท่องเที่ยวอัจฉริยะ")],
        [("environment", "Coastal water-quality sensors", "เซ็นเซอร์คุณภาพน้ำชายฝั่ง")],
    ),
    "Bangkok": (
        [("governance", "Traffy Fondue citizen reporting", "ระบบรับเรื่องร้องเรียน Traffy Fondue")],
        [("mobility", "Traffic signal optimisation", "การปรับจังหวะสัญญาณไฟจราจร")],
    ),
    "Chon Buri": (
        [("economy", "EEC investment zones", "เขตส่งเสริมการลงทุน EEC")],
        [("living", "Smart building retrofits", "การปรับปรุงอาคารอัจฉริยะ")],
    ),
    "Rayong": (
        [("energy", "Industrial solar-rooftop financing", "สินเชื่อโซลาร์รูฟท็อปภาคอุตสาหกรรม")],
        [("environment", "Air-quality monitoring", "การตรวจวัดคุณภาพอากาศ")],
    ),
    "Chiang Mai": (
        [("people", "Digital skills for elders", "ทักษะดิจิทัลสำหรับผู้สูงอายุ")],
        [("environment", "PM2.5 haze forecasting", "การพยากรณ์ฝุ่น PM2.5")],
    ),
}
DEFAULT_NEEDS = (
    [("governance", "Open data portal", "ระบบข้อมูลเปิดของเมือง")],
    [("mobility", "Smart parking", "ระบบที่จอดรถอัจฉริยะ")],
)
# Cities left without a profile (a few, so that "most" cities take part).
WITHOUT_PROFILE = {"Yala", "Nan", "Mae Sot", "Roi Et", "Trang"}

# name, country, email, representative, what it offers, what it seeks
PARTNERS = (
    (
        "SolarGrid Japan",
        "JP",
        "kenji@solargrid.demo.example",
        "Kenji Watanabe",
        [("energy", "Solar-rooftop financing for municipalities")],
        [("mobility", "Bus ridership data")],
    ),
    (
        "Yokohama Smart Mobility Lab",
        "JP",
        "aiko@ysml.demo.example",
        "Aiko Sato",
        [("mobility", "Traffic signal optimisation")],
        [("governance", "Open data partners")],
    ),
    (
        "Seoul Digital Foundation",
        "KR",
        "minjun@sdf.demo.example",
        "Min-jun Park",
        [("governance", "Citizen reporting platforms")],
        [("people", "Digital skills pilots")],
    ),
    (
        "K-Water Smart Utilities",
        "KR",
        "jiwoo@kwater.demo.example",
        "Ji-woo Kim",
        [("environment", "Water-quality sensor networks")],
        [("economy", "Pilot cities")],
    ),
    (
        "Sembcorp Urban",
        "SG",
        "wei@sembcorp.demo.example",
        "Tan Wei Ling",
        [("economy", "Industrial park development")],
        [("energy", "Rooftop solar sites")],
    ),
    (
        "Surbana Jurong",
        "SG",
        "rajesh@sj.demo.example",
        "Rajesh Kumar",
        [("living", "Smart building retrofits")],
        [("governance", "Municipal partners")],
    ),
    (
        "National University of Singapore, Urban Lab",
        "SG",
        "grace@nus.demo.example",
        "Grace Lim",
        [("people", "Research on ageing cities")],
        [("environment", "Haze data")],
    ),
    (
        "Siemens Smart Infrastructure",
        "DE",
        "anna@siemens.demo.example",
        "Anna Becker",
        [("energy", "Microgrids and building automation")],
        [("living", "Retrofit pilots")],
    ),
    (
        "Barcelona Urban Lab",
        "ES",
        "jordi@bcnlab.demo.example",
        "Jordi Puig",
        [("governance", "Open data portal")],
        [("economy", "Smart tourism")],
    ),
    (
        "TU Delft Mobility Institute",
        "NL",
        "sanne@tudelft.demo.example",
        "Sanne de Vries",
        [("mobility", "Cycling and micro-mobility planning")],
        [("mobility", "Light rail data")],
    ),
    (
        "Forum Virium Helsinki",
        "FI",
        "mikko@fvh.demo.example",
        "Mikko Virtanen",
        [("environment", "Air-quality monitoring")],
        [("people", "Living labs")],
    ),
    (
        "Schneider Electric Asia",
        "FR",
        "claire@se.demo.example",
        "Claire Martin",
        [("energy", "Industrial solar-rooftop financing")],
        [("economy", "Industrial estates")],
    ),
)


HOME_CITIES = {
    "JP": "Yokohama",
    "KR": "Seoul",
    "SG": "Singapore",
    "DE": "Munich",
    "ES": "Barcelona",
    "NL": "Delft",
    "FI": "Helsinki",
    "FR": "Lyon",
}


def load_demo(event: Event) -> str | None:
    existing = db.session.scalar(
        select(func.count())
        .select_from(CooperationProfile)
        .where(CooperationProfile.event_id == event.id)
    )
    if existing:
        return None
    tracks = {
        t.slug: t for t in db.session.scalars(select(Track).where(Track.event_id == event.id))
    }
    _lounge(event)
    cities = _city_profiles(event, tracks)
    partners = _partner_profiles(event, tracks)
    booked = _meetings(event, cities, partners)
    return (
        f"Cooperation: {len(cities)} city profiles, {len(partners)} partner organisations, "
        f"{booked} meetings"
    )


def _values(tracks, name, country, languages, offers, seeks, **extra) -> dict:
    values = {
        "display_name": name,
        "country": country,
        "languages": languages,
        "tags": "",
        "about": "",
        "visible": True,
        "consent": True,
        "writing_language": "en",
        **extra,
    }
    for side, items in (("offer", offers), ("seek", seeks)):
        for slug, text_en, *_th in items:
            values[f"{side}_{tracks[slug].id}"] = text_en
    return values


def _lounge(event: Event) -> None:
    with unit_of_work():
        day = event.starts_on
        while day <= event.ends_on:
            meetings.save_day(
                event, {"day": day, "starts": time(10, 0), "ends": time(17, 0), "slot_minutes": 20}
            )
            day += timedelta(days=1)
        for number in range(1, 9):
            meetings.save_table(
                event,
                {
                    "number": number,
                    "capacity": 6 if number <= 2 else 4,
                    "place_en": "Meeting lounge, level 2",
                    "place_th": "ห้องรับรองเจรจา ชั้น 2",
                },
            )


def _city_profiles(event: Event, tracks) -> dict[str, int]:
    made = {}
    thai = db.session.scalars(
        select(City).where(City.kind == CityKind.THAI_MEMBER).order_by(City.id)
    ).all()
    for city in thai:
        if city.name_en in WITHOUT_PROFILE:
            continue
        offers, seeks = CITY_NEEDS.get(city.name_en, DEFAULT_NEEDS)
        delegation = db.session.scalar(
            select(Delegation).where(Delegation.event_id == event.id, Delegation.city_id == city.id)
        )
        keeper = (
            Keeper(event, delegation=delegation)
            if delegation is not None and delegation.active_members
            else Keeper(event, city=city)
        )
        people = [person.id for person in keeper.people[:2]]
        values = _values(tracks, city.name_en, "TH", ["th", "en"], offers, seeks, member_ids=people)
        with unit_of_work():
            profile = profiles.save_profile(keeper, values)
        # The same descriptions in Thai.
        values = {**values, "writing_language": "th", "display_name": city.name_en}
        for side, items in (("offer", offers), ("seek", seeks)):
            for slug, _en, text_th in items:
                values[f"{side}_{tracks[slug].id}"] = text_th
        with unit_of_work():
            profiles.save_profile(keeper, values)
        made[city.name_en] = profile.id
    return made


def _partner_profiles(event: Event, tracks) -> dict[str, int]:
    from showcase.registration.services import organiser, registrations
    from showcase.registration.services.registrations import OTHER_CITY

    with unit_of_work(lock=True):
        category = organiser.save_category(
            event,
            {
                "code": "partner",
                "name_en": "Cooperation partner",
                "name_th": "พันธมิตรความร่วมมือ",
                "capacity": None,
                "needs_approval": False,
                "invitation_only": False,
                "invitation_code": None,
                "is_open": True,
                "position": 9,
                "badge_kind": "delegate",
                "open_to_delegations": False,
            },
        )
    made = {}
    for name, country, email, person, offers, seeks in PARTNERS:
        with unit_of_work(lock=True):
            registration, _new = registrations.register(
                event,
                {
                    "full_name": person,
                    "email": email,
                    "organisation": name,
                    "job_title": "Partnerships Director",
                    "city": OTHER_CITY,
                    "other_country": country,
                    "other_city": HOME_CITIES[country],
                    "category": str(category.id),
                    "language": "en",
                    "consent": True,
                },
            )
            registration_id = registration.id
        _confirm(event, registration_id)
        registration = db.session.get(Registration, registration_id)
        languages = [
            "en",
            {"JP": "ja", "KR": "ko", "SG": "zh", "DE": "de", "ES": "es", "FR": "fr"}.get(
                country, "en"
            ),
        ]
        with unit_of_work():
            profile = profiles.save_profile(
                Keeper(event, registration=registration),
                _values(tracks, name, country, languages, offers, seeks, kind="organisation"),
            )
        made[name] = profile.id
    return made


def _confirm(event: Event, registration_id: int) -> None:
    from showcase.core.links import LinkPurpose, mint_link
    from showcase.registration.models import RegistrationLink
    from showcase.registration.services import registrations

    with unit_of_work():
        registration = db.session.get(Registration, registration_id)
        secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.CONFIRM)
    with unit_of_work(lock=True):
        registrations.confirm(event, secret)


# (partner, city, slot number, what happens, outcomes (result, dimension) for partner and city)
MEETINGS = (
    ("SolarGrid Japan", "Khon Kaen", 1, "held", ("mou", "energy"), ("mou", "energy")),
    ("Schneider Electric Asia", "Rayong", 2, "held", ("pilot", "energy"), ("follow_up", "energy")),
    (
        "Forum Virium Helsinki",
        "Chiang Mai",
        3,
        "held",
        ("follow_up", "environment"),
        ("pilot", "environment"),
    ),
    ("Barcelona Urban Lab", "Phuket", 4, "held", ("nothing", None), ("nothing", None)),
    ("Yokohama Smart Mobility Lab", "Bangkok", 5, "accepted", None, None),
    ("Surbana Jurong", "Chon Buri", 6, "accepted", None, None),
    ("K-Water Smart Utilities", "Phuket", 24, "requested", None, None),
    ("Seoul Digital Foundation", "Chiang Mai", 25, "missed", None, None),
)


def _meetings(event: Event, cities, partners) -> int:
    slots = meetings.slots_of(event)
    tracks = {
        t.slug: t.id for t in db.session.scalars(select(Track).where(Track.event_id == event.id))
    }
    booked = 0
    for partner, city, slot, what, partner_outcome, city_outcome in MEETINGS:
        if city not in cities or partner not in partners:
            continue
        starts = slots[slot].starts_at
        with unit_of_work(lock=True):
            requester = db.session.get(CooperationProfile, partners[partner])
            host = db.session.get(CooperationProfile, cities[city])
            if what == "requested":
                meeting = meetings.request_meeting(event, requester, host, starts, "")
            else:
                meeting = meetings.book_for(
                    event,
                    requester,
                    host,
                    starts,
                    None,
                    DEMO_ORGANISER,
                    f"{partner} and {city} on what each offers and seeks.",
                )
            meeting_id = meeting.id
        booked += 1
        if what in ("held", "missed"):
            with unit_of_work(lock=True):
                meeting = db.session.get(Meeting, meeting_id)
                if what == "held":
                    meetings.mark_held(meeting, DEMO_ORGANISER)
                else:
                    meetings.mark_missed(meeting, DEMO_ORGANISER)
        for profile_id, outcome in (
            (partners[partner], partner_outcome),
            (cities[city], city_outcome),
        ):
            if outcome is None:
                continue
            result, slug = outcome
            with unit_of_work():
                outcomes.record_outcome(
                    db.session.get(Meeting, meeting_id),
                    db.session.get(CooperationProfile, profile_id),
                    {"result": OutcomeResult(result).value, "track_id": tracks.get(slug)},
                )
    if "Khon Kaen" in cities and "Siemens Smart Infrastructure" in partners:
        with unit_of_work():
            profiles.pin(
                event,
                cities["Khon Kaen"],
                partners["Siemens Smart Infrastructure"],
                "For the mayor's delegation",
            )
    return booked
