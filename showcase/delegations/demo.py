"""Demo delegations: Khon Kaen's (requested and approved, five members with its mayor as head
of delegation, one engineer replaced by a colleague), Phuket's (its coordinator invited by the
organisers), Yokohama's (an international city, members in English) and a request from Chiang
Mai still awaiting the organisers. Two categories open to delegations, VIP guests and City
delegations, with their own seats.

Everything goes through the services, each step in its own unit of work as a request runs it;
the step does nothing when the event already has delegations, so a second run changes nothing.
"""

from __future__ import annotations

from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.delegations.models import Delegation
from showcase.delegations.services import delegations, members
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory
from showcase.registration.services import organiser

DEMO_ORGANISER = "organiser@showcase.example"

# code, name_en, name_th, capacity, badge kind, position
CATEGORIES = (
    ("vip", "VIP guest", "แขกวีไอพี", 30, "vip", 10),
    ("delegation", "City delegation", "คณะผู้แทนเมือง", 80, "delegate", 11),
)

# city (English name, country), coordinator, email, language, invited by the organisers,
# approved, members: (honorific, name, Thai name, position, category, email, head, vip)
DELEGATIONS = (
    (
        ("Khon Kaen", "TH"),
        "Ratchanee Phonsri",
        "ir@khonkaen.demo.example",
        "th",
        False,
        True,
        (
            (
                "นายกเทศมนตรี",
                "Teerasak Teecharoen",
                "ธีระศักดิ์ ทีฆายุพันธุ์",
                "Mayor",
                "vip",
                "mayor@khonkaen.demo.example",
                True,
                True,
            ),
            (
                "รองนายกเทศมนตรี",
                "Somsak Boonmee",
                "สมศักดิ์ บุญมี",
                "Deputy Mayor",
                "vip",
                "",
                False,
                True,
            ),
            (
                "ดร.",
                "Wichai Kaewta",
                "วิชัย แก้วตา",
                "Chief Engineer",
                "delegation",
                "wichai@khonkaen.demo.example",
                False,
                False,
            ),
            ("", "Anong Srisuk", "อนงค์ ศรีสุข", "Transport Engineer", "delegation", "", False, False),
            (
                "",
                "Pimchanok Thongdee",
                "พิมพ์ชนก ทองดี",
                "Protocol Officer",
                "delegation",
                "pimchanok@khonkaen.demo.example",
                False,
                False,
            ),
        ),
    ),
    (
        ("Phuket", "TH"),
        "Kittisak Rattanakul",
        "ir@phuket.demo.example",
        "th",
        True,
        False,
        (
            (
                "นายกเทศมนตรี",
                "Saroj Angkanawin",
                "สาโรจ อังคณาวิน",
                "Mayor",
                "vip",
                "mayor@phuket.demo.example",
                True,
                True,
            ),
            (
                "",
                "Malee Chaiyaporn",
                "มาลี ชัยพร",
                "Smart City Officer",
                "delegation",
                "",
                False,
                False,
            ),
        ),
    ),
    (
        ("Yokohama", "JP"),
        "Kenji Sato",
        "international@yokohama.demo.example",
        "en",
        False,
        True,
        (
            ("H.E.", "Takeharu Yamanaka", "", "Mayor", "vip", "", True, True),
            (
                "",
                "Aiko Tanaka",
                "",
                "Director, Smart City Promotion",
                "delegation",
                "aiko.tanaka@yokohama.demo.example",
                False,
                False,
            ),
        ),
    ),
    (("Chiang Mai", "TH"), "Nok Jaidee", "ir@chiangmai.demo.example", "th", False, False, ()),
)
# Khon Kaen's transport engineer cannot travel: a colleague takes her seat.
SUBSTITUTE = ("Anong Srisuk", "Arthit Wongsa", "อาทิตย์ วงศ์ษา", "Traffic Engineer")


def load_demo(event: Event) -> str | None:
    existing = db.session.scalar(
        select(func.count()).select_from(Delegation).where(Delegation.event_id == event.id)
    )
    if existing:
        return None
    categories = _categories(event)
    made = 0
    for city_key, name, email, language, invited, approved, people in DELEGATIONS:
        city = db.session.scalar(
            select(City).where(City.name_en == city_key[0], City.country_code == city_key[1])
        )
        if city is None:
            continue
        values = {
            "city": str(city.id),
            "coordinator_name": name,
            "coordinator_organisation": f"{city.name_en} International Relations Office",
            "coordinator_email": email,
            "coordinator_phone": "+66 2 141 7000",
            "language": language,
            "message": "",
        }
        with unit_of_work():
            if invited:
                delegation = delegations.invite(event, values, DEMO_ORGANISER)
            else:
                delegation = delegations.request_delegation(event, values)
            delegation_id = delegation.id
        made += 1
        if approved:
            with unit_of_work(lock=True):
                delegations.approve(event, delegation_id, DEMO_ORGANISER)
        if not people:
            continue
        with unit_of_work():
            members.confirm_privacy(db.session.get(Delegation, delegation_id), name)
        for honorific, full_name, name_th, position, code, address, head, vip in people:
            with unit_of_work(lock=True):
                members.add_member(
                    db.session.get(Delegation, delegation_id),
                    {
                        "honorific": honorific,
                        "full_name": full_name,
                        "full_name_th": name_th,
                        "job_title": position,
                        "organisation": f"{city.name_en} City Municipality",
                        "email": address,
                        "phone": "",
                        "language": language,
                        "category": str(categories[code]),
                        "is_head": head,
                        "is_vip": vip,
                    },
                )
    _substitute(event)
    return f"Delegations: {made} ({len(DELEGATIONS[0][6])} members in Khon Kaen's)"


def _categories(event: Event) -> dict[str, int]:
    ids = {}
    for code, name_en, name_th, capacity, kind, position in CATEGORIES:
        category = db.session.scalar(
            select(RegistrationCategory).where(
                RegistrationCategory.event_id == event.id, RegistrationCategory.code == code
            )
        )
        if category is None:
            with unit_of_work(lock=True):
                category = organiser.save_category(
                    event,
                    {
                        "code": code,
                        "name_en": name_en,
                        "name_th": name_th,
                        "capacity": capacity,
                        "is_open": True,
                        "position": position,
                        "badge_kind": kind,
                        "open_to_delegations": True,
                    },
                )
        ids[code] = category.id
    return ids


def _substitute(event: Event) -> None:
    old, new, new_th, position = SUBSTITUTE
    member = db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.full_name == old,
            Registration.delegation_id.is_not(None),
        )
    )
    if member is None:
        return
    with unit_of_work(lock=True):
        members.substitute(
            db.session.get(Delegation, member.delegation_id),
            member.id,
            {
                "full_name": new,
                "full_name_th": new_th,
                "job_title": position,
                "organisation": member.organisation,
                "language": member.language,
            },
        )
