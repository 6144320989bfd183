"""The composer as an organiser uses it: the rendered forms filled by their labels, the count
and the sample, previews in both languages, a test to oneself, sending now; and bad input
refused with a clear message, with nothing saved or sent by mistake."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from showcase.announcements.models import Announcement, AnnouncementState
from showcase.announcements.services import sending
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from tests import factories
from tests.announcements.helpers import many_registrants, settings, write
from tests.forms import RenderedForm, field_errors, page_errors

S = AnnouncementState


@pytest.fixture
def composer(ctx, client):
    event = factories.event()
    category = factories.registration_category(event, "delegate", name_en="City delegate")
    many_registrants(event, category, 4)
    settings(event)
    organiser = factories.user("organiser")
    factories.sign_in(client, organiser)
    return event, organiser


def compose(client, event, **texts):
    form = RenderedForm.get(client, f"/manage/{event.acronym}/emails/new")
    form.choose("Who gets it", "People who meet all the conditions")
    form.choose("Condition 1", "Registration state: Confirmed")
    form.choose("Condition 2", "Registration category: City delegate")
    values = {
        "Subject (English)": "Doors open at 08:00, {name}",
        "Message (English)": "Dear {name},\n\nYour page: {manage_link}\n\n- Bring your badge",
        "Subject (Thai)": "เปิดประตู 08:00 น. {name}",
        "Message (Thai)": "เรียน {name}\n\nหน้าของคุณ: {manage_link}",
    }
    values.update(texts)
    for label, value in values.items():
        form.fill(label, value)
    return form.submit()


def announcements_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Announcement))


def test_an_organiser_composes_previews_tests_and_sends(composer, client):
    event, organiser = composer
    response = compose(client, event)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert "4 people would get it now." in html
    assert "person0@delegates.example" in html
    assert "Doors open at 08:00, คุณบุคคล 0" in html
    assert "เปิดประตู 08:00 น." in html
    assert "example-link-shown-in-previews-only" in html

    preview = RenderedForm.from_response(
        client, page, response.headers["Location"], form="preview-form"
    )
    preview.choose("Language", "Thai")
    shown = preview.submit()
    assert shown.status_code == 200

    test = RenderedForm.from_response(client, page, response.headers["Location"], form="/test")
    assert test.submit().status_code == 303
    tests = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == organiser.email)
    ).all()
    assert sorted(m.language for m in tests) == ["en", "th"]
    assert all(m.subject.startswith("[TEST] ") for m in tests)

    sending_form = RenderedForm.from_response(
        client, page, response.headers["Location"], form="/send"
    )
    sending_form.choose("When", "Now")
    sent = sending_form.submit()
    assert sent.status_code == 303
    announcement = db.session.scalar(select(Announcement))
    assert announcement.state == S.SCHEDULED
    assert "Cancel the sending" in client.get(sent.headers["Location"]).get_data(as_text=True)

    # It goes, and an administrator finds the send in the audit log: who asked, to how many.
    assert sending.send_due_announcements() == 4
    admin = client.application.test_client()
    factories.sign_in(admin, factories.user("admin"))
    log = RenderedForm.get(admin, f"/manage/{event.acronym}/audit/")
    log.choose("What happened", "Bulk email")
    found = log.submit()
    assert found.status_code == 200
    text = BeautifulSoup(found.get_data(as_text=True), "html.parser").get_text(" ", strip=True)
    assert "Doors open at 08:00, {name}" in text and organiser.email in text
    assert "1 entry found" in text  # only the chosen kind: not the sign-ins nor the edits
    assert "recipients — → 4" in text


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("Message (English)", "Hello {nmae} and {booht}", "Unknown placeholder: {nmae}, {booht}"),
        ("Message (English)", "<script>alert(1)</script>", "HTML tags"),
        ("Message (English)", "[click](javascript:alert(1))", "http, https or mailto"),
        ("Subject (English)", "Two\nlines", "The subject must be one line."),
    ],
)
def test_bad_texts_are_refused_and_nothing_is_saved(composer, client, label, value, message):
    event, _organiser = composer
    response = compose(client, event, **{label: value})
    assert response.status_code == 400
    assert message in " ".join(m for shown in page_errors(response).values() for m in shown)
    assert announcements_count() == 0


def test_an_empty_audience_is_refused_when_sending(composer, client):
    event, organiser = composer
    draft = write(event, organiser, conditions=["registration_state:cancelled"])
    url = f"/manage/{event.acronym}/emails/{draft.id}/"
    page = client.get(url)
    assert "The audience is empty" in page.get_data(as_text=True)
    # The page offers no send form for an empty audience; a post anyway is refused.
    response = client.post(f"{url}send", data={"when": "now"})
    assert response.status_code == 400
    assert "The audience is empty" in response.get_data(as_text=True)
    db.session.expire_all()
    assert draft.state == S.DRAFT


def test_a_time_in_the_past_is_refused(composer, client):
    event, organiser = composer
    draft = write(event, organiser)
    url = f"/manage/{event.acronym}/emails/{draft.id}/"
    form = RenderedForm.get(client, url, form="/send")
    form.choose("When", "At the time below")
    form.fill("Date and time (in the event's timezone)", "2020-01-01T09:00")
    response = form.submit()
    assert response.status_code == 400
    assert "That time has passed" in field_errors(response)["send_at"]
    db.session.expire_all()
    assert draft.state == S.DRAFT and draft.send_at is None


def test_no_condition_is_refused(composer, client):
    event, _organiser = composer
    form = RenderedForm.get(client, f"/manage/{event.acronym}/emails/new")
    form.fill("Subject (English)", "Hello")
    form.fill("Message (English)", "Hello")
    response = form.submit()
    assert response.status_code == 400
    assert "Choose at least one condition" in response.get_data(as_text=True)
    assert announcements_count() == 0


def test_the_author_cannot_approve_their_own_announcement(composer, client):
    event, organiser = composer
    settings(event, approval_threshold=2)
    draft = write(event, organiser)
    url = f"/manage/{event.acronym}/emails/{draft.id}/"
    form = RenderedForm.get(client, url, form="/send")
    form.choose("When", "Now")
    assert form.submit().status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Another organiser must approve it" in page
    refused = client.post(f"{url}approve")
    assert refused.status_code == 303
    db.session.expire_all()
    assert draft.state == S.AWAITING_APPROVAL


def test_a_draft_is_changed_on_its_filled_form_and_a_scheduled_one_cancelled(composer, client):
    event, organiser = composer
    draft = write(event, organiser)
    form = RenderedForm.get(client, f"/manage/{event.acronym}/emails/{draft.id}/edit")
    assert form.value("Subject (English)") == "News for {name}"
    assert form.value("Condition 1") == "registration_state:confirmed"
    form.fill("Subject (English)", "Changed news for {name}")
    assert form.submit().status_code == 303
    db.session.expire_all()
    assert draft.subject_en == "Changed news for {name}"

    url = f"/manage/{event.acronym}/emails/{draft.id}/"
    sending_form = RenderedForm.get(client, url, form="/send")
    sending_form.choose("When", "At the time below")
    sending_form.fill("Date and time (in the event's timezone)", "2030-01-26T09:00")
    assert sending_form.submit().status_code == 303
    db.session.expire_all()
    assert draft.state == S.SCHEDULED
    assert draft.send_at.isoformat() == "2030-01-26T02:00:00+00:00"  # 09:00 in Bangkok
    # A scheduled announcement cannot be changed until its sending is cancelled.
    assert client.get(f"{url}edit").status_code == 303
    assert client.post(f"{url}cancel").status_code == 303
    db.session.expire_all()
    assert draft.state == S.DRAFT
