"""Helpers for delegation tests: delegations requested, approved and invited, and members
added through the services, each step in its own unit of work as a request runs it (the
``deleg_event`` fixture is in ``conftest.py``)."""

from __future__ import annotations

from showcase.core.db import unit_of_work
from showcase.core.links import LinkPurpose, mint_link
from showcase.delegations.models import Delegation, DelegationLink
from showcase.delegations.services import delegations, members
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory

ORGANISER = "organiser@showcase.example"


def coordinator(city: City, **overrides) -> dict:
    data = {
        "city": str(city.id),
        "coordinator_name": "Ratchanee Phonsri",
        "coordinator_organisation": "International Relations Office",
        "coordinator_email": f"ir@{city.name_en.lower().replace(' ', '')}.example",
        "coordinator_phone": "+66 43 221 000",
        "language": "en",
        "message": "",
    }
    data.update(overrides)
    return data


def person(name: str = "Nattapong Srisuk", **overrides) -> dict:
    data = {
        "honorific": "",
        "full_name": name,
        "full_name_th": "",
        "job_title": "Engineer",
        "organisation": "City Hall",
        "email": "",
        "phone": "",
        "language": "en",
    }
    data.update(overrides)
    return data


def member_values(category: RegistrationCategory, name: str = "Nattapong Srisuk", **overrides):
    data = person(name, category=str(category.id), is_head=False, is_vip=False)
    data.update(overrides)
    return data


def approved_delegation(event: Event, city: City, **overrides) -> Delegation:
    """A requested delegation, approved by an organiser, its privacy notice confirmed."""
    with unit_of_work():
        delegation = delegations.request_delegation(event, coordinator(city, **overrides))
    with unit_of_work(lock=True):
        delegations.approve(event, delegation.id, ORGANISER)
    with unit_of_work():
        members.confirm_privacy(db.session.get(Delegation, delegation.id), "coordinator")
    return db.session.get(Delegation, delegation.id)


def add(delegation: Delegation, category: RegistrationCategory, name: str, **overrides):
    with unit_of_work(lock=True):
        member = members.add_member(
            db.session.get(Delegation, delegation.id), member_values(category, name, **overrides)
        )
    return db.session.get(Registration, member.id)


def secret_of(delegation: Delegation) -> str:
    with unit_of_work():
        secret = mint_link(DelegationLink(delegation=delegation), LinkPurpose.MANAGE)
    return secret
