"""The emails of a booth application, queued in the caller's transaction (see mail/services.py).

Every message goes to the application's contact in the language they applied in, is filed under
the application (``owner=``, so its pages and its erasure find it through
``mail.services.messages_of``), and carries a freshly minted secret link (only its hash is
stored, so a link cannot be sent twice).
"""

from __future__ import annotations

from showcase.booths.models import ApplicationState, BoothApplication, BoothApplicationLink
from showcase.core.links import LinkPurpose, mint_link
from showcase.core.states import Step
from showcase.mail.services import external_url, queue_email

S = ApplicationState

# The template for the email of each state an application can reach (the state machine of
# services/applications.py picks it after the application's row lock).
STATE_TEMPLATES = {
    S.SUBMITTED: "booths/received",
    S.APPROVED: "booths/approved",
    S.WAITLISTED: "booths/waitlisted",
    S.REJECTED: "booths/rejected",
    S.WITHDRAWN: "booths/withdrawn",
    S.CANCELLED: "booths/cancelled",
}


def _manage_url(application: BoothApplication) -> tuple[str, str]:
    secret = mint_link(BoothApplicationLink(application=application), LinkPurpose.MANAGE)
    url = external_url("booths.manage_application", event=application.event.acronym, secret=secret)
    return secret, url


def _send(
    template: str,
    application: BoothApplication,
    secret: str,
    dedup_key=None,
    asked: bool = False,
    **context,
):
    event = application.event
    queue_email(
        template,
        application.contact_email,
        language=application.language,
        name=application.contact_name,
        event=event,
        dedup_key=dedup_key,
        secrets=[secret],
        asked=asked,
        owner=application,
        context={"application": application, "city": application.city, **context},
    )


def confirm_email(application: BoothApplication, secret: str, again: bool = False) -> None:
    """Asked for on a public page (the application form, the lost-link form): counted against
    the address's budget (mail/limits.py)."""
    url = external_url("booths.confirm_application", event=application.event.acronym, secret=secret)
    _send("booths/confirm", application, secret, asked=True, confirm_url=url, again=again)


def manage_link(application: BoothApplication, secret: str) -> None:
    """Asked for on the lost-link form (mail/limits.py)."""
    url = external_url("booths.manage_application", event=application.event.acronym, secret=secret)
    _send("booths/manage_link", application, secret, asked=True, manage_url=url)


def state_email(application: BoothApplication, step: Step, template: str) -> None:
    """The email of the state ``step`` reached (the state machine's ``send``)."""
    secret, url = _manage_url(application)
    context = {"manage_url": url, "note": step.note}
    if step.after == S.APPROVED:
        context.update(_booth_context(application))
    _send(
        template,
        application,
        secret,
        dedup_key=f"booths:application:{application.id}:step:{step.entry.id}",
        **context,
    )


def booth_moved(application: BoothApplication, old_code: str) -> None:
    secret, url = _manage_url(application)
    _send(
        "booths/moved",
        application,
        secret,
        manage_url=url,
        old_code=old_code,
        **_booth_context(application),
    )


def _booth_context(application: BoothApplication) -> dict:
    from showcase.booths.services.directory import exhibitor_ref

    booth = application.booth
    acronym = application.event.acronym
    return {
        "booth": booth,
        "hall": booth.hall,
        "floorplan_url": external_url("booths.floorplan", event=acronym, highlight=booth.code),
        "exhibitor_url": external_url(
            "booths.exhibitor", event=acronym, ref=exhibitor_ref(application)
        ),
    }
