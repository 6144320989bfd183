"""An offer that expires sends two emails through the real SMTP server, in each person's
language: the person who did not accept is told the place has passed on, and the next person
is offered it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from showcase.core.db import unit_of_work, utcnow
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.registration.models import Registration
from showcase.registration.services import offers, registrations
from tests.helpers import email_text
from tests.onbehalf.helpers import S, by_email, waiting
from tests.registration.helpers import category

SUBJECTS = {
    "en": (
        "A place at World Smart City Showcase 2027 is offered to you",
        "Your registration for World Smart City Showcase 2027 is cancelled",
        "the offered place was not accepted in time",
    ),
    "th": (
        "มีที่นั่งใน มหกรรมเมืองอัจฉริยะโลก 2570 เสนอให้คุณ",
        "การลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 ของคุณถูกยกเลิกแล้ว",
        "ไม่ได้ตอบรับที่นั่งที่เสนอให้ภายในเวลาที่กำหนด",
    ),
}


@pytest.mark.parametrize("language", ["en", "th"])
def test_expired_offer_emails_both_people_in_their_language(
    mail_app, desk_event, smtp_server, deliver, language
):
    offered_subject, cancelled_subject, reason = SUBJECTS[language]
    with mail_app.app_context(), mail_app.test_request_context():
        event = get_event(desk_event)
        with unit_of_work(lock=True):
            offers.update_waitlist_settings(event, 48, by_hand=False)
        delegate = category(event, "delegate")
        first, _second = waiting(event, delegate, "a@x.example", "b@x.example")
        waiting(event, delegate, "w1@x.example", "w2@x.example")
        db.session.execute(
            Registration.__table__.update()
            .where(Registration.email.in_(["w1@x.example", "w2@x.example"]))
            .values(language=language)
        )
        db.session.commit()
        with unit_of_work(lock=True):
            registrations.cancel(first.id, registrations.Actor.REGISTRANT)
    deliver()
    smtp_server.messages.clear()
    with mail_app.app_context():
        db.session.execute(
            Registration.__table__.update()
            .where(Registration.email == "w1@x.example")
            .values(offer_expires_at=utcnow() - timedelta(minutes=5))
        )
        db.session.commit()
    with mail_app.app_context(), mail_app.test_request_context(), unit_of_work(lock=True):
        assert offers.expire_due_offers() == 1
    deliver()
    messages = smtp_server.wait_for(2)
    got = sorted((str(m["To"]).split("<")[-1].rstrip(">"), m["Subject"]) for m in messages)
    assert got == [("w1@x.example", cancelled_subject), ("w2@x.example", offered_subject)]
    (told,) = smtp_server.to("w1@x.example")
    assert reason in email_text(told)
    with mail_app.app_context():
        event = get_event(desk_event)
        assert by_email(event, "w2@x.example").state == S.OFFERED
