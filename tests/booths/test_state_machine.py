"""A booth application's life on the state-machine kit: one history row per step (the kit's
columns), refusals in the feature's words, locks only inside a unit of work, and every email
filed under its application."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from showcase.booths.models import ApplicationState, BoothApplication
from showcase.booths.services import applications, decisions, layout
from showcase.core.db import UnitOfWorkError, unit_of_work
from showcase.core.errors import Conflict
from showcase.events.models import City
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.services import messages_of
from tests.booths.helpers import submit

S = ApplicationState


def khon_kaen_applies(app, event: str) -> int:
    with app.app_context():
        city = db.session.scalar(select(City).where(City.name_en == "Khon Kaen"))
        return submit(get_event(event), city).id


def test_every_step_writes_one_history_row_with_the_kits_columns(client, app, booth_event, login):
    application_id = khon_kaen_applies(app, booth_event)
    organiser = login("organiser")
    base = f"/manage/{booth_event}/booths/applications/{application_id}"
    with app.app_context():
        booth_id = layout.booth_by_code(get_event(booth_event), "A-01").id
    assert client.post(base + "/waitlist", data={"waitlist-note": "Hall B"}).status_code == 303
    approved = client.post(
        base + "/approve", data={"approve-booth": str(booth_id), "approve-note": "Welcome"}
    )
    assert approved.status_code == 303
    with app.app_context():
        application = db.session.get(BoothApplication, application_id)
        steps = [
            (entry.from_state, entry.to_state, entry.actor, entry.by, entry.note)
            for entry in application.history
        ]
        assert all(entry.at is not None for entry in application.history)
        assert (application.decided_at, application.decision_reason) == (
            application.history[-1].at,
            "Welcome",
        )
    assert steps == [
        ("unconfirmed", "unconfirmed", "applicant", "", "applied"),  # not a move
        ("unconfirmed", "submitted", "applicant", "", ""),
        ("submitted", "waitlisted", "organiser", organiser, "Hall B"),
        ("waitlisted", "approved", "organiser", organiser, "Welcome"),
    ]
    page = client.get(base).get_data(as_text=True)
    assert "Applicant · — → Email not confirmed</li>" in page
    assert f"{organiser} · On the waiting list → Approved · Welcome" in page


def test_a_step_the_table_lacks_is_refused_in_the_features_words(app, booth_event):
    application_id = khon_kaen_applies(app, booth_event)
    with app.app_context():
        event = get_event(booth_event)
        with unit_of_work(lock=True):
            decisions.reject_application(event, application_id, "o@x.example", "Full.")
        with pytest.raises(Conflict) as refused, unit_of_work(lock=True):
            decisions.waitlist_application(event, application_id, "o@x.example")
        assert str(refused.value.message) == (
            "This application is not accepted; that step is not possible now."
        )
        assert not applications.may_move(
            db.session.get(BoothApplication, application_id),
            S.WITHDRAWN,
            applications.Actor.APPLICANT,
        )
        assert len(db.session.get(BoothApplication, application_id).history) == 3


def test_decisions_and_withdrawals_refuse_to_lock_outside_a_locking_unit_of_work(app, booth_event):
    application_id = khon_kaen_applies(app, booth_event)
    with app.app_context():
        event = get_event(booth_event)
        booth_id = layout.booth_by_code(event, "A-01").id
        with pytest.raises(UnitOfWorkError):
            decisions.approve_application(event, application_id, booth_id, "o@x.example")
        with pytest.raises(UnitOfWorkError), unit_of_work():  # opened without lock=True
            applications.withdraw_application(application_id)
        assert db.session.get(BoothApplication, application_id).state == S.SUBMITTED


def test_booth_emails_are_filed_under_their_application(app, booth_event):
    application_id = khon_kaen_applies(app, booth_event)
    with app.app_context():
        event = get_event(booth_event)
        with unit_of_work(lock=True):
            decisions.approve_application(
                event, application_id, layout.booth_by_code(event, "A-01").id, "o@x.example"
            )
        with unit_of_work(lock=True):
            decisions.approve_application(
                event, application_id, layout.booth_by_code(event, "A-02").id, "o@x.example"
            )
        application = db.session.get(BoothApplication, application_id)
        assert [message.template for message in messages_of(application)] == [
            "booths/confirm",
            "booths/received",
            "booths/approved",
            "booths/moved",
        ]
