"""Passport data is purged when the organisers' retention after the event ends (the rule runs in
``flask showcase purge``); the rest of the registration and the letter's number stay. The
delegate's data download includes their letters; erasing the person removes them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text

from showcase.core.db import unit_of_work
from showcase.core.retention import retention_rules
from showcase.extensions import db
from showcase.letters.models import LetterHistory, VisaLetter
from showcase.letters.services.retention import purge_passport_data
from showcase.letters.services.settings import save_settings
from showcase.mail.models import OutboxMessage
from showcase.mail.services import messages_of
from showcase.registration.models import Registration
from showcase.registration.services import registrations
from tests import factories
from tests.letters.helpers import delegate, issued_letter, manage_secret, request_letter


def _noon(day) -> datetime:
    return datetime(day.year, day.month, day.day, 5, tzinfo=UTC)  # noon in Bangkok


def _set_retention(event, days: int) -> None:
    with unit_of_work():
        save_settings(event, {"requests_open": True, "retention_days": days})


def test_passport_data_is_purged_after_the_retention_and_the_registration_stays(ctx, client):
    event = factories.event()
    _set_retention(event, 10)
    erik = delegate(event)
    letter = issued_letter(erik)
    pending = request_letter(
        delegate(event, email="ana.silva@porto.example"), passport_name="SILVA ANA"
    )
    last_day_kept = event.ends_on + timedelta(days=10)

    with unit_of_work(lock=True):
        assert purge_passport_data(_noon(last_day_kept)) == 0
    with unit_of_work(lock=True):
        assert purge_passport_data(_noon(last_day_kept + timedelta(days=1))) == 2
    with unit_of_work(lock=True):
        assert purge_passport_data(_noon(last_day_kept + timedelta(days=2))) == 0

    db.session.expire_all()
    for row in db.session.scalars(select(VisaLetter)):
        assert (row.passport_name, row.passport_number, row.birth_date) == (None, None, None)
        assert row.purged_at is not None
        assert row.history[-1].note == "passport data purged after the event"
    raw = db.session.execute(text("SELECT passport_number FROM visa_letter")).scalars().all()
    assert raw == [None, None]
    kept = db.session.get(VisaLetter, letter.id)
    assert kept.number == "WSCS2027-0001" and kept.nationality == "SE"
    person = db.session.get(Registration, erik.id)
    assert (person.full_name, person.email, person.state.value) == (
        "Erik Lindqvist",
        "erik.lindqvist@goteborg.example",
        "confirmed",
    )
    assert pending.id
    page = client.get(
        f"/{event.acronym}/letters/{kept.number}", query_string={"code": kept.check_code}
    )
    assert page.status_code == 200
    assert "deleted after the event" in page.get_data(as_text=True)


def test_purge_rule_is_registered_for_the_purge_command(ctx):
    assert "Passport data of visa letters" in [rule.name for rule in retention_rules()]


def test_data_download_includes_the_letter_request(ctx, client):
    event = factories.event()
    erik = delegate(event)
    letter = issued_letter(erik)
    secret = manage_secret(erik)

    response = client.get(f"/{event.acronym}/registration/{secret}/data.json")

    data = json.loads(response.get_data(as_text=True))
    (entry,) = data["visa_letters"]
    assert entry["number"] == letter.number == "WSCS2027-0001"
    assert entry["passport_number"] == "AA1234567"
    assert entry["name_in_passport"] == "LINDQVIST ERIK JOHAN"
    assert entry["date_of_birth"] == "1981-03-14"
    assert entry["state"] == "issued"
    assert [step["to"] for step in entry["history"]] == ["requested", "issued"]
    assert len(entry["emails"]) == 2


def test_erasing_the_person_empties_their_letters_and_the_verification_page_says_revoked(
    ctx, client
):
    event = factories.event()
    erik = delegate(event)
    letter = issued_letter(erik)
    number, code = letter.number, letter.check_code
    waiting = request_letter(delegate(event, email="erik.second@example.se"))
    message_ids = [message.id for message in messages_of(letter)]
    with unit_of_work(lock=True):
        registrations.erase(waiting.registration_id)  # never numbered: deleted
        registrations.erase(erik.id)

    db.session.expire_all()
    (kept,) = db.session.scalars(select(VisaLetter))
    assert kept.number == number and kept.state.value == "revoked"
    assert kept.passport_name is None and kept.passport_number is None
    assert kept.birth_date is None
    raw = db.session.execute(
        text("SELECT passport_name, passport_number, birth_date FROM visa_letter")
    ).one()
    assert tuple(raw) == (None, None, None)
    notes = db.session.scalars(select(LetterHistory.note)).all()
    assert notes[-1] == "The person's data was erased at their request."
    assert all("Lindqvist" not in note for note in notes)
    for message_id in message_ids:
        message = db.session.get(OutboxMessage, message_id)
        assert message.body_text == "" and "erik" not in message.recipient
    assert db.session.get(Registration, erik.id).full_name == "—"

    page = client.get(f"/{event.acronym}/letters/{number}?code={code}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Revoked" in body and body.count("erased at the person's request") == 2
    assert "LINDQVIST" not in body and "4567" not in body
