"""Announcements through the real SMTP server: one message per person in their language with
their placeholders filled and List-Unsubscribe set; one-click unsubscribe; a scheduled send
leaving at its time; and the second organiser's approval."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from showcase.announcements.models import AnnouncementState
from showcase.announcements.services import sending
from showcase.core.db import unit_of_work, utcnow
from showcase.core.errors import NotAllowed
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.registration import emails as registration_emails
from showcase.registration.models import Registration
from tests import factories
from tests.announcements.helpers import many_registrants, send, settings, write
from tests.helpers import email_html, email_text

S = AnnouncementState


@pytest.fixture
def world(ctx):
    event = factories.event()
    category = factories.registration_category(event, "delegate", name_en="City delegate")
    author = factories.user("organiser")
    return event, category, author


def deliver_all(deliver, smtp_server, expected: int, rounds: int = 200):
    for _ in range(rounds):
        deliver()
        if len(smtp_server.messages) >= expected:
            break
    return smtp_server.wait_for(expected, timeout=5)


def test_announcement_to_1000_registrants_arrives_once_each_in_their_language(
    world, mail_app, smtp_server, deliver
):
    event, category, author = world
    many_registrants(event, category, 1000)
    settings(event, approval_threshold=0, rate_per_minute=0)
    announcement = send(event, write(event, author), author)
    assert announcement.state == S.SCHEDULED

    assert sending.send_due_announcements() == 1000
    messages = deliver_all(deliver, smtp_server, 1000)

    assert len(messages) == 1000
    counts = Counter(message["To"].addresses[0].addr_spec.lower() for message in messages)
    assert len(counts) == 1000 and set(counts.values()) == {1}
    for message in messages:
        number = int(message["To"].addresses[0].addr_spec.split("@")[0].lower()[6:])
        text, html = email_text(message), email_html(message)
        if number % 2 == 0:
            assert message["Subject"] == f"ข่าวสำหรับ คุณบุคคล {number}"
            assert message["Content-Language"] == "th"
            assert f"เรียน คุณบุคคล {number}" in text
        else:
            assert message["Subject"] == f"News for Person {number}"
            assert f"Dear Person {number}," in text
            assert "<li>Doors open at 08:00</li>" in html
        assert "/registration/" in text or "/manage/" in text
        unsubscribe = message["List-Unsubscribe"]
        assert unsubscribe.startswith("<http") and "/emails/unsubscribe/" in unsubscribe
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe.strip("<>") in text
    db.session.expire_all()
    assert announcement.state == S.SENT
    assert sending.progress(announcement)["sent"] == 1000
    someone = db.session.scalar(select(Registration).where(Registration.badge_code == "B00000007"))
    from showcase.mail.services import messages_of

    assert [m.subject for m in messages_of(someone)] == ["News for Person 7"]
    assert [entry.note for entry in someone.history] == ["announcement sent"]
    assert someone.history[0].note_label.startswith("an announcement of the organisers was sent")


def test_one_click_unsubscribe_stops_the_next_announcement_but_not_a_transactional_email(
    world, mail_app, smtp_server, deliver, client
):
    event, category, author = world
    many_registrants(event, category, 3, thai_every=0)
    settings(event)
    send(event, write(event, author), author)
    sending.send_due_announcements()
    first = deliver_all(deliver, smtp_server, 3)
    leaving = next(m for m in first if "person1@" in str(m["To"]).lower())
    url = urlsplit(leaving["List-Unsubscribe"].strip("<>"))

    asked = client.get(url.path)
    assert asked.status_code == 200 and "Unsubscribe" in asked.get_data(as_text=True)
    # RFC 8058: the mail program posts, without a session or a CSRF token.
    response = client.post(url.path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "gets no more announcements" in response.get_data(as_text=True)

    smtp_server.messages.clear()
    second = send(event, write(event, author, subject_en="Second news"), author)
    sending.send_due_announcements()
    later = deliver_all(deliver, smtp_server, 2)
    assert sorted(str(m["To"]).lower() for m in later) == [
        "person 0 <person0@delegates.example>",
        "person 2 <person2@delegates.example>",
    ]
    assert sending.progress(second)["skipped"] == 1

    smtp_server.messages.clear()
    person = db.session.scalar(select(Registration).where(Registration.badge_code == "B00000001"))
    with unit_of_work():
        registration_emails.manage_link(person)
    transactional = deliver_all(deliver, smtp_server, 1)
    assert len(transactional) == 1 and "person1@" in str(transactional[0]["To"]).lower()
    assert transactional[0]["List-Unsubscribe"] is None


def test_a_forged_unsubscribe_link_changes_nothing(world, client):
    event, _category, _author = world
    response = client.post(f"/{event.acronym}/emails/unsubscribe/1/{'A' * 32}")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_a_scheduled_announcement_leaves_at_its_time(world, mail_app, smtp_server, deliver):
    event, category, author = world
    many_registrants(event, category, 2)
    settings(event)
    start = utcnow()
    due = start + timedelta(seconds=3)
    announcement = send(event, write(event, author), author, send_at=due, now=start)
    assert announcement.state == S.SCHEDULED

    # The clock before the time: nothing is queued, nothing leaves.
    assert sending.send_due_announcements(now=due - timedelta(seconds=1)) == 0
    deliver()
    assert smtp_server.messages == []
    # The clock at the time: the messages are queued, due at that time, and leave then.
    assert sending.send_due_announcements(now=due) == 2
    deliver()
    assert smtp_server.messages == [] or utcnow() >= due
    time.sleep(max((due - utcnow()).total_seconds(), 0) + 0.2)
    arrived = deliver_all(deliver, smtp_server, 2)
    assert len(arrived) == 2
    assert utcnow() >= due


def test_a_large_audience_needs_a_second_organiser(world, mail_app, smtp_server, deliver):
    event, category, author = world
    many_registrants(event, category, 3)
    settings(event, approval_threshold=2)
    other = factories.user("organiser")
    announcement = send(event, write(event, author), author)
    assert announcement.state == S.AWAITING_APPROVAL

    sending.send_due_announcements()
    deliver()
    assert smtp_server.messages == []
    with pytest.raises(NotAllowed), unit_of_work():
        sending.approve(event, announcement, author)
    db.session.expire_all()
    assert announcement.state == S.AWAITING_APPROVAL

    with unit_of_work():
        sending.approve(event, announcement, other)
    assert announcement.state == S.SCHEDULED and announcement.approved_by == other.email
    sending.send_due_announcements()
    assert len(deliver_all(deliver, smtp_server, 3)) == 3


def test_an_audience_grown_past_the_threshold_waits_for_approval(world, mail_app, deliver):
    event, category, author = world
    many_registrants(event, category, 2)
    settings(event, approval_threshold=2)
    announcement = send(event, write(event, author), author)
    assert announcement.state == S.SCHEDULED
    many_registrants(event, category, 1, start=10)

    assert sending.send_due_announcements() == 0
    db.session.expire_all()
    assert announcement.state == S.AWAITING_APPROVAL
    assert announcement.recipient_count == 3


def test_the_rate_per_minute_spreads_the_messages(world, mail_app, smtp_server, deliver):
    event, category, author = world
    many_registrants(event, category, 5)
    settings(event, rate_per_minute=2)
    announcement = send(event, write(event, author), author)
    sending.send_due_announcements()
    db.session.expire_all()
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == sending.TEMPLATE)
    ).all()
    start = announcement.send_at
    assert sorted((m.next_attempt_at - start) // timedelta(minutes=1) for m in messages) == [
        0,
        0,
        1,
        1,
        2,
    ]
    deliver()
    smtp_server.wait_for(2, timeout=2)
    assert len(smtp_server.messages) == 2  # the other three are due in one and two minutes


def test_stopping_cancels_the_messages_that_have_not_left(world, mail_app, smtp_server, deliver):
    event, category, author = world
    many_registrants(event, category, 3)
    settings(event, rate_per_minute=1)
    announcement = send(event, write(event, author), author)
    sending.send_due_announcements()
    deliver()
    with unit_of_work():
        assert sending.stop(event, announcement, author) == 2
    assert sending.progress(announcement) | {"recipients": 3} == {
        "recipients": 3,
        "queued": 0,
        "sent": 1,
        "failed": 0,
        "cancelled": 2,
        "skipped": 0,
    }
    assert announcement.state == S.CANCELLED


def test_a_second_announcement_waits_for_the_first_at_the_events_rate(world, mail_app):
    event, category, author = world
    many_registrants(event, category, 4)
    settings(event, rate_per_minute=2)
    first = send(event, write(event, author), author)
    sending.send_due_announcements()
    second = send(event, write(event, author, subject_en="More news"), author)
    sending.send_due_announcements()
    db.session.expire_all()
    # The first goes in minutes 0 and 1; the second starts in minute 2.
    assert (second.send_at - first.send_at) // timedelta(minutes=1) == 2
