"""Organiser pages for booths: halls and booths, the layout import, applications and decisions,
the status floor plan, settings and exports."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from showcase.booths.floorplan import PlanLinks, render_floorplan_markup
from showcase.booths.forms import (
    ApproveForm,
    BoothForm,
    BoothImportForm,
    HallForm,
    ReasonForm,
    SettingsForm,
    WaitlistForm,
)
from showcase.booths.models import ApplicationStatus, BoothApplication
from showcase.booths.services import decisions, layout
from showcase.booths.services.applications import TRANSITIONS, Actor
from showcase.booths.services.directory import (
    EXHIBITOR_CSV_HEADER,
    exhibitor_csv_rows,
    exhibitor_ref,
    occupancy,
)
from showcase.booths.services.limits import booth_limit, booths_held_by_city
from showcase.booths.services.settings import get_settings, update_settings
from showcase.core.blueprints import event_blueprint
from showcase.core.csvio import CsvImportError, csv_response
from showcase.core.errors import DomainError
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, requires
from showcase.core.time import local_datetime_to_utc, utc_to_local_naive
from showcase.events.models import Event
from showcase.extensions import db

bp = event_blueprint("booths_manage", __name__, url_prefix="/manage/<event>/booths")

EXHIBITION = _l("Exhibition")
manage_link(
    _l("Booths"), "booths_manage.booths", Permission.MANAGE_EVENT, order=30, group=EXHIBITION
)
manage_link(
    _l("Applications"),
    "booths_manage.applications",
    Permission.MANAGE_EVENT,
    order=35,
    group=EXHIBITION,
)

S = ApplicationStatus
STATUS_TABS = (
    S.SUBMITTED,
    S.WAITLISTED,
    S.APPROVED,
    S.REJECTED,
    S.WITHDRAWN,
    S.CANCELLED,
    S.UNCONFIRMED,
)


@dashboard_panel(
    "booths/_panel.html",
    order=30,
    permission=Permission.MANAGE_EVENT,
    stylesheets=("css/booths.css",),
)
def booths_panel(event: Event) -> dict:
    return {"occupancy": occupancy(event)}


def status_plan(halls, highlight: str | None = None) -> Markup:
    return render_floorplan_markup(
        halls,
        g.event.tracks,
        organiser=True,
        highlight=highlight,
        links=PlanLinks(booth=lambda booth: url_for("booths_manage.booth_edit", booth_id=booth.id)),
        id_prefix="org",
    )


def show_error(form, error: DomainError) -> None:
    if error.field and error.field in form:
        field = form[error.field]
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")


# Booths and halls ---------------------------------------------------------------------------


@bp.get("/")
@requires(Permission.MANAGE_EVENT)
def booths():
    halls = layout.list_halls(g.event)
    return render_template(
        "booths/manage/booths.html",
        halls=halls,
        plan=status_plan(halls, request.args.get("highlight")),
        import_form=BoothImportForm(),
        report=occupancy(g.event),
    )


@bp.get("/floorplan.svg")
@requires(Permission.MANAGE_EVENT)
def floorplan_svg():
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(
        status_plan(layout.list_halls(g.event), request.args.get("highlight"))
    )
    return Response(body, mimetype="image/svg+xml")


def hall_form_values(form: HallForm) -> dict:
    return {name: form[name].data for name in ("code", "name_en", "name_th", "width", "depth")}


@bp.route("/halls/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def hall_new():
    form = HallForm()
    if form.validate_on_submit():
        try:
            hall = layout.create_hall(g.event, **hall_form_values(form))
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_l("Hall %(code)s has been added.", code=hall.code), "success")
            return redirect(url_for("booths_manage.booths"))
    status = 400 if form.is_submitted() else 200
    return render_template("booths/manage/hall_form.html", form=form, hall=None), status


@bp.route("/halls/<int:hall_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def hall_edit(hall_id: int):
    hall = layout.get_hall(g.event, hall_id) or abort(404)
    form = HallForm(obj=hall)
    if form.validate_on_submit():
        try:
            layout.update_hall(hall, **hall_form_values(form))
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_l("Hall %(code)s has been saved.", code=hall.code), "success")
            return redirect(url_for("booths_manage.booths"))
    status = 400 if form.is_submitted() else 200
    return render_template("booths/manage/hall_form.html", form=form, hall=hall), status


@bp.post("/halls/<int:hall_id>/delete")
@requires(Permission.MANAGE_EVENT)
def hall_delete(hall_id: int):
    hall = layout.get_hall(g.event, hall_id) or abort(404)
    code = hall.code
    try:
        layout.delete_hall(hall)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("booths_manage.hall_edit", hall_id=hall_id), 303)
    db.session.commit()
    flash(_l("Hall %(code)s has been deleted.", code=code), "success")
    return redirect(url_for("booths_manage.booths"), 303)


def fill_booth_choices(form: BoothForm) -> None:
    form.hall.choices = [
        SelectChoice(str(h.id), f"{h.code} · {h.name}") for h in layout.list_halls(g.event)
    ]
    form.zone.choices = [
        SelectChoice("general", _l("General")),
        *(SelectChoice(track.slug, track.name) for track in g.event.tracks),
    ]


def booth_form_values(form: BoothForm) -> dict:
    hall = None
    if (form.hall.data or "").isdigit():
        hall = layout.get_hall(g.event, int(form.hall.data))
    values = {
        name: form[name].data
        for name in (
            "code",
            "x",
            "y",
            "width",
            "depth",
            "zone",
            "has_power",
            "has_internet",
            "is_corner",
            "availability",
            "note",
        )
    }
    values["hall"] = hall
    return values


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def booth_new():
    form = BoothForm()
    fill_booth_choices(form)
    if not form.hall.choices:
        flash(_l("Add a hall first: every booth stands in a hall."), "warning")
        return redirect(url_for("booths_manage.hall_new"))
    if form.validate_on_submit():
        try:
            booth = layout.create_booth(g.event, **booth_form_values(form))
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_l("Booth %(code)s has been added.", code=booth.code), "success")
            return redirect(url_for("booths_manage.booths", highlight=booth.code))
    status = 400 if form.is_submitted() else 200
    return render_template("booths/manage/booth_form.html", form=form, booth=None), status


@bp.route("/<int:booth_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def booth_edit(booth_id: int):
    booth = layout.get_booth(g.event, booth_id) or abort(404)
    form = BoothForm(obj=booth)
    fill_booth_choices(form)
    if not form.is_submitted():
        form.hall.data = str(booth.hall_id)
        form.zone.data = booth.zone_slug
        form.availability.data = booth.availability.value
        for name in ("x", "y", "width", "depth"):
            form[name].data = layout.format_metres(getattr(booth, name))
    if form.validate_on_submit():
        try:
            layout.update_booth(booth, **booth_form_values(form))
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_l("Booth %(code)s has been saved.", code=booth.code), "success")
            return redirect(url_for("booths_manage.booths", highlight=booth.code))
    status = 400 if form.is_submitted() else 200
    return render_template("booths/manage/booth_form.html", form=form, booth=booth), status


@bp.post("/<int:booth_id>/delete")
@requires(Permission.MANAGE_EVENT)
def booth_delete(booth_id: int):
    booth = layout.get_booth(g.event, booth_id) or abort(404)
    code = booth.code
    try:
        layout.delete_booth(booth)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("booths_manage.booth_edit", booth_id=booth_id), 303)
    db.session.commit()
    flash(_l("Booth %(code)s has been deleted.", code=code), "success")
    return redirect(url_for("booths_manage.booths"), 303)


@bp.post("/import")
@requires(Permission.MANAGE_EVENT)
def booth_import():
    form = BoothImportForm()
    errors = []
    if form.validate_on_submit():
        try:
            result = layout.import_booths_csv(g.event, form.file.data.read())
        except CsvImportError as error:
            db.session.rollback()
            errors = error.errors
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(
                _nl(
                    "Imported: %(num)d new booth, %(updated)d updated.",
                    "Imported: %(num)d new booths, %(updated)d updated.",
                    result.created,
                    updated=result.updated,
                ),
                "success",
            )
            return redirect(url_for("booths_manage.booths"), 303)
    halls = layout.list_halls(g.event)
    return render_template(
        "booths/manage/booths.html",
        halls=halls,
        plan=status_plan(halls),
        import_form=form,
        import_errors=errors,
        report=occupancy(g.event),
    ), 400


@bp.get("/booths.csv")
@requires(Permission.MANAGE_EVENT)
def booths_csv():
    header = [*layout.BOOTH_CSV_REQUIRED, *layout.BOOTH_CSV_OPTIONAL, *layout.BOOTH_CSV_EXPORT_ONLY]
    return csv_response(f"{g.event.acronym}-booths.csv", header, layout.booth_csv_rows(g.event))


@bp.get("/exhibitors.csv")
@requires(Permission.MANAGE_EVENT)
def exhibitors_csv():
    return csv_response(
        f"{g.event.acronym}-exhibitors.csv", EXHIBITOR_CSV_HEADER, exhibitor_csv_rows(g.event)
    )


# Settings -----------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    event = g.event
    current = get_settings(event)
    db.session.commit()
    form = SettingsForm(obj=current)
    if not form.is_submitted():
        for name in ("applications_open_at", "applications_close_at"):
            form[name].data = utc_to_local_naive(getattr(current, name), event.timezone)
    if form.validate_on_submit():
        opens, closes = form.applications_open_at.data, form.applications_close_at.data
        try:
            update_settings(
                event,
                local_datetime_to_utc(opens, event.timezone) if opens else None,
                local_datetime_to_utc(closes, event.timezone) if closes else None,
                form.booths_per_city.data,
            )
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_l("The booth settings have been saved."), "success")
            return redirect(url_for("booths_manage.settings"))
    status = 400 if form.is_submitted() else 200
    return render_template("booths/manage/settings.html", form=form), status


# Applications -------------------------------------------------------------------------------


@bp.get("/applications/")
@requires(Permission.MANAGE_EVENT)
def applications():
    event = g.event
    counts = dict(
        db.session.execute(
            select(BoothApplication.status, func.count())
            .where(BoothApplication.event_id == event.id)
            .group_by(BoothApplication.status)
        ).all()
    )
    wanted = request.args.get("status") or S.SUBMITTED.value
    try:
        status = ApplicationStatus(wanted)
    except ValueError:
        status = S.SUBMITTED
    query = (
        select(BoothApplication)
        .where(BoothApplication.event_id == event.id, BoothApplication.status == status)
        .order_by(BoothApplication.created_at)
        .options(
            selectinload(BoothApplication.city),
            selectinload(BoothApplication.booth),
            selectinload(BoothApplication.dimensions),
        )
    )
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template(
        "booths/manage/applications.html",
        page=page,
        status=status,
        counts=counts,
        tabs=STATUS_TABS,
        held=booths_held_by_city(event),
        limit=booth_limit(event),
    )


def _application_or_404(application_id: int) -> BoothApplication:
    application = db.session.get(BoothApplication, application_id)
    if application is None or application.event_id != g.event.id:
        abort(404)
    return application


def render_application(application: BoothApplication, forms: dict | None = None, status=200):
    event = g.event
    forms = forms or {}
    free = layout.free_booths(event)
    approve = forms.get("approve") or ApproveForm(prefix="approve")
    approve.booth.choices = [
        SelectChoice(
            str(booth.id), booth_choice_label(booth, application), optgroup=booth.hall.name
        )
        for booth in free
    ]
    if not approve.booth.data:
        preferred = suggested_booth(application, free)
        approve.booth.data = str(preferred.id) if preferred else None
    halls = layout.list_halls(event)
    highlight = application.booth.code if application.booth else None
    steps = {
        to
        for (frm, to), actor in TRANSITIONS.items()
        if frm == application.status and actor == Actor.ORGANISER
    }
    return render_template(
        "booths/manage/application.html",
        application=application,
        plan=status_plan(halls, highlight),
        approve_form=approve,
        waitlist_form=forms.get("waitlist") or WaitlistForm(prefix="waitlist"),
        reject_form=forms.get("reject") or ReasonForm(prefix="reject"),
        cancel_form=forms.get("cancel") or ReasonForm(prefix="cancel"),
        steps=steps,
        free_count=len(free),
        held=booths_held_by_city(event).get(application.city_id, 0),
        limit=booth_limit(event),
        exhibitor_ref=exhibitor_ref,
    ), status


def booth_choice_label(booth, application) -> str:
    zone = booth.track.name if booth.track else str(_l("General"))
    features = []
    if booth.has_power:
        features.append(str(_l("power")))
    if booth.has_internet:
        features.append(str(_l("internet")))
    if booth.is_corner:
        features.append(str(_l("corner")))
    size = f"{layout.format_metres(booth.width)}×{layout.format_metres(booth.depth)} m"
    text = f"{booth.code} · {booth.hall.code} · {zone} · {size}"
    if features:
        text += " · " + ", ".join(features)
    preferred = [code.strip() for code in application.preferred_booths.split(",") if code.strip()]
    if booth.code in preferred:
        text += " ★ " + str(_l("preferred"))
    return text


def suggested_booth(application: BoothApplication, free):
    """The first free booth the applicant asked for, else the first in their preferred zone."""
    preferred = [code.strip() for code in application.preferred_booths.split(",") if code.strip()]
    by_code = {booth.code: booth for booth in free}
    for code in preferred:
        if code in by_code:
            return by_code[code]
    if application.preferred_track_id is not None:
        return next((b for b in free if b.track_id == application.preferred_track_id), None)
    if application.prefers_general:
        return next((b for b in free if b.track_id is None), None)
    return None


@bp.get("/applications/<int:application_id>")
@requires(Permission.MANAGE_EVENT)
def application(application_id: int):
    return render_application(_application_or_404(application_id))


def _by() -> str:
    return current_user.email


@bp.post("/applications/<int:application_id>/approve")
@requires(Permission.MANAGE_EVENT)
def approve(application_id: int):
    item = _application_or_404(application_id)
    form = ApproveForm(prefix="approve")
    booth_id = form.booth.data if (form.booth.data or "").isdigit() else None
    if not form.validate_on_submit() or booth_id is None:
        if booth_id is None:
            form.booth.errors = [*form.booth.errors, _l("Choose a booth from the list.")]
        return render_application(item, {"approve": form}, 400)
    try:
        decisions.approve_application(g.event, item.id, int(booth_id), _by(), form.note.data or "")
    except DomainError as error:
        form.booth.errors = [*form.booth.errors, error.message]
        form.booth.data = None
        item = _application_or_404(application_id)
        return render_application(item, {"approve": form}, error.status_code)
    item = _application_or_404(application_id)
    flash(
        _l(
            "%(city)s has booth %(code)s. The applicant has been told by email.",
            city=item.city.name,
            code=item.booth.code,
        ),
        "success",
    )
    return redirect(url_for("booths_manage.application", application_id=item.id), 303)


@bp.post("/applications/<int:application_id>/waitlist")
@requires(Permission.MANAGE_EVENT)
def waitlist(application_id: int):
    item = _application_or_404(application_id)
    form = WaitlistForm(prefix="waitlist")
    if not form.validate_on_submit():
        return render_application(item, {"waitlist": form}, 400)
    try:
        decisions.waitlist_application(g.event, item.id, _by(), form.note.data or "")
    except DomainError as error:
        flash(error.message, "danger")
        return render_application(_application_or_404(application_id), {}, error.status_code)
    flash(
        _l("The application is on the waiting list. The applicant has been told by email."),
        "success",
    )
    return redirect(url_for("booths_manage.application", application_id=item.id), 303)


def _reason_step(application_id: int, prefix: str, step, done_message):
    item = _application_or_404(application_id)
    form = ReasonForm(prefix=prefix)
    if not form.validate_on_submit():
        return render_application(item, {prefix: form}, 400)
    try:
        step(g.event, item.id, _by(), form.reason.data)
    except DomainError as error:
        show_error(form, error) if error.field == "reason" else flash(error.message, "danger")
        return render_application(
            _application_or_404(application_id), {prefix: form}, error.status_code
        )
    flash(done_message, "success")
    return redirect(url_for("booths_manage.application", application_id=item.id), 303)


@bp.post("/applications/<int:application_id>/reject")
@requires(Permission.MANAGE_EVENT)
def reject(application_id: int):
    return _reason_step(
        application_id,
        "reject",
        decisions.reject_application,
        _l("The application has been rejected. The applicant has been told by email."),
    )


@bp.post("/applications/<int:application_id>/cancel")
@requires(Permission.MANAGE_EVENT)
def cancel(application_id: int):
    return _reason_step(
        application_id,
        "cancel",
        decisions.cancel_exhibitor,
        _l("The booth has been cancelled and is free again. The exhibitor has been told by email."),
    )
