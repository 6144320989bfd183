"""Delegations: a city's delegation to an event (its coordinator, secret links, history and
substitutions) and the event's delegation settings. A delegation's members are registrations:
``registrations`` gains the delegation, a protocol title and the head-of-delegation and VIP
marks, and its email becomes optional for a delegation's members only. Categories gain a badge
kind (the badge's colour band) and whether delegations may use them. Existing rows keep their
meaning: every category is a delegate's, closed to delegations; no registration is a member.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

ACTIVE = "state IN ('pending_email', 'confirmed', 'waitlisted', 'awaiting_approval')"


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "delegation_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("requests_open", sa.Boolean(), nullable=False),
        sa.Column("substitution_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_delegation_settings_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_delegation_settings_event_id")),
    )
    op.create_table(
        "delegation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "requested",
                "invited",
                "approved",
                "rejected",
                name="delegation_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("coordinator_name", sa.String(length=120), nullable=False),
        sa.Column("coordinator_organisation", sa.String(length=200), nullable=False),
        sa.Column("coordinator_email", sa.String(length=254), nullable=False),
        sa.Column("coordinator_phone", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("privacy_version", sa.String(length=20), nullable=False),
        sa.Column("privacy_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("language IN ('en', 'th')", name=op.f("ck_delegation_language_known")),
        sa.CheckConstraint(
            "length(coordinator_name) > 0", name=op.f("ck_delegation_coordinator_named")
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_delegation_city_id_city"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_delegation_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation")),
        sa.UniqueConstraint("event_id", "city_id", name="uq_delegation_event_city"),
    )
    op.create_table(
        "delegation_history",
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegation.id"],
            name=op.f("fk_delegation_history_delegation_id_delegation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_history")),
    )
    with op.batch_alter_table("delegation_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delegation_history_delegation_id"), ["delegation_id"], unique=False
        )

    op.create_table(
        "delegation_link",
        sa.Column("delegation_id", sa.Integer(), nullable=False),
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
            ["delegation_id"],
            ["delegation.id"],
            name=op.f("fk_delegation_link_delegation_id_delegation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_delegation_link_token_hash")),
    )
    with op.batch_alter_table("delegation_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delegation_link_delegation_id"), ["delegation_id"], unique=False
        )

    op.create_table(
        "delegation_substitution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.Column("old_name", sa.String(length=120), nullable=False),
        sa.Column("old_name_th", sa.String(length=120), nullable=False),
        sa.Column("old_email", sa.String(length=254), nullable=False),
        sa.Column("old_badge_code", sa.String(length=12), nullable=False),
        sa.Column("new_name", sa.String(length=120), nullable=False),
        sa.Column("new_name_th", sa.String(length=120), nullable=False),
        sa.Column("new_badge_code", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegation.id"],
            name=op.f("fk_delegation_substitution_delegation_id_delegation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_delegation_substitution_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_substitution")),
    )
    with op.batch_alter_table("delegation_substitution", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delegation_substitution_delegation_id"), ["delegation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_delegation_substitution_registration_id"),
            ["registration_id"],
            unique=False,
        )

    with op.batch_alter_table("registration_categories", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "badge_kind",
                sa.Enum(
                    "delegate",
                    "vip",
                    "speaker",
                    "exhibitor",
                    "media",
                    "organiser",
                    name="badge_kind",
                    native_enum=False,
                    create_constraint=True,
                    length=12,
                ),
                nullable=False,
                server_default="delegate",
            )
        )
        batch_op.add_column(
            sa.Column(
                "open_to_delegations", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("registration_categories", schema=None) as batch_op:
        batch_op.alter_column("badge_kind", server_default=None)
        batch_op.alter_column("open_to_delegations", server_default=None)

    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delegation_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("honorific", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("phone", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("is_head", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("is_vip", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_registrations_delegation_id"), ["delegation_id"], unique=False
        )
        batch_op.create_index(
            "uq_registrations_delegation_head",
            ["delegation_id"],
            unique=True,
            sqlite_where=sa.text(f"is_head AND {ACTIVE}"),
            postgresql_where=sa.text(f"is_head AND {ACTIVE}"),
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_registrations_delegation_id_delegation"),
            "delegation",
            ["delegation_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_registrations_email_or_delegation"),
            "email IS NOT NULL OR delegation_id IS NOT NULL",
        )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        for name in ("honorific", "phone", "is_head", "is_vip"):
            batch_op.alter_column(name, server_default=None)


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registrations_email_or_delegation"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_registrations_delegation_id_delegation"), type_="foreignkey"
        )
        batch_op.drop_index(
            "uq_registrations_delegation_head",
            sqlite_where=sa.text(f"is_head AND {ACTIVE}"),
            postgresql_where=sa.text(f"is_head AND {ACTIVE}"),
        )
        batch_op.drop_index(batch_op.f("ix_registrations_delegation_id"))
        # Members without an address cannot stay: the downgrade refuses rather than invent one.
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=False)
        batch_op.drop_column("is_vip")
        batch_op.drop_column("is_head")
        batch_op.drop_column("phone")
        batch_op.drop_column("honorific")
        batch_op.drop_column("delegation_id")

    with op.batch_alter_table("registration_categories", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_registration_categories_badge_kind"), type_="check")
        batch_op.drop_column("open_to_delegations")
        batch_op.drop_column("badge_kind")

    with op.batch_alter_table("delegation_substitution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_substitution_registration_id"))
        batch_op.drop_index(batch_op.f("ix_delegation_substitution_delegation_id"))

    op.drop_table("delegation_substitution")
    with op.batch_alter_table("delegation_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_link_delegation_id"))

    op.drop_table("delegation_link")
    with op.batch_alter_table("delegation_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_history_delegation_id"))

    op.drop_table("delegation_history")
    op.drop_table("delegation")
    op.drop_table("delegation_settings")
