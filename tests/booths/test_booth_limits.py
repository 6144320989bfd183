"""A city that already holds as many booths as a city may is told so when it applies, may still
apply for the waiting list, and its application is flagged for the organisers."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from showcase.booths.models import ApplicationState, BoothApplication
from showcase.booths.services import applications as applications_rules
from showcase.booths.services import decisions as decisions_rules
from showcase.booths.services import layout as layout_rules
from showcase.events.models import City
from showcase.events.services import get_event
from showcase.extensions import db
from tests.booths.helpers import InUnitsOfWork, submit
from tests.forms import RenderedForm, page_errors

applications = InUnitsOfWork(applications_rules)
decisions = InUnitsOfWork(decisions_rules)
layout = InUnitsOfWork(layout_rules)


def give_phuket_its_booth(app, booth_event) -> None:
    with app.app_context():
        event = get_event(booth_event)
        phuket = db.session.scalar(select(City).where(City.name_en == "Phuket"))
        first = submit(event, phuket, contact_email="first@phuket.example")
        booth = layout.booth_by_code(event, "A-01")
        decisions.approve_application(event, first.id, booth.id, "organiser@showcase.example")


def apply_for(client, booth_event, city: str, lang: str = "en"):
    form = RenderedForm.get(client, f"/{booth_event}/booths/apply", language=lang)
    labels = {
        "en": ("City", "Contact person", "Contact email", "Contact telephone"),
        "th": ("เมือง", "ผู้ประสานงาน", "อีเมลติดต่อ", "โทรศัพท์ผู้ประสานงาน"),
    }[lang]
    form.choose(labels[0], city)
    form.fill(labels[1], "Malee Srisuk").fill(labels[2], "second@phuket.example")
    form.fill(labels[3], "+66 76 123 456")
    form.fill(
        "What the city will exhibit: title in English"
        if lang == "en"
        else "ผลงานที่เมืองจะจัดแสดง: ชื่อภาษาอังกฤษ",
        "Phuket Smart Harbour",
    )
    form.fill(
        "Description in English" if lang == "en" else "คำอธิบายภาษาอังกฤษ", "Ferries and piers."
    )
    form.choose(
        "Smart-city dimensions of the exhibit" if lang == "en" else "มิติของเมืองอัจฉริยะที่จัดแสดง",
        "Smart Mobility" if lang == "en" else "การเดินทางและขนส่งอัจฉริยะ",
    )
    form.check("I agree" if lang == "en" else "ข้าพเจ้ายินยอม")
    return form, form.submit()


def test_the_form_names_the_limit_and_marks_a_city_that_holds_it(client, app, booth_event):
    give_phuket_its_booth(app, booth_event)
    form = RenderedForm.get(client, f"/{booth_event}/booths/apply")
    assert "Phuket: booth limit reached, waiting list only" in form.options("City")
    assert "Khon Kaen" in form.options("City")
    page = BeautifulSoup(client.get(f"/{booth_event}/booths/apply").data, "html.parser")
    assert page.find(id="city-hint").get_text(strip=True) == (
        "A city may hold 1 booth. A city that already holds it may still apply, for the waiting "
        "list."
    )
    thai = RenderedForm.get(client, f"/{booth_event}/booths/apply", language="th")
    assert "ภูเก็ต: ครบจำนวนบูธแล้ว สมัครได้เฉพาะรายชื่อรอ" in thai.options("เมือง")


def test_a_city_at_its_limit_may_apply_and_is_told_it_joins_the_waiting_list(
    client, app, booth_event
):
    give_phuket_its_booth(app, booth_event)
    _form, response = apply_for(
        client, booth_event, "Phuket: booth limit reached, waiting list only"
    )
    assert response.status_code == 303, page_errors(response)
    sent = client.get(response.headers["Location"]).get_data(as_text=True)
    told = BeautifulSoup(sent, "html.parser").select_one(".flash-messages .alert-warning")
    assert " ".join(told.get_text().split()) == (
        "Phuket already holds 1 booth, the most a city may have. The organisers can still put "
        "this application on the waiting list, and approve it if one of the city's booths is "
        "given up or the limit is raised."
    )
    with app.app_context():
        second = db.session.scalar(
            select(BoothApplication).where(
                BoothApplication.contact_email == "second@phuket.example"
            )
        )
        assert second.state == ApplicationState.UNCONFIRMED
        applications.mark_confirmed(second)
        db.session.commit()
        assert second.state == ApplicationState.SUBMITTED
    # A city that holds no booth hears nothing of the kind.
    _form, other = apply_for(client, booth_event, "Khon Kaen")
    assert other.status_code == 303
    page = client.get(other.headers["Location"]).get_data(as_text=True)
    assert "alert-warning" not in page


def test_thai_applicant_at_the_limit_is_told_in_thai(client, app, booth_event):
    give_phuket_its_booth(app, booth_event)
    _form, response = apply_for(
        client, booth_event, "ภูเก็ต: ครบจำนวนบูธแล้ว สมัครได้เฉพาะรายชื่อรอ", lang="th"
    )
    assert response.status_code == 303, page_errors(response)
    sent = client.get(response.headers["Location"], headers={"Accept-Language": "th"})
    told = BeautifulSoup(sent.data, "html.parser").select_one(".flash-messages .alert-warning")
    assert told.get_text(strip=True).startswith("ภูเก็ตมีบูธอยู่แล้ว 1 บูธ")


def test_organisers_see_applications_of_cities_at_their_limit_flagged(
    client, app, booth_event, login
):
    give_phuket_its_booth(app, booth_event)
    with app.app_context():
        event = get_event(booth_event)
        phuket = db.session.scalar(select(City).where(City.name_en == "Phuket"))
        khon_kaen = db.session.scalar(select(City).where(City.name_en == "Khon Kaen"))
        second = submit(event, phuket, contact_email="second@phuket.example").id
        submit(event, khon_kaen)
    login("organiser")
    listing = BeautifulSoup(
        client.get(f"/manage/{booth_event}/booths/applications/").data, "html.parser"
    )
    rows = {
        row.th.a.get_text(strip=True): row.th.find(class_="booth-limit-flag")
        for row in listing.select("tbody tr")
    }
    assert rows["Phuket"].get_text(strip=True) == "City at its booth limit (1 of 1)"
    assert rows["Khon Kaen"] is None
    detail = client.get(f"/manage/{booth_event}/booths/applications/{second}")
    flag = BeautifulSoup(detail.data, "html.parser").select_one(".alert.booth-limit-flag")
    assert flag.get_text(strip=True).startswith("Phuket already holds 1 booth, the most")
