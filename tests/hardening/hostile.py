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

from tests.hardening.world import World

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
]
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
    HostileForm("sign-in", lambda w: "/manage/login", ("email", "password")),
    HostileForm("language switch", lambda w: "/lang/th", ("next",), method="GET"),
    HostileForm(
        "exhibitor filter", lambda w: f"/{w.event}/exhibitors/", ("dimension", "city"), method="GET"
    ),
    HostileForm("floor plan", lambda w: f"/{w.event}/floorplan/", ("highlight",), method="GET"),
    HostileForm(
        "floor plan SVG", lambda w: f"/{w.event}/floorplan.svg", ("highlight",), method="GET"
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
        ("name_en", "name_th", "venue_en", "contact_email", "address", "registration_opens_at"),
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
]
