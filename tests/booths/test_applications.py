"""Applying for a booth: the form, email confirmation through real SMTP, the manage link, edits,
withdrawal, and every kind of bad input."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from showcase.booths.models import ApplicationState, BoothApplication, BoothApplicationLink
from showcase.booths.services.settings import update_settings
from showcase.core.db import unit_of_work
from showcase.events.models import City
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.mail.requests import resolve_requests
from tests.booths.helpers import application_values, get, png_bytes
from tests.helpers import links_in


def form_data(app, **overrides) -> dict:
    city = get(app, City, name_en="Khon Kaen")
    values = application_values(**overrides)
    data = {key: value for key, value in values.items() if not isinstance(value, bool)}
    data["city"] = str(city.id)
    for flag in ("needs_power", "needs_internet", "consent"):
        if values.get(flag):
            data[flag] = "y"
    return data


def test_apply_confirm_by_email_follow_edit_and_withdraw(
    client, app, booth_event, mail_app, smtp_server, deliver
):
    page = client.get(f"/{booth_event}/booths/apply").get_data(as_text=True)
    assert '<optgroup label="Thai member cities">' in page
    data = form_data(app, preferred_booths="a-02")
    data["logo"] = (io.BytesIO(png_bytes()), "logo.png")
    response = client.post(
        f"/{booth_event}/booths/apply", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{booth_event}/booths/apply/sent"
    application = get(app, BoothApplication, contact_email="somchai@khonkaen.example")
    assert application.state == ApplicationState.UNCONFIRMED
    assert application.preferred_booths == "A-02"
    assert application.logo_id is not None

    deliver()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "Somchai Jaidee <somchai@khonkaen.example>"
    assert message["Subject"] == "Confirm your booth application for Khon Kaen"
    [confirm_url] = [url for url in links_in(message) if "/booths/confirm/" in url]

    confirmed = client.get(confirm_url.replace("http://showcase.test", ""))
    assert confirmed.status_code == 302
    manage_path = confirmed.headers["Location"]
    assert re.fullmatch(rf"/{booth_event}/booths/application/[A-Za-z0-9_-]{{43}}/", manage_path)
    manage_response = client.get(manage_path)
    assert manage_response.headers["Cache-Control"] == "no-store"
    assert manage_response.headers["Referrer-Policy"] == "no-referrer"
    manage_page = manage_response.get_data(as_text=True)
    assert "your email address is confirmed" in manage_page
    assert '<span class="application-status">Submitted</span>' in manage_page
    assert get(app, BoothApplication, id=application.id).state == ApplicationState.SUBMITTED

    deliver()
    messages = smtp_server.wait_for(2)
    received = messages[1]
    assert received["Subject"] == "We have received the booth application for Khon Kaen"
    [emailed_manage] = [url for url in links_in(received) if "/booths/application/" in url]
    assert emailed_manage.replace("http://showcase.test", "") != manage_path  # a fresh secret
    assert client.get(emailed_manage.replace("http://showcase.test", "")).status_code == 200

    # A second click on the confirmation link changes nothing and sends nothing.
    again = client.get(confirm_url.replace("http://showcase.test", ""))
    assert again.status_code == 302
    assert deliver() is not None
    assert len(smtp_server.wait_for(3, timeout=0.5)) == 2

    edit = client.post(
        manage_path + "edit",
        data={**form_data(app, title_en="Khon Kaen Light Rail, phase two"), "logo": ""},
    )
    assert edit.status_code == 303
    edited = get(app, BoothApplication, id=application.id)
    assert edited.title_en == "Khon Kaen Light Rail, phase two"
    assert edited.logo_id == application.logo_id  # kept when no new logo is sent

    refused = client.post(manage_path + "withdraw", data={})
    assert refused.status_code == 303
    assert get(app, BoothApplication, id=application.id).state == ApplicationState.SUBMITTED
    withdrawn = client.post(manage_path + "withdraw", data={"confirm": "y"})
    assert withdrawn.status_code == 303
    assert get(app, BoothApplication, id=application.id).state == ApplicationState.WITHDRAWN
    deliver()
    last = smtp_server.wait_for(3)[2]
    assert last["Subject"] == "Booth application for Khon Kaen withdrawn"
    # Once withdrawn, the application cannot be edited any more.
    assert client.get(manage_path + "edit").status_code == 302


def test_bad_form_is_400_with_messages_tied_to_fields_and_saves_nothing(client, app, booth_event):
    data = form_data(
        app,
        contact_email="not-an-email",
        title_en="",
        title_th="",
        dimensions=[],
        preferred_booths="Z-99",
        space_sqm="lots",
    )
    response = client.post(f"/{booth_event}/booths/apply", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give a whole number." in page
    assert get(app, BoothApplication) is None
    data = form_data(app, contact_email="not-an-email")
    page = client.post(f"/{booth_event}/booths/apply", data=data).get_data(as_text=True)
    assert 'id="contact_email-error"' in page
    assert "Give an email address such as name@city.go.th." in page
    data = form_data(app, preferred_booths="Z-99")
    page = client.post(f"/{booth_event}/booths/apply", data=data).get_data(as_text=True)
    assert "There is no booth Z-99 on the floor plan." in page
    data = form_data(app)
    del data["consent"]
    page = client.post(f"/{booth_event}/booths/apply", data=data).get_data(as_text=True)
    assert "Please agree to the privacy notice" in page
    assert get(app, BoothApplication) is None


def test_bad_form_messages_are_in_thai_for_thai_readers(client, app, booth_event):
    client.set_cookie("showcase_lang", "th")
    data = form_data(app, contact_name="", title_en="", title_th="")
    response = client.post(f"/{booth_event}/booths/apply", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Fill in this field." not in page
    assert "กรอกช่องนี้" in page


def test_logo_that_is_not_an_image_is_400_and_too_large_is_413(client, app, booth_event):
    data = form_data(app)
    data["logo"] = (io.BytesIO(b"<script>alert(1)</script>"), "logo.png")
    response = client.post(
        f"/{booth_event}/booths/apply", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "This file is not an image that can be read." in response.get_data(as_text=True)
    data = form_data(app)
    data["logo"] = FileStorage(
        io.BytesIO(b"\x89PNG" + b"\0" * (2 * 1024 * 1024 + 10)), "big.png", content_type="image/png"
    )
    # Encoded in memory: the test client would spool a body this large to an unclosed file.
    boundary, body = encode_multipart(data)
    response = client.post(
        f"/{booth_event}/booths/apply",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "The image is larger than 2 MB." in page
    assert 'value="Somchai Jaidee"' in page  # what was typed is still there
    assert get(app, BoothApplication) is None


def test_closed_window_hides_the_link_and_refuses_with_403(client, app, booth_event):
    with app.app_context():
        past = datetime.now(UTC) - timedelta(days=10)
        with unit_of_work():
            update_settings(get_event(booth_event), past, past + timedelta(days=1), 1)
    home = client.get(f"/{booth_event}/").get_data(as_text=True)
    assert "Apply for a booth" not in home
    assert "Exhibitors" in home and "Floor plan" in home
    page = client.get(f"/{booth_event}/booths/apply")
    assert page.status_code == 200
    assert "Booth applications for this event are closed." in page.get_data(as_text=True)
    response = client.post(f"/{booth_event}/booths/apply", data=form_data(app))
    assert response.status_code == 403
    assert get(app, BoothApplication) is None


def test_tampered_unknown_and_expired_links(client, app, booth_event, mail_app, deliver):
    bogus = "A" * 43
    response = client.get(f"/{booth_event}/booths/application/{bogus}/")
    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)
    assert client.get(f"/{booth_event}/booths/application/short/").status_code == 404
    response = client.get(f"/{booth_event}/booths/confirm/{bogus}")
    assert response.status_code == 404
    assert "Get a new link" in response.get_data(as_text=True)

    client.post(f"/{booth_event}/booths/apply", data=form_data(app))
    with app.app_context():
        link = db.session.scalar(select(BoothApplicationLink))
        link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
        message = db.session.scalar(select(OutboxMessage))
    secret = re.search(r"/booths/confirm/([A-Za-z0-9_-]+)", message.body_text).group(1)
    response = client.get(f"/{booth_event}/booths/confirm/{secret}")
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    # A link of one event does not open another event's pages.
    tampered = secret[:-1] + ("B" if secret[-1] != "B" else "C")
    assert client.get(f"/{booth_event}/booths/confirm/{tampered}").status_code == 404


def test_resend_answers_the_same_for_unknown_addresses(client, app, booth_event, mail_app):
    client.post(f"/{booth_event}/booths/apply", data=form_data(app))
    known = client.post(f"/{booth_event}/booths/resend", data={"email": "somchai@khonkaen.example"})
    unknown = client.post(f"/{booth_event}/booths/resend", data={"email": "nobody@city.example"})
    with app.app_context():
        resolve_requests()  # the outbox worker's first step
    assert known.status_code == unknown.status_code == 303
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    assert "If there is an application for this address" in known_page
    with app.app_context():
        recipients = list(db.session.scalars(select(OutboxMessage.recipient)))
    assert recipients == ["somchai@khonkaen.example", "somchai@khonkaen.example"]
    bad = client.post(f"/{booth_event}/booths/resend", data={"email": "x\r\nBcc: y"})
    assert bad.status_code == 400
