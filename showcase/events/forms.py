from __future__ import annotations

from collections.abc import Callable
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from showcase.core.forms import ShowcaseForm, choices
from showcase.core.i18n import countries
from showcase.events.models import City, CityKind
from showcase.events.services import ordered_cities


def timezone_choices():
    return choices(
        (name, name) for name in sorted(available_timezones()) if "/" in name or name == "UTC"
    )


def city_kind_choices():
    return choices(CityKind.options())


def city_label(city: City) -> str:
    """A city as a choice reads: its name, and the country of an international city."""
    return city.name if city.is_thai_member else f"{city.name} ({city.country})"


def city_choices(empty_label, label: Callable[[City], str] = city_label) -> list[SelectChoice]:
    """The choices of every city field: an empty choice first, then the Thai member cities and
    the international ones in two groups, each in the reader's order (``ordered_cities``).
    ``label`` words a city (a booth form marks the cities at their limit)."""
    members = str(_l("Thai member cities"))
    international = str(_l("International cities"))
    return [SelectChoice("", empty_label)] + [
        SelectChoice(
            str(city.id),
            label(city),
            optgroup=members if city.is_thai_member else international,
        )
        for city in ordered_cities()
    ]


class EventSettingsForm(ShowcaseForm):
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    name_th = StringField(_l("Name (Thai)"), validators=[Optional(), Length(max=200)])
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=5000)]
    )
    description_th = TextAreaField(
        _l("Description (Thai)"), validators=[Optional(), Length(max=5000)]
    )
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    timezone = SelectField(_l("Timezone"), choices=timezone_choices, default="Asia/Bangkok")
    country_code = SelectField(
        _l("Host country"),
        choices=lambda: choices(countries()),
        default="TH",
        description=_l("Listed first when a delegate from a city not listed gives a country."),
    )
    venue_en = StringField(_l("Venue (English)"), validators=[Optional(), Length(max=200)])
    venue_th = StringField(_l("Venue (Thai)"), validators=[Optional(), Length(max=200)])
    address_en = StringField(
        _l("Venue address (English)"), validators=[Optional(), Length(max=300)]
    )
    address_th = StringField(_l("Venue address (Thai)"), validators=[Optional(), Length(max=300)])
    contact_email = EmailField(
        _l("Contact email"), validators=[Optional(), Email(), Length(max=254)]
    )
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    cfp_opens_at = DateTimeLocalField(
        _l("Call for sessions opens"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    cfp_closes_at = DateTimeLocalField(
        _l("Call for sessions closes"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )

    # The window fields hold wall-clock times in the event's timezone.
    WINDOW_FIELDS = (
        "registration_opens_at",
        "registration_closes_at",
        "cfp_opens_at",
        "cfp_closes_at",
    )


class EventCreateForm(EventSettingsForm):
    acronym = StringField(
        _l("Acronym (used in addresses)"),
        validators=[
            DataRequired(),
            Regexp(r"^[a-z0-9]{4,32}$", message=_l("Use 4 to 32 lower-case letters and digits.")),
        ],
        description=_l("For example wscs2027. It cannot be changed later."),
    )


class CityForm(ShowcaseForm):
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=120)])
    name_th = StringField(_l("Name (Thai)"), validators=[Optional(), Length(max=120)])
    province_en = StringField(
        _l("Province or state (English)"), validators=[Optional(), Length(max=120)]
    )
    province_th = StringField(
        _l("Province or state (Thai)"), validators=[Optional(), Length(max=120)]
    )
    country_code = StringField(
        _l("Country code"),
        validators=[DataRequired(), Length(min=2, max=2)],
        default="TH",
        description=_l("Two letters, such as TH, JP or SG."),
    )
    kind = SelectField(_l("Kind"), choices=city_kind_choices)
    city_possible_member = BooleanField(_l("Member of the City Possible network"))
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300)])


class CityImportForm(ShowcaseForm):
    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "txt"], _l("The file must be a .csv file.")),
        ],
        description=_l(
            "Columns: name_en, country_code, kind (thai_member or international), and optionally "
            "name_th, province_en, province_th, city_possible_member (yes/no), website."
        ),
    )
