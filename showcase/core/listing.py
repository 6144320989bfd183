"""What the list pages share: a page of rows and the filters read from the query string.

A filter in an address that someone edited by hand (an unknown state, a page past the end) shows
the unfiltered list or an empty page, never an error.
"""

from __future__ import annotations

from typing import TypeVar

from flask import request

from showcase.core.labels import LabelledEnum
from showcase.extensions import db

E = TypeVar("E", bound=LabelledEnum)

ROWS_PER_PAGE = 50


def list_page(query):
    """The page of ``query`` that the query string's ``page`` asks for, ``ROWS_PER_PAGE`` rows."""
    return db.paginate(query, per_page=ROWS_PER_PAGE, error_out=False)


def enum_arg(name: str, choices: type[E], default: E | None = None) -> E | None:
    """The member of ``choices`` that the query string's ``name`` gives, else ``default``."""
    found = choices.find(request.args.get(name, ""))
    return default if found is None else found
