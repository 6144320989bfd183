"""In Chromium: on a 360 px phone, in Thai and in English, a delegate from Yokohama opens their
registration's page, gives their flight, hotel and transfer, and sees them saved; then an
organiser opens the day's arrivals manifest and finds them there, and its print version hides
the menus. axe-core finds no serious violation on the travel form, which does not scroll
sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    TIMEOUT_MS,
    has_horizontal_scroll,
    serious_accessibility_violations,
    sign_in,
)
from tests.registration.helpers import manage_secret

pytestmark = pytest.mark.browser

WORDS = {
    "th": {
        "link": "การเดินทาง: วันมาถึง วันเดินทางกลับ โรงแรม และรถรับส่งสนามบิน",
        "arrival_date": "วันที่เดินทางมาถึง",
        "arrival_time": "เวลาที่มาถึง",
        "arrival_flight": "เที่ยวบินขาเข้า",
        "arrival_airport": "สนามบินที่มาถึง",
        "transfer": "ต้องการรถรับจากสนามบินเมื่อมาถึง",
        "hotel": "โรงแรม",
        "bkk": "BKK · สุวรรณภูมิ กรุงเทพฯ",
        "sheraton": "เชอราตัน แกรนด์ สุขุมวิท",
        "save": "บันทึกข้อมูลการเดินทาง",
        "saved": "ขอบคุณ บันทึกข้อมูลการเดินทางแล้ว",
        "locale": "th-TH",
    },
    "en": {
        "link": "Your travel: arrival, departure, hotel and airport transfer",
        "arrival_date": "Arrival date",
        "arrival_time": "Arrival time",
        "arrival_flight": "Arrival flight number",
        "arrival_airport": "Arrival airport",
        "transfer": "I need a transfer from the airport on arrival",
        "hotel": "Hotel",
        "bkk": "BKK · Bangkok Suvarnabhumi",
        "sheraton": "Sheraton Grande Sukhumvit",
        "save": "Save the travel details",
        "saved": "Thank you: the travel details are saved.",
        "locale": "en-GB",
    },
}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_delegate_gives_their_flight_on_a_phone_and_the_organiser_finds_it_in_the_manifest(
    browser, live_server, trip, make_user, lang
):
    w = WORDS[lang]
    base = live_server.url
    secret = manage_secret(trip.aiko)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=w["locale"])
    context.set_default_timeout(TIMEOUT_MS)
    phone = context.new_page()
    phone.goto(f"{base}/{trip.event.acronym}/registration/{secret}/")
    phone.get_by_role("link", name=w["link"]).click()
    assert serious_accessibility_violations(phone) == []
    assert not has_horizontal_scroll(phone)
    phone.get_by_label(w["arrival_date"]).fill("2027-01-25")
    phone.get_by_label(w["arrival_time"]).fill("15:40")
    phone.get_by_label(w["arrival_flight"]).fill("tg 661")
    phone.get_by_label(w["arrival_airport"]).select_option(label=w["bkk"])
    phone.get_by_label(w["transfer"]).check()
    phone.get_by_label(w["hotel"], exact=True).select_option(label=w["sheraton"])
    phone.get_by_role("button", name=w["save"]).click()
    expect(phone.get_by_text(w["saved"])).to_be_visible()
    assert not has_horizontal_scroll(phone)
    context.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    desk.set_default_timeout(TIMEOUT_MS)
    page = desk.new_page()
    sign_in(page, base, make_user("organiser"))
    page.goto(f"{base}/manage/{trip.event.acronym}/travel/")
    page.get_by_role("link", name="Monday 25 January 2027").click()
    expect(
        page.get_by_role("heading", name="Arrivals manifest: Monday 25 January 2027")
    ).to_be_visible()
    row = page.locator("table.manifest tbody tr").first
    expect(row).to_contain_text("15:40")
    expect(row).to_contain_text("TG661")
    expect(row).to_contain_text("Aiko Tanaka")
    expect(row).to_contain_text("ไอโกะ ทานากะ")
    expect(row).to_contain_text("Sheraton Grande Sukhumvit")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Download as CSV")).to_be_hidden()
    expect(row).to_be_visible()
    desk.close()
