"""Forms of the booths feature. Every message is ours and translated (WTForms has no Thai)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from showcase.booths.models import BoothAvailability
from showcase.core.forms import (
    EmailAddress,
    LocalDateTimeField,
    MultiCheckboxField,
    ShowcaseForm,
    WholeNumberField,
    choices,
)

REQUIRED = _l("Fill in this field.")


def required() -> DataRequired:
    return DataRequired(message=REQUIRED)


def typed_in() -> InputRequired:
    """Required, keeping a conversion error ("Give a whole number.") when something was typed."""
    return InputRequired(message=REQUIRED)


def at_most(limit: int) -> Length:
    return Length(
        max=limit,
        message=_nl("Write at most %(num)d character.", "Write at most %(num)d characters.", limit),
    )


def _metres_text(value):
    """A number taken from the hall or booth (a POST without the field) as the text of the form."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    return value


def metres_field(label, description=None) -> StringField:
    return StringField(
        label,
        validators=[required(), at_most(12)],
        filters=[_metres_text],
        description=description,
        render_kw={"inputmode": "decimal"},
    )


# Applicants ---------------------------------------------------------------------------------


class ApplicationFields(ShowcaseForm):
    contact_name = StringField(_l("Contact person"), validators=[required(), at_most(120)])
    contact_email = EmailField(
        _l("Contact email"),
        validators=[required(), at_most(254), EmailAddress()],
        description=_l("We send the confirmation link and every decision to this address."),
    )
    contact_phone = TelField(
        _l("Contact telephone"),
        validators=[required(), at_most(40)],
        render_kw={"autocomplete": "tel"},
    )
    organisation = StringField(
        _l("Organisation (optional)"),
        validators=[Optional(), at_most(200)],
        description=_l("For example the city's smart-city office or municipality."),
    )
    title_en = StringField(
        _l("What the city will exhibit: title in English"), validators=[Optional(), at_most(200)]
    )
    title_th = StringField(
        _l("What the city will exhibit: title in Thai"), validators=[Optional(), at_most(200)]
    )
    description_en = TextAreaField(
        _l("Description in English"),
        validators=[Optional(), at_most(5000)],
        description=_l("Give the title and the description in English, in Thai, or in both."),
        render_kw={"rows": 5},
    )
    description_th = TextAreaField(
        _l("Description in Thai"), validators=[Optional(), at_most(5000)], render_kw={"rows": 5}
    )
    dimensions = MultiCheckboxField(
        _l("Smart-city dimensions of the exhibit"), validate_choice=False, choices=[]
    )
    preferred_zone = SelectField(_l("Preferred zone"), validate_choice=False, choices=[])
    preferred_booths = StringField(
        _l("Preferred booths (optional)"),
        validators=[Optional(), at_most(200)],
        description=_l("Booth codes from the floor plan, such as A-12, A-14."),
    )
    space_sqm = WholeNumberField(
        _l("Floor space needed (square metres)"),
        validators=[typed_in()],
        default=9,
        description=_l("A standard booth is 3 × 3 m = 9 m²."),
    )
    needs_power = BooleanField(_l("We need electric power"), default=True)
    needs_internet = BooleanField(_l("We need a wired internet connection"))
    requirements = TextAreaField(
        _l("Other needs (optional)"),
        validators=[Optional(), at_most(2000)],
        description=_l("Heavy or tall exhibits, water, a large screen, anything we should know."),
        render_kw={"rows": 3},
    )
    logo = FileField(
        _l("City logo (optional)"),
        description=_l("A PNG, JPEG, WebP or GIF image of at most 2 MB."),
        render_kw={"accept": "image/png,image/jpeg,image/webp,image/gif"},
    )


class ApplicationForm(ApplicationFields):
    city = SelectField(_l("City"), validators=[required()], validate_choice=False, choices=[])
    consent = BooleanField(
        _l(
            "I agree that the organisers keep these details to run the exhibition, as the "
            "privacy notice says."
        )
    )


class ResendForm(ShowcaseForm):
    email = EmailField(
        _l("Your email address"), validators=[required(), at_most(254), EmailAddress()]
    )


class WithdrawForm(ShowcaseForm):
    confirm = BooleanField(_l("Yes, withdraw this application"))


# Organisers ---------------------------------------------------------------------------------


class SettingsForm(ShowcaseForm):
    applications_open_at = LocalDateTimeField(
        _l("Applications open"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    applications_close_at = LocalDateTimeField(
        _l("Applications close"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    booths_per_city = WholeNumberField(
        _l("Booths a city may hold"),
        validators=[typed_in()],
        default=1,
        description=_l("Approvals beyond this number are refused."),
    )


class HallForm(ShowcaseForm):
    code = StringField(
        _l("Code"),
        validators=[required(), at_most(16)],
        description=_l("Short, such as A; used in the CSV import."),
    )
    name_en = StringField(_l("Name (English)"), validators=[required(), at_most(120)])
    name_th = StringField(_l("Name (Thai)"), validators=[Optional(), at_most(120)])
    width = metres_field(_l("Width (metres, left to right)"))
    depth = metres_field(_l("Depth (metres, top to bottom)"))


class BoothForm(ShowcaseForm):
    code = StringField(
        _l("Code"), validators=[required(), at_most(16)], description=_l("Such as A-12.")
    )
    hall = SelectField(_l("Hall"), validate_choice=False, choices=[])
    x = metres_field(_l("Left edge (metres from the hall's left wall)"))
    y = metres_field(_l("Top edge (metres from the hall's top wall)"))
    width = metres_field(_l("Width (metres)"))
    depth = metres_field(_l("Depth (metres)"))
    zone = SelectField(_l("Zone"), validate_choice=False, choices=[])
    has_power = BooleanField(_l("Power"), default=True)
    has_internet = BooleanField(_l("Internet"))
    is_corner = BooleanField(_l("Corner booth (open on two sides)"))
    availability = SelectField(
        _l("Availability"),
        validate_choice=False,
        choices=choices(BoothAvailability.options()),
        description=_l(
            "Held booths are kept back by the organisers; blocked booths cannot be used."
        ),
    )
    note = StringField(_l("Note for organisers"), validators=[Optional(), at_most(300)])


class BoothImportForm(ShowcaseForm):
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l(
            "Columns: code, hall, x, y, width, depth (metres), and optionally zone (general or a "
            "dimension such as mobility), power, internet, corner (yes/no), availability "
            "(available, held or blocked), note. The status and exhibitor columns of the export "
            "are ignored."
        ),
    )


class ApproveForm(ShowcaseForm):
    booth = SelectField(_l("Booth"), validate_choice=False, choices=[])
    note = TextAreaField(
        _l("Note to the applicant (optional)"),
        validators=[Optional(), at_most(2000)],
        render_kw={"rows": 2},
    )


class WaitlistForm(ShowcaseForm):
    note = TextAreaField(
        _l("Note to the applicant (optional)"),
        validators=[Optional(), at_most(2000)],
        render_kw={"rows": 2},
    )


class ReasonForm(ShowcaseForm):
    reason = TextAreaField(
        _l("Reason (sent to the applicant)"),
        validators=[required(), at_most(2000)],
        render_kw={"rows": 2},
    )
