"""The travel form as a person meets it (tests/forms.py): a delegate gives their flights, hotel
and transfers from their registration's page, and a coordinator gives a member's, in English
and Thai; every problem of a wrong form is shown at once (400) and nothing stored is lost."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup

from showcase.extensions import db
from showcase.registration.models import Registration
from showcase.travel.services.plans import plan_of
from tests.delegations.helpers import add, approved_delegation, secret_of
from tests.forms import RenderedForm, page_errors
from tests.registration.helpers import manage_secret
from tests.travel.helpers import give_plan

WORDS = {
    "en": {
        "link": "Your travel: arrival, departure, hotel and airport transfer",
        "arrival_date": "Arrival date",
        "arrival_time": "Arrival time",
        "arrival_flight": "Arrival flight number",
        "arrival_airport": "Arrival airport",
        "arrival_transfer": "I need a transfer from the airport on arrival",
        "departure_date": "Departure date",
        "departure_time": "Departure time",
        "departure_flight": "Departure flight number",
        "departure_airport": "Departure airport",
        "departure_other": "Other airport or way of leaving",
        "hotel": "Hotel",
        "hotel_other": "Name of the hotel",
        "bkk": "BKK · Bangkok Suvarnabhumi",
        "dmk": "DMK · Bangkok Don Mueang",
        "other_airport": "Another airport, or by road or rail",
        "other_hotel": "Another hotel or place",
        "saved": "Thank you: the travel details are saved.",
        "purpose": "only to meet you at the airport",
        "window": "Give a date from 19 January 2027 to 4 February 2027: from a week before "
        "the event to a week after it.",
        "flight": "Give the flight number as on your ticket, such as TG 661 or FD 3101: the "
        "airline's code and up to four digits.",
        "name_airport": "Name the airport, or say how you travel (by road from Vientiane…).",
        "departure_day": "Give the date of the departure too.",
        "name_hotel": "Give the name of your hotel.",
        "after": "The departure must come after the arrival.",
        "member_link": "Travel of Takeharu Yamanaka",
        "banyan": "Banyan Tree Bangkok",
    },
    "th": {
        "link": "การเดินทาง: วันมาถึง วันเดินทางกลับ โรงแรม และรถรับส่งสนามบิน",
        "arrival_date": "วันที่เดินทางมาถึง",
        "arrival_time": "เวลาที่มาถึง",
        "arrival_flight": "เที่ยวบินขาเข้า",
        "arrival_airport": "สนามบินที่มาถึง",
        "arrival_transfer": "ต้องการรถรับจากสนามบินเมื่อมาถึง",
        "departure_date": "วันที่เดินทางกลับ",
        "departure_time": "เวลาออกเดินทาง",
        "departure_flight": "เที่ยวบินขาออก",
        "departure_airport": "สนามบินขาออก",
        "departure_other": "สนามบินอื่นหรือวิธีเดินทางกลับ",
        "hotel": "โรงแรม",
        "hotel_other": "ชื่อโรงแรม",
        "bkk": "BKK · สุวรรณภูมิ กรุงเทพฯ",
        "dmk": "DMK · ดอนเมือง กรุงเทพฯ",
        "other_airport": "สนามบินอื่น หรือเดินทางทางรถยนต์หรือรถไฟ",
        "other_hotel": "โรงแรมหรือที่พักอื่น",
        "saved": "ขอบคุณ บันทึกข้อมูลการเดินทางแล้ว",
        "purpose": "เพื่อรับท่านที่สนามบิน",
        "window": "โปรดระบุวันที่ตั้งแต่ 19 มกราคม 2570 ถึง 4 กุมภาพันธ์ 2570 "
        "คือตั้งแต่หนึ่งสัปดาห์ก่อนงานจนถึงหนึ่งสัปดาห์หลังงาน",
        "flight": "โปรดระบุหมายเลขเที่ยวบินตามบัตรโดยสาร เช่น TG 661 หรือ FD 3101 "
        "คือรหัสสายการบินตามด้วยตัวเลขไม่เกินสี่หลัก",
        "name_airport": "โปรดระบุชื่อสนามบิน หรือบอกวิธีเดินทาง (เช่น ทางรถยนต์จากเวียงจันทน์)",
        "departure_day": "โปรดระบุวันที่เดินทางกลับด้วย",
        "name_hotel": "โปรดระบุชื่อโรงแรม",
        "after": "วันเวลาเดินทางกลับต้องอยู่หลังวันเวลาที่มาถึง",
        "member_link": "การเดินทางของ Takeharu Yamanaka",
        "banyan": "บันยันทรี กรุงเทพฯ",
    },
}
LANGUAGES = ["en", "th"]


def link_on(client, url: str, text: str, lang: str) -> str:
    """The address of the link a person reads as ``text`` on the page at ``url``."""
    page = client.get(url, headers={"Accept-Language": lang}).get_data(as_text=True)
    anchor = BeautifulSoup(page, "html.parser").find("a", string=text)
    assert anchor is not None, f"no link {text!r} on {url}"
    return anchor["href"]


def _travel_form(client, trip, lang: str) -> tuple[RenderedForm, str]:
    """The registrant's page, then the travel form its link opens."""
    manage = f"/{trip.event.acronym}/registration/{manage_secret(trip.aiko)}/"
    url = link_on(client, manage, WORDS[lang]["link"], lang)
    return RenderedForm.get(client, url, language=lang), manage


@pytest.mark.parametrize("lang", LANGUAGES)
def test_delegate_gives_flights_hotel_and_transfer_from_their_registration_page(client, trip, lang):
    w = WORDS[lang]
    form, manage = _travel_form(client, trip, lang)
    assert w["purpose"] in form.soup.get_text()
    assert form.options(w["arrival_airport"])[1:3] == [w["bkk"], w["dmk"]]
    assert form.options(w["arrival_airport"])[-1] == w["other_airport"]
    form.fill(w["arrival_date"], "2027-01-25").fill(w["arrival_time"], "15:40")
    form.fill(w["arrival_flight"], "tg 661").choose(w["arrival_airport"], w["bkk"])
    form.check(w["arrival_transfer"])
    form.fill(w["departure_date"], "2027-01-29").fill(w["departure_time"], "22:10")
    form.fill(w["departure_flight"], "TG682").choose(w["departure_airport"], w["dmk"])
    form.choose(w["hotel"], w["banyan"])
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert response.headers["Location"] == manage
    shown_page = client.get(manage, headers={"Accept-Language": lang})
    page = BeautifulSoup(shown_page.get_data(as_text=True), "html.parser")
    assert w["saved"] in page.get_text()
    shown = " ".join(page.select_one(".registration-travel").get_text(" ").split())
    assert "TG661" in shown and "BKK" in shown and w["banyan"] in shown
    plan = plan_of(db.session.get(Registration, trip.aiko.id))
    assert (plan.arrival_on, plan.arrival_flight, plan.arrival_airport) == (
        date(2027, 1, 25),
        "TG661",
        "BKK",
    )
    # 15:40 in Bangkok (UTC+7) is 08:40 UTC.
    assert plan.arrival_at == datetime(2027, 1, 25, 8, 40, tzinfo=UTC)
    assert plan.departure_at == datetime(2027, 1, 29, 15, 10, tzinfo=UTC)
    assert (plan.departure_airport, plan.arrival_transfer, plan.departure_transfer) == (
        "DMK",
        True,
        False,
    )
    assert (plan.hotel_id, plan.hotel_other, plan.updated_by) == (
        trip.banyan.id,
        "",
        "registrant",
    )
    again = RenderedForm.get(client, form.url, language=lang)
    assert again.value(w["arrival_flight"]) == "TG661"
    assert again.value(w["arrival_time"]) == "15:40"
    assert again.value(w["hotel"]) == str(trip.banyan.id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_travel_form_shows_every_problem_at_once_and_keeps_what_was_saved(client, trip, lang):
    w = WORDS[lang]
    give_plan(trip.aiko, hotel=str(trip.sheraton.id))
    form, _manage = _travel_form(client, trip, lang)
    form.fill(w["arrival_date"], "2027-01-02").fill(w["arrival_flight"], "TG-66612345")
    form.fill(w["departure_date"], "").fill(w["departure_time"], "09:00")
    form.choose(w["departure_airport"], w["other_airport"]).fill(w["departure_other"], "")
    form.choose(w["hotel"], w["other_hotel"]).fill(w["hotel_other"], "")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {
        w["arrival_date"]: [w["window"]],
        w["arrival_flight"]: [w["flight"]],
        w["departure_date"]: [w["departure_day"]],
        w["departure_other"]: [w["name_airport"]],
        w["hotel_other"]: [w["name_hotel"]],
    }
    shown = RenderedForm.from_response(client, response, form.url)
    assert shown.value(w["arrival_flight"]) == "TG-66612345"  # what was typed stays
    plan = plan_of(db.session.get(Registration, trip.aiko.id))
    assert (plan.arrival_flight, plan.departure_on, plan.hotel_id) == (
        "TG661",
        date(2027, 1, 29),
        trip.sheraton.id,
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_departure_before_the_arrival_is_refused(client, trip, lang):
    w = WORDS[lang]
    form, _manage = _travel_form(client, trip, lang)
    form.fill(w["arrival_date"], "2027-01-27").fill(w["arrival_time"], "10:00")
    form.fill(w["departure_date"], "2027-01-27").fill(w["departure_time"], "09:30")
    response = form.submit()
    assert response.status_code == 400
    assert page_errors(response) == {w["departure_date"]: [w["after"]]}
    assert plan_of(db.session.get(Registration, trip.aiko.id)) is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_coordinator_gives_a_members_travel_from_the_delegation_page(client, trip, lang):
    w = WORDS[lang]
    delegation = approved_delegation(trip.event, trip.yokohama, language=lang)
    mayor = add(delegation, trip.delegate, "Takeharu Yamanaka", honorific="H.E.", is_head=True)
    page_url = f"/{trip.event.acronym}/delegation/{secret_of(delegation)}/"
    form = RenderedForm.get(
        client, link_on(client, page_url, w["member_link"], lang), language=lang
    )
    form.fill(w["arrival_date"], "2027-01-24").fill(w["arrival_time"], "05:35")
    form.fill(w["arrival_flight"], "NH 805").choose(w["arrival_airport"], w["bkk"])
    form.check(w["arrival_transfer"])
    form.choose(w["hotel"], "Sheraton Grande Sukhumvit" if lang == "en" else "เชอราตัน แกรนด์ สุขุมวิท")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert response.headers["Location"] == page_url
    plan = plan_of(db.session.get(Registration, mayor.id))
    assert (plan.arrival_flight, plan.arrival_at, plan.hotel_id, plan.updated_by) == (
        "NH805",
        datetime(2027, 1, 23, 22, 35, tzinfo=UTC),  # 05:35 in Bangkok, the night before in UTC
        trip.sheraton.id,
        "coordinator",
    )
    assert plan.departure_on is None


def test_another_delegations_member_is_not_reachable_from_this_link(client, trip):
    first = approved_delegation(trip.event, trip.yokohama)
    second = approved_delegation(trip.event, trip.khon_kaen)
    stranger = add(second, trip.delegate, "Wichai Kaewta")
    url = f"/{trip.event.acronym}/delegation/{secret_of(first)}/members/{stranger.id}/travel"
    response = client.get(url)
    assert response.status_code == 400  # as every member page of the delegation answers
    assert "There is no such member in this delegation." in response.get_data(as_text=True)
    assert client.post(url, data={"arrival_flight": "TG661"}).status_code == 400
    assert plan_of(db.session.get(Registration, stranger.id)) is None


def test_organiser_changes_a_persons_travel_from_their_registration_page(client, trip, login):
    give_plan(trip.aiko)
    email = login("organiser")
    detail = f"/manage/{trip.event.acronym}/registrations/{trip.aiko.id}/"
    form = RenderedForm.get(client, link_on(client, detail, "Change the travel details", "en"))
    assert form.value("Arrival flight number") == "TG661"
    form.fill("Arrival flight number", "TG 663").fill("Arrival time", "17:05")
    form.choose("Hotel", "Sheraton Grande Sukhumvit")
    response = form.submit()
    assert response.status_code == 303, page_errors(response)
    assert response.headers["Location"] == detail
    plan = plan_of(db.session.get(Registration, trip.aiko.id))
    assert (plan.arrival_flight, plan.arrival_at, plan.hotel_id, plan.updated_by) == (
        "TG663",
        datetime(2027, 1, 25, 10, 5, tzinfo=UTC),
        trip.sheraton.id,
        email,
    )


def test_a_cancelled_registration_offers_no_travel_form(client, trip):
    from showcase.core.db import unit_of_work
    from showcase.registration.services import registrations
    from showcase.registration.services.states import Actor

    secret = manage_secret(trip.aiko)
    with unit_of_work(lock=True):
        registrations.cancel(trip.aiko.id, Actor.REGISTRANT)
    manage = f"/{trip.event.acronym}/registration/{secret}/"
    assert WORDS["en"]["link"] not in client.get(manage).get_data(as_text=True)
    response = client.post(f"{manage}travel", data={"arrival_flight": "TG661"})
    assert response.status_code == 303
    assert response.headers["Location"] == manage
    assert plan_of(db.session.get(Registration, trip.aiko.id)) is None
