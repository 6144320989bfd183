"""Registration questions: the Thai rule, conditions without JavaScript, answers that keep their
wording, the person's data, erasure, retention and emails."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from showcase.core.db import unit_of_work
from showcase.core.errors import FieldErrors
from showcase.extensions import db
from showcase.questions.models import Answer, AnswerFile, Question
from showcase.questions.services import answers, questions
from showcase.registration.models import Registration
from showcase.registration.services import registrations
from tests import factories
from tests.forms import RenderedForm, Upload
from tests.helpers import email_text
from tests.questions.helpers import (
    MEAL_CHOICES,
    add_question,
    change_question,
    interpretation_questions,
    png_bytes,
    question_values,
)
from tests.registration.helpers import manage_secret, values


@pytest.fixture
def world(ctx):
    event = factories.event()
    delegate = factories.registration_category(event, "delegate", name_en="City delegate")
    visitor = factories.registration_category(event, "visitor", name_en="Visitor", position=1)
    city = factories.city()
    return event, delegate, visitor, city


def register_page(client, event) -> RenderedForm:
    form = RenderedForm.get(client, f"/{event.acronym}/register")
    form.fill("Full name", "Somchai Jaidee").fill("Email", "somchai@khonkaen.example")
    form.choose("City", "Khon Kaen").choose("Registration category", "City delegate")
    form.check("I agree")
    return form


def answers_in_db(registration_id=None) -> dict[str, str]:
    query = select(Question.code, Answer.value).join(Question)
    if registration_id is not None:
        query = query.where(Answer.registration_id == registration_id)
    return dict(db.session.execute(query).all())


# Thai before a question is shown -----------------------------------------------------------


def test_a_question_without_thai_cannot_be_made_visible(world):
    event, delegate, _visitor, _city = world
    with pytest.raises(FieldErrors) as refused, unit_of_work():
        questions.save_question(
            event,
            question_values(
                "meal",
                "single_choice",
                [delegate],
                label_th="",
                purpose_th="",
                help_en="Lunch is served.",
                choices="regular | No preference | \nhalal | Halal | ฮาลาล",
            ),
        )
    assert sorted(error.field for error in refused.value.errors) == [
        "choices",
        "help_th",
        "label_th",
        "purpose_th",
    ]
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0
    # Hidden, it may be saved without Thai, and shown once the Thai is there.
    hidden = add_question(
        event, "meal", "single_choice", [delegate], label_th="", choices=MEAL_CHOICES, visible=False
    )
    assert hidden.visible is False
    shown = change_question(hidden, label_th="ต้องการอาหารประเภทใด", visible=True)
    assert shown.visible is True


def test_the_database_refuses_a_visible_question_without_its_thai_label(world):
    event, delegate, _visitor, _city = world
    question = add_question(event, "meal", "single_choice", [delegate], choices=MEAL_CHOICES)
    with pytest.raises(IntegrityError), unit_of_work():
        question.label_th = ""
        db.session.flush()


def test_the_organisers_form_says_the_thai_is_missing(world, client):
    event, _delegate, _visitor, _city = world
    factories.sign_in(client, factories.user("organiser"))
    client.set_cookie("showcase_lang", "th")
    form = RenderedForm.get(client, f"/manage/{event.acronym}/questions/new")
    form.fill("รหัส", "meal").fill("คำถามภาษาอังกฤษ", "Which meal?")
    form.fill("วัตถุประสงค์ภาษาอังกฤษ", "For the caterers.")
    form.choose("ถามผู้ลงทะเบียนประเภทเหล่านี้", "City delegate")
    form.check("แสดงในแบบฟอร์มลงทะเบียน")
    response = form.submit()
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "ระบุข้อความภาษาไทย" in body
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_the_organisers_form_offers_kinds_and_readers_in_thai(world, client):
    event, _delegate, _visitor, _city = world
    factories.sign_in(client, factories.user("organiser"))
    client.set_cookie("showcase_lang", "th")
    form = RenderedForm.get(client, f"/manage/{event.acronym}/questions/new")
    assert "เลือกหนึ่งข้อ" in form.options("ประเภทของคำตอบ")
    assert "Single choice" not in form.options("ประเภทของคำตอบ")
    assert "จำกัด: เฉพาะผู้ดูแลระบบ" in form.options("ผู้ที่อ่านคำตอบได้")


# Conditions, required, without JavaScript ------------------------------------------------------


def test_a_conditional_required_question_is_enforced_without_javascript(world, client):
    event, delegate, _visitor, _city = world
    interpretation_questions(event, [delegate])
    form = register_page(client, event)
    # Without JavaScript every question is on the page, with whom it is for and when.
    body = form.soup.get_text(" ")
    assert "Asked of: City delegate." in body
    assert "Only if your answer to “Do you need interpretation?” is “Yes”." in body
    form.choose("Do you need interpretation?", "Yes")
    response = form.submit()
    assert response.status_code == 400
    again = RenderedForm.from_response(client, response, f"/{event.acronym}/register")
    summary = " ".join(again.soup.find(id="form-problems").get_text(" ").split())
    assert "Which interpretation? : Answer this question." in summary
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    # What was typed is still there; choosing the language sends it.
    assert again.value("Full name") == "Somchai Jaidee"
    again.choose("Which interpretation?", "Thai into English")
    assert again.submit().status_code == 303
    assert answers_in_db() == {"interpretation": "yes", "interpretation_language": "th_en"}


def test_an_answer_to_a_question_that_does_not_apply_is_not_kept(world, client):
    event, delegate, _visitor, _city = world
    interpretation_questions(event, [delegate])
    form = register_page(client, event)
    form.choose("Do you need interpretation?", "No")
    form.choose("Which interpretation?", "English into Thai")  # no script hid it
    assert form.submit().status_code == 303
    assert answers_in_db() == {"interpretation": "no"}


def test_questions_of_another_category_are_neither_required_nor_kept(world, client):
    event, _delegate, visitor, _city = world
    add_question(event, "meal", "single_choice", [visitor], choices=MEAL_CHOICES, required=True)
    form = register_page(client, event)
    form.choose("Meal?", "Halal")
    assert form.submit().status_code == 303
    assert answers_in_db() == {}


# Answers keep their wording ---------------------------------------------------------------------


def test_editing_a_question_keeps_earlier_answers_wording(world, client):
    event, delegate, _visitor, city = world
    meal = add_question(
        event,
        "meal",
        "single_choice",
        [delegate],
        label_en="Which meal?",
        choices=MEAL_CHOICES,
    )
    with unit_of_work(lock=True):
        somchai, _new = registrations.register(
            event, values(city, delegate, **{meal.field_name: "vegetarian"})
        )
    change_question(
        meal,
        label_en="Which meal would you like at lunch?",
        choices=MEAL_CHOICES.replace("| Vegetarian |", "| Vegetarian (no egg) |"),
    )
    assert meal.version == 2
    answer = db.session.scalar(select(Answer))
    assert (answer.label_en, answers.answer_text(answer, "en")) == ("Which meal?", "Vegetarian")
    assert answer.question_version == 1
    factories.sign_in(client, factories.user("organiser"))
    page = client.get(f"/manage/{event.acronym}/registrations/{somchai.id}/")
    text = " ".join(page.get_data(as_text=True).split())
    assert "Which meal?</dt>" not in text  # marked as an earlier wording
    assert "Which meal? <span" in text and ">Vegetarian</dd>" in text
    assert "earlier wording" in text
    # A new registrant answers the new wording.
    with unit_of_work(lock=True):
        registrations.register(
            event,
            values(city, delegate, email="nok@khonkaen.example", **{meal.field_name: "vegetarian"}),
        )
    newest = db.session.scalars(select(Answer).order_by(Answer.id.desc())).first()
    assert answers.answer_text(newest, "en") == "Vegetarian (no egg)"
    assert newest.label_en == "Which meal would you like at lunch?"


def test_saving_the_same_answer_again_keeps_the_wording_it_was_given_under(world, client):
    event, delegate, _visitor, city = world
    meal = add_question(event, "meal", "single_choice", [delegate], choices=MEAL_CHOICES)
    somchai = factories.registration(event, city, delegate, **{meal.field_name: "halal"})
    change_question(meal, choices=MEAL_CHOICES.replace("| Halal |", "| Halal (certified) |"))
    form = RenderedForm.get(
        client, f"/{event.acronym}/registration/{manage_secret(somchai)}/answers"
    )
    assert form.submit().status_code == 303
    answer = db.session.scalar(select(Answer))
    assert answers.answer_text(answer, "en") == "Halal"
    form = RenderedForm.get(
        client, f"/{event.acronym}/registration/{manage_secret(somchai)}/answers"
    )
    form.choose("Meal?", "Vegetarian")
    assert form.submit().status_code == 303
    assert answers.answer_text(db.session.scalar(select(Answer)), "en") == "Vegetarian"


# The person's own page, data, erasure ---------------------------------------------------------


def test_the_person_changes_answers_until_registration_closes(world, client):
    event, delegate, _visitor, city = world
    meal = add_question(event, "meal", "single_choice", [delegate], choices=MEAL_CHOICES)
    somchai = factories.registration(event, city, delegate, **{meal.field_name: "regular"})
    secret = manage_secret(somchai)
    manage = client.get(f"/{event.acronym}/registration/{secret}/").get_data(as_text=True)
    assert "No preference" in manage and "Change your answers" in manage
    form = RenderedForm.get(client, f"/{event.acronym}/registration/{secret}/answers")
    form.choose("Meal?", "Halal")
    assert form.submit().status_code == 303
    assert answers_in_db() == {"meal": "halal"}
    with unit_of_work():
        event.registration_closes_at = event.registration_opens_at + timedelta(minutes=1)
    manage = client.get(f"/{event.acronym}/registration/{secret}/").get_data(as_text=True)
    assert "Halal" in manage and "Change your answers" not in manage
    response = client.post(f"/{event.acronym}/registration/{secret}/answers", data={})
    assert response.status_code == 303
    assert answers_in_db() == {"meal": "halal"}


def test_answers_are_in_the_persons_data_and_erased_with_the_person(world, client):
    event, delegate, _visitor, city = world
    meal = add_question(event, "meal", "single_choice", [delegate], choices=MEAL_CHOICES)
    card = add_question(event, "card", "file", [delegate], label_en="Your card")
    somchai = factories.registration(event, city, delegate, **{meal.field_name: "halal"})
    secret = manage_secret(somchai)
    form = RenderedForm.get(client, f"/{event.acronym}/registration/{secret}/answers")
    form.fill("Your card", Upload("card.png", png_bytes(), "image/png"))
    assert form.submit().status_code == 303
    assert db.session.scalar(select(func.count()).select_from(AnswerFile)) == 1
    data = json.loads(client.get(f"/{event.acronym}/registration/{secret}/data.json").data)
    assert [(row["question"], row["answer_text"], row["purpose"]) for row in data["answers"]] == [
        ("meal", "Halal", "To plan the event."),
        ("card", "card.png", "To plan the event."),
    ]
    assert data["answers"][0]["deleted_after"] == "2027-02-27"  # 30 days after 28 January
    assert card.id
    form = RenderedForm.get(client, f"/{event.acronym}/registration/{secret}/erase")
    form.check("Yes, I am sure")
    assert form.submit().status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert db.session.scalar(select(func.count()).select_from(AnswerFile)) == 0
    assert db.session.get(Registration, somchai.id).full_name == "—"


# Retention ------------------------------------------------------------------------------------


def test_answers_are_purged_after_retention_and_the_registration_stays(ctx, runner):
    # The command runs only on a database at the latest migration.
    db.drop_all()
    upgrade()
    today = date.today()
    event = factories.event(starts_on=today - timedelta(days=12))  # ended 10 days ago
    delegate = factories.registration_category(event, "delegate")
    city = factories.city()
    meal = add_question(
        event, "meal", "single_choice", [delegate], choices=MEAL_CHOICES, retention_days=7
    )
    phone = add_question(event, "mobile", "phone", [delegate], retention_days=30)
    somchai = factories.registration(
        event,
        city,
        delegate,
        confirm=True,
        **{meal.field_name: "halal", phone.field_name: "081 234 5678"},
    )
    assert answers_in_db() == {"meal": "halal", "mobile": "+66812345678"}
    result = runner.invoke(args=["showcase", "purge"])
    assert result.exit_code == 0, result.output
    assert "Registration answers: 1 purged" in result.output
    db.session.expire_all()
    assert answers_in_db() == {"mobile": "+66812345678"}
    kept = db.session.get(Registration, somchai.id)
    assert kept.full_name == "Somchai Jaidee" and kept.state.value == "confirmed"
    again = runner.invoke(args=["showcase", "purge"])
    assert "Registration answers: 0 purged" in again.output


# Emails ---------------------------------------------------------------------------------------


def test_the_confirmed_email_lists_the_answers_in_the_persons_language(
    world, mail_app, smtp_server, deliver
):
    event, delegate, _visitor, city = world
    meal = add_question(
        event,
        "meal",
        "single_choice",
        [delegate],
        label_en="Which meal?",
        label_th="ต้องการอาหารประเภทใด",
        choices=MEAL_CHOICES,
    )
    factories.registration(
        event, city, delegate, confirm=True, language="th", **{meal.field_name: "halal"}
    )
    deliver()
    messages = smtp_server.wait_for(2)
    confirmed = [m for m in messages if "แล้ว" in str(m["Subject"])]
    assert len(confirmed) == 1
    assert "- ต้องการอาหารประเภทใด: ฮาลาล" in email_text(confirmed[0])


def test_placeholders_give_the_persons_answers(world):
    event, delegate, _visitor, city = world
    meal = add_question(event, "meal", "single_choice", [delegate], choices=MEAL_CHOICES)
    somchai = factories.registration(event, city, delegate, **{meal.field_name: "halal"})
    text = "Meal: {answer.meal}. Seat: {answer.seat}."
    assert answers.fill_placeholders(text, somchai, "en") == "Meal: Halal. Seat: ."
    assert answers.fill_placeholders(text, somchai, "th") == "Meal: ฮาลาล. Seat: ."
