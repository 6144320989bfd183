"""The cooperation report for depa: meetings requested, held and missed; the outcomes by
dimension, by Thai city and by partner country; and the pairs that agreed a next step. One data
builder (``build``) feeds the page, its charts and the Excel export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy.orm import selectinload

from showcase.cooperation.models import (
    Meeting,
    MeetingOutcome,
    MeetingState,
    OutcomeResult,
    ProfileKind,
)
from showcase.core.charts import Chart, Series
from showcase.core.db import event_rows
from showcase.core.i18n import country_name, localized
from showcase.core.xlsx import Sheet
from showcase.events.models import Event

M = MeetingState


@dataclass
class Report:
    requested: int = 0
    confirmed: int = 0
    held: int = 0
    missed: int = 0
    cancelled: int = 0
    by_dimension: Counter = field(default_factory=Counter)
    by_thai_city: Counter = field(default_factory=Counter)
    by_partner_country: Counter = field(default_factory=Counter)
    by_result: Counter = field(default_factory=Counter)
    # (Thai or first side, partner, result labels, dimension)
    next_steps: list[tuple[str, str, str, str]] = field(default_factory=list)


def _is_thai_city(profile) -> bool:
    return profile.kind == ProfileKind.CITY and profile.country == "TH"


def build(event: Event) -> Report:
    found = event_rows(
        Meeting,
        event,
        Meeting.starts_at,
        Meeting.id,
        options=(
            selectinload(Meeting.requester),
            selectinload(Meeting.host),
            selectinload(Meeting.outcomes).selectinload(MeetingOutcome.track),
        ),
    )
    report = Report(requested=len(found))
    for meeting in found:
        if meeting.state in (M.ACCEPTED, M.HELD, M.MISSED):
            report.confirmed += 1
        if meeting.state == M.HELD:
            report.held += 1
        elif meeting.state == M.MISSED:
            report.missed += 1
        elif meeting.state == M.CANCELLED:
            report.cancelled += 1
        if meeting.state != M.HELD or not meeting.outcomes:
            continue
        sides = sorted(
            (meeting.requester, meeting.host), key=lambda p: (not _is_thai_city(p), p.display_name)
        )
        for outcome in meeting.outcomes:
            report.by_result[outcome.result] += 1
            if outcome.result == OutcomeResult.NOTHING:
                continue
            dimension = localized(outcome.track, "name") if outcome.track else gettext("Other")
            report.by_dimension[dimension] += 1
            for side in sides:
                if _is_thai_city(side):
                    report.by_thai_city[side.display_name] += 1
                elif side.country != "TH" or side.kind != ProfileKind.CITY:
                    report.by_partner_country[country_name(side.country)] += 1
        steps = [o for o in meeting.outcomes if o.result.is_next_step]
        if steps:
            dimension = next((localized(o.track, "name") for o in steps if o.track is not None), "")
            report.next_steps.append(
                (
                    sides[0].display_name,
                    sides[1].display_name,
                    ", ".join(sorted({o.result.label for o in steps})),
                    dimension,
                )
            )
    return report


def _ranked(counter: Counter, title: str, chart_id: str) -> Chart:
    items = counter.most_common()
    return Chart(
        title=title,
        labels=[label for label, _n in items],
        series=[Series(gettext("Next steps agreed"), [n for _l, n in items])],
        id=chart_id,
    )


def charts(report: Report) -> list[Chart]:
    return [
        Chart(
            title=gettext("Meetings"),
            labels=[gettext("Requested"), gettext("Confirmed"), gettext("Held"), gettext("Missed")],
            series=[
                Series(
                    gettext("Meetings"),
                    [report.requested, report.confirmed, report.held, report.missed],
                )
            ],
            id="chart-meetings",
        ),
        _ranked(report.by_dimension, gettext("Next steps by dimension"), "chart-dimension"),
        _ranked(report.by_thai_city, gettext("Next steps by Thai city"), "chart-thai-city"),
        _ranked(
            report.by_partner_country, gettext("Next steps by partner country"), "chart-country"
        ),
    ]


def sheets(report: Report) -> list[Sheet]:
    return [
        Sheet(
            gettext("Meetings"),
            [gettext("Measure"), gettext("Number")],
            [
                (gettext("Requested"), report.requested),
                (gettext("Confirmed"), report.confirmed),
                (gettext("Held"), report.held),
                (gettext("Missed"), report.missed),
                (gettext("Cancelled"), report.cancelled),
            ],
        ),
        Sheet(
            gettext("By dimension"),
            [gettext("Dimension"), gettext("Next steps agreed")],
            report.by_dimension.most_common(),
        ),
        Sheet(
            gettext("By Thai city"),
            [gettext("City"), gettext("Next steps agreed")],
            report.by_thai_city.most_common(),
        ),
        Sheet(
            gettext("By partner country"),
            [gettext("Country"), gettext("Next steps agreed")],
            report.by_partner_country.most_common(),
        ),
        Sheet(
            gettext("Next steps"),
            [
                gettext("City or party"),
                gettext("Partner"),
                gettext("Outcome"),
                gettext("Dimension"),
            ],
            report.next_steps,
        ),
    ]
