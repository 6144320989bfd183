"""Demo questions: meals and allergies for the caterers, interpretation (and which languages, a
conditional question) for the interpreters, site visits, a mobile number for the day, first-aid
notes only administrators read, and the media's press card; and answers from about three in
four demo registrants, given as on their own answers page, so the report has totals.

Through the services, each step in its own unit of work; nothing is done when the event already
has questions, so a second run changes nothing.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.events.models import Event
from showcase.extensions import db
from showcase.questions.models import NO, YES
from showcase.questions.services import answers, questions
from showcase.registration.models import ACTIVE_STATES, Registration
from showcase.registration.services import organiser

EVERYONE = ("delegate", "exhibitor", "speaker", "visitor", "media")
DELEGATES = ("delegate", "speaker")

# code, kind, (label en, th), (help en, th), (purpose en, th), choices, categories, options
QUESTIONS = (
    (
        "meal",
        "single_choice",
        ("Which meals should we prepare for you?", "ต้องการอาหารประเภทใด"),
        (
            "Lunch and coffee breaks are served on all three days.",
            "มีอาหารกลางวันและอาหารว่างทั้งสามวัน",
        ),
        ("So that the caterers prepare enough of each meal.", "เพื่อให้ผู้จัดเลี้ยงเตรียมอาหารได้เพียงพอ"),
        (
            ("regular", "No preference", "ไม่มีข้อจำกัด"),
            ("vegetarian", "Vegetarian", "มังสวิรัติ"),
            ("vegan", "Vegan", "วีแกน (เจ)"),
            ("halal", "Halal", "ฮาลาล"),
            ("no_pork", "No pork", "ไม่ทานหมู"),
        ),
        EVERYONE,
        {"required": True, "sensitivity": "general", "retention_days": 30},
    ),
    (
        "allergies",
        "multiple_choice",
        ("Do you have any food allergies?", "คุณแพ้อาหารชนิดใดหรือไม่"),
        ("Tick every one that applies.", "เลือกได้มากกว่าหนึ่งข้อ"),
        (
            "So that the caterers label dishes and keep them apart.",
            "เพื่อให้ผู้จัดเลี้ยงติดป้ายและแยกอาหารให้ปลอดภัย",
        ),
        (
            ("peanuts", "Peanuts", "ถั่วลิสง"),
            ("shellfish", "Shellfish", "อาหารทะเลมีเปลือก"),
            ("dairy", "Milk and dairy", "นมและผลิตภัณฑ์จากนม"),
            ("gluten", "Gluten", "กลูเตน"),
            ("eggs", "Eggs", "ไข่"),
        ),
        EVERYONE,
        {"sensitivity": "sensitive", "retention_days": 14},
    ),
    (
        "interpretation",
        "yes_no",
        (
            "Do you need simultaneous interpretation in the plenary hall?",
            "คุณต้องการล่ามแปลพร้อมกันในห้องประชุมใหญ่หรือไม่",
        ),
        ("", ""),
        (
            "So that the interpreters' booths and headsets are ready.",
            "เพื่อเตรียมล่ามและหูฟังให้เพียงพอ",
        ),
        (),
        (*DELEGATES, "visitor", "media"),
        {"required": True, "sensitivity": "general", "retention_days": 30},
    ),
    (
        "interpretation_language",
        "single_choice",
        ("Which interpretation do you need?", "ต้องการล่ามภาษาใด"),
        ("Headsets are handed out at the hall's door.", "รับหูฟังได้ที่หน้าห้องประชุม"),
        ("So that each language has enough interpreters.", "เพื่อจัดล่ามให้พอในแต่ละภาษา"),
        (
            ("th_en", "Thai into English", "ไทยเป็นอังกฤษ"),
            ("en_th", "English into Thai", "อังกฤษเป็นไทย"),
            ("en_zh", "English and Mandarin Chinese", "อังกฤษและจีนกลาง"),
            ("en_ja", "English and Japanese", "อังกฤษและญี่ปุ่น"),
        ),
        (*DELEGATES, "visitor", "media"),
        {
            "required": True,
            "sensitivity": "general",
            "retention_days": 30,
            "condition": ("interpretation", YES),
        },
    ),
    (
        "site_visit",
        "multiple_choice",
        ("Which site visit would you like to join?", "ต้องการร่วมศึกษาดูงานที่ใด"),
        (
            "On the last afternoon; seats are confirmed by email.",
            "ในบ่ายวันสุดท้าย ยืนยันที่นั่งทางอีเมล",
        ),
        ("To plan the buses and the hosts' groups.", "เพื่อจัดรถและกลุ่มผู้นำชม"),
        (
            ("true_digital_park", "True Digital Park", "ทรู ดิจิทัล พาร์ค"),
            ("bangkok_traffic", "Bangkok traffic control centre", "ศูนย์ควบคุมการจราจรกรุงเทพฯ"),
            ("smart_campus", "Chulalongkorn smart campus", "จุฬาฯ สมาร์ทแคมปัส"),
        ),
        DELEGATES,
        {"sensitivity": "general", "retention_days": 7, "for_delegations": True},
    ),
    (
        "mobile",
        "phone",
        ("Mobile number during the event", "หมายเลขโทรศัพท์มือถือระหว่างงาน"),
        ("With the country code, such as +66 81 234 5678.", "พร้อมรหัสประเทศ เช่น +66 81 234 5678"),
        (
            "So that the organisers can reach you on the day (never shared).",
            "เพื่อให้ผู้จัดงานติดต่อคุณได้ในวันงาน (ไม่เปิดเผยต่อผู้อื่น)",
        ),
        (),
        DELEGATES,
        {"sensitivity": "sensitive", "retention_days": 7, "for_delegations": True},
    ),
    (
        "first_aid",
        "long_text",
        (
            "Anything the first-aid team should know?",
            "มีข้อมูลสุขภาพที่ทีมปฐมพยาบาลควรทราบหรือไม่",
        ),
        ("For example a condition or a medicine you carry.", "เช่น โรคประจำตัวหรือยาที่พกติดตัว"),
        (
            "So that the venue's first-aid team can help you quickly.",
            "เพื่อให้ทีมปฐมพยาบาลช่วยเหลือคุณได้ทันท่วงที",
        ),
        (),
        EVERYONE,
        {"sensitivity": "restricted", "retention_days": 0},
    ),
    (
        "press_card",
        "file",
        ("Your press card", "บัตรสื่อมวลชนของคุณ"),
        ("A photo or a PDF of it.", "รูปถ่ายหรือไฟล์ PDF"),
        (
            "To approve media registrations.",
            "เพื่อใช้พิจารณาอนุมัติการลงทะเบียนของสื่อมวลชน",
        ),
        (),
        ("media",),
        {"sensitivity": "sensitive", "retention_days": 0},
    ),
)

FIRST_AID_NOTES = (
    "Asthma; I carry an inhaler.",
    "Type 1 diabetes: I may need a quiet place to check my sugar.",
    "แพ้ยาเพนิซิลลิน",
)


def load_demo(event: Event) -> str | None:
    if questions.list_questions(event):
        return None
    categories = {category.code: category.id for category in organiser.list_categories(event)}
    codes = {}
    for code, kind, label, help_text, purpose, choices, whom, options in QUESTIONS:
        condition = options.get("condition")
        values = {
            "code": code,
            "kind": kind,
            "label_en": label[0],
            "label_th": label[1],
            "help_en": help_text[0],
            "help_th": help_text[1],
            "purpose_en": purpose[0],
            "purpose_th": purpose[1],
            "choices": "\n".join(" | ".join(choice) for choice in choices),
            "categories": [str(categories[name]) for name in whom if name in categories],
            "required": options.get("required", False),
            "for_delegations": options.get("for_delegations", False),
            "sensitivity": options["sensitivity"],
            "retention_days": options["retention_days"],
            "position": len(codes) * 10,
            "condition_question": str(codes[condition[0]]) if condition else "",
            "condition_value": condition[1] if condition else "",
            "visible": True,
        }
        with unit_of_work():
            codes[code] = questions.save_question(event, values).id
    answered = _answer(event)
    return f"Registration questions: {len(codes)} questions, answered by {answered} registrants"


def _answer(event: Event) -> int:
    """About three in four active registrants answer, as on their own answers page."""
    rng = random.Random(14)  # noqa: S311 - demo data, not security
    people = db.session.scalars(
        select(Registration.id)
        .where(Registration.event_id == event.id, Registration.state.in_(ACTIVE_STATES))
        .order_by(Registration.id)
    ).all()
    asked = {question.code: question for question in answers.visible_questions(event)}
    count = 0
    for registration_id in people:
        if rng.random() > 0.75:
            continue
        with unit_of_work():
            registration = db.session.get(Registration, registration_id)
            values = _values(rng, asked, registration)
            given = answers.clean_answers(event, registration.category, values, registration)
            answers.save_answers(registration, given)
        count += 1
    return count


def _values(rng: random.Random, asked: dict, registration: Registration) -> dict:
    thai = registration.language == "th"
    meal = rng.choices(["regular", "vegetarian", "vegan", "halal", "no_pork"], [60, 15, 5, 12, 8])
    allergies = [key for key in ("peanuts", "shellfish", "dairy", "gluten") if rng.random() < 0.06]
    needs = rng.random() < (0.25 if thai else 0.55)
    language = "th_en" if thai else rng.choices(["en_th", "en_zh", "en_ja"], [70, 20, 10])[0]
    values = {
        "meal": meal[0],
        "allergies": allergies,
        "interpretation": YES if needs else NO,
        "interpretation_language": language,
        "site_visit": [key for key in asked["site_visit"].choices if rng.random() < 0.3],
        "mobile": _mobile(rng) if rng.random() < 0.5 else "",
        "first_aid": rng.choice(FIRST_AID_NOTES) if rng.random() < 0.04 else "",
    }
    values["site_visit"] = [choice["key"] for choice in values["site_visit"]]
    return {asked[code].field_name: value for code, value in values.items() if code in asked}


def _mobile(rng: random.Random) -> str:
    """A Thai mobile number of the operators' ranges (081, 086, 089), as people type it."""
    return f"08{rng.choice('169')} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
