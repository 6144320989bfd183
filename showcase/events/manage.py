"""Organiser pages: the list of events, an event's dashboard and settings, and cities."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from flask_login import current_user
from sqlalchemy import func, or_, select

from showcase.core.blueprints import event_blueprint
from showcase.core.csvio import csv_response
from showcase.core.forms import submit, submit_import
from showcase.core.listing import enum_arg, list_page
from showcase.core.navigation import dashboard_panel, dashboard_panels_for, manage_link
from showcase.core.roles import Permission, Role, requires, user_may
from showcase.core.time import local_datetime_to_utc, utc_to_local_naive
from showcase.events import services
from showcase.events.forms import CityForm, CityImportForm, EventCreateForm, EventSettingsForm
from showcase.events.models import City, CityKind, Event
from showcase.extensions import db

manage_root_bp = Blueprint("manage_root", __name__, url_prefix="/manage")
bp = event_blueprint("events_manage", __name__, url_prefix="/manage/<event>")

manage_link(_l("Dashboard"), "events_manage.dashboard", Permission.VIEW_DASHBOARD, order=0)
EVENT_GROUP = _l("Event")
manage_link(
    _l("Cities"), "events_manage.cities", Permission.MANAGE_EVENT, order=80, group=EVENT_GROUP
)
manage_link(
    _l("Settings"), "events_manage.settings", Permission.MANAGE_EVENT, order=90, group=EVENT_GROUP
)


@manage_root_bp.get("/")
@requires(Permission.VIEW_DASHBOARD)
def index():
    """Where organisers land after signing in: check-in staff at the desk of the current event,
    others at the dashboard of the only event, or at the list of events."""
    if current_user.role == Role.CHECKIN:
        event = services.current_event()
        if event is not None:
            return redirect(url_for("registration_manage.checkin", event=event.acronym))
    events = services.list_events()
    if len(events) == 1 and not user_may(Permission.MANAGE_USERS):
        return redirect(url_for("events_manage.dashboard", event=events[0].acronym))
    return render_template("manage/events.html", events=events)


def _form_values(form: EventSettingsForm, timezone: str) -> dict:
    values = {
        name: field.data for name, field in form._fields.items() if name in services.EVENT_FIELDS
    }
    for name in EventSettingsForm.WINDOW_FIELDS:
        if values.get(name) is not None:
            values[name] = local_datetime_to_utc(values[name], timezone)
    for name in (
        "name_th",
        "description_en",
        "description_th",
        "venue_en",
        "venue_th",
        "address_en",
        "address_th",
    ):
        values[name] = (values.get(name) or "").strip()
    values["contact_email"] = (values.get("contact_email") or "").strip()
    return values


@manage_root_bp.route("/events/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def create_event():
    form = EventCreateForm()
    return submit(
        form,
        lambda: services.create_event(form.acronym.data, **_form_values(form, form.timezone.data)),
        render=lambda: render_template("manage/event_new.html", form=form),
        success=lambda event: url_for("events_manage.dashboard", event=event.acronym),
        message=lambda event: _l("The event %(name)s has been created.", name=event.name_en),
    )


@bp.get("/")
@requires(Permission.VIEW_DASHBOARD)
def dashboard():
    return render_template("manage/dashboard.html", panels=dashboard_panels_for(g.event))


@dashboard_panel("manage/_panel_event.html", order=0)
def event_panel(event: Event) -> dict:
    return {
        "registration_open": event.registration_is_open(),
        "cfp_open": event.cfp_is_open(),
    }


@dashboard_panel("manage/_panel_cities.html", order=80, permission=Permission.MANAGE_EVENT)
def cities_panel(event: Event) -> dict:
    rows = db.session.execute(select(City.kind, func.count()).group_by(City.kind)).all()
    counts = {kind: count for kind, count in rows}
    members = db.session.scalar(
        select(func.count()).select_from(City).where(City.city_possible_member)
    )
    return {
        "thai": counts.get(CityKind.THAI_MEMBER, 0),
        "international": counts.get(CityKind.INTERNATIONAL, 0),
        "city_possible": members or 0,
    }


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    event = g.event
    form = EventSettingsForm(obj=event)
    if not form.is_submitted():
        for name in EventSettingsForm.WINDOW_FIELDS:
            form[name].data = utc_to_local_naive(getattr(event, name), event.timezone)
    return submit(
        form,
        lambda: services.update_event(event, **_form_values(form, form.timezone.data)),
        render=lambda: render_template("manage/settings.html", form=form),
        success=url_for("events_manage.settings"),
        message=_l("The event settings have been saved."),
    )


@bp.get("/cities/")
@requires(Permission.MANAGE_EVENT)
def cities():
    query = select(City).order_by(City.kind != CityKind.THAI_MEMBER, City.name_en)
    search = (request.args.get("q") or "").strip()[:100]
    if search:
        pattern = f"%{search}%"
        query = query.where(
            or_(
                City.name_en.ilike(pattern),
                City.name_th.ilike(pattern),
                City.province_en.ilike(pattern),
            )
        )
    kind = enum_arg("kind", CityKind)
    if kind is not None:
        query = query.where(City.kind == kind)
    page = list_page(query)
    return render_template(
        "manage/cities.html", page=page, search=search, kind=kind, import_form=CityImportForm()
    )


@bp.route("/cities/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def city_new():
    form = CityForm()
    return submit(
        form,
        lambda: services.create_city(**form.data),
        render=lambda: render_template("manage/city_form.html", form=form, city=None),
        success=url_for("events_manage.cities"),
        message=lambda city: _l("%(name)s has been added.", name=city.name_en),
    )


@bp.route("/cities/<int:city_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def city_edit(city_id: int):
    city = db.get_or_404(City, city_id)
    form = CityForm(obj=city)
    return submit(
        form,
        lambda: services.update_city(city, **form.data),
        render=lambda: render_template("manage/city_form.html", form=form, city=city),
        success=url_for("events_manage.cities"),
        message=lambda _result: _l("%(name)s has been saved.", name=city.name_en),
    )


@bp.post("/cities/import")
@requires(Permission.MANAGE_EVENT)
def city_import():
    form = CityImportForm()

    def page(errors=()) -> str:
        return render_template(
            "manage/cities.html",
            page=list_page(select(City).order_by(City.kind != CityKind.THAI_MEMBER, City.name_en)),
            search="",
            kind=None,
            import_form=form,
            import_errors=list(errors),
        )

    return submit_import(
        form,
        lambda: services.import_cities_csv(form.file.data.read()),
        render=page,
        success=url_for("events_manage.cities"),
        message=lambda result: _nl(
            "Imported: %(num)d new city, %(updated)d updated.",
            "Imported: %(num)d new cities, %(updated)d updated.",
            result.created,
            updated=result.updated,
        ),
    )


@bp.get("/cities.csv")
@requires(Permission.MANAGE_EVENT)
def cities_csv():
    rows = db.session.scalars(select(City).order_by(City.kind, City.name_en))
    header = [*services.CITY_CSV_REQUIRED, *services.CITY_CSV_OPTIONAL]
    return csv_response(
        "cities.csv",
        header,
        (
            [
                c.name_en,
                c.country_code,
                c.kind.value,
                c.name_th,
                c.province_en,
                c.province_th,
                "yes" if c.city_possible_member else "no",
                c.website,
            ]
            for c in rows
        ),
    )
