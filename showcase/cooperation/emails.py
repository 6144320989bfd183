"""The emails of the meeting flow, queued in the caller's transaction (mail/services.py): a
request received, accepted (with an ``.ics``), declined, another slot proposed, cancelled, and
the reminder before the start (queued with the acceptance to leave at its time, cancelled with
the meeting). Each goes to whoever answers for a side (a city's delegation coordinator, an
organisation's registered representative), in their language, with a fresh link to the page
where they answer."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from icalendar import Event as VEvent
from sqlalchemy import select

from showcase.cooperation.models import CooperationProfile, Meeting, ProfileKind
from showcase.core.i18n import addressee, localized
from showcase.core.links import LinkPurpose, mint_link
from showcase.core.time import format_day_time
from showcase.extensions import db
from showcase.mail.models import OutboxStatus
from showcase.mail.services import (
    Attachment,
    Reader,
    external_url,
    messages_of,
    queue_to,
    set_fresh_key,
)

REMINDER = "cooperation/reminder"


def party_link(profile: CooperationProfile) -> tuple[str, str]:
    """A fresh secret for the page where ``profile``'s keeper answers, and its address."""
    acronym = profile.event.acronym
    if profile.kind == ProfileKind.CITY:
        from showcase.delegations.models import Delegation, DelegationLink

        delegation = db.session.scalar(
            select(Delegation).where(
                Delegation.event_id == profile.event_id, Delegation.city_id == profile.city_id
            )
        )
        secret = mint_link(DelegationLink(delegation=delegation), LinkPurpose.MANAGE)
        via = "delegation"
    else:
        from showcase.registration.models import RegistrationLink

        secret = mint_link(RegistrationLink(registration=profile.owner), LinkPurpose.MANAGE)
        via = "registration"
    url = external_url("cooperation.party", event=acronym, via=via, secret=secret)
    return secret, url


def place_label(meeting: Meeting, language: str) -> str:
    if meeting.table is not None:
        place = localized(meeting.table, "place", language)
        return f"{place}, {_table_word(language)} {meeting.table.number}"
    if meeting.booth is not None:
        return f"{_booth_word(language)} {meeting.booth.code}"
    return ""


def _table_word(language: str) -> str:
    return "โต๊ะ" if language == "th" else "table"


def _booth_word(language: str) -> str:
    return "บูธ" if language == "th" else "booth"


def meeting_ics(meeting: Meeting, profile: CooperationProfile, language: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//World Smart City Showcase//Showcase//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = VEvent()
    entry.add("uid", f"meeting-{meeting.id}@{meeting.event.guid}.showcase")
    entry.add("summary", f"{meeting.event.acronym.upper()}: {meeting.other(profile).display_name}")
    entry.add("dtstart", meeting.starts_at)
    entry.add("dtend", meeting.ends_at)
    entry.add("dtstamp", meeting.updated_at or meeting.created_at)
    location = place_label(meeting, language)
    venue = localized(meeting.event, "venue", language)
    entry.add("location", ", ".join(part for part in (location, venue) if part))
    if meeting.message:
        entry.add("description", meeting.message)
    calendar.add_component(entry)
    return calendar.to_ical()


def meeting_email(
    meeting: Meeting,
    template: str,
    to_profile: CooperationProfile,
    note: str = "",
    dedup_key: str | None = None,
):
    contact = _contact(to_profile)
    if contact is None:
        return None
    address, language, name = contact
    reader = Reader(address, language, name, addressee(name, language))
    secret, url = party_link(to_profile)
    attachments = ()
    if template == "cooperation/accepted":
        attachments = (
            Attachment(
                f"meeting-{meeting.id}.ics",
                "text/calendar",
                meeting_ics(meeting, to_profile, language),
            ),
        )
    message = queue_to(
        reader,
        template,
        {
            "meeting": meeting,
            "partner": meeting.other(to_profile).display_name,
            "when": format_day_time(meeting.starts_at, meeting.event.timezone, lang=language),
            "place": place_label(meeting, language),
            "note": note,
            "page_url": url,
        },
        event=meeting.event,
        secrets=[secret],
        owner=meeting,
        attachments=attachments,
        dedup_key=dedup_key,
    )
    if dedup_key is None:
        set_fresh_key(message, f"meeting:{meeting.id}:{template}")
    return message


def _contact(profile: CooperationProfile):
    from showcase.cooperation.services.profiles import contact_of

    return contact_of(profile)


def queue_reminders(meeting: Meeting, minutes_before: int) -> None:
    """The reminder to both sides, due ``minutes_before`` the start (now, if that has passed)."""
    due = meeting.starts_at - timedelta(minutes=minutes_before)
    for profile in (meeting.requester, meeting.host):
        key = f"meeting-reminder:{meeting.id}:{profile.id}:{len(meeting.history)}"
        message = meeting_email(meeting, REMINDER, profile, dedup_key=key)
        if message is not None and message.status == OutboxStatus.QUEUED:
            message.next_attempt_at = due


def cancel_reminders(meeting: Meeting) -> None:
    from showcase.mail.services import cancel_message

    for message in messages_of(meeting):
        if message.template == REMINDER:
            cancel_message(message)
