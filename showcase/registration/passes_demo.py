"""The demo's badges for everyone on site and its waiting list by offers: the speakers of the
confirmed sessions hold Speaker registrations, every approved booth has two named staff, and
one person has a place offered from the waiting list (the event offers freed places for 48
hours). Runs after the programme, booth and registration steps; safe to run again."""

from __future__ import annotations

from sqlalchemy import select

from showcase.booths.models import ApplicationState, BoothApplication
from showcase.core.db import unit_of_work
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import ProgramSession, SessionState
from showcase.registration.models import Registration, RegistrationCategory, RegistrationState
from showcase.registration.services import offers, passes, registrations
from showcase.registration.services.states import Actor

S = RegistrationState
STAFF_NAMES = (
    ("Kanya Srisuk", "กัญญา ศรีสุข", "th"),
    ("Arthit Wongsa", "อาทิตย์ วงศา", "th"),
    ("Maria Santos", "", "en"),
    ("Daniel Lee", "", "en"),
)


def load_demo(event: Event) -> str | None:
    already = db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event.id, Registration.speaker_id.is_not(None)
        )
    )
    if already is not None:
        return None
    sessions = db.session.scalars(
        select(ProgramSession.id)
        .where(ProgramSession.event_id == event.id, ProgramSession.state == SessionState.CONFIRMED)
        .order_by(ProgramSession.id)
    ).all()
    for session_id in sessions:
        with unit_of_work(lock=True):
            passes.sessions_changed(db.session.get(ProgramSession, session_id))
    exhibitors = db.session.scalars(
        select(BoothApplication.id)
        .where(
            BoothApplication.event_id == event.id,
            BoothApplication.state == ApplicationState.APPROVED,
        )
        .order_by(BoothApplication.id)
    ).all()
    for number, application_id in enumerate(exhibitors):
        for offset in range(2):
            name, name_th, language = STAFF_NAMES[(number * 2 + offset) % len(STAFF_NAMES)]
            with unit_of_work(lock=True):
                application = db.session.get(BoothApplication, application_id)
                passes.name_staff(
                    application,
                    {
                        "full_name": name,
                        "full_name_th": name_th,
                        "email": f"staff{number:02d}{offset}@booth.demo.example",
                        "language": language,
                    },
                )
    offered = _offer_one_place(event)
    speakers = db.session.scalar(
        select(db.func.count())
        .select_from(Registration)
        .where(Registration.event_id == event.id, Registration.speaker_id.is_not(None))
    )
    return (
        f"Badges for everyone on site: {speakers} speakers, {len(exhibitors) * 2} exhibitor "
        f"staff; {offered} waiting-list offer open"
    )


def _offer_one_place(event: Event) -> int:
    """Freed places are offered for 48 hours; a confirmed person of a category with people
    waiting cancels, and the longest waiting is offered the place."""
    with unit_of_work(lock=True):
        offers.update_waitlist_settings(event, 48, by_hand=False)
    waiting_category = db.session.scalar(
        select(RegistrationCategory.id)
        .join(Registration, Registration.category_id == RegistrationCategory.id)
        .where(Registration.event_id == event.id, Registration.state == S.WAITLISTED)
        .order_by(RegistrationCategory.position)
        .limit(1)
    )
    if waiting_category is None:
        return 0
    leaving = db.session.scalar(
        select(Registration.id)
        .where(Registration.category_id == waiting_category, Registration.state == S.CONFIRMED)
        .order_by(Registration.id.desc())
        .limit(1)
    )
    if leaving is None:
        return 0
    with unit_of_work(lock=True):
        registrations.cancel(leaving, Actor.REGISTRANT)
    return db.session.scalar(
        select(db.func.count())
        .select_from(Registration)
        .where(Registration.event_id == event.id, Registration.state == S.OFFERED)
    )
