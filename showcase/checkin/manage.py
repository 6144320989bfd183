"""Organiser pages of the door: the check-in points (organisers), the phone's scan page, its
roster and its scan endpoint, the self-check-in kiosk (check-in staff), and live arrivals.

The scan endpoint takes a batch of scans as JSON (one, from a phone online; many, queued while
it was offline) and answers each with its result; each scan is applied in a unit of work of its
own, so one bad scan does not undo the others.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import g, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from showcase.badges.services.printing import print_log_of
from showcase.badges.services.selection import fingerprint
from showcase.checkin.forms import GateForm, ManualScanForm, SearchForm
from showcase.checkin.models import Gate, GateKind, ScanResult
from showcase.checkin.services import arrivals as arrival_counts
from showcase.checkin.services import gates as gate_rules
from showcase.checkin.services import roster, scans
from showcase.core.blueprints import event_blueprint, or_404
from showcase.core.errors import DomainError
from showcase.core.forms import run, submit
from showcase.core.i18n import current_language
from showcase.core.navigation import manage_link
from showcase.core.roles import Permission, requires
from showcase.registration.services.badges import search_people

bp = event_blueprint("checkin_manage", __name__, url_prefix="/manage/<event>/checkin")

REGISTRATION = _l("Registration")
manage_link(
    _l("Camera check-in"), "checkin_manage.scan", Permission.CHECK_IN, order=24, group=REGISTRATION
)
manage_link(
    _l("Check-in points"),
    "checkin_manage.gates",
    Permission.MANAGE_EVENT,
    order=27,
    group=REGISTRATION,
)
manage_link(
    _l("Arrivals"),
    "checkin_manage.arrivals",
    Permission.MANAGE_EVENT,
    order=28,
    group=REGISTRATION,
)

# The most scans one request applies (a phone that was offline for long sends several batches).
BATCH = 200


def _gate(gate_id: int) -> Gate:
    return or_404(gate_rules.get_gate(g.event, gate_id))


# Check-in points -------------------------------------------------------------------------------


@bp.get("/gates/")
@requires(Permission.MANAGE_EVENT)
def gates():
    return render_template(
        "checkin/gates.html",
        gates=gate_rules.list_gates(g.event),
        fills={fill.gate.id: fill for fill in gate_rules.room_fills(g.event)},
    )


def _gate_page(form: GateForm, gate: Gate | None = None):
    form.offer_choices(g.event)
    return submit(
        form,
        lambda: gate_rules.save_gate(g.event, form.gate_values(), gate),
        render=lambda: render_template("checkin/gate.html", form=form, gate=gate),
        success=url_for(".gates"),
        message=_l("The check-in point is saved."),
    )


@bp.route("/gates/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def gate_new():
    return _gate_page(GateForm())


@bp.route("/gates/<int:gate_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_EVENT)
def gate_edit(gate_id: int):
    gate = _gate(gate_id)
    form = GateForm(obj=gate, data={"room": str(gate.room_id or "")})
    if not form.is_submitted():
        form.kind.data = gate.kind.value
        form.when_full.data = gate.when_full.value
        form.categories.data = [category.id for category in gate.categories]
    return _gate_page(form, gate)


@bp.post("/gates/<int:gate_id>/recount")
@requires(Permission.MANAGE_EVENT)
def gate_recount(gate_id: int):
    gate = _gate(gate_id)
    return submit(
        ManualScanForm(),
        lambda: gate_rules.start_new_count(gate),
        render=gates,
        success=url_for(".gates"),
        message=_l("The room's count starts again from now."),
    )


# The phone's scan page, its roster and its scan endpoint ------------------------------------------


def _chosen_gate(all_gates: list[Gate]) -> Gate | None:
    chosen = request.values.get("gate", type=int)
    return next((gate for gate in all_gates if gate.id == chosen), None)


def _outcome(outcome: scans.ScanOutcome) -> dict:
    scan = outcome.scan
    registration = scan.registration
    answer = {
        "scan_id": scan.scan_id,
        "result": scan.result.value,
        "reason": scan.reason,
        "message": scans.message(scan),
        "repeated": outcome.repeated,
        "conflict": outcome.conflict,
        "gate": scan.gate.name,
        "person": None,
    }
    if registration is not None:
        answer["person"] = {
            "en": registration.full_name,
            "th": registration.full_name_th,
            "category": registration.category.name,
            "head": registration.is_head,
            "vip": registration.is_vip,
            "city": registration.city_label,
        }
        if scan.kiosk:
            answer["badge"] = _badge_state(registration)
    return answer


def _badge_state(registration) -> str:
    """For the kiosk: the person's badge is printed (unchanged since) or queued for printing."""
    log = print_log_of(registration)
    if log and log[0].fingerprint == fingerprint(registration):
        return str(_l("Your badge is printed: collect it at the badge desk."))
    return str(
        _l("Your badge is queued for printing: collect it at the badge desk in a few minutes.")
    )


def _scan_page(template: str, status: int = 200, outcome=None, kiosk: bool = False):
    all_gates = gate_rules.list_gates(g.event)
    gate = _chosen_gate(all_gates)
    if kiosk:
        all_gates = [one for one in all_gates if one.kind == GateKind.MAIN]
        gate = gate if gate in all_gates else None
    search = SearchForm(request.args)
    people = search_people(g.event, search.q.data or "") if gate and search.q.data else []
    return render_template(
        template,
        gates=all_gates,
        gate=gate,
        search=search,
        people=people,
        manual=ManualScanForm(formdata=None),
        new_scan_id=lambda: uuid.uuid4().hex,
        outcome=outcome,
        language=current_language(),
    ), status


@bp.get("/scan")
@requires(Permission.CHECK_IN)
def scan():
    return _scan_page("checkin/scan.html")


@bp.post("/scan")
@requires(Permission.CHECK_IN)
def scan_manual():
    """A person found by name checked in with a button; the page shows the result like a scan."""
    form = ManualScanForm()
    gate_id = _number(form.gate.data)
    registration_id = _number(form.registration.data)
    if not form.validate() or registration_id is None:
        return _scan_page("checkin/scan.html", 400)
    entry = scans.ScanInput(
        scan_id=form.scan_id.data or "", gate_id=gate_id, registration_id=registration_id
    )
    try:
        outcome = run(lambda: scans.apply_scan(g.event, entry, current_user.email), lock=True)
    except DomainError as error:
        return _scan_page("checkin/scan.html", error.status_code, {"error": str(error.message)})
    return _scan_page("checkin/scan.html", outcome=_outcome(outcome))


@bp.get("/kiosk")
@requires(Permission.CHECK_IN)
def kiosk():
    return _scan_page("checkin/kiosk.html", kiosk=True)


@bp.get("/roster.json")
@requires(Permission.CHECK_IN)
def roster_json():
    return jsonify(roster.build_roster(g.event))


def _number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**31 else None
    if isinstance(value, str) and value.isdigit() and len(value) < 11:
        number = int(value)
        return number if 0 < number < 2**31 else None
    return None


def _moment(value) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _text(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _entry(item, kiosk: bool) -> scans.ScanInput | None:
    if not isinstance(item, dict):
        return None
    return scans.ScanInput(
        scan_id=_text(item.get("scan_id"), 65),
        gate_id=_number(item.get("gate")),
        payload=_text(item.get("payload"), 200),
        registration_id=_number(item.get("registration")),
        scanned_at=_moment(item.get("scanned_at")),
        offline=item.get("offline") is True,
        local_result=_text(item.get("local"), 10),
        kiosk=kiosk,
    )


@bp.post("/scans")
@requires(Permission.CHECK_IN)
def scans_sync():
    """``{"scans": [{"scan_id", "gate", "payload", "scanned_at", "offline", "local"}, …]}``:
    each scan applied once, each answered (``results``, in the order sent)."""
    body = request.get_json(silent=True)
    items = body.get("scans") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items or len(items) > BATCH:
        return jsonify(
            error=str(_l("Send between 1 and %(count)d scans.", count=BATCH)), results=[]
        ), 400
    kiosk = body.get("kiosk") is True
    results = []
    for item in items:
        entry = _entry(item, kiosk)
        if entry is None:
            results.append({"result": "error", "message": str(_l("This is not a scan."))})
            continue
        try:
            outcome = run(
                lambda entry=entry: scans.apply_scan(g.event, entry, current_user.email),
                lock=True,
            )
        except DomainError as error:
            results.append(
                {"scan_id": entry.scan_id, "result": "error", "message": str(error.message)}
            )
        else:
            results.append(_outcome(outcome))
    return jsonify(
        results=results,
        admitted=sum(1 for result in results if result.get("result") == ScanResult.ADMITTED),
    )


# Live arrivals ---------------------------------------------------------------------------------


@bp.get("/arrivals/")
@requires(Permission.MANAGE_EVENT)
def arrivals():
    return render_template(
        "checkin/arrivals.html",
        charts=arrival_counts.arrivals_charts(g.event),
        total=arrival_counts.total_arrivals(g.event),
        fills=gate_rules.room_fills(g.event),
    )
