"""The demo's travel: five partner hotels near the venue, and flights of most international
delegates over several days and airports, so that the manifest shows real lists."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from showcase.events.models import Event
from showcase.extensions import db
from showcase.travel.models import PartnerHotel
from showcase.travel.services import lists


def test_demo_has_partner_hotels_and_a_manifest_over_days_and_airports(demo):
    app, output = demo
    assert "Travel: 5 partner hotels" in output
    with app.app_context(), app.test_request_context():
        event = db.session.scalar(select(Event))
        hotels = db.session.scalars(
            select(PartnerHotel.name_en).where(PartnerHotel.event_id == event.id)
        ).all()
        assert "Sheraton Grande Sukhumvit" in hotels and len(hotels) == 5
        plans = lists.plans_of(event)
        arrivals = lists.movements(plans, "arrival")
        assert len(arrivals) >= 20
        assert len({m.day for m in arrivals}) >= 3
        airports = Counter(m.airport for m in arrivals)
        assert {"BKK", "DMK"} <= set(airports) and airports["BKK"] > airports["DMK"]
        assert any(m.registration.delegation_id for m in arrivals)  # Yokohama's members
        days = lists.manifest(plans, "arrival")
        assert all(group.people for group in days)
        assert lists.transfer_totals(plans)
        assert any(hotel.guests for hotel in lists.hotel_lists(event, plans) if hotel.partner)
        assert lists.summary(plans)["incomplete"] > 0  # some lack something, as real ones do
