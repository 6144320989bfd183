"""Answers: which questions a person is asked, each kind's checks, saving, erasing and purging.

``asked_of`` and ``condition_met`` are the one rule of which questions apply: the server checks
and saves only the answers of the questions that apply to the category chosen and to the answers
given (so the form works without JavaScript, where every question is on the page with a note
saying whom it is for), and the form's script shows and hides fields by the same rule, read
from the data the page carries (``fields.py``).

Every problem is a ``DomainError`` against the question's field (``q_<id>``), in the person's
language; nothing here commits.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from showcase.core.db import utcnow
from showcase.core.errors import DomainError, ErrorCollector
from showcase.core.forms import clean_email_address
from showcase.core.i18n import country_codes, country_name
from showcase.core.images import ImageRejected, clean_image
from showcase.core.time import format_date
from showcase.events.models import Event
from showcase.extensions import db
from showcase.questions.models import NO, YES, Answer, AnswerFile, Question, QuestionKind
from showcase.registration.models import Registration, RegistrationCategory

K = QuestionKind
LIMITS = {K.SHORT_TEXT: 200, K.LONG_TEXT: 2000}
LARGEST = Decimal("1000000000")
MAX_FILE_BYTES = 5 * 1024 * 1024
PDF_HEADER = re.compile(rb"^%PDF-[12]\.[0-9]")
# PDFs that run code or carry other files when opened are refused.
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction")


class AnswerError(DomainError):
    pass


@dataclass
class Given:
    """A checked answer: the stored value, the chosen choices (their wording now), and an
    uploaded file's bytes and type (none when an earlier upload is kept)."""

    question: Question
    value: str
    choices: list[dict[str, str]] = field(default_factory=list)
    upload: tuple[bytes, str] | None = None


@dataclass
class Answers:
    """The answers of one submission: by question id, and the ids of every question that
    applied (an earlier answer to a question that no longer applies is deleted)."""

    given: dict[int, Given] = field(default_factory=dict)
    asked: set[int] = field(default_factory=set)


# Which questions apply ----------------------------------------------------------------------


def visible_questions(event: Event) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.event_id == event.id, Question.visible)
            .order_by(Question.position, Question.id)
        )
    )


def asked_of(question: Question, category_id: int | None, in_delegation: bool) -> bool:
    """Is ``question`` put to a person of this category (or a delegation's member)?"""
    if not question.visible:
        return False
    if in_delegation and question.for_delegations:
        return True
    return category_id is not None and any(c.id == category_id for c in question.categories)


def condition_met(question: Question, keys: dict[int, list[str]]) -> bool:
    """Is the condition of ``question`` met by the answers given (choice keys by question)?"""
    if question.condition_question_id is None:
        return True
    return question.condition_value in keys.get(question.condition_question_id, [])


def conditions_first(questions: list[Question]) -> list[Question]:
    """The questions with each one after the question its condition names."""
    by_id = {question.id: question for question in questions}
    ordered: list[Question] = []
    seen: set[int] = set()

    def visit(question: Question, depth: int) -> None:
        if question.id in seen:
            return
        parent = by_id.get(question.condition_question_id or 0)
        if parent is not None and depth < len(questions):
            visit(parent, depth + 1)
        seen.add(question.id)
        ordered.append(question)

    for question in questions:
        visit(question, 0)
    return ordered


def questions_for(event: Event, category_id: int | None, in_delegation: bool = False):
    """The visible questions put to this category, conditional ones included (in page order)."""
    return [
        question
        for question in visible_questions(event)
        if asked_of(question, category_id, in_delegation)
    ]


# Each kind's checks ---------------------------------------------------------------------------


def _one(raw: Any) -> str:
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else ""
    return "" if raw is None else str(raw)


def _text(question: Question, raw: Any) -> Given | None:
    text = _one(raw)
    text = " ".join(text.split()) if question.kind == K.SHORT_TEXT else text.strip()
    if not text:
        return None
    limit = LIMITS[question.kind]
    if len(text) > limit:
        raise AnswerError(_l("This is longer than %(limit)d characters.", limit=limit))
    return Given(question, text)


def _number(question: Question, raw: Any) -> Given | None:
    text = _one(raw).strip().replace(" ", "").replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        raise AnswerError(_l("Give a number, such as 3 or 2.5."))
    if abs(number) >= LARGEST:
        raise AnswerError(_l("Give a number smaller than a thousand million."))
    return Given(question, format(number.normalize(), "f"))


def _date(question: Question, raw: Any) -> Given | None:
    text = _one(raw).strip()
    if not text:
        return None
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    if match is None:
        raise AnswerError(_l("Give a date such as 2027-01-26 (year, month, day)."))
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        raise AnswerError(_l("This date does not exist. Check the day and the month.")) from None
    if not 1900 <= day.year <= 2100:
        raise AnswerError(_l("Give a date between the years 1900 and 2100."))
    return Given(question, day.isoformat())


def _choices(question: Question, raw: Any) -> Given | None:
    wanted = raw if isinstance(raw, list | tuple) else [raw]
    keys = []
    for value in wanted:
        key = "" if value is None else str(value)
        if key and key not in keys:
            keys.append(key)
    if not keys:
        return None
    if question.kind == K.SINGLE_CHOICE and len(keys) > 1:
        raise AnswerError(_l("Choose one answer from the list."))
    chosen = [question.choice(key) for key in keys]
    if any(choice is None for choice in chosen):
        raise AnswerError(_l("Choose from the answers offered."))
    # In the question's order, whatever order they were sent in.
    ordered = [choice for choice in question.choices if choice["key"] in keys]
    return Given(question, "\n".join(choice["key"] for choice in ordered), ordered)


def _yes_no(question: Question, raw: Any) -> Given | None:
    value = _one(raw)
    if not value:
        return None
    if value not in (YES, NO):
        raise AnswerError(_l("Answer yes or no."))
    return Given(question, value)


def _country(question: Question, raw: Any) -> Given | None:
    code = _one(raw).strip().upper()
    if not code:
        return None
    if code not in country_codes():
        raise AnswerError(_l("Choose a country from the list."))
    return Given(question, code)


def _phone(question: Question, raw: Any, region: str) -> Given | None:
    text = _one(raw).strip()
    if not text:
        return None
    if len(text) > 40:
        raise AnswerError(_l("A phone number has at most 40 characters."))
    try:
        number = phonenumbers.parse(text, region or "TH")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise AnswerError(
            _l(
                "This is not a phone number we can call. Give it with the country code, "
                "such as +66 81 234 5678."
            )
        )
    return Given(question, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _email(question: Question, raw: Any) -> Given | None:
    text = _one(raw).strip()
    if not text:
        return None
    try:
        return Given(question, clean_email_address(text).lower())
    except ValueError as error:
        raise AnswerError(error.args[0]) from None


def safe_filename(name: str) -> str:
    """The uploaded file's name as shown to organisers: its last part, printable, short."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] not in ("C", "Z") or c == " ")
    return " ".join(name.split())[:120] or "file"


def check_pdf(data: bytes) -> None:
    """A PDF by its structure: the header, a cross-reference pointer and the end-of-file mark
    at its end, a document catalogue; and no scripts, launch actions or embedded files."""
    tail = data[-2048:]
    if not PDF_HEADER.match(data[:16]):
        raise AnswerError(_l("This file is not a PDF that can be read."))
    if b"%%EOF" not in tail or b"startxref" not in tail or b"/Root" not in data:
        raise AnswerError(_l("This file is not a PDF that can be read."))
    if any(marker in data for marker in PDF_ACTIVE_CONTENT):
        raise AnswerError(
            _l("This PDF contains scripts or other files; upload a plain PDF or an image.")
        )


def _file(question: Question, raw: Any) -> Given | None:
    if raw is None or isinstance(raw, str | list | tuple) or not hasattr(raw, "stream"):
        return None
    data = raw.stream.read(MAX_FILE_BYTES + 1)
    if not data and not (raw.filename or ""):
        return None
    if not data:
        raise AnswerError(_l("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise AnswerError(
            _l("The file is larger than %(size)d MB.", size=MAX_FILE_BYTES // (1024 * 1024))
        )
    name = safe_filename(raw.filename or "")
    if data.startswith(b"%PDF"):
        check_pdf(data)
        return Given(question, name, upload=(data, "application/pdf"))
    try:
        cleaned, content_type, _width, _height = clean_image(data, MAX_FILE_BYTES)
    except ImageRejected:
        raise AnswerError(
            _l("Upload a PDF, or an image (PNG, JPEG, WebP or GIF); this file is neither.")
        ) from None
    return Given(question, name, upload=(cleaned, content_type))


def clean_one(question: Question, raw: Any, region: str = "TH") -> Given | None:
    """The checked answer to ``question`` (None when left empty), or ``AnswerError``."""
    kind = question.kind
    if kind in LIMITS:
        return _text(question, raw)
    if kind == K.NUMBER:
        return _number(question, raw)
    if kind == K.DATE:
        return _date(question, raw)
    if kind.has_choices:
        return _choices(question, raw)
    if kind == K.YES_NO:
        return _yes_no(question, raw)
    if kind == K.COUNTRY:
        return _country(question, raw)
    if kind == K.PHONE:
        return _phone(question, raw, region)
    if kind == K.EMAIL:
        return _email(question, raw)
    return _file(question, raw)


def _error_on(question: Question, error: DomainError) -> AnswerError:
    return AnswerError(error.message, field=question.field_name)


def clean_answers(
    event: Event,
    category: RegistrationCategory | None,
    values: dict[str, Any],
    registration: Registration | None = None,
) -> Answers:
    """Check the answers in ``values`` (by field name ``q_<id>``) to the questions that apply.

    Answers to questions that do not apply (another category's, or a condition not met) are
    left out, whatever was sent. A required question that applies must be answered; a file
    question answered earlier keeps its file when no new one is sent. Every problem is
    reported at once (``FieldErrors``).
    """
    in_delegation = registration is not None and registration.delegation_id is not None
    category_id = category.id if category is not None else None
    earlier = {answer.question_id: answer for answer in answers_of(registration)}
    problems = ErrorCollector()
    result = Answers()
    keys: dict[int, list[str]] = {}
    for question in conditions_first(visible_questions(event)):
        if not asked_of(question, category_id, in_delegation) or not condition_met(question, keys):
            continue
        result.asked.add(question.id)
        try:
            given = clean_one(question, values.get(question.field_name), event.country_code)
        except DomainError as error:
            problems.add(_error_on(question, error))
            continue
        kept = earlier.get(question.id)
        if given is None and question.kind == K.FILE and kept is not None and kept.file:
            given = Given(question, kept.value)
        if given is None:
            if question.required:
                problems.add(AnswerError(_l("Answer this question."), field=question.field_name))
            continue
        result.given[question.id] = given
        if question.kind.can_be_a_condition:
            keys[question.id] = given.value.split("\n")
    problems.raise_any()
    return result


# Saving, erasing, purging -----------------------------------------------------------------------


def answers_of(registration: Registration | None) -> list[Answer]:
    if registration is None or registration.id is None:
        return []
    return list(
        db.session.scalars(
            select(Answer)
            .join(Question, Question.id == Answer.question_id)
            .where(Answer.registration_id == registration.id)
            .order_by(Question.position, Question.id)
        )
    )


def save_answers(registration: Registration, answers: Answers) -> None:
    """Store the answers of one submission. An answer keeps the wording it was given under until
    the person changes it; answers to questions that no longer apply are deleted."""
    earlier = {answer.question_id: answer for answer in answers_of(registration)}
    for question_id, answer in earlier.items():
        if question_id not in answers.given:
            db.session.delete(answer)
    for question_id, given in answers.given.items():
        answer = earlier.get(question_id)
        changed = answer is None or answer.value != given.value or given.upload is not None
        if answer is None:
            answer = Answer(registration=registration, question=given.question)
            db.session.add(answer)
        if changed:
            question = given.question
            answer.value = given.value
            answer.label_en, answer.label_th = question.label_en, question.label_th
            answer.choice_labels = given.choices
            answer.question_version = question.version
            answer.answered_at = utcnow()
        if given.upload is not None:
            data, content_type = given.upload
            answer.file = AnswerFile(
                content_type=content_type,
                data=data,
                byte_size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
    db.session.flush()


def erase_answers(registration: Registration) -> int:
    """Delete every answer of the person (and their files), as erasure of their data does."""
    result = db.session.execute(delete(Answer).where(Answer.registration_id == registration.id))
    return result.rowcount or 0


def purge_answers(now: datetime) -> int:
    """Delete the answers whose question's retention has ended (that many days after the
    event's last day); the registrations stay. For ``flask showcase purge``."""
    today = now.date()
    due = [
        question.id
        for question in db.session.scalars(select(Question).join(Event))
        if question.event.ends_on + timedelta(days=question.retention_days) < today
    ]
    if not due:
        return 0
    result = db.session.execute(delete(Answer).where(Answer.question_id.in_(due)))
    return result.rowcount or 0


# Reading an answer --------------------------------------------------------------------------


def answer_text(answer: Answer, lang: str | None = None) -> str:
    """The answer as a person reads it, in ``lang`` (the reader's language by default), in the
    wording it was given under."""
    kind = answer.question.kind
    if kind.has_choices:
        first, second = ("th", "en") if lang == "th" else ("en", "th")
        if lang is None:
            from showcase.core.i18n import current_language

            first, second = ("th", "en") if current_language() == "th" else ("en", "th")
        return ", ".join(c.get(first) or c.get(second, "") for c in answer.choice_labels or [])
    if kind == K.YES_NO:
        word = _l("Yes") if answer.value == YES else _l("No")
        if lang is None:
            return str(word)
        with force_locale(lang):
            return gettext("Yes") if answer.value == YES else gettext("No")
    if kind == K.COUNTRY:
        return country_name(answer.value, lang)
    if kind == K.DATE:
        try:
            return format_date(date.fromisoformat(answer.value), "long", lang)
        except ValueError:
            return answer.value
    if kind == K.PHONE:
        try:
            number = phonenumbers.parse(answer.value)
        except phonenumbers.NumberParseException:
            return answer.value
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return answer.value


def answer_label(answer: Answer, lang: str | None = None) -> str:
    if lang is None:
        return answer.label
    first, second = ("th", "en") if lang == "th" else ("en", "th")
    return getattr(answer, f"label_{first}") or getattr(answer, f"label_{second}")


def personal_data(registration: Registration) -> list[dict[str, Any]]:
    """The person's answers for their data download: what was asked (as they read it), why,
    what they answered and until when it is kept."""
    rows = []
    for answer in answers_of(registration):
        question = answer.question
        rows.append(
            {
                "question": question.code,
                "asked": answer.label_en,
                "asked_th": answer.label_th,
                "purpose": question.purpose_en,
                "answer": answer.value,
                "answer_text": answer_text(answer, "en"),
                "file": answer.file.content_type if answer.file else None,
                "answered_at": answer.answered_at.isoformat() if answer.answered_at else None,
                "deleted_after": (
                    question.event.ends_on + timedelta(days=question.retention_days)
                ).isoformat(),
            }
        )
    return rows


# Email placeholders ---------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{answer\.([a-z][a-z0-9_]{0,31})\}")


def placeholders(registration: Registration, lang: str) -> dict[str, str]:
    """``answer.<code>`` → the person's answer in ``lang``, for the texts of their emails."""
    return {
        f"answer.{answer.question.code}": answer_text(answer, lang)
        for answer in answers_of(registration)
    }


def fill_placeholders(text: str, registration: Registration, lang: str) -> str:
    """``text`` with each ``{answer.<code>}`` replaced by the person's answer (empty when they
    gave none), e.g. "Your meal: {answer.dietary}"."""
    values = placeholders(registration, lang)
    return PLACEHOLDER.sub(lambda match: values.get(f"answer.{match.group(1)}", ""), text)
