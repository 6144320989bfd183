"""Organisers decide: approve with a free booth, waitlist, reject, cancel; the emails of each step;
the guarantees (one exhibitor per booth, the city limit) in the services and in the database."""

from __future__ import annotations

import csv
import io
from datetime import UTC
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from showcase.booths.models import ApplicationState, Booth, BoothApplication
from showcase.booths.services import decisions as decisions_rules
from showcase.booths.services import layout as layout_rules
from showcase.booths.services.settings import find_settings, get_settings
from showcase.core.db import unit_of_work
from showcase.events.models import City
from showcase.events.services import get_event
from showcase.extensions import db
from tests.booths.helpers import InUnitsOfWork, add_city, get, submit
from tests.helpers import email_text, links_in

decisions = InUnitsOfWork(decisions_rules)
layout = InUnitsOfWork(layout_rules)


def make_application(app, event, city_name="Khon Kaen", **values) -> int:
    with app.app_context():
        city = db.session.scalar(select(City).where(City.name_en == city_name))
        return submit(get_event(event), city, **values).id


def booth_id(app, event, code) -> int:
    with app.app_context():
        return layout.booth_by_code(get_event(event), code).id


def test_approval_assigns_a_free_booth_and_emails_the_booth_hall_and_plan_link(
    client, app, booth_event, login, mail_app, smtp_server, deliver
):
    application_id = make_application(app, booth_event, preferred_booths="A-02")
    login("organiser")
    page = client.get(f"/manage/{booth_event}/booths/applications/{application_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    offered = text.split('id="approve-booth"')[1].split("</select>")[0]
    # Only free, assignable booths: A-04 is blocked.
    assert "A-01" in offered and "A-03" in offered and "A-04" not in offered
    assert "selected" in offered.split("A-02")[0].rsplit("<option", 1)[1]  # the wish
    assert text.count('class="booth-shape"') == 4  # the plan beside the decision

    response = client.post(
        f"/manage/{booth_event}/booths/applications/{application_id}/approve",
        data={"approve-booth": str(booth_id(app, booth_event, "A-02")), "approve-note": "Welcome"},
    )
    assert response.status_code == 303
    application = get(app, BoothApplication, id=application_id)
    assert application.state == ApplicationState.APPROVED
    assert (application.booth_id, application.city_slot) == (booth_id(app, booth_event, "A-02"), 1)

    deliver()
    message = smtp_server.to("somchai@khonkaen.example")[-1]
    assert message["Subject"] == "Booth A-02 for Khon Kaen: your application is approved"
    body = email_text(message)
    assert "Your booth is A-02 in Hall A." in body
    assert "A note from the organisers: Welcome" in body
    assert f"http://showcase.test/{booth_event}/floorplan/?highlight=A-02" in links_in(message)

    # The exhibitor is in the directory and on the plan at that booth.
    directory = client.get(f"/{booth_event}/exhibitors/").get_data(as_text=True)
    assert f'href="/{booth_event}/exhibitors/{application_id}-khon-kaen/"' in directory
    assert "Booth A-02</strong> · Hall A" in directory
    plan = client.get(f"/{booth_event}/floorplan.svg").get_data(as_text=True)
    assert 'data-code="A-02" data-status="assigned"' in plan
    exhibitor = client.get(f"/{booth_event}/exhibitors/{application_id}-khon-kaen/")
    assert exhibitor.status_code == 200
    assert 'class="highlight-ring"' in exhibitor.get_data(as_text=True)


def test_taken_booth_is_refused_with_409_and_a_clear_message(client, app, booth_event, login):
    first = make_application(app, booth_event)
    second = make_application(app, booth_event, "Phuket", contact_email="p@phuket.example")
    with app.app_context():
        decisions.approve_application(
            get_event(booth_event), first, booth_id(app, booth_event, "A-01"), "o@x.example"
        )
    login("organiser")
    response = client.post(
        f"/manage/{booth_event}/booths/applications/{second}/approve",
        data={"approve-booth": str(booth_id(app, booth_event, "A-01"))},
    )
    assert response.status_code == 409
    assert "Booth A-01 was just given to Khon Kaen. Choose another booth." in response.get_data(
        as_text=True
    )
    assert get(app, BoothApplication, id=second).state == ApplicationState.SUBMITTED
    blocked = client.post(
        f"/manage/{booth_event}/booths/applications/{second}/approve",
        data={"approve-booth": str(booth_id(app, booth_event, "A-04"))},
    )
    assert blocked.status_code == 409
    assert "Booth A-04 is blocked and cannot be assigned." in blocked.get_data(as_text=True)


def test_city_limit_refuses_a_second_booth_unless_the_settings_allow_it(app, booth_event):
    first = make_application(app, booth_event)
    second = make_application(app, booth_event, contact_email="other@khonkaen.example")
    with app.app_context():
        event = get_event(booth_event)
        decisions.approve_application(event, first, booth_id(app, booth_event, "A-01"), "o")
        with pytest.raises(decisions.CityLimitReached) as caught:
            decisions.approve_application(event, second, booth_id(app, booth_event, "A-02"), "o")
        assert str(caught.value.message) == (
            "Khon Kaen already has 1 booth, the most a city may have."
        )
        with unit_of_work():
            get_settings(event).booths_per_city = 2
        decisions.approve_application(event, second, booth_id(app, booth_event, "A-02"), "o")
    assert get(app, BoothApplication, id=second).city_slot == 2


def test_withdrawing_or_cancelling_frees_the_booth(client, app, booth_event, login):
    first = make_application(app, booth_event)
    with app.app_context():
        event = get_event(booth_event)
        decisions.approve_application(event, first, booth_id(app, booth_event, "A-01"), "o")
        decisions.cancel_exhibitor(event, first, "o", "The city cannot travel.")
        application = db.session.get(BoothApplication, first)
        assert (application.state, application.booth_id, application.city_slot) == (
            ApplicationState.CANCELLED,
            None,
            None,
        )
        assert [b.code for b in layout.free_booths(event)] == ["A-01", "A-02", "A-03"]
    second = make_application(app, booth_event, "Phuket", contact_email="p@phuket.example")
    with app.app_context():
        event = get_event(booth_event)
        decisions.approve_application(event, second, booth_id(app, booth_event, "A-01"), "o")
        from showcase.booths.services.applications import withdraw_application

        with unit_of_work(lock=True):
            withdraw_application(second)
        assert db.session.get(BoothApplication, second).booth_id is None
    assert client.get(f"/{booth_event}/exhibitors/{second}-phuket/").status_code == 404


def test_waitlist_and_reject_email_the_applicant_with_the_reason(
    client, app, booth_event, login, mail_app, smtp_server, deliver
):
    application_id = make_application(app, booth_event)
    login("organiser")
    base = f"/manage/{booth_event}/booths/applications/{application_id}"
    assert (
        client.post(base + "/waitlist", data={"waitlist-note": "Hall B opens soon"}).status_code
        == 303
    )
    no_reason = client.post(base + "/reject", data={"reject-reason": ""})
    assert no_reason.status_code == 400
    assert (
        client.post(base + "/reject", data={"reject-reason": "The hall is full."}).status_code
        == 303
    )
    again = client.post(base + "/waitlist", data={})
    assert again.status_code == 409
    assert "This application is not accepted; that step is not possible now." in again.get_data(
        as_text=True
    )
    deliver()
    subjects = [m["Subject"] for m in smtp_server.wait_for(2)]
    assert subjects[-2:] == [
        "Booth application for Khon Kaen: on the waiting list",
        "Booth application for Khon Kaen: not accepted",
    ]
    assert "Their reason: The hall is full." in email_text(smtp_server.messages[-1])
    history = client.get(base).get_data(as_text=True)
    assert "Submitted → On the waiting list" in history
    assert "On the waiting list → Not accepted · The hall is full." in history


def test_decision_emails_go_in_the_applicants_language(
    app, booth_event, mail_app, smtp_server, deliver
):
    with app.app_context():
        event = get_event(booth_event)
        city = db.session.scalar(select(City).where(City.name_en == "Khon Kaen"))
        from showcase.booths.services import applications
        from tests.booths.helpers import application_values

        with unit_of_work():
            application = applications.submit_application(
                event, city.id, application_values(), language="th"
            )
            applications.mark_confirmed(application)
        decisions.approve_application(
            event, application.id, booth_id(app, booth_event, "A-01"), "o"
        )
    deliver()
    subjects = [m["Subject"] for m in smtp_server.wait_for(3)]
    assert subjects[0].startswith("ยืนยัน")
    assert "A-01" in subjects[2] and "ขอนแก่น" in subjects[2]


def test_database_refuses_a_second_exhibitor_on_a_booth_and_a_second_slot(app, booth_event):
    """The last line of defence: even writes that skip the services are refused."""
    first = make_application(app, booth_event)
    second = make_application(app, booth_event, "Phuket", contact_email="p@phuket.example")
    third = make_application(app, booth_event, contact_email="again@khonkaen.example")
    with app.app_context():
        event = get_event(booth_event)
        a01 = booth_id(app, booth_event, "A-01")
        decisions.approve_application(event, first, a01, "o")
        with pytest.raises(IntegrityError):
            db.session.execute(
                update(BoothApplication)
                .where(BoothApplication.id == second)
                .values(state="approved", booth_id=a01, city_slot=1)
            )
        db.session.rollback()
        with pytest.raises(IntegrityError):  # same city, same slot, another booth
            db.session.execute(
                update(BoothApplication)
                .where(BoothApplication.id == third)
                .values(state="approved", booth_id=booth_id(app, booth_event, "A-02"), city_slot=1)
            )
        db.session.rollback()
        with pytest.raises(IntegrityError):  # a booth without approval
            db.session.execute(
                update(BoothApplication)
                .where(BoothApplication.id == second)
                .values(booth_id=booth_id(app, booth_event, "A-03"), city_slot=1)
            )
        db.session.rollback()


def test_directory_filters_and_exhibitor_page_language_fallback(client, app, booth_event):
    khon_kaen = make_application(app, booth_event, description_en="", dimensions=["mobility"])
    phuket = make_application(
        app,
        booth_event,
        "Phuket",
        contact_email="p@phuket.example",
        dimensions=["economy"],
        title_en="Phuket Smart Tourism",
        description_th="",
    )
    with app.app_context():
        event = get_event(booth_event)
        decisions.approve_application(event, khon_kaen, booth_id(app, booth_event, "A-01"), "o")
        decisions.approve_application(event, phuket, booth_id(app, booth_event, "A-03"), "o")
    everything = client.get(f"/{booth_event}/exhibitors/").get_data(as_text=True)
    assert everything.count('class="card h-100 exhibitor-card"') == 2
    mobility = client.get(f"/{booth_event}/exhibitors/?dimension=mobility").get_data(as_text=True)
    assert "Khon Kaen Light Rail" in mobility and "Phuket Smart Tourism" not in mobility
    phuket_id = get(app, City, name_en="Phuket").id
    by_city = client.get(f"/{booth_event}/exhibitors/?city={phuket_id}").get_data(as_text=True)
    assert "Phuket Smart Tourism" in by_city and "Khon Kaen Light Rail" not in by_city
    nonsense = client.get(f"/{booth_event}/exhibitors/?dimension=x&city=abc")
    assert nonsense.status_code == 200
    # English reader, Thai-only description: shown in Thai and marked as Thai.
    page = client.get(f"/{booth_event}/exhibitors/{khon_kaen}-khon-kaen/").get_data(as_text=True)
    assert '<div class="exhibitor-description mb-3" lang="th">' in page
    assert "รถไฟฟ้ารางเบาของเมือง" in page
    assert "This description is only available in Thai." in page
    client.set_cookie("showcase_lang", "th")
    page = client.get(f"/{booth_event}/exhibitors/{phuket}-phuket/").get_data(as_text=True)
    assert '<div class="exhibitor-description mb-3" lang="en">' in page
    assert client.get(f"/{booth_event}/exhibitors/999-nowhere/").status_code == 404
    assert client.get(f"/{booth_event}/exhibitors/{khon_kaen}/").status_code == 301


def test_exports_and_dashboard_occupancy(client, app, booth_event, login):
    application_id = make_application(app, booth_event)
    with app.app_context():
        decisions.approve_application(
            get_event(booth_event), application_id, booth_id(app, booth_event, "A-01"), "o"
        )
    login("organiser")
    booths = client.get(f"/manage/{booth_event}/booths/booths.csv")
    assert booths.status_code == 200
    lines = booths.get_data().decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "code,hall,x,y,width,depth,zone,power,internet,corner,availability,note,status,exhibitor"
    )
    assert lines[1] == "A-01,A,2,2,3,3,mobility,yes,no,no,available,,Assigned,Khon Kaen"
    assert lines[2] == "A-02,A,5,2,3,3,mobility,yes,no,no,available,,Free,"
    assert lines[4] == "A-04,A,11,2,3,3,energy,yes,no,no,blocked,,Blocked,"
    # The export imports again as it is: its status and exhibitor columns are ignored.
    with app.app_context():
        again = layout.import_booths_csv(get_event(booth_event), booths.get_data())
        assert (again.created, again.updated) == (0, 4)
        db.session.rollback()
    exhibitors = client.get(f"/manage/{booth_event}/booths/exhibitors.csv")
    [header, row] = list(csv.reader(io.StringIO(exhibitors.get_data().decode("utf-8-sig"))))
    exported = dict(zip(header, row, strict=True))
    with app.app_context():
        decided_at = db.session.get(BoothApplication, application_id).decided_at
    local = decided_at.astimezone(ZoneInfo("Asia/Bangkok"))
    assert exported == {
        "booth": "A-01",
        "hall": "A",
        "zone": "Smart Mobility",
        "city_en": "Khon Kaen",
        "city_th": "ขอนแก่น",
        "country": "Thailand",
        "country_code": "TH",
        "kind": "Thai member city",
        "title_en": "Khon Kaen Light Rail",
        "title_th": "รถไฟฟ้ารางเบาขอนแก่น",
        "dimensions": "Smart Mobility",
        "contact_name": "Somchai Jaidee",
        "contact_email": "somchai@khonkaen.example",
        "contact_phone": "'+66 43 123 456",  # neutralised: a spreadsheet shows it as text
        "organisation": "Khon Kaen City Development",
        "space_sqm": "9",
        "needs_power": "Yes",
        "needs_internet": "No",
        "requirements": "",
        "approved_at": local.strftime("%Y-%m-%d %H:%M") + " ICT (UTC+7)",
        "approved_at_utc": decided_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    thai = client.get(
        f"/manage/{booth_event}/booths/exhibitors.csv", headers={"Accept-Language": "th"}
    )
    [_header, thai_row] = list(csv.reader(io.StringIO(thai.get_data().decode("utf-8-sig"))))
    assert thai_row[2] == "การเดินทางและขนส่งอัจฉริยะ"
    assert thai_row[5] == "ไทย"
    assert thai_row[7] == "เมืองสมาชิกในประเทศไทย"
    thai_booths = client.get(
        f"/manage/{booth_event}/booths/booths.csv", headers={"Accept-Language": "th"}
    )
    assert thai_booths.get_data().decode("utf-8-sig").splitlines()[1].endswith(",ขอนแก่น")
    dashboard = client.get(f"/manage/{booth_event}/").get_data(as_text=True)
    assert "1 of 4 booths assigned, 2 free. 0 applications waiting." in dashboard
    assert booths.headers["Content-Disposition"] == (
        f'attachment; filename="{booth_event}-booths.csv"'
    )


def test_reviewer_cannot_open_booth_management(client, booth_event, login):
    login("reviewer")
    assert client.get(f"/manage/{booth_event}/booths/").status_code == 403
    assert client.get(f"/manage/{booth_event}/booths/applications/").status_code == 403


def test_booth_held_or_blocked_while_assigned_is_refused(app, booth_event):
    application_id = make_application(app, booth_event)
    with app.app_context():
        event = get_event(booth_event)
        decisions.approve_application(
            event, application_id, booth_id(app, booth_event, "A-01"), "o"
        )
        booth = db.session.scalar(select(Booth).where(Booth.code == "A-01"))
        with pytest.raises(layout.Conflict):
            layout.update_booth(
                booth,
                code="A-01",
                hall=booth.hall,
                x=2,
                y=2,
                width=3,
                depth=3,
                zone="mobility",
                availability="blocked",
            )
        db.session.rollback()
        booth = db.session.scalar(select(Booth).where(Booth.code == "A-01"))
        with pytest.raises(layout.Conflict):
            layout.delete_booth(booth)
        add_city("Unused")


def test_settings_page_saves_the_window_and_limit_and_refuses_bad_values(
    client, app, booth_event, login
):
    login("organiser")
    url = f"/manage/{booth_event}/booths/settings"
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        data={
            "applications_open_at": "2027-01-10T09:00",
            "applications_close_at": "2027-01-01T09:00",
            "booths_per_city": "2",
        },
    )
    assert bad.status_code == 400
    assert "The closing time must come after the opening time." in bad.get_data(as_text=True)
    too_many = client.post(url, data={"booths_per_city": "99"})
    assert too_many.status_code == 400
    assert "A city may hold from 1 to 20 booths." in too_many.get_data(as_text=True)
    good = client.post(
        url,
        data={
            "applications_open_at": "2026-01-01T09:00",
            "applications_close_at": "2026-01-02T09:00",
            "booths_per_city": "2",
        },
    )
    assert good.status_code == 303
    with app.app_context():
        settings = find_settings(get_event(booth_event))
        assert settings.booths_per_city == 2
        assert settings.applications_open_at.isoformat() == "2026-01-01T02:00:00+00:00"
    # The window is over: the public link disappears.
    assert "Apply for a booth" not in client.get(f"/{booth_event}/").get_data(as_text=True)
