"""The demo's delegations: Khon Kaen with five members and its mayor as head of delegation (one
member replaced), Phuket invited, Yokohama from abroad, Chiang Mai's request awaiting."""

from __future__ import annotations

from sqlalchemy import select

from showcase.delegations.models import Delegation
from showcase.extensions import db


def test_demo_has_delegations_with_members_and_heads(demo):
    app, output = demo
    assert "Delegations: 4" in output
    with app.app_context():
        by_city = {d.city.name_en: d for d in db.session.scalars(select(Delegation))}
        assert {name: d.state.value for name, d in by_city.items()} == {
            "Khon Kaen": "approved",
            "Phuket": "invited",
            "Yokohama": "approved",
            "Chiang Mai": "requested",
        }
        khon_kaen = by_city["Khon Kaen"]
        assert len(khon_kaen.active_members) == 5
        assert khon_kaen.head.full_name == "Teerasak Teecharoen"
        assert [(s.old_name, s.new_name) for s in khon_kaen.substitutions] == [
            ("Anong Srisuk", "Arthit Wongsa")
        ]
        assert by_city["Yokohama"].city.kind.value == "international"
        assert by_city["Yokohama"].head.honorific == "H.E."
