"""Pages for registering on others' behalf: organisers register a walk-in at the desk, correct a
registration, invite people from a CSV file, set how the waiting list is served and promote or
offer a seat by hand; a person accepts an offered seat from their manage page."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from flask_login import current_user
from wtforms import SelectChoice

from showcase.core.blueprints import event_blueprint, of_this_event
from showcase.core.db import unit_of_work
from showcase.core.forms import press, submit, submit_import
from showcase.core.roles import Permission, requires
from showcase.core.security import no_store
from showcase.registration.forms import (
    InvitationImportForm,
    OfferForm,
    OnBehalfForm,
    RegistrationForm,
    WaitlistSettingsForm,
    WalkInForm,
)
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services import offers, onbehalf
from showcase.registration.services import registrations as service
from showcase.registration.services.settings import current_settings
from showcase.registration.views import fill_choices

bp = event_blueprint("registration_onbehalf", __name__, url_prefix="/manage/<event>")
public_bp = event_blueprint("registration_offers", __name__, url_prefix="/<event>")

S = RegistrationState


def _registration(registration_id: int) -> Registration:
    return of_this_event(Registration, registration_id)


def _fill(form: OnBehalfForm, registration: Registration | None = None) -> None:
    fill_choices(form)
    categories = onbehalf.organiser_categories(g.event)
    form.category.choices = [SelectChoice("", _l("Choose a category"))] + [
        SelectChoice(str(category.id), category.name) for category in categories
    ]
    if registration is not None and registration.category.given_to:
        form.category.choices.append(
            SelectChoice(str(registration.category_id), registration.category.name)
        )


def _page(template: str, form: OnBehalfForm, registration: Registration | None = None) -> str:
    _fill(form, registration)
    return render_template(template, form=form, registration=registration)


def _who() -> str:
    return current_user.email


# A walk-in at the desk ------------------------------------------------------------------------


@bp.route("/registrations/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def walk_in():
    form = WalkInForm()
    if not form.is_submitted():
        form.language.data = "en"
    return submit(
        form,
        lambda: onbehalf.register_walk_in(
            g.event, form.values(), _who(), check_in=bool(form.check_in.data)
        ),
        render=lambda: _page("registration/manage/walk_in.html", form),
        success=lambda registration: url_for(
            "registration_manage.detail", registration_id=registration.id
        ),
        message=lambda registration: _walk_in_message(registration),
        lock=True,
    )


def _walk_in_message(registration: Registration):
    if registration.checked_in_at is not None:
        return _l(
            "%(name)s is registered and checked in; their registration link is emailed.",
            name=registration.full_name,
        )
    return _l(
        "%(name)s is registered (%(state)s); their registration link is emailed.",
        name=registration.full_name,
        state=registration.state.label.lower(),
    )


# Correcting a registration --------------------------------------------------------------------


@bp.route("/registrations/<int:registration_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def edit(registration_id: int):
    registration = _registration(registration_id)
    form = OnBehalfForm(obj=registration)
    if not form.is_submitted():
        form.city.data = str(registration.city_id) if registration.city_id else service.OTHER_CITY
        form.category.data = str(registration.category_id)
    return submit(
        form,
        lambda: onbehalf.edit_registration(g.event, registration.id, form.values(), _who()),
        render=lambda: _page("registration/manage/edit.html", form, registration),
        success=url_for("registration_manage.detail", registration_id=registration.id),
        message=_l("The registration is saved; the change is in its history."),
        lock=True,
    )


# Invitees from CSV ----------------------------------------------------------------------------


@bp.route("/registrations/invitations", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def invitations():
    form = InvitationImportForm()

    def page(errors=()):
        return render_template(
            "registration/manage/invitations.html",
            form=form,
            errors=errors,
            categories=onbehalf.organiser_categories(g.event),
        )

    return submit_import(
        form,
        lambda: onbehalf.import_invitations(g.event, form.file.data.read(), _who()),
        render=page,
        success=url_for("registration_manage.registrations"),
        message=lambda result: _nl(
            "%(num)d invitation is emailed.", "%(num)d invitations are emailed.", result.invited
        ),
        lock=True,
    )


# The waiting list by hand ---------------------------------------------------------------------


@bp.route("/registration/waiting-list", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def waitlist_settings():
    settings = current_settings(g.event)
    form = WaitlistSettingsForm(obj=settings)
    return submit(
        form,
        lambda: offers.update_waitlist_settings(
            g.event, form.offer_hours.data, bool(form.waitlist_by_hand.data)
        ),
        render=lambda: render_template("registration/manage/waitlist_settings.html", form=form),
        success=url_for("registration_manage.settings"),
        message=_l("The settings are saved."),
        lock=True,
    )


def _waitlist_step(registration_id: int, action, done):
    registration = _registration(registration_id)
    form = OfferForm()
    return press(
        lambda: action(registration, form),
        done=done,
        back=url_for("registration_manage.detail", registration_id=registration.id),
        lock=True,
        form=form,
    )


@bp.post("/registrations/<int:registration_id>/promote")
@requires(Permission.MANAGE_EVENT)
def promote(registration_id: int):
    return _waitlist_step(
        registration_id,
        lambda r, form: offers.promote(g.event, r.id, _who()),
        _l("Promoted. The registrant has been emailed."),
    )


@bp.post("/registrations/<int:registration_id>/offer")
@requires(Permission.MANAGE_EVENT)
def offer(registration_id: int):
    return _waitlist_step(
        registration_id,
        lambda r, form: offers.offer(g.event, r.id, form.hours.data or 0, _who()),
        _l("The place is offered. The registrant has been emailed."),
    )


# An invitee's personal link -------------------------------------------------------------------


def invited_registration(secret: str):
    """The public form opened by an invitation link (``/<event>/register?invite=…``): filled
    in with what the organisers know, in the invitee's category, without its code."""
    from showcase.registration.views import _registration_page

    event = g.event
    with unit_of_work():
        invitation = onbehalf.invitation_for(event, secret)  # 404 / 409 with the reason
        category = invitation.category
        prefilled = onbehalf.invited_values(invitation)
    form = RegistrationForm()
    if not form.is_submitted():
        for name, value in prefilled.items():
            form[name].data = value
    return submit(
        form,
        lambda: onbehalf.register_invited(event, secret, form.values()),
        render=lambda: _registration_page(form, "", invite=secret, category=category),
        success=lambda made: (
            url_for("registration.manage", secret=made[1])
            if made[1]
            else url_for("registration.sent")
        ),
        message=_l("Thank you for registering."),
        lock=True,
    )


# The person accepts their offer ---------------------------------------------------------------


@public_bp.post("/registration/<secret>/accept")
@no_store
def accept(secret: str):
    registration = service.for_manage(g.event, secret)
    # An offer found expired is cancelled and passed on in this unit of work, which is saved;
    # only then is the person told (410).
    with unit_of_work(lock=True):
        outcome = offers.accept(registration.id)
    if not outcome.accepted:
        return render_template("registration/offer_gone.html", secret=secret), 410
    flash(_l("The place is yours: your registration is confirmed."), "success")
    return redirect(url_for("registration.manage", secret=secret), 303)
