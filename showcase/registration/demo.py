"""Demo registrations: five categories and about 300 people from the member and international
cities (and a few from cities not in the list), in every state: confirmed, waiting, awaiting
approval, cancelled, unconfirmed, and some checked in when the event is running (a live demo).

Everything goes through the services (people register and open their confirmation link,
organisers approve, people cancel, the desk checks people in), each step in its own unit of work
as a request would run it, and the step does nothing when the event already has registrations,
so a second run changes nothing.
"""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.core.links import LinkPurpose, mint_link
from showcase.core.time import zone
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationLink, RegistrationState
from showcase.registration.services import badges, organiser, registrations
from showcase.registration.services.settings import current_settings, update_settings
from showcase.registration.services.states import Actor

DEMO_ORGANISER = "organiser@showcase.example"
DEMO_DESK = "checkin@showcase.example"

# code, name_en, name_th, capacity, approval, invitation code, how many register
CATEGORIES = (
    ("delegate", "City delegate", "ผู้แทนเมือง", 150, False, None, 150),
    ("exhibitor", "Exhibition partner staff", "เจ้าหน้าที่พันธมิตรนิทรรศการ", 60, False, None, 45),
    ("speaker", "Invited guest speaker", "วิทยากรรับเชิญ", None, False, "STAGE-DEMO", 20),
    ("visitor", "Visitor", "ผู้เข้าชม", 55, False, None, 70),
    ("media", "Media", "สื่อมวลชน", 20, True, None, 15),
)
# The colour band of each category's badges (registration.models.BadgeKind).
BADGE_KINDS = {"exhibitor": "exhibitor", "speaker": "speaker", "media": "media"}

THAI_FIRST = (
    ("Somchai", "สมชาย"),
    ("Suda", "สุดา"),
    ("Anong", "อนงค์"),
    ("Prasert", "ประเสริฐ"),
    ("Malee", "มาลี"),
    ("Wichai", "วิชัย"),
    ("Nok", "นก"),
    ("Kittisak", "กิตติศักดิ์"),
    ("Pimchanok", "พิมพ์ชนก"),
    ("Arthit", "อาทิตย์"),
)
THAI_LAST = (
    ("Jaidee", "ใจดี"),
    ("Srisuk", "ศรีสุข"),
    ("Wongsa", "วงศ์ษา"),
    ("Kaewta", "แก้วตา"),
    ("Boonmee", "บุญมี"),
    ("Thongdee", "ทองดี"),
    ("Chaiyaporn", "ชัยพร"),
    ("Rattanakul", "รัตนกุล"),
)
INTERNATIONAL_NAMES = (
    "Mei Lin Tan",
    "Ji-woo Park",
    "Haruto Sato",
    "Nur Aisyah",
    "Budi Santoso",
    "Nguyen Van An",
    "Marta Puig",
    "Aino Virtanen",
    "Sanne de Vries",
    "Olivia Brown",
    "Omar Al Mansoori",
)
# Delegates from cities that are not in the list: they choose "Other city" and give its name
# and country. (name, city, country code, organisation, category)
OTHER_CITY_DELEGATES = (
    ("Souksavanh Phommachanh", "Luang Prabang", "LA", "Luang Prabang Heritage Office", "delegate"),
    ("Tran Thi Mai", "Da Nang", "VN", "Da Nang Smart City Centre", "delegate"),
    ("Erik Lindqvist", "Gothenburg", "SE", "City of Gothenburg", "delegate"),
    ("Ama Mensah", "Kumasi", "GH", "Kumasi Metropolitan Assembly", "visitor"),
    ("Lucía Fernández", "Rosario", "AR", "Municipalidad de Rosario", "visitor"),
    ("Aroha Ngata", "Wellington", "NZ", "Wellington City Council", "delegate"),
    ("Kenji Watanabe", "Fukuoka", "JP", "Fukuoka City Government", "visitor"),
    ("Nadia Haddad", "Amman", "JO", "Greater Amman Municipality", "visitor"),
)
ORGANISATIONS = (
    "City Municipality",
    "Smart City Office",
    "Provincial Administration",
    "University",
    "Digital Agency",
)


def load_demo(event: Event) -> str | None:
    existing = db.session.scalar(
        select(func.count()).select_from(Registration).where(Registration.event_id == event.id)
    )
    if existing:
        return None
    return _load(event)


def event_has_started(event: Event) -> bool:
    return datetime.now(zone(event.timezone)).date() >= event.starts_on


def _load(event: Event) -> str:
    if current_settings(event).city_cap is None:
        with unit_of_work(lock=True):
            update_settings(event, 12, "2026-11")
    categories = {}
    for position, (code, name_en, name_th, capacity, approval, invitation, _n) in enumerate(
        CATEGORIES
    ):
        with unit_of_work(lock=True):
            category = organiser.save_category(
                event,
                {
                    "code": code,
                    "name_en": name_en,
                    "name_th": name_th,
                    "capacity": capacity,
                    "needs_approval": approval,
                    "invitation_only": invitation is not None,
                    "invitation_code": invitation,
                    "is_open": True,
                    "position": position,
                    "badge_kind": BADGE_KINDS.get(code, "delegate"),
                    "open_to_delegations": code == "delegate",
                },
            )
        categories[code] = (category.id, category.invitation_code or "")
    cities = list(db.session.scalars(select(City).order_by(City.id)))
    rng = random.Random(2027)  # noqa: S311 - demo data, not security
    made: list[tuple[int, str]] = []
    number = 0
    for code, *_rest, count in CATEGORIES:
        category_id, invitation_code = categories[code]
        for _ in range(count):
            number += 1
            city = rng.choice(cities)
            if city.country_code == "TH":
                first, last = rng.choice(THAI_FIRST), rng.choice(THAI_LAST)
                name, name_th, language = f"{first[0]} {last[0]}", f"{first[1]} {last[1]}", "th"
            else:
                name, name_th, language = rng.choice(INTERNATIONAL_NAMES), "", "en"
            values = {
                "full_name": name,
                "full_name_th": name_th,
                "email": f"delegate{number:03d}@demo.example",
                "organisation": f"{city.name_en} {rng.choice(ORGANISATIONS)}",
                "job_title": rng.choice(("Director", "Engineer", "Officer", "Manager")),
                "city": str(city.id),
                "category": str(category_id),
                "invitation_code": invitation_code,
                "language": language,
                "dietary": rng.choice(("", "", "", "Vegetarian", "Halal")),
                "consent": True,
            }
            made.append((_register(event, values), code))
    for name, city_name, country, organisation, code in OTHER_CITY_DELEGATES:
        number += 1
        values = {
            "full_name": name,
            "email": f"delegate{number:03d}@demo.example",
            "organisation": organisation,
            "job_title": "Smart City Officer",
            "city": registrations.OTHER_CITY,
            "other_country": country,
            "other_city": city_name,
            "category": str(categories[code][0]),
            "language": "en",
            "consent": True,
        }
        made.append((_register(event, values), code))
    # Most people open their confirmation link; a few have not yet.
    for index, (registration_id, _code) in enumerate(made):
        if index % 20 == 7:
            continue
        with unit_of_work():
            registration = db.session.get(Registration, registration_id)
            secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.CONFIRM)
        with unit_of_work(lock=True):
            registrations.confirm(event, secret)
    # Organisers approve some of the media; some people cancel; the desk checks people in.
    media = [rid for rid, code in made if code == "media"]
    for registration_id in media[:6]:
        if (
            db.session.get(Registration, registration_id).state
            == RegistrationState.AWAITING_APPROVAL
        ):
            with unit_of_work(lock=True):
                organiser.approve(event, registration_id, DEMO_ORGANISER)
    confirmed = db.session.scalars(
        select(Registration.id)
        .where(
            Registration.event_id == event.id,
            Registration.state == RegistrationState.CONFIRMED,
        )
        .order_by(Registration.id)
    ).all()
    for registration_id in confirmed[3:60:12]:
        with unit_of_work(lock=True):
            registrations.cancel(registration_id, Actor.REGISTRANT)
    if event_has_started(event):  # nobody is checked in at an event that has not begun
        for registration_id in confirmed[1:200:5]:
            if db.session.get(Registration, registration_id).state == RegistrationState.CONFIRMED:
                with unit_of_work():
                    badges.check_in(event, registration_id, DEMO_DESK)
    counts = organiser.counts(event)
    summary = ", ".join(f"{n} {state.value}" for state, n in counts["states"] if n)
    return f"Registrations: {counts['total']} ({summary}; {counts['checked_in']} checked in)"


def _register(event: Event, values: dict) -> int:
    """One person registers (as the public form does); their registration's id."""
    with unit_of_work(lock=True):
        registration, _new = registrations.register(event, values)
        return registration.id
