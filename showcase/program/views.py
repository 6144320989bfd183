"""Public programme pages: the call for sessions, the speaker's own page (by secret link) and the
public speaker pages (speakers of confirmed sessions only)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.form import _Auto

from showcase.core.blueprints import event_blueprint, or_404
from showcase.core.errors import DomainError
from showcase.core.forms import run, submit
from showcase.core.i18n import current_language
from showcase.core.links import flash_confirmation, link_problem_page
from showcase.core.navigation import public_link
from showcase.core.security import no_store
from showcase.events.forms import city_choices
from showcase.extensions import limiter
from showcase.program.forms import (
    ConfirmActionForm,
    CoSpeakerForm,
    ProfileForm,
    ProposalForm,
    ResendForm,
    SessionFields,
    WindowForm,
    WithdrawForm,
)
from showcase.program.models import SessionState
from showcase.program.pages import (
    add_window,
    fill_session_choices,
    form_values,
    read_photo,
    remove_window,
)
from showcase.program.services import people, proposals
from showcase.program.services.transitions import Actor, may_move

bp = event_blueprint("program", __name__, url_prefix="/<event>")

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


# The call for sessions --------------------------------------------------------------------------


def cfp_closed(_error=None):
    return render_template("program/cfp_closed.html"), 403


@bp.route("/cfp/", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def cfp():
    event = g.event
    if not event.cfp_is_open():
        return render_template("program/cfp_closed.html"), 403 if request.method == "POST" else 200
    form = ProposalForm()
    fill_session_choices(form)
    form.city.choices = city_choices(_l("No city"))
    return submit(
        form,
        lambda: proposals.submit_proposal(event, form_values(form), current_language()),
        render=lambda: render_template("program/cfp.html", form=form),
        success=url_for("program.cfp_sent"),
        refusals={proposals.CfpClosed: cfp_closed},
    )


@bp.get("/cfp/sent")
def cfp_sent():
    return render_template("program/cfp_sent.html")


def link_problem(error: DomainError):
    return link_problem_page(
        error.message,
        error.status_code,
        ResendForm(),
        "program.resend",
        gettext(
            "Give the email address you proposed with or were invited at. If it belongs to a "
            "speaker, we send a new link to it."
        ),
    )


@bp.get("/cfp/confirm/<secret>")
@no_store
def confirm_proposal(secret: str):
    # The link in the confirmation email: following it is the confirmation.
    try:
        _session, _speaker, manage_secret, confirmed_now = run(
            lambda: proposals.confirm_proposal(g.event, secret)
        )
    except DomainError as error:
        return link_problem(error)
    flash_confirmation(
        confirmed_now,
        _l("Thank you: your email address is confirmed and your proposal is with the organisers."),
    )
    return redirect(url_for("program.speaker_home", secret=manage_secret), 303)


@bp.route("/cfp/link", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def resend():
    form = ResendForm()
    return submit(
        form,
        lambda: proposals.resend_link(g.event, form.email.data),
        render=lambda: render_template("program/resend.html", form=form),
        success=url_for("program.resend"),
        message=_l("If this address belongs to a speaker, we have sent the link to it."),
    )


# The speaker's own page -------------------------------------------------------------------------


def _speaker(secret: str):
    """The speaker of a manage link; the first use of a link that came by email confirms their
    address."""
    speaker = proposals.speaker_for_manage(g.event, secret)
    if speaker.email_confirmed_at is None:
        run(lambda: proposals.confirm_address(speaker))
    return speaker


def _speaker_session(secret: str, code: str):
    speaker = _speaker(secret)
    return speaker, proposals.speaker_session(speaker, code)


def _home(secret: str) -> str:
    return url_for("program.speaker_home", secret=secret)


@bp.get("/cfp/me/<secret>/")
@no_store
def speaker_home(secret: str):
    try:
        speaker = _speaker(secret)
    except DomainError as error:
        return link_problem(error)
    return render_template(
        "program/speaker_home.html",
        speaker=speaker,
        sessions=proposals.visible_sessions(speaker),
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
@no_store
def edit_proposal(secret: str, code: str):
    try:
        speaker, session = _speaker_session(secret, code)
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
        return redirect(_home(secret), 303)
    form = proposal_form(session)
    return submit(
        form,
        lambda: proposals.update_proposal(session, form_values(form)),
        render=lambda: edit_page(speaker, session, secret, form=form),
        success=_home(secret),
        message=_l("Your changes have been saved."),
    )


def proposal_form(session, formdata=_Auto) -> SessionFields:
    form = SessionFields(formdata=formdata, obj=session)
    fill_session_choices(form)
    if not form.is_submitted() or formdata is None:
        form.track.data = session.track.slug if session.track else ""
        form.session_type.data = session.session_type.value
        form.language.data = session.language.value
    return form


def edit_page(speaker, session, secret: str, form=None, co_form=None) -> str:
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
    )


def co_speakers_url(secret: str, code: str) -> str:
    return url_for("program.edit_proposal", secret=secret, code=code) + "#co-speakers"


def co_speaker_added(session, added) -> str:
    if session.proposal_confirmed_at is not None:
        return _l("%(name)s has been added and invited by email.", name=added.name)
    return _l(
        "%(name)s has been added; they are invited once you confirm your email address.",
        name=added.name,
    )


@bp.post("/cfp/me/<secret>/sessions/<code>/co-speakers")
@limiter.limit("30 per hour")
@no_store
def add_co_speaker(secret: str, code: str):
    try:
        speaker, session = _speaker_session(secret, code)
    except DomainError as error:
        return link_problem(error)
    form = CoSpeakerForm()
    return submit(
        form,
        lambda: proposals.add_co_speaker(
            session, speaker, form.name.data, form.email.data, current_language()
        ),
        render=lambda: edit_page(speaker, session, secret, co_form=form),
        success=co_speakers_url(secret, session.code),
        message=lambda added: co_speaker_added(session, added),
        lock=True,
    )


@bp.post("/cfp/me/<secret>/sessions/<code>/co-speakers/<speaker_code>/remove")
@limiter.limit("30 per hour")
@no_store
def remove_co_speaker(secret: str, code: str, speaker_code: str):
    try:
        speaker, session = _speaker_session(secret, code)
    except DomainError as error:
        return link_problem(error)
    if not ConfirmActionForm().validate_on_submit():
        flash(_l("The request could not be understood. Please reload the page."), "danger")
        return redirect(co_speakers_url(secret, session.code), 303)
    try:
        removed = run(
            lambda: proposals.remove_co_speaker(session, speaker, speaker_code), lock=True
        )
    except DomainError as error:
        flash(error.message, "danger")
    else:
        flash(_l("%(name)s is no longer a speaker of this session.", name=removed.name), "success")
    return redirect(co_speakers_url(secret, session.code), 303)


@bp.post("/cfp/me/<secret>/sessions/<code>/withdraw")
@limiter.limit("30 per hour")
@no_store
def withdraw_session(secret: str, code: str):
    try:
        speaker, session = _speaker_session(secret, code)
    except DomainError as error:
        return link_problem(error)
    form = WithdrawForm()
    if not form.validate_on_submit() or not form.confirm.data:
        flash(_l("Tick the box to confirm that you want to withdraw."), "danger")
        return redirect(_home(secret), 303)
    try:
        run(lambda: proposals.withdraw(session, speaker), lock=True)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        flash(_l("The session has been withdrawn."), "success")
    return redirect(_home(secret), 303)


@bp.post("/cfp/me/<secret>/sessions/<code>/confirm")
@limiter.limit("30 per hour")
@no_store
def confirm_session(secret: str, code: str):
    try:
        speaker, session = _speaker_session(secret, code)
    except DomainError as error:
        return link_problem(error)
    if not ConfirmActionForm().validate_on_submit():
        abort(400)
    try:
        run(lambda: proposals.confirm_session(session, speaker), lock=True)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        flash(_l("Thank you: the session is confirmed."), "success")
    return redirect(_home(secret), 303)


@bp.route("/cfp/me/<secret>/profile", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@no_store
def edit_profile(secret: str):
    try:
        speaker = _speaker(secret)
    except DomainError as error:
        return link_problem(error)
    form = ProfileForm(obj=speaker)
    form.city.choices = city_choices(_l("No city"))
    if not form.is_submitted():
        form.city.data = str(speaker.city_id) if speaker.city_id else ""
    return submit(
        form,
        lambda: people.update_profile(
            speaker, form_values(form), photo=read_photo(form.photo.data)
        ),
        render=lambda: render_template(
            "program/edit_profile.html",
            form=form,
            speaker=speaker,
            secret=secret,
            window_form=WindowForm(),
            window_delete_url=lambda window: url_for(
                "program.delete_availability", secret=secret, window_id=window.id
            ),
        ),
        success=_home(secret),
        message=_l("Your profile has been saved."),
    )


@bp.post("/cfp/me/<secret>/availability")
@limiter.limit("60 per hour")
@no_store
def add_availability(secret: str):
    try:
        speaker = _speaker(secret)
    except DomainError as error:
        return link_problem(error)
    add_window(WindowForm(), lambda starts, ends: people.add_speaker_window(speaker, starts, ends))
    return redirect(url_for("program.edit_profile", secret=secret) + "#availability", 303)


@bp.post("/cfp/me/<secret>/availability/<int:window_id>/delete")
@limiter.limit("60 per hour")
@no_store
def delete_availability(secret: str, window_id: int):
    try:
        speaker = _speaker(secret)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        remove_window(lambda: people.remove_speaker_window(speaker, window_id))
    return redirect(url_for("program.edit_profile", secret=secret) + "#availability", 303)


# Public speaker pages ---------------------------------------------------------------------------


@bp.get("/speakers/")
def speakers():
    return render_template("program/speakers.html", speakers=people.public_speakers(g.event))


@bp.get("/speakers/<code>/")
def speaker(code: str):
    found = or_404(people.public_speaker(g.event, code))
    if code != found.code:
        return redirect(url_for("program.speaker", code=found.code), 301)
    return render_template(
        "program/speaker.html", speaker=found, sessions=people.confirmed_sessions(found)
    )
