"""Everyone on site has a badge: speakers of confirmed sessions and the named staff of approved
booths get their registrations, and lose them with notice when the reason goes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from showcase.booths.services import decisions, layout
from showcase.core.db import unit_of_work
from showcase.core.errors import Conflict
from showcase.events.services import get_event
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from showcase.program.models import SessionState
from showcase.program.services.transitions import Actor as SessionActor
from showcase.program.services.transitions import apply_transition
from showcase.registration.models import BadgeKind, Registration
from showcase.registration.services import passes
from tests import factories
from tests.onbehalf.helpers import ORGANISER, S, by_email, city

SPEAKER = "somchai@khonkaen.example"
CO_SPEAKER = "nok@khonkaen.example"


def move(session, *targets):
    for target in targets:
        with unit_of_work(lock=True):
            apply_transition(session, target, SessionActor.ORGANISER, ORGANISER)


def test_confirming_sessions_gives_each_speaker_one_speaker_registration(ctx, desk_event):
    event = get_event(desk_event)
    first = factories.proposal(event)
    second = factories.proposal(event, title_en="Open data for buses", co1_name="", co1_email="")
    move(first, SessionState.ACCEPTED, SessionState.CONFIRMED)
    move(second, SessionState.ACCEPTED, SessionState.CONFIRMED)
    speakers = db.session.scalars(
        select(Registration).where(Registration.speaker_id.is_not(None)).order_by(Registration.id)
    ).all()
    assert [(r.email, r.state, r.category.given_to) for r in speakers] == [
        (SPEAKER, S.CONFIRMED, "speakers"),
        (CO_SPEAKER, S.CONFIRMED, "speakers"),
    ]
    assert speakers[0].badge_code
    assert speakers[0].category.badge_kind == BadgeKind.SPEAKER  # the speakers' colour band
    confirmed_mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "registration/confirmed")
    ).all()
    assert sorted(m.recipient for m in confirmed_mail) == [CO_SPEAKER, SPEAKER]


def test_cancelling_a_speakers_only_session_cancels_their_registration_with_notice(ctx, desk_event):
    event = get_event(desk_event)
    first = factories.proposal(event)
    second = factories.proposal(event, title_en="Open data for buses", co1_name="", co1_email="")
    move(first, SessionState.ACCEPTED, SessionState.CONFIRMED)
    move(second, SessionState.ACCEPTED, SessionState.CONFIRMED)
    move(first, SessionState.CANCELLED)
    # Somchai still speaks in the second session; Nok spoke only in the first.
    assert by_email(event, SPEAKER).state == S.CONFIRMED
    nok = by_email(event, CO_SPEAKER)
    assert nok.state == S.CANCELLED
    assert nok.history[-1].note == "no confirmed session"
    (notice,) = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.template == "registration/cancelled",
            OutboxMessage.recipient == CO_SPEAKER,
        )
    ).all()
    assert "no longer speaks in a confirmed session" in notice.body_text


def approved_booth(event, code="A-02"):
    application = factories.booth_application(event, city("Phuket"))
    with unit_of_work(lock=True):
        booth = layout.booth_by_code(event, code)
        decisions.approve_application(event, application.id, booth.id, ORGANISER)
    return application


def staff(number: int) -> dict:
    return {"full_name": f"Staff {number}", "email": f"staff{number}@phuket.example"}


def test_an_approved_booth_has_passes_by_its_size_or_as_organisers_set(ctx, desk_event):
    event = get_event(desk_event)
    small = approved_booth(event, "A-01")  # 9 m²
    assert passes.staff_passes(small) == 2
    with unit_of_work():
        small.staff_passes = 5
    assert passes.staff_passes(small) == 5


def test_named_staff_get_registrations_and_one_too_many_is_refused(ctx, desk_event):
    event = get_event(desk_event)
    application = approved_booth(event)  # 24 m²: 6 passes
    assert passes.staff_passes(application) == 6
    for number in range(6):
        with unit_of_work(lock=True):
            passes.name_staff(application, staff(number))
    with pytest.raises(Conflict) as refused, unit_of_work(lock=True):
        passes.name_staff(application, staff(6))
    assert str(refused.value.message).startswith("All 6 staff passes of this booth are named.")
    named = passes.staff_of(application)
    assert [(r.email, r.state, r.category.given_to) for r in named][:1] == [
        ("staff0@phuket.example", S.CONFIRMED, "exhibitor_staff")
    ]
    assert len(named) == 6
    assert named[0].category.badge_kind == BadgeKind.EXHIBITOR


def test_withdrawing_the_booth_cancels_the_passes_with_notice(ctx, desk_event):
    from showcase.booths.services import applications

    event = get_event(desk_event)
    application = approved_booth(event)
    with unit_of_work(lock=True):
        passes.name_staff(application, staff(1))
    with unit_of_work(lock=True):
        applications.withdraw_application(application.id)
    member = by_email(event, "staff1@phuket.example")
    assert member.state == S.CANCELLED
    assert member.history[-1].note == "booth lost"
    assert db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.template == "registration/cancelled",
            OutboxMessage.recipient == "staff1@phuket.example",
        )
    )


def test_a_waiting_delegate_who_now_speaks_gets_the_pass_and_frees_the_queue(ctx, desk_event):
    from tests.onbehalf.helpers import waiting
    from tests.registration.helpers import category

    event = get_event(desk_event)
    delegate = category(event, "delegate")
    waiting(event, delegate, SPEAKER, "b@x.example")  # both seats of City delegate
    waiting(event, delegate, "w@x.example")
    session = factories.proposal(event, co1_name="", co1_email="")
    move(session, SessionState.ACCEPTED, SessionState.CONFIRMED)
    somchai = by_email(event, SPEAKER)
    assert (somchai.state, somchai.category.given_to) == (S.CONFIRMED, "speakers")
    assert somchai.history[-1].note == "speaker pass"
    # The delegate seat Somchai held went to the person waiting.
    assert by_email(event, "w@x.example").state == S.CONFIRMED
