"""Public booth pages: the exhibitor directory, the floor plan, applying and the manage link."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import SelectChoice

from showcase.booths.floorplan import PlanLinks, render_floorplan_markup
from showcase.booths.forms import ApplicationFields, ApplicationForm, ResendForm, WithdrawForm
from showcase.booths.models import ApplicationState
from showcase.booths.services import applications as service
from showcase.booths.services.directory import (
    exhibitor_cities,
    exhibitor_ref,
    get_exhibitor,
    list_exhibitors,
    parse_exhibitor_ref,
)
from showcase.booths.services.layout import list_halls
from showcase.booths.services.limits import booth_limit, cities_at_limit
from showcase.booths.services.settings import applications_are_open, find_settings
from showcase.core.blueprints import event_blueprint, or_404
from showcase.core.errors import DomainError
from showcase.core.forms import press, run, submit
from showcase.core.i18n import current_language, localized
from showcase.core.images import ImageRejected, read_upload
from showcase.core.links import flash_confirmation, link_problem_page
from showcase.core.navigation import public_link
from showcase.core.security import no_store
from showcase.events.forms import city_choices, city_label
from showcase.extensions import limiter

bp = event_blueprint("booths", __name__, url_prefix="/<event>")


public_link(
    _l("Exhibitors"),
    "booths.directory",
    order=50,
    description=_l("Member cities and their smart-city work, booth by booth."),
)
public_link(
    _l("Floor plan"),
    "booths.floorplan",
    order=55,
    description=_l("The exhibition halls and who is at which booth."),
)
public_link(
    _l("Apply for a booth"),
    "booths.apply",
    order=60,
    description=_l("Show your city's smart-city work at an exhibitor booth."),
    visible=lambda event: applications_are_open(event),
)


def exhibitor_url(application) -> str:
    return url_for("booths.exhibitor", ref=exhibitor_ref(application))


def floorplan_markup(halls, highlight: str | None = None, id_prefix: str = "fp") -> Markup:
    return render_floorplan_markup(
        halls,
        g.event.tracks,
        highlight=highlight,
        links=PlanLinks(exhibitor=exhibitor_url),
        id_prefix=id_prefix,
    )


# Directory and floor plan -------------------------------------------------------------------


@bp.get("/exhibitors/")
def directory():
    event = g.event
    slugs = {track.slug for track in event.tracks}
    dimension = request.args.get("dimension") or None
    if dimension not in slugs:
        dimension = None
    city_id = request.args.get("city", type=int)
    cities = exhibitor_cities(event)
    if city_id not in {city.id for city in cities}:
        city_id = None
    exhibitors = list_exhibitors(event, dimension=dimension, city_id=city_id)
    return render_template(
        "booths/directory.html",
        exhibitors=exhibitors,
        cities=cities,
        dimension=dimension,
        city_id=city_id,
        exhibitor_url=exhibitor_url,
    )


@bp.get("/exhibitors/<ref>/")
def exhibitor(ref: str):
    application_id = parse_exhibitor_ref(ref)
    application = or_404(get_exhibitor(g.event, application_id) if application_id else None)
    canonical = exhibitor_ref(application)
    if ref != canonical:
        return redirect(url_for("booths.exhibitor", ref=canonical), 301)
    booth = application.booth
    halls = [hall for hall in list_halls(g.event) if hall.id == booth.hall_id]
    lang = current_language()
    description_lang = lang
    if not getattr(application, f"description_{lang}"):
        description_lang = "en" if lang == "th" else "th"
    return render_template(
        "booths/exhibitor.html",
        exhibitor=application,
        booth=booth,
        title=localized(application, "title"),
        title_lang=lang if getattr(application, f"title_{lang}") else description_lang,
        description=getattr(application, f"description_{description_lang}"),
        description_lang=description_lang,
        plan=floorplan_markup(halls, highlight=booth.code),
    )


@bp.get("/floorplan/")
def floorplan():
    halls = list_halls(g.event)
    highlight = (request.args.get("highlight") or "").strip()[:16].upper() or None
    codes = {booth.code for hall in halls for booth in hall.booths}
    if highlight not in codes:
        highlight = None
    return render_template(
        "booths/floorplan.html",
        halls=halls,
        highlight=highlight,
        plan=floorplan_markup(halls, highlight=highlight),
        exhibitor_url=exhibitor_url,
    )


@bp.get("/floorplan.svg")
def floorplan_svg():
    halls = list_halls(g.event)
    highlight = (request.args.get("highlight") or "").strip()[:16] or None
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(
        floorplan_markup(halls, highlight=highlight)
    )
    response = Response(body, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=60"
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


# Applying -----------------------------------------------------------------------------------


def fill_choices(form: ApplicationFields) -> None:
    event = g.event
    form.dimensions.choices = [SelectChoice(track.slug, track.name) for track in event.tracks]
    form.preferred_zone.choices = [
        SelectChoice("", _l("No preference")),
        *(SelectChoice(track.slug, track.name) for track in event.tracks),
        SelectChoice("general", _l("General zone")),
    ]
    if isinstance(form, ApplicationForm):
        full = cities_at_limit(event)
        limit = booth_limit(event)
        form.city.description = ngettext(
            "A city may hold %(num)d booth. A city that already holds it may still apply, "
            "for the waiting list.",
            "A city may hold %(num)d booths. A city that already holds them may still apply, "
            "for the waiting list.",
            limit,
        )

        def label(city) -> str:
            name = city_label(city)
            if city.id in full:
                return gettext("%(city)s: booth limit reached, waiting list only", city=name)
            return name

        form.city.choices = city_choices(_l("Choose your city"), label)


def limit_reached_message(event, city) -> str | None:
    """What to tell a city that applies while it holds as many booths as a city may."""
    held = cities_at_limit(event).get(city.id)
    if held is None:
        return None
    return ngettext(
        "%(city)s already holds %(num)d booth, the most a city may have. The organisers can "
        "still put this application on the waiting list, and approve it if one of the city's "
        "booths is given up or the limit is raised.",
        "%(city)s already holds %(num)d booths, the most a city may have. The organisers can "
        "still put this application on the waiting list, and approve it if one of the city's "
        "booths is given up or the limit is raised.",
        held,
        city=city.name,
    )


class LogoTooLarge(ImageRejected):
    status_code = 413


def application_values(form: ApplicationFields) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "logo"}


def uploaded_logo(form: ApplicationFields) -> bytes | None:
    """The logo's bytes, or None; refuses a file that is too large before anything is saved."""
    upload = form.logo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        return read_upload(upload, service.LOGO_MAX_BYTES)
    except ImageRejected as error:
        raise LogoTooLarge(error.message, field="logo") from None


def with_logo(form: ApplicationFields, change):
    """Run ``change(logo)`` with the uploaded logo; an image refused is an error on the logo."""
    logo = uploaded_logo(form)
    try:
        return change(logo)
    except ImageRejected as error:
        raise ImageRejected(error.message, field=error.field or "logo") from None


@bp.route("/booths/apply", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def apply():
    event = g.event
    settings = find_settings(event)

    def closed(_error=None):
        status = 403 if request.method == "POST" else 200
        return render_template("booths/closed.html", settings=settings), status

    if not applications_are_open(event):
        return closed()
    form = ApplicationForm()
    fill_choices(form)
    warnings = []

    def apply_now():
        application = with_logo(
            form,
            lambda logo: service.submit_application(
                event, form.city.data, application_values(form), current_language(), logo=logo
            ),
        )
        warnings.append(limit_reached_message(event, application.city))

    response = submit(
        form,
        apply_now,
        render=lambda: render_template("booths/apply.html", form=form),
        success=url_for("booths.apply_sent"),
        refusals={service.ApplicationsClosed: closed},
    )
    for warning in filter(None, warnings):
        flash(warning, "warning")
    return response


@bp.get("/booths/apply/sent")
def apply_sent():
    return render_template("booths/apply_sent.html", form=ResendForm())


@bp.get("/booths/confirm/<secret>")
@no_store
def confirm_application(secret: str):
    try:
        _application, manage_secret, confirmed_now = run(
            lambda: service.confirm_application(g.event, secret), lock=True
        )
    except DomainError as error:
        return link_problem_page(
            error.message,
            error.status_code,
            ResendForm(),
            "booths.resend",
            gettext(
                "Give the email address you applied with. If there is an application for it, we "
                "send its link there."
            ),
        )
    flash_confirmation(
        confirmed_now,
        _l(
            "Thank you: your email address is confirmed and your application is with the "
            "organisers."
        ),
    )
    return redirect(url_for("booths.manage_application", secret=manage_secret))


@bp.route("/booths/resend", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def resend():
    form = ResendForm()
    return submit(
        form,
        lambda: service.resend_links(g.event, form.email.data),
        render=lambda: render_template("booths/resend.html", form=form),
        success=url_for("booths.resend"),
        message=_l("If there is an application for this address, we have sent its link to it."),
    )


# The applicant's own page ---------------------------------------------------------------------


@bp.get("/booths/application/<secret>/")
@no_store
def manage_application(secret: str):
    application = service.application_for_manage(g.event, secret)
    plan = None
    if application.state == ApplicationState.APPROVED and application.booth:
        halls = [h for h in list_halls(g.event) if h.id == application.booth.hall_id]
        plan = floorplan_markup(halls, highlight=application.booth.code)
    return render_template(
        "booths/manage.html",
        application=application,
        secret=secret,
        plan=plan,
        withdraw_form=WithdrawForm(),
        at_limit=limit_reached_message(g.event, application.city)
        if application.state in service.OPEN_STATES
        else None,
        editable=application.state in service.EDITABLE,
        may_withdraw=service.may_move(
            application, ApplicationState.WITHDRAWN, service.Actor.APPLICANT
        ),
        exhibitor_url=exhibitor_url,
    )


@bp.route("/booths/application/<secret>/edit", methods=["GET", "POST"])
@no_store
def edit_application(secret: str):
    application = service.application_for_manage(g.event, secret)
    manage_url = url_for("booths.manage_application", secret=secret)
    if application.state not in service.EDITABLE:
        flash(service.DECIDED, "warning")
        return redirect(manage_url, 303 if request.method == "POST" else 302)
    form = ApplicationFields(obj=application)
    fill_choices(form)
    if not form.is_submitted():
        form.dimensions.data = [track.slug for track in application.dimensions]
        form.preferred_zone.data = service.preferred_zone_value(application)
    return submit(
        form,
        lambda: with_logo(
            form,
            lambda logo: service.update_application(
                application.id, application_values(form), logo=logo
            ),
        ),
        render=lambda: render_template(
            "booths/edit.html", form=form, application=application, secret=secret
        ),
        success=manage_url,
        message=_l("Your changes have been saved."),
        lock=True,
    )


@bp.post("/booths/application/<secret>/withdraw")
@no_store
def withdraw_application(secret: str):
    application = service.application_for_manage(g.event, secret)
    manage_url = url_for("booths.manage_application", secret=secret)
    form = WithdrawForm()
    if not form.validate_on_submit() or not form.confirm.data:
        flash(_l("Tick the box to confirm that you want to withdraw."), "danger")
        return redirect(manage_url, 303)
    return press(
        lambda: service.withdraw_application(application.id),
        done=_l("Your application has been withdrawn."),
        back=manage_url,
        lock=True,
    )


@bp.route("/booths/application/<secret>/staff", methods=["GET", "POST"])
@no_store
def staff(secret: str):
    """The exhibitor's contact names their booth's staff: each gets an Exhibitor-staff
    registration with a badge, while the booth's passes last."""
    from showcase.registration.forms import StaffForm
    from showcase.registration.services import passes

    application = service.application_for_manage(g.event, secret)
    form = StaffForm()

    def name_one():
        locked = service.lock_application(application.id)
        return passes.name_staff(locked, form.data)

    return submit(
        form,
        name_one,
        render=lambda: render_template(
            "booths/staff.html",
            form=form,
            application=application,
            secret=secret,
            allowed=passes.staff_passes(application),
            named=passes.staff_of(application),
        ),
        success=url_for("booths.staff", secret=secret),
        message=lambda member: _l(
            "%(name)s has a staff pass; their registration and badge are emailed.",
            name=member.full_name,
        ),
        lock=True,
    )


@bp.post("/booths/application/<secret>/staff/<int:registration_id>/cancel")
@no_store
def staff_cancel(secret: str, registration_id: int):
    """The contact takes a staff pass back; its holder is told."""
    from showcase.registration.services import passes

    application = service.application_for_manage(g.event, secret)
    form = WithdrawForm()
    if not form.validate_on_submit():
        abort(400)
    return press(
        lambda: passes.remove_staff(service.lock_application(application.id), registration_id),
        done=lambda member: _l("The staff pass of %(name)s is cancelled.", name=member.full_name),
        back=url_for("booths.staff", secret=secret),
        lock=True,
    )
