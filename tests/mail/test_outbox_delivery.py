"""The outbox against a real SMTP server (aiosmtpd on a loopback port)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from showcase.core.db import utcnow
from showcase.extensions import db
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.mail.services import Attachment, queue_email
from showcase.mail.worker import send_due_messages
from tests.helpers import SMTPServer, email_html, email_text, free_port, use_smtp

THAI_SUBJECT = "ข้อความทดสอบจาก Showcase"


def queue_test_message(app, address="delegate@city.example", language="th", **extra):
    with app.app_context():
        message = queue_email(
            "mail/test_message",
            address,
            language=language,
            context={"recipient": address},
            name="สมชาย ใจดี",
            **extra,
        )
        db.session.commit()
        return message.id


def test_outbox_thai_message_arrives_once_with_correct_headers(mail_app, smtp_server, deliver):
    message_id = queue_test_message(mail_app)

    report = deliver()

    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    received = smtp_server.wait_for(1)
    assert len(received) == 1
    mail = received[0]
    assert mail["Subject"] == THAI_SUBJECT
    raw_headers = smtp_server.envelopes[0].original_content.split(b"\r\n\r\n")[0].decode("ascii")
    assert "Subject: =?utf-8?" in raw_headers  # encoded, not raw UTF-8
    assert mail["From"].addresses[0].addr_spec == "showcase@showcase.test"
    assert mail["To"].addresses[0].addr_spec == "delegate@city.example"
    assert mail["To"].addresses[0].display_name == "สมชาย ใจดี"
    assert mail["Date"] is not None
    with mail_app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        assert mail["Message-ID"] == f"<{row.uuid}@showcase.test>"
        assert row.status == OutboxStatus.SENT
        assert row.attempts == 1
        assert row.sent_at is not None
    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    assert "ถ้าคุณอ่านข้อความนี้ได้" in email_text(mail)
    assert '<html lang="th">' in email_html(mail)

    # Running the worker again sends nothing more.
    assert deliver().sent == 0
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


def test_outbox_attachment_is_delivered(mail_app, smtp_server, deliver):
    queue_test_message(
        mail_app,
        language="en",
        attachments=[
            Attachment("event.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        ],
    )
    deliver()
    mail = smtp_server.wait_for(1)[0]
    attachments = list(mail.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["event.ics"]
    assert attachments[0].get_content_type() == "text/calendar"


def test_outbox_keeps_message_queued_while_smtp_is_down_then_delivers_once(app, deliver):
    mail_app = app
    server = SMTPServer(port=free_port())  # not started yet: nothing listens on the port
    use_smtp(app, server.port)
    message_id = queue_test_message(mail_app)

    report = deliver()

    assert (report.sent, report.retrying) == (0, 1)
    with mail_app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        assert row.status == OutboxStatus.QUEUED
        assert row.attempts == 1
        assert "ConnectionRefusedError" in row.last_error
        assert row.next_attempt_at > utcnow() + timedelta(seconds=30)
        # Not due yet: another run leaves it alone.
    assert deliver().retrying == 0

    server.start()
    try:
        with mail_app.app_context():
            row = db.session.get(OutboxMessage, message_id)
            row.next_attempt_at = utcnow()  # the retry delay has passed
            db.session.commit()
        assert deliver().sent == 1
        assert deliver().sent == 0
        assert len(server.wait_for(1)) == 1
        assert len(server.wait_for(2, timeout=0.5)) == 1
        with mail_app.app_context():
            row = db.session.get(OutboxMessage, message_id)
            assert row.status == OutboxStatus.SENT
            assert row.attempts == 2
            assert row.last_error == ""
    finally:
        server.stop()


def test_outbox_permanent_failure_is_marked_failed(app, deliver):
    mail_app = app
    use_smtp(app, free_port())
    from aiosmtpd.controller import Controller

    class RefuseAll:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 No such user here"

    controller = Controller(RefuseAll(), hostname="127.0.0.1", port=mail_app.config["MAIL_PORT"])
    controller.start()
    try:
        message_id = queue_test_message(mail_app)
        report = deliver()
    finally:
        controller.stop()
    assert (report.sent, report.failed) == (0, 1)
    with mail_app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        assert row.status == OutboxStatus.FAILED
        assert "550" in row.last_error


def test_outbox_temporary_reply_is_retried(app, deliver):
    mail_app = app
    use_smtp(app, free_port())
    from aiosmtpd.controller import Controller

    class Greylist:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "451 Greylisted, try again later"

    controller = Controller(Greylist(), hostname="127.0.0.1", port=mail_app.config["MAIL_PORT"])
    controller.start()
    try:
        message_id = queue_test_message(mail_app)
        report = deliver()
    finally:
        controller.stop()
    assert report.retrying == 1
    with mail_app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        assert row.status == OutboxStatus.QUEUED
        assert "451" in row.last_error


def test_outbox_gives_up_after_the_last_attempt(app, deliver):
    mail_app = app
    use_smtp(app, free_port())  # nothing listens: every attempt is refused
    mail_app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    message_id = queue_test_message(mail_app)
    deliver()  # attempt 1: refused, retried later
    with mail_app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        row.next_attempt_at = utcnow()
        db.session.commit()
    report = deliver()  # attempt 2: the last
    assert report.failed == 1
    with mail_app.app_context():
        assert db.session.get(OutboxMessage, message_id).status == OutboxStatus.FAILED


def test_rolled_back_transaction_leaves_no_queued_message(app):
    with app.app_context():
        queue_email(
            "mail/test_message", "a@city.example", language="en", context={"recipient": "a"}
        )
        db.session.flush()
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_dedup_key_queues_a_message_only_once(app):
    with app.app_context():
        first = queue_email(
            "mail/test_message",
            "a@city.example",
            language="en",
            context={"recipient": "a"},
            dedup_key="test:1",
        )
        db.session.commit()
        second = queue_email(
            "mail/test_message",
            "a@city.example",
            language="en",
            context={"recipient": "a"},
            dedup_key="test:1",
        )
        db.session.commit()
        assert first.id == second.id
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_header_injection_in_name_and_subject_is_neutralised(mail_app, smtp_server, deliver):
    with mail_app.app_context():
        queue_email(
            "mail/test_message",
            "a@city.example",
            language="en",
            context={"recipient": "a"},
            name="Eve\r\nBcc: victim@evil.example",
        )
        db.session.commit()
    deliver()
    mail = smtp_server.wait_for(1)[0]
    assert mail["Bcc"] is None
    assert smtp_server.envelopes[0].rcpt_tos == ["a@city.example"]


def test_cancelled_message_is_never_sent(mail_app, smtp_server, deliver):
    message_id = queue_test_message(mail_app)
    with mail_app.app_context():
        from showcase.mail.services import cancel_message

        assert cancel_message(db.session.get(OutboxMessage, message_id))
        db.session.commit()
    assert deliver().sent == 0
    assert smtp_server.wait_for(1, timeout=0.3) == []


def test_claim_takes_each_message_once(app):
    for number in range(5):
        queue_test_message(app, address=f"p{number}@city.example")
    with app.app_context():
        from showcase.mail.worker import claim_due_messages

        first = claim_due_messages("worker-a", limit=3)
        second = claim_due_messages("worker-b", limit=10)
    assert len(first) == 3
    assert len(second) == 2
    assert not set(first) & set(second)


def test_send_due_messages_reports_nothing_when_outbox_empty(app):
    with app.app_context():
        report = send_due_messages()
    assert (report.sent, report.retrying, report.failed) == (0, 0, 0)


def test_link_secrets_are_cut_from_the_stored_copy_once_sent(mail_app, smtp_server, deliver):
    secret = "S3cr3t-link-value-that-must-not-stay-in-the-database-123"
    with mail_app.app_context():
        message = queue_email(
            "mail/test_message",
            "a@city.example",
            language="en",
            context={"recipient": f"https://showcase.test/manage/{secret}"},
            secrets=[secret],
        )
        db.session.commit()
        message_id = message.id
        assert secret in db.session.get(OutboxMessage, message_id).body_text
    deliver()
    assert secret in email_text(smtp_server.wait_for(1)[0])
    with mail_app.app_context():
        stored = db.session.get(OutboxMessage, message_id)
        assert secret not in stored.body_text and secret not in stored.body_html
        assert "[removed-after-sending]" in stored.body_text
        assert stored.secrets == []


def test_messages_are_found_and_erased_through_the_record_they_are_about(app, event):
    """A record's messages are filed under it (owner kind and id), not found by a key pattern."""
    from showcase.events.models import City, CityKind
    from showcase.events.services import get_event
    from showcase.mail.models import OutboxStatus
    from showcase.mail.services import erase_messages_of, messages_of, queue_email

    with app.app_context():
        ev = get_event(event)
        first = City(name_en="Phuket", country_code="TH", kind=CityKind.THAI_MEMBER)
        second = City(name_en="Rayong", country_code="TH", kind=CityKind.THAI_MEMBER)
        db.session.add_all([first, second])
        for city in (first, second, first):
            queue_email(
                "mail/test_message",
                f"office@{city.name_en.lower()}.example",
                language="en",
                event=ev,
                owner=city,
                secrets=["s3cret"],
            )
        db.session.commit()
        assert [m.recipient for m in messages_of(first)] == ["office@phuket.example"] * 2
        assert {(m.owner_kind, m.owner_id) for m in messages_of(second)} == {("city", second.id)}
        assert erase_messages_of(first, "erased@erased.invalid") == 2
        db.session.commit()
        erased = messages_of(first)
        assert {(m.recipient, m.body_text, m.status) for m in erased} == {
            ("erased@erased.invalid", "", OutboxStatus.CANCELLED)
        }
        assert [m.recipient for m in messages_of(second)] == ["office@rayong.example"]
