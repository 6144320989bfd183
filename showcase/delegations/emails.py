"""The emails of a delegation, queued in the caller's transaction (see mail/services.py): to
the coordinator (the invitation, the request received, the approval or refusal, each with a
freshly minted link to the delegation's page) and to a member who gave an address (their notice
with their own manage link, and the notice of a substitution). Each goes in its reader's
language and is filed under its owner (the delegation, or the member's registration)."""

from __future__ import annotations

from showcase.core.i18n import addressee
from showcase.core.links import LinkPurpose, mint_link
from showcase.delegations.models import Delegation, DelegationLink
from showcase.mail.models import OutboxMessage
from showcase.mail.services import Reader, external_url, queue_to, set_fresh_key
from showcase.registration.emails import manage_urls, to_registrant
from showcase.registration.models import Registration


def delegation_url(delegation: Delegation) -> tuple[str, str]:
    """A fresh secret for the delegation's page, and the page's address."""
    secret = mint_link(DelegationLink(delegation=delegation), LinkPurpose.MANAGE)
    url = external_url("delegations.page", event=delegation.event.acronym, secret=secret)
    return secret, url


def coordinator(delegation: Delegation) -> Reader:
    """The delegation's coordinator as the reader of its emails."""
    name, language = delegation.coordinator_name, delegation.language
    return Reader(delegation.coordinator_email, language, name, addressee(name, language))


def _to_coordinator(
    template: str, delegation: Delegation, asked: bool = False, **context
) -> OutboxMessage | None:
    secret, url = delegation_url(delegation)
    message = queue_to(
        coordinator(delegation),
        template,
        {"delegation": delegation, "city": delegation.city, "delegation_url": url, **context},
        event=delegation.event,
        secrets=[secret],
        asked=asked,
        owner=delegation,
    )
    return set_fresh_key(message, f"delegation:{delegation.id}")


def invitation(delegation: Delegation) -> None:
    _to_coordinator("delegations/invitation", delegation)


def request_received(delegation: Delegation) -> None:
    _to_coordinator("delegations/received", delegation, asked=True)


def state_email(delegation: Delegation, template: str, note: str = "") -> None:
    _to_coordinator(template, delegation, note=note)


def _to_member(template: str, member: Registration, delegation: Delegation, **context) -> None:
    if not member.email:
        return  # reached through the coordinator
    secret, urls = manage_urls(member)
    to_registrant(
        template, member, secret, delegation=delegation, city=delegation.city, **urls, **context
    )


def member_notice(member: Registration, delegation: Delegation) -> None:
    """A member added to the delegation: their state, their own manage link and badge."""
    _to_member("delegations/member_notice", member, delegation)


def substitution_notice(member: Registration, delegation: Delegation, replaced: str) -> None:
    """The person who now takes a member's place: their new link and badge."""
    _to_member("delegations/substituted", member, delegation, replaced=replaced)
