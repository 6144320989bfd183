"""The emails of a registration, queued in the caller's transaction (see mail/services.py).

Every message goes to the registrant in the language they chose, carries a freshly minted manage
link (only its hash is stored), and is filed under its registration (``owner=``), through which
the organisers' detail page lists the emails of a registration and erasure empties them
(``mail.services.messages_of``). Which email a state sends is chosen by the state machine once the
state is known (``services/states.py``), so only that one is rendered.
"""

from __future__ import annotations

from showcase.core.i18n import addressee
from showcase.core.links import LinkPurpose, mint_link
from showcase.mail.models import OutboxMessage
from showcase.mail.services import Attachment, Reader, external_url, queue_to, set_fresh_key
from showcase.registration.models import (
    Registration,
    RegistrationInvitation,
    RegistrationLink,
    RegistrationState,
)
from showcase.registration.services import waitlist

S = RegistrationState

STATE_TEMPLATES = {
    S.CONFIRMED: "registration/confirmed",
    S.WAITLISTED: "registration/waitlisted",
    S.AWAITING_APPROVAL: "registration/awaiting_approval",
    S.REJECTED: "registration/rejected",
    S.CANCELLED: "registration/cancelled",
    S.OFFERED: "registration/offered",
}


def manage_urls(registration: Registration) -> tuple[str, dict[str, str]]:
    secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.MANAGE)
    acronym = registration.event.acronym
    urls = {
        "manage_url": external_url("registration.manage", event=acronym, secret=secret),
        "badge_url": external_url("registration.badge", event=acronym, secret=secret),
    }
    return secret, urls


def addressed_as(person: Registration | RegistrationInvitation) -> str:
    """The name an email greets a registrant (or an invitee) by: their Thai name when they gave
    one and chose Thai, with the polite title the language wants (see ``core.i18n.addressee``)."""
    thai = person.language == "th" and person.full_name_th.strip()
    name = person.full_name_th if thai else person.full_name
    return addressee(name, person.language)


def reader_of(person: Registration | RegistrationInvitation) -> Reader:
    """A registrant (or an invitee) as the reader of their emails."""
    return Reader(person.email, person.language, person.full_name, addressed_as(person))


def to_registrant(
    template: str,
    registration: Registration,
    secret: str,
    attachments=(),
    asked: bool = False,
    **context,
) -> OutboxMessage | None:
    """Queue ``template`` to the registrant (in their language, filed under the registration,
    greeting them by ``addressed_as``); a delegation's member's emails come this way too."""
    if not registration.email:
        return None  # a delegation's member without an address: their coordinator is told
    message = queue_to(
        reader_of(registration),
        template,
        {"registration": registration, "category": registration.category, **context},
        event=registration.event,
        secrets=[secret],
        attachments=attachments,
        asked=asked,
        owner=registration,
    )
    return set_fresh_key(message, f"registration:{registration.id}")


def confirm_email(
    registration: Registration, secret: str, again: bool = False, asked: bool = False
) -> None:
    """The confirmation link; ``asked`` when the public form asked for it (mail/limits.py)."""
    url = external_url("registration.confirm", event=registration.event.acronym, token=secret)
    to_registrant(
        "registration/confirm", registration, secret, asked=asked, confirm_url=url, again=again
    )


def manage_link(registration: Registration, asked: bool = False) -> None:
    secret, urls = manage_urls(registration)
    to_registrant("registration/manage_link", registration, secret, asked=asked, **urls)


def state_email(
    registration: Registration,
    state: RegistrationState,
    promoted: bool = False,
    note: str = "",
    manage: tuple[str, dict[str, str]] | None = None,
) -> OutboxMessage | None:
    """Queue the email of ``state`` (which may be the state the registration is about to take)."""
    template = STATE_TEMPLATES.get(state)
    if template is None or not registration.email:
        return None
    secret, urls = manage or manage_urls(registration)
    attachments = ()
    extra = {}
    if state == S.WAITLISTED:
        extra["position"] = waitlist.position(registration)
    if state == S.OFFERED:
        extra["expires_at"] = registration.offer_expires_at
    if state == S.CANCELLED:
        extra["register_url"] = external_url(
            "registration.register", event=registration.event.acronym
        )
    if state == S.CONFIRMED:
        from showcase.registration.calendar import event_ics

        attachments = (
            Attachment(
                f"{registration.event.acronym}.ics",
                "text/calendar",
                event_ics(registration.event, registration.language),
            ),
        )
    return to_registrant(
        template,
        registration,
        secret,
        attachments,
        promoted=promoted,
        note=note,
        **urls,
        **extra,
    )


def state_changed(registration: Registration, promoted: bool = False, note: str = "") -> None:
    state_email(registration, registration.state, promoted, note)


def resend_last(registration: Registration) -> None:
    """Send again the email of the registration's present state (organisers' button)."""
    if registration.state == S.PENDING_EMAIL:
        secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.CONFIRM)
        confirm_email(registration, secret, again=True)
    elif registration.state in STATE_TEMPLATES:
        state_changed(registration, note=registration.decision_reason)


def invitation_email(invitation: RegistrationInvitation, secret: str) -> OutboxMessage | None:
    """An invitee's personal link to the registration form, filled in and in their category."""
    url = external_url("registration.register", event=invitation.event.acronym, invite=secret)
    message = queue_to(
        reader_of(invitation),
        "registration/invitation",
        {"category": invitation.category, "invitation_url": url},
        event=invitation.event,
        secrets=[secret],
    )
    return set_fresh_key(message, f"invitation:{invitation.id}")
