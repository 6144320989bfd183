"""In Chromium on a 360-px phone: booth staff open their scanner page, the phone's camera (a
fake camera playing a video of a visitor's QR code) reads the badge and the lead appears with
the visitor's shared details, once, although the badge stays in front of the camera; a typed
code of a visitor who does not share gives only the badge code; the staff member rates the lead."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.leads.models import ExhibitorLead
from tests import factories
from tests.browser.helpers import (
    TIMEOUT_MS,
    has_horizontal_scroll,
    serious_accessibility_violations,
)
from tests.checkin.camera import badge_video, launch_with_camera
from tests.leads.helpers import exhibitor, payload, visitor

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def leads() -> int:
    db.session.rollback()  # a fresh snapshot: the live server wrote meanwhile
    return db.session.scalar(select(func.count()).select_from(ExhibitorLead))


def test_booth_staff_scan_a_badge_with_the_phone_camera_and_keep_the_lead(
    ctx, browser, live_server, tmp_path
):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True, organisation="Stadtwerke")
    ben = visitor(event, "Ben Private", "ben@example.org", share=False)
    video = badge_video(tmp_path / "badge.y4m", payload(anna))
    base = live_server.url
    camera_browser = launch_with_camera(browser.browser_type, video)
    try:
        context = camera_browser.new_context(viewport=PHONE, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto(base + booth.staff_url)
        flash = page.locator(".alert-success")
        expect(flash).to_contain_text("Lead kept: Anna Weber.")
        lead_list = page.locator(".lead-list")
        expect(lead_list).to_contain_text("Anna Weber")
        expect(lead_list).to_contain_text("anna@example.de")
        expect(lead_list).to_contain_text("Stadtwerke")
        expect(page.locator("#lead-scanner")).to_have_attribute("data-camera", "on")
        page.wait_for_timeout(1500)  # the badge is still in front of the camera
        assert leads() == 1
        assert not has_horizontal_scroll(page)
        assert serious_accessibility_violations(page) == []

        code = page.get_by_label("Badge code (scanned or typed)")
        code.fill(payload(ben))
        page.get_by_role("button", name="Keep this lead").click()
        expect(flash).to_contain_text("This visitor does not share their details")
        expect(lead_list).to_contain_text(f"Badge {ben.badge_code}")
        expect(lead_list).not_to_contain_text("Ben Private")
        assert leads() == 2

        page.get_by_role("link", name="Note, rating and tags · Anna Weber").click()
        page.get_by_label("Note").fill("Wants a pilot of the energy dashboard")
        page.get_by_label("Rating").select_option(label="5 of 5 stars")
        page.get_by_label("Tags").fill("energy, pilot")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".alert-success")).to_contain_text("The lead is saved.")
        expect(lead_list).to_contain_text("5 of 5 stars")
        expect(lead_list).to_contain_text("Wants a pilot of the energy dashboard")
        assert not has_horizontal_scroll(page)
    finally:
        camera_browser.close()
