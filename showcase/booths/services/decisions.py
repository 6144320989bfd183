"""What organisers decide about applications, under the locks that keep the guarantees.

Approving assigns a booth. Two rules must hold even when two organisers approve at the same
moment: a booth goes to at most one exhibitor, and a city holds at most ``booths_per_city``
booths. Each decision runs in the caller's ``unit_of_work(lock=True)`` and takes its row locks
with ``lock_row`` in one order: the event's booth settings row first (so decisions of one event
queue behind each other and the count of a city's booths cannot change under us), then the
application, then the booth; on SQLite the unit of work holds the database's write lock from its
first statement. The unique indexes on
``booth_application`` (``booth_id``; ``event_id, city_id, city_slot``) are the last line of
defence: if anything slipped past the locks, the database refuses and the organiser reads the
same clear message.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from showcase.booths import emails
from showcase.booths.models import (
    ApplicationState,
    Booth,
    BoothApplication,
    BoothAvailability,
    BoothSettings,
)
from showcase.booths.services.applications import MACHINE, Actor
from showcase.booths.services.limits import slots_held
from showcase.booths.services.settings import get_settings
from showcase.core.db import lock_row, require_unit_of_work
from showcase.core.errors import Conflict, DomainError
from showcase.core.values import given_reason
from showcase.events.models import Event
from showcase.extensions import db

S = ApplicationState


class BoothTaken(Conflict):
    pass


class CityLimitReached(Conflict):
    pass


def _lock_settings(event: Event) -> BoothSettings:
    get_settings(event)  # the row exists before it is locked
    return lock_row(select(BoothSettings).where(BoothSettings.event_id == event.id))


def _lock_application(event: Event, application_id: int) -> BoothApplication:
    application = lock_row(
        select(BoothApplication).where(
            BoothApplication.id == application_id, BoothApplication.event_id == event.id
        )
    )
    if application is None:
        raise DomainError(_l("There is no such application."), field="application")
    return application


def _lock_booth(event: Event, booth_id: int) -> Booth:
    booth = lock_row(select(Booth).where(Booth.id == booth_id, Booth.event_id == event.id))
    if booth is None:
        raise DomainError(_l("Choose a booth from the list."), field="booth")
    return booth


def _holder_of(booth: Booth) -> BoothApplication | None:
    return db.session.scalar(select(BoothApplication).where(BoothApplication.booth_id == booth.id))


def _check_booth_is_free(booth: Booth, application: BoothApplication) -> None:
    holder = _holder_of(booth)
    if holder is not None and holder.id != application.id:
        raise BoothTaken(
            _l(
                "Booth %(code)s was just given to %(city)s. Choose another booth.",
                code=booth.code,
                city=holder.city.name,
            ),
            field="booth",
        )
    if booth.availability != BoothAvailability.AVAILABLE:
        raise BoothTaken(
            _l(
                "Booth %(code)s is %(state)s and cannot be assigned. Choose another booth.",
                code=booth.code,
                state=booth.availability.label.lower(),
            ),
            field="booth",
        )


def _free_city_slot(event: Event, application: BoothApplication, limit: int) -> int:
    used = slots_held(event, application.city_id, except_application_id=application.id)
    if len(used) >= limit:
        raise CityLimitReached(
            _nl(
                "%(city)s already has %(num)d booth, the most a city may have.",
                "%(city)s already has %(num)d booths, the most a city may have.",
                len(used),
                city=application.city.name,
            ),
            field="booth",
        )
    return next(slot for slot in range(1, limit + 1) if slot not in used)


def _assignment_conflict(error: IntegrityError, booth: Booth) -> Conflict:
    """The message for a unique index that refused an assignment the locks should have stopped."""
    text = str(error.orig).lower()
    if "city_slot" in text:
        return CityLimitReached(
            _l("This city already has the most booths a city may have."), field="booth"
        )
    return BoothTaken(
        _l(
            "Booth %(code)s was just given to another exhibitor. Choose another booth.",
            code=booth.code,
        ),
        field="booth",
    )


def approve_application(
    event: Event, application_id: int, booth_id: int, by: str, note: str = ""
) -> BoothApplication:
    """Approve with a booth, or move an approved exhibitor to another free booth."""
    settings = _lock_settings(event)
    application = _lock_application(event, application_id)
    booth = _lock_booth(event, booth_id)
    if application.state == S.APPROVED and application.booth_id == booth.id:
        return application
    _check_booth_is_free(booth, application)
    work = require_unit_of_work(lock=True)
    try:
        # The unique indexes are the last line of defence: a refusal rolls back only this.
        with work.savepoint():
            if application.state == S.APPROVED:
                old_code = application.booth.code if application.booth else ""
                application.booth = booth
                db.session.flush()
                emails.booth_moved(application, old_code)
                return application
            MACHINE.check(application, S.APPROVED, Actor.ORGANISER)
            application.city_slot = _free_city_slot(event, application, settings.booths_per_city)
            application.booth = booth
            MACHINE.apply(application, S.APPROVED, Actor.ORGANISER, by=by, note=note)
    except IntegrityError as error:
        raise _assignment_conflict(error, booth) from error
    return application


def _decide(event: Event, application_id: int, state: ApplicationState, by: str, note: str) -> None:
    """The organisers' decision that needs no booth, under the locks in their order."""
    _lock_settings(event)
    application = _lock_application(event, application_id)
    MACHINE.apply(application, state, Actor.ORGANISER, by=by, note=note)


def waitlist_application(event: Event, application_id: int, by: str, note: str = "") -> None:
    _decide(event, application_id, S.WAITLISTED, by, note)


def reject_application(event: Event, application_id: int, by: str, reason: str) -> None:
    reason = given_reason(reason, _l("Give the applicant a reason."))
    _decide(event, application_id, S.REJECTED, by, reason)


def cancel_exhibitor(event: Event, application_id: int, by: str, reason: str) -> None:
    """Cancel an approved application; its booth becomes free."""
    reason = given_reason(reason, _l("Give the exhibitor a reason."))
    _decide(event, application_id, S.CANCELLED, by, reason)
