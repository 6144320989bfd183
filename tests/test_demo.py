"""`flask showcase demo`: loads the demo event once, changes nothing the second time."""

from __future__ import annotations

from sqlalchemy import func, select

from showcase.accounts.models import User
from showcase.events.models import City, CityKind, Event
from showcase.extensions import db
from tests.conftest import make_app


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


def test_demo_loads_event_cities_and_accounts(tmp_path):
    app = migrated_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["showcase", "demo"])
    assert result.exit_code == 0, result.output
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
        international = db.session.scalar(
            select(func.count()).select_from(City).where(City.kind == CityKind.INTERNATIONAL)
        )
        assert 8 <= international <= 15
        assert (
            db.session.scalar(select(User).where(User.email == "admin@showcase.example")).role
            == "admin"
        )
    assert "admin@showcase.example" in result.output
    assert "password: showcase-demo" in result.output


def test_demo_twice_changes_nothing(tmp_path):
    app = migrated_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["showcase", "demo"]).exit_code == 0
    before = table_counts(app)
    with app.app_context():
        stamps = {e.acronym: e.updated_at for e in db.session.scalars(select(Event))}
    second = runner.invoke(args=["showcase", "demo"])
    assert second.exit_code == 0, second.output
    assert table_counts(app) == before
    with app.app_context():
        assert {e.acronym: e.updated_at for e in db.session.scalars(select(Event))} == stamps
    assert "already there" in second.output


def test_demo_login_printed_opens_the_organiser_area(tmp_path):
    app = migrated_app(tmp_path)
    assert app.test_cli_runner().invoke(args=["showcase", "demo"]).exit_code == 0
    client = app.test_client()
    response = client.post(
        "/manage/login", data={"email": "admin@showcase.example", "password": "showcase-demo"}
    )
    assert response.status_code == 302
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
