"""The public delegation forms as a person meets them (tests/forms.py): the request, adding and
changing a member and replacing one, each succeeding and failing in English and Thai, with the
status the page answers and nothing saved or lost when refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from showcase.core.db import unit_of_work, utcnow
from showcase.delegations.models import Delegation
from showcase.delegations.services.settings import update_settings
from showcase.events.services import find_city, get_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory
from tests import factories
from tests.delegations.helpers import add, approved_delegation, secret_of
from tests.forms import RenderedForm, page_errors

WORDS = {
    "en": {
        "city": "City",
        "name": "Coordinator's name",
        "email": "Coordinator's email",
        "khon_kaen": "Khon Kaen",
        "member_name": "Name in English",
        "member_th": "Name in Thai",
        "member_email": "Email (optional)",
        "category": "Category",
        "vip_guest": "VIP guest",
        "delegate": "City delegate",
        "head": "Head of delegation",
        "honorific": "Honorific or protocol title",
        "give_name": "Give the coordinator's name.",
        "choose_city": "Choose the city from the list.",
        "taken": "This email address already has a registration for this event",
        "give_member": "Give the member's name in English.",
        "deadline": "that deadline has passed",
        "already": "already has a delegation for this event",
    },
    "th": {
        "city": "เมือง",
        "name": "ชื่อผู้ประสานงาน",
        "email": "อีเมลผู้ประสานงาน",
        "khon_kaen": "ขอนแก่น",
        "member_name": "ชื่อภาษาอังกฤษ",
        "member_th": "ชื่อภาษาไทย",
        "member_email": "อีเมล (ไม่บังคับ)",
        "category": "ประเภท",
        "vip_guest": "แขกวีไอพี",
        "delegate": "ผู้แทนเมือง",
        "head": "หัวหน้าคณะ",
        "honorific": "คำนำหน้าหรือตำแหน่งตามพิธีการ",
        "give_name": "โปรดระบุชื่อผู้ประสานงาน",
        "choose_city": "โปรดเลือกเมืองจากรายการ",
        "taken": "อีเมลนี้มีการลงทะเบียนสำหรับงานนี้อยู่แล้ว",
        "give_member": "โปรดระบุชื่อสมาชิกเป็นภาษาอังกฤษ",
        "deadline": "ซึ่งพ้นกำหนดแล้ว",
        "already": "มีคณะผู้แทนสำหรับงานนี้แล้ว",
    },
}
LANGUAGES = ["en", "th"]


def _errors(response) -> str:
    return " ".join(" ".join(v) for v in page_errors(response).values())


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _delegation_page(app, deleg_event):
    with app.app_context():
        event = get_event(deleg_event)
        delegation = approved_delegation(event, find_city("Khon Kaen", "TH"))
        return delegation.id, f"/{deleg_event}/delegation/{secret_of(delegation)}"


def _category(event, code):
    return db.session.scalar(
        select(RegistrationCategory).where(
            RegistrationCategory.event_id == event.id, RegistrationCategory.code == code
        )
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_request_form_sent_as_rendered_records_a_requested_delegation(
    app, client, deleg_event, lang
):
    w = WORDS[lang]
    form = RenderedForm.get(client, f"/{deleg_event}/delegations/request", language=lang)
    form.choose(w["city"], w["khon_kaen"]).fill(w["name"], "Ratchanee Phonsri")
    form.fill(w["email"], "ir@khonkaen.example")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert response.headers["Location"].endswith(f"/{deleg_event}/delegations/request/sent")
    with app.app_context():
        delegation = db.session.scalar(select(Delegation))
        assert (delegation.state.value, delegation.coordinator_email, delegation.language) == (
            "requested",
            "ir@khonkaen.example",
            lang,
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_request_form_without_city_or_name_answers_400_with_both_problems(
    app, client, deleg_event, lang
):
    w = WORDS[lang]
    form = RenderedForm.get(client, f"/{deleg_event}/delegations/request", language=lang)
    form.fill(w["email"], "ir@khonkaen.example")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {w["city"]: [w["choose_city"]], w["name"]: [w["give_name"]]}
    again = RenderedForm.from_response(client, response, f"/{deleg_event}/delegations/request")
    assert again.value(w["email"]) == "ir@khonkaen.example"
    with app.app_context():
        assert _count(Delegation) == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_request_form_for_a_city_with_a_delegation_answers_409(app, client, deleg_event, lang):
    w = WORDS[lang]
    _delegation_page(app, deleg_event)
    form = RenderedForm.get(client, f"/{deleg_event}/delegations/request", language=lang)
    form.choose(w["city"], w["khon_kaen"]).fill(w["name"], "Someone Else")
    form.fill(w["email"], "other@khonkaen.example")
    response = form.submit()
    assert response.status_code == 409
    assert w["already"] in _errors(response)
    with app.app_context():
        assert _count(Delegation) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_member_form_sent_as_rendered_adds_the_head_of_delegation(app, client, deleg_event, lang):
    w = WORDS[lang]
    delegation_id, page = _delegation_page(app, deleg_event)
    form = RenderedForm.get(client, f"{page}/members/new", language=lang)
    form.fill(w["honorific"], "นายกเทศมนตรี").fill(w["member_name"], "Teerasak Teecharoen")
    form.fill(w["member_th"], "ธีระศักดิ์ ทีฆายุพันธุ์").choose(w["category"], w["vip_guest"])
    form.check(w["head"])
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    with app.app_context():
        member = db.session.scalar(select(Registration))
        assert (member.full_name_th, member.is_head, member.state.value, member.delegation_id) == (
            "ธีระศักดิ์ ทีฆายุพันธุ์",
            True,
            "confirmed",
            delegation_id,
        )
    shown = client.get(f"{page}/", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert "Teerasak Teecharoen" in shown and w["head"] in shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_member_form_with_an_email_already_registered_answers_409_and_keeps_the_values(
    app, client, deleg_event, lang
):
    w = WORDS[lang]
    _delegation_page(app, deleg_event)
    with app.app_context():
        event = get_event(deleg_event)
        factories.registration(
            event, find_city("Phuket", "TH"), _category(event, "visitor"), email="taken@x.example"
        )
    page = _delegation_page_secret(app, deleg_event)
    form = RenderedForm.get(client, f"{page}/members/new", language=lang)
    form.fill(w["member_name"], "Kanya Srisuk").fill(w["member_email"], "taken@x.example")
    form.choose(w["category"], w["delegate"])
    response = form.submit()
    assert response.status_code == 409
    errors = _errors(response)
    assert w["taken"] in errors and "Somchai" not in errors
    again = RenderedForm.from_response(client, response, f"{page}/members/new")
    assert again.value(w["member_name"]) == "Kanya Srisuk"
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).where(Registration.delegation_id.is_not(None)))
            == 0
        )


def _delegation_page_secret(app, deleg_event) -> str:
    with app.app_context():
        delegation = db.session.scalar(select(Delegation))
        return f"/{deleg_event}/delegation/{secret_of(delegation)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_member_edit_form_changes_the_name_and_refuses_an_empty_one(app, client, deleg_event, lang):
    w = WORDS[lang]
    _delegation_page(app, deleg_event)
    with app.app_context():
        event = get_event(deleg_event)
        delegation = db.session.scalar(select(Delegation))
        member = add(delegation, _category(event, "delegate"), "Wichai Kaewta")
        member_id = member.id
    page = _delegation_page_secret(app, deleg_event)
    url = f"{page}/members/{member_id}/edit"
    form = RenderedForm.get(client, url, language=lang)
    refused = form.fill(w["member_name"], " ").submit()
    assert refused.status_code == 400
    assert w["give_member"] in _errors(refused)
    form = RenderedForm.get(client, url, language=lang)
    response = form.fill(w["member_name"], "Wichai Kaewta-Boonmee").submit()
    assert response.status_code == 303, page_errors(response)
    with app.app_context():
        assert db.session.get(Registration, member_id).full_name == "Wichai Kaewta-Boonmee"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_substitution_form_replaces_the_person_and_refuses_after_the_deadline(
    app, client, deleg_event, lang
):
    w = WORDS[lang]
    _delegation_page(app, deleg_event)
    with app.app_context():
        event = get_event(deleg_event)
        delegation = db.session.scalar(select(Delegation))
        member_id = add(delegation, _category(event, "delegate"), "Old Person").id
    page = _delegation_page_secret(app, deleg_event)
    url = f"{page}/members/{member_id}/substitute"
    form = RenderedForm.get(client, url, language=lang)
    response = form.fill(w["member_name"], "New Person").submit()
    assert response.status_code == 303, page_errors(response)
    with app.app_context(), unit_of_work():
        update_settings(get_event(deleg_event), True, utcnow() - timedelta(minutes=1))
    form = RenderedForm.get(client, url, language=lang)
    refused = form.fill(w["member_name"], "Third Person").submit()
    assert refused.status_code == 409
    assert w["deadline"] in _errors(refused)
    with app.app_context():
        member = db.session.get(Registration, member_id)
        assert (member.full_name, member.state.value) == ("New Person", "confirmed")
