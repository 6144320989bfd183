"""The organisers' lists and exports of the programme: the session list (search, filters by
track, type, language and state, average scores and sorting), the speaker list, and the CSV rows
of both."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from showcase.core.exports import Table, columns
from showcase.events.models import Event
from showcase.extensions import db
from showcase.program.models import (
    ProgramSession,
    SessionLanguage,
    SessionReview,
    SessionState,
    SessionType,
    Speaker,
    session_speakers,
)

SORTS = ("newest", "score", "title", "code")


@dataclass
class Filters:
    q: str = ""
    track: str = ""
    session_type: str = ""
    language: str = ""
    state: str = ""
    sort: str = "newest"

    @classmethod
    def from_args(cls, args, event: Event) -> Filters:
        slugs = {track.slug for track in event.tracks}
        value = lambda name, allowed: args.get(name, "") if args.get(name, "") in allowed else ""  # noqa: E731
        return cls(
            q=(args.get("q") or "").strip()[:100],
            track=value("track", slugs),
            session_type=value("type", {kind.value for kind in SessionType}),
            language=value("language", {lang.value for lang in SessionLanguage}),
            state=value("state", {state.value for state in SessionState}),
            sort=value("sort", set(SORTS)) or "newest",
        )


def score_columns():
    average = (
        select(func.avg(SessionReview.score))
        .where(SessionReview.session_id == ProgramSession.id)
        .correlate(ProgramSession)
        .scalar_subquery()
    )
    count = (
        select(func.count(SessionReview.id))
        .where(SessionReview.session_id == ProgramSession.id)
        .correlate(ProgramSession)
        .scalar_subquery()
    )
    return average, count


def session_query(event: Event, filters: Filters) -> Select:
    average, count = score_columns()
    query = (
        select(ProgramSession, average.label("average"), count.label("reviews"))
        .where(
            ProgramSession.event_id == event.id,
            ProgramSession.proposal_confirmed_at.is_not(None),
        )
        .options(selectinload(ProgramSession.speakers), selectinload(ProgramSession.track))
    )
    if filters.q:
        like = f"%{filters.q.lower()}%"
        speaker_match = (
            select(session_speakers.c.session_id)
            .join(Speaker, Speaker.id == session_speakers.c.speaker_id)
            .where(or_(func.lower(Speaker.name).like(like), func.lower(Speaker.email).like(like)))
        )
        query = query.where(
            or_(
                func.lower(ProgramSession.title_en).like(like),
                ProgramSession.title_th.like(f"%{filters.q}%"),
                ProgramSession.code == filters.q.upper(),
                ProgramSession.id.in_(speaker_match),
            )
        )
    if filters.track:
        track = next(track for track in event.tracks if track.slug == filters.track)
        query = query.where(ProgramSession.track_id == track.id)
    if filters.session_type:
        query = query.where(ProgramSession.session_type == SessionType(filters.session_type))
    if filters.language:
        query = query.where(ProgramSession.language == SessionLanguage(filters.language))
    if filters.state:
        query = query.where(ProgramSession.state == SessionState(filters.state))
    if filters.sort == "score":
        query = query.order_by(average.desc().nulls_last(), ProgramSession.id)
    elif filters.sort == "title":
        query = query.order_by(ProgramSession.title_en, ProgramSession.title_th)
    elif filters.sort == "code":
        query = query.order_by(ProgramSession.code)
    else:
        query = query.order_by(ProgramSession.created_at.desc(), ProgramSession.id.desc())
    return query


@dataclass
class SessionRow:
    session: ProgramSession
    average: float | None
    reviews: int


def list_sessions(event: Event, filters: Filters) -> list[SessionRow]:
    return [
        SessionRow(session, float(average) if average is not None else None, reviews or 0)
        for session, average, reviews in db.session.execute(session_query(event, filters)).all()
    ]


# The CSV exports are read by people (states, types, languages, tracks and countries by their
# names in the organiser's language; times in the event's zone, the zone named) and by programs
# (codes, GUIDs, and every time once more in UTC in a ``…_utc`` column).
SESSION_COLUMNS = columns(
    "code",
    "guid",
    "state",
    "type",
    "track",
    "language",
    "duration_minutes",
    "expected_audience",
    "title_en",
    "title_th",
    "speakers",
    "speaker_codes",
    "average_score",
    "reviews",
    "submitted",
    "decided",
    moments=("submitted", "decided"),
)


def session_table(event: Event) -> Table:
    """The sessions' export (CSV and Excel)."""
    return Table(gettext("Sessions"), SESSION_COLUMNS, session_rows(event), event.timezone)


def session_rows(event: Event):
    for row in list_sessions(event, Filters(sort="code")):
        session = row.session
        yield (
            session.code,
            str(session.guid),
            session.state.label,
            session.session_type.label,
            session.track.name if session.track else "",
            session.language.label,
            session.duration_minutes,
            session.expected_audience if session.expected_audience is not None else "",
            session.title_en,
            session.title_th,
            "; ".join(speaker.name for speaker in session.speakers),
            " ".join(speaker.code for speaker in session.speakers),
            f"{row.average:.2f}" if row.average is not None else "",
            row.reviews,
            session.created_at,
            session.decided_at,
        )


SPEAKER_COLUMNS = columns(
    "code",
    "guid",
    "name",
    "name_th",
    "email",
    "language",
    "organisation",
    "job_title",
    "city",
    "country",
    "session_codes",
    "confirmed_sessions",
    "email_confirmed",
    "profile_updated",
    moments=("email_confirmed", "profile_updated"),
)


def list_speakers(event: Event, q: str = "") -> list[Speaker]:
    query = (
        select(Speaker)
        .where(Speaker.event_id == event.id)
        .order_by(Speaker.name)
        .options(selectinload(Speaker.sessions), selectinload(Speaker.city))
    )
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(Speaker.name).like(like),
                func.lower(Speaker.email).like(like),
                func.lower(Speaker.organisation).like(like),
                Speaker.name_th.like(f"%{q}%"),
                Speaker.code == q.upper(),
            )
        )
    return list(db.session.scalars(query))


def speaker_table(event: Event) -> Table:
    """The speakers' export (CSV and Excel)."""
    return Table(gettext("Speakers"), SPEAKER_COLUMNS, speaker_rows(event), event.timezone)


def speaker_rows(event: Event):
    for speaker in list_speakers(event):
        yield (
            speaker.code,
            str(speaker.guid),
            speaker.name,
            speaker.name_th or "",
            speaker.email,
            SessionLanguage(speaker.language).label,
            speaker.organisation,
            speaker.job_title,
            speaker.city.name if speaker.city else "",
            speaker.city.country if speaker.city else "",
            " ".join(session.code for session in speaker.sessions),
            sum(1 for session in speaker.sessions if session.state == SessionState.CONFIRMED),
            speaker.email_confirmed_at,
            speaker.profile_updated_at,
        )
