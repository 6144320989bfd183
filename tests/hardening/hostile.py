"""Hostile input: the payloads, the hypothesis strategies, and THE list of forms they are thrown at.

``HOSTILE_FORMS`` has one entry per form or query endpoint. A new form adds one entry::

    HostileForm(
        "registration",                                   # a name for the test id
        lambda w: f"/{w.event}/register",                 # its URL (from the world, world.py)
        fields=("name", "email", "organisation"),         # text fields that get hostile values
        base=lambda w: {"email": "a@b.example", "consent": "y", "ticket": "delegate"},
    ),

``role`` signs an organiser in first; ``method="GET"`` puts the values in the query string;
``files`` names file fields that get hostile file contents (CSV imports: ``csv_file``).
``UPLOAD_FIELDS`` (in test_hostile_input.py) lists image uploads for the refused-upload test.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st

from tests.hardening.world import World, unique_email

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "javascript:alert(1)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "Somchai\r\nBcc: victim@evil.example",
    "x\nSubject: injected",
    "\x00\x01\x02\x1b[31m\x7f",
    "‮gnp.exe",  # right-to-left override
    "ทดสอบภาษาไทย 🇹🇭 日本語 عربي",
    "%s%s%n {{7*7}} ${7*7} {% raw %}",
    "' OR '1'='1'; DROP TABLE city; --",
    "../../../../etc/passwd",
    "A" * 6000,
    "",
    " ",
    # Numbers past what a 32-bit or 64-bit column holds: every id and number field gets them.
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1" + "0" * 40,
    # NUL and other control characters, alone and inside text
    "\x00",
    "Somchai\x00Jaidee",
    "\x08\x0b\x0c\x1f",
    # A MIME encoded word with a line break, as a name
    "=?utf-8?q?Evil=0D=0ABcc:_x@evil.example?=",
]
HUGE_NUMBERS = ["2147483648", "-2147483649", "9223372036854775808", "1" + "0" * 40]
ODD_EMAILS = [
    "a@b",
    "a@b.c",
    '"quoted name"@example.org',
    "user+tag@example.org",
    "ผู้ใช้@ตัวอย่าง.ไทย",
    "user@[127.0.0.1]",
    "user@localhost",
    "a@b.example\r\nBcc: victim@evil.example",
    "victim@evil.example,other@evil.example",
    "<victim@evil.example>",
    "x" * 300 + "@example.org",
    "@example.org",
    "user@",
    "user@@example.org",
]


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(PAYLOADS),
        st.sampled_from(ODD_EMAILS),
        st.text(max_size=200),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000),
        st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=30),
        st.builds("".join, st.lists(st.sampled_from([*PAYLOADS[:12], "\r\n", "\x00"]), max_size=4)),
        st.sampled_from(HUGE_NUMBERS),
        st.integers(min_value=2**31, max_value=2**70).map(str),
        st.emails().map(str),
    )


def csv_bytes(rows: list[list[str]]) -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@dataclass
class HostileForm:
    name: str
    url: Callable[[World], str]
    fields: tuple[str, ...]
    base: Callable[[World], dict] = lambda w: {}
    role: str | None = None
    method: str = "POST"
    # file field name → builds the file bytes from the hostile values of ``fields``
    files: dict[str, Callable[[dict], bytes]] = field(default_factory=dict)


def application_base(world: World) -> dict:
    return {
        "city": str(world.ids["city_id"]),
        "contact_name": "Somchai Jaidee",
        "contact_email": "somchai@khonkaen.example",
        "contact_phone": "+66 43 123 456",
        "title_en": "Light rail",
        "description_en": "A tram.",
        "dimensions": "mobility",
        "preferred_zone": "mobility",
        "space_sqm": "9",
        "consent": "y",
    }


APPLICATION_TEXT = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "organisation",
    "title_en",
    "title_th",
    "description_en",
    "preferred_booths",
    "requirements",
    "space_sqm",
    "dimensions",
    "preferred_zone",
)


def registration_base(world: World) -> dict:
    return {
        "full_name": "Somchai Jaidee",
        "email": "somchai.new@khonkaen.example",
        "city": str(world.ids["city_id"]),
        "category": str(world.ids["category_id"]),
        "language": "en",
        "consent": "y",
    }


REGISTRATION_TEXT = (
    "full_name",
    "full_name_th",
    "organisation",
    "job_title",
    "other_city",
    "dietary",
    "accessibility",
)


def proposal_base(world: World) -> dict:
    return {
        "name": "Somchai Jaidee",
        "email": "proposer@khonkaen.example",
        "title_en": "Light rail",
        "abstract_en": "How five municipalities built a light rail together.",
        "session_type": "talk",
        "language": "en",
        "consent": "y",
    }


SESSION_TEXT = (
    "title_en",
    "title_th",
    "abstract_en",
    "abstract_th",
    "description_en",
    "session_type",
    "track",
    "language",
    "expected_audience",
    "notes",
)


def coordinator_base(world: World) -> dict:
    return {
        "city": str(world.ids["city_id"]),
        "coordinator_name": "Ratchanee Phonsri",
        "coordinator_email": "ir.new@phuket.example",
        "language": "en",
    }


def member_base(world: World) -> dict:
    return {"full_name": "Kittisak Chaiyaporn", "language": "en", "category": ""}


COORDINATOR_TEXT = (
    "city",
    "coordinator_name",
    "coordinator_organisation",
    "coordinator_email",
    "coordinator_phone",
    "language",
    "message",
)
MEMBER_TEXT = (
    "honorific",
    "full_name",
    "full_name_th",
    "job_title",
    "organisation",
    "email",
    "phone",
    "language",
)


def question_base(world: World) -> dict:
    return {
        "code": "meal",
        "kind": "single_choice",
        "label_en": "Which meal?",
        "label_th": "ต้องการอาหารประเภทใด",
        "purpose_en": "For the caterers.",
        "purpose_th": "เพื่อผู้จัดเลี้ยง",
        "choices": "halal | Halal | ฮาลาล\nregular | No preference | ไม่มีข้อจำกัด",
        "categories": str(world.ids["category_id"]),
        "sensitivity": "general",
        "retention_days": "30",
        "visible": "y",
    }


QUESTION_TEXT = (
    "code",
    "kind",
    "label_en",
    "label_th",
    "help_en",
    "help_th",
    "purpose_en",
    "purpose_th",
    "choices",
    "categories",
    "condition_question",
    "condition_value",
    "sensitivity",
    "retention_days",
    "position",
)


LETTER_TEXT = (
    "passport_name",
    "passport_number",
    "nationality",
    "date_of_birth",
    "arrives_on",
    "departs_on",
    "embassy",
)


def letter_base(world: World) -> dict:
    return {
        "passport_name": "LINDQVIST ERIK",
        "passport_number": "AA1234567",
        "nationality": "SE",
        "date_of_birth": "1981-03-14",
        "arrives_on": "2027-01-25",
        "departs_on": "2027-01-29",
        "embassy": "Royal Thai Embassy, Stockholm",
    }


TRAVEL_FIELDS = (
    "arrival_date",
    "arrival_time",
    "arrival_flight",
    "arrival_airport",
    "arrival_airport_other",
    "arrival_transfer",
    "departure_date",
    "departure_time",
    "departure_flight",
    "departure_airport",
    "departure_airport_other",
    "departure_transfer",
    "hotel",
    "hotel_other",
)


def travel_base(world: World) -> dict:
    return {
        "arrival_date": "2027-01-25",
        "arrival_flight": "TG661",
        "arrival_airport": "BKK",
        "hotel": str(world.ids["hotel_id"]),
    }


def delegation_page(world: World) -> str:
    return f"/{world.event}/delegation/{world.secrets['delegation']}"


def speaker_secret(world: World) -> str:
    return world.secrets["speaker_manage"]


HOSTILE_FORMS = [
    # Public
    HostileForm(
        "booth application",
        lambda w: f"/{w.event}/booths/apply",
        (*APPLICATION_TEXT, "city"),
        application_base,
    ),
    HostileForm(
        "booth application edit",
        lambda w: f"/{w.event}/booths/application/{w.secrets['pending_manage']}/edit",
        APPLICATION_TEXT,
        application_base,
    ),
    HostileForm("booth link resend", lambda w: f"/{w.event}/booths/resend", ("email",)),
    HostileForm(
        "booth staff pass",
        lambda w: f"/{w.event}/booths/application/{w.secrets['exhibitor_manage']}/staff",
        ("full_name", "full_name_th", "email", "language"),
        lambda w: {"full_name": "Staff Member", "email": unique_email("staff")},
    ),
    HostileForm(
        "booth lead scan",
        lambda w: f"/{w.event}/booths/application/{w.secrets['exhibitor_manage']}/leads/scan",
        ("payload",),
    ),
    HostileForm(
        "booth lead scan by staff",
        lambda w: f"/{w.event}/registration/{w.secrets['staff_manage']}/booth-leads/scan",
        ("payload",),
    ),
    HostileForm(
        "booth lead note",
        lambda w: (
            f"/{w.event}/booths/application/{w.secrets['exhibitor_manage']}/leads/"
            f"{w.ids['lead_id']}"
        ),
        ("note", "rating", "tags"),
        lambda w: {"note": "Call back", "rating": "3", "tags": "energy"},
    ),
    HostileForm(
        "sharing with exhibitors",
        lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/exhibitors/sharing",
        ("share_with_exhibitors",),
    ),
    HostileForm("sign-in", lambda w: "/manage/login", ("email", "password")),
    HostileForm("language switch", lambda w: "/lang/th", ("next",), method="GET"),
    HostileForm(
        "exhibitor filter", lambda w: f"/{w.event}/exhibitors/", ("dimension", "city"), method="GET"
    ),
    HostileForm("floor plan", lambda w: f"/{w.event}/floorplan/", ("highlight",), method="GET"),
    HostileForm(
        "floor plan SVG", lambda w: f"/{w.event}/floorplan.svg", ("highlight",), method="GET"
    ),
    # Registration
    HostileForm(
        "registration",
        lambda w: f"/{w.event}/register",
        (
            *REGISTRATION_TEXT,
            "email",
            "city",
            "other_country",
            "category",
            "invitation_code",
            "share_with_exhibitors",
        ),
        registration_base,
    ),
    HostileForm(
        "registration from an invitation",
        lambda w: f"/{w.event}/register?invite={w.secrets['invitation']}",
        (*REGISTRATION_TEXT, "email", "city", "other_country", "category"),
        lambda w: {**registration_base(w), "email": "invitee@khonkaen.example"},
    ),
    HostileForm(
        "registration edit",
        lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/edit",
        (*REGISTRATION_TEXT, "city", "language"),
        registration_base,
    ),
    # Delegations
    HostileForm(
        "delegation request",
        lambda w: f"/{w.event}/delegations/request",
        COORDINATOR_TEXT,
        coordinator_base,
    ),
    HostileForm(
        "delegation privacy confirmation",
        lambda w: f"{delegation_page(w)}/privacy",
        ("consent",),
    ),
    HostileForm(
        "delegation member",
        lambda w: f"{delegation_page(w)}/members/new",
        (*MEMBER_TEXT, "category", "is_head", "is_vip"),
        member_base,
    ),
    HostileForm(
        "delegation member edit",
        lambda w: f"{delegation_page(w)}/members/{w.ids['member_id']}/edit",
        (*MEMBER_TEXT, "is_head", "is_vip"),
        member_base,
    ),
    HostileForm(
        "delegation substitution",
        lambda w: f"{delegation_page(w)}/members/{w.ids['member_id']}/substitute",
        MEMBER_TEXT,
        member_base,
    ),
    HostileForm(
        "delegation member removal",
        lambda w: f"{delegation_page(w)}/members/{w.ids['member_id']}/remove",
        ("confirm",),
    ),
    HostileForm(
        "delegation invitation",
        lambda w: f"/manage/{w.event}/delegations/invite",
        COORDINATOR_TEXT,
        coordinator_base,
        role="organiser",
    ),
    HostileForm(
        "delegation settings",
        lambda w: f"/manage/{w.event}/delegations/settings",
        ("substitution_deadline", "requests_open"),
        role="organiser",
    ),
    HostileForm(
        "delegation decision",
        lambda w: f"/manage/{w.event}/delegations/{w.ids['delegation_id']}/reject",
        ("reason",),
        role="organiser",
    ),
    # Visa letters
    HostileForm(
        "visa letter request",
        lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/visa-letter",
        LETTER_TEXT,
        letter_base,
    ),
    HostileForm(
        "visa letter for a member",
        lambda w: f"{delegation_page(w)}/members/{w.ids['member_id']}/visa-letter",
        LETTER_TEXT,
        letter_base,
    ),
    HostileForm(
        "visa letter verification",
        lambda w: f"/{w.event}/letters/{w.ids['letter_number']}",
        ("code",),
        method="GET",
    ),
    HostileForm(
        "visa letter correction",
        lambda w: f"/manage/{w.event}/letters/{w.ids['letter_id']}/correct",
        (*LETTER_TEXT, "reason"),
        letter_base,
        role="organiser",
    ),
    HostileForm(
        "visa letter settings",
        lambda w: f"/manage/{w.event}/letters/settings",
        (
            "organisation_en",
            "address_th",
            "signatory_name",
            "body_en",
            "body_th",
            "retention_days",
            "requests_open",
        ),
        role="organiser",
    ),
    HostileForm(
        "visa letter decision",
        lambda w: f"/manage/{w.event}/letters/{w.ids['letter_id']}/revoke",
        ("reason",),
        role="organiser",
    ),
    # Announcements (the bulk email composer) and their public unsubscribe page
    HostileForm(
        "announcement draft",
        lambda w: f"/manage/{w.event}/emails/new",
        ("match", "condition_1", "condition_2", "subject_en", "body_en", "subject_th", "body_th"),
        lambda w: {"condition_1": "registration_state:confirmed", "subject_en": "Hello"},
        role="organiser",
    ),
    HostileForm(
        "announcement edit",
        lambda w: f"/manage/{w.event}/emails/{w.ids['announcement_id']}/edit",
        ("condition_1", "subject_en", "body_en", "subject_th", "body_th"),
        lambda w: {"match": "all", "condition_1": "registration_state:confirmed"},
        role="organiser",
    ),
    HostileForm(
        "announcement preview",
        lambda w: f"/manage/{w.event}/emails/{w.ids['announcement_id']}/",
        ("person", "language"),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "announcement send",
        lambda w: f"/manage/{w.event}/emails/{w.ids['announcement_id']}/send",
        ("when", "send_at"),
        lambda w: {"when": "later"},
        role="organiser",
    ),
    HostileForm(
        "announcement test",
        lambda w: f"/manage/{w.event}/emails/{w.ids['announcement_id']}/test",
        ("person",),
        role="organiser",
    ),
    HostileForm(
        "announcement settings",
        lambda w: f"/manage/{w.event}/emails/settings",
        ("approval_threshold", "rate_per_minute"),
        role="organiser",
    ),
    HostileForm(
        "announcement unsubscribe",
        lambda w: (
            f"/{w.event}/emails/unsubscribe/{w.ids['recipient_id']}/{w.secrets['unsubscribe']}"
        ),
        ("List-Unsubscribe",),
    ),
    HostileForm("registration link resend", lambda w: f"/{w.event}/register/resend", ("email",)),
    HostileForm(
        "registration cancel",
        lambda w: f"/{w.event}/registration/{w.secrets['other_registration_manage']}/cancel",
        ("reason", "confirm"),
    ),
    # Travel
    HostileForm(
        "travel",
        lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/travel",
        TRAVEL_FIELDS,
        travel_base,
    ),
    HostileForm(
        "member travel",
        lambda w: f"{delegation_page(w)}/members/{w.ids['member_id']}/travel",
        TRAVEL_FIELDS,
        travel_base,
    ),
    HostileForm(
        "travel by an organiser",
        lambda w: f"/manage/{w.event}/travel/registrations/{w.ids['registration_id']}",
        TRAVEL_FIELDS,
        travel_base,
        role="organiser",
    ),
    HostileForm(
        "partner hotel",
        lambda w: f"/manage/{w.event}/travel/partner-hotels/new",
        ("name_en", "name_th", "address", "phone", "to_venue", "position"),
        lambda w: {"name_en": unique_email("hotel")},
        role="organiser",
    ),
    HostileForm(
        "partner hotel edit",
        lambda w: f"/manage/{w.event}/travel/partner-hotels/{w.ids['hotel_id']}/edit",
        ("name_en", "name_th", "address", "phone", "to_venue", "position"),
        role="organiser",
    ),
    HostileForm(
        "travel settings",
        lambda w: f"/manage/{w.event}/travel/settings",
        ("retention_days",),
        role="organiser",
    ),
    HostileForm(
        "arrivals manifest",
        lambda w: f"/manage/{w.event}/travel/arrivals",
        ("day",),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "departures CSV",
        lambda w: f"/manage/{w.event}/travel/departures.csv",
        ("day",),
        role="organiser",
        method="GET",
    ),
    # Programme
    HostileForm(
        "session proposal",
        lambda w: f"/{w.event}/cfp/",
        (*SESSION_TEXT, "name", "email", "organisation", "city", "co1_name", "co1_email"),
        proposal_base,
    ),
    HostileForm(
        "proposal edit",
        lambda w: f"/{w.event}/cfp/me/{speaker_secret(w)}/sessions/{w.ids['session_code']}/edit",
        SESSION_TEXT,
        proposal_base,
    ),
    HostileForm(
        "speaker profile",
        lambda w: f"/{w.event}/cfp/me/{speaker_secret(w)}/profile",
        ("name", "name_th", "organisation", "job_title", "city", "language", "bio_en", "links"),
        lambda w: {"name": "Somchai Jaidee", "language": "en", "city": ""},
    ),
    HostileForm(
        "speaker availability",
        lambda w: f"/{w.event}/cfp/me/{speaker_secret(w)}/availability",
        ("starts_at", "ends_at"),
    ),
    HostileForm(
        "co-speaker add",
        lambda w: (
            f"/{w.event}/cfp/me/{speaker_secret(w)}/sessions/{w.ids['session_code']}/co-speakers"
        ),
        ("name", "email"),
    ),
    HostileForm("speaker link resend", lambda w: f"/{w.event}/cfp/link", ("email",)),
    HostileForm(
        "schedule filters",
        lambda w: f"/{w.event}/schedule/",
        ("view", "day", "track", "room", "q", "language", "type"),
        method="GET",
    ),
    HostileForm("now and next", lambda w: f"/{w.event}/schedule/now/", ("at",), method="GET"),
    HostileForm(
        "agenda star",
        lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/agenda/star",
        ("code", "starred"),
    ),
    # Organisers: registration
    HostileForm(
        "registration category",
        lambda w: f"/manage/{w.event}/registration/categories/new",
        (
            "code",
            "name_en",
            "name_th",
            "description_en",
            "capacity",
            "invitation_code",
            "position",
        ),
        lambda w: {"code": "press", "name_en": "Press"},
        role="organiser",
    ),
    HostileForm(
        "registration settings",
        lambda w: f"/manage/{w.event}/registration/settings",
        ("city_cap", "privacy_version"),
        role="organiser",
    ),
    HostileForm(
        "registrations search",
        lambda w: f"/manage/{w.event}/registrations/",
        ("q", "state", "category", "city", "page", "answer"),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "registration question",
        lambda w: f"/manage/{w.event}/questions/new",
        QUESTION_TEXT,
        question_base,
        role="organiser",
    ),
    HostileForm(
        "answers report",
        lambda w: f"/manage/{w.event}/questions/report",
        ("scope",),
        role="checkin",
        method="GET",
    ),
    HostileForm(
        "registration decision note",
        lambda w: f"/manage/{w.event}/registrations/{w.ids['other_registration_id']}/reject",
        ("reason",),
        role="organiser",
    ),
    HostileForm(
        "walk-in registration",
        lambda w: f"/manage/{w.event}/registrations/new",
        (*REGISTRATION_TEXT, "email", "city", "other_country", "category", "check_in"),
        lambda w: {**registration_base(w), "email": unique_email("walk-in")},
        role="organiser",
    ),
    HostileForm(
        "organiser's registration edit",
        lambda w: f"/manage/{w.event}/registrations/{w.ids['other_registration_id']}/edit",
        (*REGISTRATION_TEXT, "email", "city", "other_country", "category", "language"),
        lambda w: {**registration_base(w), "email": "nok@phuket.example"},
        role="organiser",
    ),
    HostileForm(
        "invitations CSV import",
        lambda w: f"/manage/{w.event}/registrations/invitations",
        ("email", "full_name", "category", "full_name_th", "organisation", "language"),
        role="organiser",
        files={
            "file": lambda v: csv_bytes(
                [
                    ["email", "full_name", "category", "full_name_th", "organisation", "language"],
                    [
                        v["email"],
                        v["full_name"],
                        v["category"],
                        v["full_name_th"],
                        v["organisation"],
                        v["language"],
                    ],
                ]
            )
        },
    ),
    HostileForm(
        "waiting-list offer",
        lambda w: f"/manage/{w.event}/registrations/{w.ids['registration_id']}/offer",
        ("hours",),
        role="organiser",
    ),
    HostileForm(
        "exhibitor's staff passes",
        lambda w: f"/manage/{w.event}/booths/applications/{w.ids['application_id']}/staff-passes",
        ("passes",),
        role="organiser",
    ),
    HostileForm(
        "waiting-list settings",
        lambda w: f"/manage/{w.event}/registration/waiting-list",
        ("offer_hours", "waitlist_by_hand"),
        role="organiser",
    ),
    HostileForm(
        "check-in desk search",
        lambda w: f"/manage/{w.event}/checkin/",
        ("q",),
        role="checkin",
        method="GET",
    ),
    HostileForm(
        "check-in desk scan",
        lambda w: f"/manage/{w.event}/checkin/",
        ("payload",),
        role="checkin",
    ),
    HostileForm(
        "check-in point",
        lambda w: f"/manage/{w.event}/checkin/gates/new",
        ("name_en", "name_th", "kind", "room", "when_full", "categories", "position"),
        lambda w: {"name_en": "Gate 9", "kind": "main"},
        role="organiser",
    ),
    HostileForm(
        "camera check-in search",
        lambda w: f"/manage/{w.event}/checkin/scan",
        ("gate", "q"),
        lambda w: {"gate": str(w.ids["gate_id"])},
        role="checkin",
        method="GET",
    ),
    HostileForm(
        "camera check-in by name",
        lambda w: f"/manage/{w.event}/checkin/scan",
        ("gate", "registration", "scan_id"),
        lambda w: {"gate": str(w.ids["gate_id"]), "scan_id": "hostile-scan-01"},
        role="checkin",
    ),
    HostileForm(
        "badge printing filters",
        lambda w: f"/manage/{w.event}/badges/",
        ("category", "city", "delegation", "printed"),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "badge print run",
        lambda w: f"/manage/{w.event}/badges/print",
        ("category", "city", "delegation", "printed", "layout"),
        lambda w: {"layout": "a6"},
        role="organiser",
    ),
    HostileForm(
        "badge reprint at the desk",
        lambda w: f"/manage/{w.event}/badges/{w.ids['registration_id']}/reprint",
        ("reason", "layout"),
        lambda w: {"reason": "typo", "layout": "a6"},
        role="checkin",
    ),
    # Organisers: programme
    HostileForm(
        "organiser session",
        lambda w: f"/manage/{w.event}/program/sessions/new",
        (*SESSION_TEXT, "duration_minutes", "speaker_codes"),
        lambda w: {"title_en": "Panel", "session_type": "panel", "language": "en"},
        role="organiser",
    ),
    HostileForm(
        "session decision",
        lambda w: f"/manage/{w.event}/program/sessions/{w.ids['other_session_code']}/decide",
        ("state", "note"),
        role="organiser",
    ),
    HostileForm(
        "sessions filter",
        lambda w: f"/manage/{w.event}/program/",
        ("state", "track", "type", "q", "page"),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "review",
        lambda w: f"/manage/{w.event}/program/reviews/{w.ids['session_code']}",
        ("score", "comment"),
        role="reviewer",
    ),
    HostileForm(
        "organiser speaker",
        lambda w: f"/manage/{w.event}/program/speakers/new",
        ("name", "email", "organisation", "bio_en", "links", "language"),
        role="organiser",
    ),
    HostileForm(
        "room",
        lambda w: f"/manage/{w.event}/program/rooms/new",
        ("name_en", "name_th", "capacity", "position", "description_en"),
        role="organiser",
    ),
    HostileForm(
        "room availability",
        lambda w: f"/manage/{w.event}/program/rooms/{w.ids['room_id']}/availability",
        ("starts_at", "ends_at"),
        role="organiser",
    ),
    HostileForm(
        "programme settings",
        lambda w: f"/manage/{w.event}/program/settings",
        ("keynote_minutes", "talk_minutes", "break_minutes", "anonymous_reviews"),
        role="organiser",
    ),
    # Organisers: schedule
    HostileForm(
        "agenda builder place (no JS)",
        lambda w: f"/manage/{w.event}/schedule/place",
        ("session_id", "room_id", "starts_at", "day", "step"),
        role="organiser",
    ),
    HostileForm(
        "agenda builder view",
        lambda w: f"/manage/{w.event}/schedule/",
        ("day", "step"),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "schedule publish",
        lambda w: f"/manage/{w.event}/schedule/publish",
        ("version", "comment_en", "comment_th"),
        role="organiser",
    ),
    # Organisers
    HostileForm(
        "city",
        lambda w: f"/manage/{w.event}/cities/new",
        ("name_en", "name_th", "province_en", "country_code", "kind", "website"),
        lambda w: {"name_en": "Nan", "country_code": "TH", "kind": "thai_member"},
        role="organiser",
    ),
    HostileForm(
        "cities CSV import",
        lambda w: f"/manage/{w.event}/cities/import",
        ("name_en", "country_code", "kind", "name_th", "website"),
        role="organiser",
        files={
            "file": lambda v: csv_bytes(
                [
                    ["name_en", "country_code", "kind", "name_th", "website"],
                    [v["name_en"], v["country_code"], v["kind"], v["name_th"], v["website"]],
                ]
            )
        },
    ),
    HostileForm(
        "cities search",
        lambda w: f"/manage/{w.event}/cities/",
        ("q", "kind", "page"),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "event settings",
        lambda w: f"/manage/{w.event}/settings",
        (
            "name_en",
            "name_th",
            "venue_en",
            "contact_email",
            "address_en",
            "address_th",
            "registration_opens_at",
        ),
        role="organiser",
    ),
    HostileForm(
        "hall",
        lambda w: f"/manage/{w.event}/booths/halls/new",
        ("code", "name_en", "name_th", "width", "depth"),
        role="organiser",
    ),
    HostileForm(
        "booth",
        lambda w: f"/manage/{w.event}/booths/new",
        ("code", "hall", "x", "y", "width", "depth", "zone", "availability", "note"),
        role="organiser",
    ),
    HostileForm(
        "booths CSV import",
        lambda w: f"/manage/{w.event}/booths/import",
        ("code", "hall", "x", "width", "zone"),
        role="organiser",
        files={
            "file": lambda v: csv_bytes(
                [
                    ["code", "hall", "x", "y", "width", "depth", "zone"],
                    [v["code"], v["hall"], v["x"], "1", v["width"], "3", v["zone"]],
                ]
            )
        },
    ),
    HostileForm(
        "booth decision note",
        lambda w: f"/manage/{w.event}/booths/applications/{w.ids['application_id']}/reject",
        ("reject-reason",),
        role="organiser",
    ),
    HostileForm(
        "applications filter",
        lambda w: f"/manage/{w.event}/booths/applications/",
        ("status", "q", "page"),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "outbox search",
        lambda w: "/manage/outbox/",
        ("q", "status", "page"),
        role="organiser",
        method="GET",
    ),
    HostileForm(
        "user",
        lambda w: "/manage/users/",
        ("email", "name", "role"),
        lambda w: {"role": "checkin"},
        role="admin",
    ),
    HostileForm(
        "password change",
        lambda w: "/manage/account/password",
        ("current_password", "new_password", "confirm"),
        role="checkin",
    ),
    HostileForm(
        "audit log filter",
        lambda w: f"/manage/{w.event}/audit/",
        ("person", "action", "kind", "object_id", "since", "until", "page"),
        role="admin",
        method="GET",
    ),
    HostileForm(
        "audit log export",
        lambda w: f"/manage/{w.event}/audit/audit.csv",
        ("person", "action", "kind", "object_id", "since", "until"),
        role="admin",
        method="GET",
    ),
    # Cooperation: a city's profile, a meeting request and the answers to it, the directory's
    # filters, and the organisers' programme, tables, pins and bookings
    HostileForm(
        "cooperation profile",
        lambda w: f"/{w.event}/cooperation/delegation/{w.secrets['delegation']}/profile",
        (
            "display_name",
            "country",
            "languages",
            "tags",
            "about",
            "writing_language",
            "member_ids",
            "offer_1",
            "seek_2",
            "visible",
        ),
        lambda w: {"consent": "y", "country": "TH", "languages": "th", "offer_1": "bus data"},
    ),
    HostileForm(
        "cooperation meeting request",
        lambda w: (
            f"/{w.event}/cooperation/registration/{w.secrets['registration_manage']}"
            f"/meet/{w.ids['meeting_host_id']}"
        ),
        ("slot", "message"),
    ),
    HostileForm(
        "cooperation other slot",
        lambda w: (
            f"/{w.event}/cooperation/delegation/{w.secrets['delegation']}"
            f"/meetings/{w.ids['meeting_id']}/counter"
        ),
        ("slot", "note"),
    ),
    HostileForm(
        "cooperation decline",
        lambda w: (
            f"/{w.event}/cooperation/delegation/{w.secrets['delegation']}"
            f"/meetings/{w.ids['meeting_id']}/decline"
        ),
        ("note",),
    ),
    HostileForm(
        "cooperation table scan",
        lambda w: (
            f"/{w.event}/cooperation/delegation/{w.secrets['delegation']}"
            f"/meetings/{w.ids['meeting_id']}/scan"
        ),
        ("badge_code",),
    ),
    HostileForm(
        "cooperation outcome",
        lambda w: (
            f"/{w.event}/cooperation/delegation/{w.secrets['delegation']}"
            f"/meetings/{w.ids['meeting_id']}/outcome"
        ),
        ("result", "track_id", "note"),
    ),
    HostileForm(
        "cooperation directory",
        lambda w: f"/{w.event}/cooperation/",
        ("dimension", "side", "country", "kind"),
        method="GET",
    ),
    HostileForm(
        "cooperation settings",
        lambda w: f"/manage/{w.event}/cooperation/settings",
        ("directory_public", "reminder_minutes"),
        role="organiser",
    ),
    HostileForm(
        "cooperation meeting hours",
        lambda w: f"/manage/{w.event}/cooperation/days/new",
        ("day", "starts", "ends", "slot_minutes"),
        role="organiser",
    ),
    HostileForm(
        "cooperation table",
        lambda w: f"/manage/{w.event}/cooperation/tables/new",
        ("number", "capacity", "place_en", "place_th"),
        role="organiser",
    ),
    HostileForm(
        "cooperation pin",
        lambda w: f"/manage/{w.event}/cooperation/pins/new",
        ("profile_id", "partner_id", "note"),
        role="organiser",
    ),
    HostileForm(
        "cooperation booking",
        lambda w: f"/manage/{w.event}/cooperation/book",
        ("requester_id", "host_id", "slot", "table_id", "message"),
        role="organiser",
    ),
    HostileForm(
        "cooperation move",
        lambda w: f"/manage/{w.event}/cooperation/meetings/{w.ids['meeting_id']}/move",
        ("slot", "table_id"),
        role="organiser",
    ),
]
