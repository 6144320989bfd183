"""`flask showcase demo`: loads the demo event once, changes nothing the second time."""

from __future__ import annotations

from sqlalchemy import func, select

from showcase.accounts.models import User
from showcase.demo import INTERNATIONAL_CITIES
from showcase.events.models import City, CityKind, Event
from showcase.extensions import db
from showcase.registration.models import Registration
from tests.helpers import make_app


def table_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def migrated_app(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'demo.db'}")
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    return app


def test_demo_loads_event_cities_and_accounts(demo):
    app, output = demo
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert event.acronym == f"wscs{event.starts_on.year}"
        assert event.name_en == f"World Smart City Showcase {event.starts_on.year}"
        assert event.timezone == "Asia/Bangkok"
        assert [t.slug for t in event.tracks] == [
            "mobility",
            "people",
            "economy",
            "environment",
            "governance",
            "living",
            "energy",
        ]
        thai = db.session.scalars(select(City).where(City.kind == CityKind.THAI_MEMBER)).all()
        assert len(thai) == 27
        names = {city.name_en for city in thai}
        assert {
            "Phuket",
            "Khon Kaen",
            "Bangkok",
            "Chon Buri",
            "Rayong",
            "Chachoengsao",
            "Chiang Mai",
        } <= names
        international = db.session.scalars(
            select(City).where(City.kind == CityKind.INTERNATIONAL)
        ).all()
        assert len(international) >= 30
        continents = {row[0]: row[-1] for row in INTERNATIONAL_CITIES}
        assert {continents[city.name_en] for city in international} >= {
            "Asia",
            "Europe",
            "Oceania",
            "Americas",
            "Africa",
        }
        assert all(city.name_th for city in international)
        assert event.country_code == "TH"
        # Everyone on site has a badge: speakers of confirmed sessions, named booth staff; and
        # one place is offered from the waiting list.
        speakers = db.session.scalars(
            select(Registration).where(Registration.speaker_id.is_not(None))
        ).all()
        assert speakers and all(r.state.value == "confirmed" for r in speakers)
        assert all(r.category.given_to == "speakers" for r in speakers)
        staff = db.session.scalars(
            select(Registration).where(Registration.booth_application_id.is_not(None))
        ).all()
        assert staff and all(r.category.given_to == "exhibitor_staff" for r in staff)
        offered = db.session.scalars(
            select(Registration).where(Registration.state == "offered")
        ).all()
        assert len(offered) == 1
        # Delegates from cities not in the list registered with the city's name and country.
        others = db.session.scalars(
            select(Registration).where(
                Registration.city_id.is_(None),
                # Speakers' and exhibitor staff's passes name no city of their own.
                Registration.speaker_id.is_(None),
                Registration.booth_application_id.is_(None),
            )
        ).all()
        assert len(others) >= 5
        assert all(r.other_city and r.other_country for r in others)
        assert (
            db.session.scalar(select(User).where(User.email == "admin@showcase.example")).role
            == "admin"
        )
    assert "admin@showcase.example" in output
    assert "password: showcase-demo" in output
    with app.app_context():
        # The event is weeks away: nobody has been checked in yet.
        assert event_is_ahead(event)
        assert checked_in(app) == []


def event_is_ahead(event) -> bool:
    from showcase.demo import demo_today

    return event.starts_on > demo_today()


def checked_in(app) -> list:
    from showcase.registration.models import Registration

    with app.app_context():
        return list(
            db.session.scalars(
                select(Registration.checked_in_at).where(Registration.checked_in_at.is_not(None))
            )
        )


def test_live_demo_is_running_today_with_people_checked_in_and_sessions_on(tmp_path):
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from bs4 import BeautifulSoup

    from showcase.demo import demo_today

    app = migrated_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["showcase", "demo", "--live"])
    assert result.exit_code == 0, result.output
    today = demo_today()
    bangkok = ZoneInfo("Asia/Bangkok")
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert (event.starts_on, event.ends_on) == (today - timedelta(days=1), today + timedelta(1))
        assert event.registration_is_open()  # walk-ins register at the desk
        assert not event.cfp_is_open()
        acronym = event.acronym
    arrivals = checked_in(app)
    assert len(arrivals) >= 20
    assert {moment.astimezone(bangkok).date() for moment in arrivals} == {today}
    with app.app_context():
        from showcase.checkin.models import Gate, Scan

        gates = {gate.name_en: gate.kind.value for gate in db.session.scalars(select(Gate))}
        entry_days = set(
            db.session.scalars(select(Scan.entry_day).where(Scan.entry_day.is_not(None)))
        )
    # The door is open: people came in through the gates this morning.
    assert gates == {
        "Gate 1": "main",
        "Gate 2": "main",
        "Plenary Hall door": "room",
        "VIP lounge": "vip",
    }
    assert entry_days == {today}
    client = app.test_client()
    at = datetime.combine(today, time(11, 15), tzinfo=bangkok).isoformat()
    page = BeautifulSoup(
        client.get(f"/{acronym}/schedule/now/", query_string={"at": at}).data, "html.parser"
    )
    on_now = page.select("ol.session-list")[0].select(".session-item")
    assert len(on_now) >= 4


def test_live_demo_refuses_a_database_with_the_demo_event_on_other_dates(tmp_path):
    from datetime import timedelta

    from showcase.demo import demo_acronym, demo_today
    from showcase.events.services import create_event

    app = migrated_app(tmp_path)
    start = demo_today() - timedelta(days=1)
    with app.app_context():
        create_event(
            demo_acronym(start),
            name_en="World Smart City Showcase",
            starts_on=start + timedelta(days=60),
            ends_on=start + timedelta(days=62),
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["showcase", "demo", "--live"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the demo event {demo_acronym(start)} is already in")
    assert "a live demo starts from an empty database" in result.output
    counts = table_counts(app)
    assert (counts["event"], counts["city"], counts["user_account"]) == (1, 0, 0)


def test_demo_twice_changes_nothing(demo):
    app, _ = demo
    runner = app.test_cli_runner()
    before = table_counts(app)
    with app.app_context():
        stamps = {e.acronym: e.updated_at for e in db.session.scalars(select(Event))}
    second = runner.invoke(args=["showcase", "demo"])
    assert second.exit_code == 0, second.output
    assert table_counts(app) == before
    with app.app_context():
        assert {e.acronym: e.updated_at for e in db.session.scalars(select(Event))} == stamps
    assert "already there" in second.output


def test_demo_login_printed_opens_the_organiser_area(demo):
    app, output = demo
    assert "admin@showcase.example" in output
    client = app.test_client()
    response = client.post(
        "/manage/login", data={"email": "admin@showcase.example", "password": "showcase-demo"}
    )
    assert response.status_code == 303
    assert client.get("/manage/").status_code == 200
    # The outbox after a rough night: one uncertain message, two lost links asked for.
    outbox = client.get("/manage/outbox/").get_data(as_text=True)
    assert "1 message may or may not have been sent" in outbox
    assert "2 emails asked for on public pages" in outbox


def test_demo_against_a_database_that_is_not_upgraded_says_so_in_one_line(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'empty.db'}")
    result = app.test_cli_runner().invoke(args=["showcase", "demo"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["Error: the database has no tables yet: run `flask db upgrade` first."]
    with app.app_context():
        from sqlalchemy import inspect

        assert inspect(db.engine).get_table_names() == []
