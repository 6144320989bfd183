"""The programme: rooms, speakers, sessions (with their state history and reviews) and the
programme settings of an event.

Guarantees held by the database:

- a session's and a speaker's public code is unique per event, their UUIDs unique everywhere;
- a speaker is one person per event (unique event and email);
- a review score is between 0 and 3, one review per reviewer and session;
- availability windows end after they start; durations and capacities are in range.

Who may move a session from one state to another is not here but in the state machine of
``showcase.program.services.transitions``; the history of every step is ``SessionStateChange``.

Speakers of a session are ordered by ``session_speakers.position``. ``ProgramSession.speakers`` can
be appended to (the new row gets position 0); use ``services.sessions.set_speakers`` to store an
explicit order.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.accounts.models import User
from showcase.core.db import UTCDateTime, str_enum
from showcase.core.i18n import localized_property
from showcase.core.images import StoredImage
from showcase.core.labels import LabelledEnum
from showcase.core.links import SecretLinkMixin
from showcase.core.models import TimestampMixin
from showcase.core.states import HistoryMixin
from showcase.events.models import City, Event, Track
from showcase.extensions import db

CODE_LENGTH = 6
MIN_DURATION = 5
MAX_DURATION = 480  # a whole day's workshop is the longest a session may be
MAX_SCORE = 3


class SessionType(LabelledEnum):
    KEYNOTE = "keynote", _l("Keynote")
    PANEL = "panel", _l("Panel")
    TALK = "talk", _l("Talk")
    WORKSHOP = "workshop", _l("Workshop")
    DEMO = "demo", _l("Demo")
    CEREMONY = "ceremony", _l("Ceremony")  # organiser-created only
    BREAK = "break", _l("Break")  # organiser-created only; has no speakers

    @property
    def proposable(self) -> bool:
        return self not in (SessionType.CEREMONY, SessionType.BREAK)


class SessionLanguage(LabelledEnum):
    TH = "th", _l("Thai")
    EN = "en", _l("English")
    BOTH = "both", _l("Thai and English (with interpretation)")


class SessionState(LabelledEnum):
    SUBMITTED = "submitted", _l("Submitted")
    ACCEPTED = "accepted", _l("Accepted, waiting for the speaker")
    CONFIRMED = "confirmed", _l("Confirmed")
    REJECTED = "rejected", _l("Not accepted")
    WITHDRAWN = "withdrawn", _l("Withdrawn")
    CANCELLED = "cancelled", _l("Cancelled")


class ProgramSettings(TimestampMixin, db.Model):
    """The programme options of one event: default durations by type and how reviews work."""

    __tablename__ = "program_settings"
    __table_args__ = tuple(
        sa.CheckConstraint(
            f"{kind.value}_minutes BETWEEN {MIN_DURATION} AND {MAX_DURATION}",
            name=f"{kind.value}_minutes_range",
        )
        for kind in SessionType
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    keynote_minutes: Mapped[int] = mapped_column(default=30)
    panel_minutes: Mapped[int] = mapped_column(default=60)
    talk_minutes: Mapped[int] = mapped_column(default=30)
    workshop_minutes: Mapped[int] = mapped_column(default=90)
    demo_minutes: Mapped[int] = mapped_column(default=20)
    ceremony_minutes: Mapped[int] = mapped_column(default=45)
    break_minutes: Mapped[int] = mapped_column(default=30)
    # Reviewers see proposals without the speakers' names and organisations.
    anonymous_reviews: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship()

    def default_duration(self, session_type: SessionType) -> int:
        return getattr(self, f"{SessionType(session_type).value}_minutes")


class Room(TimestampMixin, db.Model):
    __tablename__ = "rooms"
    __table_args__ = (
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    guid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    capacity: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    description_en: Mapped[str] = mapped_column(sa.String(300), default="")
    description_th: Mapped[str] = mapped_column(sa.String(300), default="")

    event: Mapped[Event] = relationship()
    availability: Mapped[list[RoomAvailability]] = relationship(
        back_populates="room",
        order_by="RoomAvailability.starts_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    name = localized_property("name")

    def __repr__(self) -> str:
        return f"<Room {self.name_en}>"


class RoomAvailability(db.Model):
    __tablename__ = "room_availability"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="window_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    room: Mapped[Room] = relationship(back_populates="availability")


session_speakers = sa.Table(
    "session_speakers",
    db.metadata,
    sa.Column(
        "session_id", sa.ForeignKey("program_sessions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "speaker_id",
        sa.ForeignKey("speakers.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False, default=0, server_default="0"),
)


class Speaker(TimestampMixin, db.Model):
    """A person speaking at one event: their public profile and how to reach them."""

    __tablename__ = "speakers"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "code"),
        sa.UniqueConstraint("event_id", "email"),
        sa.CheckConstraint("language IN ('en', 'th')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(CODE_LENGTH))
    guid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    name_th: Mapped[str | None] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(2), default="en")
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    job_title: Mapped[str] = mapped_column(sa.String(200), default="")
    city_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("city.id", ondelete="SET NULL"), index=True
    )
    bio_en: Mapped[str] = mapped_column(sa.Text, default="")
    bio_th: Mapped[str] = mapped_column(sa.Text, default="")
    # The photo's public UUID (served at /images/<uuid>), checked by core.images.
    photo_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("stored_image.uuid", ondelete="SET NULL")
    )
    # Web links, one a line (a website, a profile elsewhere).
    links: Mapped[str] = mapped_column(sa.Text, default="")
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    profile_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    city: Mapped[City | None] = relationship()
    photo: Mapped[StoredImage | None] = relationship(
        primaryjoin="Speaker.photo_id == StoredImage.uuid", foreign_keys=[photo_id]
    )
    availability: Mapped[list[SpeakerAvailability]] = relationship(
        back_populates="speaker",
        order_by="SpeakerAvailability.starts_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    sessions: Mapped[list[ProgramSession]] = relationship(
        secondary=session_speakers,
        back_populates="speakers",
        order_by="ProgramSession.title_en",
    )

    @property
    def display_name(self) -> str:
        from showcase.core.i18n import current_language

        if current_language() == "th" and self.name_th:
            return self.name_th
        return self.name

    bio = localized_property("bio")

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<Speaker {self.code}>"


class SpeakerAvailability(db.Model):
    __tablename__ = "speaker_availability"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="window_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    speaker: Mapped[Speaker] = relationship(back_populates="availability")


class ProgramSession(TimestampMixin, db.Model):
    """A session of the programme: a proposal, a decided session, or an organiser's own."""

    __tablename__ = "program_sessions"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "code"),
        sa.CheckConstraint(
            f"duration_minutes BETWEEN {MIN_DURATION} AND {MAX_DURATION}", name="duration_range"
        ),
        sa.CheckConstraint(
            "expected_audience IS NULL OR expected_audience BETWEEN 1 AND 100000",
            name="expected_audience_range",
        ),
        sa.CheckConstraint("title_en <> '' OR title_th <> ''", name="has_title"),
        sa.Index("ix_program_sessions_event_state", "event_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(sa.String(CODE_LENGTH))
    guid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)
    title_en: Mapped[str] = mapped_column(sa.String(200), default="")
    title_th: Mapped[str] = mapped_column(sa.String(200), default="")
    abstract_en: Mapped[str] = mapped_column(sa.Text, default="")
    abstract_th: Mapped[str] = mapped_column(sa.Text, default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    description_th: Mapped[str] = mapped_column(sa.Text, default="")
    session_type: Mapped[SessionType] = mapped_column(
        str_enum(SessionType, "session_type", length=16)
    )
    track_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("track.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[SessionLanguage] = mapped_column(
        str_enum(SessionLanguage, "session_language", length=8), default=SessionLanguage.EN
    )
    duration_minutes: Mapped[int] = mapped_column(default=30)
    expected_audience: Mapped[int | None]
    state: Mapped[SessionState] = mapped_column(
        str_enum(SessionState, "session_state", length=16), default=SessionState.SUBMITTED
    )
    # Notes from the proposer for the organisers; never public.
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # The speaker who proposed it (none for sessions organisers created).
    submitted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("speakers.id", ondelete="SET NULL")
    )
    # A proposal counts only once its proposer confirmed their email address.
    proposal_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A decision organisers staged and will send with others ("accepted" or "rejected").
    staged_state: Mapped[SessionState | None] = mapped_column(
        str_enum(SessionState, "session_staged_state", length=16)
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    track: Mapped[Track | None] = relationship()
    submitted_by: Mapped[Speaker | None] = relationship(foreign_keys=[submitted_by_id])
    speakers: Mapped[list[Speaker]] = relationship(
        secondary=session_speakers,
        back_populates="sessions",
        order_by=(session_speakers.c.position, session_speakers.c.speaker_id),
    )
    history: Mapped[list[SessionStateChange]] = relationship(
        back_populates="session",
        order_by="SessionStateChange.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    reviews: Mapped[list[SessionReview]] = relationship(
        back_populates="session",
        order_by="SessionReview.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_break(self) -> bool:
        return self.session_type == SessionType.BREAK

    title = localized_property("title")
    abstract = localized_property("abstract")
    description = localized_property("description")

    def __repr__(self) -> str:
        return f"<ProgramSession {self.code} {self.state}>"


class SessionStateChange(HistoryMixin, db.Model):
    """One step of a session: a move (or its creation) with who made it (a speaker or an
    organiser), when, from what to what; written only by ``transitions.MACHINE``."""

    __tablename__ = "session_state_change"

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("program_sessions.id", ondelete="CASCADE"), index=True
    )

    session: Mapped[ProgramSession] = relationship(back_populates="history")

    @property
    def actor_label(self) -> str:
        return str(_l("Speaker") if self.actor == "speaker" else _l("Organiser"))

    states = SessionState


class SessionReview(TimestampMixin, db.Model):
    __tablename__ = "session_review"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "reviewer_id"),
        sa.CheckConstraint(f"score BETWEEN 0 AND {MAX_SCORE}", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("program_sessions.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    session: Mapped[ProgramSession] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()


class SpeakerLink(SecretLinkMixin, db.Model):
    """Confirmation and manage links of speakers (see core/links.py)."""

    __tablename__ = "speaker_link"

    speaker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    # The proposal a confirmation link confirms (a manage link covers all the speaker's sessions).
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("program_sessions.id", ondelete="CASCADE"), index=True
    )
    speaker: Mapped[Speaker] = relationship()
    session: Mapped[ProgramSession | None] = relationship()
