"""Forms of the programme. Every message is ours and translated (WTForms has no Thai)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from showcase.core.forms import (
    EmailAddress,
    LocalDateTimeField,
    ShowcaseForm,
    WholeNumberField,
    choices,
)
from showcase.program.models import (
    MAX_SCORE,
    SessionLanguage,
    SessionType,
)
from showcase.program.services.proposals import MAX_CO_SPEAKERS

REQUIRED = _l("Fill in this field.")


def required() -> DataRequired:
    return DataRequired(message=REQUIRED)


def at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("Write at most %(max)d characters.", max=limit))


def type_choices(proposable_only: bool = True):
    return choices(
        (kind.value, kind.label) for kind in SessionType if kind.proposable or not proposable_only
    )


def language_choices():
    return choices(SessionLanguage.options())


class SessionFields(ShowcaseForm):
    title_en = StringField(_l("Title in English"), validators=[Optional(), at_most(200)])
    title_th = StringField(_l("Title in Thai"), validators=[Optional(), at_most(200)])
    abstract_en = TextAreaField(
        _l("Abstract in English"),
        validators=[Optional(), at_most(2000)],
        description=_l("A short summary for the programme. Give it in English, Thai, or both."),
        render_kw={"rows": 4},
    )
    abstract_th = TextAreaField(
        _l("Abstract in Thai"), validators=[Optional(), at_most(2000)], render_kw={"rows": 4}
    )
    description_en = TextAreaField(
        _l("Description in English (optional)"),
        validators=[Optional(), at_most(10000)],
        render_kw={"rows": 6},
    )
    description_th = TextAreaField(
        _l("Description in Thai (optional)"),
        validators=[Optional(), at_most(10000)],
        render_kw={"rows": 6},
    )
    session_type = SelectField(_l("Session type"), validate_choice=False, choices=[])
    track = SelectField(_l("Track"), validate_choice=False, choices=[])
    language = SelectField(_l("Language of the session"), validate_choice=False, choices=[])
    expected_audience = WholeNumberField(
        _l("Expected audience (optional)"),
        validators=[Optional()],
        description=_l("How many people you expect, so that the session gets a room that fits."),
    )
    notes = TextAreaField(
        _l("Notes for the organisers (optional)"),
        validators=[Optional(), at_most(5000)],
        description=_l("Anything the organisers should know; never published."),
        render_kw={"rows": 3},
    )


def _co_speaker_fields(cls):
    for index in range(1, MAX_CO_SPEAKERS + 1):
        setattr(
            cls,
            f"co{index}_name",
            StringField(
                _l("Co-speaker %(num)d: name", num=index), validators=[Optional(), at_most(120)]
            ),
        )
        setattr(
            cls,
            f"co{index}_email",
            EmailField(
                _l("Co-speaker %(num)d: email", num=index),
                validators=[Optional(), at_most(254), EmailAddress()],
            ),
        )
    return cls


@_co_speaker_fields
class ProposalForm(SessionFields):
    # Most proposals are talks; a keynote is the organisers' invitation, not the default.
    session_type = SelectField(
        _l("Session type"), validate_choice=False, choices=[], default=SessionType.TALK.value
    )
    name = StringField(_l("Your name"), validators=[required(), at_most(120)])
    email = EmailField(
        _l("Your email"),
        validators=[required(), at_most(254), EmailAddress()],
        description=_l("We send the confirmation link and every decision to this address."),
    )
    organisation = StringField(_l("Organisation (optional)"), validators=[Optional(), at_most(200)])
    job_title = StringField(_l("Job title (optional)"), validators=[Optional(), at_most(200)])
    city = SelectField(_l("City (optional)"), validate_choice=False, choices=[])
    consent = BooleanField(
        _l(
            "I agree that the organisers keep these details to run the programme, and that my "
            "name, profile and session are published if the session is confirmed."
        ),
        validators=[DataRequired(message=_l("Tick this box to send the proposal."))],
    )


class ProfileForm(ShowcaseForm):
    name = StringField(_l("Name"), validators=[required(), at_most(120)])
    name_th = StringField(_l("Name in Thai (optional)"), validators=[Optional(), at_most(120)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), at_most(200)])
    job_title = StringField(_l("Job title"), validators=[Optional(), at_most(200)])
    city = SelectField(_l("City (optional)"), validate_choice=False, choices=[])
    language = SelectField(
        _l("Language of our emails"),
        choices=choices((("en", "English"), ("th", "ไทย"))),
        validate_choice=False,
    )
    bio_en = TextAreaField(
        _l("Short biography in English"),
        validators=[Optional(), at_most(5000)],
        render_kw={"rows": 5},
    )
    bio_th = TextAreaField(
        _l("Short biography in Thai"), validators=[Optional(), at_most(5000)], render_kw={"rows": 5}
    )
    links = TextAreaField(
        _l("Links (optional)"),
        validators=[Optional(), at_most(2000)],
        description=_l("Up to five web addresses, one a line, such as your website."),
        render_kw={"rows": 3},
    )
    photo = FileField(
        _l("Photo (optional)"),
        description=_l("A PNG, JPEG, WebP or GIF image of at most 2 MB."),
        render_kw={"accept": "image/png,image/jpeg,image/webp,image/gif"},
    )
    remove_photo = BooleanField(_l("Remove the current photo"))


class CoSpeakerForm(ShowcaseForm):
    name = StringField(_l("Co-speaker's name"), validators=[required(), at_most(120)])
    email = EmailField(
        _l("Co-speaker's email"),
        validators=[required(), at_most(254)],
        description=_l("They receive an invitation with their own link to their speaker page."),
    )


class ConfirmActionForm(ShowcaseForm):
    confirm = BooleanField(_l("Yes, I am sure"))


class WithdrawForm(ShowcaseForm):
    confirm = BooleanField(_l("Yes, withdraw this session"))


class OrganiserSessionForm(SessionFields):
    duration_minutes = WholeNumberField(
        _l("Duration in minutes"),
        validators=[Optional()],
        description=_l("Leave empty for the default duration of the session type."),
    )
    speaker_codes = StringField(
        _l("Speakers (codes, optional)"),
        validators=[Optional(), at_most(200)],
        description=_l("Speaker codes separated by spaces, in the order they are listed."),
    )


class DecisionForm(ShowcaseForm):
    state = SelectField(_l("Decision"), validate_choice=False, choices=[])
    note = TextAreaField(
        _l("Note to the speakers (optional)"),
        validators=[Optional(), at_most(2000)],
        render_kw={"rows": 2},
    )


class StageForm(ShowcaseForm):
    state = SelectField(_l("Staged decision"), validate_choice=False, choices=[])


class ReviewForm(ShowcaseForm):
    score = SelectField(
        _l("Score"),
        choices=choices(
            (
                ("", _l("Choose a score")),
                ("0", _l("0 — do not include")),
                ("1", _l("1 — weak")),
                ("2", _l("2 — good")),
                (str(MAX_SCORE), _l("3 — must include")),
            )
        ),
        validators=[required()],
        validate_choice=False,
    )
    comment = TextAreaField(
        _l("Comment (optional)"), validators=[Optional(), at_most(5000)], render_kw={"rows": 4}
    )


class OrganiserSpeakerForm(ProfileForm):
    email = EmailField(_l("Email"), validators=[required(), at_most(254), EmailAddress()])


class NewSpeakerForm(OrganiserSpeakerForm):
    send_link = BooleanField(
        _l("Email them a link to their speaker page to complete their profile"), default=True
    )


class RoomForm(ShowcaseForm):
    name_en = StringField(_l("Name in English"), validators=[required(), at_most(120)])
    name_th = StringField(_l("Name in Thai"), validators=[Optional(), at_most(120)])
    capacity = WholeNumberField(_l("Capacity (seats, optional)"), validators=[Optional()])
    position = WholeNumberField(
        _l("Position in the schedule"),
        validators=[InputRequired(message=REQUIRED)],
        default=0,
        description=_l("Rooms are shown from the lowest position to the highest."),
    )
    description_en = StringField(
        _l("Description in English (optional)"), validators=[Optional(), at_most(300)]
    )
    description_th = StringField(
        _l("Description in Thai (optional)"), validators=[Optional(), at_most(300)]
    )


class WindowForm(ShowcaseForm):
    starts_at = LocalDateTimeField(_l("From"), validators=[InputRequired(message=REQUIRED)])
    ends_at = LocalDateTimeField(_l("Until"), validators=[InputRequired(message=REQUIRED)])


class ProgramSettingsForm(ShowcaseForm):
    keynote_minutes = WholeNumberField(_l("Keynote (minutes)"), validators=[required()])
    panel_minutes = WholeNumberField(_l("Panel (minutes)"), validators=[required()])
    talk_minutes = WholeNumberField(_l("Talk (minutes)"), validators=[required()])
    workshop_minutes = WholeNumberField(_l("Workshop (minutes)"), validators=[required()])
    demo_minutes = WholeNumberField(_l("Demo (minutes)"), validators=[required()])
    ceremony_minutes = WholeNumberField(_l("Ceremony (minutes)"), validators=[required()])
    break_minutes = WholeNumberField(_l("Break (minutes)"), validators=[required()])
    anonymous_reviews = BooleanField(_l("Reviewers do not see the speakers' names"))


class ResendForm(ShowcaseForm):
    email = EmailField(
        _l("Your email"),
        validators=[required(), at_most(254), EmailAddress()],
        description=_l("The address you proposed with or were invited at."),
    )
