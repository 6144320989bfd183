"""The factories and the ``ctx`` fixture: objects made for a test stay usable for the whole test,
and requests made meanwhile run in contexts of their own, as real requests do."""

from __future__ import annotations

from sqlalchemy import func, select

from showcase.booths.models import BoothApplication
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import RegistrationState
from tests import factories


def test_factories_return_objects_that_stay_usable_for_the_whole_test(ctx):
    event = factories.event()
    khon_kaen = factories.city()
    delegate = factories.registration_category(event, "delegate", capacity=2)
    somchai = factories.registration(event, khon_kaen, delegate, confirm=True)

    assert event.acronym == "wscs2027" and len(event.tracks) == 7
    assert factories.city() == khon_kaen  # the city list is shared: found, not made twice
    assert somchai.category == delegate and somchai.city == khon_kaen
    assert somchai.state == RegistrationState.CONFIRMED
    assert db.session.scalar(select(func.count()).select_from(Event)) == 1


def test_booth_and_programme_factories(ctx):
    event = factories.open_booth_applications(factories.event())
    application = factories.booth_application(event, factories.city("Phuket", "ภูเก็ต"))
    talk = factories.proposal(event, title_en="Smart grids in Phuket")
    hall = factories.room(event, "Main Hall", "ห้องประชุมใหญ่", capacity=500)

    assert db.session.get(BoothApplication, application.id) is application
    assert application.city.name_en == "Phuket"
    assert talk.title_en == "Smart grids in Phuket" and talk.event == event
    assert hall.id is not None and hall.event_id == event.id


def test_the_test_reads_what_a_request_wrote_without_fetching_again(ctx, client):
    somchai = factories.user("organiser", "somchai@depa.example")
    assert somchai.last_login_at is None

    factories.sign_in(client, somchai)

    assert somchai.last_login_at is not None


def test_each_request_has_its_own_context_while_the_test_holds_one(ctx, app, client):
    """Flask-Login keeps the signed-in user in ``g``: were the test's app context shared with the
    requests, the second client would be taken for the first one's user."""
    factories.sign_in(client, factories.user("admin"))
    assert client.get("/manage/").status_code == 200

    stranger = app.test_client()
    response = stranger.get("/manage/")

    assert response.status_code in (302, 303)
    assert "/manage/login" in response.headers["Location"]
