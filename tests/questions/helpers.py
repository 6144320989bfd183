"""Helpers for the registration questions' tests: questions made through the organisers'
service, the values of a question as the organisers' form sends them, and small files."""

from __future__ import annotations

import io

from showcase.core.db import unit_of_work
from showcase.questions.models import Question
from showcase.questions.services import questions

MEAL_CHOICES = (
    "regular | No preference | ไม่มีข้อจำกัด\nvegetarian | Vegetarian | มังสวิรัติ\nhalal | Halal | ฮาลาล"
)
LANGUAGE_CHOICES = (
    "th_en | Thai into English | ไทยเป็นอังกฤษ\nen_th | English into Thai | อังกฤษเป็นไทย"
)


def question_values(code: str, kind: str, categories=(), **overrides) -> dict:
    values = {
        "code": code,
        "kind": kind,
        "label_en": code.replace("_", " ").capitalize() + "?",
        "label_th": "คำถาม " + code,
        "help_en": "",
        "help_th": "",
        "purpose_en": "To plan the event.",
        "purpose_th": "เพื่อวางแผนการจัดงาน",
        "choices": "",
        "categories": [str(category.id) for category in categories],
        "required": False,
        "for_delegations": False,
        "sensitivity": "general",
        "retention_days": 30,
        "position": 0,
        "condition_question": "",
        "condition_value": "",
        "visible": True,
    }
    values.update(overrides)
    return values


def add_question(event, code: str, kind: str, categories=(), **overrides) -> Question:
    with unit_of_work():
        return questions.save_question(event, question_values(code, kind, categories, **overrides))


def change_question(question: Question, **overrides) -> Question:
    from showcase.questions.services.questions import choices_text

    values = question_values(
        question.code,
        question.kind.value,
        question.categories,
        label_en=question.label_en,
        label_th=question.label_th,
        choices=choices_text(question),
        required=question.required,
        sensitivity=question.sensitivity.value,
        retention_days=question.retention_days,
        condition_question=str(question.condition_question_id or ""),
        condition_value=question.condition_value,
    )
    values.update(overrides)
    with unit_of_work():
        return questions.save_question(question.event, values, question)


def interpretation_questions(event, categories):
    """A required yes/no question "Do you need interpretation?" and, only when the answer is
    yes, a required choice of the language."""
    needs = add_question(
        event,
        "interpretation",
        "yes_no",
        categories,
        label_en="Do you need interpretation?",
        label_th="ต้องการล่ามหรือไม่",
        required=True,
        position=1,
    )
    language = add_question(
        event,
        "interpretation_language",
        "single_choice",
        categories,
        label_en="Which interpretation?",
        label_th="ต้องการล่ามภาษาใด",
        choices=LANGUAGE_CHOICES,
        required=True,
        condition_question=str(needs.id),
        condition_value="yes",
        position=2,
    )
    return needs, language


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)
