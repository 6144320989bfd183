from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from showcase.core.forms import ShowcaseForm, choices
from showcase.core.roles import Role


def role_choices():
    return choices(Role.options())


class LoginForm(ShowcaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class UserCreateForm(ShowcaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])


class UserEditForm(ShowcaseForm):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])
    active = BooleanField(_l("Active (can sign in)"))


class PasswordChangeForm(ShowcaseForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=200)]
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class SecondFactorForm(ShowcaseForm):
    code = StringField(
        _l("Code from your authenticator app"),
        description=_l("Six digits. Lost your phone? Enter one of your recovery codes instead."),
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True},
    )


class EnableSecondFactorForm(ShowcaseForm):
    code = StringField(
        _l("Code the app shows now"),
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ConfirmPasswordForm(ShowcaseForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=200)])


class ForgotPasswordForm(ShowcaseForm):
    email = EmailField(
        _l("Email of your organiser account"), validators=[DataRequired(), Length(max=254)]
    )


class ResetPasswordForm(ShowcaseForm):
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class PolicyForm(ShowcaseForm):
    require_second_factor = BooleanField(
        _l("Every organiser account signs in with a second factor (an authenticator app)")
    )
