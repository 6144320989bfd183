"""Blueprints whose URLs start with an event's acronym (``/<event>/…``, ``/manage/<event>/…``).

The acronym in the URL is turned into ``g.event`` before the view runs (404 when there is no such
event), and ``url_for`` fills ``event`` in from ``g.event`` so templates need not repeat it.

``core`` knows no feature: the application factory tells it how events are found
(``register_event_lookup``), and the events package answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, g

from showcase.extensions import db

_LOOKUP = "showcase_event_lookup"

T = TypeVar("T")


@dataclass(frozen=True)
class EventLookup:
    # The event with this acronym, or None.
    by_acronym: Callable[[str], Any]
    # The event the front door leads to (the next or running one), or None.
    front_door: Callable[[], Any]


def register_event_lookup(
    app: Flask, *, by_acronym: Callable[[str], Any], front_door: Callable[[], Any]
) -> None:
    app.extensions[_LOOKUP] = EventLookup(by_acronym, front_door)


def event_lookup() -> EventLookup:
    return current_app.extensions[_LOOKUP]


def event_blueprint(name: str, import_name: str, url_prefix: str, **options) -> Blueprint:
    bp = Blueprint(name, import_name, url_prefix=url_prefix, **options)

    @bp.url_value_preprocessor
    def load_event(endpoint: str | None, values: dict | None) -> None:
        if values and "event" in values:
            event = event_lookup().by_acronym(values.pop("event"))
            if event is None:
                abort(404)
            g.event = event

    return bp


def register_event_url_defaults(app: Flask) -> None:
    @app.url_defaults
    def add_event(endpoint: str, values: dict) -> None:
        event = g.get("event")
        if (
            "event" not in values
            and event is not None
            and current_app.url_map.is_endpoint_expecting(endpoint, "event")
        ):
            values["event"] = event.acronym


def or_404(found: T | None) -> T:
    """What a lookup found, or a 404 when it found nothing."""
    if found is None:
        abort(404)
    return found


def of_this_event(model, object_id: int):
    """The ``model`` row with this id if it belongs to the event of the URL, else 404: an id of
    another event's object answers as an id that does not exist."""
    found = db.get_or_404(model, object_id)
    if found.event_id != g.event.id:
        abort(404)
    return found
