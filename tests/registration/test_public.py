"""Registering through the public pages: the form, the check-your-inbox page, confirmation
links, the manage pages, and the bad input the form must answer without a 500."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.mail.requests import resolve_requests
from showcase.registration.models import Registration, RegistrationLink, RegistrationState
from tests.registration.helpers import (
    add_city,
    category,
    confirm_secret,
    manage_secret,
    register,
    values,
)

S = RegistrationState


def form_data(app, event, **overrides):
    with app.app_context():
        ev = get_event(event)
        data = values(add_city("Khon Kaen"), category(ev, "delegate"))
        data.update(overrides)
        db.session.commit()
    data["consent"] = "y" if data["consent"] else ""
    return {key: value for key, value in data.items() if value != ""}


def resolve_mail_requests(app) -> None:
    with app.app_context():
        resolve_requests()


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def test_register_then_confirm_gives_a_seat_and_the_manage_page(app, client, reg_event):
    response = client.post(f"/{reg_event}/register", data=form_data(app, reg_event))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/{reg_event}/register/sent")
    [message] = outbox(app)
    assert message.template == "registration/confirm"
    assert message.subject == "Confirm your registration for World Smart City Showcase 2027"
    [link] = re.findall(r"http\S+/register/confirm/\S+", message.body_text)
    response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 303
    manage = response.headers["Location"]
    assert re.search(rf"/{reg_event}/registration/[A-Za-z0-9_-]{{43}}/$", manage)
    page = client.get(manage)
    assert page.status_code == 200
    assert '<span class="registration-state">Confirmed</span>' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    # Only the email of the place given is sent (the others prepared before the lock are not).
    assert [m.template for m in outbox(app)] == [
        "registration/confirm",
        "registration/confirmed",
    ]
    confirmed = outbox(app)[-1]
    assert confirmed.template == "registration/confirmed"
    assert "/badge" in confirmed.body_text
    with app.app_context():
        message = db.session.get(OutboxMessage, confirmed.id)
        [attachment] = message.attachments
        assert attachment.content_type == "text/calendar"
        assert b"BEGIN:VEVENT" in attachment.data
        assert b"DTSTART;VALUE=DATE:20270126" in attachment.data


def test_registering_again_shows_the_same_page_and_emails_the_manage_link(app, client, reg_event):
    first = client.post(f"/{reg_event}/register", data=form_data(app, reg_event))
    second = client.post(f"/{reg_event}/register", data=form_data(app, reg_event))
    resolve_mail_requests(app)  # the outbox worker's first step
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert client.get(first.headers["Location"]).text == client.get(second.headers["Location"]).text
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 1
    # Still unconfirmed: the second email is a fresh confirmation link.
    assert [m.template for m in outbox(app)] == ["registration/confirm", "registration/confirm"]
    assert "Here is a new link" in outbox(app)[1].body_text
    with app.app_context():
        ev = get_event(reg_event)
        registration = db.session.scalar(select(Registration))
        from tests.registration.helpers import confirm_registration

        confirm_registration(ev, registration)
    client.post(f"/{reg_event}/register", data=form_data(app, reg_event))
    resolve_mail_requests(app)
    last = outbox(app)[-1]
    assert last.template == "registration/manage_link"
    assert "/registration/" in last.body_text


def test_one_active_registration_per_email_is_a_database_rule(app, reg_event):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        ev = get_event(reg_event)
        first = register(ev, add_city("Phuket"), category(ev, "visitor"))
        copy = Registration(
            event_id=ev.id,
            category_id=first.category_id,
            email=first.email,
            full_name="Someone Else",
            consent_version="x",
            consent_at=datetime.now(UTC),
            badge_code="ZZZZZZZZ",
        )
        db.session.add(copy)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        # Once the first is cancelled the address may register again.
        from showcase.registration.services import registrations

        with unit_of_work(lock=True):
            registrations.cancel(first.id, registrations.Actor.REGISTRANT)
        again = register(ev, add_city("Phuket"), category(ev, "visitor"))
        assert again.id != first.id


def test_confirmation_link_expires_after_48_hours_and_tampering_is_refused(app, client, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Phuket"), category(ev, "visitor"))
        secret = confirm_secret(registration)
        link = db.session.scalars(select(RegistrationLink)).all()[-1]
        link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
        fresh = confirm_secret(registration)
    expired = client.get(f"/{reg_event}/register/confirm/{secret}")
    assert expired.status_code == 410
    assert "This link has expired. Ask for a new one below." in expired.text
    tampered = fresh[:-1] + ("A" if fresh[-1] != "A" else "B")
    assert client.get(f"/{reg_event}/register/confirm/{tampered}").status_code == 404
    thai = client.get(
        f"/{reg_event}/register/confirm/{tampered}", headers={"Accept-Language": "th"}
    )
    assert thai.status_code == 404
    assert "ลิงก์นี้ไม่ถูกต้อง" in thai.text
    assert client.get(f"/{reg_event}/register/confirm/short").status_code == 404
    assert client.get(f"/{reg_event}/register/confirm/{fresh}").status_code == 303


def test_lost_link_form_answers_the_same_for_known_and_unknown_addresses(app, client, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        register(ev, add_city("Phuket"), category(ev, "visitor"), confirm=True)
    before = len(outbox(app))
    known = client.post(f"/{reg_event}/register/resend", data={"email": "somchai@khonkaen.example"})
    unknown = client.post(f"/{reg_event}/register/resend", data={"email": "nobody@nowhere.example"})
    resolve_mail_requests(app)
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert [m.template for m in outbox(app)[before:]] == ["registration/manage_link"]


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"email": "not-an-email"}, "Give an email address such as name@example.org."),
        ({"email": "a" * 250 + "@x.org"}, "This email address is too long."),
        ({"full_name": ""}, "Give your full name."),
        ({"full_name": "x" * 121}, "This is longer than 120 characters."),
        ({"organisation": "x" * 201}, "This is longer than 200 characters."),
        ({"dietary": "x" * 501}, "This is longer than 500 characters."),
        (
            {"consent": False},
            "Please agree to the privacy notice so that we may keep your details.",
        ),
        ({"category": "999999"}, "This category is not open for registration."),
        ({"city": "999999"}, "Choose your city from the list, or “Other city”."),
        ({"city": "other", "other_country": "XX"}, "Choose your country from the list."),
    ],
)
def test_bad_input_is_answered_with_a_message_and_400(
    app, client, reg_event, overrides, field_message
):
    data = form_data(app, reg_event, **overrides)
    if overrides.get("consent") is False:
        data.pop("consent", None)
    response = client.post(f"/{reg_event}/register", data=data)
    assert response.status_code == 400
    assert field_message in response.text
    # What the person typed is still in the form.
    if overrides.get("full_name") != "":
        assert 'value="Somchai Jaidee"' in response.text or "x" * 121 in response.text
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 0


def test_bad_input_message_is_in_thai_for_thai_readers(app, client, reg_event):
    data = form_data(app, reg_event, email="nope")
    response = client.post(f"/{reg_event}/register", data=data, headers={"Accept-Language": "th"})
    assert response.status_code == 400
    assert "กรอกอีเมล" in response.text


def test_closed_category_and_invitation_only_category(app, client, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        speaker = category(ev, "speaker")
        media = category(ev, "media")
        media.is_open = False
        db.session.commit()
        speaker_id, media_id = speaker.id, media.id
    page = client.get(f"/{reg_event}/register")
    # Options only: the navigation has a "Speakers" link since the programme arrived.
    assert ">Speaker</option>" not in page.text and ">Media</option>" not in page.text
    assert ">Speaker</option>" in client.get(f"/{reg_event}/register?code=STAGE-2027").text
    refused = client.post(
        f"/{reg_event}/register", data=form_data(app, reg_event, category=str(speaker_id))
    )
    assert refused.status_code == 400
    closed = client.post(
        f"/{reg_event}/register", data=form_data(app, reg_event, category=str(media_id))
    )
    assert closed.status_code == 400
    accepted = client.post(
        f"/{reg_event}/register",
        data=form_data(app, reg_event, category=str(speaker_id), invitation_code="STAGE-2027"),
    )
    assert accepted.status_code == 303


def test_registration_outside_the_window_says_so(app, client, make_event):
    now = datetime.now(UTC)
    acronym = make_event(
        "past2026",
        registration_opens_at=now - timedelta(days=10),
        registration_closes_at=now - timedelta(days=1),
    )
    page = client.get(f"/{acronym}/register")
    assert page.status_code == 200
    assert "Registration for this event is closed." in page.text
    assert client.post(f"/{acronym}/register", data={}).status_code == 403
    thai = client.get(f"/{acronym}/register", headers={"Accept-Language": "th"})
    assert "ปิดรับลงทะเบียน" in thai.text


def test_manage_pages_edit_cancel_with_confirmation_data_and_ics(app, client, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Phuket"), category(ev, "visitor"), confirm=True)
        secret = manage_secret(registration)
        city_id = registration.city_id
    base = f"/{reg_event}/registration/{secret}"
    edited = client.post(
        f"{base}/edit",
        data={"full_name": "Somchai J.", "city": str(city_id), "language": "th"},
    )
    assert edited.status_code == 303
    data = json.loads(client.get(f"{base}/data.json").data)
    assert data["registration"]["full_name"] == "Somchai J."
    assert data["registration"]["language"] == "th"
    assert data["registration"]["consent_version"] == "2026-11"
    assert [step["to"] for step in data["history"]][:2] == ["pending_email", "confirmed"]
    ics = client.get(f"{base}/event.ics")
    assert ics.mimetype == "text/calendar"
    assert b"SUMMARY:World Smart City Showcase 2027" in ics.data
    badge = client.get(f"{base}/badge")
    assert badge.status_code == 200 and "<svg" in badge.text
    assert "css/badge-print.css" in badge.text
    # Cancelling needs the confirmation step.
    assert "Yes, I am sure" in client.get(f"{base}/cancel").text
    assert client.post(f"{base}/cancel", data={}).status_code == 400
    with app.app_context():
        assert db.session.get(Registration, registration.id).state == S.CONFIRMED
    assert client.post(f"{base}/cancel", data={"confirm": "y"}).status_code == 303
    with app.app_context():
        assert db.session.get(Registration, registration.id).state == S.CANCELLED
    assert outbox(app)[-1].subject == "การลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 ของคุณถูกยกเลิกแล้ว"


def test_erasure_anonymises_frees_the_seat_and_promotes(app, client, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        delegate = category(ev, "delegate")
        kk = add_city("Khon Kaen")
        first = register(ev, kk, delegate, confirm=True, email="one@x.org")
        register(ev, kk, delegate, confirm=True, email="two@x.org")
        waiting = register(ev, kk, delegate, confirm=True, email="three@x.org")
        assert db.session.get(Registration, waiting.id).state == S.WAITLISTED
        secret = manage_secret(first)
        first_id, waiting_id = first.id, waiting.id
    assert (
        client.post(f"/{reg_event}/registration/{secret}/erase", data={"confirm": "y"}).status_code
        == 200
    )
    with app.app_context():
        erased = db.session.get(Registration, first_id)
        assert erased.state == S.CANCELLED
        assert erased.full_name == "—"
        assert erased.organisation == "" and erased.full_name_th == ""
        assert erased.email == f"erased-{first_id}@erased.invalid"
        assert erased.erased_at is not None
        assert db.session.get(Registration, waiting_id).state == S.CONFIRMED
        bodies = db.session.scalars(
            select(OutboxMessage.body_text).where(
                OutboxMessage.dedup_key.like(f"registration:{first_id}:%")
            )
        ).all()
        assert bodies and set(bodies) == {""}
    assert client.get(f"/{reg_event}/registration/{secret}/").status_code == 404
