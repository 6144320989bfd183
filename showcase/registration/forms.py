"""Forms of registration. The rules (limits, the category, the city) are checked by the services,
which report every problem of a submission at once, each against its field; the forms carry the
labels, the marks of required fields and a few shape checks."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from markupsafe import Markup, escape
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import html_params

from showcase.core.forms import EmailAddress, Required, ShowcaseForm, WholeNumberField, choices
from showcase.core.i18n import countries, current_language
from showcase.registration.models import BadgeKind


class CountrySelect:
    """A ``<select>`` of every country, named in the reader's language and in its order, with
    the event's own country first. The options are built once per language and country and
    reused: rendering some 250 options through WTForms on every visit of the registration form
    cost more than everything else on the page."""

    _options: dict[tuple[str, str], str] = {}

    def __call__(self, field, **kwargs):
        language = current_language()
        event = g.get("event")
        first = event.country_code if event is not None else ""
        options = self._options.get((language, first))
        if options is None:
            chosen_first = escape(_l("Choose a country"))
            options = f'<option value="">{chosen_first}</option>' + "".join(
                f'<option value="{code}">{escape(name)}</option>'
                for code, name in countries(language, first)
            )
            self._options[(language, first)] = options
        if field.data:
            chosen = f'<option value="{escape(field.data)}">'
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        kwargs.setdefault("id", field.id)
        if field.flags.required:
            kwargs.setdefault("required", True)
        params = html_params(name=field.name, **kwargs)
        # The options are escaped above; html_params escapes the attributes.
        return Markup(f"<select {params}>{options}</select>")  # nosec B704 # noqa: S704


LANGUAGE_CHOICES = choices([("en", "English"), ("th", "ไทย")])


class DetailsFields(ShowcaseForm):
    full_name = StringField(
        _l("Full name"),
        validators=[Required()],
        description=_l("As it should appear on your badge."),
        render_kw={"autocomplete": "name", "maxlength": 120},
    )
    full_name_th = StringField(
        _l("Name in Thai (optional)"), render_kw={"lang": "th", "maxlength": 120}
    )
    organisation = StringField(
        _l("Organisation"), render_kw={"autocomplete": "organization", "maxlength": 200}
    )
    job_title = StringField(
        _l("Job title"), render_kw={"autocomplete": "organization-title", "maxlength": 120}
    )
    city = SelectField(_l("City"), choices=[], validate_choice=False, validators=[Required()])
    other_country = SelectField(
        _l("Country (for “Other city”)"),
        choices=[],
        validate_choice=False,
        widget=CountrySelect(),
    )
    other_city = StringField(_l("City name (for “Other city”)"), render_kw={"maxlength": 120})
    dietary = TextAreaField(
        _l("Dietary needs"),
        description=_l("For example vegetarian, halal or allergies."),
        render_kw={"rows": 2, "maxlength": 500},
    )
    accessibility = TextAreaField(
        _l("Accessibility needs"),
        description=_l("Anything that helps you take part: step-free access, a sign interpreter…"),
        render_kw={"rows": 2, "maxlength": 500},
    )
    language = SelectField(
        _l("Language for emails"), choices=LANGUAGE_CHOICES, validate_choice=False
    )


class RegistrationForm(DetailsFields):
    # The fields in the order of the page (registration/register.html), for its error summary.
    PAGE_ORDER = (
        "full_name",
        "full_name_th",
        "email",
        "organisation",
        "job_title",
        "city",
        "other_country",
        "other_city",
        "category",
        "invitation_code",
        "dietary",
        "accessibility",
        "language",
        "share_with_exhibitors",
        "consent",
    )

    email = EmailField(
        _l("Email"),
        validators=[Required()],
        render_kw={"autocomplete": "email", "maxlength": 254},
    )
    category = SelectField(
        _l("Registration category"), choices=[], validate_choice=False, validators=[Required()]
    )
    invitation_code = StringField(
        _l("Invitation code (optional)"),
        description=_l("If you were invited to a category that is not listed, enter its code."),
        render_kw={"maxlength": 32, "autocomplete": "off"},
    )
    share_with_exhibitors = BooleanField(
        _l("Share my details with exhibitors who scan my badge (optional)"),
        description=_l(
            "Exhibitors whose booth scans your badge receive your name, organisation, job title "
            "and email. Without this they receive only your badge code. You can change this or "
            "withdraw from any exhibitor later on your registration page."
        ),
    )
    consent = BooleanField(
        _l(
            "I agree that the organisers keep these details to run the event, "
            "as the privacy notice above says."
        ),
        validators=[Required()],
    )


class EmailForm(ShowcaseForm):
    email = EmailField(
        _l("Email"),
        validators=[InputRequired(), Length(max=254), EmailAddress()],
        render_kw={"autocomplete": "email"},
    )


class ConfirmForm(ShowcaseForm):
    confirm = BooleanField(_l("Yes, I am sure"))


class ReasonForm(ShowcaseForm):
    reason = TextAreaField(
        _l("Reason (sent to the registrant)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )


class CategoryForm(ShowcaseForm):
    code = StringField(_l("Code"), description=_l("Lower-case letters, digits and hyphens."))
    name_en = StringField(_l("Name in English"))
    name_th = StringField(_l("Name in Thai"), render_kw={"lang": "th"})
    description_en = TextAreaField(_l("Description in English"), render_kw={"rows": 2})
    description_th = TextAreaField(_l("Description in Thai"), render_kw={"rows": 2, "lang": "th"})
    capacity = WholeNumberField(
        _l("Capacity"), description=_l("Seats for confirmed registrations; empty for no limit.")
    )
    needs_approval = BooleanField(_l("Organisers approve each registration"))
    invitation_only = BooleanField(_l("Invitation only (hidden unless the code is given)"))
    invitation_code = StringField(_l("Invitation code"))
    is_open = BooleanField(_l("Open for registration"), default=True)
    position = WholeNumberField(_l("Position in the list"), default=0)
    badge_kind = SelectField(
        _l("Badge colour band"),
        choices=choices(BadgeKind.options()),
        validate_choice=False,
        default=BadgeKind.DELEGATE.value,
    )
    open_to_delegations = BooleanField(_l("Open to delegations (cities' delegation members)"))


class SettingsForm(ShowcaseForm):
    city_cap = WholeNumberField(
        _l("Most confirmed registrations per city"),
        description=_l("Empty for no cap."),
    )
    privacy_version = StringField(
        _l("Privacy notice version"), validators=[InputRequired(), Length(max=20)]
    )


class CheckInForm(ShowcaseForm):
    payload = StringField(
        _l("Badge code or name"),
        description=_l("Scan the badge's QR code, or type a name to search."),
        render_kw={"autocomplete": "off", "autofocus": True, "maxlength": 100},
    )


# Registering on others' behalf (registration/onbehalf.py) -----------------------------------


class OnBehalfForm(DetailsFields):
    """An organiser registers a person (a walk-in at the desk) or corrects a registration."""

    email = EmailField(
        _l("Email"),
        validators=[Required()],
        render_kw={"autocomplete": "off", "maxlength": 254},
    )
    category = SelectField(
        _l("Registration category"), choices=[], validate_choice=False, validators=[Required()]
    )


class WalkInForm(OnBehalfForm):
    check_in = BooleanField(_l("Check in now (the person is at the desk)"))


class InvitationImportForm(ShowcaseForm):
    file = FileField(
        _l("CSV file of invitees"),
        description=_l(
            "Columns: email, full_name, category (its code); optional: full_name_th, "
            "organisation, job_title, language (en or th)."
        ),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "txt"], _l("The file must be a .csv file.")),
        ],
    )


class OfferForm(ShowcaseForm):
    hours = WholeNumberField(
        _l("Hours to accept"), default=48, validators=[Optional()], render_kw={"min": 1}
    )


class WaitlistSettingsForm(ShowcaseForm):
    offer_hours = WholeNumberField(
        _l("Hours to accept an offered place"),
        description=_l("Leave empty to give a freed place at once to the longest-waiting person."),
        validators=[Optional()],
    )
    waitlist_by_hand = BooleanField(
        _l("Organisers choose who gets a freed place (promotions and offers by hand)")
    )


class StaffForm(ShowcaseForm):
    """The exhibitor's contact names one member of their booth's staff."""

    full_name = StringField(
        _l("Staff member's full name"), validators=[Required()], render_kw={"maxlength": 120}
    )
    full_name_th = StringField(
        _l("Name in Thai (optional)"), render_kw={"maxlength": 120, "lang": "th"}
    )
    email = EmailField(
        _l("Staff member's email"),
        validators=[Required(), EmailAddress()],
        render_kw={"maxlength": 254},
    )
    language = SelectField(
        _l("Language for emails"), choices=LANGUAGE_CHOICES, validate_choice=False
    )


class StaffPassesForm(ShowcaseForm):
    passes = WholeNumberField(_l("Passes (empty: by the booth's size)"), validators=[Optional()])
