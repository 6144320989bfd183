"""In Chromium on a 360 px phone: a delegate asks for a visa letter from their manage page, an
organiser approves it from the queue, the delegate downloads it from the email, and an embassy
opens the verification page. axe-core finds no serious violation on the public pages and none of
them scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from showcase.extensions import db
from showcase.letters.document import verification_url
from showcase.letters.models import VisaLetter
from tests import factories
from tests.browser.helpers import (
    TIMEOUT_MS,
    has_horizontal_scroll,
    serious_accessibility_violations,
    sign_in,
)
from tests.helpers import links_in
from tests.letters.helpers import delegate, manage_secret

pytestmark = pytest.mark.browser


def _phone(browser, locale: str = "en-GB"):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def _checked(page, problems: list[str]) -> None:
    problems.extend(f"{page.url}: {line}" for line in serious_accessibility_violations(page))
    if has_horizontal_scroll(page):
        problems.append(f"{page.url}: scrolls sideways at 360 px")


def test_delegate_asks_organiser_issues_embassy_verifies(
    app, browser, live_server, mail_app, smtp_server, deliver
):
    base = live_server.url
    with app.app_context():
        event = factories.event()
        acronym = event.acronym
        secret = manage_secret(delegate(event))
        organiser = factories.user("organiser").email
        db.session.remove()
    deliver()
    smtp_server.messages.clear()
    problems: list[str] = []

    context, page = _phone(browser)
    page.goto(f"{base}/{acronym}/registration/{secret}/")
    page.get_by_role("link", name="Visa invitation letter").click()
    expect(page.get_by_role("heading", name="Visa invitation letter")).to_be_visible()
    _checked(page, problems)
    page.get_by_label("Name exactly as in the passport").fill("LINDQVIST ERIK JOHAN")
    page.get_by_label("Passport number").fill("AA1234567")
    page.get_by_label("Nationality").select_option(label="Sweden")
    page.get_by_label("Date of birth").fill("1981-03-14")
    page.get_by_label("Arrival in Thailand").fill("2027-01-24")
    page.get_by_label("Departure from Thailand").fill("2027-01-29")
    page.get_by_label("Embassy or consulate where you apply").fill("Royal Thai Embassy, Stockholm")
    page.get_by_label("Also in Thai (a second page)").check()
    page.get_by_role("button", name="Ask for the letter").click()
    expect(page.get_by_text("the organisers are checking it")).to_be_visible()
    _checked(page, problems)

    staff_context, staff = _phone(browser)
    sign_in(staff, base, organiser)
    staff.goto(f"{base}/manage/{acronym}/letters/")
    staff.get_by_role("link", name="LINDQVIST ERIK JOHAN").click()
    staff.get_by_role("button", name="Approve and issue the letter").click()
    expect(staff.get_by_text("The letter is issued")).to_be_visible()
    staff_context.close()

    deliver()
    issued = smtp_server.wait_for(2)[-1]
    assert "WSCS2027-0001 is ready" in str(issued["Subject"])
    download = next(link for link in links_in(issued) if link.endswith("visa-letter.pdf"))
    # A bilingual PDF takes a few seconds on a busy machine (see bench/letters_bench.py).
    pdf = page.request.get(download.replace("http://showcase.test", base), timeout=60_000)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    context.close()

    with app.app_context():
        letter = db.session.scalar(db.select(VisaLetter))
        url = verification_url(letter).replace("http://showcase.test", base)
        db.session.remove()
    embassy_context, embassy = _phone(browser)
    embassy.goto(url)
    expect(embassy.get_by_text("Valid", exact=True)).to_be_visible()
    expect(embassy.get_by_text("LINDQVIST ERIK JOHAN")).to_be_visible()
    _checked(embassy, problems)
    embassy_context.close()
    assert problems == []
