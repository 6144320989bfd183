"""Public visa-letter pages: the delegate's request behind their manage link, the coordinator's
request for a member behind the delegation's link, the issued letter's PDF, and the public
verification page an embassy opens from the QR code (``/<event>/letters/<number>?code=…``).

The verification page answers a wrong check code exactly as it answers a number that does not
exist (404, the same page), so trying numbers or codes tells nobody anything.
"""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from showcase.core.blueprints import event_blueprint
from showcase.core.forms import run, submit
from showcase.core.pdf import pdf_response
from showcase.core.security import no_store
from showcase.delegations.services import delegations as delegation_service
from showcase.delegations.services import members
from showcase.extensions import limiter
from showcase.letters.document import letter_pdf
from showcase.letters.forms import LetterRequestForm, VerifyForm
from showcase.letters.models import LetterState
from showcase.letters.services import issuing, requests
from showcase.letters.services.requests import TRAVEL_MARGIN_DAYS, travel_window
from showcase.registration.services import registrations

bp = event_blueprint("letters", __name__, url_prefix="/<event>")


def _letter_page(form, registration, back_url: str, action: str, withdraw: str, pdf: str):
    letter = requests.open_letter(registration)
    earliest, latest = travel_window(g.event)
    return render_template(
        "letters/request.html",
        form=form,
        registration=registration,
        letter=letter,
        history=requests.letters_of(registration),
        may_request=requests.may_request(registration),
        back_url=back_url,
        action=action,
        withdraw_url=withdraw,
        pdf_url=pdf,
        earliest=earliest,
        latest=latest,
        margin=TRAVEL_MARGIN_DAYS,
    )


def _request_page(
    registration, requested_by: str, back_url: str, action: str, withdraw: str, pdf: str
):
    form = LetterRequestForm()
    form.fill_choices()
    if requests.open_letter(registration) is not None or not requests.may_request(registration):
        if request.method == "POST":
            return _letter_page(form, registration, back_url, action, withdraw, pdf), 409
        return _letter_page(form, registration, back_url, action, withdraw, pdf), 200
    return submit(
        form,
        lambda: requests.request_letter(registration, form.values(), requested_by),
        render=lambda: _letter_page(form, registration, back_url, action, withdraw, pdf),
        success=action,
        message=_l("Your request is with the organisers. We will email you when they decide."),
        lock=True,
    )


def _withdraw(registration, by: str, back: str):
    letter = requests.open_letter(registration)
    if letter is not None and letter.state == LetterState.REQUESTED:
        run(lambda: requests.withdraw(letter, by), lock=True)
    return redirect(back, 303)


def _pdf(registration):
    letter = requests.open_letter(registration)
    if letter is None or letter.state != LetterState.ISSUED or letter.purged_at is not None:
        return render_template("letters/not_issued.html"), 404
    return pdf_response(letter_pdf(letter), f"{letter.number}.pdf")


# The delegate's own pages ----------------------------------------------------------------------


@bp.route("/registration/<secret>/visa-letter", methods=["GET", "POST"])
@no_store
def registration_letter(secret: str):
    registration = registrations.for_manage(g.event, secret)
    return _request_page(
        registration,
        "registrant",
        url_for("registration.manage", secret=secret),
        url_for("letters.registration_letter", secret=secret),
        url_for("letters.registration_withdraw", secret=secret),
        url_for("letters.registration_pdf", secret=secret),
    )


@bp.post("/registration/<secret>/visa-letter/withdraw")
@no_store
def registration_withdraw(secret: str):
    registration = registrations.for_manage(g.event, secret)
    return _withdraw(
        registration, "registrant", url_for("letters.registration_letter", secret=secret)
    )


@bp.get("/registration/<secret>/visa-letter.pdf")
@no_store
def registration_pdf(secret: str):
    return _pdf(registrations.for_manage(g.event, secret))


# The coordinator's pages for a member ----------------------------------------------------------


def _member(secret: str, member_id: int):
    delegation = delegation_service.for_link(g.event, secret)
    return delegation, members.member_of(delegation, member_id)


@bp.route("/delegation/<secret>/members/<int:member_id>/visa-letter", methods=["GET", "POST"])
@no_store
def member_letter(secret: str, member_id: int):
    _delegation, member = _member(secret, member_id)
    return _request_page(
        member,
        "coordinator",
        url_for("delegations.page", secret=secret),
        url_for("letters.member_letter", secret=secret, member_id=member.id),
        url_for("letters.member_withdraw", secret=secret, member_id=member.id),
        url_for("letters.member_pdf", secret=secret, member_id=member.id),
    )


@bp.post("/delegation/<secret>/members/<int:member_id>/visa-letter/withdraw")
@no_store
def member_withdraw(secret: str, member_id: int):
    _delegation, member = _member(secret, member_id)
    return _withdraw(
        member,
        "coordinator",
        url_for("letters.member_letter", secret=secret, member_id=member.id),
    )


@bp.get("/delegation/<secret>/members/<int:member_id>/visa-letter.pdf")
@no_store
def member_pdf(secret: str, member_id: int):
    _delegation, member = _member(secret, member_id)
    return _pdf(member)


# The public verification page ------------------------------------------------------------------


@bp.get("/letters/<number>")
@limiter.limit("30 per minute")
def verify(number: str):
    form = VerifyForm(request.args)
    code = (request.args.get("code") or "").strip()
    if not code:
        return render_template("letters/verify_form.html", form=form, number=number[:32]), 200
    letter = issuing.verify(g.event, number, code[:40])
    if letter is None:
        form.code.errors = [
            _l(
                "No letter has this number and check code. Check both against the letter; "
                "a letter that does not verify here was not issued by the organisers."
            )
        ]
        return render_template("letters/verify_form.html", form=form, number=number[:32]), 404
    return render_template("letters/verify.html", letter=letter)
