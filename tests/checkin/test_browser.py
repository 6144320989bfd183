"""In Chromium on a 360-px phone: the check-in person scans a badge with the camera (a fake
camera playing a video of the badge's QR code, made by the test) and the person is checked in;
then the connection is lost, five badges are scanned (one twice) against the roster kept on the
phone, and back online exactly five check-ins are recorded and the duplicate is reported."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from showcase.checkin.models import Scan, ScanResult
from showcase.extensions import db
from tests import factories
from tests.badges.helpers import confirmed_people
from tests.browser.helpers import (
    TIMEOUT_MS,
    has_horizontal_scroll,
    serious_accessibility_violations,
    sign_in,
)
from tests.checkin.camera import badge_video, launch_with_camera
from tests.checkin.helpers import make_gate, payload

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def admitted() -> int:
    db.session.rollback()  # a fresh snapshot: the live server wrote meanwhile
    return db.session.scalar(
        select(func.count()).select_from(Scan).where(Scan.result == ScanResult.ADMITTED)
    )


def test_a_badge_shown_to_the_phone_camera_checks_the_person_in(
    ctx, browser, live_server, make_user, tmp_path
):
    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate = make_gate(event, "Gate 2", "main")
    video = badge_video(tmp_path / "badge.y4m", payload(somchai))
    base = live_server.url
    camera_browser = launch_with_camera(browser.browser_type, video)
    try:
        context = camera_browser.new_context(viewport=PHONE, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        sign_in(page, base, make_user("checkin"))
        page.goto(f"{base}/manage/{event.acronym}/checkin/scan?gate={gate.id}")

        result = page.locator("#scan-result")
        expect(result).to_have_class("scan-result scan-result-admitted")
        expect(result).to_contain_text("Welcome")
        expect(result).to_contain_text("Somchai Jaidee")
        expect(result).to_contain_text("สมชาย ใจดี")
        expect(result).to_contain_text("City delegate")
        assert page.locator("#door").get_attribute("data-camera") == "on"
        assert not has_horizontal_scroll(page)
        assert serious_accessibility_violations(page) == []
    finally:
        camera_browser.close()
    assert admitted() == 1
    db.session.refresh(somchai)
    assert somchai.checked_in_at is not None


# Chromium on Linux has no BarcodeDetector (phones' Chrome and Safari have one): this stands in
# for the browser's own detector, reading what the phone's camera shows as the platform would.
NATIVE_DETECTOR = """
window.__detected = 0;
window.BarcodeDetector = class {
  static async getSupportedFormats() { return ["qr_code", "ean_13"]; }
  constructor(options) { this.formats = options.formats; }
  async detect(video) {
    if (!this.formats.includes("qr_code") || !video.videoWidth) return [];
    window.__detected += 1;
    return [{ rawValue: %s, format: "qr_code" }];
  }
};
"""


def test_where_the_browser_has_a_barcode_detector_the_page_reads_with_it_and_loads_no_decoder(
    ctx, browser, live_server, make_user, tmp_path
):
    import json

    event = factories.event()
    somchai, *_ = confirmed_people(event)
    gate = make_gate(event, "Gate 2", "main")
    video = badge_video(tmp_path / "badge.y4m", payload(somchai))
    base = live_server.url
    camera_browser = launch_with_camera(browser.browser_type, video)
    try:
        context = camera_browser.new_context(viewport=PHONE, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(NATIVE_DETECTOR % json.dumps(payload(somchai)))
        page = context.new_page()
        decoders = []
        page.on("request", lambda r: decoders.append(r.url) if "jsqr" in r.url.lower() else None)
        sign_in(page, base, make_user("checkin"))
        page.goto(f"{base}/manage/{event.acronym}/checkin/scan?gate={gate.id}")

        result = page.locator("#scan-result")
        expect(result).to_have_class("scan-result scan-result-admitted")
        expect(result).to_contain_text("สมชาย ใจดี")
        assert page.evaluate("window.__detected") >= 1
        assert decoders == []
    finally:
        camera_browser.close()
    assert admitted() == 1


def test_offline_scans_are_kept_and_each_counted_once_when_the_connection_returns(
    ctx, browser, live_server, make_user
):
    event = factories.event()
    people = confirmed_people(event)
    gate = make_gate(event, "Gate 1", "main")
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, base, make_user("checkin"))
    page.goto(f"{base}/manage/{event.acronym}/checkin/scan?gate={gate.id}")
    door = page.locator("#door")
    expect(page.locator("#door-state")).to_contain_text("Roster: 5 badges")

    context.set_offline(True)
    result = page.locator("#scan-result")
    code = page.get_by_label("Badge code (hand scanner or typed)")
    for person in people:
        code.fill(payload(person))
        code.press("Enter")
        expect(result).to_have_class("scan-result scan-result-admitted")
        expect(result).to_contain_text(person.full_name)
        expect(result).to_contain_text("Offline")
    code.fill(payload(people[2]))
    code.press("Enter")
    expect(result).to_have_class("scan-result scan-result-warned")
    expect(result).to_contain_text("Already in today at")
    expect(door).to_have_attribute("data-queued", "6")
    assert admitted() == 0

    context.set_offline(False)
    expect(door).to_have_attribute("data-queued", "0")
    assert admitted() == 5
    db.session.rollback()  # a fresh snapshot: the live server wrote meanwhile
    duplicate = db.session.scalars(select(Scan).where(Scan.result == ScanResult.WARNED)).all()
    assert [scan.registration_id for scan in duplicate] == [people[2].id]
    assert all(scan.offline for scan in db.session.scalars(select(Scan)))

    # Signing out takes the roster off the phone.
    databases = "async () => (await indexedDB.databases()).map((d) => d.name)"
    assert page.evaluate(databases) == ["showcase-door"]
    page.get_by_role("button", name="Sign out (clears the roster from this phone)").click()
    page.wait_for_url(lambda url: "/manage/login" in url)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.wait_for_function("async () => (await indexedDB.databases()).length === 0")
    context.close()
