"""Check-in points and scans: the door.

- ``checkin_gate``: an event's check-in points (main entrance, room, VIP lounge) and their rule;
- ``checkin_gate_category``: the categories a VIP lounge admits;
- ``checkin_scan``: every badge shown at a gate, applied once by its device-made ``scan_id``;
  ``entry_day`` (set on a first main-entrance entry) is unique per person and day.

Revision ID: 0024
Revises: 0027
Create Date: 2026-12-03

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "checkin_gate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("name_th", sa.String(length=80), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "main",
                "room",
                "vip",
                name="checkin_gate_kind",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column(
            "when_full",
            sa.Enum(
                "refuse",
                "warn",
                name="checkin_when_full",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("counted_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_checkin_gate_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["rooms.id"],
            name=op.f("fk_checkin_gate_room_id_rooms"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_gate")),
    )
    with op.batch_alter_table("checkin_gate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkin_gate_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkin_gate_room_id"), ["room_id"], unique=False)

    op.create_table(
        "checkin_gate_category",
        sa.Column("gate_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["registration_categories.id"],
            name=op.f("fk_checkin_gate_category_category_id_registration_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gate_id"],
            ["checkin_gate.id"],
            name=op.f("fk_checkin_gate_category_gate_id_checkin_gate"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gate_id", "category_id", name=op.f("pk_checkin_gate_category")),
    )
    op.create_table(
        "checkin_scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("gate_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.String(length=64), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column(
            "result",
            sa.Enum(
                "admitted",
                "warned",
                "refused",
                name="checkin_scan_result",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entry_day", sa.Date(), nullable=True),
        sa.Column("scanned_by", sa.String(length=254), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("kiosk", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_checkin_scan_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gate_id"],
            ["checkin_gate.id"],
            name=op.f("fk_checkin_scan_gate_id_checkin_gate"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_checkin_scan_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_scan")),
        sa.UniqueConstraint(
            "event_id",
            "registration_id",
            "entry_day",
            name=op.f("uq_checkin_scan_event_id_registration_id_entry_day"),
        ),
        sa.UniqueConstraint("scan_id", name=op.f("uq_checkin_scan_scan_id")),
    )
    with op.batch_alter_table("checkin_scan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkin_scan_event_id"), ["event_id"], unique=False)
        batch_op.create_index("ix_checkin_scan_gate_result", ["gate_id", "result"], unique=False)
        batch_op.create_index("ix_checkin_scan_registration", ["registration_id"], unique=False)


def downgrade():
    with op.batch_alter_table("checkin_scan", schema=None) as batch_op:
        batch_op.drop_index("ix_checkin_scan_registration")
        batch_op.drop_index("ix_checkin_scan_gate_result")
        batch_op.drop_index(batch_op.f("ix_checkin_scan_event_id"))

    op.drop_table("checkin_scan")
    op.drop_table("checkin_gate_category")
    with op.batch_alter_table("checkin_gate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_gate_room_id"))
        batch_op.drop_index(batch_op.f("ix_checkin_gate_event_id"))

    op.drop_table("checkin_gate")
