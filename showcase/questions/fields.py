"""The form builder: the questions of an event as WTForms fields, added to a page's form.

``with_questions(RegistrationForm, questions)`` is the form class of one request, with a field
``q_<id>`` per question in the reader's language. The fields only carry labels, hints and the
required mark; the checks are the services' (``services/answers.py``), which know which
questions apply. ``question_notes`` gives what the page says about each question (whom it is
for, its condition) and the data the form's script reads to show only the questions that apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.widgets import TextInput

from showcase.core.forms import MultiCheckboxField, Required, choices
from showcase.questions.models import NO, YES, Question, QuestionKind
from showcase.questions.services.answers import LIMITS, MAX_FILE_BYTES

K = QuestionKind


class DateInput(TextInput):
    input_type = "date"


class TelInput(TextInput):
    input_type = "tel"


def _choice_label(choice: dict[str, str]) -> str:
    from showcase.core.i18n import current_language

    first, second = ("th", "en") if current_language() == "th" else ("en", "th")
    return choice.get(first) or choice.get(second, "")


def field_for(question: Question):
    """The WTForms field of one question."""
    from showcase.registration.forms import CountrySelect

    validators = [Required()] if question.required else []
    options = {"validators": validators, "description": question.help}
    kind = question.kind
    if kind == K.SHORT_TEXT:
        return StringField(question.label, render_kw={"maxlength": LIMITS[kind]}, **options)
    if kind == K.LONG_TEXT:
        return TextAreaField(
            question.label, render_kw={"rows": 3, "maxlength": LIMITS[kind]}, **options
        )
    if kind == K.NUMBER:
        return StringField(
            question.label, render_kw={"inputmode": "decimal", "maxlength": 20}, **options
        )
    if kind == K.DATE:
        return StringField(question.label, widget=DateInput(), **options)
    if kind == K.SINGLE_CHOICE:
        return RadioField(
            question.label,
            choices=choices((c["key"], _choice_label(c)) for c in question.choices),
            validate_choice=False,
            **options,
        )
    if kind == K.MULTIPLE_CHOICE:
        return MultiCheckboxField(
            question.label,
            choices=choices((c["key"], _choice_label(c)) for c in question.choices),
            validate_choice=False,
            **options,
        )
    if kind == K.YES_NO:
        return RadioField(
            question.label,
            choices=choices([(YES, _l("Yes")), (NO, _l("No"))]),
            validate_choice=False,
            **options,
        )
    if kind == K.COUNTRY:
        return SelectField(
            question.label, choices=[], validate_choice=False, widget=CountrySelect(), **options
        )
    if kind == K.PHONE:
        return StringField(
            question.label,
            widget=TelInput(),
            render_kw={"autocomplete": "tel", "maxlength": 40},
            **options,
        )
    if kind == K.EMAIL:
        return EmailField(question.label, render_kw={"maxlength": 254}, **options)
    return FileField(
        question.label,
        render_kw={"accept": "application/pdf,image/png,image/jpeg,image/webp,image/gif"},
        **options,
    )


def with_questions(form_class: type, questions: list[Question]) -> type:
    """``form_class`` with a field per question; its error summary lists them in page order
    (before the consent box, when the form has one)."""
    attributes: dict = {question.field_name: field_for(question) for question in questions}
    order = getattr(form_class, "PAGE_ORDER", None)
    if order is not None:
        names = tuple(question.field_name for question in questions)
        head = tuple(name for name in order if name != "consent")
        attributes["PAGE_ORDER"] = (*head, *names, *(("consent",) if "consent" in order else ()))
    return type(form_class.__name__, (form_class,), attributes)


@dataclass
class QuestionNote:
    """What the page shows beside a question, and the data its script reads."""

    question: Question
    applies: str  # "For City delegates and Media. Only if …", empty when it applies to all
    data: dict[str, str]
    purpose: str
    file_hint: str = ""


def question_notes(questions: list[Question], every_category: bool = True) -> list[QuestionNote]:
    """``every_category``: the page offers several categories (the registration form), so each
    question says whom it is for; on a person's own page only the condition is said."""
    by_id = {question.id: question for question in questions}
    notes = []
    for question in questions:
        parts = []
        if every_category:
            names = [category.name for category in question.categories]
            if question.for_delegations:
                names.append(gettext("members of a city's delegation"))
            parts.append(gettext("Asked of: %(whom)s.", whom=", ".join(names)))
        parent = by_id.get(question.condition_question_id or 0)
        if parent is not None:
            if parent.kind.has_choices:
                choice = parent.choice(question.condition_value)
                value = _choice_label(choice) if choice else question.condition_value
            else:
                value = gettext("Yes") if question.condition_value == YES else gettext("No")
            parts.append(
                gettext(
                    "Only if your answer to “%(question)s” is “%(value)s”.",
                    question=parent.label,
                    value=value,
                )
            )
        data = {
            "data-question": question.field_name,
            "data-categories": " ".join(str(category.id) for category in question.categories),
        }
        if question.for_delegations:
            data["data-delegations"] = "1"
        if parent is not None:
            data["data-condition"] = parent.field_name
            data["data-condition-value"] = question.condition_value
        file_hint = ""
        if question.kind == K.FILE:
            file_hint = gettext(
                "A PDF or an image, up to %(size)d MB.", size=MAX_FILE_BYTES // (1024 * 1024)
            )
        notes.append(
            QuestionNote(
                question,
                " ".join(parts),
                data,
                gettext("Why we ask: %(purpose)s", purpose=question.purpose),
                file_hint,
            )
        )
    return notes


# The public registration form -------------------------------------------------------------------


def public_questions(event) -> list[Question]:
    """The questions of the registration form: the visible ones asked of a category (those only
    for delegation members are asked on the members' own pages)."""
    from showcase.questions.services.answers import visible_questions

    return [question for question in visible_questions(event) if question.categories]


def public_form(form_class: type, event) -> type:
    return with_questions(form_class, public_questions(event))


def public_notes(form, event) -> list[QuestionNote]:
    """The notes of the questions ``form`` has fields for."""
    questions = [q for q in public_questions(event) if q.field_name in form]
    return question_notes(questions)
