"""Public delegation pages: a city office's request form, and the coordinator's pages behind
the delegation's secret link (``/<event>/delegation/<secret>/``): the members with their states
and badges, adding, editing, removing and replacing a member, all badges on one printable page
and the member list as CSV."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from showcase.core.blueprints import event_blueprint
from showcase.core.csvio import csv_response
from showcase.core.errors import DomainError
from showcase.core.forms import submit
from showcase.core.i18n import current_language
from showcase.core.navigation import public_link
from showcase.core.pdf import pdf_response
from showcase.core.security import no_store
from showcase.delegations.badges import badges_pdf as badge_sheet
from showcase.delegations.forms import (
    ConfirmForm,
    EditMemberForm,
    MemberForm,
    PrivacyForm,
    RequestForm,
    SubstituteForm,
)
from showcase.delegations.services import delegations as service
from showcase.delegations.services import lists, members
from showcase.delegations.services.settings import (
    current_settings,
    substitution_deadline,
    substitutions_open,
)
from showcase.events.forms import city_choices
from showcase.extensions import limiter
from showcase.registration.models import ACTIVE_STATES, RegistrationState
from showcase.registration.services.badges import badge_payload, qr_svg
from showcase.registration.services.seats import full_category_ids
from showcase.registration.services.settings import privacy_version

bp = event_blueprint("delegations", __name__, url_prefix="/<event>")

S = RegistrationState

public_link(
    _l("Delegations"),
    "delegations.request",
    order=15,
    description=_l("City offices: request a delegation for your mayor, officials and engineers."),
    visible=lambda event: current_settings(event).requests_open,
)


@bp.route("/delegations/request", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], deduct_when=lambda r: r.status_code == 303)
def request():
    event = g.event
    if not current_settings(event).requests_open:
        return render_template("delegations/closed.html"), 200
    form = RequestForm()
    if not form.is_submitted():
        form.language.data = current_language()

    def page():
        form.city.choices = city_choices(_l("Choose your city"))
        return render_template(
            "delegations/request.html", form=form, privacy_version=privacy_version(event)
        )

    return submit(
        form,
        lambda: service.request_delegation(event, form.values()),
        render=page,
        success=url_for("delegations.sent"),
        refusals={
            service.RequestsClosed: lambda error: (
                render_template("delegations/closed.html"),
                403,
            )
        },
    )


@bp.get("/delegations/request/sent")
def sent():
    return render_template("delegations/sent.html")


# The coordinator's pages ----------------------------------------------------------------------


def _delegation(secret: str):
    return service.for_link(g.event, secret)


def _page_url(secret: str) -> str:
    return url_for("delegations.page", secret=secret)


def _render_page(delegation, secret: str, privacy_form: PrivacyForm) -> str:
    return render_template(
        "delegations/page.html",
        delegation=delegation,
        secret=secret,
        privacy_form=privacy_form,
        privacy_version=privacy_version(g.event),
        states=lists.states_of(delegation),
        active=ACTIVE_STATES,
        substitutions_open=substitutions_open(g.event),
        deadline=substitution_deadline(g.event),
    )


@bp.get("/delegation/<secret>/")
@no_store
def page(secret: str):
    return _render_page(_delegation(secret), secret, PrivacyForm())


@bp.post("/delegation/<secret>/privacy")
@no_store
def privacy(secret: str):
    delegation = _delegation(secret)
    form = PrivacyForm()

    def confirm():
        if not form.consent.data:
            raise DomainError(_l("Tick the box to confirm."), field="consent")
        members.confirm_privacy(delegation, delegation.coordinator_name)

    return submit(
        form,
        confirm,
        render=lambda: _render_page(delegation, secret, form),
        success=_page_url(secret),
        message=_l("Thank you: the members' agreement is recorded."),
    )


def _fill_categories(form: MemberForm) -> None:
    full = full_category_ids(g.event.id)
    form.category.choices = [SelectChoice("", _l("Choose a category"))] + [
        SelectChoice(
            str(category.id),
            _l("%(category)s: full, the member will join the waiting list", category=category.name)
            if category.id in full
            else category.name,
        )
        for category in members.delegation_categories(g.event)
    ]


def _added(member) -> str:
    if member.state == S.CONFIRMED:
        return _l("%(name)s is added and has a seat.", name=member.full_name)
    if member.state == S.WAITLISTED:
        return _l(
            "%(name)s is added but every place is taken: they are on the waiting list.",
            name=member.full_name,
        )
    return _l("%(name)s is added and awaits the organisers' approval.", name=member.full_name)


@bp.route("/delegation/<secret>/members/new", methods=["GET", "POST"])
@no_store
def add_member(secret: str):
    delegation = _delegation(secret)
    form = MemberForm()
    if not form.is_submitted():
        form.language.data = delegation.language

    def page():
        _fill_categories(form)
        return render_template(
            "delegations/member_form.html",
            form=form,
            delegation=delegation,
            secret=secret,
            title=_l("Add a member"),
            action=url_for("delegations.add_member", secret=secret),
            submit_label=_l("Add the member"),
        )

    return submit(
        form,
        lambda: members.add_member(delegation, form.values()),
        render=page,
        success=_page_url(secret),
        message=_added,
        lock=True,
    )


def _member(secret: str, member_id: int):
    """The delegation of the link and one of its members (404 for anyone else's)."""
    delegation = _delegation(secret)
    return delegation, members.member_of(delegation, member_id)


def _member_form(form, change, *, template: str, delegation, member, secret: str, message, **page):
    """A form page about one member; once done, back to the delegation's page."""
    return submit(
        form,
        change,
        render=lambda: render_template(
            template, form=form, delegation=delegation, secret=secret, member=member, **page
        ),
        success=_page_url(secret),
        message=message,
        lock=True,
    )


@bp.route("/delegation/<secret>/members/<int:member_id>/edit", methods=["GET", "POST"])
@no_store
def edit_member(secret: str, member_id: int):
    delegation, member = _member(secret, member_id)
    form = EditMemberForm(obj=member)
    return _member_form(
        form,
        lambda: members.update_member(delegation, member.id, form.values()),
        template="delegations/member_form.html",
        delegation=delegation,
        member=member,
        secret=secret,
        message=_l("The changes have been saved."),
        title=_l("Change a member's details"),
        action=url_for("delegations.edit_member", secret=secret, member_id=member.id),
        submit_label=_l("Save the changes"),
    )


@bp.route("/delegation/<secret>/members/<int:member_id>/remove", methods=["GET", "POST"])
@no_store
def remove_member(secret: str, member_id: int):
    delegation, member = _member(secret, member_id)
    form = ConfirmForm()

    def remove():
        if not form.confirm.data:
            raise DomainError(_l("Tick the box to confirm the removal."), field="confirm")
        members.remove_member(delegation, member.id)

    return _member_form(
        form,
        remove,
        template="delegations/remove.html",
        delegation=delegation,
        member=member,
        secret=secret,
        message=_l("The member is removed; their place is free."),
    )


@bp.route("/delegation/<secret>/members/<int:member_id>/substitute", methods=["GET", "POST"])
@no_store
def substitute(secret: str, member_id: int):
    delegation, member = _member(secret, member_id)
    form = SubstituteForm()
    if not form.is_submitted():
        form.language.data = member.language
    replaced = member.full_name
    return _member_form(
        form,
        lambda: members.substitute(delegation, member.id, form.values()),
        template="delegations/substitute.html",
        delegation=delegation,
        member=member,
        secret=secret,
        message=lambda new: _l(
            "%(new)s takes the place of %(old)s; the old badge no longer works.",
            new=new.full_name,
            old=replaced,
        ),
        replaced=replaced,
        deadline=substitution_deadline(g.event),
    )


def _cards(delegation) -> list[tuple]:
    """Each confirmed member, head of delegation first, with their badge payload and QR code."""
    confirmed = [m for m in lists.protocol_order(delegation.members) if m.state == S.CONFIRMED]
    return [(member, badge_payload(member), qr_svg(badge_payload(member))) for member in confirmed]


@bp.get("/delegation/<secret>/badges")
@no_store
def badges(secret: str):
    delegation = _delegation(secret)
    cards = _cards(delegation)
    if not cards:
        flash(_l("No member is confirmed yet, so there is no badge to print."), "warning")
    return render_template(
        "delegations/badges.html", delegation=delegation, secret=secret, cards=cards
    )


@bp.get("/delegation/<secret>/badges.pdf")
@no_store
def badges_pdf(secret: str):
    delegation = _delegation(secret)
    cards = _cards(delegation)
    if not cards:
        flash(_l("No member is confirmed yet, so there is no badge to print."), "warning")
        return redirect(url_for("delegations.badges", secret=secret), 303)
    filename = f"{g.event.acronym}-badges-{delegation.city.name_en}.pdf".replace(" ", "-")
    return pdf_response(badge_sheet(delegation, cards), filename)


@bp.get("/delegation/<secret>/members.csv")
@no_store
def members_csv(secret: str):
    delegation = _delegation(secret)
    filename = f"{g.event.acronym}-delegation-{delegation.city.name_en}.csv".replace(" ", "-")
    return csv_response(filename, lists.MEMBER_HEADER, lists.member_rows(delegation))
