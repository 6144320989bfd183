"""Reviews of proposals (a score from 0 to 3 and a comment) and each reviewer's queue. The
organisers' lists and CSV exports are in ``queries.py``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase.core.errors import DomainError
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import (
    MAX_SCORE,
    ProgramSession,
    SessionReview,
    SessionState,
)


def save_review(session: ProgramSession, reviewer_id: int, score, comment: str) -> SessionReview:
    if not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
        raise DomainError(_l("Give a score from 0 to %(max)d.", max=MAX_SCORE), field="score")
    comment = (comment or "").strip()
    if len(comment) > 5000:
        raise DomainError(_l("Write at most %(max)d characters.", max=5000), field="comment")
    if session.state != SessionState.SUBMITTED or session.proposal_confirmed_at is None:
        raise DomainError(_l("Only proposals waiting for a decision can be reviewed."))
    review = db.session.scalar(
        select(SessionReview).where(
            SessionReview.session_id == session.id, SessionReview.reviewer_id == reviewer_id
        )
    )
    if review is None:
        review = SessionReview(session_id=session.id, reviewer_id=reviewer_id, score=score)
        db.session.add(review)
    review.score = score
    review.comment = comment
    db.session.flush()
    return review


def own_review(session: ProgramSession, reviewer_id: int) -> SessionReview | None:
    return db.session.scalar(
        select(SessionReview).where(
            SessionReview.session_id == session.id, SessionReview.reviewer_id == reviewer_id
        )
    )


def review_queue(
    event: Event, reviewer_id: int
) -> list[tuple[ProgramSession, SessionReview | None]]:
    sessions = db.session.scalars(
        select(ProgramSession)
        .where(
            ProgramSession.event_id == event.id,
            ProgramSession.state == SessionState.SUBMITTED,
            ProgramSession.proposal_confirmed_at.is_not(None),
        )
        .order_by(ProgramSession.id)
        .options(selectinload(ProgramSession.track))
    ).all()
    mine = {
        review.session_id: review
        for review in db.session.scalars(
            select(SessionReview).where(
                SessionReview.reviewer_id == reviewer_id,
                SessionReview.session_id.in_([session.id for session in sessions]),
            )
        )
    }
    return [(session, mine.get(session.id)) for session in sessions]
