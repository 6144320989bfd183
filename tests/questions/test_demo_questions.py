"""The demo event asks its questions (meals, allergies, interpretation and its conditional
language, site visits, a mobile number, first-aid notes, the press card) and about three in four
registrants answered, so the report has totals to show."""

from __future__ import annotations

from sqlalchemy import func, select

from showcase.events.models import Event
from showcase.extensions import db
from showcase.questions.models import Answer, Question


def answers_to(code: str, value: str | None = None) -> int:
    query = select(func.count()).select_from(Answer).join(Question).where(Question.code == code)
    if value is not None:
        query = query.where(Answer.value == value)
    return db.session.scalar(query)


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/manage/login", data={"email": email, "password": "showcase-demo"})
    assert response.status_code == 303
    return client


def test_the_demo_report_totals_meals_and_interpretation(demo):
    app, output = demo
    assert "Registration questions: 8 questions, answered by" in output
    with app.app_context():
        acronym = db.session.scalar(select(Event.acronym))
        # Everyone who needs interpretation said which, and nobody else did.
        assert answers_to("interpretation_language") == answers_to("interpretation", "yes") > 10
        assert answers_to("meal") > 150
    organiser = signed_in(app, "organiser@showcase.example")
    page = organiser.get(f"/manage/{acronym}/questions/report").get_data(as_text=True)
    assert "Which meals should we prepare for you?" in page and "Halal" in page
    assert "Do you have any food allergies?" in page  # sensitive: organisers read it
    desk = signed_in(app, "checkin@showcase.example")
    page = desk.get(f"/manage/{acronym}/questions/report").get_data(as_text=True)
    assert "Which interpretation do you need?" in page
    assert "Do you have any food allergies?" not in page
