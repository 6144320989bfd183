"""Live arrivals for the organisers: the first entry of each person each day at the main
entrance, by hour and day, by category and by city, as charts with their numbers as tables."""

from __future__ import annotations

from collections import Counter

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase.checkin.models import Scan
from showcase.core.charts import Chart, Series
from showcase.core.time import format_date, to_local
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration

TOP_CITIES = 15


def _entries(event: Event) -> list[Scan]:
    """Every first entry of a day at the main entrance (``entry_day`` is set only there)."""
    return list(
        db.session.scalars(
            select(Scan)
            .where(Scan.event_id == event.id, Scan.entry_day.is_not(None))
            .options(
                selectinload(Scan.registration).selectinload(Registration.category),
                selectinload(Scan.registration).selectinload(Registration.city),
            )
            .order_by(Scan.scanned_at)
        )
    )


def arrivals_charts(event: Event) -> list[Chart]:
    entries = _entries(event)
    return [by_hour(event, entries), by_category(entries), by_city(entries)]


def total_arrivals(event: Event) -> int:
    return len({scan.registration_id for scan in _entries(event)})


def by_hour(event: Event, entries: list[Scan]) -> Chart:
    """Arrivals per hour of the day (event's timezone), one series per day."""
    days = sorted({scan.entry_day for scan in entries})
    hours = sorted({to_local(scan.scanned_at, event.timezone).hour for scan in entries})
    if hours:
        hours = list(range(hours[0], hours[-1] + 1))
    counts = Counter(
        (scan.entry_day, to_local(scan.scanned_at, event.timezone).hour) for scan in entries
    )
    return Chart(
        str(_l("Arrivals by hour")),
        [f"{hour:02d}:00" for hour in hours],
        [
            Series(format_date(day, "weekday"), [counts[(day, hour)] for hour in hours])
            for day in days
        ],
        kind="column",
        id="arrivals-by-hour",
        summary=str(_l("People arriving at the main entrance per hour, one series per day.")),
    )


def _ranked(counter: Counter, title, chart_id: str, top: int | None = None) -> Chart:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    if top is not None and len(ranked) > top:
        rest = sum(count for _, count in ranked[top:])
        ranked = [*ranked[:top], (str(_l("Other cities")), rest)]
    return Chart(
        str(title),
        [label for label, _ in ranked],
        [Series(str(_l("Arrivals")), [count for _, count in ranked])],
        id=chart_id,
    )


def by_category(entries: list[Scan]) -> Chart:
    people = {scan.registration_id: scan.registration for scan in entries if scan.registration}
    counts = Counter(registration.category.name for registration in people.values())
    return _ranked(counts, _l("Arrivals by category"), "arrivals-by-category")


def by_city(entries: list[Scan]) -> Chart:
    people = {scan.registration_id: scan.registration for scan in entries if scan.registration}
    counts = Counter(
        registration.city_label or str(_l("City not given")) for registration in people.values()
    )
    return _ranked(counts, _l("Arrivals by city"), "arrivals-by-city", TOP_CITIES)
