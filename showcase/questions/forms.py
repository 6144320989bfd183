"""The organisers' form of a question (the rules are in ``services/questions.py``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from showcase.core.forms import (
    MultiCheckboxField,
    Required,
    ShowcaseForm,
    WholeNumberField,
)
from showcase.core.forms import (
    choices as select_choices,
)
from showcase.questions.models import QuestionKind, Sensitivity


class QuestionForm(ShowcaseForm):
    code = StringField(
        _l("Code"),
        validators=[Required()],
        description=_l(
            "Lower-case letters, digits and _; names the answer in exports and in email "
            "placeholders such as {answer.dietary}."
        ),
        render_kw={"maxlength": 32},
    )
    kind = SelectField(
        _l("Kind of answer"),
        choices=select_choices(QuestionKind.options()),
        validate_choice=False,
    )
    label_en = StringField(
        _l("Question in English"), validators=[Required()], render_kw={"maxlength": 300}
    )
    label_th = StringField(_l("Question in Thai"), render_kw={"maxlength": 300, "lang": "th"})
    help_en = TextAreaField(_l("Help text in English"), render_kw={"rows": 2, "maxlength": 500})
    help_th = TextAreaField(
        _l("Help text in Thai"), render_kw={"rows": 2, "maxlength": 500, "lang": "th"}
    )
    purpose_en = StringField(
        _l("Purpose in English"),
        validators=[Required()],
        description=_l("Why you ask: shown beside the question and in the person's data."),
        render_kw={"maxlength": 300},
    )
    purpose_th = StringField(_l("Purpose in Thai"), render_kw={"maxlength": 300, "lang": "th"})
    choices = TextAreaField(
        _l("Choices"),
        description=_l(
            "For single and multiple choice: one a line, “key | English | Thai”, e.g. "
            "“halal | Halal | ฮาลาล”. Keep a key when you reword its choice."
        ),
        render_kw={"rows": 5},
    )
    categories = MultiCheckboxField(_l("Asked of these categories"), choices=[])
    for_delegations = BooleanField(_l("Also asked of members of cities' delegations"))
    required = BooleanField(_l("An answer is required"))
    condition_question = SelectField(
        _l("Only when this question…"), choices=[], validate_choice=False
    )
    condition_value = StringField(
        _l("…has this answer (a choice's key, or yes / no)"), render_kw={"maxlength": 32}
    )
    sensitivity = SelectField(
        _l("Who may read the answers"),
        choices=select_choices(Sensitivity.options()),
        validate_choice=False,
    )
    retention_days = WholeNumberField(
        _l("Delete the answers this many days after the event"), default=30
    )
    position = WholeNumberField(_l("Position on the form"), default=0)
    visible = BooleanField(
        _l("Shown on the registration form (needs every Thai text)"),
    )
