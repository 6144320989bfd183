"""Form basics every feature shares: WTForms' own messages in the reader's language, fields
whose conversion errors are ours, the marker of required fields, and the one rule for the email
addresses people type (``clean_email_address`` and its validator ``EmailAddress``).

WTForms ships no Thai catalogue, so ``ShowcaseForm`` looks its built-in messages ("This field is
required.", "Invalid email address.", …) up in Showcase's own catalogue; ``WTFORMS_MESSAGES``
below marks them for extraction so that they are translated with everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from email_validator import EmailNotValidError, validate_email
from flask import flash, redirect, request
from flask.typing import ResponseReturnValue
from flask_babel import get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import DateField, DateTimeLocalField, IntegerField, SelectChoice, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput

from showcase.core.csvio import CsvImportError
from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError, FieldErrors
from showcase.core.inputs import LARGEST_NUMBER, NUMBER_TOO_LARGE

T = TypeVar("T")


class _CatalogueTranslations:
    """WTForms asks this object for its messages; it answers from Showcase's catalogue."""

    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Unformatted: WTForms fills in %(min)d / %(max)d itself (Flask-Babel's ngettext would
        # format with only %(num)s and fail on them).
        return get_translations().ungettext(singular, plural, n)


def _json_as_formdata(data: object) -> ImmutableMultiDict:
    """A JSON body as form data: only an object's plain values count, anything else is empty."""
    if not isinstance(data, dict):
        return ImmutableMultiDict()
    pairs = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                pairs.append((str(key), str(item)))
            elif isinstance(item, bool):
                pairs.append((str(key), "y" if item else ""))
    return ImmutableMultiDict(pairs)


# Every id and number column is a 32-bit integer: PostgreSQL refuses a larger one (SQLite keeps
# it), so a form refuses it as a field error before a service or the database sees it.


def _out_of_range(value: object) -> bool:
    if isinstance(value, list | tuple):
        return any(_out_of_range(item) for item in value)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_NUMBER


class ShowcaseForm(FlaskForm):
    def values(self, *leave_out: str) -> dict:
        """What the fields hold, by name, for a service call: every field but the CSRF token
        and those named in ``leave_out`` (e.g. an upload the view handles itself)."""
        skip = {"csrf_token", *leave_out}
        return {name: field.data for name, field in self._fields.items() if name not in skip}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if _out_of_range(field.data):
                field.errors = [*field.errors, NUMBER_TOO_LARGE]
                valid = False
        return valid

    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

        def wrap_formdata(self, form, formdata):
            # A JSON body that is not an object of plain values (a list, a string, nesting) is
            # read as an empty form rather than failing inside Flask-WTF.
            if formdata is _Auto and request.is_json and not request.files and not request.form:
                return _json_as_formdata(request.get_json(silent=True))
            return super().wrap_formdata(form, formdata)


# The messages of WTForms' validators and fields that Showcase's forms can show.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Field must be equal to %(other_name)s."),
    _nl(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        1,
    ),
    _nl(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        1,
    ),
    _nl(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
        1,
    ),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _nl(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        1,
    ),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("The CSRF token is missing."),
    _l("The CSRF token is invalid."),
    _l("The CSRF token has expired."),
    _l("The CSRF tokens do not match."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
)


class Required:
    """Marks a field as one that must be filled: the input gets ``required`` and the forms macro
    a visible asterisk. It checks nothing itself: the service that owns the rule checks it and
    reports every problem of the form at once, each against its field."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


# Email addresses --------------------------------------------------------------------------------

NON_ASCII_LOCAL_PART = _l(
    "Our mail server can only deliver to addresses whose part before the @ uses Latin letters "
    "a–z, digits and signs such as . _ - +. Please give another address (the part after the @ "
    "may be in Thai)."
)
INVALID_EMAIL = _l("Give an email address such as name@example.org.")
EMAIL_TOO_LONG = _l("This email address is too long.")


def has_non_ascii_local_part(value: str | None) -> bool:
    local, at, _domain = (value or "").strip().rpartition("@")
    return bool(at and local and not local.isascii())


def clean_email_address(value: str | None) -> str:
    """An email address Showcase can deliver to, normalised; ``ValueError`` with a message for
    the person otherwise.

    Outbox workers speak plain SMTP, which carries internationalised domain names (as their
    ASCII form) but not a local part in Thai or with accents (that needs SMTPUTF8, which many
    servers lack), so such an address is refused here, when the person can still give another.
    """
    value = (value or "").strip()
    if len(value) > 254:
        raise ValueError(EMAIL_TOO_LONG)
    try:
        return validate_email(value, check_deliverability=False, allow_smtputf8=False).normalized
    except EmailNotValidError:
        if has_non_ascii_local_part(value):
            raise ValueError(NON_ASCII_LOCAL_PART) from None
        raise ValueError(INVALID_EMAIL) from None


class EmailAddress:
    """The WTForms validator for every email field a person fills in: an address with Thai or
    accented letters before the @ is refused with the reason (see ``clean_email_address``).
    Other mistakes are left to the form's own checks, which give an example that fits the form
    (name@city.go.th for a city's booth)."""

    def __call__(self, form, field) -> None:
        if has_non_ascii_local_part(field.data):
            raise ValidationError(str(NON_ASCII_LOCAL_PART))


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """``SelectChoice`` objects from (value, label) pairs (WTForms 3.3 retires bare tuples)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class WholeNumberField(IntegerField):
    widget = NumberInput(step="1")

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Give a whole number.")) from None


class DayField(DateField):
    """A calendar day (``<input type="date">``); anything else is one clear message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("type", "date")
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        text = " ".join(valuelist or []).strip()
        if not text:
            self.data = None
            return
        try:
            self.data = datetime.strptime(text[:20], "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError(_l("Give a date such as 1985-04-30 (year, month, day).")) from None


class LocalDateTimeField(DateTimeLocalField):
    """A wall-clock date and time (read in the event's timezone by the view)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Give a date and time, such as 2027-01-26 09:00.")) from None


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice (rendered as a fieldset by the forms macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# The one submit path ---------------------------------------------------------------------------


def add_error(form, error: DomainError) -> None:
    """Put a domain error on the form: each problem (``FieldErrors`` carries several) on its
    field when the form has one, else in the form's own errors, which the summary lists first."""
    for problem in error.errors if isinstance(error, FieldErrors) else [error]:
        if problem.field and problem.field in form:
            field = form[problem.field]
            field.errors = [*field.errors, problem.message]
        else:
            form.form_errors = [*getattr(form, "form_errors", []), problem.message]


def submit(
    form,
    action: Callable[[], T],
    *,
    render: Callable[[], str],
    success: str | Callable[[T], str],
    message: Any = None,
    lock: bool = False,
    refusals: Mapping[type[DomainError], Callable[[DomainError], ResponseReturnValue]]
    | None = None,
) -> ResponseReturnValue:
    """Run a form page: show it, or validate what was sent and run ``action`` in one unit of
    work.

    - not submitted: the page (200);
    - submitted and valid: ``action()`` inside ``unit_of_work(lock=lock)``; then ``message``
      (text, or a function of the result) is flashed and the browser is sent to ``success``
      (a URL, or a function of the result) with a 303;
    - invalid, or refused by a rule (``DomainError``): nothing is saved and the page comes back
      with the errors on their fields and in the summary, with status 400 (or the error's own:
      403 for ``NotAllowed``, 409 for ``Conflict``). ``refusals`` maps an error class to a page of
      its own (e.g. "registration is closed").

    ``render`` builds the page only when it is shown, so choices that cost a query are not
    computed for a successful POST.
    """
    if not form.is_submitted():
        return render(), 200
    if not form.validate():
        return render(), 400
    try:
        with unit_of_work(lock=lock):
            result = action()
    except DomainError as error:
        for kind, answer in (refusals or {}).items():
            if isinstance(error, kind):
                return answer(error)
        add_error(form, error)
        return render(), error.status_code
    if message is not None:
        flash(message(result) if callable(message) else message, "success")
    return redirect(success(result) if callable(success) else success, 303)


def submit_import(
    form,
    action: Callable[[], T],
    *,
    render: Callable[..., str],
    success: str | Callable[[T], str],
    message: Any = None,
    lock: bool = False,
) -> ResponseReturnValue:
    """``submit`` for a CSV upload: ``render(errors=())`` builds the page; a file refused row by
    row (``CsvImportError``) imports nothing, flashes why and comes back with every problem
    listed (400)."""

    def refused(error: CsvImportError) -> ResponseReturnValue:
        flash(error.message, "danger")
        return render(error.errors), 400

    return submit(
        form,
        action,
        render=render,
        success=success,
        message=message,
        lock=lock,
        refusals={CsvImportError: refused},
    )


def run(action: Callable[[], T], *, lock: bool = False) -> T:
    """A change that is not a form (a button, a JSON call, a command): ``action`` in one unit of
    work; a ``DomainError`` propagates after the rollback for the caller to show."""
    with unit_of_work(lock=lock):
        return action()


# What a decision button says when its optional reason is longer than its form allows.
REASON_TOO_LONG = _l("The reason is too long.")


def press(
    action: Callable[[], T],
    *,
    done: Any,
    back: str,
    lock: bool = False,
    form=None,
    invalid: Any = None,
) -> ResponseReturnValue:
    """A button that is no form page (cancel, approve, delete, resend): ``action`` in one unit of
    work, then back to ``back`` with a 303 and a flash of ``done`` (text, or a function of the
    result), or of the reason when a rule refuses it (nothing is saved then).

    ``form`` is the small form the button posts (a reason, a number): when it does not validate,
    nothing runs and ``invalid`` is flashed, or without it each of the form's errors."""
    if form is not None and not form.validate_on_submit():
        if invalid is None:
            _flash_errors(form)
        else:
            flash(invalid, "danger")
        return redirect(back, 303)
    try:
        result = run(action, lock=lock)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        flash(done(result) if callable(done) else done, "success")
    return redirect(back, 303)


def _flash_errors(form) -> None:
    """Every error of a small form posted from another page, flashed for that page to show."""
    for errors in form.errors.values():
        for message in errors:
            flash(message, "danger")
