"""The three lost-link forms do the same work for a known address and an unknown one: one
request row, the same SQL statements, nothing in the outbox. The outbox worker then sends the
link to the known address only. (Their timing is measured by bench/link_resend_bench.py.)"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import MailRequest, OutboxMessage
from tests.forms import RenderedForm

KNOWN = "somchai@khonkaen.example"
UNKNOWN = "nobody@nowhere.example"

FORMS = {
    "registration": ("/{event}/register/resend", "Email"),
    "booth application": ("/{event}/booths/resend", "Your email address"),
    "speaker": ("/{event}/cfp/link", "Your email"),
}
FORMS_TH = {
    "registration": "อีเมล",
    "booth application": "อีเมลของคุณ",
    "speaker": "อีเมลของคุณ",
}


@pytest.fixture
def known_everywhere(app, event) -> str:
    """The event where KNOWN has a registration, a booth application and a proposal."""
    from tests.booths.helpers import add_city as add_booth_city
    from tests.booths.helpers import open_applications
    from tests.booths.helpers import submit as submit_application
    from tests.program.helpers import propose
    from tests.registration.helpers import add_category, add_city, register

    with app.app_context():
        ev = get_event(event)
        city = add_city("Khon Kaen", "ขอนแก่น")
        register(ev, city, add_category(ev, "visitor"), confirm=True)
        db.session.commit()
        with unit_of_work():
            open_applications(ev)
            submit_application(ev, add_booth_city("Phuket", "ภูเก็ต"))
        propose(ev, co1_name="", co1_email="")
        db.session.execute(db.delete(OutboxMessage))
        db.session.commit()
    return event


@contextmanager
def statements(app):
    """Every SQL statement the app runs in the block, without its parameters."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)


def counts(app) -> tuple[int, int]:
    with app.app_context():
        requests = db.session.scalar(select(func.count()).select_from(MailRequest))
        messages = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        return requests, messages


def post(client, url: str, label: str, address: str, language: str = "en"):
    form = RenderedForm.get(client, url, language=language)
    return form.fill(label, address).submit()


@pytest.mark.parametrize("name", list(FORMS))
def test_a_lost_link_form_does_the_same_work_for_a_known_and_an_unknown_address(
    app, client, known_everywhere, name
):
    url, label = FORMS[name]
    url = url.format(event=known_everywhere)
    post(client, url, label, "warm-up@nowhere.example")  # first-request work out of the way
    answers, work, landing = {}, {}, {}
    for address in (KNOWN, UNKNOWN):
        before = counts(app)
        form = RenderedForm.get(client, url)
        form.fill(label, address)
        with statements(app) as seen:
            response = form.submit()
        after = counts(app)
        answers[address] = (response.status_code, response.headers.get("Location"))
        work[address] = seen
        landing[address] = client.get(response.headers["Location"]).get_data(as_text=True)
        assert (after[0] - before[0], after[1] - before[1]) == (1, 0)  # a request, no email

    assert answers[KNOWN] == answers[UNKNOWN]
    assert landing[KNOWN] == landing[UNKNOWN]  # the page the person lands on, flash included
    assert work[KNOWN] == work[UNKNOWN]
    writes = [s for s in work[KNOWN] if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert len(writes) == 1 and writes[0].startswith("INSERT INTO mail_request ")


def test_the_worker_sends_the_links_to_the_known_address_only(
    app, client, known_everywhere, mail_app, smtp_server, deliver
):
    for name, (url, label) in FORMS.items():
        for address in (KNOWN, UNKNOWN):
            response = post(client, url.format(event=known_everywhere), label, address)
            assert response.status_code in (302, 303), name
    assert counts(app) == (6, 0)

    report = deliver()

    assert report.sent == 3
    received = smtp_server.wait_for(3)
    assert Counter(r for e in smtp_server.envelopes for r in e.rcpt_tos) == {KNOWN: 3}
    assert sorted(str(m["Subject"]) for m in received) == [
        "Your booth application for Phuket",
        "Your registration for World Smart City Showcase 2027",
        "Your speaker page for World Smart City Showcase 2027",
    ]
    assert counts(app) == (0, 3)


def test_the_lost_link_forms_answer_the_same_in_thai(app, client, known_everywhere):
    for name, (url, _label) in FORMS.items():
        url = url.format(event=known_everywhere)
        answers, pages = [], []
        for address in (KNOWN, UNKNOWN):
            response = post(client, url, FORMS_TH[name], address, language="th")
            answers.append((response.status_code, response.headers["Location"]))
            landing = client.get(response.headers["Location"], headers={"Accept-Language": "th"})
            pages.append(landing.get_data(as_text=True))
        assert answers[0] == answers[1]
        assert pages[0] == pages[1] and '<html lang="th">' in pages[0]
    assert counts(app) == (6, 0)


def test_a_request_that_cannot_be_resolved_is_dropped_and_the_others_are_not(
    app, known_everywhere, caplog
):
    from showcase.mail import requests

    calls = []

    @requests.resolver("test-broken")
    def broken(request):
        calls.append(request.address)
        raise RuntimeError("a bug")

    try:
        with app.app_context():
            ev = get_event(known_everywhere)
            requests.request_email("test-broken", "a@city.example", event=ev)
            requests.request_email("speaker-link", KNOWN, event=ev)
            db.session.commit()
            assert requests.resolve_requests() == 2
            messages = db.session.scalars(select(OutboxMessage)).all()
    finally:
        requests._RESOLVERS.pop("test-broken")
    assert calls == ["a@city.example"]
    assert [m.template for m in messages] == ["program/manage_link"]
    assert "mail request 1 (test-broken) could not be resolved" in caplog.text
    assert counts(app) == (0, 1)
