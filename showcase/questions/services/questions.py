"""What organisers do with questions: create and change them, with the rules of a question.

The rule of the interface catalogue holds here too: a question is shown on the form only when
its label, help text, purpose and every choice have their Thai text. A question's wording may
change at any time; answers keep the wording they were given under (``answers.save_answers``),
and the question's ``version`` counts the changes. Runs in the caller's unit of work.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from showcase.core.db import event_row, event_rows, require_unit_of_work
from showcase.core.errors import DomainError, ErrorCollector
from showcase.core.values import form_text
from showcase.events.models import Event
from showcase.extensions import db
from showcase.questions.models import NO, YES, Answer, Question, QuestionKind, Sensitivity
from showcase.registration.models import RegistrationCategory

CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
CHOICE_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
MOST_CHOICES = 40
LIMITS = {"label": 300, "help": 500, "purpose": 300}
NEEDS_THAI = _l("Give the Thai text: a question is shown on the form only in both languages.")


class QuestionError(DomainError):
    pass


def list_questions(event: Event) -> list[Question]:
    return event_rows(Question, event, Question.position, Question.id)


def get_question(event: Event, question_id: int) -> Question | None:
    return event_row(Question, event, question_id)


def answer_counts(event: Event) -> dict[int, int]:
    return dict(
        db.session.execute(
            select(Answer.question_id, func.count())
            .join(Question, Question.id == Answer.question_id)
            .where(Question.event_id == event.id)
            .group_by(Answer.question_id)
        ).all()
    )


# Choices are written one a line: "key | English | Thai" (the key may be left out).


def choices_text(question: Question | None) -> str:
    if question is None:
        return ""
    return "\n".join(
        f"{choice['key']} | {choice.get('en', '')} | {choice.get('th', '')}"
        for choice in question.choices or []
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:32]


def parse_choices(text: str) -> list[dict[str, str]]:
    choices: list[dict[str, str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 2:
            parts = [_slug(parts[0]), *parts]
        if len(parts) != 3:
            raise QuestionError(
                _l("Line %(line)d: write “key | English | Thai”.", line=number), field="choices"
            )
        key, english, thai = parts
        if not CHOICE_KEY.match(key):
            raise QuestionError(
                _l(
                    "Line %(line)d: the key uses lower-case letters, digits, - and _ (up to 32).",
                    line=number,
                ),
                field="choices",
            )
        if not english or len(english) > 200 or len(thai) > 200:
            raise QuestionError(
                _l("Line %(line)d: give the English text (up to 200 characters).", line=number),
                field="choices",
            )
        if any(choice["key"] == key for choice in choices):
            raise QuestionError(
                _l("Line %(line)d: the key “%(key)s” is used twice.", line=number, key=key),
                field="choices",
            )
        choices.append({"key": key, "en": english, "th": thai})
    if len(choices) > MOST_CHOICES:
        raise QuestionError(_l("At most %(count)d choices.", count=MOST_CHOICES), field="choices")
    return choices


def _number(values: dict[str, Any], name: str, low: int, high: int, default: int) -> int:
    value = values.get(name)
    if value is None or value == "":
        return default
    if not isinstance(value, int) or not low <= value <= high:
        raise QuestionError(
            _l("Give a whole number from %(low)d to %(high)d.", low=low, high=high), field=name
        )
    return value


def _categories(event: Event, values: dict[str, Any]) -> list[RegistrationCategory]:
    wanted = set()
    for value in values.get("categories") or []:
        try:
            wanted.add(int(value))
        except (TypeError, ValueError):
            raise QuestionError(
                _l("Choose categories from the list."), field="categories"
            ) from None
    if not wanted:
        return []
    found = list(
        db.session.scalars(
            select(RegistrationCategory).where(
                RegistrationCategory.event_id == event.id, RegistrationCategory.id.in_(wanted)
            )
        )
    )
    if len(found) != len(wanted):
        raise QuestionError(_l("Choose categories from the list."), field="categories")
    return found


def _condition(
    event: Event, question: Question | None, values: dict[str, Any]
) -> tuple[Question | None, str]:
    raw = str(values.get("condition_question") or "").strip()
    if not raw:
        return None, ""
    try:
        other = get_question(event, int(raw))
    except (TypeError, ValueError, OverflowError):
        other = None
    if other is None or not other.kind.can_be_a_condition:
        raise QuestionError(
            _l("Choose a choice or yes/no question of this event."), field="condition_question"
        )
    # The chain of conditions must not come back to this question.
    step = other
    while step is not None:
        if question is not None and step.id == question.id:
            raise QuestionError(
                _l("A question cannot depend on itself, even through another question."),
                field="condition_question",
            )
        step = step.condition_question
    value = str(values.get("condition_value") or "").strip()
    allowed = (
        [choice["key"] for choice in other.choices or []] if other.kind.has_choices else [YES, NO]
    )
    if value not in allowed:
        raise QuestionError(
            _l("Give one of: %(values)s.", values=", ".join(allowed)), field="condition_value"
        )
    return other, value


def save_question(event: Event, values: dict[str, Any], question: Question | None = None):
    """Create or change a question; every problem is reported at once, against its field."""
    work = require_unit_of_work()
    problems = ErrorCollector()
    code = str(values.get("code") or "").strip().lower()
    if not CODE.match(code):
        problems.add(
            QuestionError(
                _l("Start with a letter; use lower-case letters, digits and _ (up to 32)."),
                field="code",
            )
        )
    try:
        kind = QuestionKind(str(values.get("kind") or ""))
    except ValueError:
        kind = None
        problems.add(QuestionError(_l("Choose a kind of question."), field="kind"))
    answered = question is not None and bool(
        db.session.scalar(select(func.count()).where(Answer.question_id == question.id))
    )
    if kind is not None and answered and kind != question.kind:
        problems.add(
            QuestionError(
                _l("People have answered this question: its kind can no longer change."),
                field="kind",
            )
        )
    texts = {}
    for base, limit in LIMITS.items():
        for language in ("en", "th"):
            name = f"{base}_{language}"
            texts[name] = (
                problems.attempt(form_text, values, name, limit, QuestionError, base != "help")
                or ""
            )
    if not texts["label_en"]:
        problems.add(QuestionError(_l("Give the question in English."), field="label_en"))
    if not texts["purpose_en"]:
        problems.add(QuestionError(_l("Say why you ask: the person reads it."), field="purpose_en"))
    choices = problems.attempt(parse_choices, str(values.get("choices") or "")) or []
    if kind is not None and kind.has_choices and len(choices) < 2:
        problems.add(QuestionError(_l("Give at least two choices."), field="choices"))
    if kind is not None and not kind.has_choices:
        choices = []
    categories = problems.attempt(_categories, event, values) or []
    condition, condition_value = problems.attempt(_condition, event, question, values) or (
        None,
        "",
    )
    retention = problems.attempt(_number, values, "retention_days", 0, 3650, 30)
    position = problems.attempt(_number, values, "position", 0, 10_000, 0)
    try:
        sensitivity = Sensitivity(str(values.get("sensitivity") or Sensitivity.GENERAL.value))
    except ValueError:
        sensitivity = Sensitivity.GENERAL
        problems.add(QuestionError(_l("Choose who may read the answers."), field="sensitivity"))
    visible = bool(values.get("visible"))
    if visible:
        for base in LIMITS:
            if texts[f"{base}_en"] and not texts[f"{base}_th"]:
                problems.add(QuestionError(NEEDS_THAI, field=f"{base}_th"))
        if any(not choice["th"] for choice in choices):
            problems.add(
                QuestionError(
                    _l("Give every choice its Thai text before the question is shown."),
                    field="choices",
                )
            )
        if not categories and not values.get("for_delegations"):
            problems.add(
                QuestionError(
                    _l("Choose who is asked: categories, or delegation members."),
                    field="categories",
                )
            )
    problems.raise_any()
    if question is None:
        question = Question(event_id=event.id, event=event)
        db.session.add(question)
    elif (
        question.label_en != texts["label_en"]
        or question.label_th != texts["label_th"]
        or (question.choices or []) != choices
    ):
        question.version += 1
    question.code = code
    question.kind = kind
    for name, text in texts.items():
        setattr(question, name, text)
    question.choices = choices
    question.categories = categories
    question.condition_question = condition
    question.condition_value = condition_value
    question.required = bool(values.get("required"))
    question.visible = visible
    question.for_delegations = bool(values.get("for_delegations"))
    question.retention_days = retention
    question.position = position
    question.sensitivity = sensitivity
    try:
        with work.savepoint():
            db.session.flush()
    except IntegrityError:
        raise QuestionError(
            _l("Another question of this event already uses this code."), field="code"
        ) from None
    return question
