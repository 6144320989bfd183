"""Organiser pages of visa letters: the approval queue, a letter's page (the passport data, its
history, issue / decline / revoke, the PDF), correcting an issued letter (a new number replaces
the old one), and the letterhead settings. Every page needs ``Permission.VISA_LETTERS``
(administrators and organisers): check-in staff and reviewers never see passport data."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from showcase.core.audit import record_export
from showcase.core.blueprints import event_blueprint, of_this_event
from showcase.core.errors import DomainError
from showcase.core.forms import REASON_TOO_LONG, press, submit
from showcase.core.images import read_upload
from showcase.core.listing import enum_arg
from showcase.core.navigation import dashboard_panel, manage_link
from showcase.core.pdf import pdf_response
from showcase.core.roles import Permission, requires
from showcase.events.models import Event
from showcase.extensions import db
from showcase.letters.document import letter_pdf, verification_url
from showcase.letters.forms import CorrectionForm, ReasonForm, SettingsForm
from showcase.letters.models import LetterState, VisaLetter
from showcase.letters.services import issuing
from showcase.letters.services.retention import purge_date
from showcase.letters.services.settings import (
    LOGO_MAX_BYTES,
    PLACEHOLDERS,
    current_settings,
    save_settings,
)
from showcase.letters.services.states import MACHINE, Actor

bp = event_blueprint("letters_manage", __name__, url_prefix="/manage/<event>")

L = LetterState

manage_link(
    _l("Visa letters"),
    "letters_manage.letters",
    Permission.VISA_LETTERS,
    order=24,
    group=_l("Registration"),
)


@dashboard_panel("letters/manage/_panel.html", order=24, permission=Permission.VISA_LETTERS)
def letters_panel(event: Event) -> dict:
    letters = issuing.queue(event)
    return {
        "waiting": sum(1 for letter in letters if letter.state == L.REQUESTED),
        "issued": sum(1 for letter in letters if letter.state == L.ISSUED),
    }


def _letter(letter_id: int) -> VisaLetter:
    return of_this_event(VisaLetter, letter_id)


@bp.get("/letters/")
@requires(Permission.VISA_LETTERS)
def letters():
    state = enum_arg("state", L)
    return render_template(
        "letters/manage/list.html", letters=issuing.queue(g.event, state), state=state, states=L
    )


@bp.get("/letters/<int:letter_id>/")
@requires(Permission.VISA_LETTERS)
def detail(letter_id: int):
    letter = _letter(letter_id)
    return render_template(
        "letters/manage/detail.html",
        letter=letter,
        reason_form=ReasonForm(),
        may_issue=MACHINE.may(letter, L.ISSUED, Actor.ORGANISER) and letter.purged_at is None,
        may_reject=MACHINE.may(letter, L.REJECTED, Actor.ORGANISER),
        may_revoke=MACHINE.may(letter, L.REVOKED, Actor.ORGANISER),
        verification=verification_url(letter) if letter.number else "",
        replaced_by=db.session.scalar(
            db.select(VisaLetter).where(VisaLetter.replaces_id == letter.id)
        ),
    )


def _decide(letter_id: int, action, done):
    letter = _letter(letter_id)
    form = ReasonForm()
    return press(
        lambda: action(letter.id, current_user.email, (form.reason.data or "").strip()[:1000]),
        done=done,
        back=url_for(".detail", letter_id=letter.id),
        lock=True,
        form=form,
        invalid=REASON_TOO_LONG,
    )


@bp.post("/letters/<int:letter_id>/issue")
@requires(Permission.VISA_LETTERS)
def issue(letter_id: int):
    return _decide(
        letter_id,
        issuing.issue,
        _l("The letter is issued; the person has been emailed a link to download it."),
    )


@bp.post("/letters/<int:letter_id>/reject")
@requires(Permission.VISA_LETTERS)
def reject(letter_id: int):
    return _decide(
        letter_id, issuing.reject, _l("The letter is not issued; the person has been emailed.")
    )


@bp.post("/letters/<int:letter_id>/revoke")
@requires(Permission.VISA_LETTERS)
def revoke(letter_id: int):
    return _decide(
        letter_id,
        issuing.revoke,
        _l(
            "The letter is revoked: its verification page now says so. The person has been emailed."
        ),
    )


@bp.route("/letters/<int:letter_id>/correct", methods=["GET", "POST"])
@requires(Permission.VISA_LETTERS)
def correct(letter_id: int):
    letter = _letter(letter_id)
    if letter.state != L.ISSUED or letter.purged_at is not None:
        flash(_l("Only an issued letter can be corrected."), "warning")
        return redirect(url_for(".detail", letter_id=letter.id), 303)
    form = CorrectionForm(obj=letter, date_of_birth=letter.date_of_birth, reason="")
    form.fill_choices()
    return submit(
        form,
        lambda: issuing.correct(letter.id, form.values(), current_user.email),
        render=lambda: render_template("letters/manage/correct.html", form=form, letter=letter),
        success=lambda new: url_for(".detail", letter_id=new.id),
        message=lambda new: _l(
            "Letter %(old)s is revoked and %(new)s issued in its place.",
            old=letter.number,
            new=new.number,
        ),
        lock=True,
    )


@bp.get("/letters/<int:letter_id>/letter.pdf")
@requires(Permission.VISA_LETTERS)
def pdf(letter_id: int):
    letter = _letter(letter_id)
    if letter.state not in (L.ISSUED, L.REVOKED) or letter.purged_at is not None:
        abort(404)
    response = pdf_response(letter_pdf(letter), f"{letter.number}.pdf", inline=True)
    record_export(f"{letter.number}.pdf")  # it holds passport data
    return response


@bp.route("/letters/settings", methods=["GET", "POST"])
@requires(Permission.VISA_LETTERS)
def settings():
    event = g.event
    stored = current_settings(event)
    form = SettingsForm(obj=stored)

    def save():
        upload = form.logo.data  # the stored logo (from ``obj``) when no file was sent
        sent = isinstance(upload, FileStorage) and upload.filename
        try:
            logo = read_upload(upload, LOGO_MAX_BYTES) if sent else None
        except DomainError as error:
            error.field = "logo"
            raise
        return save_settings(event, form.values("logo"), logo)

    return submit(
        form,
        save,
        render=lambda: render_template(
            "letters/manage/settings.html",
            form=form,
            placeholders=PLACEHOLDERS,
            letterhead=stored,
            purge_on=purge_date(event, stored),
        ),
        success=url_for(".settings"),
        message=_l("The visa letter settings are saved."),
    )
