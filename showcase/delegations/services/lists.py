"""The lists of delegations: the coordinator's member list, the organisers' protocol list (head
of delegation first, VIPs marked) and the counts of members by state. One row builder serves
the page and the CSV."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from flask_babel import gettext

from showcase.delegations.models import Delegation
from showcase.registration.models import ACTIVE_STATES, Registration, RegistrationState

S = RegistrationState

MEMBER_HEADER = (
    "id",
    "state",
    "honorific",
    "full_name",
    "full_name_th",
    "position",
    "organisation",
    "category",
    "email",
    "phone",
    "head_of_delegation",
    "vip",
    "badge_code",
)
PROTOCOL_HEADER = (
    "order",
    "city",
    "honorific",
    "full_name",
    "full_name_th",
    "position",
    "organisation",
    "head_of_delegation",
    "vip",
    "category",
    "state",
)


def protocol_order(members: list[Registration]) -> list[Registration]:
    """Active members in protocol order: the head of delegation, then the VIPs, then the rest
    in the order they were added."""
    active = [member for member in members if member.state in ACTIVE_STATES]
    return sorted(active, key=lambda m: (not m.is_head, not m.is_vip, m.id))


def member_rows(delegation: Delegation) -> Iterator[tuple]:
    for member in delegation.members:
        yield (
            member.id,
            member.state.value,
            member.honorific,
            member.full_name,
            member.full_name_th,
            member.job_title,
            member.organisation,
            member.category.name,
            member.email or "",
            member.phone,
            "yes" if member.is_head else "",
            "yes" if member.is_vip else "",
            member.badge_code if member.state == S.CONFIRMED else "",
        )


def protocol_rows(delegations: list[Delegation]) -> Iterator[tuple]:
    for delegation in delegations:
        for order, member in enumerate(protocol_order(delegation.members), start=1):
            yield (
                order,
                delegation.city.name,
                member.honorific,
                member.full_name,
                member.full_name_th,
                member.job_title,
                member.organisation,
                gettext("Head of delegation") if member.is_head else "",
                "VIP" if member.is_vip else "",
                member.category.name,
                member.state.label,
            )


def states_of(delegation: Delegation) -> list[tuple[RegistrationState, int]]:
    counts = Counter(member.state for member in delegation.members)
    return [(state, counts[state]) for state in RegistrationState if counts[state]]
