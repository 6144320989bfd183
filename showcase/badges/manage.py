"""Organiser pages of badge printing: the print page (filters, counts, the print run as one PDF)
for organisers, and the reprint page of one person for the check-in desk.

Bulk printing needs ``MANAGE_EVENT``: a run puts the names, organisations and valid entry codes
of everyone chosen on paper, which only the people who run the event need; the check-in staff
work with the one person in front of them, so they may reprint that person's badge
(``CHECK_IN``) but not print the event's badges in bulk.
"""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from showcase.badges.forms import BadgeFilterForm, PrintRunForm, ReprintForm
from showcase.badges.models import BadgeLayout, PrintReason
from showcase.badges.services import printing, selection
from showcase.core.blueprints import event_blueprint, of_this_event
from showcase.core.errors import DomainError
from showcase.core.forms import add_error, run
from showcase.core.navigation import manage_link
from showcase.core.pdf import pdf_response
from showcase.core.roles import Permission, requires
from showcase.registration.models import Registration

bp = event_blueprint("badges_manage", __name__, url_prefix="/manage/<event>")

manage_link(
    _l("Badge printing"),
    "badges_manage.index",
    Permission.MANAGE_EVENT,
    order=26,
    group=_l("Registration"),
)

SHOWN_ROWS = 200


def _pdf(printed: printing.PrintedBadges) -> Response:
    response = pdf_response(printed.pdf, printed.filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def _print_page(filter_form, print_form, status: int = 200):
    """The print page; the badges and their counts only for filters that were valid."""
    rows, counts = [], None
    if status == 200:
        everything = selection.badge_rows(g.event, filter_form.filters())
        counts = selection.printed_counts(everything)
        chosen = filter_form.filters().printed
        rows = [row for row in everything if chosen == "" or row.printed == chosen]
    return render_template(
        "badges/manage/index.html",
        form=filter_form,
        print_form=print_form,
        rows=rows[:SHOWN_ROWS],
        total=len(rows),
        counts=counts,
        Printed=selection.Printed,
    ), status


@bp.get("/badges/")
@requires(Permission.MANAGE_EVENT)
def index():
    form = BadgeFilterForm(request.args)
    form.offer_choices(g.event)
    status = 200 if form.validate() else 400
    print_form = PrintRunForm(formdata=None, data=form.data if status == 200 else {})
    return _print_page(form, print_form, status)


@bp.post("/badges/print")
@requires(Permission.MANAGE_EVENT)
def print_run():
    """A print run: one request, one PDF of every badge the filters choose, each logged."""
    form = PrintRunForm()
    form.offer_choices(g.event)
    if not form.validate():
        filters = BadgeFilterForm(formdata=None)
        filters.offer_choices(g.event)
        return _print_page(filters, form, 400)
    filters = form.filters()
    layout = BadgeLayout(form.layout.data)
    try:
        printed = run(lambda: printing.print_run(g.event, filters, layout, current_user.email))
    except DomainError as error:
        flash(error.message, "warning")
        return redirect(url_for(".index", **_filter_args(form)), 303)
    return _pdf(printed)


def _filter_args(form) -> dict:
    return {
        name: form[name].data
        for name in ("category", "city", "delegation", "printed")
        if form[name].data
    }


def _registration(registration_id: int) -> Registration:
    registration = of_this_event(Registration, registration_id)
    if registration.erased_at is not None:
        abort(404)
    return registration


@bp.route("/badges/<int:registration_id>/reprint", methods=["GET", "POST"])
@requires(Permission.CHECK_IN)
def reprint(registration_id: int):
    """The desk reprints one person's badge: lost (a new code) or corrected (the same code)."""
    registration = _registration(registration_id)
    form = ReprintForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            reason, layout = PrintReason(form.reason.data), BadgeLayout(form.layout.data)
            try:
                printed = run(
                    lambda: printing.reprint(
                        g.event, registration_id, reason, layout, current_user.email
                    )
                )
            except DomainError as error:
                add_error(form, error)
                status = error.status_code
            else:
                return _pdf(printed)
        else:
            status = 400
    return render_template(
        "badges/manage/reprint.html",
        registration=registration,
        form=form,
        prints=printing.print_log_of(registration),
    ), status
