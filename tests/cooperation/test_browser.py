"""In Chromium on a 360 px phone: a Thai city's coordinator fills the cooperation profile in
Thai, an international company's representative requests a meeting from a suggestion, the
coordinator accepts, both agendas show it, the host's phone records the badge at the table, both
record an outcome and the organiser's report counts it. axe-core finds no serious violation on
the cooperation pages and none of them scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from showcase.extensions import db
from tests import factories
from tests.browser.helpers import (
    TIMEOUT_MS,
    has_horizontal_scroll,
    serious_accessibility_violations,
    sign_in,
)
from tests.cooperation.helpers import city_delegation, lounge, solargrid
from tests.delegations.helpers import secret_of

pytestmark = pytest.mark.browser


def _phone(browser, locale: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def _checked(page, problems: list[str]) -> None:
    problems.extend(f"{page.url}: {line}" for line in serious_accessibility_violations(page))
    if has_horizontal_scroll(page):
        problems.append(f"{page.url}: scrolls sideways at 360 px")


def test_a_thai_city_and_a_company_meet_and_the_report_counts_it(app, browser, live_server):
    base = live_server.url
    with app.app_context():
        event = factories.event()
        acronym = event.acronym
        lounge(event)
        delegation, _member = city_delegation(event, language="th")
        city_secret = secret_of(delegation)
        kenji, _company = solargrid(event, ["en", "th"])
        badge = kenji.badge_code
        company_secret = factories.registration_link(kenji, "manage")
        organiser = factories.user("organiser").email
        db.session.remove()
    problems: list[str] = []

    city_context, city = _phone(browser, "th-TH")
    city.goto(f"{base}/{acronym}/delegation/{city_secret}/")
    city.get_by_role("link", name="โปรไฟล์ความร่วมมือของเมือง พันธมิตรที่แนะนำ และการประชุม").click()
    city.get_by_role("link", name="สร้างโปรไฟล์ความร่วมมือ").click()
    city.get_by_label("ภาษาไทย", exact=True).check()
    city.get_by_label("ภาษาอังกฤษ", exact=True).check()
    city.get_by_label("ภาษาของคำอธิบาย").select_option(label="ภาษาไทย")
    city.get_by_label("พลังงานอัจฉริยะ: สิ่งที่ท่านต้องการ").fill("สินเชื่อโซลาร์รูฟท็อป")
    city.get_by_label("การเดินทางและขนส่งอัจฉริยะ: สิ่งที่ท่านเสนอ").fill("ข้อมูลรถโดยสารด่วนพิเศษ")
    city.get_by_label("ข้าพเจ้ายินยอมให้ Showcase แสดงโปรไฟล์ความร่วมมือนี้").check()
    _checked(city, problems)
    city.get_by_role("button", name="บันทึกโปรไฟล์ความร่วมมือ").click()
    expect(city.get_by_text("บันทึกโปรไฟล์ความร่วมมือของท่านแล้ว")).to_be_visible()
    _checked(city, problems)

    company_context, company = _phone(browser, "en-GB")
    company.goto(f"{base}/{acronym}/cooperation/registration/{company_secret}/")
    expect(company.get_by_text("You seek Smart Mobility: bus ridership data")).to_be_visible()
    _checked(company, problems)
    company.get_by_role("link", name="Request a meeting with ขอนแก่น").click()
    slot = company.get_by_label("Slot")
    slot.select_option(index=2)
    company.get_by_label("Message").fill("Shall we talk about financing rooftops?")
    _checked(company, problems)
    company.get_by_role("button", name="Send the request").click()
    expect(company.get_by_text("Your request is sent.")).to_be_visible()

    city.reload()
    expect(city.get_by_text("Shall we talk about financing rooftops?")).to_be_visible()
    city.get_by_role("button", name="ตอบรับ").click()
    expect(city.get_by_text("ยืนยันการประชุมแล้ว")).to_be_visible()
    _checked(city, problems)

    city.goto(f"{base}/{acronym}/delegation/{city_secret}/")
    expect(city.get_by_text("SolarGrid Japan").first).to_be_visible()
    company.goto(f"{base}/{acronym}/registration/{company_secret}/")
    expect(company.get_by_role("heading", name="Your cooperation meetings")).to_be_visible()
    expect(company.get_by_text("Table 1")).to_be_visible()

    city.goto(f"{base}/{acronym}/cooperation/delegation/{city_secret}/")
    city.get_by_role("link", name="สแกนบัตรที่โต๊ะ").click()
    _checked(city, problems)
    city.get_by_label("รหัสบนบัตร").fill(badge)
    city.get_by_role("button", name="บันทึกการประชุม").click()
    expect(city.get_by_text("บันทึกว่าการประชุมจัดขึ้นแล้ว")).to_be_visible()

    city.get_by_role("link", name="บันทึกผล").click()
    city.get_by_label("ผลของการประชุม").select_option(label="ตั้งใจลงนามบันทึกความเข้าใจ")
    city.get_by_label("มิติ").select_option(label="พลังงานอัจฉริยะ")
    city.get_by_role("button", name="บันทึกผล").click()
    expect(city.get_by_text("ขอบคุณ บันทึกผลแล้ว")).to_be_visible()
    company.goto(f"{base}/{acronym}/cooperation/registration/{company_secret}/")
    company.get_by_role("link", name="Record the outcome").click()
    company.get_by_label("What came of the meeting").select_option(label="Pilot discussed")
    company.get_by_label("Dimension").select_option(label="Smart Energy")
    company.get_by_role("button", name="Save the outcome").click()
    expect(company.get_by_text("Thank you: the outcome is recorded.")).to_be_visible()
    city_context.close()
    company_context.close()

    staff_context, staff = _phone(browser, "en-GB")
    sign_in(staff, base, organiser)
    staff.goto(f"{base}/manage/{acronym}/cooperation/report")
    expect(staff.locator("#count-held")).to_have_text("1")
    expect(staff.locator("#next-steps")).to_contain_text("SolarGrid Japan")
    staff_context.close()

    assert problems == []
