"""Public programme POSTs that create rows or send email are rate-limited per address."""

from __future__ import annotations

from showcase.extensions import db
from tests.helpers import make_app
from tests.program.helpers import form_data


def test_the_call_for_sessions_allows_ten_proposals_an_hour(tmp_path):
    from datetime import UTC, date, datetime, timedelta

    from showcase.events.services import create_event

    app = make_app(f"sqlite:///{tmp_path / 'limit.db'}", RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
        now = datetime.now(UTC)
        create_event(
            "limit2027",
            name_en="Limit",
            starts_on=date(2027, 1, 26),
            ends_on=date(2027, 1, 28),
            cfp_opens_at=now - timedelta(days=1),
            cfp_closes_at=now + timedelta(days=1),
        )
        db.session.commit()
    client = app.test_client()
    statuses = [
        client.post(
            "/limit2027/cfp/", data=form_data(email=f"p{n}@x.example", co1_name="", co1_email="")
        ).status_code
        for n in range(11)
    ]
    assert statuses == [303] * 10 + [429]
    assert "You have tried this too many times." in client.post(
        "/limit2027/cfp/", data=form_data()
    ).get_data(as_text=True)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
