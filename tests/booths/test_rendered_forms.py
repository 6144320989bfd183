"""Every public booth form as a person meets it: the page is read, filled by its visible labels
with only the options it offers, and sent as a browser sends it, in English and in Thai."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from showcase.booths.models import ApplicationState, BoothApplication, BoothApplicationLink
from showcase.core.links import LinkPurpose, mint_link
from showcase.events.models import City
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.mail.requests import resolve_requests
from tests.booths.helpers import get, submit
from tests.forms import RenderedForm, page_errors

# The labels and texts a reader sees, in each language.
TEXT = {
    "en": {
        "city": "City",
        "khon_kaen": "Khon Kaen",
        "contact": "Contact person",
        "email": "Contact email",
        "phone": "Contact telephone",
        "title_en": "What the city will exhibit: title in English",
        "title_th": "What the city will exhibit: title in Thai",
        "description_en": "Description in English",
        "description_th": "Description in Thai",
        "dimensions": "Smart-city dimensions of the exhibit",
        "mobility": "Smart Mobility",
        "zone": "Preferred zone",
        "space": "Floor space needed (square metres)",
        "consent": "I agree that the organisers keep these details",
        "required": "Fill in this field.",
        "whole_number": "Give a whole number.",
        "consent_error": "Please agree to the privacy notice so that we may keep these details.",
        "your_email": "Your email address",
        "bad_email": "Give an email address such as name@city.go.th.",
        "resent": "If there is an application for this address, we have sent its link to it.",
        "saved": "Your changes have been saved.",
        "withdraw": "Yes, withdraw this application",
        "withdrawn": "Your application has been withdrawn.",
        "tick": "Tick the box to confirm that you want to withdraw.",
        "confirm_subject": "Confirm your booth application for Khon Kaen",
    },
    "th": {
        "city": "เมือง",
        "khon_kaen": "ขอนแก่น",
        "contact": "ผู้ประสานงาน",
        "email": "อีเมลติดต่อ",
        "phone": "โทรศัพท์ผู้ประสานงาน",
        "title_en": "ผลงานที่เมืองจะจัดแสดง: ชื่อภาษาอังกฤษ",
        "title_th": "ผลงานที่เมืองจะจัดแสดง: ชื่อภาษาไทย",
        "description_en": "คำอธิบายภาษาอังกฤษ",
        "description_th": "คำอธิบายภาษาไทย",
        "dimensions": "มิติของเมืองอัจฉริยะที่จัดแสดง",
        "mobility": "การเดินทางและขนส่งอัจฉริยะ",
        "zone": "โซนที่ต้องการ",
        "space": "พื้นที่ที่ต้องการ (ตารางเมตร)",
        "consent": "ข้าพเจ้ายินยอม",
        "required": "กรุณากรอกช่องนี้",
        "whole_number": "กรุณากรอกจำนวนเต็ม",
        "consent_error": "กรุณายินยอมตามประกาศความเป็นส่วนตัว เพื่อให้เราเก็บข้อมูลนี้ได้",
        "your_email": "อีเมลของคุณ",
        "bad_email": "กรุณากรอกอีเมล เช่น name@city.go.th",
        "resent": "หากมีใบสมัครของอีเมลนี้ เราได้ส่งลิงก์ไปยังอีเมลนั้นแล้ว",
        "saved": "บันทึกการแก้ไขแล้ว",
        "withdraw": "ใช่ ถอนใบสมัครนี้",
        "withdrawn": "ถอนใบสมัครของคุณแล้ว",
        "tick": "กรุณาทำเครื่องหมายในช่องเพื่อยืนยันว่าต้องการถอนใบสมัคร",
        "confirm_subject": "ยืนยันใบสมัครบูธของขอนแก่น",
    },
}

LANGUAGES = pytest.mark.parametrize("lang", ["en", "th"])


def flashes(response) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [" ".join(a.get_text(" ").split()) for a in soup.select(".flash-messages .alert")]


def fill_application(form: RenderedForm, t: dict, *, city: bool = True) -> RenderedForm:
    if city:
        form.choose(t["city"], t["khon_kaen"])
    form.fill(t["contact"], "Somchai Jaidee")
    form.fill(t["email"], "somchai@khonkaen.example")
    form.fill(t["phone"], "+66 43 123 456")
    form.fill(t["title_th"], "รถไฟฟ้ารางเบาขอนแก่น")
    form.fill(t["description_th"], "รถไฟฟ้ารางเบาของเมือง สร้างโดยเทศบาลห้าแห่ง")
    form.choose(t["dimensions"], t["mobility"])
    form.choose(t["zone"], t["mobility"])
    return form


def manage_secret(app, application_id: int) -> str:
    with app.app_context():
        application = db.session.get(BoothApplication, application_id)
        secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.MANAGE)
        db.session.commit()
        return secret


def submitted(app, booth_event, **overrides) -> int:
    with app.app_context():
        event = get_event(booth_event)
        city = db.session.scalar(select(City).where(City.name_en == "Khon Kaen"))
        return submit(event, city, **overrides).id


# The application -----------------------------------------------------------------------------


@LANGUAGES
def test_booth_application_form_sends_an_application_and_the_confirmation_email(
    client, app, booth_event, lang
):
    t = TEXT[lang]
    form = RenderedForm.get(client, f"/{booth_event}/booths/apply", language=lang)
    assert t["khon_kaen"] in form.options(t["city"])
    fill_application(form, t).check(t["consent"])
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert response.headers["Location"] == f"/{booth_event}/booths/apply/sent"
    application = get(app, BoothApplication, contact_email="somchai@khonkaen.example")
    assert application.state == ApplicationState.UNCONFIRMED
    assert application.language == lang
    assert application.title_th == "รถไฟฟ้ารางเบาขอนแก่น"
    assert application.space_sqm == 9  # the rendered default
    assert application.needs_power is True  # ticked as rendered
    message = get(app, OutboxMessage, recipient="somchai@khonkaen.example")
    assert (message.language, message.subject) == (lang, t["confirm_subject"])


@LANGUAGES
def test_booth_application_form_shows_every_problem_by_its_label_and_saves_nothing(
    client, app, booth_event, lang
):
    t = TEXT[lang]
    form = RenderedForm.get(client, f"/{booth_event}/booths/apply", language=lang)
    fill_application(form, t)  # no consent
    form.fill(t["contact"], "").fill(t["space"], "nine")
    response = form.submit()
    assert response.status_code == 400
    errors = page_errors(response)
    assert errors[t["contact"]] == [t["required"]]
    assert errors[t["space"]] == [t["whole_number"]]
    assert get(app, BoothApplication) is None
    # Put right, the page still lacks the consent, and says so in the reader's language.
    again = RenderedForm.from_response(client, response, form.url, language=lang)
    again.fill(t["contact"], "Somchai Jaidee").fill(t["space"], "12")
    response = again.submit()
    assert response.status_code == 400
    [(label, messages)] = page_errors(response).items()
    assert label.startswith(t["consent"])
    assert messages == [t["consent_error"]]
    assert get(app, BoothApplication) is None


# The applicant's own page: edit and withdraw -------------------------------------------------


@LANGUAGES
def test_application_edit_form_saves_the_changes(client, app, booth_event, lang):
    t = TEXT[lang]
    application_id = submitted(app, booth_event)
    secret = manage_secret(app, application_id)
    url = f"/{booth_event}/booths/application/{secret}/edit"
    form = RenderedForm.get(client, url, language=lang)
    assert form.value(t["contact"]) == "Somchai Jaidee"  # what was sent is shown
    form.fill(t["title_en"], "Khon Kaen Light Rail, phase two").fill(t["space"], "18")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert response.headers["Location"] == f"/{booth_event}/booths/application/{secret}/"
    with app.app_context():
        edited = db.session.get(BoothApplication, application_id)
        assert (edited.title_en, edited.space_sqm) == ("Khon Kaen Light Rail, phase two", 18)
        assert [track.slug for track in edited.dimensions] == ["mobility"]  # kept as rendered
    assert flashes(client.get(response.headers["Location"], headers=form.headers)) == [t["saved"]]


@LANGUAGES
def test_application_edit_form_refuses_a_bad_address_and_keeps_the_old_one(
    client, app, booth_event, lang
):
    t = TEXT[lang]
    application_id = submitted(app, booth_event)
    secret = manage_secret(app, application_id)
    form = RenderedForm.get(
        client, f"/{booth_event}/booths/application/{secret}/edit", language=lang
    )
    form.fill(t["email"], "somchai at khonkaen")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response)[t["email"]] == [t["bad_email"]]
    assert get(app, BoothApplication, id=application_id).contact_email == (
        "somchai@khonkaen.example"
    )


@LANGUAGES
def test_withdraw_confirmation_withdraws_when_ticked(client, app, booth_event, lang):
    t = TEXT[lang]
    application_id = submitted(app, booth_event)
    secret = manage_secret(app, application_id)
    manage = f"/{booth_event}/booths/application/{secret}/"
    form = RenderedForm.get(client, manage, form="withdraw", language=lang)
    form.check(t["withdraw"])
    response = form.submit()
    assert response.status_code == 303
    assert get(app, BoothApplication, id=application_id).state == ApplicationState.WITHDRAWN
    assert flashes(client.get(manage, headers=form.headers)) == [t["withdrawn"]]


@LANGUAGES
def test_withdraw_confirmation_unticked_withdraws_nothing(client, app, booth_event, lang):
    t = TEXT[lang]
    application_id = submitted(app, booth_event)
    secret = manage_secret(app, application_id)
    manage = f"/{booth_event}/booths/application/{secret}/"
    response = RenderedForm.get(client, manage, form="withdraw", language=lang).submit()
    assert response.status_code == 303
    assert get(app, BoothApplication, id=application_id).state == ApplicationState.SUBMITTED
    page = client.get(manage, headers={"Accept-Language": lang})
    assert page_errors(page) == {"*": [t["tick"]]}


# The link re-send ----------------------------------------------------------------------------


@LANGUAGES
def test_link_resend_form_sends_the_manage_link(client, app, booth_event, lang):
    t = TEXT[lang]
    submitted(app, booth_event)
    form = RenderedForm.get(client, f"/{booth_event}/booths/resend", language=lang)
    form.fill(t["your_email"], "SOMCHAI@khonkaen.example")
    response = form.submit()
    assert response.status_code == 303
    assert flashes(client.get(response.headers["Location"], headers=form.headers)) == [t["resent"]]
    with app.app_context():
        resolve_requests()  # the outbox worker's first step
        templates = db.session.scalars(
            select(OutboxMessage.template).order_by(OutboxMessage.id)
        ).all()
    assert templates[-1] == "booths/manage_link"


@LANGUAGES
def test_link_resend_form_refuses_an_empty_or_bad_address(client, app, booth_event, lang):
    t = TEXT[lang]
    form = RenderedForm.get(client, f"/{booth_event}/booths/resend", language=lang)
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {t["your_email"]: [t["required"]]}
    form.fill(t["your_email"], "nobody@")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {t["your_email"]: [t["bad_email"]]}
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage)) is None
