"""Organiser page of exhibitor leads: booth traffic, visitors scanned per booth per hour, on the
floor plan and as a table."""

from __future__ import annotations

from flask import g, render_template, url_for

from showcase.booths.floorplan import PlanLinks, render_floorplan_markup
from showcase.booths.manage import EXHIBITION
from showcase.booths.services.layout import list_halls
from showcase.core.blueprints import event_blueprint
from showcase.core.navigation import manage_link
from showcase.core.roles import Permission, requires
from showcase.leads import services

bp = event_blueprint("leads_manage", __name__, url_prefix="/manage/<event>/booths")

manage_link(
    services.TRAFFIC_TITLE,
    "leads_manage.traffic",
    Permission.MANAGE_EVENT,
    order=38,
    group=EXHIBITION,
)


@bp.get("/traffic/")
@requires(Permission.MANAGE_EVENT)
def traffic():
    event = g.event
    counts = services.traffic(event)
    halls = list_halls(event)
    plan = render_floorplan_markup(
        halls,
        event.tracks,
        organiser=True,
        links=PlanLinks(booth=lambda booth: url_for("booths_manage.booth_edit", booth_id=booth.id)),
        id_prefix="traffic",
        counts=dict(counts.totals),
    )
    booths = [booth for hall in halls for booth in hall.booths if booth.code in counts.by_booth]
    return render_template("leads/manage/traffic.html", traffic=counts, plan=plan, booths=booths)
