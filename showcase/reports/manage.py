"""The reports page: every chart with its numbers, printable, and the same numbers as an Excel
workbook (one sheet per chart); the dashboard's panel of the two charts people look at most."""

from __future__ import annotations

from flask import g, render_template
from flask_babel import lazy_gettext as _l

from showcase.core.blueprints import event_blueprint
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, requires, user_may
from showcase.core.time import zone
from showcase.core.xlsx import Sheet, xlsx_response
from showcase.events.models import Event
from showcase.reports import charts

bp = event_blueprint("reports_manage", __name__, url_prefix="/manage/<event>/reports")

manage_link(_l("Reports"), "reports_manage.index", Permission.VIEW_DASHBOARD, order=90)


@dashboard_panel("reports/_panel.html", order=5)
def charts_panel(event: Event) -> dict:
    return {
        "charts": [
            charts.registrations_over_time(event),
            charts.confirmed_against_capacity(event),
        ]
    }


@bp.get("/")
@requires(Permission.VIEW_DASHBOARD)
def index():
    return render_template(
        "reports/index.html",
        charts=charts.report_charts(g.event, with_outbox=user_may(Permission.MANAGE_EVENT)),
    )


@bp.get("/reports.xlsx")
@requires(Permission.VIEW_DASHBOARD)
def workbook():
    sheets = [
        Sheet(
            chart.title,
            ["", *(series.name for series in chart.series)],
            [(label, *values) for label, values in chart.rows],
        )
        for chart in charts.report_charts(g.event, with_outbox=user_may(Permission.MANAGE_EVENT))
    ]
    return xlsx_response(f"{g.event.acronym}-reports.xlsx", sheets, zone(g.event.timezone))
