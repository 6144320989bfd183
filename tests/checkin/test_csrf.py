"""With CSRF protection on, as in production: the phone's scan endpoint takes the token in the
X-CSRFToken header (from the scan page's meta tag) and refuses a batch without it."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from showcase.checkin.models import Scan
from showcase.extensions import db
from tests import factories
from tests.badges.helpers import confirmed_people
from tests.checkin.helpers import make_gate, payload, scan_json
from tests.helpers import make_app


def test_the_scan_endpoint_needs_the_csrf_token_in_its_header(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'csrf.db'}", WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        event = factories.event()
        somchai, *_ = confirmed_people(event)
        gate = make_gate(event, "Gate 1", "main")
        factories.user("checkin", "desk@showcase.example")
        body = {"scans": [scan_json(gate, payload(somchai))]}
        url = f"/manage/{event.acronym}/checkin/scans"
        scan_page = f"/manage/{event.acronym}/checkin/scan?gate={gate.id}"
    client = app.test_client()
    login_page = client.get("/manage/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    signed_in = client.post(
        "/manage/login",
        data={
            "csrf_token": token,
            "email": "desk@showcase.example",
            "password": factories.PASSWORD,
        },
    )
    assert signed_in.status_code == 303
    page = client.get(scan_page).get_data(as_text=True)
    header_token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    refused = client.post(url, json=body)
    accepted = client.post(url, json=body, headers={"X-CSRFToken": header_token})

    assert refused.status_code == 400
    assert accepted.status_code == 200
    assert accepted.get_json()["results"][0]["result"] == "admitted"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Scan)) == 1
