"""Travel: each registration's arrival, departure, hotel and airport transfers
(``travel_plan``, one per registration), the event's partner hotels (``partner_hotel``) and the
travel settings (``travel_settings``: how many days after the event travel details are kept).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _journey(kind: str) -> list[sa.Column]:
    return [
        sa.Column(f"{kind}_on", sa.Date(), nullable=True),
        sa.Column(f"{kind}_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(f"{kind}_flight", sa.String(length=8), nullable=False),
        sa.Column(f"{kind}_airport", sa.String(length=5), nullable=False),
        sa.Column(f"{kind}_airport_other", sa.String(length=120), nullable=False),
        sa.Column(f"{kind}_transfer", sa.Boolean(), nullable=False),
    ]


def upgrade():
    op.create_table(
        "travel_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "retention_days BETWEEN 0 AND 3650",
            name=op.f("ck_travel_settings_retention_days_range"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_travel_settings_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_travel_settings_event_id")),
    )
    op.create_table(
        "partner_hotel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_th", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("to_venue", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("length(name_en) > 0", name=op.f("ck_partner_hotel_name_given")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_partner_hotel_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_hotel")),
        sa.UniqueConstraint("event_id", "name_en", name="uq_partner_hotel_event_name"),
    )
    op.create_index(op.f("ix_partner_hotel_event_id"), "partner_hotel", ["event_id"])
    op.create_table(
        "travel_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        *_journey("arrival"),
        *_journey("departure"),
        sa.Column("hotel_id", sa.Integer(), nullable=True),
        sa.Column("hotel_other", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "arrival_at IS NULL OR arrival_on IS NOT NULL",
            name=op.f("ck_travel_plan_arrival_time_has_date"),
        ),
        sa.CheckConstraint(
            "departure_at IS NULL OR departure_on IS NOT NULL",
            name=op.f("ck_travel_plan_departure_time_has_date"),
        ),
        sa.CheckConstraint(
            "hotel_id IS NULL OR hotel_other = ''",
            name=op.f("ck_travel_plan_partner_or_other_hotel"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_travel_plan_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hotel_id"],
            ["partner_hotel.id"],
            name=op.f("fk_travel_plan_hotel_id_partner_hotel"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_plan")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_travel_plan_registration_id")),
    )
    op.create_index(op.f("ix_travel_plan_arrival_on"), "travel_plan", ["arrival_on"])
    op.create_index(op.f("ix_travel_plan_departure_on"), "travel_plan", ["departure_on"])
    op.create_index(op.f("ix_travel_plan_hotel_id"), "travel_plan", ["hotel_id"])


def downgrade():
    op.drop_index(op.f("ix_travel_plan_hotel_id"), table_name="travel_plan")
    op.drop_index(op.f("ix_travel_plan_departure_on"), table_name="travel_plan")
    op.drop_index(op.f("ix_travel_plan_arrival_on"), table_name="travel_plan")
    op.drop_table("travel_plan")
    op.drop_index(op.f("ix_partner_hotel_event_id"), table_name="partner_hotel")
    op.drop_table("partner_hotel")
    op.drop_table("travel_settings")
