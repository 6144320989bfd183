"""Forms of cooperation: a profile (with one pair of fields per dimension), a meeting request,
another slot, a badge scan, an outcome, and the organisers' programme, tables, pins and
bookings. The rules are the services'; the forms carry labels, choices and required marks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField, TimeField

from showcase.cooperation.models import OutcomeResult, ProfileKind
from showcase.cooperation.services.profiles import CONSENT_PURPOSE, LANGUAGES
from showcase.core.forms import (
    DayField,
    MultiCheckboxField,
    Required,
    ShowcaseForm,
    WholeNumberField,
    choices,
)
from showcase.core.i18n import countries, current_language, localized

LANGUAGE_NAMES = {
    "th": _l("Thai"),
    "en": _l("English"),
    "zh": _l("Chinese"),
    "ja": _l("Japanese"),
    "ko": _l("Korean"),
    "ms": _l("Malay"),
    "id": _l("Indonesian"),
    "vi": _l("Vietnamese"),
    "fr": _l("French"),
    "de": _l("German"),
    "es": _l("Spanish"),
    "ar": _l("Arabic"),
}


class ProfileForm(ShowcaseForm):
    kind = SelectField(_l("You take part as"), choices=[], validate_choice=False)
    display_name = StringField(
        _l("Name to show"), validators=[Required()], render_kw={"maxlength": 200}
    )
    country = SelectField(_l("Country"), choices=[], validate_choice=False, validators=[Required()])
    languages = MultiCheckboxField(_l("Languages you can meet in"), choices=[])
    tags = StringField(
        _l("Tags"),
        description=_l("Separated by commas, e.g. light rail, open data."),
        render_kw={"maxlength": 300},
    )
    about = TextAreaField(_l("About you"), render_kw={"rows": 3, "maxlength": 2000})
    writing_language = SelectField(
        _l("Language of your descriptions"),
        choices=choices([("en", _l("English")), ("th", _l("Thai"))]),
        validate_choice=False,
    )
    member_ids = MultiCheckboxField(_l("People who can meet"), choices=[], coerce=str)
    visible = BooleanField(_l("Show the profile in the directory and take meeting requests"))
    consent = BooleanField(CONSENT_PURPOSE, validators=[Required()])

    @classmethod
    def for_event(cls, tracks, people, with_kind: bool, **kwargs) -> ProfileForm:
        """The form with one "offer" and one "seek" field per dimension of the event."""

        class EventProfileForm(cls):
            pass

        for track in tracks:
            name = localized(track, "name")
            setattr(
                EventProfileForm,
                f"offer_{track.id}",
                StringField(
                    _l("%(dimension)s: what you offer", dimension=name),
                    render_kw={"maxlength": 300},
                ),
            )
            setattr(
                EventProfileForm,
                f"seek_{track.id}",
                StringField(
                    _l("%(dimension)s: what you seek", dimension=name),
                    render_kw={"maxlength": 300},
                ),
            )
        form = EventProfileForm(**kwargs)
        form.tracks = tracks
        language = current_language()
        form.country.choices = choices(
            [("", _l("Choose a country")), *countries(language, first="TH")]
        )
        form.languages.choices = choices([(code, LANGUAGE_NAMES[code]) for code in LANGUAGES])
        form.member_ids.choices = choices([(str(person.id), person.full_name) for person in people])
        if with_kind:
            form.kind.choices = choices(
                [
                    (
                        ProfileKind.ORGANISATION.value,
                        _l("An organisation (company, university, agency)"),
                    ),
                    (ProfileKind.PERSON.value, _l("Myself, as a person")),
                ]
            )
        else:
            del form.kind
        return form


class RequestForm(ShowcaseForm):
    slot = SelectField(_l("Slot"), choices=[], validate_choice=False, validators=[Required()])
    message = TextAreaField(
        _l("Message"),
        description=_l("What you would like to talk about."),
        render_kw={"rows": 3, "maxlength": 2000},
    )


class CounterForm(ShowcaseForm):
    slot = SelectField(
        _l("Another slot"), choices=[], validate_choice=False, validators=[Required()]
    )
    note = TextAreaField(_l("Note"), render_kw={"rows": 2, "maxlength": 1000})


class NoteForm(ShowcaseForm):
    note = TextAreaField(_l("Note (optional)"), render_kw={"rows": 2, "maxlength": 1000})


class ScanForm(ShowcaseForm):
    badge_code = StringField(
        _l("Badge code"),
        validators=[Required()],
        description=_l("Scan the badge of the person you meet, or type the code under its QR."),
        render_kw={"maxlength": 200, "autocomplete": "off", "autocapitalize": "characters"},
    )


class OutcomeForm(ShowcaseForm):
    result = SelectField(
        _l("What came of the meeting"),
        choices=choices(OutcomeResult.options()),
        validate_choice=False,
        validators=[Required()],
    )
    track_id = SelectField(_l("Dimension"), choices=[], validate_choice=False)
    note = TextAreaField(_l("Note"), render_kw={"rows": 2, "maxlength": 1000})

    def fill_choices(self, tracks) -> None:
        self.track_id.choices = choices(
            [("", _l("Choose a dimension")), *[(str(t.id), localized(t, "name")) for t in tracks]]
        )


class SettingsForm(ShowcaseForm):
    directory_public = BooleanField(_l("The directory is public (else for registrants only)"))
    reminder_minutes = WholeNumberField(
        _l("Reminder, minutes before a meeting"), validators=[Required()]
    )


class DayForm(ShowcaseForm):
    day = DayField(_l("Day"), validators=[Required()])
    starts = TimeField(_l("Meetings start at"), validators=[Required()])
    ends = TimeField(_l("Meetings end at"), validators=[Required()])
    slot_minutes = WholeNumberField(_l("Slot length (minutes)"), validators=[Required()])


class TableForm(ShowcaseForm):
    number = WholeNumberField(_l("Table number"), validators=[Required()])
    capacity = WholeNumberField(_l("Seats"), validators=[Required()])
    place_en = StringField(_l("Place (English)"), render_kw={"maxlength": 120})
    place_th = StringField(_l("Place (Thai)"), render_kw={"maxlength": 120})


class PinForm(ShowcaseForm):
    profile_id = SelectField(_l("For"), choices=[], validate_choice=False, validators=[Required()])
    partner_id = SelectField(
        _l("Recommend meeting"), choices=[], validate_choice=False, validators=[Required()]
    )
    note = StringField(_l("Note"), render_kw={"maxlength": 300})


class BookForm(ShowcaseForm):
    requester_id = SelectField(
        _l("Guest"), choices=[], validate_choice=False, validators=[Required()]
    )
    host_id = SelectField(_l("Host"), choices=[], validate_choice=False, validators=[Required()])
    slot = SelectField(_l("Slot"), choices=[], validate_choice=False, validators=[Required()])
    table_id = SelectField(_l("Table"), choices=[], validate_choice=False)
    message = TextAreaField(_l("Message"), render_kw={"rows": 2, "maxlength": 2000})


class MoveForm(ShowcaseForm):
    slot = SelectField(_l("Slot"), choices=[], validate_choice=False, validators=[Required()])
    table_id = SelectField(_l("Table"), choices=[], validate_choice=False)
