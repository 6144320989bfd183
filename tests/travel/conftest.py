"""Fixtures for travel tests (their helpers are in ``tests/travel/helpers.py``)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from showcase.events.models import City, Event
from showcase.registration.models import Registration, RegistrationCategory
from showcase.travel.models import PartnerHotel
from tests import factories
from tests.travel.helpers import add_hotel


@dataclass
class Trip:
    event: Event
    delegate: RegistrationCategory
    yokohama: City
    khon_kaen: City
    sheraton: PartnerHotel
    banyan: PartnerHotel
    aiko: Registration


@pytest.fixture
def trip(ctx) -> Trip:
    """The test event (26–28 January 2027, Bangkok time) with a City delegate category open to
    delegations, Yokohama and Khon Kaen, two partner hotels and a confirmed delegate from
    Yokohama, Aiko Tanaka."""
    event = factories.event()
    delegate = factories.registration_category(
        event, "delegate", name_en="City delegate", name_th="ผู้แทนเมือง", open_to_delegations=True
    )
    yokohama = factories.city("Yokohama", "โยโกฮามา", "JP")
    khon_kaen = factories.city("Khon Kaen", "ขอนแก่น")
    sheraton = add_hotel(event, "Sheraton Grande Sukhumvit", "เชอราตัน แกรนด์ สุขุมวิท")
    banyan = add_hotel(event, "Banyan Tree Bangkok", "บันยันทรี กรุงเทพฯ", position=1)
    aiko = factories.registration(
        event,
        yokohama,
        delegate,
        confirm=True,
        full_name="Aiko Tanaka",
        full_name_th="ไอโกะ ทานากะ",
        email="aiko@yokohama.example",
    )
    return Trip(event, delegate, yokohama, khon_kaen, sheraton, banyan, aiko)
