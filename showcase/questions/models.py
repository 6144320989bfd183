"""Questions organisers ask on the registration form, and the answers people gave.

The guarantees are constraints here:

- a visible question has its Thai label and purpose (``visible_has_thai``): no page shows a
  question that half of its readers cannot read (the choices' and help's Thai is checked by
  ``services/questions.py``, which reports the missing text against its field);
- one answer per registration and question (``uq_registration_answer_registration_id_question_id``);
- an answer keeps the wording it was given under (``label_en``/``label_th`` and the chosen
  choices' labels in ``choice_labels``, with the question's ``version``), so a question edited
  later never changes what somebody answered;
- an uploaded file belongs to its answer and goes with it (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.core.db import UTCDateTime, str_enum, utcnow
from showcase.core.i18n import localized_property
from showcase.core.labels import LabelledEnum
from showcase.core.models import TimestampMixin
from showcase.core.roles import Role
from showcase.events.models import Event
from showcase.extensions import db
from showcase.registration.models import Registration, RegistrationCategory


class QuestionKind(LabelledEnum):
    SHORT_TEXT = "short_text", _l("Short text")
    LONG_TEXT = "long_text", _l("Long text")
    NUMBER = "number", _l("Number")
    DATE = "date", _l("Date")
    SINGLE_CHOICE = "single_choice", _l("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _l("Multiple choice")
    YES_NO = "yes_no", _l("Yes or no")
    COUNTRY = "country", _l("Country")
    PHONE = "phone", _l("Phone number")
    EMAIL = "email", _l("Email address")
    FILE = "file", _l("File (image or PDF)")

    @property
    def has_choices(self) -> bool:
        return self in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)

    @property
    def can_be_a_condition(self) -> bool:
        """Another question may be shown when this one's answer has a given value."""
        return self.has_choices or self == QuestionKind.YES_NO


class Sensitivity(LabelledEnum):
    """Who among the organisers may read a question's answers (``READERS``)."""

    GENERAL = "general", _l("General: every organiser role, the check-in desk included")
    SENSITIVE = (
        "sensitive",
        _l("Sensitive: administrators and organisers (hidden from check-in staff and reviewers)"),
    )
    RESTRICTED = "restricted", _l("Restricted: administrators only")

    @property
    def readers(self) -> frozenset[Role]:
        return READERS[self]


READERS: dict[Sensitivity, frozenset[Role]] = {
    Sensitivity.GENERAL: frozenset(Role),
    Sensitivity.SENSITIVE: frozenset({Role.ADMIN, Role.ORGANISER}),
    Sensitivity.RESTRICTED: frozenset({Role.ADMIN}),
}

YES, NO = "yes", "no"

question_category = sa.Table(
    "registration_question_category",
    db.metadata,
    sa.Column(
        "question_id",
        # Named here: the convention's name would pass PostgreSQL's 63 characters.
        sa.ForeignKey(
            "registration_question.id",
            ondelete="CASCADE",
            name="fk_registration_question_category_question",
        ),
        primary_key=True,
    ),
    sa.Column(
        "category_id",
        sa.ForeignKey(
            "registration_categories.id",
            ondelete="CASCADE",
            name="fk_registration_question_category_category",
        ),
        primary_key=True,
        index=True,
    ),
)


class Question(TimestampMixin, db.Model):
    """One question of an event's registration form, in English and Thai."""

    __tablename__ = "registration_question"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "code"),
        sa.CheckConstraint(
            "NOT visible OR (length(label_th) > 0 AND length(purpose_th) > 0)",
            name="visible_has_thai",
        ),
        sa.CheckConstraint("retention_days BETWEEN 0 AND 3650", name="retention_days_range"),
        sa.CheckConstraint("length(purpose_en) > 0", name="purpose_given"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # Names the question in email placeholders ({answer.dietary}) and export headings.
    code: Mapped[str] = mapped_column(sa.String(32))
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind, "question_kind", length=16))
    label_en: Mapped[str] = mapped_column(sa.String(300))
    label_th: Mapped[str] = mapped_column(sa.String(300), default="")
    help_en: Mapped[str] = mapped_column(sa.String(500), default="")
    help_th: Mapped[str] = mapped_column(sa.String(500), default="")
    # Why the organisers ask (shown beside the question, and in the person's data download).
    purpose_en: Mapped[str] = mapped_column(sa.String(300))
    purpose_th: Mapped[str] = mapped_column(sa.String(300), default="")
    # [{"key": "vegetarian", "en": "Vegetarian", "th": "มังสวิรัติ"}, …] for the choice kinds.
    choices: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    visible: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # Also asked of the members of cities' delegations, whatever their category.
    for_delegations: Mapped[bool] = mapped_column(default=False)
    # Answers are deleted this many days after the event's last day (`flask showcase purge`).
    retention_days: Mapped[int] = mapped_column(default=30)
    sensitivity: Mapped[Sensitivity] = mapped_column(
        str_enum(Sensitivity, "question_sensitivity", length=12), default=Sensitivity.GENERAL
    )
    # Shown only when the answer to this other question is (or, for several choices, includes)
    # ``condition_value`` (a choice's key, or "yes" / "no").
    condition_question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(
            "registration_question.id",
            ondelete="SET NULL",
            name="fk_registration_question_condition",
        )
    )
    condition_value: Mapped[str] = mapped_column(sa.String(32), default="")
    # Goes up by one whenever the wording (label or choices) changes.
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship()
    categories: Mapped[list[RegistrationCategory]] = relationship(
        secondary=question_category, order_by=RegistrationCategory.position
    )
    condition_question: Mapped[Question | None] = relationship(remote_side=[id])

    label = localized_property("label")
    help = localized_property("help")
    purpose = localized_property("purpose")

    @property
    def field_name(self) -> str:
        return f"q_{self.id}"

    def choice(self, key: str) -> dict[str, str] | None:
        return next((choice for choice in self.choices or [] if choice.get("key") == key), None)

    def __repr__(self) -> str:
        return f"<Question {self.code}>"


class Answer(db.Model):
    """One person's answer to one question, with the wording they answered."""

    __tablename__ = "registration_answer"
    # A person's answers stay out of the audit log: it shows that they changed (core/audit.py).
    __audit_masked__ = frozenset({"value", "choice_labels"})
    __table_args__ = (sa.UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration_question.id", ondelete="CASCADE"), index=True
    )
    # The answer as stored: text; a number or a date in ISO form; a choice's key, or the keys
    # of several joined by newlines; "yes"/"no"; a country code; a phone number in E.164; an
    # email address; an uploaded file's name.
    value: Mapped[str] = mapped_column(sa.Text, default="")
    # The wording the person answered: the question's label and the chosen choices' labels.
    label_en: Mapped[str] = mapped_column(sa.String(300))
    label_th: Mapped[str] = mapped_column(sa.String(300), default="")
    choice_labels: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    question_version: Mapped[int] = mapped_column(default=1)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration: Mapped[Registration] = relationship()
    question: Mapped[Question] = relationship()
    file: Mapped[AnswerFile | None] = relationship(
        back_populates="answer", cascade="all, delete-orphan", passive_deletes=True
    )

    label = localized_property("label")

    @property
    def keys(self) -> list[str]:
        return [key for key in (self.value or "").split("\n") if key]


class AnswerFile(db.Model):
    """The image (re-encoded by Showcase) or PDF uploaded as an answer."""

    __tablename__ = "registration_answer_file"
    __audit_masked__ = frozenset({"data", "sha256"})

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration_answer.id", ondelete="CASCADE"), unique=True
    )
    content_type: Mapped[str] = mapped_column(sa.String(32))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    byte_size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answer: Mapped[Answer] = relationship(back_populates="file")

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}.get(
            self.content_type, "bin"
        )
