"""Blueprints whose URLs start with an event's acronym (``/<event>/…``, ``/manage/<event>/…``).

The acronym in the URL is turned into ``g.event`` before the view runs (404 when there is no such
event), and ``url_for`` fills ``event`` in from ``g.event`` so templates need not repeat it.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g


def event_blueprint(name: str, import_name: str, url_prefix: str, **options) -> Blueprint:
    bp = Blueprint(name, import_name, url_prefix=url_prefix, **options)

    @bp.url_value_preprocessor
    def load_event(endpoint: str | None, values: dict | None) -> None:
        from showcase.events.services import get_event_or_404

        if values and "event" in values:
            g.event = get_event_or_404(values.pop("event"))

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
