"""In Chromium: an organiser opens badge printing, filters one delegation, and downloads its
badges as A4 sheets of four; the PDF holds that delegation's badges and nobody else's, and the
page then counts them as printed. axe-core finds no serious violation on the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.badges.helpers import confirmed_people, page_size_mm, page_texts, pages
from tests.browser.helpers import TIMEOUT_MS, serious_accessibility_violations, sign_in
from tests.delegations.helpers import add, approved_delegation

pytestmark = pytest.mark.browser

MEMBERS = (
    ("Teerasak Teecharoen", "ธีระศักดิ์ ทีฆายุพันธุ์", True),
    ("Wichai Kaewta", "วิชัย แก้วตา", False),
    ("Suda Rattanakul", "สุดา รัตนกุล", False),
    ("Anong Boonmee", "อนงค์ บุญมี", False),
    ("Nok Jaidee", "นก ใจดี", False),
)


def test_organiser_filters_one_delegation_and_downloads_its_a4_sheets(
    ctx, browser, live_server, make_user, tmp_path
):
    event = factories.event()
    delegate = factories.registration_category(
        event, "delegate", name_en="City delegate", capacity=20, open_to_delegations=True
    )
    confirmed_people(event, delegate)  # people of other cities, outside any delegation
    delegation = approved_delegation(event, factories.city("Khon Kaen", "ขอนแก่น"))
    for name, name_th, head in MEMBERS:
        add(delegation, delegate, name, full_name_th=name_th, is_head=head)
    approved_delegation(event, factories.city("Phuket", "ภูเก็ต"))
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, base, make_user("organiser"))

    page.goto(f"{base}/manage/{event.acronym}/badges/")
    expect(page.get_by_role("heading", name="Badge printing")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Delegation").select_option(label="Khon Kaen")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name="Teerasak Teecharoen")).to_be_visible()
    expect(page.get_by_role("row", name="Somchai Jaidee")).to_have_count(0)
    page.get_by_label("Layout").select_option(
        label="A4 sheets, four A6 badges each, with crop marks"
    )
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Print 5 badges (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{event.acronym}-badges-a4_sheet-5.pdf"
    path = tmp_path / "sheets.pdf"
    download.save_as(path)
    pdf = path.read_bytes()

    assert [page_size_mm(sheet) for sheet in pages(pdf)] == [(210.0, 297.0), (210.0, 297.0)]
    first, second = page_texts(pdf)
    assert "Teerasak Teecharoen" in first and "ธีระศักดิ์ ทีฆายุพันธุ์" in first
    assert "Head of delegation" in first
    assert sum(name in first for name, _th, _head in MEMBERS) == 4
    assert sum(name in second for name, _th, _head in MEMBERS) == 1
    assert "Somchai Jaidee" not in first + second

    page.reload()
    expect(page.locator(".badge-count-not_printed")).to_have_text("0")
    expect(page.locator(".badge-count-printed")).to_have_text("5")
    context.close()
