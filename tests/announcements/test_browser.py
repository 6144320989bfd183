"""In Chromium: an organiser writes a bilingual announcement to the confirmed delegates of Thai
member cities, sees who gets it, previews it in both languages, sends it, and watches it leave
(the outbox worker's task queues it). axe-core finds no serious violation on the pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from showcase.announcements.services import sending
from showcase.core.db import unit_of_work
from showcase.events.models import CityKind
from showcase.events.services import create_city
from tests import factories
from tests.announcements.helpers import settings
from tests.browser.helpers import TIMEOUT_MS, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.browser


def test_organiser_writes_previews_and_sends_a_bilingual_announcement(
    ctx, browser, live_server, make_user
):
    event = factories.event()
    delegate = factories.registration_category(event, "delegate", name_en="City delegate")
    khon_kaen = factories.city()
    with unit_of_work():
        yokohama = create_city(
            name_en="Yokohama", name_th="โยโกฮามา", country_code="JP", kind=CityKind.INTERNATIONAL
        )
    factories.registration(event, city=khon_kaen, category=delegate, confirm=True, language="th")
    factories.registration(
        event,
        city=yokohama,
        category=delegate,
        confirm=True,
        email="aiko@yokohama.example",
        full_name="Aiko Tanaka",
    )
    settings(event)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, base, make_user("organiser"))

    page.goto(f"{base}/manage/{event.acronym}/emails/")
    page.get_by_role("link", name="New announcement").click()
    expect(page.get_by_role("heading", name="New announcement")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Condition 1").select_option(label="Registration state: Confirmed")
    page.get_by_label("Condition 2").select_option(label="City kind: Thai member city")
    page.get_by_label("Subject (English)").fill("Welcome, {name}")
    page.get_by_label("Message (English)").fill("Dear {name},\n\n- bring your badge")
    page.get_by_label("Subject (Thai)").fill("ยินดีต้อนรับ {name}")
    page.get_by_label("Message (Thai)").fill("เรียน {name}\n\n- โปรดนำบัตรมาด้วย")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.locator("#audience-count")).to_have_text("1 people would get it now.")
    expect(page.get_by_role("cell", name="somchai@khonkaen.example")).to_be_visible()
    expect(page.get_by_text("aiko@yokohama.example")).to_have_count(0)
    expect(page.get_by_text("Welcome, คุณสมชาย ใจดี")).to_be_visible()
    expect(page.get_by_text("ยินดีต้อนรับ คุณสมชาย ใจดี")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Now").check()
    page.get_by_role("button", name="Send the announcement").click()
    expect(page.get_by_text("The announcement is scheduled")).to_be_visible()

    assert sending.send_due_announcements() == 1
    page.reload()
    expect(page.locator("#progress")).to_contain_text("Waiting in the outbox")
    expect(page.get_by_text("Queued for everyone", exact=True)).to_be_visible()
    context.close()
