"""In Chromium, in Thai, on a 360 px phone: a city office requests a delegation, an organiser
approves it, the coordinator confirms the privacy notice, adds five members (the first the head
of delegation), replaces one and opens the badges page. axe-core finds no serious violation on
the coordinator's pages and none of them scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    TIMEOUT_MS,
    has_horizontal_scroll,
    serious_accessibility_violations,
    sign_in,
)
from tests.helpers import links_in

pytestmark = pytest.mark.browser

MEMBERS = (
    ("นายกเทศมนตรี", "Teerasak Teecharoen", "ธีระศักดิ์ ทีฆายุพันธุ์", "แขกวีไอพี"),
    ("", "Wichai Kaewta", "วิชัย แก้วตา", "ผู้แทนเมือง"),
    ("ดร.", "Suda Rattanakul", "สุดา รัตนกุล", "ผู้แทนเมือง"),
    ("", "Anong Boonmee", "อนงค์ บุญมี", "ผู้แทนเมือง"),
    ("", "Nok Jaidee", "นก ใจดี", "แขกวีไอพี"),
)


def _phone(browser, locale: str = "th"):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def _checked(page, problems: list[str]) -> None:
    found = serious_accessibility_violations(page)
    problems.extend(f"{page.url}: {line}" for line in found)
    if has_horizontal_scroll(page):
        problems.append(f"{page.url}: scrolls sideways at 360 px")


def test_thai_coordinator_requests_is_approved_adds_five_substitutes_one_and_prints_badges(
    browser, live_server, deleg_event, mail_app, smtp_server, deliver, make_user
):
    base = live_server.url
    problems: list[str] = []
    context, page = _phone(browser)
    page.goto(f"{base}/{deleg_event}/delegations/request")
    expect(page.get_by_role("heading", name="ขอส่งคณะผู้แทน")).to_be_visible()
    _checked(page, problems)
    page.get_by_label("เมือง", exact=True).select_option(label="ขอนแก่น")
    page.get_by_label("ชื่อผู้ประสานงาน").fill("รัชนี พลศรี")
    page.get_by_label("อีเมลผู้ประสานงาน").fill("ir@khonkaen.example")
    page.get_by_label("โทรศัพท์ผู้ประสานงาน").fill("+66 43 221 000")
    page.get_by_role("button", name="ส่งคำขอ").click()
    expect(page.get_by_role("heading", name="ได้รับคำขอแล้ว")).to_be_visible()

    deliver()
    [received] = smtp_server.wait_for(1)
    delegation_url = links_in(received)[0]

    organiser, staff = _phone(browser, "en-GB")
    sign_in(staff, base, make_user("organiser"))
    staff.goto(f"{base}/manage/{deleg_event}/delegations/")
    staff.get_by_role("link", name="Khon Kaen").click()
    staff.get_by_role("button", name="Approve the delegation").click()
    expect(staff.get_by_text("The delegation is approved")).to_be_visible()
    organiser.close()

    page.goto(delegation_url)
    expect(page.get_by_role("heading", name="คณะผู้แทนขอนแก่น")).to_be_visible()
    page.get_by_label("ข้าพเจ้ายืนยันว่าสมาชิกทุกคน").check()
    page.get_by_role("button", name="ยืนยัน", exact=True).click()
    expect(page.get_by_text("ขอบคุณ บันทึกความยินยอมของสมาชิกแล้ว")).to_be_visible()
    for number, (honorific, name, name_th, category) in enumerate(MEMBERS):
        page.get_by_role("link", name="เพิ่มสมาชิก").click()
        if number == 0:
            _checked(page, problems)
        page.get_by_label("คำนำหน้าหรือตำแหน่งตามพิธีการ").fill(honorific)
        page.get_by_label("ชื่อภาษาอังกฤษ").fill(name)
        page.get_by_label("ชื่อภาษาไทย").fill(name_th)
        page.get_by_label("ประเภท", exact=True).select_option(label=category)
        if number == 0:
            page.get_by_label("หัวหน้าคณะ").check()
        page.get_by_role("button", name="เพิ่มสมาชิก").click()
        expect(page.get_by_text(f"เพิ่ม {name} แล้ว และได้ที่นั่ง")).to_be_visible()
    expect(page.locator(".delegation-members > li")).to_have_count(5)
    _checked(page, problems)

    page.get_by_role("link", name="เปลี่ยนตัว Anong Boonmee").click()
    _checked(page, problems)
    page.get_by_label("ชื่อภาษาอังกฤษ").fill("Malee Wongsa")
    page.get_by_label("ชื่อภาษาไทย").fill("มาลี วงศ์ษา")
    page.get_by_role("button", name="เปลี่ยนตัวสมาชิก").click()
    expect(page.get_by_text("Malee Wongsa แทนที่ Anong Boonmee แล้ว บัตรเดิมใช้ไม่ได้อีก")).to_be_visible()

    page.get_by_role("link", name="บัตรทั้งหมด").click()
    expect(page.locator(".badge-card")).to_have_count(5)
    expect(page.locator(".badge-card").first.locator(".badge-head")).to_have_text("หัวหน้าคณะ")
    expect(page.locator(".badge-card").first.locator(".badge-name-th")).to_have_text(
        "ธีระศักดิ์ ทีฆายุพันธุ์"
    )
    expect(page.locator(".badge-kind-vip")).to_have_count(2)
    expect(page.get_by_text("Malee Wongsa")).to_be_visible()
    expect(page.get_by_text("Anong Boonmee")).to_have_count(0)
    _checked(page, problems)
    context.close()
    assert not problems, "\n".join(problems)
