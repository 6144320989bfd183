"""One rule for the email addresses people type: an address the outbox can deliver to. Thai or
accented letters before the @ are refused with a clear message (plain SMTP cannot carry them);
internationalised domain names are accepted. Every public form that takes an address uses it."""

from __future__ import annotations

import pytest

from showcase.core.forms import clean_email_address
from tests.forms import RenderedForm, page_errors

REFUSED_LOCAL_PART = "Our mail server can only deliver to addresses whose part before the @"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  somchai@example.org ", "somchai@example.org"),
        ("Somchai@EXAMPLE.org", "Somchai@example.org"),
        ("somchai@ตัวอย่าง.ไทย", "somchai@ตัวอย่าง.ไทย"),
        ("anna@bücher.example", "anna@bücher.example"),
    ],
)
def test_deliverable_addresses_are_accepted_and_normalised(app, typed, stored):
    with app.test_request_context():
        assert clean_email_address(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("สมชาย@example.org", REFUSED_LOCAL_PART),
        ("josé@example.org", REFUSED_LOCAL_PART),
        ("not-an-address", "Give an email address such as name@example.org."),
        ("a@localhost", "Give an email address such as name@example.org."),
        ("a\nb@example.org", "Give an email address such as name@example.org."),
        ("a" * 250 + "@x.org", "This email address is too long."),
    ],
)
def test_addresses_the_outbox_cannot_deliver_to_are_refused(app, typed, message):
    with app.test_request_context(), pytest.raises(ValueError) as refused:
        clean_email_address(typed)
    assert str(refused.value.args[0]).startswith(message)


def test_thai_readers_are_told_why_in_thai(app):
    with app.test_request_context(headers={"Accept-Language": "th"}):
        with pytest.raises(ValueError) as refused:
            clean_email_address("สมชาย@example.org")
        assert str(refused.value.args[0]).startswith("เซิร์ฟเวอร์อีเมลของเราส่งได้เฉพาะ")


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("booths/resend", "Your email address"),
        ("cfp/link", "Your email"),
        ("register/resend", "Email"),
    ],
)
def test_booth_programme_and_registration_forms_refuse_a_thai_local_part(
    client, event, path, label
):
    form = RenderedForm.get(client, f"/{event}/{path}")
    response = form.fill(label, "สมชาย@example.org").submit()
    assert response.status_code == 400
    [message] = page_errors(response)[label]
    assert message.startswith(REFUSED_LOCAL_PART)
