"""Registration questions: organisers' bilingual questions per event and the answers people gave.

- ``registration_question``: a question of an event (kind, English and Thai texts, choices,
  required, shown, conditional on another question's answer, purpose, retention in days after
  the event, sensitivity); a shown question has its Thai label and purpose;
- ``registration_question_category``: the categories a question is asked of;
- ``registration_answer``: one answer per registration and question, with the wording it was
  given under (label and chosen choices) and the question's version then;
- ``registration_answer_file``: an uploaded image (re-encoded) or PDF, deleted with its answer.

Revision ID: 0018
Revises: 0023
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0023"
branch_labels = None
depends_on = None

KINDS = (
    "short_text",
    "long_text",
    "number",
    "date",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "country",
    "phone",
    "email",
    "file",
)
SENSITIVITIES = ("general", "sensitive", "restricted")


def upgrade():
    op.create_table(
        "registration_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *KINDS, name="question_kind", native_enum=False, create_constraint=True, length=16
            ),
            nullable=False,
        ),
        sa.Column("label_en", sa.String(length=300), nullable=False),
        sa.Column("label_th", sa.String(length=300), nullable=False),
        sa.Column("help_en", sa.String(length=500), nullable=False),
        sa.Column("help_th", sa.String(length=500), nullable=False),
        sa.Column("purpose_en", sa.String(length=300), nullable=False),
        sa.Column("purpose_th", sa.String(length=300), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("visible", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("for_delegations", sa.Boolean(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column(
            "sensitivity",
            sa.Enum(
                *SENSITIVITIES,
                name="question_sensitivity",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("condition_question_id", sa.Integer(), nullable=True),
        sa.Column("condition_value", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "NOT visible OR (length(label_th) > 0 AND length(purpose_th) > 0)",
            name=op.f("ck_registration_question_visible_has_thai"),
        ),
        sa.CheckConstraint(
            "retention_days BETWEEN 0 AND 3650",
            name=op.f("ck_registration_question_retention_days_range"),
        ),
        sa.CheckConstraint(
            "length(purpose_en) > 0", name=op.f("ck_registration_question_purpose_given")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_registration_question_version_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_registration_question_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["condition_question_id"],
            ["registration_question.id"],
            name="fk_registration_question_condition",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_question")),
        sa.UniqueConstraint(
            "event_id", "code", name=op.f("uq_registration_question_event_id_code")
        ),
    )
    op.create_index(
        op.f("ix_registration_question_event_id"), "registration_question", ["event_id"]
    )
    op.create_table(
        "registration_question_category",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["registration_question.id"],
            name="fk_registration_question_category_question",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["registration_categories.id"],
            name="fk_registration_question_category_category",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "question_id", "category_id", name=op.f("pk_registration_question_category")
        ),
    )
    op.create_index(
        op.f("ix_registration_question_category_category_id"),
        "registration_question_category",
        ["category_id"],
    )
    op.create_table(
        "registration_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("label_en", sa.String(length=300), nullable=False),
        sa.Column("label_th", sa.String(length=300), nullable=False),
        sa.Column("choice_labels", sa.JSON(), nullable=False),
        sa.Column("question_version", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_answer_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["registration_question.id"],
            name=op.f("fk_registration_answer_question_id_registration_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_answer")),
        sa.UniqueConstraint(
            "registration_id",
            "question_id",
            name=op.f("uq_registration_answer_registration_id_question_id"),
        ),
    )
    op.create_index(
        op.f("ix_registration_answer_registration_id"), "registration_answer", ["registration_id"]
    )
    op.create_index(
        op.f("ix_registration_answer_question_id"), "registration_answer", ["question_id"]
    )
    op.create_table(
        "registration_answer_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["registration_answer.id"],
            name=op.f("fk_registration_answer_file_answer_id_registration_answer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_answer_file")),
        sa.UniqueConstraint("answer_id", name=op.f("uq_registration_answer_file_answer_id")),
    )


def downgrade():
    op.drop_table("registration_answer_file")
    op.drop_index(op.f("ix_registration_answer_question_id"), table_name="registration_answer")
    op.drop_index(op.f("ix_registration_answer_registration_id"), table_name="registration_answer")
    op.drop_table("registration_answer")
    op.drop_index(
        op.f("ix_registration_question_category_category_id"),
        table_name="registration_question_category",
    )
    op.drop_table("registration_question_category")
    op.drop_index(op.f("ix_registration_question_event_id"), table_name="registration_question")
    op.drop_table("registration_question")
