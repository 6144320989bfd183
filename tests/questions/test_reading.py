"""Who reads which answers: sensitive answers are absent from the check-in desk and the
reviewers' pages and exports, restricted ones from everyone's but the administrators'; the list
filters by an answer; the report totals the choice questions per category."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from showcase.extensions import db
from showcase.registration.models import Registration
from tests import factories
from tests.forms import RenderedForm
from tests.questions.helpers import MEAL_CHOICES, add_question

ALLERGIES = "peanuts | Peanuts | ถั่วลิสง\nshellfish | Shellfish | อาหารทะเลมีเปลือก"


@pytest.fixture
def people(ctx):
    """Three questions of each sensitivity and three people who answered them."""
    event = factories.event()
    delegate = factories.registration_category(event, "delegate", name_en="City delegate")
    visitor = factories.registration_category(event, "visitor", name_en="Visitor", position=1)
    city = factories.city()
    both = [delegate, visitor]
    meal = add_question(
        event, "meal", "single_choice", both, label_en="Which meal?", choices=MEAL_CHOICES
    )
    allergies = add_question(
        event,
        "allergies",
        "multiple_choice",
        both,
        label_en="Any allergies?",
        choices=ALLERGIES,
        sensitivity="sensitive",
        position=1,
    )
    first_aid = add_question(
        event,
        "first_aid",
        "long_text",
        both,
        label_en="For the first-aid team?",
        sensitivity="restricted",
        position=2,
    )
    answers = [
        ("somchai@khonkaen.example", delegate, "halal", ["peanuts", "shellfish"], "Asthma inhaler"),
        ("nok@khonkaen.example", delegate, "halal", ["shellfish"], ""),
        ("ana@singapore.example", visitor, "vegetarian", [], ""),
    ]
    for email, category, meal_key, allergy_keys, note in answers:
        factories.registration(
            event,
            city,
            category,
            confirm=True,
            email=email,
            full_name=email.split("@")[0].title() + " Tester",
            **{
                meal.field_name: meal_key,
                allergies.field_name: allergy_keys,
                first_aid.field_name: note,
            },
        )
    return event


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.get_data()))
    return list(book.active.iter_rows(values_only=True))


def test_sensitive_answers_are_absent_from_the_check_in_desk_and_its_exports(people, client):
    event = people.acronym
    factories.sign_in(client, factories.user("checkin"))
    somchai = db.session.scalar(
        select(Registration).where(Registration.email == "somchai@khonkaen.example")
    )
    desk = RenderedForm.get(
        client, f"/manage/{event}/checkin/?q=Somchai", form=f"/checkin/{somchai.id}"
    ).submit()
    page = " ".join(desk.get_data(as_text=True).split())
    assert desk.status_code == 200, page[:500]
    assert "Which meal?" in page and "Halal" in page
    assert "Any allergies?" not in page and "Peanuts" not in page
    assert "first-aid" not in page and "Asthma" not in page
    report = client.get(f"/manage/{event}/questions/report").get_data(as_text=True)
    assert "Which meal?" in report and "Any allergies?" not in report
    cells = [
        cell
        for row in csv_rows(client.get(f"/manage/{event}/questions/report.csv"))
        for cell in row
    ]
    assert "Which meal?" in cells and "Any allergies?" not in cells and "Peanuts" not in cells
    sheet = xlsx_rows(client.get(f"/manage/{event}/questions/report.xlsx"))
    assert {row[0] for row in sheet[1:]} == {"Which meal?"}
    # The registrations and their exports are not the desk's at all.
    assert client.get(f"/manage/{event}/registrations.csv").status_code == 403
    assert client.get(f"/manage/{event}/registrations.xlsx").status_code == 403


def test_a_reviewer_totals_only_the_general_questions(people, client):
    factories.sign_in(client, factories.user("reviewer"))
    report = client.get(f"/manage/{people.acronym}/questions/report").get_data(as_text=True)
    assert "Which meal?" in report and "Any allergies?" not in report


def test_organisers_read_sensitive_answers_and_administrators_also_restricted_ones(people, client):
    event = people.acronym
    factories.sign_in(client, factories.user("organiser"))
    header, *rows = csv_rows(client.get(f"/manage/{event}/registrations.csv"))
    assert header[-2:] == ["meal", "allergies"]
    somchai = next(row for row in rows if row[5] == "somchai@khonkaen.example")
    assert somchai[-2:] == ["Halal", "Peanuts, Shellfish"]
    sheet = xlsx_rows(client.get(f"/manage/{event}/registrations.xlsx"))
    assert sheet[0][-2:] == ("meal", "allergies")
    detail_id = somchai[0]
    page = client.get(f"/manage/{event}/registrations/{detail_id}/").get_data(as_text=True)
    assert "Peanuts, Shellfish" in page and "Asthma" not in page
    admin = client.application.test_client()
    factories.sign_in(admin, factories.user("admin"))
    header, *rows = csv_rows(admin.get(f"/manage/{event}/registrations.csv"))
    assert header[-3:] == ["meal", "allergies", "first_aid"]
    page = admin.get(f"/manage/{event}/registrations/{detail_id}/").get_data(as_text=True)
    assert "Asthma inhaler" in page


def test_the_list_filters_by_an_answer_the_role_may_read(people, client):
    event = people.acronym
    factories.sign_in(client, factories.user("organiser"))
    form = RenderedForm.get(
        client, f"/manage/{event}/registrations/", form=f"/manage/{event}/registrations/"
    )
    assert "Any allergies?: Shellfish" in form.options("Answer")
    assert not any("first-aid" in option for option in form.options("Answer"))
    form.choose("Answer", "Any allergies?: Shellfish")
    page = form.submit().get_data(as_text=True)
    assert "Somchai Tester" in page and "Nok Tester" in page and "Ana Tester" not in page
    form = RenderedForm.get(
        client, f"/manage/{event}/registrations/", form=f"/manage/{event}/registrations/"
    )
    form.choose("Answer", "Which meal?: Vegetarian")
    page = form.submit().get_data(as_text=True)
    assert "Ana Tester" in page and "Somchai Tester" not in page


def test_the_report_totals_each_answer_per_category(people, client):
    event = people.acronym
    factories.sign_in(client, factories.user("organiser"))
    page = client.get(f"/manage/{event}/questions/report")
    assert page.status_code == 200
    rows = csv_rows(client.get(f"/manage/{event}/questions/report.csv"))
    assert rows[0] == ["question", "answer", "City delegate", "Visitor", "total"]
    assert ["Which meal?", "Halal", "2", "0", "2"] in rows
    assert ["Which meal?", "Vegetarian", "0", "1", "1"] in rows
    assert ["Any allergies?", "Shellfish", "2", "0", "2"] in rows
    assert ["Any allergies?", "Peanuts", "1", "0", "1"] in rows
    sheet = xlsx_rows(client.get(f"/manage/{event}/questions/report.xlsx"))
    assert ("Which meal?", "Halal", 2, 0, 2) in sheet
