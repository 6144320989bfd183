"""A small, complete world for the hardening tests: one event with every kind of object that a
route can name in its URL (hall, booth, city, booth applications, an outbox message, a second
user), built through the services.

``url_values(world)`` fills a route's URL arguments from it. A feature whose routes take a new
argument (``registration_id``, ``session_id``, …) adds the object in ``build_world`` and one line
to ``ARGUMENTS``; every generated test (authorisation matrix, headers, CSRF, hostile input) then
reaches its routes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask import url_for
from sqlalchemy import select

from showcase.booths.models import BoothApplicationLink
from showcase.booths.services import decisions, layout
from showcase.booths.services.directory import exhibitor_ref
from showcase.core.db import unit_of_work
from showcase.core.links import LinkPurpose, mint_link
from showcase.core.tokens import new_secret
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory, RegistrationInvitation
from showcase.registration.services.onbehalf import import_invitations
from tests.booths.helpers import add_city, open_applications, png_bytes, submit

EVENT = "wscs2027"


@dataclass
class World:
    event: str = EVENT
    ids: dict[str, object] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)


def build_world(app) -> World:
    from showcase.accounts.services import create_user
    from showcase.core.images import store_image
    from showcase.events.services import create_event
    from showcase.mail.models import OutboxMessage

    world = World()
    with app.app_context():
        now = datetime.now(UTC)
        event = create_event(
            EVENT,
            name_en="World Smart City Showcase 2027",
            name_th="มหกรรมเมืองอัจฉริยะโลก 2570",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            venue_en="Queen Sirikit National Convention Center",
            venue_th="ศูนย์การประชุมแห่งชาติสิริกิติ์",
            contact_email="showcase@depa.example",
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=30),
            cfp_opens_at=now - timedelta(days=1),
            cfp_closes_at=now + timedelta(days=30),
        )
        db.session.commit()
        with unit_of_work(lock=True):
            open_applications(event, booths_per_city=2)
            hall = layout.create_hall(
                event, code="A", name_en="Hall A", name_th="ฮอลล์ A", width=30, depth=20
            )
            booths = [
                layout.create_booth(
                    event,
                    code=f"A-0{n}",
                    hall=hall,
                    x=3 * n,
                    y=2,
                    width=3,
                    depth=3,
                    zone="mobility",
                )
                for n in range(1, 4)
            ]
            khon_kaen = add_city("Khon Kaen", "ขอนแก่น")
            phuket = add_city("Phuket", "ภูเก็ต")
            exhibitor = submit(event, khon_kaen, contact_email="exhibitor@khonkaen.example")
            decisions.approve_application(
                event, exhibitor.id, booths[0].id, "setup@showcase.example"
            )
            pending = submit(event, phuket, contact_email="pending@phuket.example")
            other = submit(
                event, phuket, contact_email="other@phuket.example", title_en="Phuket Port"
            )
            world.secrets["pending_manage"] = mint_link(
                BoothApplicationLink(application=pending), LinkPurpose.MANAGE
            )
            world.secrets["other_manage"] = mint_link(
                BoothApplicationLink(application=other), LinkPurpose.MANAGE
            )
            world.secrets["exhibitor_manage"] = mint_link(
                BoothApplicationLink(application=exhibitor), LinkPurpose.MANAGE
            )
            unconfirmed = submit(event, phuket, confirm=False, contact_email="new@phuket.example")
            world.secrets["unconfirmed_confirm"] = mint_link(
                BoothApplicationLink(application=unconfirmed), LinkPurpose.CONFIRM
            )
        target = create_user("target@showcase.example", "checkin", "correct-horse-1", "Target")
        image = store_image(png_bytes(), max_bytes=1_000_000)
        db.session.commit()
        add_registrations(world, event, khon_kaen)
        add_questions(world, event)
        add_delegations(world, event, khon_kaen, phuket)
        add_letters(world)
        add_programme(world, event, khon_kaen)
        add_schedule(world, event)
        add_travel(world, event)
        add_gates(world, event)
        add_announcements(world, event)
        add_leads(world, event, exhibitor)
        add_cooperation(world, event)
        message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id))
        uncertain = add_uncertain_message()
        world.ids.update(
            hall_id=hall.id,
            booth_id=booths[2].id,
            city_id=phuket.id,
            application_id=pending.id,
            exhibitor_application_id=exhibitor.id,
            other_application_id=other.id,
            message_id=message.id,
            uncertain_message_id=uncertain.id,
            user_id=target.id,
            image_id=image.uuid,
            ref=exhibitor_ref(exhibitor),
        )
    return world


def add_cooperation(world: World, event) -> None:
    """Khon Kaen's cooperation profile (kept by its coordinator) and the first registration's
    organisation profile, a meeting day with a table, a meeting the organisation asked for, and
    a pinned match."""
    from showcase.cooperation.services import meetings, profiles
    from showcase.cooperation.services.profiles import Keeper
    from showcase.delegations.models import Delegation
    from tests.cooperation.helpers import lounge, profile_values

    lounge(event, tables=1, day=date(2027, 1, 27))
    delegation = db.session.get(Delegation, world.ids["delegation_id"])
    with unit_of_work():
        city = profiles.save_profile(
            Keeper(event, delegation=delegation),
            profile_values(
                event,
                offers=[("mobility", "bus data")],
                seeks=[("energy", "financing")],
                member_ids=[world.ids["member_id"]],
            ),
        )
    with unit_of_work():
        company = profiles.save_profile(
            Keeper(event, registration=db.session.get(Registration, world.ids["registration_id"])),
            profile_values(
                event, display_name="SolarGrid Japan", country="JP", offers=[("energy", "loans")]
            ),
        )
    with unit_of_work(lock=True):
        meeting = meetings.request_meeting(
            event, company, city, meetings.slots_of(event)[0].starts_at, "Hello"
        )
    with unit_of_work():
        pin = profiles.pin(event, city.id, company.id, "VIP")
    world.ids.update(
        profile_id=company.id,
        meeting_id=meeting.id,
        pin_id=pin.id,
        meeting_host_id=city.id,
        day_id=meetings.days_of(event)[0].id,
    )


def add_uncertain_message():
    """The newest message, left 'delivery uncertain' by a worker that handed it to SMTP twenty
    minutes ago and died (the worker's own stale-claim rule decides)."""
    from showcase.core.db import utcnow
    from showcase.mail.models import OutboxMessage, OutboxStatus
    from showcase.mail.worker import release_stale_claims

    message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    message.status, message.claimed_by = OutboxStatus.SENDING, "dead-host:4711:1"
    message.claimed_at = message.handed_at = utcnow() - timedelta(minutes=20)
    db.session.commit()
    release_stale_claims()
    assert message.status == OutboxStatus.UNCERTAIN
    return message


def add_registrations(world: World, event, city) -> None:
    """Two categories (one of two seats), a confirmed registration, another one, and one whose
    address is not yet confirmed; their manage and confirmation secrets."""
    from tests.registration.helpers import add_category, confirm_secret, manage_secret, register

    delegate = add_category(
        event, "delegate", name_en="City delegate", name_th="ผู้แทนเมือง", capacity=2
    )
    add_category(event, "visitor", name_en="Visitor", name_th="ผู้เข้าชม", position=1)
    db.session.commit()
    somchai = register(event, city, delegate, confirm=True, email="somchai@khonkaen.example")
    other = register(
        event,
        city,
        delegate,
        confirm=True,
        email="other@khonkaen.example",
        full_name="Nok Srisuk",
        full_name_th="นก ศรีสุข",
    )
    pending = register(event, city, delegate, email="pending@khonkaen.example")
    with unit_of_work(lock=True):
        import_invitations(
            event, b"email,full_name,category\ninvitee@khonkaen.example,Invitee,visitor\n", ""
        )
    # An invitee's link: its secret is known here only by setting the stored hash afresh.
    invitation_secret, digest = new_secret()
    with unit_of_work():
        db.session.scalar(select(RegistrationInvitation)).token_hash = digest
    world.secrets.update(
        invitation=invitation_secret,
        registration_manage=manage_secret(somchai),
        other_registration_manage=manage_secret(other),
        registration_confirm=confirm_secret(pending),
    )
    world.ids.update(
        registration_id=somchai.id,
        other_registration_id=other.id,
        category_id=delegate.id,
    )


def add_questions(world: World, event) -> None:
    """A question asked of city delegates (a file: an image or a PDF) and the confirmed
    registration's answer to it."""
    import io

    from werkzeug.datastructures import FileStorage

    from showcase.questions.services import answers
    from showcase.registration.models import Registration
    from tests.questions.helpers import add_question

    delegate = db.session.get(RegistrationCategory, world.ids["category_id"])
    question = add_question(event, "card", "file", [delegate], label_en="Your card")
    with unit_of_work():
        registration = db.session.get(Registration, world.ids["registration_id"])
        upload = FileStorage(io.BytesIO(png_bytes()), "card.png")
        given = answers.clean_answers(
            event, registration.category, {question.field_name: upload}, registration
        )
        answers.save_answers(registration, given)
    world.ids.update(question_id=question.id, answer_id=answers.answers_of(registration)[0].id)


def add_delegations(world: World, event, khon_kaen, phuket) -> None:
    """Two approved delegations (Khon Kaen and Phuket), each with a member in a category open to
    delegations; the coordinators' secrets."""
    from tests.delegations.helpers import add, approved_delegation, secret_of

    guests = add_category_open_to_delegations(event)
    first = approved_delegation(event, khon_kaen)
    second = approved_delegation(event, phuket, coordinator_name="Pimchanok Thongdee")
    member = add(first, guests, "Teerasak Teecharoen", is_head=True)
    add(second, guests, "Arthit Rattanakul")
    world.secrets.update(delegation=secret_of(first), other_delegation=secret_of(second))
    world.ids.update(delegation_id=first.id, member_id=member.id)


def add_letters(world: World) -> None:
    """An issued visa letter for the second registration (the first can still ask for one)."""
    from showcase.registration.models import Registration
    from tests.letters.helpers import issued_letter

    letter = issued_letter(db.session.get(Registration, world.ids["other_registration_id"]))
    world.ids.update(letter_id=letter.id, letter_number=letter.number)
    world.secrets["letter_code"] = letter.check_code


def add_category_open_to_delegations(event):
    from tests.registration.helpers import add_category

    return add_category(
        event, "delegation-guest", name_en="Delegation guest", open_to_delegations=True
    )


def add_programme(world: World, event, city) -> None:
    """A confirmed proposal by one speaker (with an availability window), a second speaker's
    confirmed proposal, an unconfirmed proposal, a room with an availability window."""
    from showcase.core.db import unit_of_work
    from showcase.program.models import SpeakerAvailability
    from showcase.program.services import people, proposals, rooms
    from tests.program.helpers import proposal_values

    def proposal(email: str, title: str, confirm: bool = True, name: str = "Somchai Jaidee"):
        values = proposal_values(
            name=name, email=email, title_en=title, track="", co1_name="", co1_email=""
        )
        values["city"] = str(city.id)
        with unit_of_work():
            session, secret = proposals.submit_proposal(event, values, "en")
            if not confirm:
                return session, secret
            session, _speaker, manage, _new = proposals.confirm_proposal(event, secret)
        return session, manage

    session, speaker_secret = proposal("speaker@khonkaen.example", "Light rail for Khon Kaen")
    other_session, other_speaker_secret = proposal(
        "other@phuket.example", "Phuket port data", name="Ana Lim"
    )
    _unconfirmed, proposal_confirm = proposal("new@phuket.example", "Flood sensors", confirm=False)
    speaker = session.speakers[0]
    day = datetime(2027, 1, 26, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok
    with unit_of_work():
        people.add_speaker_window(speaker, day, day + timedelta(hours=4))
        room = rooms.create_room(
            event, {"name_en": "Main Hall", "name_th": "ห้องประชุมใหญ่", "capacity": 300}
        )
        rooms.add_room_window(room, day, day + timedelta(hours=8))
    world.secrets.update(
        speaker_manage=speaker_secret,
        other_speaker_manage=other_speaker_secret,
        proposal_confirm=proposal_confirm,
    )
    world.ids.update(
        session_code=session.code,
        other_session_code=other_session.code,
        speaker_code=speaker.code,
        speaker_window_id=db.session.scalar(
            select(SpeakerAvailability.id).where(SpeakerAvailability.speaker_id == speaker.id)
        ),
        room_id=room.id,
        room_window_id=room.availability[0].id,
    )


def add_gates(world: World, event) -> None:
    """A main entrance and a room's door (on the programme's room) with one scan each."""
    from showcase.checkin.services import gates, scans
    from showcase.core.db import unit_of_work

    with unit_of_work(lock=True):
        entrance = gates.save_gate(event, {"name_en": "Gate 1", "kind": "main"})
        gates.save_gate(
            event, {"name_en": "Room door", "kind": "room", "room": world.ids["room_id"]}
        )
        scans.apply_scan(
            event,
            scans.ScanInput(scan_id="world-scan-0001", gate_id=entrance.id, payload="R1-NOPE"),
            "checkin@matrix.example",
        )
    world.ids.update(gate_id=entrance.id)


def add_leads(world: World, event, exhibitor) -> None:
    """A staff pass of the approved exhibitor (its manage secret) and the exhibitor's lead of
    the confirmed registration, who shares their details with exhibitors."""
    from showcase.booths.models import BoothApplication
    from showcase.leads import services as leads
    from showcase.registration.models import Registration
    from showcase.registration.services import passes
    from showcase.registration.services.badges import badge_payload
    from tests.registration.helpers import manage_secret

    with unit_of_work(lock=True):
        application = db.session.get(BoothApplication, exhibitor.id)
        staff = passes.name_staff(
            application,
            {"full_name": "Booth Staff", "email": "staff@khonkaen.example", "language": "en"},
        )
    with unit_of_work(lock=True):
        visitor = db.session.get(Registration, world.ids["registration_id"])
        leads.set_sharing(visitor, True)
        scanner = leads.Scanner(db.session.get(BoothApplication, exhibitor.id), "Booth Staff")
        lead, _new = leads.scan(scanner, badge_payload(visitor))
    world.secrets["staff_manage"] = manage_secret(staff)
    world.ids.update(lead_id=lead.id)


def add_schedule(world: World, event) -> None:
    """A confirmed keynote placed in a second room and published as release 1.0; the
    confirmed registration's personal agenda feed token."""
    from showcase.core.db import unit_of_work
    from showcase.program.models import SessionState, SessionType
    from showcase.registration.models import Registration
    from showcase.schedule.services import agenda, placement, publishing, releases
    from tests.schedule.helpers import add_room, add_session, add_speaker, at

    room = add_room(event, "Room B", "ห้อง บี", 80, 1)
    kenji = add_speaker(event, "SPKKEN", "Kenji Sato", "kenji@example.org")
    keynote = add_session(
        event,
        "OPEN01",
        "Opening keynote",
        "ปาฐกถาเปิดงาน",
        [kenji],
        45,
        state=SessionState.CONFIRMED,
        kind=SessionType.KEYNOTE,
    )
    closing = add_session(event, "CLOSE9", "Closing panel", "เสวนาปิดงาน", [kenji], 60)
    db.session.commit()
    with unit_of_work(lock=True):
        placement.place_session(event, keynote.id, room.id, at(1, 10))
        placement.place_session(event, closing.id, room.id, at(1, 14))
        publishing.publish_release(event, "1.0", comment_en="First programme")
    published = releases.latest(event)
    with unit_of_work():
        first = db.session.get(Registration, world.ids["registration_id"])
        second = db.session.get(Registration, world.ids["other_registration_id"])
        agenda.set_star(first, published, keynote.code, True)
        agenda.set_star(second, published, closing.code, True)
    world.secrets["agenda_feed"] = agenda.feed_token(first)
    world.secrets["other_agenda_feed"] = agenda.feed_token(second)
    world.ids.update(
        public_session_code=keynote.code, public_speaker_code=kenji.code, version="1.0"
    )


def add_travel(world: World, event) -> None:
    """A partner hotel, and the confirmed registration's travel plan (arriving at BKK)."""
    from tests.travel.helpers import add_hotel, give_plan

    hotel = add_hotel(event, "Sheraton Grande Sukhumvit", "เชอราตัน แกรนด์ สุขุมวิท")
    give_plan(db.session.get(Registration, world.ids["registration_id"]), hotel=str(hotel.id))
    world.ids["hotel_id"] = hotel.id


def add_announcements(world: World, event) -> None:
    """A draft announcement to the confirmed registrants, and one that went, whose first
    recipient's unsubscribe link the public page is opened with."""
    from urllib.parse import urlsplit

    from showcase.accounts.services import create_user
    from showcase.announcements.models import AnnouncementRecipient
    from showcase.announcements.services import sending, unsubscribe

    values = {
        "match": "all",
        "conditions": ["registration_state:confirmed"],
        "subject_en": "Doors open at 08:00",
        "body_en": "Dear {name},\n\nSee you at the venue.",
        "subject_th": "",
        "body_th": "",
    }
    with unit_of_work():
        author = create_user("announcer@showcase.example", "organiser", "correct-horse-1", "A")
        draft = sending.save_draft(event, values, author)
        sent = sending.save_draft(event, values, author)
        sending.request_send(event, sent, author, None)
    sending.send_due_announcements()
    recipient = db.session.scalar(
        select(AnnouncementRecipient)
        .where(AnnouncementRecipient.announcement_id == sent.id)
        .order_by(AnnouncementRecipient.id)
    )
    token = urlsplit(unsubscribe.unsubscribe_url(event, recipient)).path.rsplit("/", 1)[1]
    world.ids.update(announcement_id=draft.id, recipient_id=recipient.id)
    world.secrets["unsubscribe"] = token


# URL argument → how to fill it from the world. One line per argument name.
ARGUMENTS = {
    "event": lambda w: w.event,
    "hall_id": lambda w: w.ids["hall_id"],
    "booth_id": lambda w: w.ids["booth_id"],
    "city_id": lambda w: w.ids["city_id"],
    "application_id": lambda w: w.ids["application_id"],
    "message_id": lambda w: w.ids["message_id"],
    "user_id": lambda w: w.ids["user_id"],
    # Nobody's sign-in: ending it changes nothing for the roles the matrix signs in.
    "session_id": lambda w: 999_999,
    "image_id": lambda w: w.ids["image_id"],
    "ref": lambda w: w.ids["ref"],
    "secret": lambda w: w.secrets["pending_manage"],
    "code": lambda w: "th",
    "filename": lambda w: "css/bootstrap.min.css",
    "registration_id": lambda w: w.ids["registration_id"],
    "category_id": lambda w: w.ids["category_id"],
    "room_id": lambda w: w.ids["room_id"],
    "version": lambda w: w.ids["version"],
    "token": lambda w: w.secrets["agenda_feed"],
    "window_id": lambda w: w.ids["speaker_window_id"],
    "delegation_id": lambda w: w.ids["delegation_id"],
    "member_id": lambda w: w.ids["member_id"],
    "question_id": lambda w: w.ids["question_id"],
    "answer_id": lambda w: w.ids["answer_id"],
    "letter_id": lambda w: w.ids["letter_id"],
    "number": lambda w: w.ids["letter_number"],
    "hotel_id": lambda w: w.ids["hotel_id"],
    "gate_id": lambda w: w.ids["gate_id"],
    "announcement_id": lambda w: w.ids["announcement_id"],
    "recipient_id": lambda w: w.ids["recipient_id"],
    "lead_id": lambda w: w.ids["lead_id"],
    "profile_id": lambda w: w.ids["profile_id"],
    "meeting_id": lambda w: w.ids["meeting_id"],
    "pin_id": lambda w: w.ids["pin_id"],
    "day_id": lambda w: w.ids["day_id"],
    "via": lambda w: "delegation",
}

# Arguments whose meaning depends on the blueprint or the route (``secret``, ``code``, ``token``
# name different things in different features): endpoint first, then blueprint, then ARGUMENTS.
SCOPED_ARGUMENTS = {
    "registration": {
        "secret": lambda w: w.secrets["registration_manage"],
        "token": lambda w: w.secrets["registration_confirm"],
    },
    "registration_offers": {"secret": lambda w: w.secrets["registration_manage"]},
    "questions": {"secret": lambda w: w.secrets["registration_manage"]},
    "schedule": {
        "secret": lambda w: w.secrets["registration_manage"],
        "code": lambda w: w.ids["public_session_code"],
    },
    "program": {
        "secret": lambda w: w.secrets["speaker_manage"],
        "code": lambda w: w.ids["session_code"],
    },
    "program.confirm_proposal": {"secret": lambda w: w.secrets["proposal_confirm"]},
    "program.speaker": {"code": lambda w: w.ids["public_speaker_code"]},
    "program.remove_co_speaker": {"speaker_code": lambda w: w.ids["speaker_code"]},
    "program_manage": {"code": lambda w: w.ids["session_code"]},
    "delegations": {"secret": lambda w: w.secrets["delegation"]},
    "cooperation": {"secret": lambda w: w.secrets["delegation"]},
    "letters": {"secret": lambda w: w.secrets["registration_manage"]},
    "letters.member_letter": {"secret": lambda w: w.secrets["delegation"]},
    "letters.member_withdraw": {"secret": lambda w: w.secrets["delegation"]},
    "letters.member_pdf": {"secret": lambda w: w.secrets["delegation"]},
    "travel": {"secret": lambda w: w.secrets["registration_manage"]},
    "announcements": {"token": lambda w: w.secrets["unsubscribe"]},
    "travel.member_travel": {"secret": lambda w: w.secrets["delegation"]},
    "program_manage.speaker": {"code": lambda w: w.ids["speaker_code"]},
    "program_manage.speaker_window_add": {"code": lambda w: w.ids["speaker_code"]},
    "program_manage.speaker_window_delete": {"code": lambda w: w.ids["speaker_code"]},
    "program_manage.room_window_delete": {"window_id": lambda w: w.ids["room_window_id"]},
    "leads": {"secret": lambda w: w.secrets["exhibitor_manage"]},
    **{
        f"leads.staff{page}": {"secret": lambda w: w.secrets["staff_manage"]}
        for page in ("", "_scan", "_lead", "_csv", "_vcf")
    },
    "leads.sharing": {"secret": lambda w: w.secrets["registration_manage"]},
    "leads.withdraw": {"secret": lambda w: w.secrets["registration_manage"]},
}

# Routes whose secret is a confirmation secret rather than a manage secret.
CONFIRM_ENDPOINTS = {"booths.confirm_application"}


def url_values(world: World, rule) -> dict:
    values = {}
    scopes = (
        SCOPED_ARGUMENTS.get(rule.endpoint, {}),
        SCOPED_ARGUMENTS.get(rule.endpoint.partition(".")[0], {}),
    )
    for argument in rule.arguments:
        scoped = next((scope[argument] for scope in scopes if argument in scope), None)
        if scoped is not None:
            values[argument] = scoped(world)
            continue
        if argument not in ARGUMENTS:
            raise AssertionError(
                f"{rule.endpoint}: no value for URL argument <{argument}>; "
                "add it to ARGUMENTS in tests/hardening/world.py"
            )
        values[argument] = ARGUMENTS[argument](world)
    if rule.endpoint in CONFIRM_ENDPOINTS:
        values["secret"] = world.secrets["unconfirmed_confirm"]
    return values


def build_url(app, world: World, rule) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **url_values(world, rule))


def unique_email(prefix: str = "someone") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"
