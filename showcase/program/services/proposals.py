"""Proposals from the call for sessions and the speaker's side of a session.

A proposal is a ``submitted`` session whose proposer has not yet confirmed their email address
(``proposal_confirmed_at`` is empty); organisers see it only once it is confirmed. Confirming
also invites the co-speakers, each with their own link to complete their profile. Speakers are
one row per person and event (by email), so a person in two sessions has one profile.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from sqlalchemy import func, select, update

from showcase.core.db import lock_row, utcnow
from showcase.core.errors import DomainError, NotAllowed
from showcase.core.links import LinkPurpose, mint_link, resolve_link
from showcase.events.models import City, Event, Track
from showcase.extensions import db
from showcase.mail import requests
from showcase.mail.models import MailRequest
from showcase.mail.services import InvalidRecipient, clean_recipient
from showcase.program import emails
from showcase.program.models import (
    MAX_DURATION,
    MIN_DURATION,
    ProgramSession,
    SessionLanguage,
    SessionState,
    SessionType,
    Speaker,
    SpeakerLink,
    session_speakers,
)
from showcase.program.services.codes import add_with_code
from showcase.program.services.settings import default_duration
from showcase.program.services.transitions import MACHINE, Actor, apply_transition

MAX_CO_SPEAKERS = 4
SESSION_TEXT_FIELDS = (
    "title_en",
    "title_th",
    "abstract_en",
    "abstract_th",
    "description_en",
    "description_th",
)
TEXT_LIMITS = {
    "title_en": 200,
    "title_th": 200,
    "abstract_en": 2000,
    "abstract_th": 2000,
    "description_en": 10000,
    "description_th": 10000,
    "notes": 5000,
}
# States in which the proposer may still change what they sent (and only until the deadline).
EDITABLE = frozenset({SessionState.SUBMITTED})


class CfpClosed(NotAllowed):
    pass


def cfp_is_open(event: Event) -> bool:
    return event.cfp_is_open()


def clean_email(value: str, field: str) -> str:
    try:
        return clean_recipient(value or "").lower()
    except InvalidRecipient:
        raise DomainError(_l("Enter a valid email address."), field=field) from None


def track_for(event: Event, value: Any) -> Track | None:
    """The event's track named by slug or id; ``DomainError`` for an unknown one."""
    if value in (None, ""):
        return None
    for track in event.tracks:
        if str(value) in (track.slug, str(track.id)):
            return track
    raise DomainError(_l("Choose a track from the list."), field="track")


def session_type_for(value: Any, proposable_only: bool = True) -> SessionType:
    try:
        kind = SessionType(value)
    except ValueError:
        raise DomainError(
            _l("Choose a session type from the list."), field="session_type"
        ) from None
    if proposable_only and not kind.proposable:
        raise DomainError(_l("Choose a session type from the list."), field="session_type")
    return kind


def language_for(value: Any) -> SessionLanguage:
    try:
        return SessionLanguage(value)
    except ValueError:
        raise DomainError(_l("Choose a language from the list."), field="language") from None


def check_duration(value: Any) -> int:
    if not isinstance(value, int) or not MIN_DURATION <= value <= MAX_DURATION:
        raise DomainError(
            _l(
                "A session lasts from %(min)d to %(max)d minutes.",
                min=MIN_DURATION,
                max=MAX_DURATION,
            ),
            field="duration_minutes",
        )
    return value


def check_audience(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int) or not 1 <= value <= 100000:
        raise DomainError(
            _l("Give an expected audience between 1 and 100,000 people."),
            field="expected_audience",
        )
    return value


def titled_text(values: dict) -> dict[str, str]:
    """A session's texts, stripped and within their limits, with a title in at least one language
    (an organiser's session needs no abstract)."""
    text = {}
    for name in (*SESSION_TEXT_FIELDS, "notes"):
        value = (values.get(name) or "").strip()
        if len(value) > TEXT_LIMITS[name]:
            raise DomainError(
                _l("Write at most %(max)d characters.", max=TEXT_LIMITS[name]), field=name
            )
        text[name] = value
    if not text["title_en"] and not text["title_th"]:
        raise DomainError(_l("Give a title in English, in Thai, or in both."), field="title_en")
    return text


def session_text(values: dict) -> dict[str, str]:
    """A proposal's texts: those of every session, and an abstract in at least one language."""
    text = titled_text(values)
    if not text["abstract_en"] and not text["abstract_th"]:
        raise DomainError(
            _l("Give an abstract in English, in Thai, or in both."), field="abstract_en"
        )
    return text


def find_speaker(event: Event, email: str) -> Speaker | None:
    return db.session.scalar(
        select(Speaker).where(Speaker.event_id == event.id, Speaker.email == email)
    )


def speaker_for(event: Event, name: str, email: str, language: str, **profile: Any) -> Speaker:
    """The event's speaker with this email, added if new.

    An existing profile is never overwritten from an anonymous form: the person edits it through
    their own link.
    """
    speaker = find_speaker(event, email)
    if speaker is not None:
        return speaker
    speaker = Speaker(
        event_id=event.id,
        name=name.strip()[:120],
        email=email,
        language=language if language in ("en", "th") else "en",
        organisation=(profile.get("organisation") or "").strip()[:200],
        job_title=(profile.get("job_title") or "").strip()[:200],
        city_id=profile.get("city_id"),
        bio_en="",
        bio_th="",
        links="",
    )
    return add_with_code(speaker)


def set_speakers(session: ProgramSession, speakers: list[Speaker]) -> None:
    """Make ``speakers`` the session's speakers, in this order."""
    unique: list[Speaker] = []
    for speaker in speakers:
        if speaker not in unique:
            unique.append(speaker)
    session.speakers = unique
    db.session.flush()
    for position, speaker in enumerate(unique):
        db.session.execute(
            update(session_speakers)
            .where(
                session_speakers.c.session_id == session.id,
                session_speakers.c.speaker_id == speaker.id,
            )
            .values(position=position)
        )


def co_speakers_from(values: dict) -> list[tuple[str, str, str]]:
    """(name, email, field) of each co-speaker row filled in; a half-filled row is an error."""
    rows = []
    for index in range(1, MAX_CO_SPEAKERS + 1):
        name = (values.get(f"co{index}_name") or "").strip()
        email = (values.get(f"co{index}_email") or "").strip()
        if not name and not email:
            continue
        if not name:
            raise DomainError(_l("Give the co-speaker's name."), field=f"co{index}_name")
        if len(name) > 120:
            raise DomainError(
                _l("Write at most %(max)d characters.", max=120), field=f"co{index}_name"
            )
        rows.append((name, clean_email(email, f"co{index}_email"), f"co{index}_email"))
    return rows


def submit_proposal(event: Event, values: dict, language: str) -> tuple[ProgramSession, str]:
    """Add a proposal and queue the confirmation email; returns (session, confirm secret)."""
    if not cfp_is_open(event):
        raise CfpClosed(_l("The call for sessions is closed."))
    text = session_text(values)
    kind = session_type_for(values.get("session_type"))
    track = track_for(event, values.get("track"))
    session_language = language_for(values.get("language"))
    audience = check_audience(values.get("expected_audience"))
    name = (values.get("name") or "").strip()
    if not name:
        raise DomainError(_l("Fill in this field."), field="name")
    email = clean_email(values.get("email"), "email")
    co_speakers = co_speakers_from(values)
    if any(co_email == email for _, co_email, _ in co_speakers):
        raise DomainError(
            _l("A co-speaker needs an email address of their own."), field=co_speakers[0][2]
        )
    city_id = values.get("city")
    city_id = int(city_id) if city_id not in (None, "") and str(city_id).isdigit() else None
    if city_id is not None and db.session.get(City, city_id) is None:
        raise DomainError(_l("Choose a city from the list."), field="city")
    proposer = speaker_for(
        event,
        name,
        email,
        language,
        organisation=values.get("organisation"),
        job_title=values.get("job_title"),
        city_id=city_id,
    )
    session = ProgramSession(
        event_id=event.id,
        session_type=kind,
        track_id=track.id if track else None,
        language=session_language,
        duration_minutes=default_duration(event, kind),
        expected_audience=audience,
        state=SessionState.SUBMITTED,
        submitted_by_id=proposer.id,
        **text,
    )
    add_with_code(session)
    speakers = [proposer]
    for co_name, co_email, _field in co_speakers:
        speakers.append(speaker_for(event, co_name, co_email, language))
    set_speakers(session, speakers)
    secret = mint_link(SpeakerLink(speaker=proposer, session=session), LinkPurpose.CONFIRM)
    emails.confirm_proposal(session, proposer, secret)
    return session, secret


def confirm_proposal(event: Event, secret: str) -> tuple[ProgramSession, Speaker, str, bool]:
    """Confirm a proposal's email by its link; returns (session, speaker, manage secret, new?)."""
    link = resolve_link(SpeakerLink, secret, LinkPurpose.CONFIRM)
    speaker = link.speaker
    session = link.session
    if speaker.event_id != event.id or session is None:
        from showcase.core.links import LinkError

        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    confirmed_now = session.proposal_confirmed_at is None
    now = utcnow()
    if speaker.email_confirmed_at is None:
        speaker.email_confirmed_at = now
    manage_secret = mint_link(SpeakerLink(speaker=speaker), LinkPurpose.MANAGE)
    if confirmed_now:
        session.proposal_confirmed_at = now
        emails.proposal_received(session, speaker, manage_secret)
        for co_speaker in session.speakers:
            if co_speaker.id != speaker.id:
                emails.co_speaker_invitation(session, co_speaker, speaker)
    db.session.flush()
    return session, speaker, manage_secret, confirmed_now


def add_speaker(event: Event, values: dict, language: str = "en") -> Speaker:
    """A speaker added by organisers (an invited keynote speaker); refuses a known address."""
    email = clean_email(values.get("email"), "email")
    if find_speaker(event, email) is not None:
        raise DomainError(
            _l("Another speaker of this event has this email address."), field="email"
        )
    name = (values.get("name") or "").strip()
    if not name:
        raise DomainError(_l("Fill in this field."), field="name")
    return speaker_for(event, name, email, values.get("language") or language)


LINK_REQUEST = "speaker-link"


def resend_link(event: Event, email: str) -> None:
    """The lost-link form: the same work whether or not ``email`` is a speaker's; the outbox
    worker emails a fresh link to the speaker page if it is (mail/requests.py)."""
    requests.request_email(LINK_REQUEST, clean_email(email, "email"), event=event)


@requests.resolver(LINK_REQUEST, resend=True)
def _send_requested_link(request: MailRequest) -> None:
    event = db.session.get(Event, request.event_id)
    speaker = find_speaker(event, request.address) if event is not None else None
    if speaker is not None:
        emails.manage_link(speaker, asked=True)


def speaker_for_manage(event: Event, secret: str) -> Speaker:
    link = resolve_link(SpeakerLink, secret, LinkPurpose.MANAGE)
    if link.speaker.event_id != event.id:
        from showcase.core.links import LinkError

        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    return link.speaker


def confirm_address(speaker: Speaker) -> None:
    """The speaker used a link that came by email: their address works."""
    if speaker.email_confirmed_at is None:
        speaker.email_confirmed_at = utcnow()
        db.session.flush()


def speaker_session(speaker: Speaker, code: str) -> ProgramSession:
    for session in speaker.sessions:
        if session.code == code:
            return session
    raise DomainError(_l("There is no such session."), field="session")


def visible_sessions(speaker: Speaker) -> list[ProgramSession]:
    """The speaker's sessions they can see: confirmed proposals and organisers' sessions."""
    return [
        session
        for session in speaker.sessions
        if session.proposal_confirmed_at is not None or session.submitted_by_id == speaker.id
    ]


def may_edit(session: ProgramSession) -> bool:
    return session.state in EDITABLE and session.event.cfp_is_open()


def update_proposal(session: ProgramSession, values: dict) -> None:
    if session.state not in EDITABLE:
        raise NotAllowed(
            _l("The organisers have decided on this session; it can no longer be changed here.")
        )
    if not session.event.cfp_is_open():
        raise CfpClosed(
            _l("The call for sessions is closed; the proposal can no longer be changed.")
        )
    text = session_text(values)
    kind = session_type_for(values.get("session_type"))
    track = track_for(session.event, values.get("track"))
    session.language = language_for(values.get("language"))
    session.expected_audience = check_audience(values.get("expected_audience"))
    if kind != session.session_type:
        session.duration_minutes = default_duration(session.event, kind)
    session.session_type = kind
    session.track_id = track.id if track else None
    for name, value in text.items():
        setattr(session, name, value)
    db.session.flush()


# Co-speakers, changed by the proposer until the deadline -------------------------------------


def may_change_co_speakers(session: ProgramSession, speaker: Speaker) -> bool:
    return may_edit(session) and session.submitted_by_id == speaker.id


def _check_co_speaker_change(session: ProgramSession, proposer: Speaker) -> None:
    if session.submitted_by_id != proposer.id:
        raise NotAllowed(
            _l("Only the speaker who proposed the session can change its co-speakers.")
        )
    if session.state not in EDITABLE:
        raise NotAllowed(
            _l("The organisers have decided on this session; it can no longer be changed here.")
        )
    if not session.event.cfp_is_open():
        raise CfpClosed(
            _l("The call for sessions is closed; the co-speakers can no longer be changed here.")
        )
    # Two changes at once queue behind each other and the second sees the first's speakers.
    lock_row(select(ProgramSession).where(ProgramSession.id == session.id))
    db.session.refresh(session, attribute_names=["speakers"])


def add_co_speaker(
    session: ProgramSession, proposer: Speaker, name: str, email: str, language: str
) -> Speaker:
    """Add a co-speaker to the proposer's session; once the proposal is confirmed they are
    invited by email at once (before that, confirming the proposal invites them)."""
    _check_co_speaker_change(session, proposer)
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Give the co-speaker's name."), field="name")
    if len(name) > 120:
        raise DomainError(_l("Write at most %(max)d characters.", max=120), field="name")
    address = clean_email(email, "email")
    if address == proposer.email:
        raise DomainError(_l("A co-speaker needs an email address of their own."), field="email")
    if any(speaker.email == address for speaker in session.speakers):
        raise DomainError(_l("This person is already a speaker of the session."), field="email")
    if len([s for s in session.speakers if s.id != proposer.id]) >= MAX_CO_SPEAKERS:
        raise DomainError(
            _nl(
                "A session has at most %(num)d co-speaker.",
                "A session has at most %(num)d co-speakers.",
                MAX_CO_SPEAKERS,
            ),
            field="email",
        )
    co_speaker = speaker_for(session.event, name, address, language)
    set_speakers(session, [*session.speakers, co_speaker])
    if session.proposal_confirmed_at is not None:
        emails.co_speaker_invitation(session, co_speaker, proposer, again=True)
    return co_speaker


def remove_co_speaker(session: ProgramSession, proposer: Speaker, code: str) -> Speaker:
    """Take a co-speaker off the proposer's session and, if they were invited, tell them."""
    _check_co_speaker_change(session, proposer)
    removed = next(
        (s for s in session.speakers if s.code == (code or "").upper() and s.id != proposer.id),
        None,
    )
    if removed is None:
        raise DomainError(_l("This person is not a co-speaker of the session."))
    set_speakers(session, [s for s in session.speakers if s.id != removed.id])
    if session.proposal_confirmed_at is not None:
        emails.co_speaker_removed(session, removed, proposer)
    return removed


def withdraw(session: ProgramSession, speaker: Speaker, note: str = "") -> None:
    apply_transition(session, SessionState.WITHDRAWN, Actor.SPEAKER, speaker.email, note)


def confirm_session(session: ProgramSession, speaker: Speaker) -> None:
    apply_transition(session, SessionState.CONFIRMED, Actor.SPEAKER, speaker.email)


# Organisers' own sessions -------------------------------------------------------------------


def organiser_session_values(event: Event, values: dict) -> dict:
    kind = session_type_for(values.get("session_type"), proposable_only=False)
    text = titled_text(values)
    duration = values.get("duration_minutes")
    duration = default_duration(event, kind) if duration in (None, "") else check_duration(duration)
    track = track_for(event, values.get("track"))
    return {
        **text,
        "session_type": kind,
        "track_id": track.id if track else None,
        "language": language_for(values.get("language") or "both"),
        "duration_minutes": duration,
        "expected_audience": check_audience(values.get("expected_audience")),
    }


def create_session(
    event: Event, values: dict, by: str, speakers: list[Speaker] = ()
) -> ProgramSession:
    """An organiser's session: confirmed at once (keynotes, ceremonies, breaks)."""
    fields = organiser_session_values(event, values)
    if fields["session_type"] == SessionType.BREAK and speakers:
        raise DomainError(_l("A break has no speakers."), field="speakers")
    state = SessionState.CONFIRMED
    session = ProgramSession(
        event_id=event.id, state=state, proposal_confirmed_at=utcnow(), **fields
    )
    add_with_code(session)
    if speakers:
        set_speakers(session, list(speakers))
    MACHINE.start(session, Actor.ORGANISER, by=by)
    return session


def update_session(session: ProgramSession, values: dict) -> None:
    fields = organiser_session_values(session.event, values)
    if fields["session_type"] == SessionType.BREAK and session.speakers:
        raise DomainError(_l("A break has no speakers."), field="session_type")
    for name, value in fields.items():
        setattr(session, name, value)
    db.session.flush()


def session_by_code(event: Event, code: str) -> ProgramSession | None:
    return db.session.scalar(
        select(ProgramSession).where(
            ProgramSession.event_id == event.id, ProgramSession.code == (code or "").upper()
        )
    )


def state_counts(event: Event) -> dict[SessionState, int]:
    rows = db.session.execute(
        select(ProgramSession.state, func.count())
        .where(
            ProgramSession.event_id == event.id,
            ProgramSession.proposal_confirmed_at.is_not(None),
        )
        .group_by(ProgramSession.state)
    ).all()
    counts = {state: 0 for state in SessionState}
    for state, count in rows:
        counts[SessionState(state)] = count
    return counts
