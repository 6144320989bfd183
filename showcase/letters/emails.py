"""The emails of a visa letter, queued in the caller's transaction (mail/services.py): the
request received, the letter issued (with a link to download it), not issued, and revoked. Each
goes to the delegate in their language, or, for a delegation's member without an address, to
the delegation's coordinator in theirs; every link is a freshly minted secret of the page the
reader manages the letter from, and the message is filed under the letter."""

from __future__ import annotations

from showcase.core.i18n import addressee
from showcase.letters.models import VisaLetter
from showcase.mail.services import external_url, queue_email, set_fresh_key
from showcase.registration.emails import addressed_as


def _recipient(letter: VisaLetter) -> tuple[str, str, str, str, str, dict[str, str]]:
    """(address, language, name, greeting, link secret, links) of whoever reads about the letter."""
    registration = letter.registration
    acronym = letter.event.acronym
    if registration.email:
        from showcase.registration.emails import manage_urls

        secret, urls = manage_urls(registration)
        links = {
            "page_url": urls["manage_url"],
            "pdf_url": external_url("letters.registration_pdf", event=acronym, secret=secret),
        }
        return (
            registration.email,
            registration.language,
            registration.full_name,
            addressed_as(registration),
            secret,
            links,
        )
    from showcase.delegations.emails import delegation_url
    from showcase.delegations.models import Delegation
    from showcase.extensions import db

    delegation = db.session.get(Delegation, registration.delegation_id)
    secret, url = delegation_url(delegation)
    links = {
        "page_url": url,
        "pdf_url": external_url(
            "letters.member_pdf", event=acronym, secret=secret, member_id=registration.id
        ),
    }
    return (
        delegation.coordinator_email,
        delegation.language,
        delegation.coordinator_name,
        addressee(delegation.coordinator_name, delegation.language),
        secret,
        links,
    )


def letter_email(
    letter: VisaLetter, template: str, note: str = "", asked: bool = False, by_system: bool = False
) -> None:
    """``by_system``: the step followed from something else (the registration cancelled, the
    member replaced), so the email says why rather than that the organisers decided."""
    to, language, name, greeting, secret, links = _recipient(letter)
    message = queue_email(
        template,
        to,
        language=language,
        name=name,
        event=letter.event,
        secrets=[secret],
        asked=asked,
        owner=letter,
        context={
            "letter": letter,
            "person": letter.registration.full_name,
            "addressee": greeting,
            "note": note,
            "by_system": by_system,
            **links,
        },
    )
    set_fresh_key(message, f"visa-letter:{letter.id}")
