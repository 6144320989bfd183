"""A newcomer's first minutes, in Chromium: the event home, Thai, and the organiser sign-in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import has_horizontal_scroll, serious_accessibility_violations

pytestmark = pytest.mark.browser


def test_front_door_thai_switch_and_organiser_sign_in(page, live_server, event, make_user):
    email = make_user("admin")
    page.goto(live_server.url + "/")
    assert page.url == f"{live_server.url}/{event}/"
    expect(page.locator("h1")).to_have_text("World Smart City Showcase 2027")
    expect(page.get_by_text("26–28 January 2027").first).to_be_visible()

    page.get_by_role("link", name="ไทย").click()
    assert page.locator("html").get_attribute("lang") == "th"
    expect(page.get_by_text("26–28 มกราคม 2570").first).to_be_visible()
    expect(page.get_by_role("heading", name="เมืองอัจฉริยะเจ็ดมิติ")).to_be_visible()
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"

    page.goto(live_server.url + "/manage/")
    assert "/manage/login" in page.url
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct-horse-1")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="World Smart City Showcase 2027").first.click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.locator("nav.manage-nav").get_by_role("button", name="Event").click()
    expect(page.get_by_role("link", name="Cities", exact=True)).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_event_home_is_accessible_and_fits_a_phone(browser, live_server, event, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{lang}?next=/{event}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert serious_accessibility_violations(page) == []
    assert not has_horizontal_scroll(page)
    page.goto(f"{live_server.url}/manage/login")
    assert serious_accessibility_violations(page) == []
    assert not has_horizontal_scroll(page)
    context.close()
