"""What a request may carry, checked once for every route before any view sees it.

PostgreSQL refuses what SQLite stores (a NUL byte in text), and text with other control
characters is never something a person typed: a URL path with a C0 control character answers
404, a query string, form or JSON value with one answers 400 with a message (tab, carriage
return and line feed are kept: text areas hold them). A JSON body nested too deeply to read is
refused with 400 instead of a RecursionError.

Numbers: every id and number column is a 32-bit integer, and PostgreSQL refuses a larger number
even in a comparison (``WHERE city.id = 2147483648::INTEGER``). Forms refuse one as a field error
(core/forms.py), ``<int:…>`` URL arguments do not match one (core/urls.py), and whatever else
hands one to a query (a page number, an id from a query string or a JSON body) is stopped here,
before the database sees it, as a ``DomainError``: the form or the error page says so, 400.
"""

from __future__ import annotations

import re

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine

from showcase.core.errors import DomainError, abort_with

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Deeper than any body Showcase sends itself, far below Python's recursion limit.
MAX_JSON_DEPTH = 32

REFUSED = _l(
    "What you sent contains control characters (such as a NUL byte) that no text can hold. "
    "Please remove them and send it again."
)
TOO_DEEP = _l("What you sent is nested too deeply to be read.")


LARGEST_NUMBER = 2**31 - 1
NUMBER_TOO_LARGE = _l("This number is too large.")


class NumberTooLarge(DomainError):
    status_code = 400


def _numbers_in(parameters) -> list:
    """Every plain value among a statement's parameters: a dict, a tuple, or a list of either
    (an executemany), whatever the driver's style."""
    found, pending = [], [parameters]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
        elif type(item) is int:
            found.append(item)
    return found


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_numbers_no_column_holds(conn, cursor, statement, parameters, context, executemany):
    if any(abs(number) > LARGEST_NUMBER for number in _numbers_in(parameters)):
        raise NumberTooLarge(NUMBER_TOO_LARGE)


def has_control(value: str | None) -> bool:
    return bool(value) and CONTROL.search(value) is not None


def _json_is_clean(data: object) -> bool:
    """Walks the parsed JSON without recursion: no control character in a key or string, and no
    deeper than MAX_JSON_DEPTH."""
    pending: list[tuple[object, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            abort_with(400, TOO_DEEP)
        if isinstance(value, str):
            if has_control(value):
                return False
        elif isinstance(value, dict):
            for key, item in value.items():
                if has_control(key):
                    return False
                pending.append((item, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
    return True


def refuse_hostile_input() -> None:
    path = request.path
    if has_control(path) or has_control(request.environ.get("PATH_INFO", "")):
        abort_with(404, None)
    for key, value in request.args.items(multi=True):
        if has_control(key) or has_control(value):
            abort_with(400, REFUSED)
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    if request.is_json:
        try:
            data = request.get_json(silent=True)
        except RecursionError:
            abort_with(400, TOO_DEEP)
        if data is not None and not _json_is_clean(data):
            abort_with(400, REFUSED)
        return
    for key, value in request.form.items(multi=True):
        if has_control(key) or has_control(value):
            abort_with(400, REFUSED)
    for upload in request.files.values():
        if has_control(upload.filename):
            abort_with(400, REFUSED)


def register_input_checks(app: Flask) -> None:
    # Right after the body limits (core/bodies.py), before CSRF protection reads the form.
    hooks = app.before_request_funcs.setdefault(None, [])
    from showcase.core.bodies import refuse_large_bodies

    position = hooks.index(refuse_large_bodies) + 1 if refuse_large_bodies in hooks else 0
    hooks.insert(position, refuse_hostile_input)
