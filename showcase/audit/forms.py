"""The audit page's filter: a GET form (bookmarkable, no CSRF token) whose problems are shown
as field errors with status 400."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from showcase.audit.queries import AuditFilters
from showcase.core.audit import AuditAction
from showcase.core.forms import DayField, ShowcaseForm, choices


class AuditFilterForm(ShowcaseForm):
    class Meta:
        csrf = False  # a filter changes nothing; its page may be bookmarked

    person = StringField(
        _l("Person (email)"),
        validators=[Optional(), Length(max=254)],
        render_kw={"maxlength": 254},
    )
    # No Optional(): it would also clear the refusal of a value that is not among the choices.
    action = SelectField(_l("What happened"), default="")
    kind = StringField(
        _l("Kind of object"),
        validators=[Optional(), Length(max=60)],
        description=_l("The table's name, e.g. registrations or booth_application."),
        render_kw={"maxlength": 60},
    )
    object_id = StringField(
        _l("Object number"), validators=[Optional(), Length(max=64)], render_kw={"maxlength": 64}
    )
    since = DayField(_l("From"))
    until = DayField(_l("Until"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = choices([("", _l("Anything")), *AuditAction.options()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.since.data and self.until.data and self.until.data < self.since.data:
            self.until.errors = [*self.until.errors, _l("Give a day on or after the first one.")]
            valid = False
        return valid

    def filters(self) -> AuditFilters:
        return AuditFilters(
            person=(self.person.data or "").strip(),
            action=AuditAction(self.action.data) if self.action.data else None,
            kind=(self.kind.data or "").strip(),
            object_id=(self.object_id.data or "").strip(),
            since=self.since.data,
            until=self.until.data,
        )
