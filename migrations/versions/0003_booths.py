"""Booths: halls and booths on the floor plan, booth applications (with their dimensions,
secret links and history) and the booth settings of an event.

The guarantees of the feature are constraints here: a booth is held by at most one application
(unique booth_id), a city's approved applications take distinct numbered slots (unique event,
city and slot), and only an approved application holds a booth and a slot (CHECK constraints).

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "booth_hall",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_th", sa.String(length=120), nullable=False),
        sa.Column("width", sa.Float(), nullable=False),
        sa.Column("depth", sa.Float(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("width > 0 AND depth > 0", name=op.f("ck_booth_hall_size_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_booth_hall_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_hall")),
        sa.UniqueConstraint("event_id", "code", name=op.f("uq_booth_hall_event_id_code")),
    )
    with op.batch_alter_table("booth_hall", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booth_hall_event_id"), ["event_id"], unique=False)

    op.create_table(
        "booth_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("applications_open_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applications_close_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("booths_per_city", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "applications_close_at IS NULL OR applications_open_at IS NULL OR applications_close_at > applications_open_at",
            name=op.f("ck_booth_settings_application_window_in_order"),
        ),
        sa.CheckConstraint(
            "booths_per_city BETWEEN 1 AND 20", name=op.f("ck_booth_settings_booths_per_city_range")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_booth_settings_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_booth_settings_event_id")),
    )
    op.create_table(
        "booth",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.Column("width", sa.Float(), nullable=False),
        sa.Column("depth", sa.Float(), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=True),
        sa.Column("has_power", sa.Boolean(), nullable=False),
        sa.Column("has_internet", sa.Boolean(), nullable=False),
        sa.Column("is_corner", sa.Boolean(), nullable=False),
        sa.Column(
            "availability",
            sa.Enum(
                "available",
                "held",
                "blocked",
                name="booth_availability",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("width > 0 AND depth > 0", name=op.f("ck_booth_size_positive")),
        sa.CheckConstraint("x >= 0 AND y >= 0", name=op.f("ck_booth_position_in_hall")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_booth_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["hall_id"],
            ["booth_hall.id"],
            name=op.f("fk_booth_hall_id_booth_hall"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"], ["track.id"], name=op.f("fk_booth_track_id_track"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth")),
        sa.UniqueConstraint("event_id", "code", name=op.f("uq_booth_event_id_code")),
    )
    with op.batch_alter_table("booth", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booth_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_booth_hall_id"), ["hall_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_booth_track_id"), ["track_id"], unique=False)

    op.create_table(
        "booth_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "unconfirmed",
                "submitted",
                "approved",
                "waitlisted",
                "rejected",
                "withdrawn",
                "cancelled",
                name="booth_application_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("title_th", sa.String(length=200), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_th", sa.Text(), nullable=False),
        sa.Column("preferred_track_id", sa.Integer(), nullable=True),
        sa.Column("prefers_general", sa.Boolean(), nullable=False),
        sa.Column("preferred_booths", sa.String(length=200), nullable=False),
        sa.Column("space_sqm", sa.Integer(), nullable=False),
        sa.Column("needs_power", sa.Boolean(), nullable=False),
        sa.Column("needs_internet", sa.Boolean(), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=False),
        sa.Column("logo_id", sa.Integer(), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=True),
        sa.Column("city_slot", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'approved') = (booth_id IS NOT NULL)",
            name=op.f("ck_booth_application_booth_only_when_approved"),
        ),
        sa.CheckConstraint(
            "(booth_id IS NULL) = (city_slot IS NULL)",
            name=op.f("ck_booth_application_slot_with_booth"),
        ),
        sa.CheckConstraint(
            "city_slot IS NULL OR city_slot BETWEEN 1 AND 20",
            name=op.f("ck_booth_application_city_slot_range"),
        ),
        sa.CheckConstraint(
            "space_sqm BETWEEN 1 AND 1000", name=op.f("ck_booth_application_space_range")
        ),
        sa.ForeignKeyConstraint(
            ["booth_id"],
            ["booth.id"],
            name=op.f("fk_booth_application_booth_id_booth"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_booth_application_city_id_city"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_booth_application_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["logo_id"],
            ["stored_image.id"],
            name=op.f("fk_booth_application_logo_id_stored_image"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["preferred_track_id"],
            ["track.id"],
            name=op.f("fk_booth_application_preferred_track_id_track"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_application")),
        sa.UniqueConstraint("booth_id", name=op.f("uq_booth_application_booth_id")),
        sa.UniqueConstraint(
            "event_id",
            "city_id",
            "city_slot",
            name=op.f("uq_booth_application_event_id_city_id_city_slot"),
        ),
    )
    with op.batch_alter_table("booth_application", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booth_application_city_id"), ["city_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_booth_application_contact_email"), ["contact_email"], unique=False
        )
        batch_op.create_index(
            "ix_booth_application_event_status", ["event_id", "status"], unique=False
        )

    op.create_table(
        "booth_application_dimension",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["booth_application.id"],
            name=op.f("fk_booth_application_dimension_application_id_booth_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_booth_application_dimension_track_id_track"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "application_id", "track_id", name=op.f("pk_booth_application_dimension")
        ),
    )
    op.create_table(
        "booth_application_link",
        sa.Column("application_id", sa.Integer(), nullable=False),
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
            ["application_id"],
            ["booth_application.id"],
            name=op.f("fk_booth_application_link_application_id_booth_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_application_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_booth_application_link_token_hash")),
    )
    with op.batch_alter_table("booth_application_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booth_application_link_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "booth_application_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["booth_application.id"],
            name=op.f("fk_booth_application_log_application_id_booth_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_application_log")),
    )
    with op.batch_alter_table("booth_application_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booth_application_log_application_id"), ["application_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("booth_application_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booth_application_log_application_id"))

    op.drop_table("booth_application_log")
    with op.batch_alter_table("booth_application_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booth_application_link_application_id"))

    op.drop_table("booth_application_link")
    op.drop_table("booth_application_dimension")
    with op.batch_alter_table("booth_application", schema=None) as batch_op:
        batch_op.drop_index("ix_booth_application_event_status")
        batch_op.drop_index(batch_op.f("ix_booth_application_contact_email"))
        batch_op.drop_index(batch_op.f("ix_booth_application_city_id"))

    op.drop_table("booth_application")
    with op.batch_alter_table("booth", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booth_track_id"))
        batch_op.drop_index(batch_op.f("ix_booth_hall_id"))
        batch_op.drop_index(batch_op.f("ix_booth_event_id"))

    op.drop_table("booth")
    op.drop_table("booth_settings")
    with op.batch_alter_table("booth_hall", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booth_hall_event_id"))

    op.drop_table("booth_hall")
