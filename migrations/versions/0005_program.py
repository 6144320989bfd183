"""Programme: rooms and their availability, speakers (profiles, availability, secret links),
sessions with their ordered speakers, state history and reviews, and the programme settings.

Codes are unique per event and UUIDs unique everywhere (the schedule exports rely on both);
review scores are 0-3 and one per reviewer; durations and windows are checked.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "program_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("keynote_minutes", sa.Integer(), nullable=False),
        sa.Column("panel_minutes", sa.Integer(), nullable=False),
        sa.Column("talk_minutes", sa.Integer(), nullable=False),
        sa.Column("workshop_minutes", sa.Integer(), nullable=False),
        sa.Column("demo_minutes", sa.Integer(), nullable=False),
        sa.Column("ceremony_minutes", sa.Integer(), nullable=False),
        sa.Column("break_minutes", sa.Integer(), nullable=False),
        sa.Column("anonymous_reviews", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "break_minutes BETWEEN 5 AND 480", name=op.f("ck_program_settings_break_minutes_range")
        ),
        sa.CheckConstraint(
            "ceremony_minutes BETWEEN 5 AND 480",
            name=op.f("ck_program_settings_ceremony_minutes_range"),
        ),
        sa.CheckConstraint(
            "demo_minutes BETWEEN 5 AND 480", name=op.f("ck_program_settings_demo_minutes_range")
        ),
        sa.CheckConstraint(
            "keynote_minutes BETWEEN 5 AND 480",
            name=op.f("ck_program_settings_keynote_minutes_range"),
        ),
        sa.CheckConstraint(
            "panel_minutes BETWEEN 5 AND 480", name=op.f("ck_program_settings_panel_minutes_range")
        ),
        sa.CheckConstraint(
            "talk_minutes BETWEEN 5 AND 480", name=op.f("ck_program_settings_talk_minutes_range")
        ),
        sa.CheckConstraint(
            "workshop_minutes BETWEEN 5 AND 480",
            name=op.f("ck_program_settings_workshop_minutes_range"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_program_settings_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_program_settings_event_id")),
    )
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.Uuid(), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_th", sa.String(length=120), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description_en", sa.String(length=300), nullable=False),
        sa.Column("description_th", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name=op.f("ck_rooms_capacity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_rooms_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint("guid", name=op.f("uq_rooms_guid")),
    )
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rooms_event_id"), ["event_id"], unique=False)

    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("guid", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_th", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("bio_en", sa.Text(), nullable=False),
        sa.Column("bio_th", sa.Text(), nullable=False),
        sa.Column("photo_id", sa.Uuid(), nullable=True),
        sa.Column("links", sa.Text(), nullable=False),
        sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("profile_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("language IN ('en', 'th')", name=op.f("ck_speakers_language_known")),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_speakers_city_id_city"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_speakers_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["stored_image.uuid"],
            name=op.f("fk_speakers_photo_id_stored_image"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers")),
        sa.UniqueConstraint("event_id", "code", name=op.f("uq_speakers_event_id_code")),
        sa.UniqueConstraint("event_id", "email", name=op.f("uq_speakers_event_id_email")),
        sa.UniqueConstraint("guid", name=op.f("uq_speakers_guid")),
    )
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speakers_city_id"), ["city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_speakers_event_id"), ["event_id"], unique=False)

    op.create_table(
        "program_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("guid", sa.Uuid(), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("title_th", sa.String(length=200), nullable=False),
        sa.Column("abstract_en", sa.Text(), nullable=False),
        sa.Column("abstract_th", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_th", sa.Text(), nullable=False),
        sa.Column(
            "session_type",
            sa.Enum(
                "keynote",
                "panel",
                "talk",
                "workshop",
                "demo",
                "ceremony",
                "break",
                name="session_type",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("track_id", sa.Integer(), nullable=True),
        sa.Column(
            "language",
            sa.Enum(
                "th",
                "en",
                "both",
                name="session_language",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("expected_audience", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "submitted",
                "accepted",
                "confirmed",
                "rejected",
                "withdrawn",
                "cancelled",
                name="session_state",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("proposal_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "staged_state",
            sa.Enum(
                "submitted",
                "accepted",
                "confirmed",
                "rejected",
                "withdrawn",
                "cancelled",
                name="session_staged_state",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "title_en <> '' OR title_th <> ''", name=op.f("ck_program_sessions_has_title")
        ),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 5 AND 480", name=op.f("ck_program_sessions_duration_range")
        ),
        sa.CheckConstraint(
            "expected_audience IS NULL OR expected_audience BETWEEN 1 AND 100000",
            name=op.f("ck_program_sessions_expected_audience_range"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_program_sessions_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["speakers.id"],
            name=op.f("fk_program_sessions_submitted_by_id_speakers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_program_sessions_track_id_track"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_sessions")),
        sa.UniqueConstraint("event_id", "code", name=op.f("uq_program_sessions_event_id_code")),
        sa.UniqueConstraint("guid", name=op.f("uq_program_sessions_guid")),
    )
    with op.batch_alter_table("program_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_program_sessions_event_state", ["event_id", "state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_sessions_track_id"), ["track_id"], unique=False
        )

    op.create_table(
        "room_availability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_room_availability_window_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["rooms.id"],
            name=op.f("fk_room_availability_room_id_rooms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_availability")),
    )
    with op.batch_alter_table("room_availability", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_availability_room_id"), ["room_id"], unique=False)

    op.create_table(
        "speaker_availability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_speaker_availability_window_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_speaker_availability_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_availability")),
    )
    with op.batch_alter_table("speaker_availability", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_availability_speaker_id"), ["speaker_id"], unique=False
        )

    op.create_table(
        "session_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 3", name=op.f("ck_session_review_score_range")),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user_account.id"],
            name=op.f("fk_session_review_reviewer_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["program_sessions.id"],
            name=op.f("fk_session_review_session_id_program_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_review")),
        sa.UniqueConstraint(
            "session_id", "reviewer_id", name=op.f("uq_session_review_session_id_reviewer_id")
        ),
    )
    with op.batch_alter_table("session_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_review_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_speakers",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["program_sessions.id"],
            name=op.f("fk_session_speakers_session_id_program_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_session_speakers_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "speaker_id", name=op.f("pk_session_speakers")),
    )
    with op.batch_alter_table("session_speakers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_speakers_speaker_id"), ["speaker_id"], unique=False
        )

    op.create_table(
        "session_state_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["program_sessions.id"],
            name=op.f("fk_session_state_change_session_id_program_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_state_change")),
    )
    with op.batch_alter_table("session_state_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_state_change_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "speaker_link",
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "purpose",
            sa.Enum(
                "confirm",
                "manage",
                name="purpose",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["program_sessions.id"],
            name=op.f("fk_speaker_link_session_id_program_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_speaker_link_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_speaker_link_token_hash")),
    )
    with op.batch_alter_table("speaker_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_link_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_speaker_link_speaker_id"), ["speaker_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("speaker_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_link_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_speaker_link_session_id"))

    op.drop_table("speaker_link")
    with op.batch_alter_table("session_state_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_state_change_session_id"))

    op.drop_table("session_state_change")
    with op.batch_alter_table("session_speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_speakers_speaker_id"))

    op.drop_table("session_speakers")
    with op.batch_alter_table("session_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_review_session_id"))

    op.drop_table("session_review")
    with op.batch_alter_table("speaker_availability", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_availability_speaker_id"))

    op.drop_table("speaker_availability")
    with op.batch_alter_table("room_availability", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_availability_room_id"))

    op.drop_table("room_availability")
    with op.batch_alter_table("program_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_sessions_track_id"))
        batch_op.drop_index("ix_program_sessions_event_state")

    op.drop_table("program_sessions")
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speakers_event_id"))
        batch_op.drop_index(batch_op.f("ix_speakers_city_id"))

    op.drop_table("speakers")
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rooms_event_id"))

    op.drop_table("rooms")
    op.drop_table("program_settings")
