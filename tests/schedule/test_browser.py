"""In Chromium: an organiser builds the first day by dragging, sees a speaker conflict, publishes,
and the public schedule shows the session; then the public pages on a phone and with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.schedule.helpers import at, place, publish

pytestmark = pytest.mark.browser


def cell(page, room_id: int, start: str):
    return page.locator(f".drop-cell[data-room-id='{room_id}'][data-start='{start}']")


def test_organiser_drags_sessions_sees_a_conflict_and_publishes(
    page, live_server, program, make_user
):
    base = live_server.url
    sign_in(page, base, make_user("organiser"))
    page.goto(f"{base}/manage/wscs2027/")
    organiser_nav = page.locator("nav.manage-nav")
    organiser_nav.get_by_role("button", name="Programme").click()
    organiser_nav.get_by_role("link", name="Schedule", exact=True).click()
    expect(page.get_by_role("heading", name="Agenda builder")).to_be_visible()
    expect(page.locator(".conflicts-none")).to_be_visible()

    opening = page.locator("#unscheduled .session-card", has_text="Opening keynote")
    target = cell(page, program["rooms"]["Main Hall"], "2027-01-26T09:00")
    opening.drag_to(target)
    placed = page.locator("#builder-grid .grid-session", has_text="Opening keynote")
    placed.wait_for()
    expect(placed).to_contain_text("09:00–09:45")
    expect(page.locator("#builder-status")).to_have_text("Placed “Opening keynote” at 09:00.")
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
    expect(page.get_by_text("Version 1.0 is published.")).to_be_visible()

    page.goto(f"{base}/wscs2027/schedule/?day=2027-01-26")
    box = page.locator(".schedule-grid .grid-session", has_text="Opening keynote")
    assert re.search(r"09:00–09:45", box.inner_text())
    assert page.locator(".schedule-grid .grid-session", has_text="Khon Kaen").count() == 0
    page.get_by_role("link", name="What changed").click()
    expect(page.locator(".release-comment")).to_contain_text("The first day is ready.")

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{base}/wscs2027/schedule/?day=2027-01-26")
    assert not has_horizontal_scroll(page)
    expect(
        page.locator(".schedule-day-list .session-item", has_text="Opening keynote")
    ).to_be_visible()


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
    expect(items).to_contain_text("Khon Kaen light rail")
    # Filtering by track finds the light rail's track only.
    page.goto(f"{live_server.url}/wscs2027/schedule/?view=list")
    page.get_by_label("Language").select_option("th")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".session-item")).to_have_count(1)
    expect(page.locator(".session-item")).to_contain_text("Khon Kaen light rail")


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


def test_now_and_next_refreshes_itself_without_reloading_the_page(page, app, live_server, program):
    from datetime import timedelta

    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["rail"], r["Room B"], at(1, 10))
    publish(app, "wscs2027", "1.0")
    page.clock.install()
    page.goto(f"{live_server.url}/wscs2027/schedule/now/")
    assert page.locator("meta[http-equiv='refresh']").count() == 0
    expect(page.get_by_text("This page keeps itself up to date.")).to_be_visible()
    upcoming = page.locator("#next-heading + ol .session-title")
    expect(upcoming).to_have_text(["Khon Kaen light rail"])
    page.evaluate("() => { window.notReloaded = true; }")
    # Meanwhile the organisers publish an earlier session.
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    publish(app, "wscs2027", "1.1")
    page.clock.run_for(int(timedelta(seconds=61).total_seconds() * 1000))
    expect(upcoming).to_have_text(["Opening keynote", "Khon Kaen light rail"])
    assert page.evaluate("() => window.notReloaded") is True
    # The refreshed list keeps the page's behaviour: its star buttons work.
    star = page.get_by_role("button", name="Star “Opening keynote”")
    star.click()
    assert star.get_attribute("aria-pressed") == "true"


CONTRAST = """(element) => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const opaque = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const colour = rgb(getComputedStyle(n).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour;
    }
    return [255, 255, 255];
  };
  const style = getComputedStyle(element);
  const own = rgb(style.backgroundColor);
  const fill = own.length < 4 || own[3] > 0 ? own : opaque(element.parentElement);
  const around = opaque(element.parentElement);
  const glyph = rgb(getComputedStyle(element.querySelector("[aria-hidden]")).color);
  return {
    border: ratio(rgb(style.borderTopColor), around),
    fill: ratio(fill, around),
    glyph: ratio(glyph, fill),
  };
}"""


@pytest.mark.parametrize(
    "path",
    ["/wscs2027/schedule/?view=list", "/wscs2027/sessions/RAIL02/", "/wscs2027/schedule/now/"],
)
def test_star_button_contrast_and_pressed_state(page, app, live_server, program, path):
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["rail"], r["Room B"], at(1, 10))
    publish(app, "wscs2027", "1.0")
    page.goto(live_server.url + path)
    star = page.get_by_role("button", name="Star “Khon Kaen light rail”")
    assert star.get_attribute("aria-pressed") == "false"
    off = star.evaluate(CONTRAST)
    # WCAG 1.4.11: the button's edge and its glyph stand out at least 3:1.
    assert off["border"] >= 3 and off["glyph"] >= 3, off
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    page.mouse.move(0, 0)  # no hover colour
    on = star.evaluate(CONTRAST)
    # Pressed, the button is filled: the fill shows the state against the page, 3:1 at least.
    assert on["fill"] >= 3 and on["glyph"] >= 3 and on["border"] >= 3, on
    page.reload()
    star = page.get_by_role("button", name="Star “Khon Kaen light rail”")
    assert star.get_attribute("aria-pressed") == "true"
    star.focus()
    page.keyboard.press("Space")
    assert star.get_attribute("aria-pressed") == "false"


# Every box of the grid, as the reader sees it: where its title, time and speakers are drawn.
GRID_BOXES = """() => [...document.querySelectorAll('.schedule-grid a.grid-session')].map((box) => {
  const rect = (el) => el ? el.getBoundingClientRect() : null;
  const body = box.querySelector('.grid-session-body');
  const title = box.querySelector('.grid-session-title');
  const speakers = box.querySelector('.grid-session-speakers');
  const line = parseFloat(getComputedStyle(title).lineHeight);
  return {
    code: box.dataset.code,
    tooltip: box.getAttribute('title') || '',
    text: title.textContent.trim(),
    firstIsTitle: (body || box).firstElementChild === title,
    box: rect(box), body: rect(body), title: rect(title), speakers: rect(speakers),
    clamped: title.scrollHeight > title.clientHeight + 1,
    line,
    visible: getComputedStyle(box).display !== 'none' && rect(box).width > 0,
  };
})"""

LONG_TITLE = (
    "Financing the smart city: how municipal green bonds paid for Phuket's flood sensors, "
    "street lights and the data platform that connects them"
)


def whole_lines(height: float, line: float) -> bool:
    return abs(height / line - round(height / line)) < 0.05


@pytest.fixture
def crowded_day(app, program):
    """Eight rooms on the first day, short and long sessions with long titles and speakers."""
    from showcase.events.services import get_event
    from showcase.extensions import db
    from showcase.program.models import ProgramSession, Speaker
    from tests.schedule.helpers import add_room, add_session

    s, r = program["sessions"], program["rooms"]
    with app.app_context():
        event = get_event("wscs2027")
        rooms = [add_room(event, f"Meeting Room {n}", "", 60, 2 + n) for n in range(1, 6)]
        speakers = [db.session.get(Speaker, sid) for sid in program["speakers"].values()]
        db.session.get(ProgramSession, s["rail"]).title_en = LONG_TITLE
        sessions = [
            add_session(event, f"LONG{n:02d}", f"{LONG_TITLE} ({n})", "", speakers, minutes)
            for n, minutes in enumerate((20, 30, 45, 60, 90), start=1)
        ]
        db.session.commit()
        room_ids = [room.id for room in rooms]
        session_ids = [session.id for session in sessions]
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    place(app, "wscs2027", s["rail"], r["Room B"], at(1, 9))
    place(app, "wscs2027", s["grid"], r["Room C"], at(1, 9))
    for room_id, session_id in zip(room_ids, session_ids, strict=True):
        place(app, "wscs2027", session_id, room_id, at(1, 9, 30))
    publish(app, "wscs2027", "1.0")
    return program


def test_grid_shows_each_title_first_and_readable_at_1280(page, live_server, crowded_day):
    page.goto(f"{live_server.url}/wscs2027/schedule/?day=2027-01-26")
    boxes = page.evaluate(GRID_BOXES)
    assert len(boxes) == 8
    clamped = []
    for box in boxes:
        where = box["code"]
        assert box["visible"], where
        assert box["firstIsTitle"], where  # the title comes first
        assert box["title"]["top"] - box["box"]["top"] < 6, where
        # The title is drawn in whole lines inside the box, never cut through a line...
        assert box["title"]["bottom"] <= box["box"]["bottom"] + 0.5, where
        assert whole_lines(box["title"]["height"], box["line"]), where
        assert whole_lines(box["body"]["height"], box["line"]), where
        # ...and speaker names start below it, never over it.
        if box["speakers"] is not None:
            assert box["speakers"]["top"] >= box["title"]["bottom"] - 0.5, where
        if box["clamped"]:
            clamped.append(where)
            assert box["text"] in box["tooltip"], where  # the full title on hover
    assert "RAIL02" in clamped and "LONG01" in clamped
    # On keyboard focus a shortened box opens up to show the whole title and its speakers.
    page.locator(".schedule-grid a.grid-session[data-code='LONG01']").focus()
    opened = next(b for b in page.evaluate(GRID_BOXES) if b["code"] == "LONG01")
    assert not opened["clamped"]
    assert opened["title"]["bottom"] <= opened["box"]["bottom"] + 0.5
    assert opened["speakers"]["bottom"] <= opened["box"]["bottom"] + 0.5
    closed = next(b for b in boxes if b["code"] == "LONG01")
    closed_height = closed["box"]["bottom"] - closed["box"]["top"]
    on_top = page.evaluate(
        # A point of the opened box below where the closed box ends, inside the window (the
        # opened box may reach past the page's end, and elementFromPoint sees only the window):
        # what is drawn there must be the box, not its neighbour below.
        "(closedHeight) => { const b = document.activeElement; b.scrollIntoView({block: 'end'});"
        " const at = b.getBoundingClientRect();"
        " const y = Math.min(at.bottom, window.innerHeight) - 5;"
        " if (y <= at.top + closedHeight) return ['opened part not in view', at.top, y];"
        " const hit = document.elementFromPoint(at.left + 5, y);"
        " return hit !== null && hit.closest('a') === b ? true"
        " : [hit && hit.outerHTML.slice(0, 200), at.top, at.bottom, window.innerHeight]; }",
        closed_height,
    )
    assert on_top is True, f"the opened box is drawn above its neighbours: {on_top}"
    # The session page has the whole title too.
    page.locator(".schedule-grid a.grid-session[data-code='LONG01']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{LONG_TITLE} (1)")


def test_day_view_on_a_phone_lists_whole_titles(browser, live_server, crowded_day):
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/wscs2027/schedule/?day=2027-01-26")
    assert not has_horizontal_scroll(page)
    items = page.locator(".schedule-day-list .session-item")
    expect(items).to_have_count(8)
    for item in items.all():
        title = item.locator(".session-title a")
        expect(title).to_be_visible()
        fits = title.evaluate(
            "(a) => a.scrollHeight <= a.clientHeight + 1 && a.scrollWidth <= a.clientWidth + 1"
        )
        assert fits, title.inner_text()
        speakers = item.locator(".session-what > .small").last.bounding_box()
        assert speakers["y"] >= title.bounding_box()["y"] + title.bounding_box()["height"] - 0.5
    context.close()


@pytest.mark.parametrize(
    ("width", "day_tab", "shown", "hidden"),
    [
        (1280, "Grid", ".schedule-grid", ".schedule-day-list"),
        (360, "One day", ".schedule-day-list", ".schedule-grid"),
    ],
)
def test_view_tabs_say_what_they_show(
    browser, live_server, published_day, width, day_tab, shown, hidden
):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/wscs2027/schedule/?day=2027-01-26")
    views = page.get_by_role("navigation", name="Schedule views")
    current = views.locator("[aria-current='page']")
    expect(current).to_have_accessible_name(day_tab)
    expect(page.locator(shown)).to_be_visible()
    expect(page.locator(hidden)).to_be_hidden()
    views.get_by_role("link", name="All days").click()
    expect(views.locator("[aria-current='page']")).to_have_accessible_name("All days")
    expect(page.get_by_role("heading", name="Wednesday 27 January 2027")).to_be_visible()
    context.close()


@pytest.fixture
def published_day(app, program):
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    place(app, "wscs2027", s["grid"], r["Room C"], at(2, 14))
    publish(app, "wscs2027", "1.0")
    return program
