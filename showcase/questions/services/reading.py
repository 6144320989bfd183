"""Who among the organisers reads which answers, and the answers as organisers read them: on a
registration's page and at the check-in desk, as list filters, as export columns, and totalled
per category on the report page.

``may_read`` is the one rule: a question's sensitivity names the roles that may read its answers
(``models.READERS``). Every function here takes the reader's role and leaves out what it may not
read, so a page, an export and a total all hide the same answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select

from showcase.core.db import event_rows
from showcase.core.roles import Role
from showcase.events.models import Event
from showcase.extensions import db
from showcase.questions.models import NO, YES, Answer, Question, QuestionKind
from showcase.questions.services.answers import answer_text, answers_of
from showcase.registration.models import (
    ACTIVE_STATES,
    Registration,
    RegistrationCategory,
    RegistrationState,
)


def may_read(role: Role | str | None, question: Question) -> bool:
    try:
        return role is not None and Role(role) in question.sensitivity.readers
    except ValueError:
        return False


def readable_questions(event: Event, role: Role | str | None) -> list[Question]:
    """The event's questions (shown or not) whose answers ``role`` may read, in page order."""
    questions = event_rows(Question, event, Question.position, Question.id)
    return [question for question in questions if may_read(role, question)]


def readable_answers(registration: Registration, role: Role | str | None) -> list[Answer]:
    return [answer for answer in answers_of(registration) if may_read(role, answer.question)]


# Filters of the registrations list ------------------------------------------------------------


@dataclass(frozen=True)
class FilterOption:
    value: str  # "<question id>:<choice key>"
    label: str


def filter_options(event: Event, role: Role | str | None) -> list[FilterOption]:
    """ "Question: choice" for every choice and yes/no question the role may read."""
    options = []
    for question in readable_questions(event, role):
        for key, label in choice_rows(question):
            options.append(FilterOption(f"{question.id}:{key}", f"{question.label}: {label}"))
    return options


def filter_by_answer(
    query: Select, event: Event, role: Role | str | None, wanted: str
) -> tuple[Select, str]:
    """The registrations list narrowed to people whose answer has the chosen value; a filter on
    a question the role may not read (or no such question) is ignored. Returns the query and
    the filter kept."""
    question_id, _, key = (wanted or "").partition(":")
    if not question_id.isdigit() or not key or len(question_id) > 9:
        return query, ""
    question = db.session.get(Question, int(question_id))
    if question is None or question.event_id != event.id or not may_read(role, question):
        return query, ""
    if key not in {row_key for row_key, _ in choice_rows(question)}:
        return query, ""
    matching = select(Answer.registration_id).where(Answer.question_id == question.id)
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        # Keys are stored one a line: match the whole line.
        matching = matching.where(
            ("\n" + Answer.value + "\n").contains(f"\n{key}\n", autoescape=True)
        )
    else:
        matching = matching.where(Answer.value == key)
    return query.where(Registration.id.in_(matching)), wanted


# Export columns -------------------------------------------------------------------------------


@dataclass
class AnswerColumns:
    """Columns of answers beside an export's rows: the headings, and the cells of one
    registration by its id."""

    header: tuple[str, ...]
    cells: Callable[[int], tuple[str, ...]]


def answer_columns(event: Event, role: Role | str | None, lang: str) -> AnswerColumns:
    questions = readable_questions(event, role)
    ids = [question.id for question in questions]
    by_registration: dict[int, dict[int, str]] = {}
    if ids:
        answers = db.session.scalars(
            select(Answer)
            .join(Registration, Registration.id == Answer.registration_id)
            .where(Registration.event_id == event.id, Answer.question_id.in_(ids))
            .execution_options(yield_per=500)
        )
        for answer in answers:
            by_registration.setdefault(answer.registration_id, {})[answer.question_id] = (
                answer_text(answer, lang)
            )

    def cells(registration_id: int) -> tuple[str, ...]:
        given = by_registration.get(registration_id, {})
        return tuple(given.get(question_id, "") for question_id in ids)

    return AnswerColumns(tuple(question.code for question in questions), cells)


def with_answers(rows, columns: AnswerColumns):
    """Export rows (whose first cell is the registration's id) with the answer cells added."""
    for row in rows:
        yield (*row, *columns.cells(row[0]))


# Totals of the choice questions per category --------------------------------------------------

SCOPES = {
    "confirmed": (RegistrationState.CONFIRMED,),
    "active": ACTIVE_STATES,
}


def choice_rows(question: Question) -> list[tuple[str, str]]:
    """(key, label) of each answer a choice or yes/no question offers, in its order."""
    if question.kind.has_choices:
        first, second = ("th", "en") if _reader_language() == "th" else ("en", "th")
        return [
            (choice["key"], choice.get(first) or choice.get(second, ""))
            for choice in question.choices or []
        ]
    if question.kind == QuestionKind.YES_NO:
        from flask_babel import gettext

        return [(YES, gettext("Yes")), (NO, gettext("No"))]
    return []


def _reader_language() -> str:
    from showcase.core.i18n import current_language

    return current_language()


@dataclass
class TotalRow:
    key: str
    label: str
    per_category: list[int]
    total: int


@dataclass
class QuestionTotals:
    question: Question
    rows: list[TotalRow] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)
    answered_total: int = 0


def totals(
    event: Event, role: Role | str | None, scope: str = "confirmed"
) -> tuple[list[RegistrationCategory], list[QuestionTotals]]:
    """Per choice (and yes/no) question the role may read: how many people of each category
    chose each answer, among the registrations of ``scope`` ("confirmed" or every "active").
    An answer whose choice was removed since is counted under the wording it was given."""
    states = SCOPES.get(scope, SCOPES["confirmed"])
    categories = event_rows(
        RegistrationCategory, event, RegistrationCategory.position, RegistrationCategory.id
    )
    questions = [q for q in readable_questions(event, role) if q.kind.can_be_a_condition]
    result = []
    for question in questions:
        counts: Counter[tuple[str, int]] = Counter()
        answered: Counter[int] = Counter()
        gone: dict[str, str] = {}
        rows = db.session.execute(
            select(Answer, Registration.category_id)
            .join(Registration, Registration.id == Answer.registration_id)
            .where(Answer.question_id == question.id, Registration.state.in_(states))
        ).all()
        for answer, category_id in rows:
            answered[category_id] += 1
            for key in answer.keys:
                counts[(key, category_id)] += 1
            for choice in answer.choice_labels or []:
                gone.setdefault(choice["key"], choice.get("en", choice["key"]))
        offered = choice_rows(question)
        known = {key for key, _ in offered}
        offered += [(key, label) for key, label in gone.items() if key not in known]
        block = QuestionTotals(question)
        for key, label in offered:
            per_category = [counts[(key, category.id)] for category in categories]
            block.rows.append(TotalRow(key, label, per_category, sum(per_category)))
        block.answered = [answered[category.id] for category in categories]
        block.answered_total = sum(block.answered)
        result.append(block)
    return categories, result


def totals_table(
    categories: Sequence[RegistrationCategory], blocks: Sequence[QuestionTotals]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The totals as one table for CSV and Excel: question, answer, one column per category,
    total."""
    header = ("question", "answer", *(category.name for category in categories), "total")
    rows: list[tuple[Any, ...]] = []
    for block in blocks:
        for row in block.rows:
            rows.append((block.question.label, row.label, *row.per_category, row.total))
    return header, rows
