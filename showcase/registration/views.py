"""Public registration pages: the form, the confirmation link, the lost-link form and the
registrant's own pages behind the secret manage link (``/<event>/registration/<secret>/``)."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from flask import Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from wtforms import SelectChoice

from showcase.core.blueprints import event_blueprint
from showcase.core.db import utcnow
from showcase.core.errors import DomainError, error_response
from showcase.core.forms import run, submit
from showcase.core.i18n import current_language
from showcase.core.links import flash_confirmation, link_problem_page
from showcase.core.navigation import public_link
from showcase.core.security import no_store
from showcase.core.time import format_time
from showcase.events.forms import city_choices
from showcase.extensions import limiter
from showcase.questions.fields import public_form, public_notes
from showcase.registration.calendar import event_ics
from showcase.registration.forms import ConfirmForm, DetailsFields, EmailForm, RegistrationForm
from showcase.registration.models import RegistrationState
from showcase.registration.services import registrations as service
from showcase.registration.services import waitlist
from showcase.registration.services.badges import badge_payload, qr_svg
from showcase.registration.services.seats import full_category_ids
from showcase.registration.services.settings import privacy_version
from showcase.registration.services.states import MACHINE, Actor

bp = event_blueprint("registration", __name__, url_prefix="/<event>")

S = RegistrationState

public_link(
    _l("Register"),
    "registration.register",
    order=10,
    description=_l("Register as a delegate or visitor and get your badge."),
    visible=lambda event: event.registration_is_open(),
)


def fill_choices(form: DetailsFields, invitation_code: str = "") -> None:
    """The cities (in the reader's order) and, on the registration form, the categories open to
    this person, a full one marked as leading to the waiting list."""
    form.city.choices = [
        *city_choices(_l("Choose your city")),
        SelectChoice(service.OTHER_CITY, _l("Other city"), optgroup=str(_l("Elsewhere"))),
    ]
    if isinstance(form, RegistrationForm):
        full = full_category_ids(g.event.id)
        form.category.choices = [SelectChoice("", _l("Choose a category"))] + [
            SelectChoice(
                str(category.id),
                _l("%(category)s: full, you will join the waiting list", category=category.name)
                if category.id in full
                else category.name,
            )
            for category in service.categories_for(g.event, invitation_code)
        ]


# Rate limits of the registration form (see the README's settings). Only registrations the
# form accepted count against a connection and an email address, so a city office or a kiosk
# registering a group, or a person correcting a mistake, is not stopped; a wider limit on every
# attempt stops a script that only sends rubbish.


def _accepted(response: Response) -> bool:
    return response.status_code == 303


def _email_key() -> str:
    return "registration-email:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTRATION_ATTEMPTS_PER_ADDRESS"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["REGISTRATION_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_accepted,
)
@limiter.limit(
    lambda: current_app.config["REGISTRATION_LIMIT_PER_EMAIL"],
    methods=["POST"],
    key_func=_email_key,
    deduct_when=_accepted,
)
def register():
    event = g.event
    if request.args.get("invite"):
        from showcase.registration.onbehalf import invited_registration

        return invited_registration(request.args["invite"][:100])
    if not event.registration_is_open():
        status = 403 if request.method == "POST" else 200
        return render_template("registration/closed.html"), status
    form = public_form(RegistrationForm, event)()
    code = (form.invitation_code.data or request.args.get("code") or "").strip()[:32]
    if not form.is_submitted():
        form.invitation_code.data = code
        form.language.data = current_language()
    return submit(
        form,
        lambda: service.register(event, form.values()),
        render=lambda: _registration_page(form, code),
        success=url_for("registration.sent"),
        lock=True,
        refusals={
            service.RegistrationClosed: lambda error: (
                render_template("registration/closed.html"),
                403,
            )
        },
    )


def _registration_page(
    form: RegistrationForm, code: str, limited: str = "", invite: str = "", category=None
) -> str:
    fill_choices(form, code)  # only when the form is shown: a successful POST needs none
    if category is not None:  # an invitee's own category (services/onbehalf.py)
        form.category.choices = [SelectChoice(str(category.id), category.name)]
    return render_template(
        "registration/register.html",
        form=form,
        privacy_version=privacy_version(g.event),
        limited=limited,
        invite=invite,
        question_notes=public_notes(form, g.event),
    )


@bp.errorhandler(RateLimitExceeded)
def too_many_requests(error: RateLimitExceeded):
    """The registration form answers its rate limit with the form as it was sent, the typed
    values kept, and when it may be sent again; other pages get the usual error page."""
    if request.endpoint != "registration.register" or not g.get("event"):
        return error_response(429)
    form = public_form(RegistrationForm, g.event)()
    code = (form.invitation_code.data or "").strip()[:32]
    return _registration_page(form, code, limited=_limit_message()), 429


def _limit_message() -> str:
    breached = limiter.current_limit
    reset_at = datetime.fromtimestamp(breached.reset_at, UTC) if breached else utcnow()
    minutes = max(1, math.ceil((reset_at - utcnow()).total_seconds() / 60))
    when = ngettext(
        "You can send it again in %(num)d minute, at %(time)s.",
        "You can send it again in %(num)d minutes, at %(time)s.",
        minutes,
        time=format_time(reset_at, g.event.timezone, with_zone=True),
    )
    if breached is not None and "registration-email:" in breached.key:
        why = _l("This email address has been registered several times in the last hour.")
    else:
        why = _l("Many registrations have been sent from your connection in the last hour.")
    kept = _l("Nothing was lost: what you typed is still in the form below.")
    return f"{why} {kept} {when}"


@bp.get("/register/sent")
def sent():
    return render_template("registration/sent.html")


@bp.get("/register/confirm/<token>")
@no_store
@limiter.limit("30 per minute")
def confirm(token: str):
    # The link in the email is a GET that confirms: it is the one page here that writes on GET.
    try:
        _registration, manage_secret, confirmed_now = run(
            lambda: service.confirm(g.event, token), lock=True
        )
    except DomainError as error:
        return link_problem_page(
            error.message,
            error.status_code,
            EmailForm(),
            "registration.resend",
            gettext(
                "Give the email address you registered with. If there is a registration for it, "
                "we send its link there."
            ),
        )
    flash_confirmation(confirmed_now, _l("Thank you: your email address is confirmed."))
    return redirect(url_for("registration.manage", secret=manage_secret), 303)


@bp.route("/register/resend", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def resend():
    form = EmailForm()
    return submit(
        form,
        lambda: service.resend_links(g.event, form.email.data),
        render=lambda: render_template("registration/resend.html", form=form),
        success=url_for("registration.sent"),
    )


# The registrant's own pages -------------------------------------------------------------------


def _managed(secret: str):
    return service.for_manage(g.event, secret)


@bp.get("/registration/<secret>/")
@no_store
def manage(secret: str):
    registration = _managed(secret)
    return render_template(
        "registration/manage.html",
        registration=registration,
        secret=secret,
        active=registration.is_active,
        editable=registration.state in service.EDITABLE,
        may_cancel=MACHINE.may(registration, S.CANCELLED, Actor.REGISTRANT),
        position=waitlist.position(registration),
    )


@bp.route("/registration/<secret>/edit", methods=["GET", "POST"])
@no_store
def edit(secret: str):
    registration = _managed(secret)
    if registration.state not in service.EDITABLE:
        flash(_l("This registration is closed; its details can no longer be changed."), "warning")
        return redirect(url_for("registration.manage", secret=secret), 303)
    form = DetailsFields(obj=registration)
    fill_choices(form)
    if not form.is_submitted():
        form.city.data = str(registration.city_id) if registration.city_id else service.OTHER_CITY
    return submit(
        form,
        lambda: service.update_details(registration, form.values()),
        render=lambda: render_template(
            "registration/edit.html", form=form, registration=registration, secret=secret
        ),
        success=url_for("registration.manage", secret=secret),
        message=_l("Your changes have been saved."),
    )


@bp.route("/registration/<secret>/cancel", methods=["GET", "POST"])
@no_store
def cancel(secret: str):
    registration = _managed(secret)
    if not MACHINE.may(registration, S.CANCELLED, Actor.REGISTRANT):
        flash(_l("This registration cannot be cancelled now."), "warning")
        return redirect(url_for("registration.manage", secret=secret), 303)
    form = ConfirmForm()

    def cancel_ticked():
        ticked(form, _l("Tick the box to confirm that you want to cancel."))
        service.cancel(registration.id, Actor.REGISTRANT)

    return submit(
        form,
        cancel_ticked,
        render=lambda: render_template(
            "registration/cancel.html", form=form, registration=registration, secret=secret
        ),
        success=url_for("registration.manage", secret=secret),
        message=_l("Your registration is cancelled."),
        lock=True,
    )


def ticked(form: ConfirmForm, refusal) -> None:
    """Refuse a confirmation page sent without its box ticked."""
    if not form.confirm.data:
        raise DomainError(refusal, field="confirm")


@bp.get("/registration/<secret>/badge")
@no_store
def badge(secret: str):
    registration = _managed(secret)
    if registration.state != S.CONFIRMED:
        if registration.is_active:
            flash(_l("A badge is ready once your registration is confirmed."), "warning")
        else:  # an old email's badge link, after the registration ended
            flash(
                _l(
                    "This registration is %(state)s, so it has no badge.",
                    state=registration.state.label.lower(),
                ),
                "warning",
            )
        return redirect(url_for("registration.manage", secret=secret), 303)
    payload = badge_payload(registration)
    return render_template(
        "registration/badge.html",
        registration=registration,
        secret=secret,
        payload=payload,
        qr=qr_svg(payload),
    )


@bp.get("/registration/<secret>/event.ics")
@no_store
def calendar(secret: str):
    registration = _managed(secret)
    response = Response(event_ics(registration.event, current_language()), mimetype="text/calendar")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{registration.event.acronym}.ics"'
    )
    return response


@bp.get("/registration/<secret>/data.json")
@no_store
def data(secret: str):
    registration = _managed(secret)
    body = json.dumps(service.personal_data(registration), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-registration.json"'
    return response


@bp.route("/registration/<secret>/erase", methods=["GET", "POST"])
@no_store
def erase(secret: str):
    registration = _managed(secret)
    form = ConfirmForm()
    sent = form.is_submitted()
    if sent and form.validate() and form.confirm.data:
        run(lambda: service.erase(registration.id), lock=True)
        # Erased, the manage link opens nothing any more: the answer is the page itself.
        return render_template("registration/erased.html")
    if sent:
        form.confirm.errors = [_l("Tick the box to confirm that you want to erase your data.")]
    return render_template(
        "registration/erase.html", form=form, registration=registration, secret=secret
    ), (400 if sent else 200)
