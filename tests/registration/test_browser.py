"""In Chromium: a delegate registers by filling fields found by their labels, confirms from the
email a real SMTP server received, sees the confirmed registration and its badge, is checked in
at the desk (a second scan says when), and cancels. Then accessibility and phone width of the
register and manage pages in English and Thai, and the register form driven by keyboard only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from showcase.events.services import get_event
from showcase.extensions import db
from tests.browser.helpers import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.helpers import links_in
from tests.registration.helpers import add_city, category, manage_secret, register

pytestmark = pytest.mark.browser


def test_delegate_registers_confirms_prints_badge_is_checked_in_and_cancels(
    page, live_server, reg_event, mail_app, smtp_server, deliver, make_user
):
    base = live_server.url
    page.goto(f"{base}/{reg_event}/")
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("Full name").fill("Kanya Srisuk")
    page.get_by_label("Email", exact=True).fill("kanya@phuket.example")
    page.get_by_label("Organisation").fill("Phuket City Municipality")
    page.get_by_label("Job title").fill("Smart City Officer")
    page.get_by_label("City", exact=True).select_option(label="Phuket")
    page.get_by_label("Registration category").select_option(label="City delegate")
    page.get_by_label("Dietary needs").fill("Vegetarian")
    page.get_by_label("I agree that the organisers keep these details").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    deliver()
    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Confirm your registration for World Smart City Showcase 2027"
    [confirm] = [link for link in links_in(message) if "/register/confirm/" in link]
    page.goto(confirm)
    expect(page.locator(".registration-state")).to_have_text("Confirmed")
    manage_url = page.url
    page.get_by_role("link", name="Print your badge").click()
    expect(page.locator(".badge-name")).to_have_text("Kanya Srisuk")
    assert page.locator(".badge-qr svg").count() == 1
    payload = page.locator(".badge-payload code").inner_text()
    assert re.fullmatch(r"R\d+-[A-Z2-7]{12}", payload)

    desk = page.context.browser.new_context(viewport={"width": 360, "height": 740})
    staff = desk.new_page()
    email = make_user("checkin")
    sign_in(staff, base, email)
    staff.goto(f"{base}/manage/{reg_event}/checkin/")
    staff.get_by_label("Badge code or name").fill(payload)
    staff.get_by_label("Badge code or name").press("Enter")
    expect(staff.locator(".checkin-outcome")).to_contain_text("Checked in: Kanya Srisuk")
    staff.get_by_label("Badge code or name").fill(payload)
    staff.get_by_label("Badge code or name").press("Enter")
    already = staff.locator(".checkin-outcome").inner_text()
    assert re.search(
        r"Kanya Srisuk was already checked in on \w{3} \d{1,2} \w{3}, \d\d:\d\d ICT\.", already
    )
    assert not has_horizontal_scroll(staff)
    desk.close()

    page.goto(manage_url)
    page.get_by_role("link", name="Cancel your registration").click()
    page.get_by_label("Yes, I am sure").check()
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.locator(".registration-state")).to_have_text("Cancelled")
    deliver()
    cancelled = smtp_server.to("kanya@phuket.example")[-1]
    assert (
        cancelled["Subject"] == "Your registration for World Smart City Showcase 2027 is cancelled"
    )


@pytest.mark.parametrize("lang", ["en", "th"])
def test_register_and_manage_pages_are_accessible_and_fit_a_phone(
    browser, app, live_server, reg_event, lang
):
    with app.app_context():
        ev = get_event(reg_event)
        registration = register(ev, add_city("Phuket"), category(ev, "visitor"), confirm=True)
        secret = manage_secret(registration)
        db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{lang}?next=/{reg_event}/register")
    for path in (
        "register",
        "register/sent",
        "register/resend",
        f"registration/{secret}/",
        f"registration/{secret}/edit",
        f"registration/{secret}/cancel",
        f"registration/{secret}/badge",
    ):
        page.goto(f"{live_server.url}/{reg_event}/{path}")
        assert page.locator("html").get_attribute("lang") == lang
        assert serious_accessibility_violations(page) == [], path
        assert not has_horizontal_scroll(page), path
    # The form with its error messages shown, too.
    page.goto(f"{live_server.url}/{reg_event}/register")
    page.locator("form button[type=submit]").last.click()
    assert page.locator(".invalid-feedback").count() >= 1
    assert serious_accessibility_violations(page) == []
    context.close()


def test_register_form_works_with_the_keyboard_only(page, live_server, reg_event):
    page.goto(f"{live_server.url}/{reg_event}/register")
    page.locator("body").focus()
    typed = {
        "full_name": "Niran Keyboard",
        "email": "niran@keys.example",
        "organisation": "Khon Kaen University",
    }
    order = []
    for _ in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate("() => document.activeElement.name || ''")
        if name and name not in order:
            order.append(name)
        if name in typed:
            page.keyboard.type(typed[name])
        elif name == "city":
            page.keyboard.press("ArrowDown")  # the first city
        elif name == "category":
            page.keyboard.press("ArrowDown")  # City delegate
        elif name == "consent":
            page.keyboard.press("Space")
        elif page.evaluate("() => document.activeElement.type") == "submit":
            page.keyboard.press("Enter")
            break
    assert order[:5] == ["full_name", "full_name_th", "email", "organisation", "job_title"]
    assert "consent" in order
    page.wait_for_url(re.compile(r".*/register/sent$"))
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()


@pytest.mark.parametrize(
    ("lang", "submit", "problems", "category_label"),
    [
        (
            "en",
            "Register",
            [
                "Full name: Give your full name.",
                "Email: Give an email address such as name@example.org.",
                "City: Choose your city from the list, or “Other city”.",
                "Registration category: Choose a category",
            ],
            "Registration category",
        ),
        (
            "th",
            "ลงทะเบียน",
            [
                "ชื่อ-นามสกุล: กรอกชื่อ-นามสกุลของคุณ",
                "อีเมล: กรอกอีเมล เช่น name@example.org",
                "เมือง: เลือกเมืองของคุณจากรายการ หรือเลือก “เมืองอื่น”",
                "ประเภทการลงทะเบียน: เลือกประเภท",
            ],
            "ประเภทการลงทะเบียน",
        ),
    ],
)
def test_error_summary_lists_every_problem_and_leads_to_each_field(
    browser, live_server, reg_event, lang, submit, problems, category_label
):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{lang}?next=/{reg_event}/register")
    page.get_by_role("button", name=submit, exact=True).click()
    summary = page.locator("#form-problems")
    expect(summary).to_be_focused()
    items = [re.sub(r"\s+", " ", text).strip() for text in summary.locator("li").all_inner_texts()]
    assert items[:4] == problems
    assert len(items) == 5  # and the consent box
    # Each message is read with its field, and each link of the summary leads to the field.
    email = page.get_by_label("อีเมล" if lang == "th" else "Email", exact=True)
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile(problems[1].split(": ", 1)[1]))
    summary.get_by_role("link", name=category_label, exact=True).click()
    expect(page.locator("#category")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first category, chosen by keyboard from there
    assert page.locator("#category").input_value() != ""
    assert serious_accessibility_violations(page) == []
    assert not has_horizontal_scroll(page)
    context.close()
