"""Public codes of sessions and speakers: six characters of [0-9A-Z], unique per event.

A code is drawn at random and checked against the event's codes; on the rare collision another is
drawn. The unique constraint (event_id, code) still holds if two requests draw the same code at
once: the loser's flush fails and it draws again inside a savepoint (see ``add_with_code``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from showcase.core import tokens
from showcase.core.db import require_unit_of_work
from showcase.extensions import db
from showcase.program.models import CODE_LENGTH

ALPHABET = tokens.CODE_ALPHABET
CODE_PATTERN = re.compile(rf"^[0-9A-Z]{{{CODE_LENGTH}}}$")
MAX_ATTEMPTS = 20


class CodesExhausted(RuntimeError):
    pass


def random_code() -> str:
    return tokens.random_code(CODE_LENGTH, ALPHABET)


def is_code(value: str) -> bool:
    return bool(CODE_PATTERN.match(value or ""))


def new_code(model, event_id: int, draw: Callable[[], str] = random_code, taken=()) -> str:
    """A code no row of ``model`` in the event has (nor any in ``taken``)."""
    for _ in range(MAX_ATTEMPTS):
        code = draw()
        if code in taken:
            continue
        exists = db.session.scalar(
            select(model.id).where(model.event_id == event_id, model.code == code)
        )
        if exists is None:
            return code
    raise CodesExhausted(f"no free code after {MAX_ATTEMPTS} attempts")


def add_with_code(obj, draw: Callable[[], str] = random_code):
    """Add ``obj`` with a fresh code, retrying inside a savepoint if the unique index refuses it."""
    work = require_unit_of_work()
    model = type(obj)
    for _ in range(MAX_ATTEMPTS):
        obj.code = new_code(model, obj.event_id, draw)
        try:
            with work.savepoint():
                db.session.add(obj)
        except IntegrityError as error:
            if "code" not in str(error.orig).lower():
                raise
            continue
        return obj
    raise CodesExhausted(f"no free code after {MAX_ATTEMPTS} attempts")
