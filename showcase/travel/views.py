"""Public travel pages: a registrant gives their arrival, departure, hotel and transfers from
their registration's page (``/<event>/registration/<secret>/travel``), and a delegation's
coordinator gives them for each member (``/<event>/delegation/<secret>/members/<id>/travel``).
Both use the one form and the one service call (``plans.save_plan``)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from showcase.core.blueprints import event_blueprint
from showcase.core.db import utcnow
from showcase.core.forms import submit
from showcase.core.security import no_store
from showcase.core.time import to_local, zone_label
from showcase.delegations.services import delegations as delegation_service
from showcase.delegations.services import members
from showcase.registration.services import registrations as registration_service
from showcase.travel.forms import TravelForm
from showcase.travel.services import plans
from showcase.travel.services.hotels import hotels_of
from showcase.travel.services.settings import current_settings

bp = event_blueprint("travel", __name__, url_prefix="/<event>")

SAVED = _l("Thank you: the travel details are saved.")


def travel_form_page(registration, by: str, back: str, action: str, back_label=None):
    """The travel form of one person: shown, or sent and saved (303 back), or refused (400).
    ``back_label`` (a coordinator's or an organiser's page): the form is about someone else."""
    event = g.event
    form = TravelForm(data=plans.form_values(plans.plan_of(registration), event))
    hotels = hotels_of(event)

    def page():
        form.fill_choices(hotels)
        first, last = plans.travel_window(event)
        return render_template(
            "travel/form.html",
            form=form,
            registration=registration,
            hotels=hotels,
            back=back,
            action=action,
            back_label=back_label,
            first=first,
            last=last,
            retention_days=current_settings(event).retention_days,
            zone=zone_label(to_local(utcnow(), event.timezone)),
        )

    return submit(
        form,
        lambda: plans.save_plan(registration, form.values(), by),
        render=page,
        success=back,
        message=SAVED,
    )


@bp.route("/registration/<secret>/travel", methods=["GET", "POST"])
@no_store
def registration_travel(secret: str):
    registration = registration_service.for_manage(g.event, secret)
    back = url_for("registration.manage", secret=secret)
    if not plans.may_change(registration):
        flash(_l("This registration is closed; its travel details can no longer be changed."))
        return redirect(back, 303)
    return travel_form_page(
        registration,
        "registrant",
        back,
        url_for("travel.registration_travel", secret=secret),
    )


@bp.route("/delegation/<secret>/members/<int:member_id>/travel", methods=["GET", "POST"])
@no_store
def member_travel(secret: str, member_id: int):
    delegation = delegation_service.for_link(g.event, secret)
    member = members.member_of(delegation, member_id)
    back = url_for("delegations.page", secret=secret)
    if not delegation.is_working or not plans.may_change(member):
        flash(_l("This member's travel details can no longer be changed."), "warning")
        return redirect(back, 303)
    return travel_form_page(
        member,
        "coordinator",
        back,
        url_for("travel.member_travel", secret=secret, member_id=member.id),
        back_label=_l("Back to the delegation"),
    )
