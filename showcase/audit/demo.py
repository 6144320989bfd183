"""The demo's audit log: what the demo organisers did, as the log records it (a sign-in, an edit
made through the services inside ``audited``, an export), so the audit page has entries to
filter from the first visit."""

from __future__ import annotations

from sqlalchemy import func, select

from showcase.accounts.services import get_user_by_email
from showcase.booths.models import Booth
from showcase.core.audit import AuditAction, AuditEntry, audited, record
from showcase.core.db import unit_of_work
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration


def load_demo(event: Event) -> str | None:
    with unit_of_work():
        if db.session.scalar(select(AuditEntry.id).where(AuditEntry.event_id == event.id)):
            return None
        organiser = get_user_by_email("organiser@showcase.example")
        admin = get_user_by_email("admin@showcase.example")
        if organiser is None or admin is None:
            return None
        for who in (admin, organiser):
            changes = {"method": [None, "password"]}
            record(AuditAction.SIGN_IN, "user_account", who.id, who.email, changes, actor=who)
    with audited(organiser), unit_of_work():
        booth = db.session.scalar(
            select(Booth).where(Booth.event_id == event.id).order_by(Booth.code)
        )
        if booth is not None:
            booth.note = "Beside the main entrance: keep the aisle clear for wheelchairs."
        registrations = db.session.scalar(
            select(func.count()).select_from(Registration).where(Registration.event_id == event.id)
        )
        record(
            AuditAction.EXPORT,
            "export",
            "registration_manage.export",
            f"{event.acronym}-registrations.csv",
            {"rows": [None, registrations]},
            event_id=event.id,
        )
    with unit_of_work():
        count = db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.event_id == event.id)
        )
    return f"Audit log: {count} entries of the demo organisers"
