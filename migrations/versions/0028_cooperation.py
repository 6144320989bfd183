"""Cooperation: profiles, what they offer and seek, pinned matches, the meeting programme and
lounge tables, meetings with their history, attendees, seats and table slots (UNIQUE per person
and slot, per place and slot), and outcomes.

Revision ID: 0028
Revises: 0029
Create Date: 2026-12-03

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cooperation_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("directory_public", sa.Boolean(), nullable=False),
        sa.Column("reminder_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_cooperation_settings_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperation_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_cooperation_settings_event_id")),
    )
    op.create_table(
        "meeting_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint("ends > starts", name=op.f("ck_meeting_day_meeting_hours_in_order")),
        sa.CheckConstraint(
            "slot_minutes BETWEEN 5 AND 240", name=op.f("ck_meeting_day_slot_minutes_range")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_meeting_day_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_day")),
        sa.UniqueConstraint("event_id", "day", name="uq_meeting_day"),
    )
    op.create_table(
        "meeting_table",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("place_en", sa.String(length=120), nullable=False),
        sa.Column("place_th", sa.String(length=120), nullable=False),
        sa.CheckConstraint(
            "capacity BETWEEN 1 AND 100", name=op.f("ck_meeting_table_table_capacity_range")
        ),
        sa.CheckConstraint(
            "number BETWEEN 1 AND 9999", name=op.f("ck_meeting_table_table_number_range")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_meeting_table_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_table")),
        sa.UniqueConstraint("event_id", "number", name="uq_meeting_table_number"),
    )
    op.create_table(
        "cooperation_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "city",
                "organisation",
                "person",
                name="cooperation_profile_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("tags", sa.String(length=300), nullable=False),
        sa.Column("about_en", sa.Text(), nullable=False),
        sa.Column("about_th", sa.Text(), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visible", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'city') = (city_id IS NOT NULL)",
            name=op.f("ck_cooperation_profile_city_profile_has_city"),
        ),
        sa.CheckConstraint(
            "kind = 'city' OR owner_id IS NOT NULL",
            name=op.f("ck_cooperation_profile_party_profile_has_owner"),
        ),
        sa.CheckConstraint(
            "length(display_name) > 0", name=op.f("ck_cooperation_profile_display_name_given")
        ),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_cooperation_profile_city_id_city"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_cooperation_profile_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["registrations.id"],
            name=op.f("fk_cooperation_profile_owner_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperation_profile")),
        sa.UniqueConstraint("event_id", "city_id", name="uq_cooperation_profile_city"),
        sa.UniqueConstraint("event_id", "owner_id", name="uq_cooperation_profile_owner"),
    )
    with op.batch_alter_table("cooperation_profile", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cooperation_profile_owner_id"), ["owner_id"], unique=False
        )

    op.create_table(
        "cooperation_interest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "offer",
                "seek",
                name="cooperation_side",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("description_en", sa.String(length=300), nullable=False),
        sa.Column("description_th", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["cooperation_profile.id"],
            name=op.f("fk_cooperation_interest_profile_id_cooperation_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_cooperation_interest_track_id_track"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperation_interest")),
    )
    with op.batch_alter_table("cooperation_interest", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cooperation_interest_profile_id"), ["profile_id"], unique=False
        )

    op.create_table(
        "cooperation_pin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "profile_id <> partner_id", name=op.f("ck_cooperation_pin_pin_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_cooperation_pin_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["cooperation_profile.id"],
            name=op.f("fk_cooperation_pin_partner_id_cooperation_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["cooperation_profile.id"],
            name=op.f("fk_cooperation_pin_profile_id_cooperation_profile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperation_pin")),
        sa.UniqueConstraint("profile_id", "partner_id", name="uq_cooperation_pin"),
    )
    op.create_table(
        "cooperation_profile_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["cooperation_profile.id"],
            name=op.f("fk_cooperation_profile_member_profile_id_cooperation_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_cooperation_profile_member_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperation_profile_member")),
        sa.UniqueConstraint("profile_id", "registration_id", name="uq_cooperation_member"),
    )
    with op.batch_alter_table("cooperation_profile_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cooperation_profile_member_registration_id"),
            ["registration_id"],
            unique=False,
        )

    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "requested",
                "counter",
                "accepted",
                "declined",
                "cancelled",
                "held",
                "missed",
                name="meeting_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=True),
        sa.Column("booth_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("proposed_by_host", sa.Boolean(), nullable=False),
        sa.Column("booked_by", sa.String(length=254), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state <> 'held' OR held_at IS NOT NULL", name=op.f("ck_meeting_held_has_time")
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_meeting_meeting_times_in_order")),
        sa.CheckConstraint("requester_id <> host_id", name=op.f("ck_meeting_meeting_not_self")),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_meeting_booth_id_booth"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_meeting_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["cooperation_profile.id"],
            name=op.f("fk_meeting_host_id_cooperation_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["cooperation_profile.id"],
            name=op.f("fk_meeting_requester_id_cooperation_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["meeting_table.id"],
            name=op.f("fk_meeting_table_id_meeting_table"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_event_start", ["event_id", "starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_host_id"), ["host_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_requester_id"), ["requester_id"], unique=False)

    op.create_table(
        "meeting_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_attendee_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_meeting_attendee_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendee")),
        sa.UniqueConstraint("meeting_id", "registration_id", name="uq_meeting_attendee"),
    )
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendee_registration_id"), ["registration_id"], unique=False
        )

    op.create_table(
        "meeting_history",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_history_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_history")),
    )
    with op.batch_alter_table("meeting_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_history_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column(
            "result",
            sa.Enum(
                "follow_up",
                "pilot",
                "mou",
                "nothing",
                name="meeting_outcome_result",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("track_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_outcome_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["cooperation_profile.id"],
            name=op.f("fk_meeting_outcome_profile_id_cooperation_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_meeting_outcome_track_id_track"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_outcome")),
        sa.UniqueConstraint("meeting_id", "profile_id", name="uq_meeting_outcome_side"),
    )
    op.create_table(
        "meeting_seat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("slot_start", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_meeting_seat_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_meeting_seat_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_seat_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_seat")),
        sa.UniqueConstraint("event_id", "registration_id", "slot_start", name="uq_meeting_seat"),
    )
    with op.batch_alter_table("meeting_seat", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_seat_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_seat_registration_id"), ["registration_id"], unique=False
        )

    op.create_table(
        "meeting_table_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=True),
        sa.Column("booth_id", sa.Integer(), nullable=True),
        sa.Column("slot_start", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(table_id IS NULL) <> (booth_id IS NULL)",
            name=op.f("ck_meeting_table_slot_one_place"),
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["meeting_table.id"],
            name=op.f("fk_meeting_table_slot_table_id_meeting_table"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["booth_id"],
            ["booth.id"],
            name=op.f("fk_meeting_table_slot_booth_id_booth"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_meeting_table_slot_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_table_slot_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_table_slot")),
        sa.UniqueConstraint("event_id", "table_id", "slot_start", name="uq_meeting_table_slot"),
        sa.UniqueConstraint("event_id", "booth_id", "slot_start", name="uq_meeting_booth_slot"),
    )
    with op.batch_alter_table("meeting_table_slot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_table_slot_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("meeting_table_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_table_slot_meeting_id"))

    op.drop_table("meeting_table_slot")
    with op.batch_alter_table("meeting_seat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_seat_meeting_id"))

    op.drop_table("meeting_seat")
    op.drop_table("meeting_outcome")
    with op.batch_alter_table("meeting_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_history_meeting_id"))

    op.drop_table("meeting_history")
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendee_registration_id"))

    op.drop_table("meeting_attendee")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_requester_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_host_id"))
        batch_op.drop_index("ix_meeting_event_start")

    op.drop_table("meeting")
    with op.batch_alter_table("cooperation_profile_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperation_profile_member_registration_id"))

    op.drop_table("cooperation_profile_member")
    op.drop_table("cooperation_pin")
    with op.batch_alter_table("cooperation_interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperation_interest_profile_id"))

    op.drop_table("cooperation_interest")
    with op.batch_alter_table("cooperation_profile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperation_profile_owner_id"))

    op.drop_table("cooperation_profile")
    op.drop_table("meeting_table")
    op.drop_table("meeting_day")
    op.drop_table("cooperation_settings")
