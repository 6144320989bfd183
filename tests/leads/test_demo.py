"""The demo's leads: four booths scanned visitors, some of whom share their details and some
not, and the organisers' booth-traffic page counts them."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from showcase.extensions import db
from showcase.leads import services
from showcase.leads.models import ExhibitorLead


def test_the_demo_has_leads_with_and_without_consent_and_the_traffic_shows_them(demo):
    app, output = demo
    assert "Exhibitor leads: 23 at 4 booths" in output
    with app.app_context():
        leads = db.session.scalars(select(ExhibitorLead)).all()
        cards = [services.card(lead) for lead in leads]
        assert len({lead.application_id for lead in leads}) == 4
        shared = [card for card in cards if card.shared]
        assert shared and len(shared) < len(cards)
        assert all(card.email and card.full_name for card in shared)
        assert any(lead.scanned_by_registration_id for lead in leads)  # staff scanned some
        assert any(lead.rating for lead in leads) and any(lead.tag_list for lead in leads)
        acronym = leads[0].event.acronym
    client = app.test_client()
    response = client.post(
        "/manage/login", data={"email": "organiser@showcase.example", "password": "showcase-demo"}
    )
    assert response.status_code == 303
    page = client.get(f"/manage/{acronym}/booths/traffic/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    totals = [int(row.find_all("td")[-1].get_text()) for row in soup.select("table tbody tr")]
    assert sorted(totals, reverse=True) == [9, 6, 5, 3]
