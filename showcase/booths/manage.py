"""Organiser pages for booths: halls and booths, the layout import, applications and decisions,
the floor plan by state, settings and exports."""

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
from showcase.booths.models import ApplicationState, BoothApplication
from showcase.booths.services import decisions, layout
from showcase.booths.services.applications import organiser_moves
from showcase.booths.services.directory import (
    exhibitor_ref,
    exhibitor_table,
    occupancy,
)
from showcase.booths.services.limits import booth_limit, booths_held_by_city
from showcase.booths.services.settings import current_settings, update_settings
from showcase.core.blueprints import event_blueprint, of_this_event
from showcase.core.csvio import csv_response
from showcase.core.errors import DomainError
from showcase.core.exports import csv_file, xlsx_file
from showcase.core.forms import press, run, submit, submit_import
from showcase.core.listing import enum_arg, list_page
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

S = ApplicationState
STATE_TABS = (
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


def state_plan(halls, highlight: str | None = None) -> Markup:
    return render_floorplan_markup(
        halls,
        g.event.tracks,
        organiser=True,
        highlight=highlight,
        links=PlanLinks(booth=lambda booth: url_for("booths_manage.booth_edit", booth_id=booth.id)),
        id_prefix="org",
    )


# Booths and halls ---------------------------------------------------------------------------


@bp.get("/")
@requires(Permission.MANAGE_EVENT)
def booths():
    halls = layout.list_halls(g.event)
    return render_template(
        "booths/manage/booths.html",
        halls=halls,
        plan=state_plan(halls, request.args.get("highlight")),
        import_form=BoothImportForm(),
        report=occupancy(g.event),
    )


@bp.get("/floorplan.svg")
@requires(Permission.MANAGE_EVENT)
def floorplan_svg():
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(
        state_plan(layout.list_halls(g.event), request.args.get("highlight"))
    )
    return Response(body, mimetype="image/svg+xml")


def hall_form_values(form: HallForm) -> dict:
    return {name: form[name].data for name in ("code", "name_en", "name_th", "width", "depth")}


def hall_page(form: HallForm, hall=None) -> str:
    return render_template("booths/manage/hall_form.html", form=form, hall=hall)


@bp.route("/halls/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def hall_new():
    form = HallForm()
    return submit(
        form,
        lambda: layout.create_hall(g.event, **hall_form_values(form)),
        render=lambda: hall_page(form),
        success=url_for("booths_manage.booths"),
        message=lambda hall: _l("Hall %(code)s has been added.", code=hall.code),
    )


@bp.route("/halls/<int:hall_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def hall_edit(hall_id: int):
    hall = layout.get_hall(g.event, hall_id) or abort(404)
    form = HallForm(obj=hall)
    return submit(
        form,
        lambda: layout.update_hall(hall, **hall_form_values(form)),
        render=lambda: hall_page(form, hall),
        success=url_for("booths_manage.booths"),
        message=lambda hall: _l("Hall %(code)s has been saved.", code=hall.code),
    )


def delete_button(change, done, refused_url: str):
    """A delete button: the change in one unit of work, then back to the list (303), or back
    to the record's page with the reason it was refused."""
    try:
        run(change)
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(refused_url, 303)
    flash(done, "success")
    return redirect(url_for("booths_manage.booths"), 303)


@bp.post("/halls/<int:hall_id>/delete")
@requires(Permission.MANAGE_EVENT)
def hall_delete(hall_id: int):
    hall = layout.get_hall(g.event, hall_id) or abort(404)
    return delete_button(
        lambda: layout.delete_hall(hall),
        _l("Hall %(code)s has been deleted.", code=hall.code),
        url_for("booths_manage.hall_edit", hall_id=hall_id),
    )


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


def booth_page(form: BoothForm, booth=None) -> str:
    return render_template("booths/manage/booth_form.html", form=form, booth=booth)


def booth_saved(booth) -> str:
    return url_for("booths_manage.booths", highlight=booth.code)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def booth_new():
    form = BoothForm()
    fill_booth_choices(form)
    if not form.hall.choices:
        flash(_l("Add a hall first: every booth stands in a hall."), "warning")
        return redirect(url_for("booths_manage.hall_new"), 303 if request.method == "POST" else 302)
    return submit(
        form,
        lambda: layout.create_booth(g.event, **booth_form_values(form)),
        render=lambda: booth_page(form),
        success=booth_saved,
        message=lambda booth: _l("Booth %(code)s has been added.", code=booth.code),
    )


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
    return submit(
        form,
        lambda: layout.update_booth(booth, **booth_form_values(form)),
        render=lambda: booth_page(form, booth),
        success=booth_saved,
        message=lambda booth: _l("Booth %(code)s has been saved.", code=booth.code),
    )


@bp.post("/<int:booth_id>/delete")
@requires(Permission.MANAGE_EVENT)
def booth_delete(booth_id: int):
    booth = layout.get_booth(g.event, booth_id) or abort(404)
    return delete_button(
        lambda: layout.delete_booth(booth),
        _l("Booth %(code)s has been deleted.", code=booth.code),
        url_for("booths_manage.booth_edit", booth_id=booth_id),
    )


@bp.post("/import")
@requires(Permission.MANAGE_EVENT)
def booth_import():
    form = BoothImportForm()

    def page(errors=()) -> str:
        halls = layout.list_halls(g.event)
        return render_template(
            "booths/manage/booths.html",
            halls=halls,
            plan=state_plan(halls),
            import_form=form,
            import_errors=list(errors),
            report=occupancy(g.event),
        )

    return submit_import(
        form,
        lambda: layout.import_booths_csv(g.event, form.file.data.read()),
        render=page,
        success=url_for("booths_manage.booths"),
        message=lambda result: _nl(
            "Imported: %(num)d new booth, %(updated)d updated.",
            "Imported: %(num)d new booths, %(updated)d updated.",
            result.created,
            updated=result.updated,
        ),
    )


@bp.get("/booths.csv")
@requires(Permission.MANAGE_EVENT)
def booths_csv():
    header = [*layout.BOOTH_CSV_REQUIRED, *layout.BOOTH_CSV_OPTIONAL, *layout.BOOTH_CSV_EXPORT_ONLY]
    return csv_response(f"{g.event.acronym}-booths.csv", header, layout.booth_csv_rows(g.event))


@bp.get("/exhibitors.csv")
@requires(Permission.MANAGE_EVENT)
def exhibitors_csv():
    return csv_file(f"{g.event.acronym}-exhibitors.csv", exhibitor_table(g.event))


@bp.get("/exhibitors.xlsx")
@requires(Permission.MANAGE_EVENT)
def exhibitors_xlsx():
    return xlsx_file(f"{g.event.acronym}-exhibitors.xlsx", exhibitor_table(g.event))


# Settings -----------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    event = g.event
    current = current_settings(event)
    form = SettingsForm(obj=current)
    if not form.is_submitted():
        for name in ("applications_open_at", "applications_close_at"):
            form[name].data = utc_to_local_naive(getattr(current, name), event.timezone)

    def utc(value):
        return local_datetime_to_utc(value, event.timezone) if value else None

    return submit(
        form,
        lambda: update_settings(
            event,
            utc(form.applications_open_at.data),
            utc(form.applications_close_at.data),
            form.booths_per_city.data,
        ),
        render=lambda: render_template("booths/manage/settings.html", form=form),
        success=url_for("booths_manage.settings"),
        message=_l("The booth settings have been saved."),
    )


# Applications -------------------------------------------------------------------------------


@bp.get("/applications/")
@requires(Permission.MANAGE_EVENT)
def applications():
    event = g.event
    counts = dict(
        db.session.execute(
            select(BoothApplication.state, func.count())
            .where(BoothApplication.event_id == event.id)
            .group_by(BoothApplication.state)
        ).all()
    )
    # The tab is still called "status" in addresses that organisers have bookmarked.
    state = enum_arg("status", ApplicationState, default=S.SUBMITTED)
    query = (
        select(BoothApplication)
        .where(BoothApplication.event_id == event.id, BoothApplication.state == state)
        .order_by(BoothApplication.created_at)
        .options(
            selectinload(BoothApplication.city),
            selectinload(BoothApplication.booth),
            selectinload(BoothApplication.dimensions),
        )
    )
    page = list_page(query)
    return render_template(
        "booths/manage/applications.html",
        page=page,
        state=state,
        counts=counts,
        tabs=STATE_TABS,
        held=booths_held_by_city(event),
        limit=booth_limit(event),
    )


def _application_or_404(application_id: int) -> BoothApplication:
    return of_this_event(BoothApplication, application_id)


def render_application(application: BoothApplication, forms: dict | None = None) -> str:
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
    return render_template(
        "booths/manage/application.html",
        application=application,
        plan=state_plan(halls, highlight),
        approve_form=approve,
        waitlist_form=forms.get("waitlist") or WaitlistForm(prefix="waitlist"),
        reject_form=forms.get("reject") or ReasonForm(prefix="reject"),
        cancel_form=forms.get("cancel") or ReasonForm(prefix="cancel"),
        steps=organiser_moves(application),
        free_count=len(free),
        held=booths_held_by_city(event).get(application.city_id, 0),
        limit=booth_limit(event),
        exhibitor_ref=exhibitor_ref,
    )


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


def decide(application_id: int, prefix: str, form, decision, message):
    """A decision form of the application page: ``decision(event, id)`` under the locks of
    services/decisions.py; the page again with the errors, or back to it (303)."""
    item = _application_or_404(application_id)

    def page() -> str:
        if prefix == "approve" and form.booth.errors:
            form.booth.data = None  # offer the free booths afresh
        return render_application(_application_or_404(application_id), {prefix: form})

    return submit(
        form,
        lambda: decision(g.event, item.id),
        render=page,
        success=url_for("booths_manage.application", application_id=item.id),
        message=message,
        lock=True,
    )


@bp.post("/applications/<int:application_id>/approve")
@requires(Permission.MANAGE_EVENT)
def approve(application_id: int):
    form = ApproveForm(prefix="approve")

    def approve_with_booth(event, item_id):
        if not (form.booth.data or "").isdigit():
            raise DomainError(_l("Choose a booth from the list."), field="booth")
        return decisions.approve_application(
            event, item_id, int(form.booth.data), _by(), form.note.data or ""
        )

    return decide(
        application_id,
        "approve",
        form,
        approve_with_booth,
        lambda item: _l(
            "%(city)s has booth %(code)s. The applicant has been told by email.",
            city=item.city.name,
            code=item.booth.code,
        ),
    )


@bp.post("/applications/<int:application_id>/waitlist")
@requires(Permission.MANAGE_EVENT)
def waitlist(application_id: int):
    form = WaitlistForm(prefix="waitlist")
    return decide(
        application_id,
        "waitlist",
        form,
        lambda event, item_id: decisions.waitlist_application(
            event, item_id, _by(), form.note.data or ""
        ),
        _l("The application is on the waiting list. The applicant has been told by email."),
    )


@bp.post("/applications/<int:application_id>/reject")
@requires(Permission.MANAGE_EVENT)
def reject(application_id: int):
    form = ReasonForm(prefix="reject")
    return decide(
        application_id,
        "reject",
        form,
        lambda event, item_id: decisions.reject_application(
            event, item_id, _by(), form.reason.data
        ),
        _l("The application has been rejected. The applicant has been told by email."),
    )


@bp.post("/applications/<int:application_id>/cancel")
@requires(Permission.MANAGE_EVENT)
def cancel(application_id: int):
    form = ReasonForm(prefix="cancel")
    return decide(
        application_id,
        "cancel",
        form,
        lambda event, item_id: decisions.cancel_exhibitor(event, item_id, _by(), form.reason.data),
        _l("The booth has been cancelled and is free again. The exhibitor has been told by email."),
    )


@bp.post("/applications/<int:application_id>/staff-passes")
@requires(Permission.MANAGE_EVENT)
def staff_passes(application_id: int):
    """The organisers set an exhibitor's number of staff passes (empty: by the booth's size)."""
    from showcase.booths.services.applications import lock_application
    from showcase.registration.forms import StaffPassesForm
    from showcase.registration.services import passes

    item = _application_or_404(application_id)
    form = StaffPassesForm()
    return press(
        lambda: passes.set_staff_passes(lock_application(item.id), form.passes.data),
        done=_l("The staff passes are saved."),
        back=url_for("booths_manage.application", application_id=item.id),
        lock=True,
        form=form,
    )
