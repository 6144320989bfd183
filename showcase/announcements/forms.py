"""Forms of the composer: the announcement (audience and texts), sending it (now or at a time),
the preview's choice of person and language, and the event's settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField

from showcase.announcements.models import Match
from showcase.announcements.services.audience import condition_choices
from showcase.announcements.services.sending import MAX_CONDITIONS
from showcase.core.forms import LocalDateTimeField, ShowcaseForm, WholeNumberField, choices
from showcase.events.models import Event

CONDITION_FIELDS = tuple(f"condition_{number}" for number in range(1, MAX_CONDITIONS + 1))
BODY_HINT = _l(
    "Plain text. A blank line starts a paragraph; lines starting with “- ” make a list; "
    "links: https://… or [text](https://…). Placeholders: {name}, {manage_link}, {badge_link}, "
    "{booth}, {sessions}, {event}, {answer.<code>}."
)


class AnnouncementForm(ShowcaseForm):
    match = RadioField(
        _l("Who gets it"),
        choices=choices(
            [
                (Match.ALL.value, _l("People who meet all the conditions")),
                (Match.ANY.value, _l("People who meet any of the conditions")),
            ]
        ),
        default=Match.ALL.value,
    )
    condition_1 = SelectField(_l("Condition 1"), choices=[], default="")
    condition_2 = SelectField(_l("Condition 2"), choices=[], default="")
    condition_3 = SelectField(_l("Condition 3"), choices=[], default="")
    condition_4 = SelectField(_l("Condition 4"), choices=[], default="")
    condition_5 = SelectField(_l("Condition 5"), choices=[], default="")
    condition_6 = SelectField(_l("Condition 6"), choices=[], default="")
    subject_en = StringField(_l("Subject (English)"))
    body_en = TextAreaField(_l("Message (English)"), description=BODY_HINT, render_kw={"rows": 10})
    subject_th = StringField(_l("Subject (Thai)"))
    body_th = TextAreaField(_l("Message (Thai)"), description=BODY_HINT, render_kw={"rows": 10})

    def offer_choices(self, event: Event, role) -> None:
        offered = choices([("", _l("—")), *condition_choices(event, role)])
        for name in CONDITION_FIELDS:
            self[name].choices = offered

    def fill_from(self, announcement) -> None:
        self.match.data = announcement.match.value
        for name, condition in zip(CONDITION_FIELDS, announcement.conditions, strict=False):
            self[name].data = condition
        for name in ("subject_en", "body_en", "subject_th", "body_th"):
            self[name].data = getattr(announcement, name)

    def audience_values(self) -> dict:
        return {
            "match": self.match.data,
            "conditions": [self[name].data for name in CONDITION_FIELDS if self[name].data],
            "subject_en": self.subject_en.data,
            "body_en": self.body_en.data,
            "subject_th": self.subject_th.data,
            "body_th": self.body_th.data,
        }


class SendForm(ShowcaseForm):
    when = RadioField(
        _l("When"),
        choices=choices([("now", _l("Now")), ("later", _l("At the time below"))]),
        default="now",
    )
    send_at = LocalDateTimeField(
        _l("Date and time (in the event's timezone)"), validators=[], render_kw={"step": 60}
    )

    def validate(self, extra_validators=None) -> bool:
        # The time is only read when "at the time below" is chosen.
        if self.when.data != "later":
            self.send_at.data = None
            self.send_at.raw_data = []
        valid = super().validate(extra_validators)
        if self.when.data != "later":
            self.send_at.errors = []
            valid = not any(field.errors for field in self)
        elif self.send_at.data is None and not self.send_at.errors:
            self.send_at.errors = [str(_l("Give a date and time, such as 2027-01-26 09:00."))]
            valid = False
        return valid


class PreviewForm(ShowcaseForm):
    class Meta:
        csrf = False  # a preview changes nothing

    person = SelectField(_l("Show it as this person gets it"), choices=[], default="")
    language = SelectField(
        _l("Language"),
        choices=choices([("en", _l("English")), ("th", _l("Thai"))]),
        default="en",
    )


class TestSendForm(ShowcaseForm):
    person = SelectField(_l("Filled in for"), choices=[], default="")


class SettingsForm(ShowcaseForm):
    approval_threshold = WholeNumberField(
        _l("A second organiser approves announcements to more than this many people"),
        description=_l("0: no approval is needed."),
    )
    rate_per_minute = WholeNumberField(
        _l("Most announcement messages sent per minute"),
        description=_l("0: as fast as the outbox workers go."),
    )
