"""Demo booths: two halls laid out by zone, 60 booths, 25 exhibitors and a few waiting applications.

Everything goes through the services (applications are submitted, confirmed and approved as a
city and an organiser would), and only what is missing is created, so a second run changes
nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from showcase.booths.models import ApplicationState, BoothApplication, BoothAvailability
from showcase.booths.services import applications, decisions, layout
from showcase.booths.services.settings import get_settings, update_settings
from showcase.core.db import unit_of_work, utcnow
from showcase.events.models import City, Event
from showcase.events.services import find_city
from showcase.extensions import db

DEMO_ORGANISER = "organiser@showcase.example"

# code, name_en, name_th, width, depth, blocks: (y of the first row, x of each booth, zone) ...
HALLS = (
    (
        "A",
        "Hall A · Smart City Pavilion",
        "ฮอลล์ A · ศาลาเมืองอัจฉริยะ",
        36,
        24,
        (
            (3, (3, 6, 9, 12), "mobility"),
            (3, (21, 24, 27, 30), "energy"),
            (12, (3, 6, 9, 12), "environment"),
            (12, (21, 24, 27, 30), "economy"),
        ),
    ),
    (
        "B",
        "Hall B · Living and Governance",
        "ฮอลล์ B · การดำรงชีวิตและการบริหารภาครัฐ",
        30,
        21,
        (
            (3, (3, 6, 9, 12), "people"),
            (3, (18, 21, 24), "living"),
            (12, (3, 6, 9, 12), "governance"),
            (12, (18, 21, 24), "general"),
        ),
    ),
)
# Booths the organisers keep back or that cannot be used.
SPECIAL_BOOTHS = {
    "A-16": (BoothAvailability.BLOCKED, "Pillar"),
    "B-14": (BoothAvailability.BLOCKED, "Fire exit"),
    "A-32": (BoothAvailability.HELD, "depa information stand"),
    "B-28": (BoothAvailability.HELD, "Sponsor, to be confirmed"),
}

# city, country, dimensions, title en, title th, description en, description th
EXHIBITORS = (
    (
        "Phuket",
        "TH",
        ("mobility", "economy"),
        "Phuket Smart Tourism and Safe Mobility",
        "ภูเก็ตเมืองท่องเที่ยวอัจฉริยะและการเดินทางปลอดภัย",
        "How Phuket connects airport, beaches and old town with smart buses, "
        "and keeps visitors safe "
        "with a city data platform that links CCTV, emergency calls and tourist services.",
        "ภูเก็ตเชื่อมสนามบิน ชายหาด และเมืองเก่าด้วยรถโดยสารอัจฉริยะ และดูแลความปลอดภัยของ"
        "นักท่องเที่ยวด้วยแพลตฟอร์มข้อมูลเมืองที่เชื่อมกล้องวงจรปิด "
        "เหตุฉุกเฉิน และบริการนักท่องเที่ยว",
    ),
    (
        "Khon Kaen",
        "TH",
        ("mobility",),
        "Khon Kaen Light Rail and City Development Company",
        "รถไฟฟ้ารางเบาขอนแก่นและบริษัทพัฒนาเมือง",
        "The city-owned company that plans Khon Kaen's light rail, financed and run by five "
        "municipalities together, and the smart bus that runs while the line is built.",
        "บริษัทพัฒนาเมืองที่เทศบาลห้าแห่งร่วมกันจัดตั้ง เพื่อวางแผนและลงทุนรถไฟฟ้ารางเบาขอนแก่น "
        "พร้อมรถโดยสารอัจฉริยะที่ให้บริการระหว่างก่อสร้าง",
    ),
    (
        "Bangkok",
        "TH",
        ("environment", "governance"),
        "Bangkok Traffy Fondue: citizens fix the city",
        "ทราฟฟี่ฟองดูว์ กรุงเทพฯ: ประชาชนร่วมแก้ปัญหาเมือง",
        "Residents report broken pavements, flooding and waste from their "
        "phones; the right district "
        "office receives each report and the whole city can follow how fast it is fixed.",
        "ประชาชนแจ้งปัญหาทางเท้า น้ำท่วม และขยะผ่านโทรศัพท์ "
        "เรื่องจะถูกส่งถึงสำนักงานเขตที่รับผิดชอบ "
        "และทุกคนติดตามได้ว่าแก้ไขเร็วเพียงใด",
    ),
    (
        "Chon Buri",
        "TH",
        ("energy", "economy"),
        "EEC Smart Energy Grid",
        "โครงข่ายพลังงานอัจฉริยะ อีอีซี",
        "Rooftop solar, batteries and a peer-to-peer trading pilot for factories and homes in the "
        "Eastern Economic Corridor.",
        "โซลาร์รูฟท็อป ระบบกักเก็บพลังงาน "
        "และโครงการนำร่องซื้อขายไฟฟ้าระหว่างกันสำหรับโรงงานและบ้านเรือน"
        "ในเขตพัฒนาพิเศษภาคตะวันออก",
    ),
    (
        "Rayong",
        "TH",
        ("environment",),
        "Rayong Clean Air Network",
        "เครือข่ายอากาศสะอาดระยอง",
        "Low-cost sensors at schools and factories measure PM2.5 every minute and warn parents and "
        "plant managers before the air turns unhealthy.",
        "เซนเซอร์ราคาประหยัดที่โรงเรียนและโรงงานวัดฝุ่น PM2.5 ทุกนาที "
        "และแจ้งเตือนผู้ปกครองและผู้จัดการโรงงาน"
        "ก่อนคุณภาพอากาศจะเป็นอันตราย",
    ),
    (
        "Chachoengsao",
        "TH",
        ("living", "people"),
        "Chachoengsao Liveable Riverside",
        "ริมน้ำน่าอยู่ฉะเชิงเทรา",
        "A riverside district renewed with its residents: smart street lights, safe walkways and a "
        "community app for markets and events.",
        "ย่านริมแม่น้ำที่ฟื้นฟูร่วมกับชาวบ้าน ด้วยไฟถนนอัจฉริยะ ทางเดินปลอดภัย และแอปชุมชนสำหรับตลาดและกิจกรรม",
    ),
    (
        "Chiang Mai",
        "TH",
        ("environment", "economy"),
        "Chiang Mai Smart Heritage City",
        "เชียงใหม่เมืองมรดกอัจฉริยะ",
        "Digital twins of the old city walls, haze forecasting for the burning season and a "
        "creative-economy marketplace for local crafts.",
        "แบบจำลองดิจิทัลของกำแพงเมืองเก่า การพยากรณ์หมอกควันช่วงฤดูเผา "
        "และตลาดเศรษฐกิจสร้างสรรค์สำหรับ"
        "งานหัตถกรรมท้องถิ่น",
    ),
    (
        "Nakhon Ratchasima",
        "TH",
        ("governance",),
        "Korat One-Stop Digital City Hall",
        "ศาลาว่าการดิจิทัลแบบเบ็ดเสร็จ โคราช",
        "Permits, taxes and appointments online in one place, with queue times shown live at every "
        "service counter.",
        "ขออนุญาต ชำระภาษี และนัดหมายออนไลน์ได้ในที่เดียว พร้อมแสดงเวลารอคิวแบบเรียลไทม์ทุกจุดบริการ",
    ),
    (
        "Udon Thani",
        "TH",
        ("living",),
        "Udon Thani Smart Health at Home",
        "อุดรธานีสุขภาพอัจฉริยะที่บ้าน",
        "Village health volunteers with tablets and connected devices follow elderly patients at "
        "home and call a doctor when readings change.",
        "อาสาสมัครสาธารณสุขประจำหมู่บ้านใช้แท็บเล็ตและอุปกรณ์เชื่อมต่อดูแลผู้สูงอายุที่บ้าน และติดต่อแพทย์เมื่อค่าผิดปกติ",
    ),
    (
        "Hat Yai",
        "TH",
        ("environment", "governance"),
        "Hat Yai Flood Early Warning",
        "ระบบเตือนภัยน้ำท่วมหาดใหญ่",
        "Water-level sensors along the U-Taphao canal and a public dashboard "
        "that gives shop owners "
        "hours of warning before a flood.",
        "เซนเซอร์วัดระดับน้ำตลอดคลองอู่ตะเภาและแดชบอร์ดสาธารณะ ช่วยให้ร้านค้ารู้ล่วงหน้าหลายชั่วโมงก่อนน้ำท่วม",
    ),
    (
        "Nakhon Sawan",
        "TH",
        ("economy",),
        "Nakhon Sawan Smart Agriculture Hub",
        "ศูนย์เกษตรอัจฉริยะนครสวรรค์",
        "Soil sensors, drone spraying and a price board that helps rice "
        "farmers decide when to sell.",
        "เซนเซอร์ดิน โดรนพ่นปุ๋ย และกระดานราคาที่ช่วยชาวนาตัดสินใจว่าควรขายข้าวเมื่อใด",
    ),
    (
        "Phitsanulok",
        "TH",
        ("people",),
        "Phitsanulok Digital Skills for All",
        "พิษณุโลกทักษะดิจิทัลเพื่อทุกคน",
        "Community learning centres where students teach older neighbours to pay, learn and see a "
        "doctor online.",
        "ศูนย์การเรียนรู้ชุมชนที่นักเรียนสอนเพื่อนบ้านสูงวัยให้ชำระเงิน เรียนรู้ และพบแพทย์ออนไลน์",
    ),
    (
        "Chiang Rai",
        "TH",
        ("energy",),
        "Chiang Rai Green Energy Villages",
        "หมู่บ้านพลังงานสีเขียวเชียงราย",
        "Micro-hydro and solar mini-grids that bring reliable power to mountain villages.",
        "ไฟฟ้าพลังน้ำขนาดเล็กและไมโครกริดพลังงานแสงอาทิตย์ที่นำไฟฟ้าที่เสถียรสู่หมู่บ้านบนดอย",
    ),
    (
        "Nonthaburi",
        "TH",
        ("mobility",),
        "Nonthaburi Last-Mile Connect",
        "นนทบุรีเชื่อมต่อระยะสุดท้าย",
        "Electric boats, bike sharing and feeder vans timed to the Purple Line trains.",
        "เรือไฟฟ้า จักรยานสาธารณะ และรถตู้รับส่งที่จัดเวลาให้ตรงกับรถไฟฟ้าสายสีม่วง",
    ),
    (
        "Samut Prakan",
        "TH",
        ("governance", "environment"),
        "Samut Prakan Open Data Portal",
        "พอร์ทัลข้อมูลเปิดสมุทรปราการ",
        "Budgets, building permits and water quality published as open data that start-ups use "
        "to build services.",
        "งบประมาณ ใบอนุญาตก่อสร้าง และคุณภาพน้ำเผยแพร่เป็นข้อมูลเปิดให้สตาร์ทอัพนำไปสร้างบริการ",
    ),
    (
        "Krabi",
        "TH",
        ("economy", "environment"),
        "Krabi Sustainable Tourism Platform",
        "แพลตฟอร์มการท่องเที่ยวยั่งยืนกระบี่",
        "Visitor numbers on islands and beaches managed with booking quotas "
        "that protect the reefs.",
        "จัดการจำนวนนักท่องเที่ยวบนเกาะและชายหาดด้วยระบบจองโควตาที่ช่วยปกป้องแนวปะการัง",
    ),
    (
        "Nakhon Si Thammarat",
        "TH",
        ("people", "living"),
        "Nakhon Si Thammarat Smart Learning City",
        "นครศรีธรรมราชเมืองแห่งการเรียนรู้อัจฉริยะ",
        "Libraries, temples and schools linked in one learning network with "
        "shared digital content.",
        "ห้องสมุด วัด และโรงเรียนเชื่อมเป็นเครือข่ายการเรียนรู้เดียวกันพร้อมเนื้อหาดิจิทัลที่ใช้ร่วมกัน",
    ),
    (
        "Ubon Ratchathani",
        "TH",
        ("energy", "environment"),
        "Ubon Solar Farms on Water",
        "ฟาร์มโซลาร์ลอยน้ำอุบลราชธานี",
        "Floating solar panels on the Sirindhorn Dam and what they teach about hybrid hydro-solar "
        "power.",
        "แผงโซลาร์ลอยน้ำบนเขื่อนสิรินธร และบทเรียนจากการผลิตไฟฟ้าแบบผสมผสานพลังน้ำกับแสงอาทิตย์",
    ),
    (
        "Nan",
        "TH",
        ("environment", "people"),
        "Nan Forest Communities Online",
        "ชุมชนป่าน่านออนไลน์",
        "Villages map and monitor their community forests with phones and satellite images.",
        "ชาวบ้านทำแผนที่และเฝ้าระวังป่าชุมชนด้วยโทรศัพท์และภาพถ่ายดาวเทียม",
    ),
    (
        "Singapore",
        "SG",
        ("governance", "mobility"),
        "Smart Nation: Digital Public Services",
        "สมาร์ตเนชัน: บริการภาครัฐดิจิทัล",
        "Singpass, the national digital identity, and how one login opens more than two thousand "
        "public and private services.",
        "ซิงพาส ระบบยืนยันตัวตนดิจิทัลแห่งชาติ และการเข้าสู่ระบบครั้งเดียวเพื่อใช้บริการภาครัฐและเอกชนกว่าสองพันรายการ",
    ),
    (
        "Seoul",
        "KR",
        ("mobility", "living"),
        "Seoul Smart Mobility Control Centre",
        "ศูนย์ควบคุมการเดินทางอัจฉริยะโซล",
        "Real-time traffic signals, night buses planned from phone data and accessible transit for "
        "all.",
        "สัญญาณไฟจราจรแบบเรียลไทม์ รถเมล์กลางคืนที่วางเส้นทางจากข้อมูลโทรศัพท์ และระบบขนส่งที่ทุกคนเข้าถึงได้",
    ),
    (
        "Yokohama",
        "JP",
        ("energy",),
        "Yokohama Smart City Project",
        "โครงการเมืองอัจฉริยะโยโกฮามา",
        "Virtual power plants that join home batteries and electric cars to balance the grid.",
        "โรงไฟฟ้าเสมือนที่รวมแบตเตอรี่ในบ้านและรถยนต์ไฟฟ้าเพื่อรักษาสมดุลของระบบไฟฟ้า",
    ),
    (
        "Barcelona",
        "ES",
        ("people", "governance"),
        "Barcelona Decidim: Participatory Democracy",
        "บาร์เซโลนา Decidim: ประชาธิปไตยแบบมีส่วนร่วม",
        "The open-source platform where residents propose, debate and vote on the city's plans and "
        "budget.",
        "แพลตฟอร์มโอเพนซอร์สที่ประชาชนเสนอ อภิปราย และลงคะแนนเรื่องแผนและงบประมาณของเมือง",
    ),
    (
        "Amsterdam",
        "NL",
        ("economy", "environment"),
        "Amsterdam Circular Economy",
        "เศรษฐกิจหมุนเวียนอัมสเตอร์ดัม",
        "Materials passports for buildings and a city plan to halve the use of new raw materials "
        "by 2030.",
        "หนังสือเดินทางวัสดุสำหรับอาคาร และแผนของเมืองที่จะลดการใช้วัตถุดิบใหม่ลงครึ่งหนึ่งภายในปี 2030",
    ),
    (
        "Kuala Lumpur",
        "MY",
        ("living",),
        "Kuala Lumpur Safe City",
        "กัวลาลัมเปอร์เมืองปลอดภัย",
        "Smart lighting and shared CCTV that made night-time streets safer for residents.",
        "ไฟส่องสว่างอัจฉริยะและกล้องวงจรปิดที่ใช้ร่วมกัน ทำให้ถนนยามค่ำคืนปลอดภัยขึ้นสำหรับผู้อยู่อาศัย",
    ),
)

# Applications still waiting: (city, country, dimensions, title en, title th, waitlisted?)
WAITING = (
    ("Lampang", "TH", ("mobility",), "Lampang Electric Horse Carriages", "รถม้าไฟฟ้าลำปาง", False),
    (
        "Surat Thani",
        "TH",
        ("economy", "environment"),
        "Surat Thani Smart Fisheries",
        "ประมงอัจฉริยะสุราษฎร์ธานี",
        False,
    ),
    (
        "Melbourne",
        "AU",
        ("living", "people"),
        "Melbourne 20-Minute Neighbourhoods",
        "ย่านชุมชน 20 นาที เมลเบิร์น",
        False,
    ),
    ("Dubai", "AE", ("governance",), "Dubai Paperless Government", "รัฐบาลไร้กระดาษดูไบ", True),
)


def _contact(city: City) -> tuple[str, str]:
    slug = "".join(ch for ch in city.name_en.lower() if ch.isalnum())
    return f"Smart City Office, {city.name_en}", f"smartcity@{slug}.example"


def load_layout(event: Event) -> int:
    created = 0
    for position, (code, name_en, name_th, width, depth, blocks) in enumerate(HALLS):
        hall = layout.hall_by_code(event, code)
        if hall is None:
            hall = layout.create_hall(
                event,
                code=code,
                name_en=name_en,
                name_th=name_th,
                width=width,
                depth=depth,
                position=position,
            )
        number = 0
        for top, columns, zone in blocks:
            for row_y in (top, top + 3):  # two rows back to back, then an aisle
                for index, x in enumerate(columns):
                    number += 1
                    booth_code = f"{code}-{number:02d}"
                    if layout.booth_by_code(event, booth_code) is not None:
                        continue
                    availability, note = SPECIAL_BOOTHS.get(
                        booth_code, (BoothAvailability.AVAILABLE, "")
                    )
                    corner = index in (0, len(columns) - 1)
                    layout.create_booth(
                        event,
                        code=booth_code,
                        hall=hall,
                        x=x,
                        y=row_y,
                        width=3,
                        depth=3,
                        zone=zone,
                        has_power=True,
                        has_internet=corner or number % 2 == 0,
                        is_corner=corner,
                        availability=availability,
                        note=note,
                    )
                    created += 1
    return created


def _existing_application(event: Event, city: City) -> BoothApplication | None:
    return db.session.scalar(
        select(BoothApplication).where(
            BoothApplication.event_id == event.id, BoothApplication.city_id == city.id
        )
    )


def _submit(event: Event, city: City, dimensions, title_en, title_th, desc_en, desc_th):
    organisation, email = _contact(city)
    application = applications.submit_application(
        event,
        city.id,
        {
            "contact_name": f"{city.name_en} Smart City Team",
            "contact_email": email,
            "contact_phone": "+66 2 141 7101" if city.country_code == "TH" else "+1 555 0100",
            "organisation": organisation,
            "title_en": title_en,
            "title_th": title_th,
            "description_en": desc_en,
            "description_th": desc_th,
            "dimensions": list(dimensions),
            "preferred_zone": dimensions[0],
            "space_sqm": 9,
            "needs_power": True,
            "needs_internet": True,
            "consent": True,
        },
        language="th" if city.country_code == "TH" else "en",
    )
    applications.mark_confirmed(application)
    return application


def _booth_for(event: Event, zone: str):
    free = layout.free_booths(event)
    in_zone = [booth for booth in free if booth.zone_slug == zone]
    general = [booth for booth in free if booth.zone_slug == "general"]
    return (in_zone or general or free or [None])[0]


def load_demo(event: Event) -> str:
    """Each step in its own unit of work, as a person would take it."""
    with unit_of_work():
        settings = get_settings(event)
        if settings.applications_open_at is None:
            update_settings(
                event,
                utcnow() - timedelta(days=14),
                utcnow() + timedelta(days=40),
                booths_per_city=1,
            )
    with unit_of_work():
        booths_created = load_layout(event)
    approved = waiting = 0
    for city_name, country, dimensions, title_en, title_th, desc_en, desc_th in EXHIBITORS:
        city = find_city(city_name, country)
        if city is None or _existing_application(event, city) is not None:
            continue
        with unit_of_work():
            application = _submit(event, city, dimensions, title_en, title_th, desc_en, desc_th)
        booth = _booth_for(event, dimensions[0])
        if booth is not None:
            with unit_of_work(lock=True):
                decisions.approve_application(event, application.id, booth.id, DEMO_ORGANISER)
            approved += 1
    for city_name, country, dimensions, title_en, title_th, waitlist in WAITING:
        city = find_city(city_name, country)
        if city is None or _existing_application(event, city) is not None:
            continue
        with unit_of_work():
            application = _submit(
                event,
                city,
                dimensions,
                title_en,
                title_th,
                f"{title_en}: what {city.name_en} has built and what it plans next.",
                f"{title_th}: ผลงานที่ทำแล้วและแผนต่อไปของ{city.name_th}",
            )
        if waitlist:
            with unit_of_work(lock=True):
                decisions.waitlist_application(
                    event, application.id, DEMO_ORGANISER, "We will confirm once Hall B is final."
                )
        waiting += 1
    total = db.session.scalar(
        select(func.count())
        .select_from(BoothApplication)
        .where(
            BoothApplication.event_id == event.id,
            BoothApplication.state == ApplicationState.APPROVED,
        )
    )
    return (
        f"Booths: {booths_created} booths created; {approved} exhibitors and {waiting} "
        f"waiting applications added ({total} exhibitors in all)"
    )
