"""axe-core in Chromium on every public page and the main organiser pages, in English and Thai, at
360 pixels wide: no serious or critical finding and no horizontal scrolling. And a sign-in done
with the keyboard alone.

A new page is one line in ``PUBLIC_PAGES`` or ``ORGANISER_PAGES``: a function from the world
(``world.py``) to its path.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    TIMEOUT_MS,
    has_horizontal_scroll,
    serious_accessibility_violations,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUBLIC_PAGES = [
    lambda w: f"/{w.event}/",
    lambda w: f"/{w.event}/exhibitors/",
    lambda w: f"/{w.event}/exhibitors/{w.ids['ref']}/",
    lambda w: f"/{w.event}/floorplan/",
    lambda w: f"/{w.event}/booths/apply",
    lambda w: f"/{w.event}/booths/apply/sent",
    lambda w: f"/{w.event}/booths/resend",
    lambda w: f"/{w.event}/booths/application/{w.secrets['pending_manage']}/",
    lambda w: f"/{w.event}/booths/application/{w.secrets['pending_manage']}/edit",
    lambda w: f"/{w.event}/booths/confirm/{'x' * 43}",  # the link-problem page
    # Exhibitor leads: the booth's scanner and list, a lead, the staff member's scanner
    lambda w: f"/{w.event}/booths/application/{w.secrets['exhibitor_manage']}/leads/",
    lambda w: (
        f"/{w.event}/booths/application/{w.secrets['exhibitor_manage']}/leads/{w.ids['lead_id']}"
    ),
    lambda w: f"/{w.event}/registration/{w.secrets['staff_manage']}/booth-leads/",
    # Registration
    lambda w: f"/{w.event}/register",
    lambda w: f"/{w.event}/register/sent",
    lambda w: f"/{w.event}/register/resend",
    lambda w: f"/{w.event}/register/confirm/{'x' * 43}",  # the link-problem page
    lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/",
    lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/edit",
    lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/badge",
    lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/cancel",
    # Programme
    lambda w: f"/{w.event}/cfp/",
    lambda w: f"/{w.event}/cfp/sent",
    lambda w: f"/{w.event}/cfp/link",
    lambda w: f"/{w.event}/speakers/",
    lambda w: f"/{w.event}/speakers/{w.ids['public_speaker_code']}/",
    lambda w: f"/{w.event}/cfp/me/{w.secrets['speaker_manage']}/",
    lambda w: f"/{w.event}/cfp/me/{w.secrets['speaker_manage']}/profile",
    lambda w: (
        f"/{w.event}/cfp/me/{w.secrets['speaker_manage']}/sessions/{w.ids['session_code']}/edit"
    ),
    # Schedule
    lambda w: f"/{w.event}/schedule/",
    lambda w: f"/{w.event}/schedule/?view=list",
    lambda w: f"/{w.event}/schedule/now/",
    lambda w: f"/{w.event}/schedule/print/",
    lambda w: f"/{w.event}/schedule/changelog/",
    lambda w: f"/{w.event}/schedule/v/{w.ids['version']}/",
    lambda w: f"/{w.event}/sessions/{w.ids['public_session_code']}/",
    lambda w: f"/{w.event}/registration/{w.secrets['registration_manage']}/agenda/",
    lambda w: "/manage/login",
    lambda w: "/manage/login/forgot",
    lambda w: "/no-such-page/",  # the error page
]

ORGANISER_PAGES = [
    lambda w: "/manage/",
    lambda w: f"/manage/{w.event}/",
    lambda w: f"/manage/{w.event}/settings",
    lambda w: f"/manage/{w.event}/cities/",
    lambda w: f"/manage/{w.event}/cities/{w.ids['city_id']}",
    lambda w: "/manage/users/",
    lambda w: f"/manage/users/{w.ids['user_id']}",
    lambda w: "/manage/outbox/",
    lambda w: f"/manage/outbox/{w.ids['message_id']}",
    lambda w: f"/manage/outbox/{w.ids['uncertain_message_id']}",  # with its two decisions
    lambda w: f"/manage/{w.event}/booths/",
    lambda w: f"/manage/{w.event}/booths/applications/",
    lambda w: f"/manage/{w.event}/booths/applications/{w.ids['application_id']}",
    lambda w: f"/manage/{w.event}/booths/settings",
    lambda w: f"/manage/{w.event}/booths/traffic/",
    lambda w: "/manage/account/password",
    lambda w: "/manage/account/two-factor",
    lambda w: "/manage/account/sessions",
    lambda w: f"/manage/{w.event}/reports/",
    # Registration
    lambda w: f"/manage/{w.event}/registrations/",
    lambda w: f"/manage/{w.event}/registrations/{w.ids['registration_id']}/",
    lambda w: f"/manage/{w.event}/registration/settings",
    lambda w: f"/manage/{w.event}/registration/categories/new",
    lambda w: f"/manage/{w.event}/registration/categories/{w.ids['category_id']}",
    lambda w: f"/manage/{w.event}/checkin/",
    lambda w: f"/manage/{w.event}/checkin/?q=Somchai",
    # Programme
    lambda w: f"/manage/{w.event}/program/",
    lambda w: f"/manage/{w.event}/program/sessions/{w.ids['session_code']}/",
    lambda w: f"/manage/{w.event}/program/sessions/{w.ids['session_code']}/edit",
    lambda w: f"/manage/{w.event}/program/sessions/new",
    lambda w: f"/manage/{w.event}/program/speakers/",
    lambda w: f"/manage/{w.event}/program/speakers/{w.ids['speaker_code']}/",
    lambda w: f"/manage/{w.event}/program/rooms/",
    lambda w: f"/manage/{w.event}/program/rooms/{w.ids['room_id']}",
    lambda w: f"/manage/{w.event}/program/reviews/",
    lambda w: f"/manage/{w.event}/program/reviews/{w.ids['session_code']}",
    lambda w: f"/manage/{w.event}/program/settings",
    # Schedule
    lambda w: f"/manage/{w.event}/schedule/",
    lambda w: f"/manage/{w.event}/schedule/publish",
]


@pytest.fixture
def world_server(world, live_server, make_user):
    make_user("admin", email="a11y@showcase.example")
    return world, live_server.url


def phone(browser, base: str, lang: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{base}/lang/{lang}?next=/manage/login")
    return context, page


def check_pages(page, base: str, paths: list[str], lang: str) -> list[str]:
    problems = []
    for path in paths:
        page.goto(base + path)
        if page.locator("html").get_attribute("lang") != lang:
            problems.append(f"{path}: not in {lang}")
        for finding in serious_accessibility_violations(page):
            problems.append(f"{path} [{lang}]: {finding}")
        if has_horizontal_scroll(page):
            problems.append(f"{path} [{lang}]: scrolls sideways at 360 px")
    return problems


@pytest.mark.parametrize("lang", ["en", "th"])
def test_public_pages_are_accessible_and_fit_a_phone(browser, world_server, lang):
    world, base = world_server
    context, page = phone(browser, base, lang)
    try:
        problems = check_pages(page, base, [make(world) for make in PUBLIC_PAGES], lang)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_organiser_pages_are_accessible_and_fit_a_phone(browser, world_server, lang):
    world, base = world_server
    context, page = phone(browser, base, lang)
    try:
        page.locator("input[name=email]").fill("a11y@showcase.example")
        page.locator("input[name=password]").fill("correct-horse-1")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(lambda url: "/manage/login" not in url)
        problems = check_pages(page, base, [make(world) for make in ORGANISER_PAGES], lang)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? (e.getAttribute('name') || e.tagName.toLowerCase()) : ''; }"
    )


def tab_to(page, name: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_sign_in_and_link_resend_with_the_keyboard_alone(page, world_server):
    world, base = world_server
    page.goto(base + f"/{world.event}/booths/resend")
    tab_to(page, "email")
    page.keyboard.type("pending@phuket.example")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("If there is an application for this address")).to_be_visible()

    page.goto(base + "/manage/login")
    tab_to(page, "email")
    page.keyboard.type("a11y@showcase.example")
    page.keyboard.press("Tab")
    assert focused(page) == "password"
    page.keyboard.type("correct-horse-1")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/manage/login" not in url)
    expect(page.get_by_text("Signed in as a11y@showcase.example")).to_be_visible()
