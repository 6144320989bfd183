"""A registrant's personal agenda: sessions starred through the manage link, a calendar feed at
a secret address, and who to tell when a starred session moves or is cancelled."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from showcase.core.errors import DomainError
from showcase.core.tokens import sign_code, verify_code
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import ProgramSession
from showcase.registration.models import ACTIVE_STATES, Registration
from showcase.schedule.models import RegistrationStar

FEED_PURPOSE = "schedule-agenda-feed"
FEED_SIGNATURE_LENGTH = 32


def starred_ids(registration: Registration) -> set[int]:
    return set(
        db.session.scalars(
            select(RegistrationStar.session_id).where(
                RegistrationStar.registration_id == registration.id
            )
        )
    )


def set_star(registration: Registration, published, code: str, starred: bool) -> None:
    """Star (or unstar) a session of the published schedule; flushes."""
    entry = published.by_code.get(code) if published else None
    if entry is None:
        raise DomainError(_l("There is no such session in the schedule."), field="code")
    session_id = entry["id"]
    if not starred:
        db.session.execute(
            delete(RegistrationStar).where(
                RegistrationStar.registration_id == registration.id,
                RegistrationStar.session_id == session_id,
            )
        )
        return
    if session_id in starred_ids(registration):
        return
    if db.session.get(ProgramSession, session_id) is None:
        raise DomainError(_l("There is no such session in the schedule."), field="code")
    try:
        with db.session.begin_nested():
            db.session.add(RegistrationStar(registration_id=registration.id, session_id=session_id))
    except IntegrityError:
        pass  # starred twice at once: one star is what was asked for


def feed_token(registration: Registration) -> str:
    key = str(registration.id)
    return f"{key}-{sign_code(key, FEED_PURPOSE, FEED_SIGNATURE_LENGTH)}"


def registration_for_feed(event: Event, token: str) -> Registration | None:
    key, _, signature = (token or "").partition("-")
    if not key.isdigit() or not signature or len(signature) != FEED_SIGNATURE_LENGTH:
        return None
    if not verify_code(key, signature, FEED_PURPOSE, FEED_SIGNATURE_LENGTH):
        return None
    registration = db.session.get(Registration, int(key))
    if registration is None or registration.event_id != event.id:
        return None
    if registration.state not in ACTIVE_STATES or registration.erased_at is not None:
        return None
    return registration


def registrants_to_notify(event: Event, changed_ids: set[int]) -> list[tuple[Registration, set]]:
    """Active registrants who starred a changed session, each with those session ids."""
    if not changed_ids:
        return []
    rows = db.session.execute(
        select(Registration, RegistrationStar.session_id)
        .join(RegistrationStar, RegistrationStar.registration_id == Registration.id)
        .where(
            Registration.event_id == event.id,
            Registration.state.in_(ACTIVE_STATES),
            Registration.erased_at.is_(None),
            RegistrationStar.session_id.in_(changed_ids),
        )
        .order_by(Registration.id)
    )
    found: dict[int, tuple[Registration, set]] = {}
    sessions: dict[int, set] = defaultdict(set)
    for registration, session_id in rows:
        found.setdefault(registration.id, (registration, sessions[registration.id]))
        sessions[registration.id].add(session_id)
    return list(found.values())
