"""Forms of visa letters. The rules (a possible date of birth, a passport number's characters,
travel dates around the event, a nationality that exists) are checked by the services, which
report every problem at once against its field; the forms carry labels and required marks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from showcase.core.forms import DayField, Required, ShowcaseForm, WholeNumberField, choices
from showcase.core.i18n import countries, current_language


class LetterFields(ShowcaseForm):
    passport_name = StringField(
        _l("Name exactly as in the passport"),
        validators=[Required()],
        description=_l("Family and given names, as printed on the passport's photo page."),
        render_kw={"maxlength": 120, "autocomplete": "name"},
    )
    passport_number = StringField(
        _l("Passport number"),
        validators=[Required()],
        render_kw={"maxlength": 40, "autocomplete": "off", "spellcheck": "false"},
    )
    nationality = SelectField(
        _l("Nationality"), choices=[], validate_choice=False, validators=[Required()]
    )
    date_of_birth = DayField(_l("Date of birth"), validators=[Required()])
    arrives_on = DayField(_l("Arrival in Thailand"), validators=[Required()])
    departs_on = DayField(_l("Departure from Thailand"), validators=[Required()])
    embassy = StringField(
        _l("Embassy or consulate where you apply"),
        validators=[Required()],
        description=_l("For example Royal Thai Embassy, Berlin."),
        render_kw={"maxlength": 200},
    )
    with_thai = BooleanField(_l("Also in Thai (a second page)"))

    def fill_choices(self) -> None:
        self.nationality.choices = choices(
            [("", _l("Choose your nationality")), *countries(current_language())]
        )


class LetterRequestForm(LetterFields):
    pass


class CorrectionForm(LetterFields):
    reason = TextAreaField(
        _l("What was corrected"),
        description=_l("Kept in the letter's history."),
        render_kw={"rows": 2, "maxlength": 1000},
    )


class ReasonForm(ShowcaseForm):
    reason = TextAreaField(
        _l("Reason (sent to the person)"), render_kw={"rows": 2, "maxlength": 1000}
    )


class VerifyForm(ShowcaseForm):
    class Meta:
        csrf = False

    code = StringField(
        _l("Check code"),
        validators=[Required()],
        description=_l("Printed beside the QR code, e.g. 7K4QM-X2D9P."),
        render_kw={"maxlength": 20, "autocomplete": "off", "spellcheck": "false"},
    )


class SettingsForm(ShowcaseForm):
    requests_open = BooleanField(_l("Delegates may request visa letters"))
    organisation_en = StringField(
        _l("Issuing organisation (English)"), render_kw={"maxlength": 200}
    )
    organisation_th = StringField(
        _l("Issuing organisation (Thai)"), render_kw={"maxlength": 200, "lang": "th"}
    )
    address_en = StringField(
        _l("Address on the letterhead (English)"), render_kw={"maxlength": 300}
    )
    address_th = StringField(
        _l("Address on the letterhead (Thai)"), render_kw={"maxlength": 300, "lang": "th"}
    )
    logo = FileField(_l("Logo (PNG, JPEG, WebP or GIF, at most 1 MB)"))
    remove_logo = BooleanField(_l("Remove the logo"))
    signatory_name = StringField(_l("Signatory's name (English)"), render_kw={"maxlength": 120})
    signatory_name_th = StringField(
        _l("Signatory's name (Thai)"), render_kw={"maxlength": 120, "lang": "th"}
    )
    signatory_title_en = StringField(
        _l("Signatory's position (English)"), render_kw={"maxlength": 200}
    )
    signatory_title_th = StringField(
        _l("Signatory's position (Thai)"), render_kw={"maxlength": 200, "lang": "th"}
    )
    body_en = TextAreaField(
        _l("Letter text (English)"),
        description=_l("Leave empty for the standard text. Placeholders are listed below."),
        render_kw={"rows": 10},
    )
    body_th = TextAreaField(
        _l("Letter text (Thai)"),
        description=_l("Leave empty for the standard text."),
        render_kw={"rows": 10, "lang": "th"},
    )
    retention_days = WholeNumberField(
        _l("Days after the event until passport data is deleted"),
        validators=[Required()],
        render_kw={"min": 0, "max": 365},
    )
