"""Forms of the agenda builder: placing one session (the no-JavaScript way) and publishing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from showcase.core.forms import LocalDateTimeField, ShowcaseForm


class PlaceForm(ShowcaseForm):
    session_id = HiddenField(validators=[InputRequired()])
    room_id = SelectField(_l("Room"), coerce=int, validators=[InputRequired()])
    starts_at = LocalDateTimeField(_l("Start"), validators=[InputRequired()])


class UnscheduleForm(ShowcaseForm):
    session_id = HiddenField(validators=[InputRequired()])


class PublishForm(ShowcaseForm):
    version = StringField(
        _l("Version"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("Shown to the public, such as 1.2."),
    )
    comment_en = TextAreaField(
        _l("Public comment in English"),
        validators=[Length(max=2000)],
        description=_l("What changed, in a sentence or two. Shown on the changelog."),
    )
    comment_th = TextAreaField(_l("Public comment in Thai"), validators=[Length(max=2000)])


class StarForm(ShowcaseForm):
    """Star or unstar one session on a registrant's agenda."""

    code = HiddenField(validators=[InputRequired(), Length(max=6)])
    starred = HiddenField(validators=[InputRequired()])
