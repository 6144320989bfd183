"""The emails of a registration, queued in the caller's transaction (see mail/services.py).

Every message goes to the registrant in the language they chose, carries a freshly minted manage
link (only its hash is stored), and has a ``dedup_key`` of ``registration:<id>:…`` so that the
organisers' detail page can list the emails of a registration and erasure can empty them.
"""

from __future__ import annotations

import secrets as _secrets

from showcase.core.links import LinkPurpose, mint_link
from showcase.mail.services import Attachment, external_url, queue_email
from showcase.registration.models import Registration, RegistrationLink, RegistrationState

S = RegistrationState

STATE_TEMPLATES = {
    S.CONFIRMED: "registration/confirmed",
    S.WAITLISTED: "registration/waitlisted",
    S.AWAITING_APPROVAL: "registration/awaiting_approval",
    S.REJECTED: "registration/rejected",
    S.CANCELLED: "registration/cancelled",
}


def manage_urls(registration: Registration) -> tuple[str, dict[str, str]]:
    secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.MANAGE)
    acronym = registration.event.acronym
    urls = {
        "manage_url": external_url("registration.manage", event=acronym, secret=secret),
        "badge_url": external_url("registration.badge", event=acronym, secret=secret),
    }
    return secret, urls


def _send(template: str, registration: Registration, secret: str, attachments=(), **context):
    message = queue_email(
        template,
        registration.email,
        language=registration.language,
        name=registration.full_name,
        event=registration.event,
        secrets=[secret],
        attachments=attachments,
        context={"registration": registration, "category": registration.category, **context},
    )
    # A fresh random key names the registration without the duplicate lookup queue_email
    # makes for a key given to it (this key cannot already exist).
    message.dedup_key = f"registration:{registration.id}:{_secrets.token_hex(8)}"


def confirm_email(registration: Registration, secret: str, again: bool = False) -> None:
    url = external_url("registration.confirm", event=registration.event.acronym, token=secret)
    _send("registration/confirm", registration, secret, confirm_url=url, again=again)


def manage_link(registration: Registration) -> None:
    secret, urls = manage_urls(registration)
    _send("registration/manage_link", registration, secret, **urls)


def state_changed(registration: Registration, promoted: bool = False, note: str = "") -> None:
    template = STATE_TEMPLATES.get(registration.state)
    if template is None:
        return
    secret, urls = manage_urls(registration)
    attachments = ()
    if registration.state == S.CONFIRMED:
        from showcase.registration.calendar import event_ics

        attachments = (
            Attachment(
                f"{registration.event.acronym}.ics",
                "text/calendar",
                event_ics(registration.event, registration.language),
            ),
        )
    _send(template, registration, secret, attachments, promoted=promoted, note=note, **urls)


def resend_last(registration: Registration) -> None:
    """Send again the email of the registration's present state (organisers' button)."""
    if registration.state == S.PENDING_EMAIL:
        secret = mint_link(RegistrationLink(registration=registration), LinkPurpose.CONFIRM)
        confirm_email(registration, secret, again=True)
    elif registration.state in STATE_TEMPLATES:
        state_changed(registration, note=registration.decision_reason)
