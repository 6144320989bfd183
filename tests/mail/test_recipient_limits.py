"""Nobody can make the site mail a stranger over and over: per address, mail asked for on public
pages is capped per hour, and a lost link asked for again within minutes is not sent again.
The pages answer the same either way. Counted at a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.limits import address_hash
from showcase.mail.models import OutboxMessage, RecipientBudget
from showcase.mail.services import queue_email
from tests.forms import RenderedForm
from tests.mail.helpers import register_through_the_form

VICTIM = "victim@city.example"


@pytest.fixture
def production_limits(app):
    """The limits as production has them (tests switch them off otherwise)."""
    app.config.update(MAIL_RECIPIENT_HOURLY_LIMIT=10, MAIL_RESEND_MINUTES=5)
    return app


def let_minutes_pass(app, minutes: int, address: str = VICTIM) -> None:
    """Move the address's budget back in time, as if ``minutes`` had passed."""
    with app.app_context():
        budget = db.session.get(RecipientBudget, address_hash(address))
        db.session.execute(
            update(RecipientBudget)
            .where(RecipientBudget.address_hash == budget.address_hash)
            .values(
                window_started_at=budget.window_started_at - timedelta(minutes=minutes),
                last_message_at=budget.last_message_at - timedelta(minutes=minutes),
            )
        )
        db.session.commit()


def lost_link(client, event: str, address: str):
    form = RenderedForm.get(client, f"/{event}/register/resend")
    response = form.fill("Email", address).submit()
    landing = client.get(response.headers["Location"])
    return response.status_code, response.headers["Location"], landing.get_data(as_text=True)


def test_a_burst_of_registrations_and_lost_links_mails_the_stranger_once(
    production_limits, client, open_event, smtp_server, mail_app, deliver
):
    from tests.booths.helpers import open_applications

    with production_limits.app_context():
        open_applications(get_event(open_event))
        db.session.commit()
    register_through_the_form(client, open_event, "Victim", VICTIM)
    answers = []
    for number in range(24):
        kind = number % 4
        if kind == 0:
            response = register_through_the_form(client, open_event, "Victim", VICTIM)
            answers.append(("register", response.status_code, response.headers["Location"]))
        elif kind == 1:
            answers.append(("lost", *lost_link(client, open_event, VICTIM)))
        elif kind == 2:
            form = RenderedForm.get(client, f"/{open_event}/booths/resend")
            response = form.fill("Your email address", VICTIM).submit()
            answers.append(("booth", response.status_code, response.headers["Location"]))
        else:
            form = RenderedForm.get(client, f"/{open_event}/cfp/link")
            response = form.fill("Your email", VICTIM).submit()
            answers.append(("speaker", response.status_code, response.headers["Location"]))

    deliver()

    assert Counter(r for e in smtp_server.envelopes for r in e.rcpt_tos) == {VICTIM: 1}
    [only] = smtp_server.wait_for(1)
    assert only["Subject"] == "Confirm your registration for World Smart City Showcase 2027"
    # Every page said what it always says.
    assert len({answer for answer in answers if answer[0] == "register"}) == 1
    assert len({answer for answer in answers if answer[0] == "lost"}) == 1

    # Minutes later a lost link is sent again, and the page is the one it was.
    let_minutes_pass(production_limits, 6)
    again = lost_link(client, open_event, VICTIM)
    assert again == next(answer[1:] for answer in answers if answer[0] == "lost")
    deliver()
    assert len(smtp_server.wait_for(2)) == 2
    assert "Here is a new link" in smtp_server.messages[1].get_body(("plain",)).get_content()


def test_mail_asked_for_on_public_pages_is_capped_per_address_and_hour(production_limits, event):
    app = production_limits
    app.config["MAIL_RECIPIENT_HOURLY_LIMIT"] = 3
    from tests.program.helpers import propose

    with app.app_context():
        ev = get_event(event)
        for number in range(5):
            propose(
                ev,
                confirm=False,
                email=VICTIM,
                title_en=f"Proposal {number}",
                co1_name="",
                co1_email="",
            )
        # What organisers cause is not counted.
        queue_email("mail/test_message", VICTIM, language="en", context={"recipient": "x"})
        db.session.commit()
        templates = list(db.session.scalars(select(OutboxMessage.template)))
    assert Counter(templates) == {"program/confirm": 3, "mail/test_message": 1}

    let_minutes_pass(app, 61)
    with app.app_context():
        propose(get_event(event), confirm=False, email=VICTIM, co1_name="", co1_email="")
        count = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert count == 5


@pytest.mark.postgres
def test_the_cap_holds_under_concurrent_requests_on_postgres(pg_app):
    pg_app.config["MAIL_RECIPIENT_HOURLY_LIMIT"] = 5
    start = threading.Barrier(20)
    results = []

    def ask() -> None:
        with pg_app.app_context():
            start.wait()
            message = queue_email(
                "mail/test_message",
                VICTIM,
                language="en",
                context={"recipient": VICTIM},
                asked=True,
            )
            db.session.commit()
            results.append(message is not None)
            db.session.remove()

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with pg_app.app_context():
        queued = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        budget = db.session.get(RecipientBudget, address_hash(VICTIM))
        assert budget.messages_in_window == 5
    assert Counter(results) == {True: 5, False: 15}
    assert queued == 5
