"""In Chromium: an organiser builds the first day by dragging, sees a speaker conflict, publishes,
and the public schedule shows the session; then the public pages on a phone and with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import has_horizontal_scroll, serious_accessibility_violations
from tests.schedule.conftest import at, place, publish

pytestmark = pytest.mark.browser


def cell(page, room_id: int, start: str):
    return page.locator(f".drop-cell[data-room-id='{room_id}'][data-start='{start}']")


def sign_in(page, base, email):
    page.goto(f"{base}/manage/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct-horse-1")
    page.get_by_role("button", name="Sign in").click()


def test_organiser_drags_sessions_sees_a_conflict_and_publishes(
    page, live_server, program, make_user
):
    base = live_server.url
    sign_in(page, base, make_user("organiser"))
    page.goto(f"{base}/manage/wscs2027/")
    organiser_nav = page.locator("nav.manage-nav")
    organiser_nav.get_by_role("button", name="Programme").click()
    organiser_nav.get_by_role("link", name="Schedule", exact=True).click()
    assert page.get_by_role("heading", name="Agenda builder").is_visible()
    assert page.locator(".conflicts-none").is_visible()

    opening = page.locator("#unscheduled .session-card", has_text="Opening keynote")
    target = cell(page, program["rooms"]["Main Hall"], "2027-01-26T09:00")
    opening.drag_to(target)
    placed = page.locator("#builder-grid .grid-session", has_text="Opening keynote")
    placed.wait_for()
    assert "09:00–09:45" in placed.inner_text()
    assert page.locator("#builder-status").inner_text() == "Placed “Opening keynote” at 09:00."
    assert page.locator("#unscheduled .session-card", has_text="Opening keynote").count() == 0

    # Ana also speaks in "Smart grids": dropping it at the same time in another room warns.
    grids = page.locator("#unscheduled .session-card", has_text="Smart grids in Phuket")
    grids.drag_to(cell(page, program["rooms"]["Room B"], "2027-01-26T09:15"))
    conflict = page.locator("#conflicts .conflict-speaker_overlap")
    conflict.wait_for()
    assert "Ana Lim speaks in “Opening keynote” and “Smart grids in Phuket” at the same time." in (
        conflict.inner_text()
    )

    # A second session in the keynote's room and time is refused outright.
    rail = page.locator("#unscheduled .session-card", has_text="Khon Kaen light rail")
    rail.drag_to(
        cell(page, program["rooms"]["Main Hall"], "2027-01-26T09:30"),
        force=True,  # the keynote's box lies over that cell
    )
    page.wait_for_function(
        "() => document.getElementById('builder-status').textContent.includes('already has')"
    )
    assert page.locator("#unscheduled .session-card", has_text="Khon Kaen light rail").count() == 1

    # Fix the speaker conflict by dragging the session later, by keyboard-usable form.
    page.locator(f"#placed-{program['sessions']['grid']} summary").click()
    page.get_by_label("Start").and_(
        page.locator(f"#move-start-{program['sessions']['grid']}")
    ).fill("2027-01-26T10:00")
    page.locator(f"#placed-{program['sessions']['grid']}").get_by_role(
        "button", name="Move"
    ).click()
    page.locator("#conflicts .conflicts-none").wait_for()

    # Drag the light rail back and forth: to the grid, then back to the list.
    rail.drag_to(cell(page, program["rooms"]["Room C"], "2027-01-26T11:00"))
    page.locator("#builder-grid .grid-session", has_text="Khon Kaen light rail").wait_for()
    page.locator("#builder-grid .grid-session", has_text="Khon Kaen light rail").drag_to(
        page.locator("#unscheduled")
    )
    page.locator("#unscheduled .session-card", has_text="Khon Kaen light rail").wait_for()

    page.get_by_role("link", name="Publish…").click()
    assert page.get_by_label("Version", exact=True).input_value() == "1.0"
    page.get_by_label("Public comment in English").fill("The first day is ready.")
    page.get_by_role("button", name="Publish this version").click()
    assert page.get_by_text("Version 1.0 is published.").is_visible()

    page.goto(f"{base}/wscs2027/schedule/?day=2027-01-26")
    box = page.locator(".schedule-grid .grid-session", has_text="Opening keynote")
    assert re.search(r"09:00–09:45", box.inner_text())
    assert page.locator(".schedule-grid .grid-session", has_text="Khon Kaen").count() == 0
    page.get_by_role("link", name="What changed").click()
    assert "The first day is ready." in page.locator(".release-comment").inner_text()

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{base}/wscs2027/schedule/?day=2027-01-26")
    assert not has_horizontal_scroll(page)
    assert page.locator(".schedule-day-list .session-item", has_text="Opening keynote").is_visible()


def test_attendee_stars_sessions_and_sees_them_in_my_agenda(page, app, live_server, program):
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    place(app, "wscs2027", s["rail"], r["Room B"], at(1, 10))
    publish(app, "wscs2027", "1.0")
    page.goto(f"{live_server.url}/wscs2027/schedule/?view=list")
    star = page.get_by_role("button", name="Star “Khon Kaen light rail”")
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    page.get_by_role("link", name="My agenda").click()
    items = page.locator(".mine-list .session-item:visible")
    expect(items).to_have_count(1)
    assert "Khon Kaen light rail" in items.inner_text()
    # Filtering by track finds the light rail's track only.
    page.goto(f"{live_server.url}/wscs2027/schedule/?view=list")
    page.get_by_label("Language").select_option("th")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".session-item")).to_have_count(1)
    assert "Khon Kaen light rail" in page.locator(".session-item").inner_text()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_public_schedule_pages_are_accessible_and_fit_a_phone(
    browser, app, live_server, program, lang
):
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    place(app, "wscs2027", s["rail"], r["Room B"], at(1, 10))
    place(app, "wscs2027", s["grid"], r["Room C"], at(1, 10))
    place(app, "wscs2027", s["lunch"], r["Main Hall"], at(1, 12))
    publish(app, "wscs2027", "1.0")
    base = live_server.url
    for width in (1280, 360):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="th-TH" if lang == "th" else "en-GB"
        )
        context.add_cookies([{"name": "showcase_lang", "value": lang, "url": base}])
        page = context.new_page()
        for path in (
            "/wscs2027/schedule/?day=2027-01-26",
            "/wscs2027/schedule/?view=list",
            "/wscs2027/sessions/RAIL02/",
            "/wscs2027/speakers/SPKSOM/",
            "/wscs2027/schedule/changelog/",
            "/wscs2027/schedule/now/",
        ):
            page.goto(base + path)
            assert page.locator("html").get_attribute("lang") == lang
            assert not has_horizontal_scroll(page), f"{path} scrolls sideways at {width}px"
            if width == 1280:
                assert serious_accessibility_violations(page) == [], path
        context.close()
