"""Organisers register people on their behalf, offer seats from the waiting list, and every
speaker and exhibitor staff member has a pass.

- ``registrations``: the state ``offered`` (a seat held from the waiting list until
  ``offer_expires_at``), which also counts as active in the one-registration-per-email index;
  ``registered_by`` (the organiser who registered the person); ``speaker_id`` and
  ``booth_application_id`` (whose pass the registration is);
- ``registration_settings.offer_hours`` (how long an offer from the waiting list stands) and
  ``waitlist_by_hand`` (organisers choose who gets a freed seat);
- ``registration_categories.given_to`` (the Speaker and Exhibitor-staff categories Showcase
  gives, kept out of the public form);
- ``booth_application.staff_passes`` (the organisers' number of passes for an exhibitor);
- ``registration_invitations``: invitees imported from CSV, with the hash of their link.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

OLD_STATES = (
    "pending_email",
    "confirmed",
    "waitlisted",
    "awaiting_approval",
    "cancelled",
    "rejected",
)
NEW_STATES = (*OLD_STATES, "offered")
OLD_ACTIVE = "state IN ('pending_email', 'confirmed', 'waitlisted', 'awaiting_approval')"
NEW_ACTIVE = "state IN ('pending_email', 'confirmed', 'waitlisted', 'awaiting_approval', 'offered')"


def _states_check(states) -> str:
    return "state IN (" + ", ".join(f"'{state}'" for state in states) + ")"


def _active_indexes(where: str) -> None:
    """The partial unique indexes over active registrations (one address, one head of a
    delegation), made after SQLite's table copy, which would not keep their conditions."""
    op.create_index(
        "uq_registrations_active_email",
        "registrations",
        ["event_id", "email"],
        unique=True,
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )
    op.create_index(
        "uq_registrations_delegation_head",
        "registrations",
        ["delegation_id"],
        unique=True,
        sqlite_where=sa.text(f"is_head AND {where}"),
        postgresql_where=sa.text(f"is_head AND {where}"),
    )


def _drop_active_indexes() -> None:
    op.drop_index("uq_registrations_delegation_head", table_name="registrations")
    op.drop_index("uq_registrations_active_email", table_name="registrations")


def upgrade():
    with op.batch_alter_table("registration_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("offer_hours", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("waitlist_by_hand", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_registration_settings_offer_hours_range"),
            "offer_hours IS NULL OR offer_hours BETWEEN 1 AND 720",
        )
    with op.batch_alter_table("registration_settings", schema=None) as batch_op:
        batch_op.alter_column("waitlist_by_hand", server_default=None)
    with op.batch_alter_table("registration_categories", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("given_to", sa.String(length=20), nullable=False, server_default="")
        )
    with op.batch_alter_table("registration_categories", schema=None) as batch_op:
        batch_op.alter_column("given_to", server_default=None)

    _drop_active_indexes()
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("registered_by", sa.String(length=254), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("speaker_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("booth_application_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_registrations_speaker_id_speakers"),
            "speakers",
            ["speaker_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_registrations_booth_application_id_booth_application"),
            "booth_application",
            ["booth_application_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_registrations_speaker_id"), ["speaker_id"])
        batch_op.create_index(
            batch_op.f("ix_registrations_booth_application_id"), ["booth_application_id"]
        )
        batch_op.drop_constraint(batch_op.f("ck_registrations_registration_state"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_registrations_registration_state"), _states_check(NEW_STATES)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_registrations_offer_has_expiry"),
            "state <> 'offered' OR offer_expires_at IS NOT NULL",
        )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column("registered_by", server_default=None)
    _active_indexes(NEW_ACTIVE)

    with op.batch_alter_table("booth_application", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_passes", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_booth_application_staff_passes_range"),
            "staff_passes IS NULL OR staff_passes BETWEEN 0 AND 50",
        )

    op.create_table(
        "registration_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("full_name_th", sa.String(length=120), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("invited_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["registration_categories.id"],
            name=op.f("fk_registration_invitations_category_id_registration_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_registration_invitations_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_invitations_registration_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_invitations")),
        sa.UniqueConstraint(
            "event_id", "email", name=op.f("uq_registration_invitations_event_id_email")
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_registration_invitations_token_hash")),
    )
    with op.batch_alter_table("registration_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_invitations_category_id"), ["category_id"]
        )


def downgrade():
    with op.batch_alter_table("registration_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_invitations_category_id"))
    op.drop_table("registration_invitations")
    with op.batch_alter_table("booth_application", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_booth_application_staff_passes_range"), type_="check"
        )
        batch_op.drop_column("staff_passes")

    # An offer not yet accepted goes back to the waiting list, which the old states know.
    op.execute("UPDATE registrations SET state = 'waitlisted' WHERE state = 'offered'")
    _drop_active_indexes()
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registrations_offer_has_expiry"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_registrations_registration_state"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_registrations_registration_state"), _states_check(OLD_STATES)
        )
        batch_op.drop_index(batch_op.f("ix_registrations_booth_application_id"))
        batch_op.drop_index(batch_op.f("ix_registrations_speaker_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_registrations_booth_application_id_booth_application"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("fk_registrations_speaker_id_speakers"), type_="foreignkey"
        )
        batch_op.drop_column("booth_application_id")
        batch_op.drop_column("speaker_id")
        batch_op.drop_column("registered_by")
        batch_op.drop_column("offer_expires_at")
    _active_indexes(OLD_ACTIVE)

    with op.batch_alter_table("registration_categories", schema=None) as batch_op:
        batch_op.drop_column("given_to")
    with op.batch_alter_table("registration_settings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_registration_settings_offer_hours_range"), type_="check"
        )
        batch_op.drop_column("waitlist_by_hand")
        batch_op.drop_column("offer_hours")
