"""The waiting list: who waits for a seat, in which order, and a person's place in it.

Each category has its own queue, longest waiting first (``waitlisted_at``, then the id for
people who joined in the same instant). ``seats.fill_from_waitlist`` promotes in this order;
the registrant's page and email and the organisers' list show positions in this order.
"""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationState

S = RegistrationState
QUEUE_ORDER = (Registration.waitlisted_at, Registration.id)


def position(registration: Registration) -> int | None:
    """1 for the first person waiting in the registration's category, 2 for the next…; None
    for a registration that is not waiting."""
    if registration.state != S.WAITLISTED or registration.waitlisted_at is None:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.category_id == registration.category_id,
            Registration.state == S.WAITLISTED,
            or_(
                Registration.waitlisted_at < registration.waitlisted_at,
                and_(
                    Registration.waitlisted_at == registration.waitlisted_at,
                    Registration.id < registration.id,
                ),
            ),
        )
    )
    return ahead + 1


def positions(event_id: int) -> dict[int, int]:
    """The position of every waiting registration of the event, by registration id."""
    number = (
        func.row_number()
        .over(partition_by=Registration.category_id, order_by=QUEUE_ORDER)
        .label("position")
    )
    rows = db.session.execute(
        select(Registration.id, number).where(
            Registration.event_id == event_id, Registration.state == S.WAITLISTED
        )
    ).all()
    return {registration_id: place for registration_id, place in rows}
