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


@pytest.mark.parametrize("lang", ["en", "th"])
def test_offer_and_staff_pages_are_accessible_and_fit_a_phone(
    browser, app, live_server, desk_event, lang
):
    from showcase.booths.models import BoothApplicationLink
    from showcase.core.db import unit_of_work
    from showcase.core.links import LinkPurpose, mint_link
    from showcase.events.services import get_event
    from showcase.extensions import db
    from showcase.registration.services import offers, registrations
    from tests.browser.helpers import has_horizontal_scroll, serious_accessibility_violations
    from tests.onbehalf.helpers import by_email, waiting
    from tests.onbehalf.test_passes import approved_booth
    from tests.registration.helpers import category, manage_secret

    with app.app_context():
        event = get_event(desk_event)
        with unit_of_work(lock=True):
            offers.update_waitlist_settings(event, 48, by_hand=False)
        delegate = category(event, "delegate")
        first, _second = waiting(event, delegate, "a@x.example", "b@x.example")
        waiting(event, delegate, "w@x.example")
        with unit_of_work(lock=True):
            registrations.cancel(first.id, registrations.Actor.REGISTRANT)
        offered = manage_secret(by_email(event, "w@x.example"))
        application = approved_booth(event, "A-01")
        with unit_of_work():
            booth = mint_link(BoothApplicationLink(application=application), LinkPurpose.MANAGE)
        db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{lang}?next=/{desk_event}/")
    for path in (f"registration/{offered}/", f"booths/application/{booth}/staff"):
        page.goto(f"{live_server.url}/{desk_event}/{path}")
        assert serious_accessibility_violations(page) == [], path
        assert not has_horizontal_scroll(page), path
    context.close()
