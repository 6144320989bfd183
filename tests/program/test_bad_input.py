"""Bad input on the public pages: a clear message in the person's language, the right status,
never a 500 and nothing lost. Also the call-for-sessions window."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from showcase.core.db import unit_of_work
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState, Speaker
from showcase.program.services import proposals
from tests.program.helpers import form_data, proposal_values, propose, the_event


def count_sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ProgramSession))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title_en": "x" * 201}, "Write at most 200 characters."),
        ({"title_en": "", "title_th": ""}, "Give a title in English, in Thai, or in both."),
        ({"abstract_en": ""}, "Give an abstract in English, in Thai, or in both."),
        ({"track": "space-travel"}, "Choose a track from the list."),
        ({"session_type": "ceremony"}, "Choose a session type from the list."),
        ({"session_type": "party"}, "Choose a session type from the list."),
        ({"language": "fr"}, "Choose a language from the list."),
        ({"expected_audience": "lots"}, "Give a whole number."),
        ({"expected_audience": "0"}, "Give an expected audience between 1 and 100,000 people."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"co1_email": ""}, "Enter a valid email address."),
        ({"co1_email": "somchai@khonkaen.example"}, "needs an email address of their own"),
        ({"name": ""}, "Fill in this field."),
    ],
)
def test_bad_proposals_are_refused_with_a_message_and_keep_what_was_typed(
    client, app, event, overrides, message
):
    response = client.post(f"/{event}/cfp/", data=form_data(**overrides))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "How five municipalities built a light rail together." in page or (
        overrides.get("abstract_en") == ""
    )
    assert count_sessions(app) == 0


def test_bad_input_in_thai(client, event):
    client.set_cookie("showcase_lang", "th")
    response = client.post(f"/{event}/cfp/", data=form_data(track="space-travel"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "เลือกมิติจากรายการ" in page


def test_the_cfp_window(client, app, make_event):
    now = datetime.now(UTC)
    early = make_event(
        "early2027", cfp_opens_at=now + timedelta(days=1), cfp_closes_at=now + timedelta(days=5)
    )
    late = make_event(
        "late2027", cfp_opens_at=now - timedelta(days=5), cfp_closes_at=now - timedelta(minutes=1)
    )
    for acronym in (early, late):
        page = client.get(f"/{acronym}/cfp/")
        assert page.status_code == 200
        assert "The call for sessions is not open." in page.get_data(as_text=True)
        refused = client.post(f"/{acronym}/cfp/", data=form_data())
        assert refused.status_code == 403
        assert "The call for sessions is not open." in refused.get_data(as_text=True)
    assert count_sessions(app) == 0
    with app.app_context(), pytest.raises(proposals.CfpClosed):
        proposals.submit_proposal(the_event(late), proposal_values(), "en")


def test_editing_stops_at_the_deadline_and_after_a_decision(client, app, event):
    with app.app_context():
        current = the_event(event)
        with unit_of_work(lock=True):
            session, secret = proposals.submit_proposal(current, proposal_values(), "en")
            _s, _sp, manage, _new = proposals.confirm_proposal(current, secret)
        code = session.code
    edit = f"/{event}/cfp/me/{manage}/sessions/{code}/edit"
    assert client.get(edit).status_code == 200
    changed = client.post(edit, data={**form_data(), "title_en": "Changed title"})
    assert changed.status_code == 303
    too_long = client.post(edit, data={**form_data(), "title_en": "y" * 300})
    assert too_long.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(ProgramSession.title_en)) == "Changed title"
        current = the_event(event)
        current.cfp_closes_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    closed = client.post(edit, data={**form_data(), "title_en": "After the deadline"})
    assert closed.status_code == 303
    assert client.get(closed.headers["Location"]).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ProgramSession.title_en)) == "Changed title"


def test_tampered_and_expired_links(client, app, event):
    assert client.get(f"/{event}/cfp/confirm/not-a-secret").status_code == 404
    assert client.get(f"/{event}/cfp/me/{'A' * 43}/").status_code == 404
    page = client.get(f"/{event}/cfp/me/{'A' * 43}/").get_data(as_text=True)
    assert "This link is not valid." in page
    with app.app_context():
        current = the_event(event)
        with unit_of_work(lock=True):
            _session, secret = proposals.submit_proposal(current, proposal_values(), "en")
            from showcase.program.models import SpeakerLink

            link = db.session.scalar(select(SpeakerLink))
            link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    expired = client.get(f"/{event}/cfp/confirm/{secret}")
    assert expired.status_code == 410
    assert "This link has expired." in expired.get_data(as_text=True)
    # A manage link of one event does not open another event's pages.
    with app.app_context():
        proposals_session = propose(
            the_event(event), email="x@y.example", co1_name="", co1_email=""
        )
        assert proposals_session.proposal_confirmed_at is not None


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_lost(client, app, event):
    with app.app_context():
        current = the_event(event)
        with unit_of_work(lock=True):
            _session, secret = proposals.submit_proposal(current, proposal_values(), "en")
            _s, _sp, manage, _new = proposals.confirm_proposal(current, secret)
    data = {
        "name": "Somchai Jaidee",
        "name_th": "",
        "organisation": "New organisation",
        "job_title": "Director",
        "city": "",
        "language": "en",
        "bio_en": "A biography that must not be lost.",
        "bio_th": "",
        "links": "",
        "photo": (io.BytesIO(b"%PDF-1.4 not an image at all"), "photo.png"),
    }
    response = client.post(
        f"/{event}/cfp/me/{manage}/profile", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This file is not an image that can be read." in page
    assert "A biography that must not be lost." in page
    with app.app_context():
        speaker = db.session.scalar(
            select(Speaker).where(Speaker.email == "somchai@khonkaen.example")
        )
        assert speaker.photo_id is None and speaker.organisation == "Khon Kaen City Development"
    big = dict(
        data,
        photo=FileStorage(
            io.BytesIO(b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 10)), "big.png", "image/png"
        ),
    )
    # Encoded in memory: the test client would spool a body this large to an unclosed file.
    boundary, body = encode_multipart(big)
    too_large = client.post(
        f"/{event}/cfp/me/{manage}/profile",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert too_large.status_code == 413
    assert "larger than 2 MB" in too_large.get_data(as_text=True)
    bad_link = dict(data, photo=(io.BytesIO(b""), ""), links="javascript:alert(1)")
    refused = client.post(
        f"/{event}/cfp/me/{manage}/profile", data=bad_link, content_type="multipart/form-data"
    )
    assert refused.status_code == 400
    assert "starting with https://" in refused.get_data(as_text=True)


def test_withdrawing_needs_the_tick_and_then_emails(client, app, event):
    with app.app_context():
        current = the_event(event)
        with unit_of_work(lock=True):
            session, secret = proposals.submit_proposal(current, proposal_values(), "en")
            _s, _sp, manage, _new = proposals.confirm_proposal(current, secret)
        code = session.code
    url = f"/{event}/cfp/me/{manage}/sessions/{code}/withdraw"
    assert client.post(url, data={}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(ProgramSession.state)) == SessionState.SUBMITTED
    assert client.post(url, data={"confirm": "y"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(ProgramSession.state)) == SessionState.WITHDRAWN
    # Withdrawing again is a move the table does not have: a message, not an error page.
    again = client.post(url, data={"confirm": "y"}, follow_redirects=True)
    assert again.status_code == 200
    assert "cannot become" in again.get_data(as_text=True)
