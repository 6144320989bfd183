"""In Chromium: where organisers land after signing in, and the organiser navigation: one line at
1280 px in English and Thai, its groups opened and followed with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.browser


def test_check_in_staff_land_on_the_check_in_desk(page, live_server, event, make_user):
    sign_in(page, live_server.url, make_user("checkin"))
    assert page.url == f"{live_server.url}/manage/{event}/checkin/"
    expect(page.get_by_role("heading", name="Check-in desk")).to_be_visible()


def test_organisers_still_land_on_the_dashboard(page, live_server, event, make_user):
    sign_in(page, live_server.url, make_user("organiser"))
    assert page.url == f"{live_server.url}/manage/{event}/"


def top_level_items(page):
    return page.locator("nav.manage-nav > div > ul > li")


@pytest.mark.parametrize("lang", ["en", "th"])
def test_organiser_navigation_fits_one_line_at_1280_px(
    browser, live_server, event, make_user, lang
):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{lang}?next=/manage/login")
    email = make_user("admin")  # the role that sees every entry
    page.locator("#email").fill(email)
    page.locator("#password").fill("correct-horse-1")
    page.locator("form button[type=submit]").click()
    page.goto(f"{live_server.url}/manage/{event}/")
    items = top_level_items(page)
    assert items.count() >= 5
    tops = items.evaluate_all("items => items.map(item => item.getBoundingClientRect().top)")
    assert len(set(tops)) == 1, tops  # every entry on the same line
    nav = page.locator("nav.manage-nav").bounding_box()
    first = items.first.bounding_box()
    assert nav["height"] < 2 * first["height"]
    right = items.evaluate_all(
        "items => Math.max(...items.map(item => item.getBoundingClientRect().right))"
    )
    assert right <= 1280
    assert serious_accessibility_violations(page) == []
    context.close()


def test_organiser_navigation_groups_open_and_follow_with_the_keyboard(
    page, live_server, event, make_user
):
    sign_in(page, live_server.url, make_user("organiser"))
    page.goto(f"{live_server.url}/manage/{event}/")
    toggle = page.locator("nav.manage-nav").get_by_role("button", name="Programme")
    assert toggle.get_attribute("aria-expanded") == "false"
    menu = page.locator("nav.manage-nav .dropdown-menu", has_text="Speakers")
    expect(menu).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    expect(menu).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Speakers"
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Programme"
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/manage/{event}/program/speakers/")
    # The group of the page one is on is marked, and so is the page in it.
    current = page.locator("nav.manage-nav").get_by_role("button", name="Programme")
    assert "active" in (current.get_attribute("class") or "")
    current.click()
    expect(page.locator("nav.manage-nav [aria-current=page]")).to_have_text("Speakers")
    assert not page.locator("script:not([src])").count()  # no inline script


def test_an_administrator_requires_two_factor_sign_in_and_the_next_sign_in_asks_for_it(
    browser, live_server, event, make_user
):
    import re

    import pyotp

    base = live_server.url
    admin = make_user("admin")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, base, admin)
    page.goto(f"{base}/manage/users/")
    page.get_by_label(
        "Every organiser account signs in with a second factor (an authenticator app)"
    ).check()
    page.get_by_role("button", name="Save").click()
    # From now on every organiser page leads to setting it up.
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.goto(f"{base}/manage/{event}/")
    expect(page).to_have_url(f"{base}/manage/account/two-factor")
    expect(page.locator("figure.totp-qr svg")).to_be_visible()
    key = page.locator("#totp-key").inner_text().replace(" ", "")
    page.get_by_label("Code the app shows now").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", c) for c in codes)
    page.get_by_role("link", name="I have kept them").click()
    page.goto(f"{base}/manage/{event}/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{base}/manage/login")

    # The next sign-in asks for the code after the password; a recovery code does too.
    page.goto(f"{base}/manage/login")
    page.get_by_label("Email").fill(admin)
    page.get_by_label("Password").fill("correct-horse-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Second step of signing in")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/manage/login" not in url)
    page.goto(f"{base}/manage/{event}/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    context.close()
