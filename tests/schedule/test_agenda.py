"""A registrant's agenda: stars through the manage link, the personal calendar feed, and one
email when a starred session moves or is cancelled."""

from __future__ import annotations

import re

import icalendar
import pytest
from sqlalchemy import func, select

from showcase.events.services import get_event
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState
from showcase.schedule.models import RegistrationStar
from tests.helpers import email_text
from tests.registration.helpers import add_category, add_city, manage_secret, register
from tests.schedule.helpers import at, place, publish


@pytest.fixture
def registrant(app, program):
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    place(app, "wscs2027", s["rail"], r["Room B"], at(1, 10))
    place(app, "wscs2027", s["grid"], r["Room C"], at(2, 14))
    publish(app, "wscs2027", "1.0")
    with app.app_context():
        ev = get_event("wscs2027")
        category = add_category(ev, "visitor", name_en="Visitor")
        city = add_city("Khon Kaen", "ขอนแก่น")
        db.session.commit()
        people = {}
        for name, email, lang in (
            ("Malee Srisuk", "malee@example.org", "th"),
            ("Tom Baker", "tom@example.org", "en"),
        ):
            registration = register(
                ev, city, category, confirm=True, full_name=name, email=email, language=lang
            )
            people[email] = {"id": registration.id, "secret": manage_secret(registration)}
    return people


def star(client, secret: str, code: str, starred: bool = True):
    return client.post(
        f"/wscs2027/registration/{secret}/agenda/star",
        data={"code": code, "starred": "1" if starred else "0"},
    )


def test_registrant_stars_sessions_and_subscribes_to_a_feed(app, client, registrant):
    secret = registrant["malee@example.org"]["secret"]
    manage = client.get(f"/wscs2027/registration/{secret}/").get_data(as_text=True)
    assert f"/wscs2027/registration/{secret}/agenda/" in manage
    page = client.get(f"/wscs2027/registration/{secret}/agenda/")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert star(client, secret, "RAIL02").status_code == 303
    assert star(client, secret, "RAIL02").status_code == 303  # twice is still one star
    star(client, secret, "GRID03")
    star(client, secret, "GRID03", starred=False)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RegistrationStar)) == 1
    page = client.get(f"/wscs2027/registration/{secret}/agenda/").get_data(as_text=True)
    feed_url = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page).group(1)
    feed = client.get(feed_url.replace("http://localhost", ""))
    calendar = icalendar.Calendar.from_ical(feed.get_data())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        "Khon Kaen light rail / รถไฟฟ้ารางเบาขอนแก่น"
    ]
    token = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/wscs2027/schedule/agenda/{forged}.ics").status_code == 404
    assert star(client, secret, "NOPE99").status_code == 303
    assert client.get("/wscs2027/registration/not-a-secret/agenda/").status_code == 404


def test_starring_registrants_hear_once_when_a_starred_session_changes(
    app, mail_app, client, program, registrant, smtp_server, deliver
):
    malee = registrant["malee@example.org"]["secret"]
    tom = registrant["tom@example.org"]["secret"]
    star(client, malee, "RAIL02")
    star(client, malee, "GRID03")
    star(client, tom, "OPEN01")
    deliver()
    before = len(smtp_server.wait_for(3))
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["rail"], r["Room C"], at(1, 11))
    with app.app_context():
        db.session.get(ProgramSession, s["grid"]).state = SessionState.CANCELLED
        db.session.commit()
    publish(app, "wscs2027", "1.1")
    deliver()
    messages = smtp_server.wait_for(before + 2)[before:]
    # Somchai (moved session) and Malee (starred two changed sessions): one each; Tom nothing.
    assert sorted(str(m["To"]).split("<")[1].rstrip(">") for m in messages) == [
        "malee@example.org",
        "somchai@example.org",
    ]
    [malee_mail] = [m for m in messages if "malee@" in str(m["To"])]
    text = email_text(malee_mail)
    assert "รถไฟฟ้ารางเบาขอนแก่น" in text
    assert "ห้อง ซี" in text
    assert "Smart grids in Phuket" in text
    assert "/wscs2027/schedule/agenda/" in text
