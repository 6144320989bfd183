"""Every POST route under ``/manage/`` writes at least one audit entry: the routes are read from
the URL map, so a new route is covered the day it is added.

For each route an administrator sends what a browser would: the route's own form, read from the
page it answers with on GET and sent with one text field changed (an edit form sent unchanged
changes nothing, so it records nothing), or, for a button, an empty POST. A route for which that
is not a valid request has a recipe in ``RECIPES``; a route that changes nothing on purpose is in
``EXEMPT`` with the reason.
"""

from __future__ import annotations

import io
import uuid
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from showcase.core.audit import AuditEntry
from showcase.extensions import db
from tests.forms import FormNotFound, RenderedForm
from tests.hardening.world import build_url, unique_email


def manage_post_rules(app):
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/manage/") and "POST" in rule.methods
        ),
        key=lambda rule: rule.endpoint,
    )


def _app_for_listing():
    from tests.helpers import make_app

    return make_app("sqlite://")


ENDPOINTS = [rule.endpoint for rule in manage_post_rules(_app_for_listing())]

# Routes that change nothing on purpose, with the reason.
EXEMPT: dict[str, str] = {}


# Recipes: routes whose valid request needs more than the page's form filled in (an object in
# another state, a second browser, a file). Each gets (app, client, world, url, email) and
# returns the response.


def _other_id(url: str, old: object, new: object) -> str:
    """The route's URL naming another object (``…/<old>/…`` → ``…/<new>/…``)."""
    parts = url.split("/")
    index = max(i for i, part in enumerate(parts) if part == str(old))
    parts[index] = str(new)
    return "/".join(parts)


def _event(app):
    from showcase.events.services import get_event

    return get_event("wscs2027")


def _uncertain_message(app, client, world, url, email):
    return client.post(_other_id(url, world.ids["message_id"], world.ids["uncertain_message_id"]))


def _unused_hotel(app, client, world, url, email):
    from tests.travel.helpers import add_hotel

    with app.app_context():
        hotel_id = add_hotel(_event(app), "Hotel Audited").id
    return client.post(_other_id(url, world.ids["hotel_id"], hotel_id))


def _empty_hall(app, client, world, url, email):
    from showcase.booths.services import layout
    from showcase.core.db import unit_of_work

    with app.app_context(), unit_of_work():
        hall = layout.create_hall(
            _event(app), code="Z", name_en="Hall Z", name_th="", width=10, depth=10
        )
        db.session.flush()
        hall_id = hall.id
    return client.post(_other_id(url, world.ids["hall_id"], hall_id))


def _sign_in(app, email: str):
    other = app.test_client()
    response = other.post("/manage/login", data={"email": email, "password": "correct-horse-1"})
    assert response.status_code == 303
    return other


def _fresh_sign_in(app, client, world, url, email):
    from tests import factories

    with app.app_context():
        someone = factories.user("organiser", unique_email("signing-in")).email
    return app.test_client().post(url, data={"email": someone, "password": "correct-horse-1"})


def _other_browsers(app, client, world, url, email):
    _sign_in(app, email)
    return client.post(url)


def _other_browser(app, client, world, url, email):
    from showcase.accounts.models import User, UserSession

    _sign_in(app, email)
    with app.app_context():
        newest = db.session.scalar(
            select(func.max(UserSession.id)).join(User).where(User.email == email)
        )
    return client.post(_other_id(url, 999_999, newest))


def _new_password(app, client, world, url, email):
    return client.post(
        url,
        data={
            "current_password": "correct-horse-1",
            "new_password": "another-horse-22",
            "confirm": "another-horse-22",
        },
    )


def _new_account(app, client, world, url, email):
    return client.post(url, data={"email": unique_email("new"), "name": "New", "role": "reviewer"})


def _waitlisted(app) -> int:
    from showcase.events.models import City
    from showcase.registration.models import RegistrationCategory
    from tests.registration.helpers import register

    with app.app_context():
        event = _event(app)
        category = db.session.scalar(
            select(RegistrationCategory).where(RegistrationCategory.code == "delegate")
        )
        city = db.session.scalar(select(City).order_by(City.id))
        third = register(event, city, category, confirm=True, email=unique_email("third"))
        return third.id


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _with_second_factor(app, email: str) -> None:
    from datetime import UTC, datetime

    import pyotp

    from showcase.accounts import second_factor
    from showcase.accounts.services import get_user_by_email
    from showcase.core.db import unit_of_work

    noon = datetime(2027, 1, 26, 5, 0, tzinfo=UTC)
    with app.app_context(), unit_of_work():
        user = get_user_by_email(email)
        second_factor.enable(user, SECRET, pyotp.TOTP(SECRET).at(noon), now=noon)


def _wrong_second_factor_code(app, client, world, url, email):
    from tests import factories

    with app.app_context():
        someone = factories.user("organiser", unique_email("two-step")).email
    _with_second_factor(app, someone)
    browser = app.test_client()
    browser.post("/manage/login", data={"email": someone, "password": "correct-horse-1"})
    return browser.post(url, data={"code": "000000"})


def _with_password(field: str):
    def recipe(app, client, world, url, email):
        _with_second_factor(app, email)
        return client.post(url, data={field: "correct-horse-1"})

    return recipe


def _enrol_second_factor(app, client, world, url, email):
    import re

    import pyotp

    page = client.get(url).get_data(as_text=True)
    secret = re.search(r"((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})", page).group(1).replace(" ", "")
    return client.post(url, data={"code": pyotp.TOTP(secret).now()})


def _reset_link(app, client, world, url, email):
    from datetime import timedelta

    from showcase.accounts.models import PasswordReset
    from showcase.accounts.services import get_user_by_email
    from showcase.core.db import unit_of_work, utcnow
    from showcase.core.tokens import new_secret

    secret, digest = new_secret()
    with app.app_context(), unit_of_work():
        user = get_user_by_email(email)
        db.session.add(
            PasswordReset(
                user_id=user.id, token_hash=digest, expires_at=utcnow() + timedelta(minutes=5)
            )
        )
    url = url.rsplit("/", 1)[0] + "/" + secret
    data = {"new_password": "another-horse-22", "confirm": "another-horse-22"}
    return app.test_client().post(url, data=data)


def _free_booth(app, client, world, url, email):
    return client.post(url, data={"approve-booth": str(world.ids["booth_id"])})


def _new_booth(app, client, world, url, email):
    form = RenderedForm.get(client, url)
    form.fill("Code", "Z-99").fill("Left edge (metres from the hall's left wall)", "25")
    form.fill("Top edge (metres from the hall's top wall)", "15")
    form.fill("Width (metres)", "2").fill("Depth (metres)", "2")
    return form.submit()


def _moved_booth(app, client, world, url, email):
    form = RenderedForm.get(client, url)
    form.fill("Left edge (metres from the hall's left wall)", "25")
    return form.submit()


def _upload(field: str, content: bytes):
    def recipe(app, client, world, url, email):
        data = {field: (io.BytesIO(content), "audited.csv")}
        return client.post(url, data=data, content_type="multipart/form-data")

    return recipe


def _exhibitor(recipe_data: dict):
    def recipe(app, client, world, url, email):
        url = _other_id(url, world.ids["application_id"], world.ids["exhibitor_application_id"])
        return client.post(url, data=recipe_data)

    return recipe


def _window(app, client, world, url, email):
    return client.post(url, data={"starts_at": "2027-01-27T09:00", "ends_at": "2027-01-27T11:00"})


def _checked_in(app, world) -> str:
    from showcase.registration.models import Registration
    from showcase.registration.services import badges

    with app.app_context():
        return badges.badge_payload(db.session.get(Registration, world.ids["registration_id"]))


def _check_in(app, client, world, url, email):
    return client.post(url, data={"payload": _checked_in(app, world)})


def _undo_check_in(app, client, world, url, email):
    client.post("/manage/wscs2027/checkin/", data={"payload": _checked_in(app, world)})
    return client.post(url, data={"registration_id": str(world.ids["registration_id"])})


def _moved_keynote(app, client, world, url, email):
    data = _placement_json(app, world)
    return client.post(url, data={key: data[key] for key in ("session_id", "room_id", "starts_at")})


def _free_seat_for_waitlisted(app) -> int:
    from showcase.core.db import unit_of_work
    from showcase.registration.models import RegistrationCategory

    waitlisted = _waitlisted(app)
    with app.app_context(), unit_of_work():
        db.session.scalar(
            select(RegistrationCategory).where(RegistrationCategory.code == "delegate")
        ).capacity = 5
    return waitlisted


def _promote_waitlisted(app, client, world, url, email):
    waitlisted = _free_seat_for_waitlisted(app)
    return client.post(_other_id(url, world.ids["registration_id"], waitlisted))


def _offer_to_waitlisted(app, client, world, url, email):
    waitlisted = _free_seat_for_waitlisted(app)
    url = _other_id(url, world.ids["registration_id"], waitlisted)
    return client.post(url, data={"hours": "48"})


def _awaiting_approval(app) -> int:
    from showcase.events.models import City
    from tests import factories

    with app.app_context():
        event = _event(app)
        category = factories.registration_category(event, "vip", needs_approval=True)
        city = db.session.scalar(select(City).order_by(City.id))
        registration = factories.registration(
            event, city, category, confirm=True, email=unique_email("vip")
        )
        return registration.id


def _decide_registration(data: dict):
    def recipe(app, client, world, url, email):
        url = _other_id(url, world.ids["registration_id"], _awaiting_approval(app))
        return client.post(url, data=data)

    return recipe


def _requested_letter(app) -> int:
    from showcase.registration.models import Registration
    from tests.letters.helpers import request_letter

    with app.app_context():
        registration = db.session.scalar(
            select(Registration).where(Registration.email == "somchai@khonkaen.example")
        )
        return request_letter(registration).id


def _cooperation_slot(app, index: int) -> str:
    from showcase.cooperation.services import meetings

    with app.app_context():
        return meetings.slots_of(_event(app))[index].starts_at.isoformat()


def _booked_meeting(app, world, index: int) -> int:
    """A confirmed meeting of the world's two profiles in slot ``index``."""
    from showcase.cooperation.models import CooperationProfile
    from showcase.cooperation.services import meetings
    from showcase.core.db import unit_of_work

    with app.app_context(), unit_of_work(lock=True):
        event = _event(app)
        company = db.session.get(CooperationProfile, world.ids["profile_id"])
        city = db.session.get(CooperationProfile, world.ids["meeting_host_id"])
        starts = meetings.slots_of(event)[index].starts_at
        return meetings.book_for(event, company, city, starts, None, "audit@showcase.example").id


def _cooperation_book(app, client, world, url, email):
    return client.post(
        url,
        data={
            "requester_id": str(world.ids["profile_id"]),
            "host_id": str(world.ids["meeting_host_id"]),
            "slot": _cooperation_slot(app, 1),
            "table_id": "",
            "message": "Audited",
        },
    )


def _cooperation_move(app, client, world, url, email):
    meeting_id = _booked_meeting(app, world, 2)
    return client.post(
        _other_id(url, world.ids["meeting_id"], meeting_id),
        data={"slot": _cooperation_slot(app, 3), "table_id": ""},
    )


def _cooperation_missed(app, client, world, url, email):
    meeting_id = _booked_meeting(app, world, 4)
    return client.post(_other_id(url, world.ids["meeting_id"], meeting_id))


def _cooperation_pin(app, client, world, url, email):
    from showcase.cooperation.services import profiles
    from showcase.cooperation.services.profiles import Keeper
    from showcase.core.db import unit_of_work
    from showcase.registration.models import Registration
    from tests.cooperation.helpers import profile_values

    with app.app_context():
        event = _event(app)
        with unit_of_work():
            person = db.session.get(Registration, world.ids["other_registration_id"])
            other = profiles.save_profile(
                Keeper(event, registration=person),
                profile_values(event, display_name="Audited Partner", offers=[("people", "x")]),
            )
            other_id = other.id
    return client.post(
        url,
        data={
            "profile_id": str(world.ids["meeting_host_id"]),
            "partner_id": str(other_id),
            "note": "Audited",
        },
    )


def _decide_letter(data: dict):
    def recipe(app, client, world, url, email):
        return client.post(
            _other_id(url, world.ids["letter_id"], _requested_letter(app)), data=data
        )

    return recipe


def _placement_json(app, world) -> dict:
    from showcase.program.models import ProgramSession
    from showcase.schedule.models import SchedulePlacement

    with app.app_context():
        placed = db.session.scalar(
            select(SchedulePlacement)
            .join(ProgramSession, ProgramSession.id == SchedulePlacement.session_id)
            .where(ProgramSession.code == world.ids["public_session_code"])
        )
        return {
            "session_id": str(placed.session_id),
            "room_id": str(placed.room_id),
            "starts_at": "2027-01-27T11:00",
            "day": "2027-01-27",
        }


def _api_place(app, client, world, url, email):
    return client.post(url, json=_placement_json(app, world))


def _api_unschedule(app, client, world, url, email):
    data = _placement_json(app, world)
    return client.post(url, json={"session_id": data["session_id"], "day": data["day"]})


def _staged_decision(app, client, world, url, email):
    code = world.ids["session_code"]
    staged = client.post(
        f"/manage/wscs2027/program/sessions/{code}/stage", data={"state": "accepted"}
    )
    assert staged.status_code == 303
    return client.post(url)


def _new_city(app, name: str = "Nan"):
    from tests import factories

    with app.app_context():
        return factories.city(name, "น่าน").id


def _requested_delegation(app) -> int:
    from showcase.core.db import unit_of_work
    from showcase.delegations.services import delegations
    from showcase.events.models import City
    from tests.delegations.helpers import coordinator

    city_id = _new_city(app)
    with app.app_context(), unit_of_work():
        city = db.session.get(City, city_id)
        return delegations.request_delegation(_event(app), coordinator(city)).id


def _decide_delegation(data: dict):
    def recipe(app, client, world, url, email):
        url = _other_id(url, world.ids["delegation_id"], _requested_delegation(app))
        return client.post(url, data=data)

    return recipe


def _pending_members(data: dict):
    def recipe(app, client, world, url, email):
        from showcase.delegations.models import Delegation
        from tests import factories
        from tests.delegations.helpers import add

        with app.app_context():
            category = factories.registration_category(
                _event(app), "approved-guest", open_to_delegations=True, needs_approval=True
            )
            add(db.session.get(Delegation, world.ids["delegation_id"]), category, "Arunee Audited")
        return client.post(url, data=data)

    return recipe


def _invite(app, client, world, url, email):
    _new_city(app)
    form = filled(RenderedForm.get(client, url))
    form.choose("City", "Nan")
    return form.submit()


def _print_run(app, client, world, url, email):
    return _own_form(client, client.get("/manage/wscs2027/badges/"), url).submit()


def _from_page(page_path):
    """The route's form on another page (a button of a detail page), filled in."""

    def recipe(app, client, world, url, email):
        page = client.get(page_path(url))
        form = _own_form(client, page, url)
        return filled(form).submit()

    return recipe


def _announcement_text(change: dict):
    """The composer as an organiser fills it: English and Thai each with subject and body."""

    def recipe(app, client, world, url, email):
        form = RenderedForm.get(client, url)
        for label, value in change.items():
            form.fill(label, value)
        return form.submit()

    return recipe


def _gates(app):
    from showcase.checkin.models import Gate, GateKind

    with app.app_context():
        gates = db.session.scalars(select(Gate).order_by(Gate.id)).all()
        return {gate.kind: gate.id for gate in reversed(gates)} | {
            "room": next(gate.id for gate in gates if gate.kind == GateKind.ROOM)
        }


def _room_recount(app, client, world, url, email):
    return client.post(_other_id(url, world.ids["gate_id"], _gates(app)["room"]))


def _manual_scan(app, client, world, url, email):
    data = {
        "gate": str(world.ids["gate_id"]),
        "registration": str(world.ids["other_registration_id"]),
        "scan_id": uuid.uuid4().hex,
    }
    return client.post(url, data=data)


def _synced_scans(app, client, world, url, email):
    from showcase.registration.models import Registration
    from showcase.registration.services import badges

    with app.app_context():
        person = db.session.get(Registration, world.ids["other_registration_id"])
        code = badges.badge_payload(person)
    scan = {"scan_id": uuid.uuid4().hex, "gate": world.ids["gate_id"], "payload": code}
    return client.post(url, json={"scans": [scan]})


def _announcement_in(state: str):
    """The route for an announcement in ``state``: the world's draft, asked to be sent by its
    author (tomorrow, or now to more people than the approval threshold allows), or the
    announcement that went."""

    def recipe(app, client, world, url, email):
        from datetime import timedelta

        from showcase.accounts.models import User
        from showcase.announcements.models import Announcement
        from showcase.announcements.services import sending
        from showcase.core.db import unit_of_work, utcnow

        with app.app_context():
            if state == "sent":
                chosen = db.session.scalar(
                    select(Announcement.id).where(Announcement.id != world.ids["announcement_id"])
                )
            else:
                event = _event(app)
                draft = db.session.get(Announcement, world.ids["announcement_id"])
                author = db.session.get(User, draft.author_id)
                with unit_of_work():
                    if state == "awaiting_approval":
                        sending.save_settings(
                            event, {"approval_threshold": 1, "rate_per_minute": 0}
                        )
                    later = utcnow() + timedelta(days=1) if state == "scheduled" else None
                    sending.request_send(event, draft, author, later)
                chosen = draft.id
                assert draft.state.value == state
        return client.post(_other_id(url, world.ids["announcement_id"], chosen))

    return recipe


RECIPES: dict = {
    "schedule_manage.api_place": _api_place,
    "schedule_manage.api_unschedule": _api_unschedule,
    "program_manage.send_staged": _staged_decision,
    "delegations_manage.approve": _decide_delegation({}),
    "delegations_manage.reject": _decide_delegation({"reason": "Too late."}),
    "delegations_manage.approve_members": _pending_members({}),
    "delegations_manage.reject_members": _pending_members({"reason_for_members": "No seats."}),
    "delegations_manage.invite": _invite,
    "badges_manage.print_run": _print_run,
    "accounts.login_code": _wrong_second_factor_code,
    "accounts.new_recovery_codes": _with_password("renew-password"),
    "accounts.turn_off_two_factor": _with_password("off-password"),
    "accounts.two_factor": _enrol_second_factor,
    "accounts.reset_password": _reset_link,
    "booths_manage.approve": _free_booth,
    "booths_manage.booth_new": _new_booth,
    "booths_manage.booth_edit": _moved_booth,
    "booths_manage.booth_import": _upload(
        "file",
        b"code,hall,x,y,width,depth\nB-01,A,20,12,3,3\n",
    ),
    "events_manage.city_import": _upload(
        "file",
        "name_en,name_th,province_en,province_th,country_code,kind,city_possible_member,"
        "website\nNan,น่าน,Nan,น่าน,TH,thai_member,yes,\n".encode(),
    ),
    "registration_onbehalf.invitations": _upload(
        "file", b"email,full_name,category\naudited@khonkaen.example,Audited Person,visitor\n"
    ),
    "booths_manage.cancel": _exhibitor({"cancel-reason": "The city withdrew."}),
    "booths_manage.staff_passes": _exhibitor({"passes": "7"}),
    "booths_manage.reject": lambda app, client, world, url, email: client.post(
        url, data={"reject-reason": "No space left."}
    ),
    "program_manage.room_window_add": _window,
    "program_manage.speaker_window_add": _window,
    "registration_manage.checkin": _check_in,
    "registration_manage.checkin_undo": _undo_check_in,
    "schedule_manage.place": _moved_keynote,
    "registration_manage.approve": _decide_registration({}),
    "registration_manage.reject": _decide_registration({"reason": "Not invited."}),
    "letters_manage.issue": _decide_letter({}),
    "letters_manage.reject": _decide_letter({"reason": "Not eligible."}),
    "mail_manage.retry": _uncertain_message,
    "mail_manage.mark_sent": _uncertain_message,
    "travel_manage.hotel_delete": _unused_hotel,
    "booths_manage.hall_delete": _empty_hall,
    "accounts.login": _fresh_sign_in,
    "accounts.end_other_sessions": _other_browsers,
    "accounts.end_session": _other_browser,
    "accounts.change_password": _new_password,
    "accounts_manage.create": _new_account,
    "registration_onbehalf.promote": _promote_waitlisted,
    "registration_onbehalf.offer": _offer_to_waitlisted,
    "announcements_manage.new": _announcement_text(
        {
            "Condition 1": "registration_state:confirmed",
            "Subject (English)": "Doors open at 08:00",
            "Message (English)": "Dear {name},\n\nSee you at the venue.",
            "Subject (Thai)": "ประตูเปิด 08:00 น.",
            "Message (Thai)": "เรียน {name}\n\nพบกันที่งาน",
        }
    ),
    "announcements_manage.edit": _announcement_text({"Subject (English)": "Doors open at 07:30"}),
    "announcements_manage.test": _from_page(lambda url: url.rsplit("/", 1)[0] + "/"),
    "announcements_manage.approve": _announcement_in("awaiting_approval"),
    "announcements_manage.cancel": _announcement_in("scheduled"),
    "announcements_manage.stop": _announcement_in("sent"),
    "checkin_manage.gate_recount": _room_recount,
    "checkin_manage.scan_manual": _manual_scan,
    "checkin_manage.scans_sync": _synced_scans,
    "cooperation_manage.add_day": lambda app, client, world, url, email: client.post(
        url, data={"day": "2027-01-28", "starts": "09:00", "ends": "11:00", "slot_minutes": "20"}
    ),
    "cooperation_manage.add_pin": _cooperation_pin,
    "cooperation_manage.book": _cooperation_book,
    "cooperation_manage.move": _cooperation_move,
    "cooperation_manage.missed": _cooperation_missed,
    "cooperation_manage.held": _cooperation_missed,
}


def audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


NUMBER_NAMES = ("x", "y", "width", "depth", "capacity", "hours", "position", "score", "passes")


def _text_for(name: str) -> str:
    if "speaker" in name:
        return ""
    if name.rsplit("-", 1)[-1] in NUMBER_NAMES:
        return "3"
    if "minutes" in name:
        return "30"
    if "version" in name:
        return "9.9"
    if "email" in name:
        return unique_email("audited")
    if "code" in name or "acronym" in name:
        return "zz" + uuid.uuid4().hex[:6]
    if "flight" in name:
        return "TG 661"
    if "url" in name or "website" in name:
        return "https://audited.example.org"
    return "Audited"


def _moment_for(name: str, value: str) -> str:
    """A later day or time for the field that closes or ends what another one opens."""
    if any(word in name for word in ("closes", "ends", "until", "departs")):
        return value.replace("2027-01-26", "2027-01-28")
    return value


EMPTY_VALUES = {
    "number": "30",
    "date": "2027-01-26",
    "datetime-local": "2027-01-26T10:00",
    "time": "10:00",
}


def filled(form: RenderedForm) -> RenderedForm:
    """The form as a person completes it: every empty field filled with something it accepts,
    the first choice of every unanswered select or radio group, and one text changed (an edit
    form sent unchanged changes nothing)."""
    changed, radios = False, set()
    for index, control in enumerate(form.controls):
        if not control.name or control.disabled or control.tag.has_attr("readonly"):
            continue
        current = form.values.get(index)
        value = current[0] if isinstance(current, list) and current else ""
        if control.kind in ("text", "textarea", "search", "email", "tel", "url"):
            if not value:
                form.values[index] = [_text_for(control.name)]
                changed = True
            elif (
                not changed
                and control.kind in ("text", "textarea")
                and not any(
                    word in control.name for word in ("code", "email", "acronym", "url", "flight")
                )
            ):
                form.values[index] = [value + " Audited"]
                changed = True
        elif control.kind in EMPTY_VALUES and not value:
            form.values[index] = [_moment_for(control.name, EMPTY_VALUES[control.kind])]
        elif control.kind == "select" and not value:
            offered = [o[0] for o in form._options_of(control) if o[0] and not o[3]]
            if offered:
                form.values[index] = [offered[0]]
        elif control.kind == "radio" and control.name not in radios:
            group = [
                i
                for i, c in enumerate(form.controls)
                if c.kind == "radio" and c.name == control.name
            ]
            if not any(form.values.get(i) for i in group):
                form.values[group[0]] = ["on"]
            radios.add(control.name)
    return form


def _own_form(client, page, url: str) -> RenderedForm | None:
    """The page's form that posts to the route itself."""
    html = page.get_data(as_text=True)
    index = 0
    while True:
        try:
            form = RenderedForm(client, html, url, form=index)
        except (FormNotFound, IndexError):
            return None
        if form.method == "post" and urlsplit(form.action).path == urlsplit(url).path:
            return form
        index += 1


def send(app, client, world, rule, email: str):
    url = build_url(app, world, rule)
    before = audit_count(app)
    recipe = RECIPES.get(rule.endpoint)
    if recipe is not None:
        return recipe(app, client, world, url, email)
    if "GET" in rule.methods:
        page = client.get(url)
        form = _own_form(client, page, url) if page.status_code == 200 else None
        if form is not None:
            return filled(form).submit()
    response = client.post(url)
    if audit_count(app) > before or response.status_code not in (302, 303):
        return response
    # A button on another page (a decision on a detail page): that page's form, filled in.
    page = client.get(response.headers["Location"])
    form = _own_form(client, page, url) if page.status_code == 200 else None
    return filled(form).submit() if form is not None else response


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_manage_post_route_writes_an_audit_entry(app, client, world, login, endpoint):
    if endpoint in EXEMPT:
        pytest.skip(EXEMPT[endpoint])
    rule = next(rule for rule in manage_post_rules(app) if rule.endpoint == endpoint)
    email = login("admin")
    before = audit_count(app)
    with app.app_context():
        last = db.session.scalar(select(func.max(AuditEntry.id)))
    response = send(app, client, world, rule, email)
    assert response.status_code < 500, (endpoint, response.status_code)
    assert audit_count(app) > before, (endpoint, response.status_code, response.headers)
    with app.app_context():
        written = db.session.scalars(select(AuditEntry).where(AuditEntry.id > last)).all()
        # Each entry names the request that wrote it, and who acted (when someone is signed
        # in: following a password-reset link is done by nobody signed in).
        assert all(entry.request_id for entry in written), endpoint
        if not getattr(app.view_functions[endpoint], "public_manage_route", False):
            assert all(entry.user_email for entry in written), endpoint
