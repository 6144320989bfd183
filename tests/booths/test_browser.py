"""In Chromium: a city applies, confirms by email, an organiser approves it with a booth, and the
exhibitor appears in the directory and on the floor plan. Then accessibility and phone width of
every public booth page, in English and Thai."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from showcase.booths.services import decisions as decisions_rules
from showcase.booths.services import layout as layout_rules
from showcase.events.models import City
from showcase.events.services import get_event
from showcase.extensions import db
from tests.booths.helpers import InUnitsOfWork, submit
from tests.browser.helpers import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.helpers import links_in

decisions = InUnitsOfWork(decisions_rules)
layout = InUnitsOfWork(layout_rules)

pytestmark = pytest.mark.browser


def test_city_applies_confirms_is_approved_and_appears_on_the_plan(
    page, live_server, booth_event, mail_app, smtp_server, deliver, make_user
):
    base = live_server.url
    page.goto(f"{base}/{booth_event}/")
    page.get_by_role("link", name="Apply for a booth").first.click()
    page.get_by_label("City", exact=True).select_option(label="Khon Kaen")
    page.get_by_label("Contact person").fill("Somchai Jaidee")
    page.get_by_label("Contact email").fill("somchai@khonkaen.example")
    page.get_by_label("Contact telephone").fill("+66 43 123 456")
    page.get_by_label("What the city will exhibit: title in English").fill("Khon Kaen Light Rail")
    page.get_by_label("Description in English").fill("The light rail of five municipalities.")
    page.get_by_label("Smart Mobility").check()
    page.get_by_label("Preferred zone").select_option(label="Smart Mobility")
    page.get_by_label("I agree that the organisers keep these details").check()
    page.get_by_role("button", name="Send the application").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    deliver()
    [message] = smtp_server.wait_for(1)
    [confirm] = [link for link in links_in(message) if "/booths/confirm/" in link]
    page.goto(confirm)
    expect(page.locator(".application-status")).to_have_text("Submitted")

    email = make_user("organiser")
    sign_in(page, base, email)
    page.goto(f"{base}/manage/{booth_event}/")
    page.get_by_role("link", name="Applications", exact=True).first.click()
    page.get_by_role("link", name="Khon Kaen").click()
    page.get_by_label("Booth", exact=True).select_option(label=None, index=1)
    chosen = page.get_by_label("Booth", exact=True).evaluate("s => s.selectedOptions[0].text")
    assert chosen.startswith("A-02 · A · Smart Mobility")
    page.get_by_role("button", name="Approve and assign the booth").click()
    expect(page.locator(".application-status")).to_have_text("Approved")
    expect(page.locator(".assigned-booth")).to_have_text("A-02")

    page.goto(f"{base}/{booth_event}/exhibitors/")
    card = page.locator(".exhibitor-card", has_text="Khon Kaen")
    expect(card).to_contain_text("Booth A-02")
    card.get_by_role("link", name="Khon Kaen").click()
    expect(page.get_by_role("heading", name="Khon Kaen", exact=True)).to_be_visible()
    ring = page.locator("g.booth[data-code='A-02'] rect.highlight-ring")
    assert ring.count() == 1
    page.get_by_role("link", name="See the whole floor plan").click()
    booth = page.locator("g.booth[data-code='A-02']")
    assert booth.get_attribute("data-status") == "assigned"
    assert " ".join(booth.locator("text.booth-city").all_text_contents()) == "Khon Kaen"
    booth.locator("a").click()
    assert page.url.endswith("-khon-kaen/")

    deliver()
    approved = smtp_server.to("somchai@khonkaen.example")[-1]
    assert approved["Subject"] == "Booth A-02 for Khon Kaen: your application is approved"


@pytest.mark.parametrize("lang", ["en", "th"])
def test_booth_pages_are_accessible_and_fit_a_phone(browser, app, live_server, booth_event, lang):
    with app.app_context():
        event = get_event(booth_event)
        city = db.session.scalar(db.select(City).where(City.name_en == "Phuket"))
        application = submit(event, city, contact_email="p@phuket.example")
        decisions.approve_application(
            event, application.id, layout.booth_by_code(event, "A-01").id, "o"
        )
        ref = f"{application.id}-phuket"
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{lang}?next=/{booth_event}/exhibitors/")
    for path in ("exhibitors/", f"exhibitors/{ref}/", "floorplan/", "booths/apply"):
        page.goto(f"{live_server.url}/{booth_event}/{path}")
        assert page.locator("html").get_attribute("lang") == lang
        assert serious_accessibility_violations(page) == [], path
        assert not has_horizontal_scroll(page), path
    context.close()


# Sizes as a person sees them: an SVG text's font size in user units times the scale at which
# the plan is drawn on the screen.
RENDERED_FONT_PX = """elements => elements.map(element => ({
    text: element.textContent,
    px: parseFloat(element.getAttribute('font-size')) * element.getScreenCTM().a,
}))"""


@pytest.mark.parametrize("lang", ["en", "th"])
def test_floor_plan_is_readable_on_a_360_px_phone_with_the_booth_unmistakable(
    browser, app, live_server, booth_event, lang
):
    with app.app_context():
        event = get_event(booth_event)
        city = db.session.scalar(db.select(City).where(City.name_en == "Khon Kaen"))
        application = submit(event, city)
        decisions.approve_application(
            event, application.id, layout.booth_by_code(event, "A-02").id, "o"
        )
        for number in range(5, 10):  # booths far to the right, off a phone's first screen
            layout.create_booth(
                event,
                code=f"A-0{number}",
                hall=layout.hall_by_code(event, "A"),
                x=3 * number,
                y=12,
                width=3,
                depth=3,
                zone="general",
            )
        db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{lang}?next=/{booth_event}/floorplan/?highlight=A-09")
    assert page.url.endswith("/floorplan/?highlight=A-09")
    plan = page.locator(".floorplan-frame svg")
    codes = plan.locator("g.booth text:not(.booth-city)").evaluate_all(RENDERED_FONT_PX)
    cities = plan.locator("text.booth-city").evaluate_all(RENDERED_FONT_PX)
    assert " ".join(item["text"] for item in cities) == ("Khon Kaen" if lang == "en" else "ขอนแก่น")
    assert min(item["px"] for item in codes) >= 14, codes
    assert min(item["px"] for item in cities) >= 12, cities
    # The highlighted booth: a thick ring and a label above it, scrolled into the phone's view.
    ring = plan.locator("g.booth[data-code='A-09'] rect.highlight-ring")
    assert ring.count() == 1
    stroke_px = ring.evaluate(
        "ring => parseFloat(ring.getAttribute('stroke-width')) * ring.getScreenCTM().a"
    )
    assert stroke_px >= 6
    label = plan.locator("g.highlight-label text")
    assert label.text_content() == "A-09"
    assert label.evaluate_all(RENDERED_FONT_PX)[0]["px"] >= 16
    frame = page.locator(".floorplan-frame").bounding_box()
    booth = ring.bounding_box()
    assert frame["x"] <= booth["x"] and booth["x"] + booth["width"] <= frame["x"] + frame["width"]
    assert frame["width"] <= 360
    # The plan pans inside its frame (with a finger or the keyboard), the page does not.
    assert not has_horizontal_scroll(page)
    assert page.locator(".floorplan-frame").evaluate("f => f.scrollWidth > f.clientWidth")
    assert serious_accessibility_violations(page) == []
    context.close()
