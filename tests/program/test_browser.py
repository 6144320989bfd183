"""In Chromium: a speaker proposes with a co-speaker, confirms by email, an organiser accepts,
both speakers get the email, a speaker confirms by link and the speaker page is public. Then
accessibility and phone width of the call for sessions and the speaker pages, in English and
Thai."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.program.models import SessionState
from tests.browser.helpers import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.helpers import links_in
from tests.program.helpers import session_in_state, the_event

pytestmark = pytest.mark.browser


def test_propose_confirm_accept_confirm_and_the_speaker_page_is_public(
    page, live_server, event, mail_app, smtp_server, deliver, make_user
):
    base = live_server.url
    page.goto(f"{base}/{event}/")
    page.get_by_role("link", name="Call for sessions").first.click()
    page.get_by_label("Your name").fill("Somchai Jaidee")
    page.get_by_label("Your email").fill("somchai@khonkaen.example")
    page.get_by_label("Organisation (optional)").fill("Khon Kaen City Development")
    page.get_by_label("Title in English").fill("Light rail for a mid-sized city")
    page.get_by_label("Abstract in English").fill("How five municipalities built a light rail.")
    page.get_by_label("Session type").select_option("talk")
    page.get_by_label("Track").select_option(label="Smart Mobility")
    page.get_by_label("Language of the session").select_option("both")
    page.get_by_label("Co-speaker 1: name").fill("Nok Srisuk")
    page.get_by_label("Co-speaker 1: email").fill("nok@khonkaen.example")
    page.get_by_label("I agree that the organisers keep these details").check()
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    deliver()
    [message] = smtp_server.wait_for(1)
    [confirm] = [link for link in links_in(message) if "/cfp/confirm/" in link]
    page.goto(confirm)
    expect(page.get_by_role("heading", name="Your speaker page")).to_be_visible()
    expect(page.locator(".session-state")).to_have_text("Submitted")

    email = make_user("organiser")
    sign_in(page, base, email)
    page.goto(f"{base}/manage/{event}/")
    page.get_by_role("link", name="Sessions", exact=True).first.click()
    page.get_by_label("Track").select_option("mobility")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Light rail for a mid-sized city").click()
    page.get_by_label("Decision").select_option("accepted")
    page.get_by_role("button", name="Apply and email the speakers").click()
    expect(page.locator(".session-state").first).to_have_text("Accepted, waiting for the speaker")
    page.goto(f"{base}/manage/logout")

    deliver()
    messages = smtp_server.wait_for(5)
    accepted = [m for m in messages if str(m["Subject"]).startswith("Accepted:")]
    assert sorted(str(m["To"]) for m in accepted) == [
        "Nok Srisuk <nok@khonkaen.example>",
        "Somchai Jaidee <somchai@khonkaen.example>",
    ]
    to_nok = next(m for m in accepted if "nok@" in str(m["To"]))
    [home] = [link for link in links_in(to_nok) if "/cfp/me/" in link]
    page.goto(f"{base}/{event}/speakers/")
    assert page.get_by_text("Nok Srisuk").count() == 0
    page.goto(home)
    page.get_by_role("button", name="Confirm the session").click()
    expect(page.locator(".session-state")).to_have_text("Confirmed")

    page.goto(f"{base}/{event}/speakers/")
    page.get_by_role("link", name="Nok Srisuk").click()
    expect(page.get_by_role("heading", name="Nok Srisuk")).to_be_visible()
    expect(page.get_by_text("Light rail for a mid-sized city")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_programme_pages_are_accessible_and_fit_a_phone(browser, app, live_server, event, lang):
    with app.app_context():
        session = session_in_state(the_event(event), SessionState.CONFIRMED)
        speaker = session.speakers[0]
        speaker.bio_en = "Works on light rail."
        speaker.bio_th = "ทำงานด้านรถไฟฟ้ารางเบา"
        db.session.commit()
        code = speaker.code
        from showcase.program.services import proposals

        with unit_of_work(lock=True):
            _s, secret = proposals.submit_proposal(
                the_event(event),
                {
                    "name": "P",
                    "email": "p@x.example",
                    "title_en": "T",
                    "abstract_en": "A",
                    "session_type": "talk",
                    "language": "en",
                },
                lang,
            )
            _s, _sp, manage, _new = proposals.confirm_proposal(the_event(event), secret)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{lang}?next=/{event}/cfp/")
    for path in (
        "cfp/",
        "speakers/",
        f"speakers/{code}/",
        f"cfp/me/{manage}/",
        f"cfp/me/{manage}/profile",
    ):
        page.goto(f"{live_server.url}/{event}/{path}")
        assert page.locator("html").get_attribute("lang") == lang
        assert serious_accessibility_violations(page) == [], path
        assert not has_horizontal_scroll(page), path
    # A proposal with an error still passes.
    page.goto(f"{live_server.url}/{event}/cfp/")
    page.locator("button[type=submit]").last.click()
    assert page.locator("#form-problems").count() == 1
    assert serious_accessibility_violations(page) == []
    assert not has_horizontal_scroll(page)
    context.close()
