"""Column mixins shared by the models of every feature."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from showcase.core.db import UTCDateTime, require_unit_of_work, utcnow
from showcase.extensions import db

M = TypeVar("M")


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def settings_of(model: type[M], event_id: int, **defaults: Any) -> M:
    """The settings row of an event for a feature: the stored row, or, before anything was
    saved, an unsaved row holding the defaults (reading never writes)."""
    row = db.session.scalar(select(model).where(model.event_id == event_id))
    return row if row is not None else model(event_id=event_id, **defaults)


def stored_settings_of(model: type[M], event_id: int, **defaults: Any) -> M:
    """The settings row to change, created with the defaults the first time. Needs a unit of
    work; two requests creating it at once both end up with the winner's row."""
    require_unit_of_work()
    row = db.session.scalar(select(model).where(model.event_id == event_id))
    if row is not None:
        return row
    row = model(event_id=event_id, **defaults)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalar(select(model).where(model.event_id == event_id))
    return row
