"""The call for sessions: proposing, confirming by email through real SMTP, co-speaker
invitations, the speaker's page (edit, withdraw, confirm), the CfP window and bad input."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState, Speaker
from tests.helpers import links_in
from tests.program.helpers import form_data, png_bytes

BASE = "http://showcase.test"


def path(url: str) -> str:
    return url.replace(BASE, "")


def test_propose_confirm_invite_co_speaker_and_follow_to_confirmed(
    client, app, event, mail_app, smtp_server, deliver, login
):
    page = client.get(f"/{event}/cfp/")
    assert page.status_code == 200
    assert 'for="co1_email"' in page.get_data(as_text=True)
    response = client.post(f"/{event}/cfp/", data=form_data())
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == f"/{event}/cfp/sent"
    with app.app_context():
        session = db.session.scalar(select(ProgramSession))
        assert re.fullmatch(r"[0-9A-Z]{6}", session.code)
        assert session.state == SessionState.SUBMITTED
        assert session.proposal_confirmed_at is None
        assert session.duration_minutes == 30  # the default of a talk
        assert [s.email for s in session.speakers] == [
            "somchai@khonkaen.example",
            "nok@khonkaen.example",
        ]
        code = session.code

    deliver()
    [confirm] = smtp_server.wait_for(1)
    assert confirm["To"] == "Somchai Jaidee <somchai@khonkaen.example>"
    assert confirm["Subject"] == "Confirm your session proposal for World Smart City Showcase 2027"
    [confirm_url] = [url for url in links_in(confirm) if "/cfp/confirm/" in url]

    # The organisers do not see an unconfirmed proposal.
    login("organiser")
    assert code not in client.get(f"/manage/{event}/program/").get_data(as_text=True)

    confirmed = client.get(path(confirm_url))
    assert confirmed.status_code == 303
    home = confirmed.headers["Location"]
    assert re.fullmatch(rf"/{event}/cfp/me/[A-Za-z0-9_-]{{43}}/", home)
    home_page = client.get(home)
    assert home_page.headers["Cache-Control"] == "no-store"
    assert "Light rail for a mid-sized city" in home_page.get_data(as_text=True)

    deliver()
    messages = smtp_server.wait_for(3)
    assert len(messages) == 3
    received = smtp_server.to("somchai@khonkaen.example")[1]
    assert received["Subject"] == (
        "Your proposal “Light rail for a mid-sized city” is with the organisers"
    )
    [invite] = smtp_server.to("nok@khonkaen.example")
    assert invite["Subject"] == "You are invited to speak at World Smart City Showcase 2027"
    [co_home] = [url for url in links_in(invite) if "/cfp/me/" in url]

    # The co-speaker completes their profile with a photo through their own link.
    co_profile = path(co_home) + "profile"
    saved = client.post(
        co_profile,
        data={
            "name": "Nok Srisuk",
            "name_th": "นก ศรีสุข",
            "organisation": "Khon Kaen University",
            "job_title": "Researcher",
            "city": "",
            "language": "th",
            "bio_en": "Studies how cities move.",
            "bio_th": "",
            "links": "https://example.org/nok",
            "photo": (io.BytesIO(png_bytes()), "me.png"),
        },
        content_type="multipart/form-data",
    )
    assert saved.status_code == 303, saved.get_data(as_text=True)
    with app.app_context():
        nok = db.session.scalar(select(Speaker).where(Speaker.email == "nok@khonkaen.example"))
        assert nok.photo_id is not None and nok.language == "th"

    # The organiser accepts; both speakers get the email, each in their own language.
    assert code in client.get(f"/manage/{event}/program/").get_data(as_text=True)
    decided = client.post(
        f"/manage/{event}/program/sessions/{code}/decide", data={"state": "accepted"}
    )
    assert decided.status_code == 303
    deliver()
    messages = smtp_server.wait_for(5)
    accepted = [m for m in messages[3:]]
    assert sorted(str(m["To"]) for m in accepted) == [
        "Nok Srisuk <nok@khonkaen.example>",
        "Somchai Jaidee <somchai@khonkaen.example>",
    ]
    english = next(m for m in accepted if "somchai" in str(m["To"]))
    assert english["Subject"] == (
        "Accepted: “Light rail for a mid-sized city” at World Smart City Showcase 2027"
    )
    thai = next(m for m in accepted if "nok" in str(m["To"]))
    assert "ตอบรับ" in thai["Subject"]

    # Not public before the speaker confirms.
    client.get("/manage/logout")
    assert client.get(f"/{event}/speakers/").get_data(as_text=True).count("Nok Srisuk") == 0

    [accepted_home] = [url for url in links_in(english) if "/cfp/me/" in url]
    confirm_page = client.get(path(accepted_home)).get_data(as_text=True)
    assert "Confirm the session" in confirm_page
    done = client.post(path(accepted_home) + f"sessions/{code}/confirm", data={})
    assert done.status_code == 303
    with app.app_context():
        session = db.session.scalar(select(ProgramSession).where(ProgramSession.code == code))
        assert session.state == SessionState.CONFIRMED
        assert [(c.from_state, c.to_state, c.actor) for c in session.history] == [
            ("submitted", "accepted", "organiser"),
            ("accepted", "confirmed", "speaker"),
        ]
        nok_code = nok.code
    listing = client.get(f"/{event}/speakers/").get_data(as_text=True)
    assert "Somchai Jaidee" in listing and "Nok Srisuk" in listing
    speaker_page = client.get(f"/{event}/speakers/{nok_code}/")
    assert speaker_page.status_code == 200
    assert "Light rail for a mid-sized city" in speaker_page.get_data(as_text=True)


def test_a_lost_link_is_sent_again_to_speakers_only(
    client, app, event, mail_app, smtp_server, deliver
):
    from tests.program.helpers import propose, the_event

    with app.app_context():
        propose(the_event(event))
    deliver()
    before = len(smtp_server.wait_for(3))
    page = client.get(f"/{event}/cfp/link")
    assert page.status_code == 200
    assert client.post(f"/{event}/cfp/link", data={"email": "nobody@x.example"}).status_code == 303
    assert client.post(f"/{event}/cfp/link", data={"email": "not an address"}).status_code == 400
    sent = client.post(f"/{event}/cfp/link", data={"email": "NOK@khonkaen.example"})
    assert sent.status_code == 303
    deliver()
    messages = smtp_server.wait_for(before + 1)
    assert len(messages) == before + 1
    message = messages[-1]
    assert message["To"] == "Nok Srisuk <nok@khonkaen.example>"
    assert message["Subject"] == "Your speaker page for World Smart City Showcase 2027"
    [home] = [url for url in links_in(message) if "/cfp/me/" in url]
    assert client.get(path(home)).status_code == 200
    # A broken link's page offers the same form.
    broken = client.get(f"/{event}/cfp/me/{'B' * 43}/").get_data(as_text=True)
    assert "Get a new link" in broken and f"/{event}/cfp/link" in broken


def test_speakers_keep_their_own_availability(client, app, event):
    from showcase.program.services import proposals
    from tests.program.helpers import proposal_values, the_event

    with app.app_context():
        current = the_event(event)
        with unit_of_work(lock=True):
            _session, secret = proposals.submit_proposal(current, proposal_values(), "en")
            _s, _sp, manage, _new = proposals.confirm_proposal(current, secret)
    base = f"/{event}/cfp/me/{manage}"
    added = client.post(
        f"{base}/availability",
        data={"starts_at": "2027-01-27T13:00", "ends_at": "2027-01-27T17:30"},
    )
    assert added.status_code == 303
    assert added.headers["Location"].endswith("/profile#availability")
    refused = client.post(
        f"{base}/availability",
        data={"starts_at": "2027-01-27T13:00", "ends_at": "yesterday"},
        follow_redirects=True,
    )
    assert "Give a date and time, such as 2027-01-26 09:00." in refused.get_data(as_text=True)
    page = client.get(f"{base}/profile").get_data(as_text=True)
    assert "13:00" in page and "17:30" in page
    with app.app_context():
        speaker = db.session.scalar(
            select(Speaker).where(Speaker.email == "somchai@khonkaen.example")
        )
        [window] = speaker.availability
        assert (window.starts_at.hour, window.ends_at.hour, window.ends_at.minute) == (6, 10, 30)
        window_id = window.id
    # Another speaker's link cannot remove it.
    with app.app_context(), unit_of_work(lock=True):
        other = proposals.submit_proposal(
            the_event(event), proposal_values(email="o@x.example", co1_name="", co1_email=""), "en"
        )[1]
        other_manage = proposals.confirm_proposal(the_event(event), other)[2]
    stolen = client.post(
        f"/{event}/cfp/me/{other_manage}/availability/{window_id}/delete", follow_redirects=True
    )
    assert "There is no such time window." in stolen.get_data(as_text=True)
    assert client.post(f"{base}/availability/{window_id}/delete").status_code == 303
    with app.app_context():
        speaker = db.session.scalar(
            select(Speaker).where(Speaker.email == "somchai@khonkaen.example")
        )
        assert speaker.availability == []
