"""In Chromium: an organiser at the desk registers a walk-in by the labels of the form, sees
the registration confirmed at once, finds the person at the check-in desk and checks them in;
the person's manage link arrived through the real SMTP server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.helpers import links_in

pytestmark = pytest.mark.browser


def test_organiser_registers_a_walk_in_at_the_desk_and_checks_them_in(
    page, live_server, desk_event, mail_app, smtp_server, deliver, make_user
):
    base = live_server.url
    sign_in(page, base, make_user("organiser"))
    page.goto(f"{base}/manage/{desk_event}/registrations/")
    page.get_by_role("link", name="Register someone").click()
    page.get_by_label("Full name").fill("Kanya Srisuk")
    page.get_by_label("Email", exact=True).fill("kanya@phuket.example")
    page.get_by_label("City", exact=True).select_option(label="Phuket")
    page.get_by_label("Registration category").select_option(label="City delegate")
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".registration-state")).to_have_text("Confirmed")
    expect(page.get_by_role("heading", name="Kanya Srisuk")).to_be_visible()

    page.goto(f"{base}/manage/{desk_event}/checkin/")
    page.get_by_label("Badge code or name").fill("Kanya")
    page.get_by_label("Badge code or name").press("Enter")
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.locator(".checkin-outcome")).to_contain_text("Checked in: Kanya Srisuk")

    deliver()
    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == "You are registered for World Smart City Showcase 2027"
    manage = [link for link in links_in(message) if "/registration/" in link and link.endswith("/")]
    assert manage
    page.goto(manage[0])
    expect(page.locator(".registration-state")).to_have_text("Confirmed")
