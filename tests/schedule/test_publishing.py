"""Publishing releases: refusal with a room conflict, frozen snapshots, changes, emails."""

from __future__ import annotations

import json

import icalendar
import pytest
from sqlalchemy import func, select

from showcase.core.db import unit_of_work
from showcase.core.errors import Conflict, DomainError
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.program.models import ProgramSession, SessionState
from showcase.schedule.models import ScheduleRelease
from showcase.schedule.services.publishing import publish_release, suggest_version
from tests.helpers import email_text
from tests.schedule.helpers import at, place, publish


def _place_day_one(app, program):
    s, r = program["sessions"], program["rooms"]
    place(app, program["event"], s["opening"], r["Main Hall"], at(1, 9))
    place(app, program["event"], s["rail"], r["Room B"], at(1, 10))
    place(app, program["event"], s["grid"], r["Main Hall"], at(1, 10))
    place(app, program["event"], s["lunch"], r["Main Hall"], at(1, 12))
    place(app, program["event"], s["maybe"], r["Room C"], at(1, 10))


def _release(app, event, version) -> ScheduleRelease:
    with app.app_context():
        release = db.session.scalar(
            select(ScheduleRelease).where(ScheduleRelease.version == version)
        )
        return {"payload": release.payload, "changes": release.changes, "json": release.export_json}


def test_placing_refuses_a_room_overlap(app, program):
    s, r = program["sessions"], program["rooms"]
    place(app, program["event"], s["opening"], r["Main Hall"], at(1, 9))  # until 09:45
    with pytest.raises(Conflict) as refused:
        place(app, program["event"], s["rail"], r["Main Hall"], at(1, 9, 30))
    assert str(refused.value.message) == "Main Hall already has “Opening keynote” at that time."
    # Touching the end is fine (half-open).
    place(app, program["event"], s["rail"], r["Main Hall"], at(1, 9, 45))


def test_placing_refuses_sessions_that_are_not_decided(app, program):
    with app.app_context():
        session = db.session.get(ProgramSession, program["sessions"]["maybe"])
        session.state = SessionState.SUBMITTED
        db.session.commit()
    with pytest.raises(DomainError):
        place(
            app,
            program["event"],
            program["sessions"]["maybe"],
            program["rooms"]["Room C"],
            at(1, 9),
        )


def test_publish_is_refused_while_a_room_conflict_exists(app, program):
    s, r = program["sessions"], program["rooms"]
    place(app, program["event"], s["opening"], r["Main Hall"], at(1, 9))
    place(app, program["event"], s["grid"], r["Main Hall"], at(1, 10))
    with app.app_context():
        # The keynote grows after it was placed, into the next session.
        db.session.get(ProgramSession, s["opening"]).duration_minutes = 90
        db.session.commit()
        with pytest.raises(DomainError) as refused, unit_of_work(lock=True):
            publish_release(get_event(program["event"]), "1.0")
        assert "Fix the room conflicts first" in str(refused.value.message)
        assert db.session.scalar(select(func.count()).select_from(ScheduleRelease)) == 0


def test_release_holds_only_confirmed_sessions_and_breaks(app, program):
    _place_day_one(app, program)
    publish(app, program["event"], "1.0")
    payload = _release(app, program["event"], "1.0")["payload"]
    assert [entry["code"] for entry in payload["sessions"]] == [
        "OPEN01",
        "GRID03",
        "RAIL02",
        "LUNCH4",
    ]
    opening = payload["sessions"][0]
    assert opening["starts_at"] == "2027-01-26T02:00:00+00:00"
    assert opening["ends_at"] == "2027-01-26T02:45:00+00:00"
    assert [s["code"] for s in opening["speakers"]] == ["SPKANA"]


def test_snapshot_does_not_change_when_the_draft_does(app, client, program):
    _place_day_one(app, program)
    publish(app, program["event"], "1.0")
    before = client.get("/wscs2027/schedule.json").get_data()
    place(app, program["event"], program["sessions"]["rail"], program["rooms"]["Room C"], at(2, 14))
    after = client.get("/wscs2027/schedule.json").get_data()
    assert before == after
    page = client.get("/wscs2027/sessions/RAIL02/").get_data(as_text=True)
    assert "Room B" in page and "Room C" not in page


def test_changelog_lists_exactly_new_moved_and_cancelled(app, client, program):
    s, r = program["sessions"], program["rooms"]
    place(app, program["event"], s["opening"], r["Main Hall"], at(1, 9))
    place(app, program["event"], s["rail"], r["Room B"], at(1, 10))
    place(app, program["event"], s["grid"], r["Main Hall"], at(1, 10))
    publish(app, program["event"], "1.0", "First schedule")
    place(app, program["event"], s["rail"], r["Room C"], at(1, 10))  # moved room
    place(app, program["event"], s["opening"], r["Main Hall"], at(1, 8))  # moved time
    place(app, program["event"], s["lunch"], r["Main Hall"], at(1, 12))  # new
    with app.app_context():
        db.session.get(ProgramSession, s["grid"]).state = SessionState.CANCELLED
        db.session.commit()
        assert suggest_version(get_event(program["event"])) == "1.1"
    publish(app, program["event"], "1.1", "Moves and a cancellation")
    changes = _release(app, program["event"], "1.1")["changes"]
    assert [item["code"] for item in changes["new"]] == ["LUNCH4"]
    assert [item["code"] for item in changes["moved"]] == ["OPEN01", "RAIL02"]
    assert [item["code"] for item in changes["cancelled"]] == ["GRID03"]
    assert changes["moved"][0]["was"]["starts_at"] == "2027-01-26T02:00:00+00:00"
    first = _release(app, program["event"], "1.0")["changes"]
    assert [item["code"] for item in first["new"]] == ["OPEN01", "GRID03", "RAIL02"]

    page = client.get("/wscs2027/schedule/changelog/").get_data(as_text=True)
    assert page.index("Version 1.1") < page.index("Version 1.0")
    assert "Moves and a cancellation" in page
    assert "was Tue 26 Jan 09:00, Main Hall" in page
    feed = client.get("/wscs2027/schedule/feed.atom")
    assert feed.mimetype == "application/atom+xml"
    assert feed.get_data(as_text=True).count("<entry>") == 2
    assert "2 new, 0 moved, 0 cancelled" not in feed.get_data(as_text=True)
    assert "1 new, 2 moved, 1 cancelled." in feed.get_data(as_text=True)
    # The older release stays readable with its own exports.
    old = client.get("/wscs2027/schedule/v/1.0/schedule.json")
    assert json.loads(old.get_data())["schedule"]["version"] == "1.0"
    assert "Smart grids in Phuket" in client.get("/wscs2027/schedule/v/1.0/?view=list").get_data(
        as_text=True
    )
    assert "Smart grids in Phuket" not in client.get("/wscs2027/schedule/?view=list").get_data(
        as_text=True
    )


def test_version_must_be_new(app, program):
    _place_day_one(app, program)
    publish(app, program["event"], "1.0")
    with pytest.raises(DomainError) as refused:
        publish(app, program["event"], "1.0")
    assert refused.value.field == "version"


def test_releases_cannot_be_changed(app, program):
    _place_day_one(app, program)
    publish(app, program["event"], "1.0")
    with app.app_context():
        release = db.session.scalar(select(ScheduleRelease))
        release.comment_en = "rewritten"
        with pytest.raises(ValueError, match="cannot be changed"):
            db.session.flush()
        db.session.rollback()


def test_publishing_emails_each_speaker_of_new_or_moved_sessions_once(
    app, mail_app, program, smtp_server, deliver
):
    _place_day_one(app, program)
    publish(app, program["event"], "1.0")
    deliver()
    messages = smtp_server.wait_for(3)
    assert sorted(str(m["To"]) for m in messages) == [
        "Ana Lim <ana@example.org>",
        "Kenji Sato <kenji@example.org>",
        "Somchai Jaidee <somchai@example.org>",
    ]
    [ana] = smtp_server.to("ana@example.org")
    assert ana["Subject"] == "Schedule 1.0: your sessions at World Smart City Showcase 2027"
    text = email_text(ana)
    assert "Opening keynote (new)" in text
    assert "Smart grids in Phuket (new)" in text
    assert "09:00–09:45 ICT (UTC+7)" in text
    [attachment] = list(ana.iter_attachments())
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == [
        "Opening keynote / ปาฐกถาเปิดงาน",
        "Smart grids in Phuket",
    ]
    [somchai] = smtp_server.to("somchai@example.org")
    assert somchai["Subject"].startswith("กำหนดการ 1.0")
    assert "รถไฟฟ้ารางเบาขอนแก่น" in email_text(somchai)

    # 1.1 moves only Somchai's session: only Somchai hears about it.
    place(app, program["event"], program["sessions"]["rail"], program["rooms"]["Room C"], at(1, 11))
    publish(app, program["event"], "1.1")
    deliver()
    messages = smtp_server.wait_for(4)
    assert len(messages) == 4
    latest = smtp_server.to("somchai@example.org")[-1]
    assert "ย้าย" in email_text(latest)
    assert "ห้อง ซี" in email_text(latest)


def test_publishing_without_changes_sends_nothing(app, program):
    _place_day_one(app, program)
    publish(app, program["event"], "1.0")
    publish(app, program["event"], "1.0.1")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 3
