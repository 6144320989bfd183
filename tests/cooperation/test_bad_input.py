"""Bad input on the meeting pages, in English and Thai: a slot that has just been taken, a time
outside the meeting hours, a meeting with oneself, a party that opted out, an outcome for a
meeting that did not take place. Each is a clear message in the reader's language, with the
page's status, and nothing saved or lost."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from showcase.cooperation.models import CooperationProfile, Meeting, MeetingOutcome
from showcase.core.db import unit_of_work
from showcase.extensions import db
from tests import factories
from tests.cooperation.helpers import accept, request, world
from tests.delegations.helpers import secret_of

MESSAGES = {
    "taken": {
        "en": "That slot has just been taken. Choose another one.",
        "th": "ช่วงเวลานี้เพิ่งถูกจองไป โปรดเลือกช่วงเวลาอื่น",
    },
    "outside": {
        "en": "Choose one of the meeting slots: this time is outside the meeting hours.",
        "th": "โปรดเลือกช่วงเวลาประชุมที่กำหนด เวลานี้อยู่นอกเวลาประชุม",
    },
    "oneself": {
        "en": "You cannot meet yourself: choose another party.",
        "th": "ท่านนัดพบตนเองไม่ได้ โปรดเลือกฝ่ายอื่น",
    },
    "opted_out": {
        "en": "This party does not take meeting requests at the moment.",
        "th": "ฝ่ายนี้ไม่รับคำขอนัดหมายในขณะนี้",
    },
    "not_held": {
        "en": "An outcome can only be recorded for a meeting that took place.",
        "th": "บันทึกผลได้เฉพาะการประชุมที่จัดขึ้นแล้วเท่านั้น",
    },
}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize(
    ("case", "status"),
    [("taken", 409), ("outside", 400), ("oneself", 400), ("opted_out", 400), ("not_held", 409)],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(ctx, client, lang, case, status):
    w = world()
    confirmed = accept(request(w).id)
    company = f"/{w.event.acronym}/cooperation/registration/"
    company += factories.registration_link(w.representative, "manage")
    city = f"/{w.event.acronym}/cooperation/delegation/{secret_of(w.delegation)}"
    slot = w.first_slot().isoformat()
    if case == "opted_out":
        with unit_of_work():
            db.session.get(CooperationProfile, w.city_profile.id).visible = False
    meetings_before = _count(Meeting)
    headers = {"Accept-Language": lang}

    if case == "not_held":
        response = client.post(
            f"{city}/meetings/{confirmed.id}/outcome", data={"result": "pilot"}, headers=headers
        )
    else:
        host = w.company_profile.id if case == "oneself" else w.city_profile.id
        when = {"outside": "2027-01-26T01:00:00+00:00"}.get(case, slot)
        if case == "oneself":
            when = _next_slot(w)
        response = client.post(
            f"{company}/meet/{host}", data={"slot": when, "message": "Hello"}, headers=headers
        )

    assert response.status_code == status
    assert MESSAGES[case][lang] in response.get_data(as_text=True)
    assert _count(Meeting) == meetings_before
    assert _count(MeetingOutcome) == 0
    assert db.session.get(Meeting, confirmed.id).state.value == "accepted"


def _next_slot(w) -> str:
    from showcase.cooperation.services import meetings

    return meetings.slots_of(w.event)[3].starts_at.isoformat()
