"""Organiser pages: the session list with filters, averages and sorting, reviews (with hidden
names), sessions and breaks created directly, speakers, rooms with availability, settings, the
CSV exports, the dashboard panel and who may open what."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from showcase.accounts.models import User
from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.program.models import (
    ProgramSession,
    Room,
    SessionReview,
    SessionState,
    SessionType,
    Speaker,
)
from showcase.program.services import queries
from showcase.program.services.settings import update_settings
from tests.program.helpers import png_bytes, propose, session_in_state, the_event

# The exports' columns: a moment is two cells, the event's local time and UTC.
SESSION_HEADER = [
    "code",
    "guid",
    "state",
    "type",
    "track",
    "language",
    "duration_minutes",
    "expected_audience",
    "title_en",
    "title_th",
    "speakers",
    "speaker_codes",
    "average_score",
    "reviews",
    "submitted",
    "submitted_utc",
    "decided",
    "decided_utc",
]
SPEAKER_HEADER = [
    "code",
    "guid",
    "name",
    "name_th",
    "email",
    "language",
    "organisation",
    "job_title",
    "city",
    "country",
    "session_codes",
    "confirmed_sessions",
    "email_confirmed",
    "email_confirmed_utc",
    "profile_updated",
    "profile_updated_utc",
]


def add_reviews(app, code: str, scores: list[int]) -> None:
    with app.app_context():
        session = db.session.scalar(select(ProgramSession).where(ProgramSession.code == code))
        for index, score in enumerate(scores):
            user = User(
                email=f"rev{code}{index}@x.example",
                name=f"Reviewer {index}",
                role="reviewer",
                password_hash="x",
            )
            db.session.add(user)
            db.session.flush()
            db.session.add(SessionReview(session_id=session.id, reviewer_id=user.id, score=score))
        db.session.commit()


@pytest.fixture
def three(app, event):
    with app.app_context():
        current = the_event(event)
        a = propose(
            current,
            title_en="Alpha flood sensors",
            track="environment",
            session_type="talk",
            language="en",
            email="a@x.example",
            co1_name="",
            co1_email="",
        )
        b = propose(
            current,
            title_en="Beta buses",
            track="mobility",
            session_type="panel",
            language="both",
            email="b@x.example",
            co1_name="Co B",
            co1_email="cob@x.example",
            title_th="รถเมล์เบต้า",
        )
        c = propose(
            current,
            title_en="Gamma grids",
            track="energy",
            session_type="workshop",
            language="th",
            email="c@x.example",
            co1_name="",
            co1_email="",
        )
        return a.code, b.code, c.code


def titles(page: str, codes) -> list[str]:
    return sorted((page.index(code), code) for code in codes if code in page)


def test_list_filters_averages_and_sorting(client, app, event, login, three):
    a, b, c = three
    add_reviews(app, a, [1, 2])
    add_reviews(app, b, [3, 3, 2])
    login("organiser")
    page = client.get(f"/manage/{event}/program/").get_data(as_text=True)
    assert "1.50" in page and "2.67" in page and all(code in page for code in three)
    by_score = client.get(f"/manage/{event}/program/?sort=score").get_data(as_text=True)
    assert [code for _, code in titles(by_score, three)] == [b, a, c]
    for query, expected in (
        ("track=mobility", [b]),
        ("type=workshop", [c]),
        ("language=both", [b]),
        ("state=submitted", [a, b, c]),
        ("state=confirmed", []),
        ("q=alpha", [a]),
        ("q=Co+B", [b]),
        ("q=รถเมล์", [b]),
        (f"q={c.lower()}", [c]),
        ("track=nonsense&type=party&sort=evil", [a, b, c]),
    ):
        found = client.get(f"/manage/{event}/program/?{query}").get_data(as_text=True)
        assert sorted(code for _, code in titles(found, three)) == sorted(expected), query
    with app.app_context():
        rows = queries.list_sessions(the_event(event), queries.Filters(sort="score"))
        assert [(row.session.code, row.average, row.reviews) for row in rows] == [
            (b, pytest.approx(8 / 3), 3),
            (a, 1.5, 2),
            (c, None, 0),
        ]


def test_reviewer_scores_with_names_hidden_when_the_event_says_so(client, app, event, login, three):
    a, b, _c = three
    with app.app_context(), unit_of_work(lock=True):
        update_settings(the_event(event), {"anonymous_reviews": True})
    login("reviewer")
    queue = client.get(f"/manage/{event}/program/reviews/").get_data(as_text=True)
    assert "Beta buses" in queue and "Co B" not in queue
    page = client.get(f"/manage/{event}/program/reviews/{b}").get_data(as_text=True)
    assert "Speaker names are hidden" in page and "Co B" not in page
    assert (
        client.post(f"/manage/{event}/program/reviews/{b}", data={"score": "7"}).status_code == 400
    )
    assert (
        client.post(f"/manage/{event}/program/reviews/{b}", data={"score": ""}).status_code == 400
    )
    saved = client.post(
        f"/manage/{event}/program/reviews/{b}", data={"score": "3", "comment": "Strong"}
    )
    assert saved.status_code == 303
    again = client.post(f"/manage/{event}/program/reviews/{b}", data={"score": "2", "comment": ""})
    assert again.status_code == 303
    with app.app_context():
        assert [(r.score, r.comment) for r in db.session.scalars(select(SessionReview))] == [
            (2, "")
        ]
    # Reviewers cannot decide or open the organiser pages.
    assert client.get(f"/manage/{event}/program/").status_code == 403
    assert (
        client.post(
            f"/manage/{event}/program/sessions/{a}/decide", data={"state": "accepted"}
        ).status_code
        == 403
    )
    assert client.get(f"/manage/{event}/program/sessions.csv").status_code == 403


@pytest.mark.parametrize("role", ["checkin"])
def test_other_roles_and_anonymous_are_kept_out(client, app, event, login, role, three):
    assert client.get(f"/manage/{event}/program/").status_code == 302
    assert client.get(f"/manage/{event}/program/reviews/").status_code == 302
    login(role)
    for url in ("", "reviews/", "speakers/", "rooms/", "settings", "sessions.csv", "speakers.csv"):
        assert client.get(f"/manage/{event}/program/{url}").status_code == 403, url


def test_csv_exports(client, app, event, login, three):
    a, b, c = three
    add_reviews(app, a, [1, 2])
    with app.app_context():
        session = db.session.scalar(select(ProgramSession).where(ProgramSession.code == c))
        session.title_en = '=HYPERLINK("http://evil")'
        db.session.commit()
    login("organiser")
    response = client.get(f"/manage/{event}/program/sessions.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == SESSION_HEADER
    by_code = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_code) == {a, b, c}
    assert by_code[a]["average_score"] == "1.50" and by_code[a]["reviews"] == "2"
    assert by_code[b]["speakers"] == "Somchai Jaidee; Co B"
    assert by_code[c]["title_en"].startswith("'=")
    speakers = client.get(f"/manage/{event}/program/speakers.csv")
    rows = list(csv.reader(io.StringIO(speakers.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == SPEAKER_HEADER
    assert sorted(row[4] for row in rows[1:]) == [
        "a@x.example",
        "b@x.example",
        "c@x.example",
        "cob@x.example",
    ]


def csv_rows(response) -> dict[str, dict[str, str]]:
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "en",
            {
                "state": "Submitted",
                "type": "Panel",
                "track": "Smart Mobility",
                "language": "Thai and English (with interpretation)",
                "speaker_language": "Thai",
                "country": "Thailand",
            },
        ),
        (
            "th",
            {
                "state": "ส่งแล้ว",
                "type": "เสวนา",
                "track": None,  # the track's Thai name
                "language": "ภาษาไทยและภาษาอังกฤษ (มีล่าม)",
                "speaker_language": "ภาษาไทย",
                "country": "ไทย",
            },
        ),
    ],
)
def test_csv_exports_are_readable_with_times_in_the_events_zone_and_in_utc(
    client, app, event, login, three, lang, labels
):
    from datetime import UTC, datetime

    from showcase.events.services import create_city

    _a, b, _c = three
    with app.app_context():
        session = db.session.scalar(select(ProgramSession).where(ProgramSession.code == b))
        session.created_at = datetime(2026, 12, 20, 2, 5, tzinfo=UTC)
        track_th = session.track.name_th
        speaker = session.speakers[0]
        speaker.language = "th"
        speaker.email_confirmed_at = datetime(2026, 12, 20, 17, 30, tzinfo=UTC)
        speaker.city = create_city(name_en="Khon Kaen", country_code="TH", kind="thai_member")
        speaker_code = speaker.code
        db.session.commit()
    login("organiser")
    client.set_cookie("showcase_lang", lang)
    row = csv_rows(client.get(f"/manage/{event}/program/sessions.csv"))[b]
    assert row["state"] == labels["state"]
    assert row["type"] == labels["type"]
    assert row["track"] == (labels["track"] or track_th)
    assert row["language"] == labels["language"]
    assert row["submitted"] == "2026-12-20 09:05 ICT (UTC+7)"
    assert row["submitted_utc"] == "2026-12-20T02:05:00Z"
    assert (row["decided"], row["decided_utc"]) == ("", "")
    person = csv_rows(client.get(f"/manage/{event}/program/speakers.csv"))[speaker_code]
    assert person["language"] == labels["speaker_language"]
    assert person["country"] == labels["country"]
    assert person["email_confirmed"] == "2026-12-21 00:30 ICT (UTC+7)"
    assert person["email_confirmed_utc"] == "2026-12-20T17:30:00Z"


def test_organiser_pages_show_labels_and_plurals(client, app, event, login, three):
    a, _b, _c = three
    add_reviews(app, a, [2])
    login("organiser")
    listing = client.get(f"/manage/{event}/program/?state=submitted&q=beta")
    text = listing.get_data(as_text=True)
    assert "<td>Thai and English (with interpretation)</td>" in text
    assert ">BOTH<" not in text and ">EN<" not in text
    assert "1 session</p>" in text
    page = client.get(f"/manage/{event}/program/sessions/{a}/").get_data(as_text=True)
    assert "Average score 2.00 from 1 review." in page
    assert "80 people expected" in page
    speakers = client.get(f"/manage/{event}/program/speakers/?q=cob").get_data(as_text=True)
    assert "1 speaker</p>" in speakers
    client.set_cookie("showcase_lang", "th")
    listing = client.get(f"/manage/{event}/program/?q=beta").get_data(as_text=True)
    assert "<td>ภาษาไทยและภาษาอังกฤษ (มีล่าม)</td>" in listing


def test_sessions_and_breaks_made_by_organisers(client, app, event, login):
    login("organiser")
    assert client.get(f"/manage/{event}/program/sessions/new?type=break").status_code == 200
    lunch = client.post(
        f"/manage/{event}/program/sessions/new",
        data={
            "title_en": "Lunch",
            "title_th": "พักกลางวัน",
            "session_type": "break",
            "language": "both",
            "track": "",
            "duration_minutes": "60",
        },
    )
    assert lunch.status_code == 303
    with app.app_context():
        session = db.session.scalar(select(ProgramSession))
        assert (session.state, session.is_break, session.duration_minutes) == (
            SessionState.CONFIRMED,
            True,
            60,
        )
        assert session.speakers == []
    out_of_range = client.post(
        f"/manage/{event}/program/sessions/new",
        data={
            "title_en": "Marathon",
            "session_type": "keynote",
            "language": "en",
            "duration_minutes": "9999",
        },
    )
    assert out_of_range.status_code == 400
    assert "A session lasts from 5 to 480 minutes." in out_of_range.get_data(as_text=True)
    unknown = client.post(
        f"/manage/{event}/program/sessions/new",
        data={
            "title_en": "Keynote",
            "session_type": "keynote",
            "language": "en",
            "speaker_codes": "NOPE00",
        },
    )
    assert unknown.status_code == 400
    assert "There is no speaker with the code NOPE00." in unknown.get_data(as_text=True)
    with app.app_context():
        speaker = propose(the_event(event), co1_name="", co1_email="").speakers[0]
        speaker_code = speaker.code
    keynote = client.post(
        f"/manage/{event}/program/sessions/new",
        data={
            "title_en": "Opening keynote",
            "session_type": "keynote",
            "language": "en",
            "speaker_codes": speaker_code.lower(),
        },
    )
    assert keynote.status_code == 303
    code = keynote.headers["Location"].rstrip("/").split("/")[-1]
    detail = client.get(f"/manage/{event}/program/sessions/{code}/").get_data(as_text=True)
    assert "Opening keynote" in detail and "Somchai Jaidee" in detail
    with app.app_context():
        keynote_session = db.session.scalar(
            select(ProgramSession).where(ProgramSession.code == code)
        )
        assert (
            keynote_session.duration_minutes == 30
            and keynote_session.state == SessionState.CONFIRMED
        )
    # The public page lists the keynote speaker now.
    assert client.get(f"/{event}/speakers/{speaker_code}/").status_code == 200


def test_speakers_profile_photo_and_availability(client, app, event, login, three):
    login("organiser")
    with app.app_context():
        speaker = db.session.scalar(select(Speaker).where(Speaker.email == "a@x.example"))
        code = speaker.code
    listing = client.get(f"/manage/{event}/program/speakers/?q=a%40x").get_data(as_text=True)
    assert code in listing
    data = {
        "name": "Anan A.",
        "name_th": "อนันต์",
        "email": "a@x.example",
        "organisation": "Org",
        "job_title": "Lead",
        "city": "",
        "language": "th",
        "bio_en": "Bio",
        "bio_th": "",
        "links": "https://example.org",
        "photo": (io.BytesIO(png_bytes()), "a.png"),
    }
    saved = client.post(
        f"/manage/{event}/program/speakers/{code}/", data=data, content_type="multipart/form-data"
    )
    assert saved.status_code == 303, saved.get_data(as_text=True)
    taken = client.post(
        f"/manage/{event}/program/speakers/{code}/",
        data=dict(data, email="b@x.example", photo=(io.BytesIO(b""), "")),
        content_type="multipart/form-data",
    )
    assert taken.status_code == 400
    assert "Another speaker of this event has this email address." in taken.get_data(as_text=True)
    window = client.post(
        f"/manage/{event}/program/speakers/{code}/availability",
        data={"starts_at": "2027-01-26T09:00", "ends_at": "2027-01-26T12:00"},
    )
    assert window.status_code == 303
    backwards = client.post(
        f"/manage/{event}/program/speakers/{code}/availability",
        data={"starts_at": "2027-01-26T12:00", "ends_at": "2027-01-26T09:00"},
        follow_redirects=True,
    )
    assert "The end must be after the start." in backwards.get_data(as_text=True)
    with app.app_context():
        speaker = db.session.scalar(select(Speaker).where(Speaker.code == code))
        assert speaker.photo_id is not None and speaker.name_th == "อนันต์"
        [slot] = speaker.availability
        assert (slot.starts_at.hour, slot.ends_at.hour) == (2, 5)  # 09:00 and 12:00 ICT in UTC
        window_id = slot.id
    page = client.get(f"/manage/{event}/program/speakers/{code}/").get_data(as_text=True)
    assert "09:00" in page
    removed = client.post(
        f"/manage/{event}/program/speakers/{code}/availability/{window_id}/delete"
    )
    assert removed.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Speaker).where(Speaker.code == code)).availability == []


def test_rooms_crud_with_availability(client, app, event, login):
    login("organiser")
    assert client.get(f"/manage/{event}/program/rooms/").status_code == 200
    bad = client.post(
        f"/manage/{event}/program/rooms/new",
        data={"name_en": "", "capacity": "-5", "position": "0"},
    )
    assert bad.status_code == 400
    made = client.post(
        f"/manage/{event}/program/rooms/new",
        data={"name_en": "Ballroom", "name_th": "บอลรูม", "capacity": "400", "position": "2"},
    )
    assert made.status_code == 303
    with app.app_context():
        room = db.session.scalar(select(Room))
        room_id = room.id
        assert (room.name_en, room.capacity, room.position) == ("Ballroom", 400, 2)
    capacity = client.post(
        f"/manage/{event}/program/rooms/{room_id}",
        data={"name_en": "Ballroom", "capacity": "0", "position": "2"},
    )
    assert capacity.status_code == 400
    assert "Give a capacity between 1 and 100,000." in capacity.get_data(as_text=True)
    window = client.post(
        f"/manage/{event}/program/rooms/{room_id}/availability",
        data={"starts_at": "2027-01-26T08:00", "ends_at": "2027-01-26T18:00"},
    )
    assert window.status_code == 303
    page = client.get(f"/manage/{event}/program/rooms/").get_data(as_text=True)
    assert "Ballroom" in page and "08:00" in page
    assert client.post(f"/manage/{event}/program/rooms/{room_id}/delete").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Room)) is None


def test_settings_and_dashboard(client, app, event, login, three):
    login("organiser")
    page = client.get(f"/manage/{event}/program/settings")
    assert page.status_code == 200
    values = {
        "keynote_minutes": "40",
        "panel_minutes": "60",
        "talk_minutes": "25",
        "workshop_minutes": "120",
        "demo_minutes": "15",
        "ceremony_minutes": "45",
        "break_minutes": "30",
    }
    assert client.post(f"/manage/{event}/program/settings", data=values).status_code == 303
    bad = client.post(f"/manage/{event}/program/settings", data=dict(values, talk_minutes="1"))
    assert bad.status_code == 400
    with app.app_context():
        session = propose(the_event(event), email="new@x.example", co1_name="", co1_email="")
        assert session.duration_minutes == 25
        assert session.session_type == SessionType.TALK
    dashboard = client.get(f"/manage/{event}/").get_data(as_text=True)
    assert "Programme" in dashboard
    assert "Submitted</a>: <strong>4</strong>" in dashboard
    assert "0 speakers on public pages. 0 rooms." in dashboard
    with app.app_context():
        session_in_state(the_event(event), SessionState.CONFIRMED, email="k@x.example")
    dashboard = client.get(f"/manage/{event}/").get_data(as_text=True)
    assert "Confirmed</a>: <strong>1</strong>" in dashboard
    assert "2 speakers on public pages. 0 rooms." in dashboard


def test_every_organiser_page_renders(client, app, event, login, three):
    a, b, _c = three
    with app.app_context():
        session_in_state(
            the_event(event), SessionState.ACCEPTED, email="z@x.example", co1_name="", co1_email=""
        )
    login("admin")
    for url in (
        "",
        f"sessions/{a}/",
        f"sessions/{a}/edit",
        "speakers/",
        "rooms/",
        "rooms/new",
        "reviews/",
        f"reviews/{b}",
        "settings",
        "sessions/new",
    ):
        response = client.get(f"/manage/{event}/program/{url}")
        assert response.status_code == 200, url
    assert client.get(f"/manage/{event}/program/sessions/ZZZZZZ/").status_code == 404


def test_organisers_add_an_invited_speaker_who_gets_a_link(
    client, app, event, login, mail_app, smtp_server, deliver
):
    login("organiser")
    assert client.get(f"/manage/{event}/program/speakers/new").status_code == 200
    data = {
        "name": "Keynote Person",
        "name_th": "",
        "email": "keynote@x.example",
        "organisation": "City Possible",
        "job_title": "Director",
        "city": "",
        "language": "en",
        "bio_en": "",
        "bio_th": "",
        "links": "",
        "send_link": "y",
    }
    made = client.post(f"/manage/{event}/program/speakers/new", data=data)
    assert made.status_code == 303
    code = made.headers["Location"].rstrip("/").split("/")[-1]
    again = client.post(f"/manage/{event}/program/speakers/new", data=data)
    assert again.status_code == 400
    assert "Another speaker of this event has this email address." in again.get_data(as_text=True)
    with app.app_context():
        speaker = db.session.scalar(select(Speaker).where(Speaker.email == "keynote@x.example"))
        assert (speaker.code, speaker.organisation) == (code, "City Possible")
    deliver()
    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Your speaker page for World Smart City Showcase 2027"
    keynote = client.post(
        f"/manage/{event}/program/sessions/new",
        data={
            "title_en": "Keynote",
            "session_type": "keynote",
            "language": "en",
            "speaker_codes": code,
        },
    )
    assert keynote.status_code == 303
    client.get("/manage/logout")
    assert "Keynote Person" in client.get(f"/{event}/speakers/").get_data(as_text=True)
