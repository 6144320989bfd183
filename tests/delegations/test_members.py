"""Members of a delegation: seats through the one seat rule, the head of delegation, bad input,
substitutions that keep the seat and make the old badge stop working, and the organisers'
decisions on a delegation's pending members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from showcase.core.db import unit_of_work, utcnow
from showcase.core.errors import Conflict, DomainError
from showcase.delegations.models import Delegation, Substitution
from showcase.delegations.services import delegations, members
from showcase.delegations.services.settings import update_settings
from showcase.events.services import find_city, get_event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory
from showcase.registration.services import badges
from showcase.registration.services.settings import update_settings as update_registration
from tests import factories
from tests.delegations.helpers import ORGANISER, add, approved_delegation, member_values, person


@pytest.fixture
def world(ctx, deleg_event):
    event = get_event(deleg_event)
    cats = {
        c.code: c
        for c in db.session.scalars(
            select(RegistrationCategory).where(RegistrationCategory.event_id == event.id)
        )
    }
    khon_kaen = find_city("Khon Kaen", "TH")
    return event, cats, khon_kaen


def test_member_takes_a_seat_and_waits_when_the_category_is_full(world):
    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    states = [add(delegation, cats["delegate"], f"Member {n}").state.value for n in range(4)]
    assert states == ["confirmed", "confirmed", "confirmed", "waitlisted"]


def test_member_waits_when_the_city_cap_is_reached_by_individuals(world):
    event, cats, khon_kaen = world
    with unit_of_work(lock=True):
        update_registration(event, 2, "2026-11")
    for n in range(2):
        factories.registration(
            event, khon_kaen, cats["vip"], confirm=True, email=f"p{n}@kk.example"
        )
    delegation = approved_delegation(event, khon_kaen)
    member = add(delegation, cats["vip"], "Late Member")
    assert member.state.value == "waitlisted"
    assert member.history[-1].note == "city full"


def test_member_records_the_coordinators_privacy_confirmation(world):
    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    member = add(delegation, cats["vip"], "Prasert Boonmee")
    assert member.consent_version == "2026-11"
    assert member.consent_at >= delegation.privacy_confirmed_at
    assert member.email is None
    assert member.city_id == khon_kaen.id


def test_member_email_with_an_active_registration_is_refused_without_saying_whose(world):
    event, cats, khon_kaen = world
    factories.registration(event, khon_kaen, cats["visitor"], email="taken@kk.example")
    delegation = approved_delegation(event, khon_kaen)
    with pytest.raises(Conflict) as refused, unit_of_work(lock=True):
        members.add_member(
            db.session.get(Delegation, delegation.id),
            member_values(cats["vip"], "Somchai", email="taken@kk.example"),
        )
    assert refused.value.field == "email"
    assert "already has a registration for this event" in str(refused.value.message)
    assert "Somchai Jaidee" not in str(refused.value.message)
    assert (
        db.session.scalar(select(Registration).where(Registration.delegation_id.is_not(None)))
        is None
    )


def test_member_in_a_category_not_open_to_delegations_is_refused(world):
    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    with pytest.raises(DomainError) as refused, unit_of_work(lock=True):
        members.add_member(
            db.session.get(Delegation, delegation.id), member_values(cats["visitor"], "X")
        )
    assert refused.value.status_code == 400
    assert "not open to delegations" in str(refused.value.message)


def test_member_cannot_be_added_before_the_delegation_is_approved(world):
    event, cats, khon_kaen = world
    from tests.delegations.helpers import coordinator

    with unit_of_work():
        delegation = delegations.request_delegation(event, coordinator(khon_kaen))
    with pytest.raises(DomainError) as refused, unit_of_work(lock=True):
        members.add_member(delegation, member_values(cats["vip"], "X"))
    assert refused.value.status_code == 403


def test_head_of_delegation_mark_moves_to_the_new_head(world):
    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    first = add(delegation, cats["vip"], "First Head", is_head=True)
    second = add(delegation, cats["vip"], "Second Head", is_head=True)
    db.session.refresh(first)
    assert (first.is_head, second.is_head) == (False, True)
    assert db.session.get(Delegation, delegation.id).head.id == second.id


def test_substitution_keeps_the_seat_and_the_old_badge_stops_working(world):
    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    member = add(delegation, cats["delegate"], "Old Person")
    old_payload = badges.badge_payload(member)
    with unit_of_work(lock=True):
        members.substitute(
            db.session.get(Delegation, delegation.id), member.id, person("New Person")
        )
    db.session.expire_all()
    member = db.session.get(Registration, member.id)
    assert (member.full_name, member.state.value) == ("New Person", "confirmed")
    with pytest.raises(badges.BadgeRefused):
        badges.registration_from_payload(event, old_payload)
    assert badges.registration_from_payload(event, badges.badge_payload(member)).id == member.id
    record = db.session.scalar(select(Substitution))
    assert (record.old_name, record.new_name) == ("Old Person", "New Person")
    assert record.old_badge_code != record.new_badge_code == member.badge_code
    assert member.history[-1].note == "substituted"


def test_substitution_after_the_deadline_is_refused_and_changes_nothing(world):
    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    member = add(delegation, cats["delegate"], "Old Person")
    with unit_of_work():
        update_settings(event, True, utcnow() - timedelta(hours=1))
    with pytest.raises(members.SubstitutionClosed) as refused, unit_of_work(lock=True):
        members.substitute(db.session.get(Delegation, delegation.id), member.id, person("New"))
    assert refused.value.status_code == 409
    db.session.expire_all()
    assert db.session.get(Registration, member.id).full_name == "Old Person"


def test_pending_members_are_approved_at_once(world):
    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    for n in range(3):
        add(delegation, cats["media"], f"Reporter {n}")
    with unit_of_work(lock=True):
        decided = members.decide_pending(
            event, db.session.get(Delegation, delegation.id), True, ORGANISER
        )
    db.session.expire_all()
    assert decided == 3
    assert {m.state.value for m in db.session.get(Delegation, delegation.id).members} == {
        "confirmed"
    }


def test_removed_member_frees_the_seat_for_the_next_waiting(world):
    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    added = [add(delegation, cats["delegate"], f"Member {n}") for n in range(4)]
    with unit_of_work(lock=True):
        members.remove_member(db.session.get(Delegation, delegation.id), added[0].id)
    db.session.expire_all()
    assert [db.session.get(Registration, m.id).state.value for m in added] == [
        "cancelled",
        "confirmed",
        "confirmed",
        "confirmed",
    ]


def test_second_delegation_of_the_same_city_is_refused(world):
    event, _cats, khon_kaen = world
    from tests.delegations.helpers import coordinator

    approved_delegation(event, khon_kaen)
    with pytest.raises(Conflict) as refused, unit_of_work():
        delegations.request_delegation(event, coordinator(khon_kaen, coordinator_name="Other"))
    assert refused.value.field == "city"


def test_member_email_changed_by_the_coordinator_revokes_the_old_link(world):
    from showcase.core.links import LinkError
    from showcase.registration.services import registrations
    from tests.registration.helpers import manage_secret

    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    member = add(delegation, cats["vip"], "Kanya Srisuk", email="old@kk.example")
    old_secret = manage_secret(member)
    values = member_values(cats["vip"], "Kanya Srisuk", email="new@kk.example")
    with unit_of_work(lock=True):
        members.update_member(db.session.get(Delegation, delegation.id), member.id, values)
    with pytest.raises(LinkError):
        registrations.for_manage(event, old_secret)
    assert db.session.get(Registration, member.id).email == "new@kk.example"


def test_a_replaced_member_s_visa_letter_is_revoked_with_the_reason(world):
    from showcase.letters.models import LetterState, VisaLetter
    from tests.letters.helpers import issued_letter

    event, cats, khon_kaen = world
    delegation = approved_delegation(event, khon_kaen)
    member = add(delegation, cats["delegate"], "Old Person")
    letter = issued_letter(db.session.get(Registration, member.id))
    with unit_of_work(lock=True):
        members.substitute(
            db.session.get(Delegation, delegation.id), member.id, person("New Person")
        )
    db.session.expire_all()
    letter = db.session.get(VisaLetter, letter.id)
    assert letter.state == LetterState.REVOKED
    assert letter.history[-1].note == "Another person takes this place in the delegation."
