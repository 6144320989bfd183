"""Organiser pages of delegations: the list (city, coordinator, members by state, head of
delegation), a delegation's page with its decisions and history, inviting a coordinator,
approving or rejecting a delegation's pending members at once, the protocol list per city, the
settings (the substitution deadline) and the dashboard panel."""

from __future__ import annotations

from flask import g, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from showcase.core.blueprints import event_blueprint, of_this_event
from showcase.core.csvio import csv_response
from showcase.core.forms import REASON_TOO_LONG, press, submit
from showcase.core.i18n import current_language
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.roles import Permission, requires
from showcase.core.time import local_datetime_to_utc, utc_to_local_naive
from showcase.delegations.forms import InviteForm, MembersReasonForm, ReasonForm, SettingsForm
from showcase.delegations.models import Delegation, DelegationState
from showcase.delegations.services import delegations as service
from showcase.delegations.services import lists, members
from showcase.delegations.services.settings import current_settings, update_settings
from showcase.delegations.services.states import MACHINE, Actor
from showcase.events.forms import city_choices
from showcase.events.models import Event
from showcase.registration.models import RegistrationState

bp = event_blueprint("delegations_manage", __name__, url_prefix="/manage/<event>")

manage_link(
    _l("Delegations"),
    "delegations_manage.delegations",
    Permission.MANAGE_EVENT,
    order=22,
    group=_l("Registration"),
)

D = DelegationState
S = RegistrationState


@dashboard_panel("delegations/manage/_panel.html", order=22, permission=Permission.MANAGE_EVENT)
def delegations_panel(event: Event) -> dict:
    delegations = service.delegations_of(event)
    return {
        "delegations": len(delegations),
        "requested": sum(1 for d in delegations if d.state == D.REQUESTED),
        "members": sum(len(d.active_members) for d in delegations),
    }


def _delegation(delegation_id: int) -> Delegation:
    return of_this_event(Delegation, delegation_id)


@bp.get("/delegations/")
@requires(Permission.MANAGE_EVENT)
def delegations():
    rows = [
        (delegation, lists.states_of(delegation)) for delegation in service.delegations_of(g.event)
    ]
    return render_template("delegations/manage/list.html", rows=rows)


@bp.get("/delegations/<int:delegation_id>/")
@requires(Permission.MANAGE_EVENT)
def detail(delegation_id: int):
    delegation = _delegation(delegation_id)
    return render_template(
        "delegations/manage/detail.html",
        delegation=delegation,
        reason_form=ReasonForm(),
        members_form=MembersReasonForm(),
        states=lists.states_of(delegation),
        protocol=lists.protocol_order(delegation.members),
        pending=[m for m in delegation.members if m.state == S.AWAITING_APPROVAL],
        may_approve=MACHINE.may(delegation, D.APPROVED, Actor.ORGANISER),
        may_reject=MACHINE.may(delegation, D.REJECTED, Actor.ORGANISER),
    )


def _decide(delegation_id: int, action, done, form_class=ReasonForm):
    """A decision button of the delegation's page: done or refused, back to the page (303)."""
    delegation = _delegation(delegation_id)
    form = form_class()

    def decision():
        reason = next(iter(form.values().values())) or ""  # the form's one field, whatever its name
        return action(delegation, reason)

    return press(
        decision,
        done=done,
        back=url_for(".detail", delegation_id=delegation.id),
        lock=True,
        form=form,
        invalid=REASON_TOO_LONG,
    )


@bp.post("/delegations/<int:delegation_id>/approve")
@requires(Permission.MANAGE_EVENT)
def approve(delegation_id: int):
    return _decide(
        delegation_id,
        lambda d, reason: service.approve(g.event, d.id, current_user.email),
        _l("The delegation is approved; its coordinator has been emailed."),
    )


@bp.post("/delegations/<int:delegation_id>/reject")
@requires(Permission.MANAGE_EVENT)
def reject(delegation_id: int):
    return _decide(
        delegation_id,
        lambda d, reason: service.reject(g.event, d.id, current_user.email, reason),
        _l("The delegation is not accepted; its coordinator has been emailed."),
    )


def _members_done(count: int) -> str:
    return _l("%(num)d pending members decided.", num=count)


@bp.post("/delegations/<int:delegation_id>/members/approve")
@requires(Permission.MANAGE_EVENT)
def approve_members(delegation_id: int):
    return _decide(
        delegation_id,
        lambda d, reason: members.decide_pending(g.event, d, True, current_user.email),
        _members_done,
        MembersReasonForm,
    )


@bp.post("/delegations/<int:delegation_id>/members/reject")
@requires(Permission.MANAGE_EVENT)
def reject_members(delegation_id: int):
    return _decide(
        delegation_id,
        lambda d, reason: members.decide_pending(g.event, d, False, current_user.email, reason),
        _members_done,
        MembersReasonForm,
    )


@bp.route("/delegations/invite", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def invite():
    form = InviteForm()
    if not form.is_submitted():
        form.language.data = current_language()

    def page():
        form.city.choices = city_choices(_l("Choose the city"))
        return render_template("delegations/manage/invite.html", form=form)

    return submit(
        form,
        lambda: service.invite(
            g.event,
            form.values(),
            current_user.email,
        ),
        render=page,
        success=lambda delegation: url_for(".detail", delegation_id=delegation.id),
        message=_l("The coordinator is invited and has been emailed the delegation's link."),
    )


@bp.get("/delegations/protocol.csv")
@requires(Permission.MANAGE_EVENT)
def protocol():
    return csv_response(
        f"{g.event.acronym}-protocol.csv",
        lists.PROTOCOL_HEADER,
        lists.protocol_rows(service.delegations_of(g.event)),
    )


@bp.get("/delegations/<int:delegation_id>/protocol.csv")
@requires(Permission.MANAGE_EVENT)
def city_protocol(delegation_id: int):
    delegation = _delegation(delegation_id)
    city = delegation.city.name_en.replace(" ", "-")
    return csv_response(
        f"{g.event.acronym}-protocol-{city}.csv",
        lists.PROTOCOL_HEADER,
        lists.protocol_rows([delegation]),
    )


@bp.route("/delegations/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def settings():
    event = g.event
    stored = current_settings(event)
    form = SettingsForm()
    if not form.is_submitted():
        form.requests_open.data = stored.requests_open
        form.substitution_deadline.data = utc_to_local_naive(
            stored.substitution_deadline, event.timezone
        )

    def save():
        deadline = form.substitution_deadline.data
        update_settings(
            event,
            form.requests_open.data,
            local_datetime_to_utc(deadline, event.timezone) if deadline else None,
        )

    return submit(
        form,
        save,
        render=lambda: render_template("delegations/manage/settings.html", form=form),
        success=url_for(".settings"),
        message=_l("The settings are saved."),
    )
