from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from showcase.events.models import Event
from showcase.extensions import db


def settings_form(**overrides):
    data = {
        "name_en": "World Smart City Showcase 2027",
        "name_th": "มหกรรมเมืองอัจฉริยะโลก 2570",
        "starts_on": "2027-01-26",
        "ends_on": "2027-01-28",
        "timezone": "Asia/Bangkok",
        "venue_en": "QSNCC",
        "registration_opens_at": "2026-11-01T09:00",
        "registration_closes_at": "2027-01-25T18:00",
        "cfp_opens_at": "",
        "cfp_closes_at": "",
    }
    data.update(overrides)
    return data


def test_settings_windows_are_read_in_the_event_timezone(app, client, event, login):
    login("organiser")
    response = client.post(f"/manage/{event}/settings", data=settings_form())
    assert response.status_code == 303
    with app.app_context():
        saved = db.session.scalar(select(Event))
        assert saved.registration_opens_at == datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
        assert saved.cfp_opens_at is None
    page = client.get(f"/manage/{event}/settings").get_data(as_text=True)
    assert 'value="2026-11-01T09:00"' in page


def test_settings_refuse_dates_out_of_order_and_keep_what_was_saved(app, client, event, login):
    login("organiser")
    response = client.post(
        f"/manage/{event}/settings", data=settings_form(ends_on="2027-01-20", name_en="Changed")
    )
    assert response.status_code == 400
    assert "The event cannot end before it starts." in response.get_data(as_text=True)
    half = client.post(
        f"/manage/{event}/settings",
        data=settings_form(registration_closes_at="", name_en="Changed"),
    )
    assert half.status_code == 400
    assert "Give both the opening and the closing time, or neither." in half.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Event.name_en)) == "World Smart City Showcase 2027"


def test_new_event_gets_seven_tracks_and_reserved_acronyms_are_refused(app, client, login):
    login("admin")
    ok = client.post("/manage/events/new", data=settings_form(acronym="wscs2028"))
    assert ok.status_code == 303
    with app.app_context():
        created = db.session.scalar(select(Event).where(Event.acronym == "wscs2028"))
        assert len(created.tracks) == 7
    for acronym, message in [
        ("manage", "This acronym is reserved"),
        ("wscs2028", "An event with this acronym already exists."),
        ("WS 28", "Use 4 to 32 lower-case letters and digits."),
    ]:
        refused = client.post("/manage/events/new", data=settings_form(acronym=acronym))
        assert refused.status_code == 400
        assert message in refused.get_data(as_text=True)


def test_tracks_stylesheet_lists_each_track_colour(client, event):
    response = client.get(f"/{event}/tracks.css")
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert css.count("{ --track-colour:") == 7
    assert ".track-mobility { --track-colour: #1f5fa8; }" in css


def test_venue_address_has_a_thai_version_on_pages_and_in_emails(app, client, event, login):
    from showcase.booths.services import decisions, layout
    from showcase.core.db import unit_of_work
    from showcase.events.services import get_event
    from showcase.mail.models import OutboxMessage
    from tests.booths.helpers import add_city, open_applications, submit
    from tests.forms import RenderedForm

    login("organiser")
    form = RenderedForm.get(client, f"/manage/{event}/settings", language="th")
    form.fill("ที่อยู่สถานที่จัดงาน (ภาษาอังกฤษ)", "60 Ratchadaphisek Road, Bangkok 10110")
    form.fill("ที่อยู่สถานที่จัดงาน (ภาษาไทย)", "60 ถนนรัชดาภิเษก กรุงเทพมหานคร 10110")
    assert form.submit().status_code == 303
    thai = client.get(f"/{event}/", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert "60 ถนนรัชดาภิเษก กรุงเทพมหานคร 10110" in thai
    assert "Ratchadaphisek Road" not in thai
    english = client.get(f"/{event}/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "60 Ratchadaphisek Road, Bangkok 10110" in english

    with app.app_context():
        current = get_event(event)
        with unit_of_work(lock=True):
            open_applications(current)
            hall = layout.create_hall(current, code="A", name_en="Hall A", width=20, depth=10)
            booth = layout.create_booth(
                current, code="A-01", hall=hall, x=1, y=1, width=3, depth=3, zone="general"
            )
            city = add_city("Khon Kaen", "ขอนแก่น")
            application = submit(current, city)
            application.language = "th"
            decisions.approve_application(current, application.id, booth.id, "organiser")
        approved = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "booths/approved")
        ).one()
        assert "ศูนย์การประชุมแห่งชาติสิริกิติ์, 60 ถนนรัชดาภิเษก กรุงเทพมหานคร 10110" in approved.body_text
        assert "60 ถนนรัชดาภิเษก กรุงเทพมหานคร 10110" in approved.body_html


def test_host_country_is_chosen_in_the_settings_and_leads_the_registration_country_list(
    app, client, event, login
):
    from tests.forms import RenderedForm

    login("organiser")
    form = RenderedForm.get(client, f"/manage/{event}/settings")
    assert form.value("Host country") == "TH"
    assert form.options("Host country")[:3] == ["Afghanistan", "Åland Islands", "Albania"]
    response = form.choose("Host country", "Singapore").submit()
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Event.country_code)) == "SG"
    register = RenderedForm.get(client, f"/{event}/register")
    assert register.options("Country (for “Other city”)")[:3] == [
        "Choose a country",
        "Singapore",
        "Afghanistan",
    ]
    refused = client.post(
        f"/manage/{event}/settings", data=settings_form(country_code="XX", name_en="Changed")
    )
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Event.country_code)) == "SG"
