"""What a registrant is told while waiting (their place in the queue, on their page and in the
email) and after cancelling (only what still makes sense, and a way to register again)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from showcase.core.db import unit_of_work
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services import registrations
from tests.forms import RenderedForm
from tests.helpers import email_html, email_text, links_in
from tests.registration.helpers import add_city, category, manage_secret, register

S = RegistrationState


def waiting_delegates(app, reg_event, count: int, language: str = "en") -> list[int]:
    """The two delegate seats taken, then ``count`` people on the waiting list."""
    with app.app_context():
        ev = get_event(reg_event)
        delegate = category(ev, "delegate")
        kk = add_city("Khon Kaen")
        for n in range(2):
            register(ev, kk, delegate, confirm=True, email=f"seat{n}@kk.example")
        ids = [
            register(
                ev, kk, delegate, confirm=True, email=f"wait{n}@kk.example", language=language
            ).id
            for n in range(count)
        ]
        assert {db.session.get(Registration, i).state for i in ids} == {S.WAITLISTED}
        return ids


def manage_page(app, client, reg_event, registration_id: int, lang: str = "en"):
    with app.app_context():
        secret = manage_secret(db.session.get(Registration, registration_id))
    url = f"/{reg_event}/registration/{secret}/"
    return url, client.get(url, headers={"Accept-Language": lang})


WAITLIST_SUBJECTS = (
    "You are on the waiting list for World Smart City Showcase 2027",
    "คุณอยู่ในรายชื่อสำรองของ มหกรรมเมืองอัจฉริยะโลก 2570",
)


def waitlist_email(smtp_server, address: str):
    [message] = [m for m in smtp_server.to(address) if m["Subject"] in WAITLIST_SUBJECTS]
    return message


@pytest.mark.parametrize(
    ("lang", "second", "first"),
    [
        ("en", "You are number 2 on the waiting list for City delegate.", "number 1"),
        ("th", "คุณอยู่ลำดับที่ 2 ในรายชื่อสำรองของ ผู้แทนเมือง", "ลำดับที่ 1"),
    ],
)
def test_waiting_person_sees_their_place_in_the_queue(app, client, reg_event, lang, second, first):
    ahead, behind, _last = waiting_delegates(app, reg_event, 3)
    _url, page = manage_page(app, client, reg_event, behind, lang)
    position = BeautifulSoup(page.text, "html.parser").select_one(".waitlist-position")
    assert position.get_text(" ", strip=True) == second
    # When the person ahead leaves the queue, the place moves up.
    with app.app_context(), unit_of_work(lock=True):
        registrations.cancel(ahead, registrations.Actor.REGISTRANT)
    _url, page = manage_page(app, client, reg_event, behind, lang)
    text = BeautifulSoup(page.text, "html.parser").select_one(".waitlist-position").get_text()
    assert first in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "You are number 2 on the waiting list for City delegate."),
        ("th", "คุณอยู่ลำดับที่ 2 ในรายชื่อสำรองของ ผู้แทนเมือง"),
    ],
)
def test_waiting_list_email_gives_the_place_in_the_queue(
    mail_app, reg_event, smtp_server, deliver, language, expected
):
    waiting_delegates(mail_app, reg_event, 2, language=language)
    deliver()
    smtp_server.wait_for(8)
    second = waitlist_email(smtp_server, "wait1@kk.example")
    assert expected in email_text(second)
    assert expected in email_html(second)
    first = waitlist_email(smtp_server, "wait0@kk.example")
    assert expected.replace("2", "1") in email_text(first)


def test_cancelled_page_offers_only_what_still_makes_sense(app, client, reg_event):
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Phuket"), category(ev, "visitor"), confirm=True)
        registration_id = registration.id
    url, before = manage_page(app, client, reg_event, registration_id)
    for still_active in ("event.ics", "/agenda/", "/edit", "/cancel", "/badge"):
        assert still_active in before.text, still_active
    with app.app_context(), unit_of_work(lock=True):
        registrations.cancel(registration_id, registrations.Actor.REGISTRANT)
    page = client.get(url)
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one(".registration-state").get_text() == "Cancelled"
    links = {a["href"] for a in soup.select("main a[href]")}
    assert not [
        link for link in links if re.search(r"event\.ics|/agenda/|/edit|/cancel|/badge", link)
    ]
    assert "My agenda" not in page.text
    assert "badge" not in soup.select_one("main").get_text().lower()
    assert f"/{reg_event}/register" in links  # register again
    # The personal data stays the registrant's to download or erase.
    assert any(link.endswith("/data.json") for link in links)
    assert any(link.endswith("/erase") for link in links)
    # The badge link of the old "you are registered" email no longer promises a badge.
    badge = client.get(url + "badge", follow_redirects=True)
    assert "This registration is cancelled, so it has no badge." in badge.text
    assert "once your registration is confirmed" not in badge.text


@pytest.mark.parametrize("language", ["en", "th"])
def test_cancellation_email_links_to_the_registration_form(
    mail_app, client, reg_event, smtp_server, deliver, language
):
    with mail_app.app_context():
        ev = get_event(reg_event)
        registration = register(
            ev, add_city("Phuket"), category(ev, "visitor"), confirm=True, language=language
        )
        with unit_of_work(lock=True):
            registrations.cancel(registration.id, registrations.Actor.REGISTRANT)
    deliver()
    message = smtp_server.wait_for(3)[-1]
    assert message["Subject"] in (
        "Your registration for World Smart City Showcase 2027 is cancelled",
        "การลงทะเบียนเข้าร่วม มหกรรมเมืองอัจฉริยะโลก 2570 ของคุณถูกยกเลิกแล้ว",
    )
    [again] = [link for link in links_in(message) if link.endswith(f"/{reg_event}/register")]
    assert f'href="{again}"' in email_html(message)
    form = RenderedForm.get(client, again.replace(mail_app.config["PUBLIC_URL"], ""))
    assert "Registration category" in form.labels
