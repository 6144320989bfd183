"""Organiser pages for registration: the list, a registration's detail and decisions, the CSV
export, categories and settings, and the check-in desk."""

from __future__ import annotations

from flask import abort, g, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from showcase.checkin.services.scans import desk_check_in, desk_undo
from showcase.core.blueprints import event_blueprint, of_this_event, or_404
from showcase.core.csvio import csv_response
from showcase.core.errors import DomainError
from showcase.core.forms import REASON_TOO_LONG, press, run, submit
from showcase.core.i18n import current_language
from showcase.core.listing import list_page
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, requires
from showcase.events.models import Event
from showcase.events.services import ordered_cities
from showcase.mail.services import messages_of
from showcase.questions.services import reading as answers
from showcase.registration import emails
from showcase.registration.forms import CategoryForm, CheckInForm, ReasonForm, SettingsForm
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services import badges, organiser, waitlist
from showcase.registration.services.settings import current_settings, update_settings
from showcase.registration.services.states import MACHINE, Actor

bp = event_blueprint("registration_manage", __name__, url_prefix="/manage/<event>")

REGISTRATION = _l("Registration")
manage_link(
    _l("Registrations"),
    "registration_manage.registrations",
    Permission.MANAGE_EVENT,
    order=20,
    group=REGISTRATION,
)
manage_link(
    _l("Check-in desk"),
    "registration_manage.checkin",
    Permission.CHECK_IN,
    order=25,
    group=REGISTRATION,
)

S = RegistrationState


@dashboard_panel("registration/manage/_panel.html", order=20, permission=Permission.MANAGE_EVENT)
def registration_panel(event: Event) -> dict:
    return {"counts": organiser.counts(event)}


def _registration(registration_id: int) -> Registration:
    return of_this_event(Registration, registration_id)


# The list -------------------------------------------------------------------------------------


@bp.get("/registrations/")
@requires(Permission.MANAGE_EVENT)
def registrations():
    event = g.event
    q = request.args.get("q", "")[:100]
    state = request.args.get("state", "")
    category_id = request.args.get("category", type=int)
    city = request.args.get("city", "")[:12]
    query, answer = answers.filter_by_answer(
        organiser.registrations_query(event, q, state, category_id, city),
        event,
        current_user.role,
        request.args.get("answer", "")[:80],
    )
    page = list_page(query)
    return render_template(
        "registration/manage/list.html",
        page=page,
        q=q,
        state=state,
        category_id=category_id,
        city=city,
        answer=answer,
        answer_options=answers.filter_options(event, current_user.role),
        states=list(S),
        categories=organiser.list_categories(event),
        cities=ordered_cities(),
        counts=organiser.counts(event),
        positions=waitlist.positions(event.id),
    )


@bp.get("/registrations.csv")
@requires(Permission.MANAGE_EVENT)
def export():
    # The answers the organiser's role may read, one column per question (questions/).
    columns = answers.answer_columns(g.event, current_user.role, current_language())
    return csv_response(
        f"{g.event.acronym}-registrations.csv",
        (*organiser.CSV_HEADER, *columns.header),
        answers.with_answers(organiser.csv_rows(g.event), columns),
    )


@bp.get("/registrations/<int:registration_id>/")
@requires(Permission.MANAGE_EVENT)
def detail(registration_id: int):
    registration = _registration(registration_id)
    return render_template(
        "registration/manage/detail.html",
        registration=registration,
        messages=messages_of(registration),
        reason_form=ReasonForm(),
        may_approve=MACHINE.may(registration, S.CONFIRMED, Actor.ORGANISER),
        may_reject=MACHINE.may(registration, S.REJECTED, Actor.ORGANISER),
        may_cancel=MACHINE.may(registration, S.CANCELLED, Actor.ORGANISER),
        payload=badges.badge_payload(registration),
        position=waitlist.position(registration),
    )


def _decide(registration_id: int, action):
    """A decision button of the detail page: done or refused, back to the page (303)."""
    registration = _registration(registration_id)
    form = ReasonForm()
    return press(
        lambda: action(registration, form.reason.data or ""),
        done=_l("Done. The registrant has been emailed."),
        back=url_for(".detail", registration_id=registration.id),
        lock=True,
        form=form,
        invalid=REASON_TOO_LONG,
    )


@bp.post("/registrations/<int:registration_id>/approve")
@requires(Permission.MANAGE_EVENT)
def approve(registration_id: int):
    return _decide(
        registration_id,
        lambda r, reason: organiser.approve(g.event, r.id, current_user.email),
    )


@bp.post("/registrations/<int:registration_id>/reject")
@requires(Permission.MANAGE_EVENT)
def reject(registration_id: int):
    return _decide(
        registration_id,
        lambda r, reason: organiser.reject(g.event, r.id, current_user.email, reason),
    )


@bp.post("/registrations/<int:registration_id>/cancel")
@requires(Permission.MANAGE_EVENT)
def cancel(registration_id: int):
    return _decide(
        registration_id,
        lambda r, reason: organiser.cancel(g.event, r.id, current_user.email, reason),
    )


@bp.post("/registrations/<int:registration_id>/resend")
@requires(Permission.MANAGE_EVENT)
def resend(registration_id: int):
    return _decide(registration_id, lambda r, reason: emails.resend_last(r))


# Categories and settings ----------------------------------------------------------------------


@bp.route("/registration/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    event = g.event
    form = SettingsForm(obj=current_settings(event))
    return submit(
        form,
        lambda: update_settings(event, form.city_cap.data, form.privacy_version.data),
        render=lambda: render_template(
            "registration/manage/settings.html",
            form=form,
            categories=organiser.list_categories(event),
        ),
        success=url_for(".settings"),
        message=_l("The settings are saved."),
        lock=True,
    )


def _category_page(form, category=None):
    return submit(
        form,
        lambda: organiser.save_category(g.event, form.data, category),
        render=lambda: render_template(
            "registration/manage/category.html", form=form, category=category
        ),
        success=url_for(".settings"),
        message=_l("The category is saved."),
        lock=True,
    )


@bp.route("/registration/categories/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def category_new():
    return _category_page(CategoryForm())


@bp.route("/registration/categories/<int:category_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def category_edit(category_id: int):
    category = or_404(organiser.get_category(g.event, category_id))
    return _category_page(CategoryForm(obj=category), category)


# The check-in desk ----------------------------------------------------------------------------


@bp.route("/checkin/", methods=["GET", "POST"])
@requires(Permission.CHECK_IN)
def checkin():
    """A scanned badge (typed by the scanner like a keyboard) checks in at once; anything else
    is a name search whose results have their own buttons."""
    event = g.event
    form = CheckInForm()
    outcome = None
    results = []
    status = 200
    if request.method == "POST":
        text = (form.payload.data or "").strip()[:100]
    else:
        text = (request.args.get("q") or "").strip()[:100]  # a search never checks anyone in
    if request.method == "POST" and not form.validate():
        status = 400
    elif text:
        if request.method == "POST" and badges.looks_like_payload(text):
            outcome, status = _check_in(lambda: badges.registration_from_payload(event, text).id)
        else:
            results = badges.search_people(event, text)
    form.payload.data = ""
    return render_template(
        "registration/manage/checkin.html",
        form=form,
        outcome=outcome,
        results=results,
        query=text if results or not outcome else "",
    ), status


def _check_in(find_id):
    """Check one person in; the desk shows the outcome on the same page (a scanner keeps
    scanning), so this answers with the page rather than a redirect."""
    try:
        result = run(lambda: desk_check_in(g.event, find_id(), current_user.email), lock=True)
    except badges.AlreadyCheckedIn as error:
        return {
            "kind": "already",
            "registration": error.registration,
            "gate_said": error.gate_said,
        }, 409
    except DomainError as error:
        return {"kind": "refused", "message": error.message}, error.status_code
    return {"kind": "ok", "registration": result.registration}, 200


@bp.post("/checkin/<int:registration_id>")
@requires(Permission.CHECK_IN)
def checkin_person(registration_id: int):
    form = CheckInForm()
    if not form.validate():
        abort(400)
    outcome, status = _check_in(lambda: registration_id)
    return render_template(
        "registration/manage/checkin.html", form=form, outcome=outcome, results=[], query=""
    ), status


@bp.post("/checkin/<int:registration_id>/undo")
@requires(Permission.CHECK_IN)
def checkin_undo(registration_id: int):
    form = CheckInForm()
    if not form.validate():
        abort(400)
    return press(
        lambda: desk_undo(g.event, registration_id, current_user.email),
        done=lambda registration: _l("Check-in of %(name)s undone.", name=registration.full_name),
        back=url_for(".checkin"),
    )
