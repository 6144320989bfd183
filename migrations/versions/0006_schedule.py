"""Schedule: the organisers' draft (one placement per session: room and start in UTC) and the
published releases (immutable: payload, changes since the previous release and the exports
rendered at publish time with their ETag; version and sequence unique per event), and the
sessions registrants starred through their manage link (one star per registration and session).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "schedule_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("comment_en", sa.Text(), nullable=False),
        sa.Column("comment_th", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("session_count", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("export_json", sa.Text(), nullable=False),
        sa.Column("export_xml", sa.LargeBinary(), nullable=False),
        sa.Column("export_ics", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("version <> ''", name=op.f("ck_schedule_release_version_present")),
        sa.CheckConstraint("sequence > 0", name=op.f("ck_schedule_release_sequence_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_schedule_release_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_schedule_release_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_release")),
        sa.UniqueConstraint(
            "event_id", "sequence", name=op.f("uq_schedule_release_event_id_sequence")
        ),
        sa.UniqueConstraint(
            "event_id", "version", name=op.f("uq_schedule_release_event_id_version")
        ),
    )
    with op.batch_alter_table("schedule_release", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schedule_release_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "schedule_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_schedule_placement_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["rooms.id"],
            name=op.f("fk_schedule_placement_room_id_rooms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["program_sessions.id"],
            name=op.f("fk_schedule_placement_session_id_program_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_placement")),
        sa.UniqueConstraint("session_id", name=op.f("uq_schedule_placement_session_id")),
    )
    with op.batch_alter_table("schedule_placement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schedule_placement_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_schedule_placement_room_id"), ["room_id"], unique=False
        )

    op.create_table(
        "registration_stars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_stars_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["program_sessions.id"],
            name=op.f("fk_registration_stars_session_id_program_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_stars")),
        sa.UniqueConstraint(
            "registration_id",
            "session_id",
            name=op.f("uq_registration_stars_registration_id_session_id"),
        ),
    )
    with op.batch_alter_table("registration_stars", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_stars_registration_id"), ["registration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registration_stars_session_id"), ["session_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("registration_stars", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_stars_session_id"))
        batch_op.drop_index(batch_op.f("ix_registration_stars_registration_id"))

    op.drop_table("registration_stars")
    with op.batch_alter_table("schedule_placement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_placement_room_id"))
        batch_op.drop_index(batch_op.f("ix_schedule_placement_event_id"))

    op.drop_table("schedule_placement")
    with op.batch_alter_table("schedule_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_release_event_id"))

    op.drop_table("schedule_release")
