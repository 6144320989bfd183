"""Forms of delegations. The rules (the city, the category, the address, the deadline) are
checked by the services, which report every problem at once against its field; the forms carry
the labels, the required marks and a few shape checks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from showcase.core.forms import LocalDateTimeField, Required, ShowcaseForm
from showcase.registration.forms import LANGUAGE_CHOICES


class CoordinatorFields(ShowcaseForm):
    city = SelectField(_l("City"), choices=[], validate_choice=False, validators=[Required()])
    coordinator_name = StringField(
        _l("Coordinator's name"),
        validators=[Required()],
        render_kw={"autocomplete": "name", "maxlength": 120},
    )
    coordinator_organisation = StringField(
        _l("Office or organisation"),
        description=_l("For example the international-relations office of the city."),
        render_kw={"autocomplete": "organization", "maxlength": 200},
    )
    coordinator_email = EmailField(
        _l("Coordinator's email"),
        validators=[Required()],
        render_kw={"autocomplete": "email", "maxlength": 254},
    )
    coordinator_phone = StringField(
        _l("Coordinator's phone"), render_kw={"autocomplete": "tel", "maxlength": 40}
    )
    language = SelectField(
        _l("Language for emails"), choices=LANGUAGE_CHOICES, validate_choice=False
    )


class RequestForm(CoordinatorFields):
    message = TextAreaField(
        _l("Message to the organisers (optional)"),
        description=_l("How many people you expect, and anything the organisers should know."),
        render_kw={"rows": 3, "maxlength": 2000},
    )


class InviteForm(CoordinatorFields):
    pass


class PersonFields(ShowcaseForm):
    honorific = StringField(
        _l("Honorific or protocol title"),
        description=_l("For example H.E., Dr, Mayor, นายกเทศมนตรี."),
        render_kw={"maxlength": 60},
    )
    full_name = StringField(
        _l("Name in English"),
        validators=[Required()],
        description=_l("As it should appear on the badge."),
        render_kw={"maxlength": 120},
    )
    full_name_th = StringField(_l("Name in Thai"), render_kw={"lang": "th", "maxlength": 120})
    job_title = StringField(_l("Position"), render_kw={"maxlength": 120})
    organisation = StringField(_l("Organisation"), render_kw={"maxlength": 200})
    email = EmailField(
        _l("Email (optional)"),
        description=_l(
            "A member with an email receives their own link and badge; without one, you "
            "receive them."
        ),
        render_kw={"maxlength": 254},
    )
    phone = StringField(_l("Phone (optional)"), render_kw={"maxlength": 40})
    language = SelectField(
        _l("Language for the member's emails"), choices=LANGUAGE_CHOICES, validate_choice=False
    )


class MemberMarks(PersonFields):
    is_head = BooleanField(_l("Head of delegation"))
    is_vip = BooleanField(_l("VIP"))


class MemberForm(MemberMarks):
    category = SelectField(
        _l("Category"), choices=[], validate_choice=False, validators=[Required()]
    )


class EditMemberForm(MemberMarks):
    pass


class SubstituteForm(PersonFields):
    pass


class PrivacyForm(ShowcaseForm):
    consent = BooleanField(
        _l(
            "I confirm that every member I add has agreed that the organisers keep their "
            "details to run the event, as the privacy notice says."
        ),
        validators=[Required()],
    )


class ConfirmForm(ShowcaseForm):
    confirm = BooleanField(_l("Yes, I am sure"))


class ReasonForm(ShowcaseForm):
    reason = TextAreaField(
        _l("Reason (sent to the coordinator)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )


class MembersReasonForm(ShowcaseForm):
    reason_for_members = TextAreaField(
        _l("Reason for a rejection (sent to the members)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )


class SettingsForm(ShowcaseForm):
    requests_open = BooleanField(_l("City offices may request a delegation"))
    substitution_deadline = LocalDateTimeField(
        _l("Substitution deadline"),
        description=_l("In the event's timezone; empty: members may be replaced at any time."),
        validators=[Optional()],
    )
