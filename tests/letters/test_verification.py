"""The public verification page: an embassy opens it from the QR code and sees that the letter
is valid, with only what it needs; after a correction the old number says revoked and the new
one valid; a forged number and a forged check code get the same 404 page, which tells nothing."""

from __future__ import annotations

import re
from datetime import date

from bs4 import BeautifulSoup

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.letters.document import verification_url
from showcase.letters.models import LetterState, VisaLetter
from showcase.letters.services import issuing
from tests import factories
from tests.letters.helpers import ORGANISER, delegate, issued_letter, letter_values


def page_text(response) -> str:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return " ".join(soup.find("main").get_text(" ").split())


def path_of(url: str) -> str:
    return url.removeprefix("http://showcase.test")


def test_verification_page_says_valid_and_shows_only_what_an_embassy_needs(ctx, client):
    event = factories.event()
    letter = issued_letter(delegate(event))

    response = client.get(path_of(verification_url(letter)))

    assert response.status_code == 200
    text = page_text(response)
    assert "Valid" in text and "has not been revoked" in text
    assert "LINDQVIST ERIK JOHAN" in text
    assert "Sweden" in text
    assert "Passport number ends in 4567" in text
    assert "24 January 2027" in text and "29 January 2027" in text
    assert "AA1234567" not in response.get_data(as_text=True)
    assert "1981" not in text  # no date of birth
    assert "erik.lindqvist" not in response.get_data(as_text=True)


def test_check_code_as_typed_from_paper_is_accepted(ctx, client):
    event = factories.event()
    letter = issued_letter(delegate(event))
    typed = letter.check_code.replace("-", " ").lower()

    response = client.get(
        f"/{event.acronym}/letters/{letter.number.lower()}", query_string={"code": typed}
    )

    assert response.status_code == 200
    assert "Valid" in page_text(response)


def test_after_a_correction_the_old_number_is_revoked_and_the_new_one_valid(ctx, client):
    event = factories.event()
    old = issued_letter(delegate(event))
    old_url = path_of(verification_url(old))
    with unit_of_work(lock=True):
        new = issuing.correct(
            old.id,
            {
                **letter_values(event, passport_name="LINDQVIST ERIK JOHANN"),
                "reason": "Typo in the given name",
            },
            ORGANISER,
        )
    db.session.expire_all()
    old, new = db.session.get(VisaLetter, old.id), db.session.get(VisaLetter, new.id)

    assert old.state == LetterState.REVOKED and new.state == LetterState.ISSUED
    assert new.number == "WSCS2027-0002" and new.replaces_id == old.id
    revoked = page_text(client.get(old_url))
    assert "Revoked" in revoked and "no longer valid" in revoked
    valid = page_text(client.get(path_of(verification_url(new))))
    assert "Valid" in valid and "LINDQVIST ERIK JOHANN" in valid
    assert [(e.from_state, e.to_state) for e in old.history] == [
        ("", "requested"),
        ("requested", "issued"),
        ("issued", "revoked"),
        ("revoked", "revoked"),
    ]
    assert old.history[-1].note == "replaced by WSCS2027-0002"
    assert [(e.from_state, e.to_state, e.note) for e in new.history] == [
        ("", "requested", "correction of WSCS2027-0001"),
        ("requested", "issued", "Typo in the given name"),
    ]


def test_forged_number_and_forged_code_get_the_same_not_found_page(ctx, client):
    event = factories.event()
    letter = issued_letter(delegate(event))
    real = letter.check_code
    forged_code = "00000-00000" if real != "00000-00000" else "11111-11111"

    wrong_code = client.get(
        f"/{event.acronym}/letters/{letter.number}", query_string={"code": forged_code}
    )
    wrong_number = client.get(
        f"/{event.acronym}/letters/WSCS2027-0999", query_string={"code": real}
    )
    other_event = factories.event("wscs2028", starts_on=date(2028, 1, 25))
    elsewhere = client.get(
        f"/{other_event.acronym}/letters/{letter.number}", query_string={"code": real}
    )

    assert wrong_code.status_code == wrong_number.status_code == elsewhere.status_code == 404
    text = page_text(wrong_code)
    assert "No letter has this number and check code." in text
    assert "LINDQVIST" not in wrong_code.get_data(as_text=True)
    # The two pages differ only by the number typed into the address.
    same = re.sub(r"WSCS2027-\d{4}", "N", page_text(wrong_code))
    assert same == re.sub(r"WSCS2027-\d{4}", "N", page_text(wrong_number))


def test_a_number_without_its_code_asks_for_the_code_by_label(ctx, client):
    event = factories.event()
    letter = issued_letter(delegate(event))
    from tests.forms import RenderedForm

    form = RenderedForm.get(client, f"/{event.acronym}/letters/{letter.number}")
    response = form.fill("Check code", letter.check_code).submit()

    assert response.status_code == 200
    assert "Valid" in page_text(response)


def test_verification_page_in_thai_uses_the_buddhist_era(ctx, client):
    event = factories.event()
    letter = issued_letter(delegate(event))

    response = client.get(path_of(verification_url(letter)), headers={"Accept-Language": "th"})

    text = page_text(response)
    assert "24 มกราคม 2570" in text
    assert "สวีเดน" in text
