"""Importing frab schedules: an export imported into a new system exports the same schedule."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.events.services import create_event, get_event
from showcase.extensions import db
from showcase.program.models import ProgramSession, Speaker
from showcase.schedule.models import SchedulePlacement
from showcase.schedule.services.publishing import publish_release
from tests.helpers import make_app
from tests.schedule.helpers import at, place, publish


@pytest.fixture
def exported(app, client, program):
    s, r = program["sessions"], program["rooms"]
    place(app, "wscs2027", s["opening"], r["Main Hall"], at(1, 9))
    place(app, "wscs2027", s["rail"], r["Room B"], at(1, 10))
    place(app, "wscs2027", s["grid"], r["Room C"], at(2, 14))
    place(app, "wscs2027", s["lunch"], r["Main Hall"], at(1, 12))
    publish(app, "wscs2027", "1.0")
    return {
        "json": client.get("/wscs2027/schedule.json").get_data(),
        "xml": client.get("/wscs2027/schedule.xml").get_data(),
    }


def comparable(document: dict, kind: str = "json") -> dict:
    """The schedule without what names the system it came from (addresses, numeric ids), and
    for XML without the speakers' codes, which frab XML does not carry."""
    conference = document["schedule"]["conference"]
    for day in conference["days"]:
        for events in day["rooms"].values():
            for item in events:
                item.pop("id")
                item.pop("url")
                for person in item["persons"]:
                    person.pop("url")
                    if kind == "xml":
                        person.pop("code")
    conference.pop("url")
    if kind == "xml":
        for room in conference["rooms"]:
            room.pop("capacity")
    document["schedule"].pop("base_url")
    return document


@pytest.mark.parametrize("kind", ["json", "xml"])
def test_export_import_export_round_trip(tmp_path, exported, kind):
    source = tmp_path / f"schedule.{kind}"
    source.write_bytes(exported[kind])
    other = make_app(f"sqlite:///{tmp_path / 'other.db'}", PUBLIC_URL="http://other.example")
    runner = other.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with other.app_context():
        create_event(
            "wscs2027",
            name_en="World Smart City Showcase 2027",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
        )
        db.session.commit()
    result = runner.invoke(args=["showcase", "import-schedule", "wscs2027", str(source)])
    assert result.exit_code == 0, result.output
    assert "Imported into wscs2027: 4 sessions, 3 speakers, 3 rooms, 0 tracks." in result.output
    with other.app_context():
        assert db.session.scalar(select(func.count()).select_from(SchedulePlacement)) == 4
        with unit_of_work(lock=True):
            publish_release(get_event("wscs2027"), "1.0")
        rail = db.session.scalar(select(ProgramSession).where(ProgramSession.code == "RAIL02"))
        assert rail.title_th == "รถไฟฟ้ารางเบาขอนแก่น"
        assert [s.name for s in rail.speakers] == ["Somchai Jaidee"]
        assert db.session.scalar(select(func.count()).select_from(Speaker)) == 3
    again = other.test_client().get("/wscs2027/schedule.json").get_data()
    mine = comparable(json.loads(again), kind)
    theirs = comparable(json.loads(exported["json"]), kind)
    assert json.dumps(mine, indent=1, sort_keys=True) == json.dumps(
        theirs, indent=1, sort_keys=True
    )


def test_import_refuses_a_file_that_is_not_a_schedule(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'other.db'}")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        create_event(
            "wscs2027", name_en="WSCS", starts_on=date(2027, 1, 26), ends_on=date(2027, 1, 28)
        )
        db.session.commit()
    for name, body in (
        ("a.json", '{"not": "a schedule"}'),
        ("b.xml", "<schedule><day"),
        ("c.txt", "hello"),
    ):
        source = tmp_path / name
        source.write_text(body)
        result = runner.invoke(args=["showcase", "import-schedule", "wscs2027", str(source)])
        assert result.exit_code == 1
        assert result.output.startswith("Error: ")
    missing = runner.invoke(args=["showcase", "import-schedule", "nope", str(source)])
    assert "there is no event 'nope'" in missing.output
