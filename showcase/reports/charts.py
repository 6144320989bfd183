"""The charts of the dashboard and the reports page: each a function of the event that returns a
``core.charts.Chart`` (its numbers are also the table under it and a sheet of the workbook).

Counts are of people who hold or await a place (confirmed, offered, waiting, awaiting approval
or email confirmation); cancelled, rejected and erased registrations are left out. Days and hours
are the event's own (its timezone), dates in the reader's calendar (Buddhist era in Thai).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from showcase.booths.models import ApplicationState, Booth, BoothApplication, Hall
from showcase.core.charts import Chart, Series
from showcase.core.db import utcnow
from showcase.core.i18n import country_name, current_language
from showcase.core.time import format_date, to_local, zone
from showcase.events.models import City, CityKind, Event, Track
from showcase.extensions import db
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.program.models import ProgramSession, SessionLanguage, SessionState
from showcase.registration.models import ACTIVE_STATES, Registration, RegistrationState
from showcase.registration.services.organiser import list_categories
from showcase.reports.regions import Region, region_of

# Countries shown one by one; the rest are summed as "Other countries".
TOP_COUNTRIES = 12
# A day's check-ins are drawn from this hour to the hour before the last.
DOOR_HOURS = range(7, 21)


def _counted():
    return (
        Registration.state.in_(ACTIVE_STATES) | Registration.checked_in_at.is_not(None),
        Registration.erased_at.is_(None),
    )


def registrations_over_time(event: Event) -> Chart:
    """Registrations so far, day by day, one line per category (cumulative)."""
    tz = zone(event.timezone)
    rows = db.session.execute(
        select(Registration.category_id, Registration.created_at).where(
            Registration.event_id == event.id, *_counted()
        )
    ).all()
    categories = [c for c in list_categories(event) if any(r.category_id == c.id for r in rows)]
    title = _l("Registrations over time")
    if not rows:
        return Chart(str(title), [], [], kind="line", id="registrations-over-time")
    per_day: dict[int, Counter[date]] = defaultdict(Counter)
    for category_id, created_at in rows:
        per_day[category_id][to_local(created_at, tz).date()] += 1
    first = min(day for counter in per_day.values() for day in counter)
    last = max(
        max(day for counter in per_day.values() for day in counter),
        min(to_local(utcnow(), tz).date(), event.ends_on),
    )
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    series = []
    for category in categories:
        total, values = 0, []
        for day in days:
            total += per_day[category.id][day]
            values.append(total)
        series.append(Series(category.name, values))
    return Chart(
        str(title),
        [format_date(day, "medium") for day in days],
        series,
        kind="line",
        id="registrations-over-time",
        summary=gettext("%(count)d registrations in all", count=len(rows)),
    )


def confirmed_against_capacity(event: Event) -> Chart:
    """Confirmed people and places per category."""
    confirmed = dict(
        db.session.execute(
            select(Registration.category_id, func.count())
            .where(
                Registration.event_id == event.id, Registration.state == RegistrationState.CONFIRMED
            )
            .group_by(Registration.category_id)
        ).all()
    )
    categories = list_categories(event)
    unlimited = [c.name for c in categories if c.capacity is None]
    chart = Chart(
        str(_l("Confirmed and places per category")),
        [c.name for c in categories],
        [
            Series(str(_l("Confirmed")), [confirmed.get(c.id, 0) for c in categories]),
            Series(str(_l("Places")), [c.capacity or 0 for c in categories]),
        ],
        id="confirmed-capacity",
    )
    if unlimited:
        chart.notes.append(gettext("No limit of places: %(names)s", names=", ".join(unlimited)))
    return chart


def _country_of(city: City | None, other_country: str) -> str:
    return city.country_code if city is not None else (other_country or "")


def by_country(event: Event) -> Chart:
    """Registrations per country, the largest first."""
    cities = {city.id: city for city in db.session.scalars(select(City))}
    rows = db.session.execute(
        select(Registration.city_id, Registration.other_country).where(
            Registration.event_id == event.id, *_counted()
        )
    ).all()
    counts = Counter(_country_of(cities.get(city_id), other) for city_id, other in rows)
    unknown = counts.pop("", 0)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], country_name(item[0])))
    shown = ranked[:TOP_COUNTRIES]
    rest = sum(count for _, count in ranked[TOP_COUNTRIES:]) + unknown
    labels = [country_name(code) for code, _ in shown]
    values = [count for _, count in shown]
    if rest:
        labels.append(gettext("Other countries or not given"))
        values.append(rest)
    return Chart(
        str(_l("Registrations by country")),
        labels,
        [Series(str(_l("Registrations")), values)],
        id="by-country",
    )


def by_thai_region(event: Event) -> Chart:
    """Registrations from Thai cities per region of Thailand."""
    rows = db.session.execute(
        select(City.province_en, City.name_en, func.count())
        .join(Registration, Registration.city_id == City.id)
        .where(Registration.event_id == event.id, City.country_code == "TH", *_counted())
        .group_by(City.province_en, City.name_en)
    ).all()
    counts: Counter[Region | None] = Counter()
    for province, name, count in rows:
        counts[region_of(province) or region_of(name)] += count
    labels = [region.label for region in Region]
    values = [counts.get(region, 0) for region in Region]
    if counts.get(None):
        labels.append(gettext("Region not known"))
        values.append(counts[None])
    return Chart(
        str(_l("Registrations from Thai cities by region")),
        labels,
        [Series(str(_l("Registrations")), values)],
        id="by-region",
    )


def by_city_kind(event: Event) -> Chart:
    """Thai member cities, international cities and everyone else."""
    rows = db.session.execute(
        select(City.kind, func.count())
        .select_from(Registration)
        .outerjoin(City, Registration.city_id == City.id)
        .where(Registration.event_id == event.id, *_counted())
        .group_by(City.kind)
    ).all()
    counts = {kind: count for kind, count in rows}
    return Chart(
        str(_l("Where delegates come from")),
        [str(_l("Thai member cities")), str(_l("International cities")), str(_l("Other"))],
        [
            Series(
                str(_l("Registrations")),
                [
                    counts.get(CityKind.THAI_MEMBER, 0),
                    counts.get(CityKind.INTERNATIONAL, 0),
                    counts.get(None, 0),
                ],
            )
        ],
        id="by-city-kind",
    )


def check_ins_per_hour(event: Event) -> Chart:
    """First arrivals per hour of each event day (the event's clock)."""
    tz = zone(event.timezone)
    stamps = db.session.scalars(
        select(Registration.checked_in_at).where(
            Registration.event_id == event.id, Registration.checked_in_at.is_not(None)
        )
    ).all()
    per_day: dict[date, Counter[int]] = defaultdict(Counter)
    for stamp in stamps:
        local = to_local(stamp, tz)
        per_day[local.date()][local.hour] += 1
    days = sorted(set(event.days) | set(per_day))
    hours = list(DOOR_HOURS)
    for counter in per_day.values():
        hours = sorted(set(hours) | set(counter))
    return Chart(
        str(_l("Check-ins per hour")),
        [f"{hour:02d}:00" for hour in hours],
        [Series(format_date(day, "weekday"), [per_day[day][h] for h in hours]) for day in days],
        kind="column",
        id="check-ins-per-hour",
        summary=gettext("%(count)d people checked in", count=len(stamps)),
    )


def booth_occupancy(event: Event) -> Chart:
    """Booths taken and free, per hall and zone."""
    booths = db.session.execute(
        select(Hall.code, Track.name_en, Track.name_th, Booth.id)
        .join(Hall, Booth.hall_id == Hall.id)
        .outerjoin(Track, Booth.track_id == Track.id)
        .where(Booth.event_id == event.id)
        .order_by(Hall.position, Hall.code, Track.position)
    ).all()
    taken = set(
        db.session.scalars(
            select(BoothApplication.booth_id).where(
                BoothApplication.event_id == event.id,
                BoothApplication.state == ApplicationState.APPROVED,
            )
        )
    )
    thai = current_language() == "th"
    groups: dict[str, list[int]] = {}
    for code, zone_en, zone_th, booth_id in booths:
        zone_name = (zone_th if thai and zone_th else zone_en) or gettext("General")
        label = f"{code} · {zone_name}"
        counts = groups.setdefault(label, [0, 0])
        counts[0 if booth_id in taken else 1] += 1
    labels = list(groups)
    return Chart(
        str(_l("Booths per hall and zone")),
        labels,
        [
            Series(str(_l("Taken")), [groups[label][0] for label in labels]),
            Series(str(_l("Free")), [groups[label][1] for label in labels]),
        ],
        stacked=True,
        id="booth-occupancy",
    )


def sessions_per_track(event: Event) -> Chart:
    """Accepted and confirmed sessions per track, by language."""
    rows = db.session.execute(
        select(ProgramSession.track_id, ProgramSession.language, func.count())
        .where(
            ProgramSession.event_id == event.id,
            ProgramSession.state.in_((SessionState.ACCEPTED, SessionState.CONFIRMED)),
        )
        .group_by(ProgramSession.track_id, ProgramSession.language)
    ).all()
    tracks = list(
        db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.position))
    )
    counts = {(track_id, language): count for track_id, language, count in rows}
    labels = [track.name for track in tracks]
    track_ids: list[int | None] = [track.id for track in tracks]
    if any(track_id is None for track_id, _ in counts):
        labels.append(gettext("No track"))
        track_ids.append(None)
    return Chart(
        str(_l("Sessions per track and language")),
        labels,
        [
            Series(language.label, [counts.get((tid, language), 0) for tid in track_ids])
            for language in SessionLanguage
        ],
        stacked=True,
        id="sessions-per-track",
    )


def outbox_health(now: datetime | None = None) -> Chart:
    """The outbox over the last 24 hours: messages sent, failed and still waiting, per hour
    they were queued (the server's zone for organisers, DEFAULT_TIMEZONE)."""
    from flask import current_app

    now = now or utcnow()
    since = now - timedelta(hours=23)
    since = since.replace(minute=0, second=0, microsecond=0)
    tz = zone(current_app.config["DEFAULT_TIMEZONE"])
    rows = db.session.execute(
        select(OutboxMessage.created_at, OutboxMessage.status).where(
            OutboxMessage.created_at >= since
        )
    ).all()
    hours = [since + timedelta(hours=n) for n in range(24)]
    buckets = {hour: Counter() for hour in hours}
    for created_at, status in rows:
        hour = created_at.replace(minute=0, second=0, microsecond=0)
        if hour in buckets:
            buckets[hour][status] += 1
    waiting = (OutboxStatus.QUEUED, OutboxStatus.SENDING, OutboxStatus.UNCERTAIN)
    return Chart(
        str(_l("Outbox over the last day")),
        [to_local(hour, tz).strftime("%H:00") for hour in hours],
        [
            Series(OutboxStatus.SENT.label, [buckets[h][OutboxStatus.SENT] for h in hours]),
            Series(OutboxStatus.FAILED.label, [buckets[h][OutboxStatus.FAILED] for h in hours]),
            Series(
                str(_l("Waiting or uncertain")),
                [sum(buckets[h][s] for s in waiting) for h in hours],
            ),
        ],
        kind="column",
        stacked=True,
        id="outbox-health",
    )


def report_charts(event: Event, with_outbox: bool) -> list[Chart]:
    """Every chart of the reports page, in its order."""
    charts = [
        registrations_over_time(event),
        confirmed_against_capacity(event),
        by_city_kind(event),
        by_country(event),
        by_thai_region(event),
        check_ins_per_hour(event),
        booth_occupancy(event),
        sessions_per_track(event),
    ]
    if with_outbox:
        charts.append(outbox_health())
    return charts
