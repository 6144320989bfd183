"""The demo's cooperation: most Thai cities and a dozen partner organisations have profiles, the
lounge has tables, some meetings are booked and held, and the report shows the outcomes."""

from __future__ import annotations

from sqlalchemy import func, select

from showcase.cooperation.models import CooperationProfile, Meeting, MeetingTable, ProfileKind
from showcase.cooperation.services import report
from showcase.events.models import Event
from showcase.extensions import db


def test_the_demo_has_profiles_a_lounge_meetings_and_a_report(demo):
    app, _output = demo
    with app.test_request_context():
        event = db.session.scalar(select(Event))
        kinds = dict(
            db.session.execute(
                select(CooperationProfile.kind, func.count()).group_by(CooperationProfile.kind)
            ).all()
        )
        assert kinds == {ProfileKind.CITY: 22, ProfileKind.ORGANISATION: 12}
        assert db.session.scalar(select(func.count()).select_from(MeetingTable)) == 8
        states = sorted(m.state.value for m in db.session.scalars(select(Meeting)))
        assert states == [
            "accepted",
            "accepted",
            "held",
            "held",
            "held",
            "held",
            "missed",
            "requested",
        ]
        built = report.build(event)
        assert (built.requested, built.held, built.missed) == (8, 4, 1)
        assert built.by_dimension["Smart Energy"] == 4
        assert built.by_partner_country["Japan"] == 2
        assert [pair[:2] for pair in built.next_steps] == [
            ("Khon Kaen", "SolarGrid Japan"),
            ("Rayong", "Schneider Electric Asia"),
            ("Chiang Mai", "Forum Virium Helsinki"),
        ]


def test_the_organisers_dashboard_sums_up_the_demos_cooperation(demo):
    app, _output = demo
    client = app.test_client()
    client.post(
        "/manage/login", data={"email": "admin@showcase.example", "password": "showcase-demo"}
    )
    with app.app_context():
        acronym = db.session.scalar(select(Event.acronym).order_by(Event.id))
    page = client.get(f"/manage/{acronym}/").get_data(as_text=True)
    assert "34 profiles take part. 8 meetings requested, 4 held, 1 missed." in page
