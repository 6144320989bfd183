"""Printing badges: a print run (the badges some filters choose, one PDF, each print logged),
reprints at the desk, and the print log's personal data and retention.

A reprint for a lost badge gives the registration a new badge code and retires the old one: the
old badge's QR code is then refused at every gate ("replaced at 10:05"). A reprint for a typo
prints the corrected details with the same code, so the badge already handed out still works.
Both are written to the registration's history and to the print log. The person's manage and
badge links do not change: the badge page shows the current code.

The print log says who printed which badge when, so that the desk can answer "has this person's
badge been printed, and by whom?". It is part of the person's data download, goes with their
erasure, and is purged ``PRINT_LOG_DAYS`` after the event's last day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select

from showcase.badges.models import BadgeLayout, BadgePrint, PrintReason, RetiredBadgeCode
from showcase.badges.services.selection import BadgeFilters, fingerprint, select_badges
from showcase.badges.sheets import BadgeCard, badges_pdf
from showcase.core.db import utcnow
from showcase.core.errors import Conflict, DomainError
from showcase.core.tokens import random_code
from showcase.events.models import Event
from showcase.events.services import events_ended
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState
from showcase.registration.services.badges import badge_payload
from showcase.registration.services.states import MACHINE, Actor

# Days after the event's last day that the print log (who printed whose badge) is kept.
PRINT_LOG_DAYS = 30
# The layouts of a single badge reprinted at the desk (a sheet of four is for runs).
DESK_LAYOUTS = (BadgeLayout.A6, BadgeLayout.CR80)
HISTORY_NOTES = {
    PrintReason.LOST: "badge reprinted: lost",
    PrintReason.TYPO: "badge reprinted: correction",
}


@dataclass(frozen=True)
class PrintedBadges:
    pdf: bytes
    count: int
    filename: str


def card_of(registration: Registration) -> BadgeCard:
    """The badge of ``registration``; its QR code is drawn with the others by the PDF."""
    return BadgeCard(registration, badge_payload(registration))


def _log(
    event: Event,
    printed: Sequence[tuple[Registration, str]],
    layout: BadgeLayout,
    reason: PrintReason,
    by: str,
) -> None:
    """One print-log row per badge of ``printed`` ((registration, fingerprint) pairs)."""
    now = utcnow()
    db.session.execute(
        insert(BadgePrint),
        [
            {
                "event_id": event.id,
                "registration_id": registration.id,
                "printed_at": now,
                "printed_by": (by or "")[:254],
                "layout": layout,
                "reason": reason,
                "fingerprint": mark,
            }
            for registration, mark in printed
        ],
    )


def print_run(event: Event, filters: BadgeFilters, layout: BadgeLayout, by: str) -> PrintedBadges:
    """The PDF of every badge ``filters`` choose, in ``layout``; each badge logged as printed
    with what it showed. Nothing chosen is refused, so nobody downloads an empty PDF."""
    rows = select_badges(event, filters)
    if not rows:
        raise DomainError(_l("No badge matches these filters, so nothing was printed."))
    cards = [card_of(row.registration) for row in rows]
    title = str(_l("Badges of %(event)s", event=event.name))
    pdf = badges_pdf(event, cards, layout, title)
    _log(event, [(row.registration, row.fingerprint) for row in rows], layout, PrintReason.RUN, by)
    filename = f"{event.acronym}-badges-{layout.value}-{len(rows)}.pdf"
    return PrintedBadges(pdf, len(rows), filename)


def reprint(
    event: Event, registration_id: int, reason: PrintReason, layout: BadgeLayout, by: str
) -> PrintedBadges:
    """Reprint one person's badge at the desk: for a lost badge with a new code (the old one
    is retired), for a correction with the same code; logged in the history and the print log."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id or registration.erased_at:
        raise DomainError(_l("There is no such registration."))
    if registration.state != RegistrationState.CONFIRMED:
        raise Conflict(
            _l(
                "Only a confirmed registration has a badge; this one is %(state)s.",
                state=registration.state.label.lower(),
            )
        )
    if reason not in HISTORY_NOTES or layout not in DESK_LAYOUTS:
        raise DomainError(_l("Choose why the badge is reprinted and how."))
    if reason == PrintReason.LOST:
        db.session.add(
            RetiredBadgeCode(
                registration_id=registration.id,
                badge_code=registration.badge_code,
                replaced_at=utcnow(),
                replaced_by=(by or "")[:254],
            )
        )
        registration.badge_code = random_code(8)
        db.session.flush()
    MACHINE.record(registration, Actor.ORGANISER, by=by, note=HISTORY_NOTES[reason])
    card = card_of(registration)
    title = str(_l("Badge of %(name)s", name=registration.full_name))
    pdf = badges_pdf(event, [card], layout, title)
    _log(event, [(registration, fingerprint(registration))], layout, reason, by)
    return PrintedBadges(pdf, 1, f"{event.acronym}-badge-{registration.id}-{layout.value}.pdf")


def print_log_of(registration: Registration) -> list[BadgePrint]:
    return list(
        db.session.scalars(
            select(BadgePrint)
            .where(BadgePrint.registration_id == registration.id)
            .order_by(BadgePrint.id.desc())
        )
    )


def personal_data(registration: Registration) -> list[dict[str, Any]]:
    """The person's badges printed, for their data download (who printed them is staff's
    data, not the person's, and stays out)."""
    return [
        {
            "printed_at": entry.printed_at.isoformat(),
            "layout": entry.layout.value,
            "reason": entry.reason.value,
        }
        for entry in reversed(print_log_of(registration))
    ]


def forget(registration: Registration) -> None:
    """With the person's erasure: their print log and retired codes go too (an erased person's
    badge no longer checks in anyway)."""
    db.session.execute(delete(BadgePrint).where(BadgePrint.registration_id == registration.id))
    db.session.execute(
        delete(RetiredBadgeCode).where(RetiredBadgeCode.registration_id == registration.id)
    )


def purge_print_logs(now: datetime) -> int:
    """Delete the print log, and the codes reprints retired, of every event whose last day is
    ``PRINT_LOG_DAYS`` behind; how many rows went."""
    ended = events_ended(now, PRINT_LOG_DAYS)
    prints = db.session.execute(
        delete(BadgePrint)
        .where(BadgePrint.event_id.in_(ended))
        .execution_options(synchronize_session=False)
    )
    retired = db.session.execute(
        delete(RetiredBadgeCode)
        .where(
            RetiredBadgeCode.registration_id.in_(
                select(Registration.id).where(Registration.event_id.in_(ended))
            )
        )
        .execution_options(synchronize_session=False)
    )
    return (prints.rowcount or 0) + (retired.rowcount or 0)
