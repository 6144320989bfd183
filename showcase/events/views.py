"""Public pages of an event."""

from __future__ import annotations

from flask import Response, g, render_template

from showcase.core.blueprints import event_blueprint

bp = event_blueprint("events", __name__, url_prefix="/<event>")


@bp.get("/")
def home():
    return render_template("events/home.html", event=g.event)


@bp.get("/tracks.css")
def tracks_css():
    """Track colours as CSS classes, so pages need no inline styles (see core/security.py)."""
    body = render_template("events/tracks.css", tracks=g.event.tracks)
    response = Response(body, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
