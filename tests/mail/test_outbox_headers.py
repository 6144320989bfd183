"""The headers of what the worker hands to SMTP, read back at a real SMTP server (aiosmtpd):
the language of the message, the site's own Message-ID domain, and names and subjects kept as
the text that was typed, whatever they look like."""

from __future__ import annotations

from showcase.extensions import db
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.mail.services import Attachment, queue_email
from tests.helpers import email_text
from tests.mail.helpers import register_through_the_form

ENCODED_WORD_NAME = "=?utf-8?q?Evil=0D=0ABcc:_x@evil.example?="


def headers_block(smtp_server, index: int = 0) -> str:
    raw = smtp_server.envelopes[index].original_content
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii")


def test_every_email_says_its_language_and_carries_a_message_id_of_the_site(
    app, mail_app, smtp_server, deliver
):
    app.config.update(
        PUBLIC_URL="https://wscs.depa.example/",
        MAIL_DEFAULT_SENDER="World Smart City Showcase <showcase@localhost>",
    )
    with app.app_context():
        ids = {}
        for language in ("th", "en"):
            message = queue_email(
                "mail/test_message",
                f"{language}@city.example",
                language=language,
                context={"recipient": "x"},
                attachments=[Attachment("event.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n")]
                if language == "en"
                else (),
            )
            db.session.flush()
            ids[language] = message.id
        db.session.commit()
        uuids = {
            language: str(db.session.get(OutboxMessage, i).uuid) for language, i in ids.items()
        }

    assert deliver().sent == 2

    received = {str(m["To"]).split("@")[0]: m for m in smtp_server.wait_for(2)}
    assert set(received) == {"th", "en"}
    for language, mail in received.items():
        # At the top of the message, not inside its first part.
        assert mail["Content-Language"] == language
        assert mail["Message-ID"] == f"<{uuids[language]}@wscs.depa.example>"
    assert received["en"].get_content_type() == "multipart/mixed"
    assert [part["Content-Language"] for part in received["en"].walk()][1:] == [None] * 4
    assert received["th"].get_content_type() == "multipart/alternative"


def test_the_registration_email_in_thai_says_it_is_thai(client, open_event, mail_app, smtp_server):
    from showcase.mail.worker import work

    register_through_the_form(client, open_event, "สมชาย ใจดี", "somchai@khonkaen.example", "th")
    with mail_app.app_context():
        assert work(once=True).sent == 1
    [mail] = smtp_server.wait_for(1)
    assert mail["Content-Language"] == "th"
    assert mail["Message-ID"].endswith("@showcase.test>")
    assert "Content-Language: th" in headers_block(smtp_server)


def test_a_name_that_looks_like_an_encoded_word_is_sent_as_that_text(
    client, open_event, mail_app, smtp_server, deliver
):
    register_through_the_form(client, open_event, ENCODED_WORD_NAME, "eve@city.example")

    report = deliver()

    assert (report.sent, report.failed, report.retrying) == (1, 0, 0), report.errors
    [mail] = smtp_server.wait_for(1)
    assert smtp_server.envelopes[0].rcpt_tos == ["eve@city.example"]
    assert mail["Bcc"] is None
    assert "\r\nBcc:" not in headers_block(smtp_server)
    [to] = mail["To"].addresses
    assert (to.display_name, to.addr_spec) == (ENCODED_WORD_NAME, "eve@city.example")
    assert f"Hello {ENCODED_WORD_NAME}," in email_text(mail)
    with mail_app.app_context():
        [row] = db.session.scalars(db.select(OutboxMessage)).all()
        assert row.status == OutboxStatus.SENT
        assert row.recipient_name == ENCODED_WORD_NAME


def test_a_session_title_that_looks_like_an_encoded_word_stays_text_in_the_subject(
    app, event, mail_app, smtp_server, deliver
):
    from tests.program.helpers import propose, the_event

    title = "Smart poles =?utf-8?q?=0D=0ABcc:_x@evil.example?= for Phuket"
    with app.app_context():
        propose(the_event(event), title_en=title, co1_name="", co1_email="")

    report = deliver()

    assert report.failed == 0 and report.sent >= 1, report.errors
    received = smtp_server.wait_for(report.sent)
    subjects = [str(mail["Subject"]) for mail in received]
    assert f"Your proposal “{title}” is with the organisers" in subjects
    for index, mail in enumerate(received):
        assert mail["Bcc"] is None
        assert "\r\nBcc:" not in headers_block(smtp_server, index)
        assert smtp_server.envelopes[index].rcpt_tos == ["somchai@khonkaen.example"]
