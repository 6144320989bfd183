"""In Chromium, with the form's script: questions appear as the category and the answers are
chosen, a conditional required question is still enforced by the server, and the page passes
axe-core on a phone's width in English and Thai."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from showcase.extensions import db
from showcase.questions.models import Answer, Question
from tests import factories
from tests.browser.helpers import has_horizontal_scroll, serious_accessibility_violations
from tests.questions.helpers import MEAL_CHOICES, add_question, interpretation_questions

pytestmark = pytest.mark.browser


@pytest.fixture
def questions_event(app):
    with app.app_context():
        event = factories.event()
        delegate = factories.registration_category(event, "delegate", name_en="City delegate")
        visitor = factories.registration_category(event, "visitor", name_en="Visitor", position=1)
        factories.city()
        interpretation_questions(event, [delegate])
        add_question(
            event,
            "meal",
            "single_choice",
            [visitor],
            label_en="Which meal?",
            choices=MEAL_CHOICES,
            position=3,
        )
        return event.acronym


def test_a_conditional_required_question_appears_and_is_enforced(
    page, live_server, questions_event
):
    page.goto(f"{live_server.url}/{questions_event}/register")
    interpretation = page.get_by_role("group", name="Do you need interpretation?")
    language = page.get_by_role("group", name="Which interpretation?")
    meal = page.get_by_role("group", name="Which meal?")
    expect(interpretation).to_be_hidden()  # no category chosen yet
    page.get_by_label("Full name").fill("Kanya Srisuk")
    page.get_by_label("Email", exact=True).fill("kanya@phuket.example")
    page.get_by_label("City", exact=True).select_option(label="Khon Kaen")
    page.get_by_label("Registration category").select_option(label="Visitor")
    expect(meal).to_be_visible()
    expect(interpretation).to_be_hidden()
    page.get_by_label("Registration category").select_option(label="City delegate")
    expect(meal).to_be_hidden()
    expect(interpretation).to_be_visible()
    expect(language).to_be_hidden()
    # The script decides whom a question is for: the page's notes for readers without it go.
    expect(page.get_by_text("Asked of: City delegate.", exact=True)).to_be_hidden()
    interpretation.get_by_label("Yes").check()
    expect(language).to_be_visible()
    interpretation.get_by_label("No").check()
    expect(language).to_be_hidden()
    interpretation.get_by_label("Yes").check()
    page.get_by_label("I agree that the organisers keep these details").check()
    page.get_by_role("button", name="Register").click()
    # The server requires the language, which the person left out.
    expect(page.locator("#form-problems")).to_contain_text(
        "Which interpretation?: Answer this question."
    )
    expect(language).to_be_visible()
    language.get_by_label("Thai into English").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    with live_server.app.app_context():
        stored = dict(db.session.execute(select(Question.code, Answer.value).join(Question)).all())
    assert stored == {"interpretation": "yes", "interpretation_language": "th_en"}


@pytest.mark.parametrize("language", ["en", "th"])
def test_the_form_with_questions_is_accessible_on_a_phone(
    browser, live_server, questions_event, language
):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=language)
    context.add_cookies([{"name": "showcase_lang", "value": language, "url": live_server.url}])
    phone = context.new_page()
    phone.goto(f"{live_server.url}/{questions_event}/register")
    phone.locator("#category").select_option(index=1)
    assert serious_accessibility_violations(phone) == []
    assert not has_horizontal_scroll(phone)
    context.close()
