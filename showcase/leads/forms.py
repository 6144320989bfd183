"""Forms of exhibitor leads. The rules (what a scan refuses, the limits of a note and of tags)
are the service's; these forms only carry what was sent."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField

from showcase.core.forms import ShowcaseForm
from showcase.leads.services import CONSENT_PURPOSE, MOST_TAGS, NOTE_LIMIT


class ScanForm(ShowcaseForm):
    payload = StringField(
        _l("Badge code (scanned or typed)"),
        description=_l("The code under the QR code of the badge, such as R12-ABCDEFGHJKLM."),
        render_kw={"maxlength": 200, "autocomplete": "off", "autocapitalize": "characters"},
    )


RATING_CHOICES = [
    SelectChoice("", _l("No rating")),
    *(SelectChoice(str(n), _l("%(num)d of 5 stars", num=n)) for n in range(1, 6)),
]


class LeadForm(ShowcaseForm):
    note = TextAreaField(_l("Note"), render_kw={"rows": 3, "maxlength": NOTE_LIMIT})
    rating = SelectField(_l("Rating"), choices=RATING_CHOICES, validate_choice=False)
    tags = StringField(
        _l("Tags"),
        description=_l("Separated by commas, at most %(most)d.", most=MOST_TAGS),
        render_kw={"maxlength": 400},
    )


class SharingForm(ShowcaseForm):
    share_with_exhibitors = BooleanField(
        _l("Share my details with exhibitors who scan my badge"), description=CONSENT_PURPOSE
    )


class WithdrawLeadForm(ShowcaseForm):
    """A button: the visitor leaves one exhibitor's leads."""
