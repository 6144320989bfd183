"""Public lead pages: the booth's scanner and lead list (through the contact's application link
or a staff member's registration link), the exports, and the visitor's side on their
registration page (who scanned them, withdrawing)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, g, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from showcase.core.blueprints import event_blueprint
from showcase.core.csvio import csv_response, time_cells
from showcase.core.errors import DomainError
from showcase.core.forms import press, submit
from showcase.core.security import no_store
from showcase.extensions import limiter
from showcase.leads import services
from showcase.leads.forms import LeadForm, ScanForm, SharingForm, WithdrawLeadForm
from showcase.leads.vcard import vcards
from showcase.registration.services.registrations import for_manage

bp = event_blueprint("leads", __name__, url_prefix="/<event>")

# (the endpoint prefix, the base of its URLs, how its secret names the scanner)
ACCESS: dict[str, tuple[str, Callable]] = {
    "booth": ("/booths/application/<secret>/leads", services.contact_scanner),
    "staff": ("/registration/<secret>/booth-leads", services.staff_scanner),
}


@bp.app_template_global()
def exhibitor_scans(registration):
    """The exhibitors that keep the registrant as a lead, for their registration page."""
    return services.scans_of(registration)


@bp.app_template_global()
def sharing_form(registration):
    return SharingForm(share_with_exhibitors=registration.share_with_exhibitors)


@bp.app_template_global()
def withdraw_lead_form():
    return WithdrawLeadForm()


def _refused(error: DomainError):
    return render_template("leads/refused.html", message=error.message), 403


def _scanner(kind: str, secret: str):
    """The scanner behind the secret, or the page saying why this link does not scan."""
    try:
        return ACCESS[kind][1](g.event, secret), None
    except services.LeadRefused as error:
        return None, _refused(error)


def _page(kind: str, secret: str, scanner, form: ScanForm):
    return render_template(
        "leads/booth.html",
        kind=kind,
        secret=secret,
        scanner=scanner,
        application=scanner.application,
        cards=services.cards_of(scanner.application),
        form=form,
    )


def _scanned_message(result) -> str:
    lead, created = result
    shown = services.card(lead)
    who = shown.full_name if shown.shared else gettext("badge %(code)s", code=shown.badge_code)
    if not shown.shared:
        return gettext(
            "Lead kept: %(who)s. This visitor does not share their details with exhibitors.",
            who=who,
        )
    if created:
        return gettext("Lead kept: %(who)s.", who=who)
    return gettext("Scanned again: the lead of %(who)s is updated.", who=who)


def leads_page(kind: str):
    def view(secret: str):
        scanner, refused = _scanner(kind, secret)
        if refused:
            return refused
        return _page(kind, secret, scanner, ScanForm())

    return view


def scan_view(kind: str):
    def view(secret: str):
        scanner, refused = _scanner(kind, secret)
        if refused:
            return refused
        form = ScanForm()
        return submit(
            form,
            lambda: services.scan(scanner, form.payload.data or ""),
            render=lambda: _page(kind, secret, scanner, form),
            success=url_for(f"leads.{kind}", secret=secret),
            message=_scanned_message,
        )

    return view


def lead_view(kind: str):
    def view(secret: str, lead_id: int):
        scanner, refused = _scanner(kind, secret)
        if refused:
            return refused
        try:
            lead = services.lead_for(scanner, lead_id)
        except services.NoSuchLead as error:
            return render_template("leads/refused.html", message=error.message), 404
        form = LeadForm(obj=lead)
        if not form.is_submitted():
            form.rating.data = str(lead.rating or "")
        return submit(
            form,
            lambda: services.update_lead(scanner, lead_id, form.values()),
            render=lambda: render_template(
                "leads/lead.html",
                kind=kind,
                secret=secret,
                card=services.card(lead),
                form=form,
                application=scanner.application,
            ),
            success=url_for(f"leads.{kind}", secret=secret),
            message=_l("The lead is saved."),
        )

    return view


CSV_HEADER = (
    "badge_code",
    "shares_details",
    "full_name",
    "organisation",
    "job_title",
    "email",
    "first_scanned_at",
    "scanned_at",
    "scanned_by",
    "rating",
    "tags",
    "note",
)


def csv_view(kind: str):
    def view(secret: str):
        scanner, refused = _scanner(kind, secret)
        if refused:
            return refused
        zone = g.event.timezone
        rows = (
            (
                card.badge_code,
                "yes" if card.shared else "no",
                card.full_name,
                card.organisation,
                card.job_title,
                card.email,
                time_cells(card.lead.first_scanned_at, zone)[0],
                time_cells(card.lead.scanned_at, zone)[0],
                card.lead.scanned_by,
                card.lead.rating or "",
                ", ".join(card.lead.tag_list),
                card.lead.note,
            )
            for card in services.cards_of(scanner.application)
        )
        return csv_response(f"{g.event.acronym}-leads.csv", CSV_HEADER, rows)

    return view


def vcard_view(kind: str):
    def view(secret: str):
        scanner, refused = _scanner(kind, secret)
        if refused:
            return refused
        body = vcards(services.cards_of(scanner.application))
        response = Response(body.encode("utf-8"), mimetype="text/vcard")
        response.headers["Content-Type"] = "text/vcard; charset=utf-8"
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{g.event.acronym}-leads.vcf"'
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    return view


for _kind, (_base, _resolve) in ACCESS.items():
    bp.add_url_rule(f"{_base}/", _kind, no_store(leads_page(_kind)), methods=["GET"])
    bp.add_url_rule(
        f"{_base}/scan",
        f"{_kind}_scan",
        limiter.limit("600 per hour")(no_store(scan_view(_kind))),
        methods=["POST"],
    )
    bp.add_url_rule(
        f"{_base}/<int:lead_id>",
        f"{_kind}_lead",
        no_store(lead_view(_kind)),
        methods=["GET", "POST"],
    )
    bp.add_url_rule(f"{_base}/leads.csv", f"{_kind}_csv", no_store(csv_view(_kind)))
    bp.add_url_rule(f"{_base}/leads.vcf", f"{_kind}_vcf", no_store(vcard_view(_kind)))


# The visitor's side --------------------------------------------------------------------------


def _back(secret: str) -> str:
    return url_for("registration.manage", secret=secret) + "#exhibitor-leads"


@bp.post("/registration/<secret>/exhibitors/sharing")
@no_store
def sharing(secret: str):
    registration = for_manage(g.event, secret)
    form = SharingForm()

    def change():
        return services.set_sharing(registration, bool(form.share_with_exhibitors.data))

    def said(_withdrawn: int) -> str:
        if form.share_with_exhibitors.data:
            return gettext("Exhibitors who scan your badge now receive your details.")
        return gettext(
            "Exhibitors no longer receive your details; every exhibitor that scanned your "
            "badge has lost your lead."
        )

    return submit(
        form,
        change,
        render=lambda: render_template(
            "leads/sharing.html", form=form, registration=registration, secret=secret
        ),
        success=_back(secret),
        message=said,
    )


@bp.post("/registration/<secret>/exhibitors/<int:lead_id>/withdraw")
@no_store
def withdraw(secret: str, lead_id: int):
    registration = for_manage(g.event, secret)
    return press(
        lambda: services.withdraw_lead(registration, lead_id),
        done=lambda lead: _l(
            "%(exhibitor)s no longer has your details as a lead.",
            exhibitor=lead.application.city.name,
        ),
        back=_back(secret),
        form=WithdrawLeadForm(),
        invalid=_l("The form had expired. Please try again."),
    )
