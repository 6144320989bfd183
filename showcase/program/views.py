"""Public programme pages: the call for sessions, the speaker's own page (by secret link) and the
public speaker pages (speakers of confirmed sessions only)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.form import _Auto
from wtforms import SelectChoice

from showcase.core.blueprints import event_blueprint
from showcase.core.errors import DomainError
from showcase.core.i18n import current_language
from showcase.core.images import ImageRejected, read_upload
from showcase.core.navigation import public_link
from showcase.core.time import local_datetime_to_utc
from showcase.events.forms import city_choices
from showcase.extensions import db, limiter
from showcase.program.forms import (
    ConfirmActionForm,
    CoSpeakerForm,
    ProfileForm,
    ProposalForm,
    ResendForm,
    SessionFields,
    WindowForm,
    WithdrawForm,
    language_choices,
    type_choices,
)
from showcase.program.models import SessionState
from showcase.program.services import people, proposals
from showcase.program.services.transitions import Actor, may_move

bp = event_blueprint("program", __name__, url_prefix="/<event>")

SECRET_ENDPOINTS = {
    "program.confirm_proposal",
    "program.speaker_home",
    "program.edit_proposal",
    "program.withdraw_session",
    "program.confirm_session",
    "program.edit_profile",
    "program.add_availability",
    "program.delete_availability",
    "program.add_co_speaker",
    "program.remove_co_speaker",
}


@bp.after_request
def keep_secret_pages_out_of_caches(response):
    if request.endpoint in SECRET_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


public_link(
    _l("Speakers"),
    "program.speakers",
    order=30,
    description=_l("The people speaking at the showcase."),
)
public_link(
    _l("Call for sessions"),
    "program.cfp",
    order=40,
    description=_l("Propose a talk, panel, workshop or demo."),
    visible=lambda event: event.cfp_is_open(),
)


def show_error(form, error: DomainError) -> None:
    if error.field and error.field in form:
        field = form[error.field]
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")


def fill_session_choices(form: SessionFields) -> None:
    form.session_type.choices = type_choices()
    form.track.choices = [SelectChoice("", _l("No particular track"))] + [
        SelectChoice(track.slug, track.name) for track in g.event.tracks
    ]
    form.language.choices = language_choices()


def form_values(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "photo"}


# The call for sessions --------------------------------------------------------------------------


@bp.route("/cfp/", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def cfp():
    event = g.event
    if not event.cfp_is_open():
        status = 403 if request.method == "POST" else 200
        return render_template("program/cfp_closed.html"), status
    form = ProposalForm()
    fill_session_choices(form)
    form.city.choices = city_choices(_l("No city"))
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                proposals.submit_proposal(event, form_values(form), current_language())
            except proposals.CfpClosed:
                db.session.rollback()
                return render_template("program/cfp_closed.html"), 403
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
                status = error.status_code
            else:
                db.session.commit()
                return redirect(url_for("program.cfp_sent"), 303)
    return render_template("program/cfp.html", form=form), status


@bp.get("/cfp/sent")
def cfp_sent():
    return render_template("program/cfp_sent.html")


def link_problem(error: DomainError):
    db.session.rollback()
    return render_template(
        "program/link_problem.html", message=error.message, form=ResendForm()
    ), error.status_code


@bp.get("/cfp/confirm/<secret>")
def confirm_proposal(secret: str):
    try:
        _session, _speaker, manage_secret, confirmed_now = proposals.confirm_proposal(
            g.event, secret
        )
    except DomainError as error:
        return link_problem(error)
    db.session.commit()
    if confirmed_now:
        flash(
            _l(
                "Thank you: your email address is confirmed and your proposal is with the "
                "organisers."
            ),
            "success",
        )
    else:
        flash(_l("Your email address was already confirmed."), "info")
    return redirect(url_for("program.speaker_home", secret=manage_secret), 303)


@bp.route("/cfp/link", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def resend():
    form = ResendForm()
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                proposals.resend_link(g.event, form.email.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(
                    _l("If this address belongs to a speaker, we have sent the link to it."),
                    "success",
                )
                return redirect(url_for("program.resend"), 303)
    return render_template("program/resend.html", form=form), status


# The speaker's own page -------------------------------------------------------------------------


def _speaker(secret: str):
    return proposals.speaker_for_manage(g.event, secret)


@bp.get("/cfp/me/<secret>/")
def speaker_home(secret: str):
    try:
        speaker = _speaker(secret)
    except DomainError as error:
        return link_problem(error)
    db.session.commit()
    sessions = proposals.visible_sessions(speaker)
    return render_template(
        "program/speaker_home.html",
        speaker=speaker,
        sessions=sessions,
        secret=secret,
        may_edit=proposals.may_edit,
        may_change_co_speakers=lambda s: proposals.may_change_co_speakers(s, speaker),
        may_withdraw=lambda s: may_move(s, SessionState.WITHDRAWN, Actor.SPEAKER),
        may_confirm=lambda s: may_move(s, SessionState.CONFIRMED, Actor.SPEAKER),
        withdraw_form=WithdrawForm(),
        confirm_form=ConfirmActionForm(),
    )


@bp.route("/cfp/me/<secret>/sessions/<code>/edit", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def edit_proposal(secret: str, code: str):
    try:
        speaker = _speaker(secret)
        session = proposals.speaker_session(speaker, code)
    except DomainError as error:
        return link_problem(error)
    if not proposals.may_edit(session):
        flash(
            _l(
                "This session can no longer be changed here. Write to the organisers if "
                "something is wrong."
            ),
            "warning",
        )
        return redirect(url_for("program.speaker_home", secret=secret), 303)
    form = proposal_form(session)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                proposals.update_proposal(session, form_values(form))
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
                status = error.status_code
            else:
                db.session.commit()
                flash(_l("Your changes have been saved."), "success")
                return redirect(url_for("program.speaker_home", secret=secret), 303)
    return edit_page(speaker, session, secret, form=form, status=status)


def proposal_form(session, formdata=_Auto) -> SessionFields:
    form = SessionFields(formdata=formdata, obj=session)
    fill_session_choices(form)
    if not form.is_submitted() or formdata is None:
        form.track.data = session.track.slug if session.track else ""
        form.session_type.data = session.session_type.value
        form.language.data = session.language.value
    return form


def edit_page(speaker, session, secret: str, form=None, co_form=None, status: int = 200):
    """The proposal's edit page: the session's fields and, for its proposer, its co-speakers."""
    return render_template(
        "program/edit_proposal.html",
        form=form or proposal_form(session, formdata=None),
        co_form=co_form or CoSpeakerForm(formdata=None),
        session=session,
        secret=secret,
        speaker=speaker,
        may_change_co_speakers=proposals.may_change_co_speakers(session, speaker),
        max_co_speakers=proposals.MAX_CO_SPEAKERS,
    ), status


def co_speakers_changed(secret: str, code: str):
    return redirect(
        url_for("program.edit_proposal", secret=secret, code=code) + "#co-speakers", 303
    )


@bp.post("/cfp/me/<secret>/sessions/<code>/co-speakers")
@limiter.limit("30 per hour")
def add_co_speaker(secret: str, code: str):
    try:
        speaker = _speaker(secret)
        session = proposals.speaker_session(speaker, code)
    except DomainError as error:
        return link_problem(error)
    form = CoSpeakerForm()
    status = 400
    if form.validate():
        try:
            added = proposals.add_co_speaker(
                session, speaker, form.name.data, form.email.data, current_language()
            )
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
            status = error.status_code
        else:
            db.session.commit()
            if session.proposal_confirmed_at is not None:
                flash(
                    _l("%(name)s has been added and invited by email.", name=added.name),
                    "success",
                )
            else:
                flash(
                    _l(
                        "%(name)s has been added; they are invited once you confirm your email "
                        "address.",
                        name=added.name,
                    ),
                    "success",
                )
            return co_speakers_changed(secret, session.code)
    return edit_page(speaker, session, secret, co_form=form, status=status)


@bp.post("/cfp/me/<secret>/sessions/<code>/co-speakers/<speaker_code>/remove")
@limiter.limit("30 per hour")
def remove_co_speaker(secret: str, code: str, speaker_code: str):
    try:
        speaker = _speaker(secret)
        session = proposals.speaker_session(speaker, code)
    except DomainError as error:
        return link_problem(error)
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        flash(_l("The request could not be understood. Please reload the page."), "danger")
        return co_speakers_changed(secret, session.code)
    try:
        removed = proposals.remove_co_speaker(session, speaker, speaker_code)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(_l("%(name)s is no longer a speaker of this session.", name=removed.name), "success")
    return co_speakers_changed(secret, session.code)


@bp.post("/cfp/me/<secret>/sessions/<code>/withdraw")
@limiter.limit("30 per hour")
def withdraw_session(secret: str, code: str):
    try:
        speaker = _speaker(secret)
        session = proposals.speaker_session(speaker, code)
    except DomainError as error:
        return link_problem(error)
    form = WithdrawForm()
    if not form.validate_on_submit() or not form.confirm.data:
        flash(_l("Tick the box to confirm that you want to withdraw."), "danger")
        return redirect(url_for("program.speaker_home", secret=secret), 303)
    try:
        proposals.withdraw(session, speaker)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("program.speaker_home", secret=secret), 303)
    db.session.commit()
    flash(_l("The session has been withdrawn."), "success")
    return redirect(url_for("program.speaker_home", secret=secret), 303)


@bp.post("/cfp/me/<secret>/sessions/<code>/confirm")
@limiter.limit("30 per hour")
def confirm_session(secret: str, code: str):
    try:
        speaker = _speaker(secret)
        session = proposals.speaker_session(speaker, code)
    except DomainError as error:
        return link_problem(error)
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        proposals.confirm_session(session, speaker)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("program.speaker_home", secret=secret), 303)
    db.session.commit()
    flash(_l("Thank you: the session is confirmed."), "success")
    return redirect(url_for("program.speaker_home", secret=secret), 303)


@bp.route("/cfp/me/<secret>/profile", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def edit_profile(secret: str):
    try:
        speaker = _speaker(secret)
    except DomainError as error:
        return link_problem(error)
    form = ProfileForm(obj=speaker)
    form.city.choices = city_choices(_l("No city"))
    if not form.is_submitted():
        form.city.data = str(speaker.city_id) if speaker.city_id else ""
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            photo = None
            upload = form.photo.data
            try:
                if upload is not None and getattr(upload, "filename", ""):
                    try:
                        photo = read_upload(upload, people.PHOTO_MAX_BYTES)
                    except ImageRejected as error:
                        error.status_code = 413
                        raise
                people.update_profile(speaker, form_values(form), photo=photo)
            except DomainError as error:
                db.session.rollback()
                status = error.status_code
                if isinstance(error, ImageRejected):
                    error = DomainError(error.message, field="photo")
                show_error(form, error)
            else:
                db.session.commit()
                flash(_l("Your profile has been saved."), "success")
                return redirect(url_for("program.speaker_home", secret=secret), 303)
    return render_template(
        "program/edit_profile.html",
        form=form,
        speaker=speaker,
        secret=secret,
        window_form=WindowForm(),
        window_delete_url=lambda window: url_for(
            "program.delete_availability", secret=secret, window_id=window.id
        ),
    ), status


def add_window_from_form(form: WindowForm, add) -> None:
    """Add the availability window of a submitted ``form`` with ``add(starts_at, ends_at)`` (both
    UTC), commit, and flash the outcome or the form's problems; the caller redirects."""
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return
    timezone = g.event.timezone
    try:
        add(
            local_datetime_to_utc(form.starts_at.data, timezone),
            local_datetime_to_utc(form.ends_at.data, timezone),
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(_l("The time window has been added."), "success")


@bp.post("/cfp/me/<secret>/availability")
@limiter.limit("60 per hour")
def add_availability(secret: str):
    try:
        speaker = _speaker(secret)
    except DomainError as error:
        return link_problem(error)
    add_window_from_form(
        WindowForm(), lambda starts, ends: people.add_speaker_window(speaker, starts, ends)
    )
    return redirect(url_for("program.edit_profile", secret=secret) + "#availability", 303)


@bp.post("/cfp/me/<secret>/availability/<int:window_id>/delete")
@limiter.limit("60 per hour")
def delete_availability(secret: str, window_id: int):
    try:
        speaker = _speaker(secret)
        people.remove_speaker_window(speaker, window_id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(_l("The time window has been removed."), "success")
    return redirect(url_for("program.edit_profile", secret=secret) + "#availability", 303)


# Public speaker pages ---------------------------------------------------------------------------


@bp.get("/speakers/")
def speakers():
    return render_template("program/speakers.html", speakers=people.public_speakers(g.event))


@bp.get("/speakers/<code>/")
def speaker(code: str):
    found = people.public_speaker(g.event, code)
    if found is None:
        abort(404)
    if code != found.code:
        return redirect(url_for("program.speaker", code=found.code), 301)
    return render_template(
        "program/speaker.html", speaker=found, sessions=people.confirmed_sessions(found)
    )
