"""A badge shown at a gate: the one rule that decides, and the one function that applies a scan.

``apply_scan`` runs inside the caller's ``unit_of_work(lock=True)``, for a phone online, for a
batch a phone queued offline and for the manual search alike. It locks the gate (a room's count)
and then the registration, in that order everywhere, so two phones scanning the same badge at
once are applied one after the other: one check-in, one "already". The device makes each scan's
id; a scan whose id is known is not applied again, the first answer is given back.

Reasons are codes with plain details (times in UTC as ISO text, a gate's name, counts) stored on
the scan, so that the message is written in the reader's language and the event's timezone when
it is shown, also for a scan answered again.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from showcase.checkin.models import Gate, GateKind, Scan, ScanResult, WhenFull
from showcase.core.db import lock_row, require_unit_of_work, utcnow
from showcase.core.errors import DomainError
from showcase.core.i18n import current_language
from showcase.core.time import format_day_time, format_time, to_local, zone
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services import badges
from showcase.registration.services.states import MACHINE, Actor

S = RegistrationState
SCAN_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# A scan queued offline keeps the time it was made, within reason: a device clock ahead of the
# server's counts as now, and nothing older than this is taken as a scan of today.
CLOCK_AHEAD = timedelta(minutes=5)
OLDEST_QUEUED = timedelta(days=7)

INVALID = "invalid"
REPLACED = "replaced"
NOT_CONFIRMED = "not_confirmed"
ALREADY_TODAY = "already_today"
ALREADY_IN_ROOM = "already_in_room"
ROOM_FULL = "room_full"
NOT_INVITED = "not_invited"


class ScanRefused(DomainError):
    """The scan itself cannot be taken (no id, an unknown gate): nothing is recorded."""

    status_code = 400


@dataclass
class ScanInput:
    scan_id: str
    gate_id: int | None
    payload: str = ""
    registration_id: int | None = None
    scanned_at: datetime | None = None
    offline: bool = False
    # What the device showed when it judged the scan against its roster, offline.
    local_result: str = ""
    kiosk: bool = False


@dataclass
class Verdict:
    result: ScanResult
    reason: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScanOutcome:
    scan: Scan
    # The scan id was known: this is the answer given the first time.
    repeated: bool = False
    # Offline the device let the person in, but the server did not (another gate was first,
    # the badge was cancelled or replaced meanwhile, the room filled up).
    conflict: bool = False

    @property
    def admitted(self) -> bool:
        return self.scan.result == ScanResult.ADMITTED


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def day_start(event: Event, day: date) -> datetime:
    """Midnight of ``day`` in the event's timezone, in UTC."""
    return datetime.combine(day, time(0), tzinfo=zone(event.timezone)).astimezone(UTC)


def local_day(event: Event, moment: datetime) -> date:
    return to_local(moment, event.timezone).date()


def _when(event: Event, moment: datetime) -> str:
    """'09:12' today, with the day for another day (event's timezone)."""
    if local_day(event, moment) == local_day(event, utcnow()):
        return format_time(moment, event.timezone)
    return format_day_time(moment, event.timezone)


# The rule of each gate -------------------------------------------------------------------------


def room_counted_since(gate: Gate, now: datetime) -> datetime:
    """Where a room gate's count starts: the start of today, or a later new count."""
    start = day_start(gate.event, local_day(gate.event, now))
    if gate.counted_since is not None and gate.counted_since > start:
        return gate.counted_since
    return start


def room_fill(gate: Gate, now: datetime | None = None) -> int:
    """How many people a room gate has let in since its count started (each person once)."""
    now = now or utcnow()
    return (
        db.session.scalar(
            select(func.count(func.distinct(Scan.registration_id))).where(
                Scan.gate_id == gate.id,
                Scan.result == ScanResult.ADMITTED,
                Scan.scanned_at >= room_counted_since(gate, now),
            )
        )
        or 0
    )


def room_capacity(gate: Gate) -> int | None:
    return gate.room.capacity if gate.room is not None else None


def judge(gate: Gate, registration: Registration, moment: datetime) -> Verdict:
    """What the gate says to ``registration`` at ``moment``: the rule of the gate, once."""
    event = gate.event
    if registration.state != S.CONFIRMED or registration.erased_at is not None:
        return Verdict(ScanResult.REFUSED, NOT_CONFIRMED, {"state": registration.state.value})
    if gate.kind == GateKind.VIP:
        allowed = {category.id for category in gate.categories}
        if not registration.is_vip and registration.category_id not in allowed:
            return Verdict(
                ScanResult.REFUSED,
                NOT_INVITED,
                {"en": registration.category.name_en, "th": registration.category.name_th},
            )
        return Verdict(ScanResult.ADMITTED)
    if gate.kind == GateKind.MAIN:
        day = local_day(event, moment)
        first = db.session.scalar(
            select(Scan)
            .where(
                Scan.event_id == event.id,
                Scan.registration_id == registration.id,
                Scan.entry_day == day,
            )
            .limit(1)
        )
        if first is not None:
            return Verdict(
                ScanResult.WARNED,
                ALREADY_TODAY,
                {
                    "at": _stamp(first.scanned_at),
                    "en": first.gate.name_en,
                    "th": first.gate.name_th,
                },
            )
        return Verdict(ScanResult.ADMITTED)
    # A room: each person counts once per count; a full room refuses or warns.
    since = room_counted_since(gate, moment)
    inside = db.session.scalar(
        select(Scan.scanned_at)
        .where(
            Scan.gate_id == gate.id,
            Scan.registration_id == registration.id,
            Scan.result == ScanResult.ADMITTED,
            Scan.scanned_at >= since,
        )
        .limit(1)
    )
    if inside is not None:
        return Verdict(ScanResult.WARNED, ALREADY_IN_ROOM, {"at": _stamp(inside)})
    capacity = room_capacity(gate)
    if capacity is not None:
        fill = room_fill(gate, moment)
        if fill >= capacity:
            result = ScanResult.REFUSED if gate.when_full == WhenFull.REFUSE else ScanResult.WARNED
            return Verdict(result, ROOM_FULL, {"fill": fill, "capacity": capacity})
    return Verdict(ScanResult.ADMITTED)


def _badge(event: Event, payload: str) -> Registration | Verdict:
    """The registration a scanned badge names, or the refusal (not a badge, another event's,
    altered, replaced by a reprint)."""
    text = "".join((payload or "").split()).upper()
    try:
        return badges.registration_from_payload(event, text)
    except badges.BadgeRefused as refused:
        if refused.replaced_at is not None:
            return Verdict(ScanResult.REFUSED, REPLACED, {"at": _stamp(refused.replaced_at)})
        return Verdict(ScanResult.REFUSED, INVALID)


# Applying a scan ----------------------------------------------------------------------------


def gate_of(event: Event, gate_id: int | None) -> Gate:
    gate = db.session.get(Gate, gate_id) if isinstance(gate_id, int) else None
    if gate is None or gate.event_id != event.id:
        raise ScanRefused(_l("Choose one of this event's check-in points."), field="gate")
    return gate


def _known(scan_id: str) -> Scan | None:
    return db.session.scalar(select(Scan).where(Scan.scan_id == scan_id))


def _repeat(event: Event, scan: Scan) -> ScanOutcome:
    if scan.event_id != event.id:
        raise ScanRefused(_l("This scan id was used for another event."), field="scan_id")
    return ScanOutcome(scan, repeated=True)


def _scan_time(moment: datetime | None, now: datetime) -> datetime:
    if moment is None or moment.tzinfo is None or moment > now + CLOCK_AHEAD:
        return now
    return max(moment, now - OLDEST_QUEUED)


def apply_scan(event: Event, scan: ScanInput, by: str, now: datetime | None = None) -> ScanOutcome:
    """Apply one scan at its gate, once: record it with the gate's verdict and, for the first
    entry at the main entrance, check the person in."""
    require_unit_of_work(lock=True)
    now = now or utcnow()
    if not isinstance(scan.scan_id, str) or not SCAN_ID.match(scan.scan_id):
        raise ScanRefused(_l("The scan has no valid id."), field="scan_id")
    known = _known(scan.scan_id)
    if known is not None:
        return _repeat(event, known)
    gate = gate_of(event, scan.gate_id)
    moment = _scan_time(scan.scanned_at, now)
    if gate.kind == GateKind.ROOM:
        lock_row(select(Gate).where(Gate.id == gate.id))
    if scan.registration_id is not None:
        found = db.session.get(Registration, scan.registration_id)
        if found is None or found.event_id != event.id:
            found = Verdict(ScanResult.REFUSED, INVALID)
    else:
        found = _badge(event, scan.payload)
    registration = None
    if isinstance(found, Verdict):
        verdict = found
    else:
        registration = lock_row(select(Registration).where(Registration.id == found.id))
        verdict = judge(gate, registration, moment)
    first_entry = (
        registration is not None
        and gate.kind == GateKind.MAIN
        and verdict.result == ScanResult.ADMITTED
    )
    row = Scan(
        event_id=event.id,
        gate_id=gate.id,
        scan_id=scan.scan_id,
        registration_id=registration.id if registration is not None else None,
        result=verdict.result,
        reason=verdict.reason,
        detail=verdict.detail,
        scanned_at=moment,
        recorded_at=now,
        entry_day=local_day(event, moment) if first_entry else None,
        scanned_by=(by or "")[:254],
        offline=bool(scan.offline),
        kiosk=bool(scan.kiosk),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # The same id sent at the same moment by a second request: the first one stands.
        known = _known(scan.scan_id)
        if known is None:
            raise
        return _repeat(event, known)
    if first_entry and registration.checked_in_at is None:
        registration.checked_in_at = moment
        registration.checked_in_by = (by or "")[:254]
        MACHINE.record(registration, Actor.ORGANISER, by=by, note="checked in")
    conflict = bool(
        scan.offline
        and scan.local_result == ScanResult.ADMITTED
        and verdict.result != ScanResult.ADMITTED
    )
    return ScanOutcome(row, conflict=conflict)


# The desk -------------------------------------------------------------------------------------


def main_entrance(event: Event) -> Gate | None:
    """The event's first main-entrance check-in point, where the desk counts its check-ins."""
    return db.session.scalar(
        select(Gate)
        .where(Gate.event_id == event.id, Gate.kind == GateKind.MAIN)
        .order_by(Gate.id)
        .limit(1)
    )


def desk_check_in(event: Event, registration_id: int, by: str) -> badges.CheckInResult:
    """The desk's check-in (a USB scanner or a name search): where the event has a main
    entrance it is a scan there, under the gate's rule, so that live arrivals count the desk's
    people too; without check-in points it is the registration's plain check-in."""
    gate = main_entrance(event)
    if gate is None:
        return badges.check_in(event, registration_id, by)
    outcome = apply_scan(
        event,
        ScanInput(
            scan_id=f"desk-{secrets.token_hex(12)}",
            gate_id=gate.id,
            registration_id=registration_id,
        ),
        by,
    )
    registration = outcome.scan.registration
    if registration is None:
        raise badges.BadgeRefused(_l("There is no such registration."))
    if outcome.admitted:
        return badges.CheckInResult(registration, outcome.scan.scanned_at)
    if outcome.scan.reason == ALREADY_TODAY:
        raise badges.AlreadyCheckedIn(
            _l("Already checked in."), registration, gate_said=message(outcome.scan)
        )
    raise badges.BadgeRefused(message(outcome.scan))


def desk_undo(event: Event, registration_id: int, by: str) -> Registration:
    """Undo a check-in made by mistake: the registration is no longer checked in, and its
    entries of today at the main entrance no longer count as today's arrival (the scans stay
    on record)."""
    registration = badges.undo_check_in(event, registration_id, by)
    today = local_day(event, utcnow())
    for scan in db.session.scalars(
        select(Scan).where(
            Scan.event_id == event.id,
            Scan.registration_id == registration.id,
            Scan.entry_day == today,
        )
    ):
        scan.entry_day = None
    return registration


# What the gate shows -------------------------------------------------------------------------


def _named(detail: dict[str, Any]) -> str:
    """A name kept in both languages (``en``, ``th``), in the reader's."""
    first, second = ("th", "en") if current_language() == "th" else ("en", "th")
    return str(detail.get(first) or detail.get(second) or "")


def message(scan: Scan) -> str:
    """The reason of a scan's result, for the person at the gate, in their language."""
    event = scan.gate.event
    detail = scan.detail or {}
    reason = scan.reason
    if reason == ALREADY_TODAY:
        return str(
            _l(
                "Already in today at %(time)s by %(gate)s.",
                time=_when(event, _moment(detail["at"])),
                gate=_named(detail),
            )
        )
    if reason == ALREADY_IN_ROOM:
        return str(
            _l(
                "Already let into this room at %(time)s; counted once.",
                time=_when(event, _moment(detail["at"])),
            )
        )
    if reason == ROOM_FULL:
        if scan.result == ScanResult.WARNED:
            return str(
                _l(
                    "The room is full (%(fill)d of %(capacity)d): let in only if there is a seat.",
                    fill=detail.get("fill", 0),
                    capacity=detail.get("capacity", 0),
                )
            )
        return str(_l("Room full: %(capacity)d people are in.", capacity=detail.get("capacity", 0)))
    if reason == NOT_INVITED:
        return str(_l("%(category)s badges do not open this lounge.", category=_named(detail)))
    if reason == NOT_CONFIRMED:
        state = detail.get("state", "")
        label = S(state).label.lower() if state in S._value2member_map_ else state
        return str(_l("Not let in: this registration is %(state)s.", state=label))
    if reason == REPLACED:
        return str(
            _l(
                "Badge replaced at %(time)s: it was reported lost and a new badge was printed, "
                "so this one no longer works.",
                time=_when(event, _moment(detail["at"])),
            )
        )
    if reason == INVALID:
        return str(
            _l("Not a badge of this event: it was issued for another event, or it was altered.")
        )
    return ""


def personal_data(registration: Registration) -> list[dict[str, Any]]:
    """Where and when the person's badge was shown, for their data download (who scanned it
    is staff's data and stays out)."""
    rows = db.session.scalars(
        select(Scan).where(Scan.registration_id == registration.id).order_by(Scan.scanned_at)
    )
    return [
        {
            "at": row.scanned_at.isoformat(),
            "gate": row.gate.name_en,
            "result": row.result.value,
            "reason": row.reason,
        }
        for row in rows
    ]
