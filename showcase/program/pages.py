"""What the public programme pages and the organiser's pages share: the choices of the session
fields, reading a form's values and a photo upload, and the little availability-window
forms (a button on the profile page, not a page of its own)."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, g
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from showcase.core.errors import DomainError
from showcase.core.forms import run
from showcase.core.images import ImageRejected, read_upload
from showcase.core.time import local_datetime_to_utc
from showcase.program.forms import SessionFields, WindowForm, language_choices, type_choices
from showcase.program.services import people


def fill_session_choices(form: SessionFields, proposable_only: bool = True) -> None:
    form.session_type.choices = type_choices(proposable_only=proposable_only)
    form.track.choices = [SelectChoice("", _l("No particular track"))] + [
        SelectChoice(track.slug, track.name) for track in g.event.tracks
    ]
    form.language.choices = language_choices()


def form_values(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "photo"}


def read_photo(upload):
    """The photo of a profile form, or None; a refused image is an error on the photo field
    (413 when it is too large or not an image)."""
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        return read_upload(upload, people.PHOTO_MAX_BYTES)
    except ImageRejected as error:
        refused = DomainError(error.message, field="photo")
        refused.status_code = 413
        raise refused from None


def add_window(form: WindowForm, add: Callable) -> None:
    """Add the availability window of a submitted ``form`` with ``add(starts_at, ends_at)`` (both
    UTC) in one unit of work, and flash the outcome or the form's problems; the caller
    redirects back to the page the form is on."""
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return
    timezone = g.event.timezone
    try:
        run(
            lambda: add(
                local_datetime_to_utc(form.starts_at.data, timezone),
                local_datetime_to_utc(form.ends_at.data, timezone),
            )
        )
    except DomainError as error:
        flash(error.message, "danger")
    else:
        flash(_l("The time window has been added."), "success")


def remove_window(remove: Callable) -> None:
    """Remove an availability window with ``remove()`` in one unit of work and flash the outcome."""
    try:
        run(remove)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        flash(_l("The time window has been removed."), "success")
