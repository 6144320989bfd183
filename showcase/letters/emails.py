"""The emails of a visa letter, queued in the caller's transaction (mail/services.py): the
request received, the letter issued (with a link to download it), not issued, and revoked. Each
goes to the delegate in their language, or, for a delegation's member without an address, to
the delegation's coordinator in theirs; every link is a freshly minted secret of the page the
reader manages the letter from, and the message is filed under the letter."""

from __future__ import annotations

from showcase.letters.models import VisaLetter
from showcase.mail.services import Reader, external_url, queue_to, set_fresh_key
from showcase.registration.emails import reader_of


def _recipient(letter: VisaLetter) -> tuple[Reader, str, dict[str, str]]:
    """Whoever reads about the letter, with the secret of their link and the links."""
    registration = letter.registration
    acronym = letter.event.acronym
    if registration.email:
        from showcase.registration.emails import manage_urls

        secret, urls = manage_urls(registration)
        links = {
            "page_url": urls["manage_url"],
            "pdf_url": external_url("letters.registration_pdf", event=acronym, secret=secret),
        }
        return reader_of(registration), secret, links
    from showcase.delegations.emails import coordinator, delegation_url
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
    return coordinator(delegation), secret, links


def letter_email(
    letter: VisaLetter, template: str, note: str = "", asked: bool = False, by_system: bool = False
) -> None:
    """``by_system``: the step followed from something else (the registration cancelled, the
    member replaced), so the email says why rather than that the organisers decided."""
    reader, secret, links = _recipient(letter)
    message = queue_to(
        reader,
        template,
        {
            "letter": letter,
            "person": letter.registration.full_name,
            "note": note,
            "by_system": by_system,
            **links,
        },
        event=letter.event,
        secrets=[secret],
        asked=asked,
        owner=letter,
    )
    set_fresh_key(message, f"visa-letter:{letter.id}")
