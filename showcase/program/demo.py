"""Demo programme: 8 rooms, about 150 speakers, about 120 proposed sessions over the seven tracks
and five types (most confirmed, some accepted, some waiting for decisions with reviews, a few
rejected or withdrawn), the opening and closing ceremonies and the breaks of every day.

The rows are built in memory and inserted in a few statements (no flush per row), so the demo
loads fast. It runs once per event: a second run finds the sessions and changes nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import func, insert, select

from showcase.accounts.models import User
from showcase.core.db import unit_of_work, utcnow
from showcase.core.time import local_datetime_to_utc
from showcase.events.models import City, CityKind, Event
from showcase.extensions import db
from showcase.program.models import (
    ProgramSession,
    Room,
    RoomAvailability,
    SessionLanguage,
    SessionReview,
    SessionState,
    SessionStateChange,
    SessionType,
    Speaker,
    SpeakerAvailability,
    session_speakers,
)
from showcase.program.services.codes import random_code
from showcase.program.services.settings import DEFAULT_DURATIONS

ORGANISER = "organiser@showcase.example"

# name_en, name_th, capacity
ROOMS = (
    ("Plenary Hall", "ห้องประชุมใหญ่", 1200),
    ("Ballroom A", "ห้องบอลรูม A", 500),
    ("Ballroom B", "ห้องบอลรูม B", 400),
    ("Meeting Room 1", "ห้องประชุม 1", 150),
    ("Meeting Room 2", "ห้องประชุม 2", 120),
    ("Meeting Room 3", "ห้องประชุม 3", 80),
    ("Innovation Stage", "เวทีนวัตกรรม", 60),
    ("Workshop Studio", "ห้องปฏิบัติการ", 40),
)

# Per track: (topic in English, topic in Thai) ...
TOPICS = {
    "mobility": (
        ("Light rail for mid-sized cities", "รถไฟฟ้ารางเบาสำหรับเมืองขนาดกลาง"),
        ("Smart buses and open timetables", "รถโดยสารอัจฉริยะและตารางเดินรถแบบเปิด"),
        ("Safer streets with traffic data", "ถนนปลอดภัยด้วยข้อมูลจราจร"),
        ("Electric motorcycle taxis", "วินมอเตอร์ไซค์ไฟฟ้า"),
        ("Mobility as a service in Thai cities", "บริการการเดินทางครบวงจรในเมืองไทย"),
        ("Walkable old towns", "เมืองเก่าที่เดินได้"),
    ),
    "people": (
        ("Digital skills for every age", "ทักษะดิจิทัลสำหรับทุกวัย"),
        ("Schools as smart-city labs", "โรงเรียนเป็นห้องทดลองเมืองอัจฉริยะ"),
        ("Telehealth for rural districts", "การแพทย์ทางไกลสำหรับอำเภอห่างไกล"),
        ("Citizen science for clean air", "วิทยาศาสตร์พลเมืองเพื่ออากาศสะอาด"),
        ("Inclusive design for older residents", "การออกแบบเพื่อผู้สูงอายุ"),
        ("Youth innovation challenges", "การประกวดนวัตกรรมของเยาวชน"),
    ),
    "economy": (
        ("Smart tourism that pays", "การท่องเที่ยวอัจฉริยะที่สร้างรายได้"),
        ("City data for local businesses", "ข้อมูลเมืองเพื่อธุรกิจท้องถิ่น"),
        ("Startups and municipal procurement", "สตาร์ทอัพกับการจัดซื้อของเทศบาล"),
        ("Digital payments at fresh markets", "การชำระเงินดิจิทัลในตลาดสด"),
        ("City development companies", "บริษัทพัฒนาเมือง"),
        ("Attracting investment to smart cities", "การดึงดูดการลงทุนสู่เมืองอัจฉริยะ"),
    ),
    "environment": (
        ("Flood early warning with sensors", "การเตือนภัยน้ำท่วมล่วงหน้าด้วยเซนเซอร์"),
        ("PM2.5 monitoring networks", "เครือข่ายตรวจวัดฝุ่น PM2.5"),
        ("Waste sorting that works", "การคัดแยกขยะที่ได้ผลจริง"),
        ("Urban trees and heat islands", "ต้นไม้ในเมืองกับเกาะความร้อน"),
        ("Protecting coasts and mangroves", "การปกป้องชายฝั่งและป่าชายเลน"),
        ("Water loss in city networks", "การสูญเสียน้ำในระบบประปาเมือง"),
    ),
    "governance": (
        ("Open data portals that people use", "พอร์ทัลข้อมูลเปิดที่ประชาชนใช้จริง"),
        ("One-stop digital city services", "บริการเมืองดิจิทัลแบบจุดเดียว"),
        ("City data platforms", "แพลตฟอร์มข้อมูลเมือง"),
        ("Privacy in the smart city", "ความเป็นส่วนตัวในเมืองอัจฉริยะ"),
        ("Participatory budgeting online", "งบประมาณแบบมีส่วนร่วมออนไลน์"),
        ("Cybersecurity for municipalities", "ความมั่นคงปลอดภัยไซเบอร์ของเทศบาล"),
    ),
    "living": (
        ("CCTV and emergency response", "กล้องวงจรปิดกับการตอบสนองเหตุฉุกเฉิน"),
        ("Smart housing for workers", "ที่อยู่อาศัยอัจฉริยะสำหรับแรงงาน"),
        ("Public space after dark", "พื้นที่สาธารณะยามค่ำคืน"),
        ("Healthy ageing at home", "การสูงวัยอย่างมีสุขภาพที่บ้าน"),
        ("Culture and heritage online", "วัฒนธรรมและมรดกบนโลกออนไลน์"),
        ("Sports and parks for all", "กีฬาและสวนสาธารณะสำหรับทุกคน"),
    ),
    "energy": (
        ("Solar rooftops on city buildings", "โซลาร์รูฟท็อปบนอาคารของเมือง"),
        ("Smart street lighting", "ไฟถนนอัจฉริยะ"),
        ("Microgrids for islands", "ไมโครกริดสำหรับเกาะ"),
        ("Energy data for factories", "ข้อมูลพลังงานสำหรับโรงงาน"),
        ("Charging networks for electric vehicles", "เครือข่ายสถานีชาร์จรถยนต์ไฟฟ้า"),
        ("Cooling cities efficiently", "การทำความเย็นให้เมืองอย่างมีประสิทธิภาพ"),
    ),
}

# How a title reads for each type: (English, Thai)
FORMATS = {
    SessionType.KEYNOTE: ("{topic}: the next ten years", "{topic}: สิบปีข้างหน้า"),
    SessionType.PANEL: ("Panel: {topic}", "เสวนา: {topic}"),
    SessionType.TALK: ("{topic}: lessons from {city}", "{topic}: บทเรียนจาก{city}"),
    SessionType.WORKSHOP: ("Workshop: {topic}, hands on", "เวิร์กช็อป: {topic} ลงมือทำ"),
    SessionType.DEMO: ("Live demo: {topic} in {city}", "สาธิต: {topic} ที่{city}"),
}
ABSTRACTS = (
    (
        "What {city} built, what it cost, what residents say about it, and what we would do "
        "differently next time.",
        "{city}สร้างอะไร ใช้งบเท่าไร ประชาชนคิดอย่างไร และถ้าทำใหม่จะทำอะไรต่างไป",
    ),
    (
        "A practical look at the data, the partners and the rules behind the project, with "
        "figures from the first two years.",
        "มองอย่างเป็นรูปธรรมถึงข้อมูล ภาคีและกติกาเบื้องหลังโครงการ พร้อมตัวเลขจากสองปีแรก",
    ),
    (
        "From pilot to whole city: how the team scaled up, and the mistakes that taught them most.",
        "จากโครงการนำร่องสู่ทั้งเมือง ทีมงานขยายผลอย่างไร และความผิดพลาดที่สอนบทเรียนมากที่สุด",
    ),
)

# (English given name, Thai given name) and family names, for Thai speakers.
THAI_GIVEN = (
    ("Somchai", "สมชาย"),
    ("Suda", "สุดา"),
    ("Anan", "อนันต์"),
    ("Malee", "มาลี"),
    ("Prasert", "ประเสริฐ"),
    ("Kannika", "กรรณิการ์"),
    ("Wichai", "วิชัย"),
    ("Nok", "นก"),
    ("Thanawat", "ธนวัฒน์"),
    ("Pimchanok", "พิมพ์ชนก"),
    ("Chaiwat", "ชัยวัฒน์"),
    ("Ratana", "รัตนา"),
    ("Kittisak", "กิตติศักดิ์"),
    ("Siriporn", "ศิริพร"),
    ("Narong", "ณรงค์"),
    ("Wanida", "วนิดา"),
)
THAI_FAMILY = (
    ("Jaidee", "ใจดี"),
    ("Srisuk", "ศรีสุข"),
    ("Wongsawat", "วงศ์สวัสดิ์"),
    ("Boonmee", "บุญมี"),
    ("Thongchai", "ธงชัย"),
    ("Chaiyaporn", "ชัยพร"),
    ("Rattanakul", "รัตนกุล"),
    ("Suwannarat", "สุวรรณรัตน์"),
    ("Kaewmanee", "แก้วมณี"),
    ("Phromma", "พรหมมา"),
)
INTERNATIONAL_NAMES = {
    "SG": ("Wei Ling Tan", "Rajesh Kumar", "Mei Chen"),
    "KR": ("Ji-woo Park", "Min-jun Kim", "Seo-yeon Lee"),
    "JP": ("Haruto Sato", "Yui Takahashi", "Kenji Watanabe"),
    "MY": ("Nur Aisyah Hassan", "Arif Rahman", "Siti Aminah"),
    "ID": ("Budi Santoso", "Dewi Lestari", "Agus Pratama"),
    "VN": ("Nguyen Thi Lan", "Tran Van Minh", "Le Hoang Nam"),
    "ES": ("Laia Puig", "Jordi Serra", "Marta Vidal"),
    "FI": ("Aino Virtanen", "Mikko Korhonen", "Elina Mäkinen"),
}
ORGANISATIONS = (
    ("City Municipality", "Smart City Office"),
    ("City Development Company", "Chief Executive"),
    ("University", "Researcher"),
    ("Provincial Office", "Deputy Governor"),
    ("Chamber of Commerce", "Vice President"),
    ("Startup", "Founder"),
)


def _local(event: Event, day, hour: int, minute: int = 0) -> datetime:
    return local_datetime_to_utc(datetime.combine(day, time(hour, minute)), event.timezone)


def _days(event: Event) -> list:
    return [
        event.starts_on + timedelta(days=offset)
        for offset in range((event.ends_on - event.starts_on).days + 1)
    ]


def _codes(count: int, taken: set[str]) -> list[str]:
    codes = []
    while len(codes) < count:
        code = random_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


def load_rooms(event: Event) -> list[Room]:
    rooms = [
        Room(event_id=event.id, name_en=name_en, name_th=name_th, capacity=capacity, position=index)
        for index, (name_en, name_th, capacity) in enumerate(ROOMS)
    ]
    for room in rooms:
        for day in _days(event):
            # The workshop studio closes early on the last day for the exhibition teardown.
            ends = 16 if room.name_en == "Workshop Studio" and day == event.ends_on else 18
            room.availability.append(
                RoomAvailability(starts_at=_local(event, day, 8), ends_at=_local(event, day, ends))
            )
    db.session.add_all(rooms)
    return rooms


def make_speakers(event: Event, rng: random.Random, count: int = 150) -> list[Speaker]:
    thai = db.session.scalars(
        select(City).where(City.kind == CityKind.THAI_MEMBER).order_by(City.name_en)
    ).all()
    international = db.session.scalars(
        select(City).where(City.kind == CityKind.INTERNATIONAL).order_by(City.name_en)
    ).all()
    speakers: list[Speaker] = []
    seen: set[str] = set()
    codes = _codes(count, set())
    index = 0
    while len(speakers) < count:
        index += 1
        if index % 4 == 0 and international:
            city = international[index % len(international)]
            names = INTERNATIONAL_NAMES.get(city.country_code, ("Alex Morgan", "Sam Taylor"))
            name = names[(index // len(international)) % len(names)]
            name_th = None
            language = "en"
            suffix = index
        else:
            city = thai[index % len(thai)] if thai else None
            given = THAI_GIVEN[index % len(THAI_GIVEN)]
            family = THAI_FAMILY[(index // len(THAI_GIVEN)) % len(THAI_FAMILY)]
            name = f"{given[0]} {family[0]}"
            name_th = f"{given[1]} {family[1]}"
            language = "th" if index % 3 else "en"
            suffix = index
        key = f"{name}|{city.id if city else ''}"
        if key in seen:
            name = f"{name} {chr(65 + index % 26)}."
            key = f"{name}|{city.id if city else ''}"
            if key in seen:
                continue
        seen.add(key)
        organisation, job = ORGANISATIONS[index % len(ORGANISATIONS)]
        place = city.name_en if city else "Thailand"
        speaker = Speaker(
            event_id=event.id,
            code=codes[len(speakers)],
            name=name,
            name_th=name_th,
            email=f"speaker{suffix}@{place.lower().replace(' ', '')}.example",
            language=language,
            organisation=f"{place} {organisation}",
            job_title=job,
            city_id=city.id if city else None,
            bio_en=(
                f"{name} works on smart-city projects in {place} and has led teams across "
                "government, business and academia."
            ),
            bio_th=(
                f"{name_th or name} ทำงานด้านเมืองอัจฉริยะที่{city.name_th if city else 'ประเทศไทย'} "
                "และเคยนำทีมทั้งภาครัฐ ภาคธุรกิจ และภาควิชาการ"
            ),
            links="",
            email_confirmed_at=utcnow(),
            profile_updated_at=utcnow(),
        )
        speaker._city_th = city.name_th if city else "ประเทศไทย"  # for the Thai titles below
        speaker._city_en = place
        speakers.append(speaker)
    return speakers


def state_for(index: int) -> SessionState:
    """Most confirmed, some accepted and waiting for speakers, some waiting for decisions."""
    cycle = index % 20
    if cycle in (3, 13):
        return SessionState.ACCEPTED
    if cycle in (6, 11, 16):
        return SessionState.SUBMITTED
    if cycle == 9:
        return SessionState.REJECTED
    if cycle == 19 and index < 60:
        return SessionState.WITHDRAWN
    return SessionState.CONFIRMED


def load_demo(event: Event) -> str | None:
    """The demo programme, in one unit of work (its history rows are written in bulk: they are
    the past of sessions the demo creates, not moves made now)."""
    with unit_of_work():
        return _load(event)


def _load(event: Event) -> str | None:
    existing = db.session.scalar(
        select(func.count()).select_from(ProgramSession).where(ProgramSession.event_id == event.id)
    )
    if existing:
        return "Programme: already there"
    rng = random.Random(20270126)  # noqa: S311 - demo content, not a secret
    rooms = load_rooms(event)
    speakers = make_speakers(event, rng)
    db.session.add_all(speakers)
    db.session.flush()

    tracks = list(event.tracks)
    kinds = [
        SessionType.TALK,
        SessionType.PANEL,
        SessionType.TALK,
        SessionType.WORKSHOP,
        SessionType.DEMO,
        SessionType.TALK,
        SessionType.KEYNOTE,
        SessionType.PANEL,
        SessionType.TALK,
        SessionType.DEMO,
    ]
    languages = (SessionLanguage.EN, SessionLanguage.TH, SessionLanguage.BOTH)
    session_codes = _codes(140, set())
    now = utcnow()
    sessions: list[ProgramSession] = []
    links: list[dict] = []
    history: list[tuple[ProgramSession, list[tuple[str, str, str, str]]]] = []
    speaker_cursor = 0
    for index in range(120):
        track = tracks[index % len(tracks)] if tracks else None
        topics = TOPICS.get(track.slug if track else "mobility", TOPICS["mobility"])
        topic_en, topic_th = topics[(index // len(tracks or [1])) % len(topics)]
        kind = kinds[index % len(kinds)]
        language = languages[index % 3]
        count = {SessionType.PANEL: 3, SessionType.WORKSHOP: 2}.get(kind, 1)
        chosen = [speakers[(speaker_cursor + k) % len(speakers)] for k in range(count)]
        speaker_cursor += count
        lead = chosen[0]
        title_en, title_th = FORMATS[kind]
        abstract_en, abstract_th = ABSTRACTS[index % len(ABSTRACTS)]
        english = language in (SessionLanguage.EN, SessionLanguage.BOTH)
        thai = language in (SessionLanguage.TH, SessionLanguage.BOTH)
        state = state_for(index)
        session = ProgramSession(
            event_id=event.id,
            code=session_codes[index],
            title_en=title_en.format(topic=topic_en, city=lead._city_en) if english else "",
            title_th=title_th.format(topic=topic_th, city=lead._city_th) if thai else "",
            abstract_en=abstract_en.format(city=lead._city_en) if english else "",
            abstract_th=abstract_th.format(city=lead._city_th) if thai else "",
            description_en="",
            description_th="",
            session_type=kind,
            track_id=track.id if track else None,
            language=language,
            duration_minutes=DEFAULT_DURATIONS[kind],
            expected_audience=rng.choice((40, 60, 80, 120, 200, 300, 450)),
            state=state,
            notes="",
            submitted_by_id=lead.id,
            proposal_confirmed_at=now - timedelta(days=20 - index % 15),
            decided_at=None if state == SessionState.SUBMITTED else now - timedelta(days=3),
        )
        sessions.append(session)
        for position, speaker in enumerate(chosen):
            links.append({"speaker_id": speaker.id, "position": position, "_session": session})
        steps = []
        if state in (SessionState.ACCEPTED, SessionState.CONFIRMED):
            steps.append(("submitted", "accepted", "organiser", ORGANISER))
        if state == SessionState.CONFIRMED:
            steps.append(("accepted", "confirmed", "speaker", lead.email))
        if state == SessionState.REJECTED:
            steps.append(("submitted", "rejected", "organiser", ORGANISER))
        if state == SessionState.WITHDRAWN:
            steps.append(("submitted", "withdrawn", "speaker", lead.email))
        history.append((session, steps))

    # The organisers' own sessions: ceremonies and the breaks of every day.
    extra_index = 120
    for day_number, _day in enumerate(_days(event)):
        for kind, title_en, title_th, minutes in (
            (SessionType.BREAK, "Coffee break", "พักรับประทานอาหารว่าง", 30),
            (SessionType.BREAK, "Lunch", "พักรับประทานอาหารกลางวัน", 60),
            (SessionType.BREAK, "Afternoon coffee and networking", "พักอาหารว่างและสร้างเครือข่าย", 30),
        ):
            sessions.append(
                _organiser_session(
                    event, session_codes[extra_index], kind, title_en, title_th, minutes, now
                )
            )
            extra_index += 1
        if day_number == 0:
            sessions.append(
                _organiser_session(
                    event,
                    session_codes[extra_index],
                    SessionType.CEREMONY,
                    "Opening ceremony",
                    "พิธีเปิด",
                    45,
                    now,
                )
            )
            extra_index += 1
    sessions.append(
        _organiser_session(
            event,
            session_codes[extra_index],
            SessionType.CEREMONY,
            "Closing ceremony",
            "พิธีปิด",
            30,
            now,
        )
    )
    # The evening before the first day, for delegations who arrive early (outside the event's
    # dates: the schedule and its exports add that day).
    sessions.append(
        _organiser_session(
            event,
            session_codes[extra_index + 1],
            SessionType.CEREMONY,
            "Welcome reception for city delegations",
            "งานเลี้ยงต้อนรับคณะผู้แทนเมือง",
            120,
            now,
        )
    )
    db.session.add_all(sessions)
    db.session.flush()

    db.session.execute(
        insert(session_speakers),
        [
            {
                "session_id": link["_session"].id,
                "speaker_id": link["speaker_id"],
                "position": link["position"],
            }
            for link in links
        ],
    )
    changes = []
    for session, steps in history:
        for offset, (from_state, to_state, role, actor) in enumerate(steps):
            changes.append(
                {
                    "session_id": session.id,
                    "at": now - timedelta(days=3 - offset),
                    "actor": role,
                    "by": actor,
                    "from_state": from_state,
                    "to_state": to_state,
                    "note": "",
                }
            )
    for session in sessions[120:]:
        changes.append(
            {
                "session_id": session.id,
                "at": now - timedelta(days=10),
                "actor": "organiser",
                "by": ORGANISER,
                "from_state": "",
                "to_state": "confirmed",
                "note": "",
            }
        )
    db.session.execute(insert(SessionStateChange), changes)

    # Reviews of the proposals still waiting, by the demo reviewer and organiser.
    reviewers = db.session.scalars(
        select(User.id).where(User.email.in_(("reviewer@showcase.example", ORGANISER)))
    ).all()
    reviews = [
        {
            "session_id": session.id,
            "reviewer_id": reviewer_id,
            "score": rng.randint(0, 3),
            "comment": "",
            "created_at": now,
            "updated_at": now,
        }
        for session in sessions[:120]
        if session.state == SessionState.SUBMITTED
        for reviewer_id in reviewers
    ]
    if reviews:
        db.session.execute(insert(SessionReview), reviews)

    # Some speakers can only come on some days; some gave the morning and the afternoon as two
    # windows that meet at 12:30 (they count as one).
    days = _days(event)
    windows = []
    for number, speaker in enumerate(speakers[::10]):
        day = days[speaker.id % len(days)]
        parts = (((9, 0), (17, 0)),) if number % 2 else (((9, 0), (12, 30)), ((12, 30), (17, 0)))
        windows.extend(
            {
                "speaker_id": speaker.id,
                "starts_at": _local(event, day, *starts),
                "ends_at": _local(event, day, *ends),
            }
            for starts, ends in parts
        )
    if windows:
        db.session.execute(insert(SpeakerAvailability), windows)
    db.session.flush()
    confirmed = sum(1 for session in sessions if session.state == SessionState.CONFIRMED)
    waiting = sum(1 for session in sessions if session.state == SessionState.SUBMITTED)
    return (
        f"Programme: {len(rooms)} rooms, {len(speakers)} speakers, {len(sessions)} sessions "
        f"({confirmed} confirmed, {waiting} waiting for a decision)"
    )


def _organiser_session(event, code, kind, title_en, title_th, minutes, now) -> ProgramSession:
    return ProgramSession(
        event_id=event.id,
        code=code,
        title_en=title_en,
        title_th=title_th,
        abstract_en="",
        abstract_th="",
        description_en="",
        description_th="",
        session_type=kind,
        track_id=None,
        language=SessionLanguage.BOTH,
        duration_minutes=minutes,
        expected_audience=None,
        state=SessionState.CONFIRMED,
        notes="",
        proposal_confirmed_at=now,
    )
