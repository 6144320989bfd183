"""Reprints at the desk: a lost badge gets a new code and the old one is refused at check-in
("replaced at 10:05", in the event's timezone and the reader's language); a reprint for a typo
keeps the code. Both are in the registration's history and the print log; the person's manage
and badge links keep working."""

from __future__ import annotations

from sqlalchemy import select

from showcase.badges.models import BadgeLayout, BadgePrint, PrintReason, RetiredBadgeCode
from showcase.core.time import format_time
from showcase.extensions import db
from showcase.registration.models import Registration
from showcase.registration.services.badges import badge_payload
from tests import factories
from tests.badges.helpers import confirmed_people, page_texts
from tests.forms import RenderedForm, page_errors


def reprint(client, event, registration, reason: str, layout: str = "A6, one badge per page"):
    form = RenderedForm.get(
        client, f"/manage/{event.acronym}/badges/{registration.id}/reprint", form="reprint"
    )
    form.choose("Why is the badge reprinted?", reason)
    form.choose("Layout", layout)
    return form.submit()


def scan(client, event, payload: str, language: str = "en"):
    form = RenderedForm.get(
        client, f"/manage/{event.acronym}/checkin/", form="checkin", language=language
    )
    form.fill("รหัสบนบัตรหรือชื่อ" if language == "th" else "Badge code or name", payload)
    return form.submit()


def fresh(registration) -> Registration:
    return db.session.get(Registration, registration.id, populate_existing=True)


def test_a_lost_badge_is_reprinted_with_a_new_code_and_the_old_one_scans_as_replaced(
    ctx, client, login
):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    old_payload = badge_payload(somchai)
    desk = login("checkin")

    response = reprint(
        client, event, somchai, "Lost: print it with a new code; the old badge stops working"
    )

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    somchai = fresh(somchai)
    new_payload = badge_payload(somchai)
    assert new_payload != old_payload
    (text,) = page_texts(response.get_data())
    assert new_payload in text and "สมชาย ใจดี" in text
    retired = db.session.scalar(select(RetiredBadgeCode))
    replaced_at = format_time(retired.replaced_at, event.timezone)

    refused = scan(client, event, old_payload)

    assert refused.status_code == 400
    assert (
        f"Badge replaced at {replaced_at}: it was reported lost and a new badge was printed, "
        "so this one no longer works."
    ) in refused.get_data(as_text=True)
    assert fresh(somchai).checked_in_at is None

    accepted = scan(client, event, new_payload)

    assert accepted.status_code == 200
    assert "Checked in: Somchai Jaidee" in accepted.get_data(as_text=True)
    assert fresh(somchai).checked_in_by == desk
    notes = [entry.note for entry in fresh(somchai).history]
    assert "badge reprinted: lost" in notes
    (entry,) = db.session.scalars(select(BadgePrint)).all()
    assert (entry.reason, entry.layout, entry.printed_by) == (
        PrintReason.LOST,
        BadgeLayout.A6,
        desk,
    )


def test_the_replaced_badge_is_refused_in_the_readers_language(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    old_payload = badge_payload(somchai)
    login("checkin")
    reprint(client, event, somchai, "Lost: print it with a new code; the old badge stops working")
    replaced_at = format_time(
        db.session.scalar(select(RetiredBadgeCode)).replaced_at, "Asia/Bangkok"
    )

    refused = scan(client, event, old_payload, language="th")

    assert refused.status_code == 400
    assert f"บัตรนี้ถูกแทนที่เมื่อ {replaced_at}" in refused.get_data(as_text=True)


def test_a_typo_reprint_keeps_the_code_and_the_badge_handed_out_still_checks_in(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    payload = badge_payload(somchai)
    login("checkin")

    response = reprint(
        client,
        event,
        somchai,
        "Details corrected: print it with the same code",
        "CR80 card (85.6 × 54 mm)",
    )

    assert response.status_code == 200
    assert badge_payload(fresh(somchai)) == payload
    assert payload in page_texts(response.get_data())[0]
    assert db.session.scalar(select(RetiredBadgeCode)) is None
    assert "badge reprinted: correction" in [entry.note for entry in fresh(somchai).history]
    (entry,) = db.session.scalars(select(BadgePrint)).all()
    assert (entry.reason, entry.layout) == (PrintReason.TYPO, BadgeLayout.CR80)

    assert scan(client, event, payload).status_code == 200


def test_after_a_lost_reprint_the_persons_badge_link_shows_the_new_code(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    secret = factories.registration_link(somchai, "manage")
    old_payload = badge_payload(somchai)
    login("checkin")
    reprint(client, event, somchai, "Lost: print it with a new code; the old badge stops working")

    page = client.get(f"/{event.acronym}/registration/{secret}/badge")

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert badge_payload(fresh(somchai)) in text and old_payload not in text
    assert client.get(f"/{event.acronym}/registration/{secret}/").status_code == 200


def test_only_a_confirmed_registration_is_reprinted(ctx, client, login):
    event = factories.event()
    visitor = factories.registration_category(event, "visitor")
    pending = factories.registration(event, factories.city(), category=visitor, confirm=False)
    login("checkin")

    response = reprint(client, event, pending, "Details corrected: print it with the same code")

    assert response.status_code == 409
    assert page_errors(response)  # the page again, with the reason
    assert "Only a confirmed registration has a badge" in response.get_data(as_text=True)
    assert db.session.scalar(select(BadgePrint)) is None


def test_the_desk_must_say_why_it_reprints(ctx, client, login):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    login("checkin")
    form = RenderedForm.get(
        client, f"/manage/{event.acronym}/badges/{somchai.id}/reprint", form="reprint"
    )

    response = form.submit()

    assert response.status_code == 400
    assert "Why is the badge reprinted?" in str(page_errors(response))
    assert badge_payload(fresh(somchai)) == badge_payload(somchai)
