"""The event as an iCalendar entry (RFC 5545), for the confirmed email and the manage page."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from showcase.core.i18n import localized
from showcase.events.models import Event


def event_ics(event: Event, language: str = "en") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//World Smart City Showcase//Showcase//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    entry = VEvent()
    entry.add("uid", f"{event.guid}@showcase")
    entry.add("summary", localized(event, "name", language))
    # All-day event: DTEND is the day after the last day.
    entry.add("dtstart", event.starts_on)
    entry.add("dtend", event.ends_on + timedelta(days=1))
    entry.add("dtstamp", event.updated_at or event.created_at)
    venue = localized(event, "venue", language)
    address = localized(event, "address", language)
    location = ", ".join(part for part in (venue, address) if part)
    if location:
        entry.add("location", location)
    description = localized(event, "description", language)
    if description:
        entry.add("description", description)
    calendar.add_component(entry)
    return calendar.to_ical()
