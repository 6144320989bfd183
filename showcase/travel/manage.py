"""Organiser pages of travel: the overview with the transfers to arrange, the daily arrivals
manifest and the departures list (printable, and as CSV), who stays at which hotel, the partner
hotels, a registration's travel details and the retention setting.

Travel details say where a person is and when: they are for the organisers who arrange
transfers and hotels (admin and organiser roles, ``MANAGE_EVENT``). Check-in staff do not see
them: the desk needs a badge and a name, not a person's flights and hotel. Reviewers never
see personal data."""

from __future__ import annotations

import functools
from datetime import date, datetime

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from showcase.core.blueprints import event_blueprint, of_this_event, or_404
from showcase.core.csvio import csv_response
from showcase.core.db import utcnow
from showcase.core.errors import abort_with
from showcase.core.forms import press, submit
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, requires
from showcase.core.time import format_date, to_local, zone_label
from showcase.events.models import Event
from showcase.registration.models import Registration
from showcase.travel.forms import HotelForm, SettingsForm
from showcase.travel.services import hotels as hotel_service
from showcase.travel.services import lists, plans
from showcase.travel.services.settings import current_settings, purge_date, update_settings
from showcase.travel.views import travel_form_page

bp = event_blueprint("travel_manage", __name__, url_prefix="/manage/<event>")

manage_link(
    _l("Travel and hotels"),
    "travel_manage.index",
    Permission.MANAGE_EVENT,
    order=23,
    group=_l("Registration"),
)

KINDS = {"arrivals": "arrival", "departures": "departure"}
BAD_DAY = _l("Give the day as a date such as 2027-01-25.")


@dashboard_panel("travel/manage/_panel.html", order=23, permission=Permission.MANAGE_EVENT)
def travel_panel(event: Event) -> dict | None:
    plans_ = lists.plans_of(event)
    if not plans_:
        return None
    return lists.summary(plans_)


@bp.app_template_global("travel_of")
def travel_of(registration: Registration) -> dict:
    """For the organisers' registration page: the person's plan and what it still lacks."""
    plan = plans.plan_of(registration)
    return {"plan": plan, "missing": plans.missing(plan)}


@bp.get("/travel/")
@requires(Permission.MANAGE_EVENT)
def index():
    event = g.event
    plans_ = lists.plans_of(event)
    return render_template(
        "travel/manage/index.html",
        summary=lists.summary(plans_),
        arrival_days=lists.days_of(plans_, "arrival"),
        departure_days=lists.days_of(plans_, "departure"),
        transfers=lists.transfer_totals(plans_),
        incomplete=sorted(
            ((plan, plans.missing(plan)) for plan in plans_ if plans.missing(plan)),
            key=lambda item: item[0].registration.full_name.casefold(),
        ),
        settings=current_settings(event),
        purge_on=purge_date(event),
        window=plans.travel_window(event),
    )


def _day() -> tuple[date | None, bool]:
    """The ``day`` of the query string (None: every day), and whether it was readable."""
    text = request.args.get("day", "")[:20]
    if not text:
        return None, True
    try:
        return datetime.strptime(text, "%Y-%m-%d").date(), True
    except ValueError:
        return None, False


def _manifest_page(kind: str):
    event = g.event
    day, readable = _day()
    if not readable:
        flash(BAD_DAY, "danger")
    plans_ = lists.plans_of(event)
    groups = lists.manifest(plans_, KINDS[kind], day)
    return render_template(
        "travel/manage/manifest.html",
        kind=kind,
        day=day,
        days=lists.days_of(plans_, KINDS[kind]),
        groups=groups,
        zone=zone_label(to_local(utcnow(), event.timezone)),
        delegation_label=lists.delegation_label,
        hotel_label=lists.hotel_label,
    ), (200 if readable else 400)


def _manifest_csv(kind: str):
    event = g.event
    day, readable = _day()
    if not readable:
        abort_with(400, BAD_DAY)
    name = f"{event.acronym}-{kind}" + (f"-{day.isoformat()}" if day else "") + ".csv"
    return csv_response(
        name,
        lists.MANIFEST_HEADER,
        lists.manifest_rows(event, lists.manifest(lists.plans_of(event), KINDS[kind], day)),
    )


@bp.get("/travel/arrivals")
@requires(Permission.MANAGE_EVENT)
def arrivals():
    return _manifest_page("arrivals")


@bp.get("/travel/arrivals.csv")
@requires(Permission.MANAGE_EVENT)
def arrivals_csv():
    return _manifest_csv("arrivals")


@bp.get("/travel/departures")
@requires(Permission.MANAGE_EVENT)
def departures():
    return _manifest_page("departures")


@bp.get("/travel/departures.csv")
@requires(Permission.MANAGE_EVENT)
def departures_csv():
    return _manifest_csv("departures")


@bp.get("/travel/hotels")
@requires(Permission.MANAGE_EVENT)
def hotels():
    return render_template(
        "travel/manage/hotels.html",
        hotel_lists=lists.hotel_lists(g.event, lists.plans_of(g.event)),
        delegation_label=lists.delegation_label,
        # A few days, written once each (Babel's formatting is the page's largest cost).
        day_label=functools.cache(lambda day: format_date(day, "weekday_year")),
    )


@bp.get("/travel/hotels.csv")
@requires(Permission.MANAGE_EVENT)
def hotels_csv():
    return csv_response(
        f"{g.event.acronym}-hotels.csv",
        lists.HOTEL_HEADER,
        lists.hotel_rows(lists.hotel_lists(g.event, lists.plans_of(g.event))),
    )


# Partner hotels ---------------------------------------------------------------------------------


def _hotel(hotel_id: int):
    return or_404(hotel_service.hotel_of(g.event, hotel_id))


@bp.get("/travel/partner-hotels/")
@requires(Permission.MANAGE_EVENT)
def partner_hotels():
    rows = [
        (hotel, hotel_service.guests_count(hotel)) for hotel in hotel_service.hotels_of(g.event)
    ]
    return render_template("travel/manage/partner_hotels.html", rows=rows)


@bp.route("/travel/partner-hotels/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def hotel_new():
    form = HotelForm()
    return submit(
        form,
        lambda: hotel_service.save_hotel(g.event, form.values()),
        render=lambda: render_template(
            "travel/manage/hotel_form.html", form=form, title=_l("Add a partner hotel")
        ),
        success=url_for(".partner_hotels"),
        message=lambda hotel: _l("%(hotel)s is on the list.", hotel=hotel.name_en),
    )


@bp.route("/travel/partner-hotels/<int:hotel_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def hotel_edit(hotel_id: int):
    hotel = _hotel(hotel_id)
    form = HotelForm(obj=hotel)
    return submit(
        form,
        lambda: hotel_service.save_hotel(g.event, form.values(), hotel),
        render=lambda: render_template(
            "travel/manage/hotel_form.html", form=form, title=_l("Change a partner hotel")
        ),
        success=url_for(".partner_hotels"),
        message=_l("The changes have been saved."),
    )


@bp.post("/travel/partner-hotels/<int:hotel_id>/delete")
@requires(Permission.MANAGE_EVENT)
def hotel_delete(hotel_id: int):
    return press(
        lambda: hotel_service.delete_hotel(g.event, hotel_id),
        done=lambda name: _l("%(hotel)s is no longer on the list.", hotel=name),
        back=url_for(".partner_hotels"),
    )


# A registration's travel, settings --------------------------------------------------------------


@bp.route("/travel/registrations/<int:registration_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def registration_travel(registration_id: int):
    registration = of_this_event(Registration, registration_id)
    back = url_for("registration_manage.detail", registration_id=registration.id)
    if not plans.may_change(registration):
        flash(_l("This registration is closed; its travel details can no longer be changed."))
        return redirect(back, 303)
    return travel_form_page(
        registration,
        current_user.email,
        back,
        url_for(".registration_travel", registration_id=registration.id),
        back_label=_l("Back to the registration"),
    )


@bp.route("/travel/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    event = g.event
    form = SettingsForm()
    if not form.is_submitted():
        form.retention_days.data = current_settings(event).retention_days
    return submit(
        form,
        lambda: update_settings(event, form.retention_days.data),
        render=lambda: render_template(
            "travel/manage/settings.html", form=form, purge_on=purge_date(event)
        ),
        success=url_for(".settings"),
        message=_l("The settings are saved."),
    )
